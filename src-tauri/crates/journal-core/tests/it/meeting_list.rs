//! Importing a BMLT meeting list (hand-written fixtures in tests/fixtures/bmlt, invented
//! meetings): decoding, reimport without touching attendance, and refusing bad files whole.

use std::path::PathBuf;

use crate::common::*;
use chrono::NaiveTime;
use journal_core::*;

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf = [
        env!("CARGO_MANIFEST_DIR"),
        "tests",
        "fixtures",
        "bmlt",
        name,
    ]
    .iter()
    .collect();
    std::fs::read(path).unwrap()
}

fn by_name(j: &Journal, name: &str) -> ListedMeeting {
    j.meeting_list("", None)
        .into_iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("{name} not listed"))
}

#[test]
fn a_list_with_formats_becomes_meetings_to_pick_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    let summary = j
        .import_meeting_list(
            &fixture("search_results.json"),
            Some(&fixture("formats.json")),
            today(),
        )
        .unwrap();
    assert_eq!(
        summary,
        MeetingListSummary {
            added: 6,
            updated: 0,
            unchanged: 0,
            removed: 0,
            total: 6,
            skipped_unpublished: 1
        }
    );
    let harbour = by_name(&j, "Hope on Harbour Street");
    assert_eq!(harbour.weekday, 1, "BMLT 2 (Monday) is ISO 1");
    assert_eq!(harbour.start_time, NaiveTime::from_hms_opt(19, 30, 0));
    assert_eq!(harbour.duration_minutes, Some(90));
    assert_eq!(
        harbour.place,
        "Old Boathouse, 12 Harbour Street, Portmere (Side door, up the stairs)"
    );
    assert_eq!(harbour.attendance, Attendance::InPerson);
    assert_eq!(harbour.format_names, ["Open", "Discussion", "Basic Text"]);
    assert_eq!(
        harbour.formats,
        [
            MeetingFormat::Open,
            MeetingFormat::Discussion,
            MeetingFormat::Literature
        ]
    );
    assert_eq!(harbour.source_id, "1001");
    assert_eq!(harbour.source, "BMLT service body 12");

    let morning = by_name(&j, "Morning Serenity");
    assert_eq!(morning.weekday, 7, "BMLT 1 (Sunday) is ISO 7");
    assert_eq!(morning.attendance, Attendance::Online);
    assert_eq!(
        morning.online_link,
        "https://meet.example.invalid/j/5550001?pwd=abc"
    );
    assert!(morning.phone.starts_with("+44"));
    assert_eq!(morning.format_names, ["Closed", "Just for Today"]);

    let steps = by_name(&j, "Steps at Seven");
    assert_eq!(steps.attendance, Attendance::Hybrid);
    assert_eq!(
        steps.start_time,
        NaiveTime::from_hms_opt(19, 0, 0),
        "HH:MM accepted"
    );
    assert_eq!(
        steps.formats,
        [
            MeetingFormat::Closed,
            MeetingFormat::StepStudy,
            MeetingFormat::Newcomer
        ]
    );
    let candle = by_name(&j, "Candlelight Fellowship");
    assert_eq!(candle.duration_minutes, None, "00:00:00 is no duration");
    assert!(candle.formats.contains(&MeetingFormat::Candlelight));
    // Numbers where BMLT usually writes strings are fine.
    let thursday = by_name(&j, "Living Clean on Thursday");
    assert_eq!(thursday.weekday, 4);
    assert_eq!(thursday.source_id, "1007");

    // Picking: search and weekday.
    assert_eq!(j.meeting_list("portmere", None).len(), 2);
    assert_eq!(j.meeting_list("just today", None).len(), 1);
    assert_eq!(j.meeting_list("", Some(1)).len(), 1);
    let monday = date(2026, 11, 16);
    assert_eq!(
        j.meetings_listed_on(monday)[0].name,
        "Hope on Harbour Street"
    );
    let ordered: Vec<u8> = j.meeting_list("", None).iter().map(|m| m.weekday).collect();
    assert!(ordered.windows(2).all(|w| w[0] <= w[1]));

    // Two clicks: prefill, save.
    let logged = j.save(harbour.meeting_on(monday), today()).unwrap();
    assert_eq!(logged.name, "Hope on Harbour Street");
    assert_eq!(logged.date, monday);
    assert_eq!(logged.duration_minutes, Some(90));
    let online = morning.meeting_on(date(2026, 11, 15));
    assert_eq!(
        online.place, "",
        "an online meeting has no place, in any language"
    );
    assert_eq!(online.attendance, Attendance::Online);
    // Earlier versions stored the English word as the place; it reads as no place now.
    let mut legacy = online.clone();
    legacy.place = "Online".to_owned();
    let legacy = j.save(legacy, today()).unwrap();
    let mut typed = online.clone();
    typed.attendance = Attendance::InPerson;
    typed.place = "Online".to_owned();
    let typed = j.save(typed, today()).unwrap();

    // The list survives a new master key and a relock (it is stored, encrypted).
    j.new_recovery_key(&pass(PASSPHRASE), chrono::Utc::now())
        .unwrap();
    j.lock().unwrap();
    let j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    assert_eq!(j.meeting_list("", None).len(), 6);
    assert_eq!(j.meeting_list_count(), 6);
    let meetings = j.meetings(&MeetingFilter::default());
    assert_eq!(meetings.len(), 3);
    let place_of = |id| {
        meetings
            .iter()
            .find(|m| m.id == id)
            .map(|m| m.place.as_str())
    };
    assert_eq!(place_of(legacy.id), Some(""));
    assert_eq!(
        place_of(typed.id),
        Some("Online"),
        "a place the member typed is theirs"
    );
}

#[test]
fn reimport_updates_the_list_and_never_touches_attendance() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    let formats = fixture("formats.json");
    j.import_meeting_list(&fixture("search_results.json"), Some(&formats), today())
        .unwrap();
    let speaker = by_name(&j, "Speaker Jam");
    let morning_before = by_name(&j, "Morning Serenity");
    let attended = j
        .save(speaker.meeting_on(date(2026, 11, 14)), today())
        .unwrap();

    let summary = j
        .import_meeting_list(
            &fixture("search_results_later.json"),
            Some(&formats),
            today(),
        )
        .unwrap();
    assert_eq!(
        (
            summary.added,
            summary.updated,
            summary.unchanged,
            summary.removed,
            summary.total
        ),
        (1, 1, 4, 1, 6)
    );
    let morning = by_name(&j, "Morning Serenity");
    assert_eq!(morning.start_time, NaiveTime::from_hms_opt(8, 30, 0));
    assert_eq!(
        morning.id, morning_before.id,
        "an updated meeting keeps its identity"
    );
    assert!(j.meeting_list("speaker jam", None).is_empty());
    by_name(&j, "Just for Today Lunch");
    // The meeting attended at the closed group is still in the journal, unchanged.
    assert_eq!(j.get::<Meeting>(attended.id), Some(&attended));

    // The same file again changes nothing.
    let again = j
        .import_meeting_list(
            &fixture("search_results_later.json"),
            Some(&formats),
            today(),
        )
        .unwrap();
    assert_eq!(
        (again.added, again.updated, again.removed, again.unchanged),
        (0, 0, 0, 6)
    );

    assert_eq!(j.clear_meeting_list(today()).unwrap(), 6);
    assert!(j.meeting_list("", None).is_empty());
    assert_eq!(j.get::<Meeting>(attended.id), Some(&attended));
}

#[test]
fn without_a_formats_file_the_codes_are_kept_and_known_ones_mapped() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    j.import_meeting_list(&fixture("search_results.json"), None, today())
        .unwrap();
    let harbour = by_name(&j, "Hope on Harbour Street");
    assert_eq!(harbour.format_names, ["O", "D", "BT"]);
    assert_eq!(
        harbour.formats,
        [
            MeetingFormat::Open,
            MeetingFormat::Discussion,
            MeetingFormat::Literature
        ]
    );
    // A search result with its formats inside (BMLT's get_used_formats) decodes them too.
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    j.import_meeting_list(&fixture("search_results_with_formats.json"), None, today())
        .unwrap();
    assert_eq!(
        by_name(&j, "Hope on Harbour Street").format_names,
        ["Open", "Discussion", "Basic Text"]
    );
}

#[test]
fn bad_lists_are_refused_whole_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    let formats = fixture("formats.json");
    j.import_meeting_list(&fixture("search_results.json"), Some(&formats), today())
        .unwrap();
    let before = j.meeting_list("", None);
    let good: serde_json::Value = serde_json::from_slice(&fixture("search_results.json")).unwrap();
    let with = |i: usize, key: &str, value: serde_json::Value| {
        let mut d = good.clone();
        d[i][key] = value;
        serde_json::to_vec(&d).unwrap()
    };
    // (what, list, formats, error, meeting named)
    type Case<'a> = (&'a str, Vec<u8>, Option<&'a [u8]>, ErrorCode, Option<u32>);
    let cases: Vec<Case> = vec![
        (
            "not json",
            b"<html>".to_vec(),
            None,
            ErrorCode::MeetingListMalformed,
            None,
        ),
        (
            "an object",
            b"{\"a\":1}".to_vec(),
            None,
            ErrorCode::MeetingListMalformed,
            None,
        ),
        (
            "no meetings",
            b"[]".to_vec(),
            None,
            ErrorCode::MeetingListMalformed,
            None,
        ),
        (
            "a string",
            b"[\"x\"]".to_vec(),
            None,
            ErrorCode::MeetingListMalformed,
            Some(1),
        ),
        (
            "weekday 8",
            with(2, "weekday_tinyint", "8".into()),
            None,
            ErrorCode::MeetingListMalformed,
            Some(3),
        ),
        (
            "no id",
            with(3, "id_bigint", serde_json::Value::Null),
            None,
            ErrorCode::MeetingListMalformed,
            Some(4),
        ),
        (
            "a nested name",
            with(0, "meeting_name", serde_json::json!({"x": 1})),
            None,
            ErrorCode::MeetingListMalformed,
            Some(1),
        ),
        (
            "a bad time",
            with(1, "start_time", "half past seven".into()),
            None,
            ErrorCode::MeetingListMalformed,
            Some(2),
        ),
        (
            "bad formats file",
            fixture("search_results_later.json"),
            Some(b"{\"no\": true}".as_slice()),
            ErrorCode::MeetingListMalformed,
            None,
        ),
    ];
    for (what, bytes, fmts, code, at) in cases {
        let err = j.import_meeting_list(&bytes, fmts, today()).unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err:?}");
        if let JournalError::MeetingListMalformed { meeting } = err {
            assert_eq!(meeting, at, "{what}");
        }
        assert_eq!(j.meeting_list("", None), before, "{what}: the list changed");
    }
    // Too large, in bytes and in meetings.
    let mut huge = b"[".to_vec();
    huge.resize(MEETING_LIST_MAX_BYTES + 10, b' ');
    huge.push(b']');
    assert_eq!(
        j.import_meeting_list(&huge, None, today())
            .unwrap_err()
            .code(),
        ErrorCode::ImportTooLarge
    );
    let many: Vec<serde_json::Value> = (0..=MEETING_LIST_MAX_MEETINGS)
        .map(|i| serde_json::json!({"id_bigint": i, "meeting_name": "m", "weekday_tinyint": 1}))
        .collect();
    assert_eq!(
        j.import_meeting_list(&serde_json::to_vec(&many).unwrap(), None, today())
            .unwrap_err()
            .code(),
        ErrorCode::ImportTooLarge
    );
    assert_eq!(j.meeting_list("", None), before);
}

#[test]
fn overlong_text_is_cut_and_overlong_links_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    let list = serde_json::json!([{
        "id_bigint": "9",
        "meeting_name": "N".repeat(500),
        "weekday_tinyint": "3",
        "location_text": "P".repeat(500),
        "virtual_meeting_link": format!("https://x.invalid/{}", "q".repeat(3000)),
        "root_server_id": "7",
        "unknown_field": {"anything": [1, 2]}
    }]);
    j.import_meeting_list(&serde_json::to_vec(&list).unwrap(), None, today())
        .unwrap();
    let m = &j.meeting_list("", None)[0];
    assert_eq!(m.name.chars().count(), SHORT_TEXT_MAX);
    assert_eq!(m.place.chars().count(), SHORT_TEXT_MAX);
    assert_eq!(m.online_link, "");
    assert_eq!(m.source_id, "7:9");
    assert_eq!(m.source, "BMLT root server 7");
    assert_eq!(m.weekday, 2);
}
