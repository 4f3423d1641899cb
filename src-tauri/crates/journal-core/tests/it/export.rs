//! Exports: the JSON round trip loses nothing, import is all-or-nothing into an empty journal,
//! CSV is quoted and defused, Markdown holds the step work, files are written privately.

use std::fs;
use std::os::unix::fs::PermissionsExt;

use crate::common::*;
use chrono::{NaiveTime, TimeZone, Utc};
use journal_core::*;
use uuid::Uuid;

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 12, 0, 0).unwrap()
}

fn listed() -> ListedMeeting {
    ListedMeeting {
        id: Uuid::nil(),
        source_id: "4711".into(),
        source: "imported".into(),
        name: "Hope on Harbour Street".into(),
        weekday: 3,
        start_time: NaiveTime::from_hms_opt(19, 0, 0),
        duration_minutes: Some(60),
        place: "Old Boathouse, 12 Harbour Street, Portmere".into(),
        online_link: String::new(),
        phone: String::new(),
        attendance: Attendance::InPerson,
        formats: vec![MeetingFormat::Open],
        format_names: vec!["Open".into(), "Wheelchair access".into()],
        imported_on: today(),
    }
}

fn full_journal(dir: &std::path::Path) -> Journal {
    let mut j = new_journal(dir).journal;
    write_everything(&mut j, "ünïcode \"quoted\", commas\nand lines");
    j.save(listed(), today()).unwrap();
    j.set_step_status(4, StepStatus::Working, today()).unwrap();
    j
}

#[test]
fn json_round_trip_loses_nothing() {
    let a_dir = tempfile::tempdir().unwrap();
    let a = full_journal(a_dir.path());
    let exported = a.export_json(now()).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&exported).unwrap();
    assert_eq!(doc["format"], "recovery-journal-export");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["exportedAt"], "2026-11-21T12:00:00Z");
    assert_eq!(
        doc["records"]["listedMeetings"][0]["name"],
        "Hope on Harbour Street"
    );

    let b_dir = tempfile::tempdir().unwrap();
    let mut b = new_journal(b_dir.path()).journal;
    let summary = b.import_json(&exported, today()).unwrap();
    assert_eq!(summary.records, 14);
    // Every record of every kind is equal, field by field: the exports are byte-identical.
    assert_eq!(b.export_json(now()).unwrap(), exported);
    // And it is on disk, not only in memory.
    b.lock().unwrap();
    let b = Journal::unlock(b_dir.path(), &pass(PASSPHRASE)).unwrap();
    assert_eq!(b.export_json(now()).unwrap(), exported);
    assert_eq!(b.dashboard(today()), a.dashboard(today()));
    assert_eq!(b.settings(), a.settings());
}

#[test]
fn import_only_into_an_empty_journal() {
    let a_dir = tempfile::tempdir().unwrap();
    let exported = full_journal(a_dir.path()).export_json(now()).unwrap();
    let b_dir = tempfile::tempdir().unwrap();
    let mut b = new_journal(b_dir.path()).journal;
    // Settings alone do not make a journal non-empty.
    b.save(Settings::default(), today()).unwrap();
    b.set_clean_date(date(2020, 5, 5), "", today()).unwrap();
    let err = b.import_json(&exported, today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotEmpty);
    assert_eq!(b.clean_dates().len(), 1);
}

#[test]
fn bad_imports_are_refused_and_write_nothing() {
    let a_dir = tempfile::tempdir().unwrap();
    let exported = full_journal(a_dir.path()).export_json(now()).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&exported).unwrap();
    let with = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut d = doc.clone();
        f(&mut d);
        serde_json::to_vec(&d).unwrap()
    };
    let cases: Vec<(&str, Vec<u8>, ErrorCode)> = vec![
        ("not json", b"{{{".to_vec(), ErrorCode::ImportMalformed),
        ("empty", vec![], ErrorCode::ImportMalformed),
        (
            "cut short",
            exported[..exported.len() / 2].to_vec(),
            ErrorCode::ImportMalformed,
        ),
        (
            "another format",
            with(&|d| d["format"] = "something-else".into()),
            ErrorCode::ImportMalformed,
        ),
        (
            "newer",
            with(&|d| d["version"] = 2.into()),
            ErrorCode::NewerVersion,
        ),
        (
            "unknown kind",
            with(&|d| d["records"]["dreams"] = serde_json::json!([])),
            ErrorCode::ImportMalformed,
        ),
        (
            "unknown field",
            with(&|d| d["records"]["meetings"][0]["mood"] = "x".into()),
            ErrorCode::ImportMalformed,
        ),
        (
            "repeated id",
            with(&|d| {
                let id = d["records"]["meetings"][0]["id"].clone();
                d["records"]["contacts"][0]["id"] = id;
            }),
            ErrorCode::ImportMalformed,
        ),
        (
            "nil id",
            with(&|d| d["records"]["meetings"][0]["id"] = Uuid::nil().to_string().into()),
            ErrorCode::ImportMalformed,
        ),
        (
            // The last record in write order fails validation: nothing before it is written.
            "invalid record",
            with(&|d| d["records"]["listedMeetings"][0]["weekday"] = 9.into()),
            ErrorCode::Invalid,
        ),
        (
            "future date",
            with(&|d| d["records"]["journalEntries"][0]["date"] = "2030-01-01".into()),
            ErrorCode::Invalid,
        ),
    ];
    let b_dir = tempfile::tempdir().unwrap();
    let mut b = new_journal(b_dir.path()).journal;
    for (what, bytes, code) in cases {
        let err = b.import_json(&bytes, today()).unwrap_err();
        assert_eq!(err.code(), code, "{what}: {err:?}");
        assert_eq!(
            b.export_json(now()).unwrap(),
            new_empty_export(),
            "{what}: something was written"
        );
    }
    b.lock().unwrap();
    let b = Journal::unlock(b_dir.path(), &pass(PASSPHRASE)).unwrap();
    assert_eq!(b.export_json(now()).unwrap(), new_empty_export());
}

fn new_empty_export() -> Vec<u8> {
    let d = tempfile::tempdir().unwrap();
    new_journal(d.path()).journal.export_json(now()).unwrap()
}

#[test]
fn huge_imports_are_refused_before_reading() {
    let b_dir = tempfile::tempdir().unwrap();
    let mut b = new_journal(b_dir.path()).journal;
    let huge = vec![b' '; IMPORT_MAX_BYTES + 1];
    let err = b.import_json(&huge, today()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::ImportTooLarge);
    assert!(matches!(err, JournalError::ImportTooLarge { max_mib: 256 }));
}

fn meeting(day: u32, name: &str, notes: &str) -> Meeting {
    Meeting {
        id: Uuid::nil(),
        date: date(2026, 10, day),
        start_time: NaiveTime::from_hms_opt(18, 30, 0),
        duration_minutes: Some(60),
        name: name.into(),
        group: "Tuesday Group".into(),
        formats: vec![MeetingFormat::Closed, MeetingFormat::StepStudy],
        attendance: Attendance::Online,
        place: String::new(),
        service_role: String::new(),
        shared: day.is_multiple_of(2),
        notes: notes.into(),
    }
}

#[test]
fn meetings_csv_is_quoted_defused_and_limited_to_the_range() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    j.save(meeting(1, "Before the range", ""), today()).unwrap();
    j.save(
        meeting(5, "=HYPERLINK(\"http://x\")", "said \"hi\", then\nleft"),
        today(),
    )
    .unwrap();
    j.save(meeting(3, "-2+3", "@sum"), today()).unwrap();
    j.save(meeting(20, "After the range", ""), today()).unwrap();
    let csv = j
        .export_meetings_csv(date(2026, 10, 2), date(2026, 10, 10), &EN)
        .unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Date,Start time,Minutes,Name,Group,Formats,Attended,Place,Service,Shared,Notes"
    );
    assert_eq!(
        lines[1],
        "2026-10-03,18:30,60,'-2+3,Tuesday Group,Closed; Step study,Online,,,no,'@sum"
    );
    assert_eq!(
        lines[2],
        "2026-10-05,18:30,60,\"'=HYPERLINK(\"\"http://x\"\")\",Tuesday Group,Closed; Step study,Online,,,no,\"said \"\"hi\"\", then\nleft\""
    );
    assert_eq!(lines[3], "");
    assert_eq!(lines.len(), 4);
    assert!(!csv.contains("Before the range") && !csv.contains("After the range"));
    let err = j
        .export_meetings_csv(date(2026, 10, 10), date(2026, 10, 2), &EN)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);

    // In Spanish: the words change, the dates and times stay ISO for spreadsheets.
    let csv = j
        .export_meetings_csv(date(2026, 10, 2), date(2026, 10, 4), &ES)
        .unwrap();
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Fecha,Hora de inicio,Minutos,Nombre,Grupo,Formatos,Asistencia,Lugar,Servicio,Compartí,Notas",
        "{csv}"
    );
    assert!(
        lines[1].starts_with("2026-10-03,18:30,60,'-2+3,Tuesday Group,"),
        "{csv}"
    );
    assert!(
        lines[1].ends_with(",Cerrada; Estudio de pasos,En línea,,,no,'@sum"),
        "{csv}"
    );
}

#[test]
fn steps_markdown_holds_the_step_work() {
    let dir = tempfile::tempdir().unwrap();
    let j = full_journal(dir.path());
    let three = j.export_steps_markdown(Some(3), &EN).unwrap();
    assert!(three.starts_with("# Step 3\n"));
    assert!(three.contains("question ünïcode"));
    assert!(three.contains("answer ünïcode"));
    assert!(three.contains("(from my sponsor)"));
    assert!(!three.contains("# Step 4"));
    let all = j.export_steps_markdown(None, &EN).unwrap();
    for n in 1..=12 {
        assert!(all.contains(&format!("## Step {n}\n")), "step {n}");
    }
    for text in [
        "note ünïcode",
        "who ünïcode",
        "part ünïcode",
        "person ünïcode",
        "harm ünïcode",
        "well ünïcode",
        "principle ünïcode",
    ] {
        assert!(all.contains(text), "{text}");
    }
    assert_eq!(
        j.export_steps_markdown(Some(13), &EN).unwrap_err().code(),
        ErrorCode::Invalid
    );
    // In Spanish: headings, the step's summary and the dates are Spanish; the member's own
    // words are as written.
    let tres = j.export_steps_markdown(Some(3), &ES).unwrap();
    assert!(tres.starts_with("# Paso 3\n"), "{tres}");
    assert!(tres.contains("answer ünïcode"));
    assert!(
        !tres.contains("Status") && !tres.contains("from my sponsor"),
        "{tres}"
    );
    assert!(
        tres.contains(&ES.text("steps.about.3.summary", &[])),
        "{tres}"
    );
}

const EN: Words = Words::new(Language::En);
const ES: Words = Words::new(Language::Es);

#[test]
fn plaintext_files_are_written_privately_and_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("steps.md");
    fs::write(&path, "older export").unwrap();
    write_private_file(&path, b"# Step 1\n").unwrap();
    assert_eq!(fs::read(&path).unwrap(), b"# Step 1\n");
    assert_eq!(
        fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left"
    );
    assert!(write_private_file(&dir.path().join("missing/x.md"), b"x").is_err());
    assert!(write_private_file(dir.path(), b"x").is_err());
}
