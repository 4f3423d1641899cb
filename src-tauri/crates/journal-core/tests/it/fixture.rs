//! A committed journal of the current schema (`tests/fixtures/v1/journal.sqlite`) opens with
//! its known passphrase and yields exactly the records it was made with. If a change to the
//! formats, the schema or the serialization breaks old journals, this test fails.
//!
//! To make the fixture again (only when the schema version is bumped, as a new file beside it):
//! `UPDATE_FIXTURE=1 cargo test -p journal-core --test it fixture::`. Without the variable, the
//! same writer runs into a temporary folder, so it is tested on every run and never rots.

use std::path::PathBuf;

use crate::common::*;
use chrono::NaiveTime;
use journal_core::*;
use uuid::Uuid;

const FIXTURE_PASSPHRASE: &str = "fixture passphrase v1";

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1")
}

fn expected_meeting() -> Meeting {
    Meeting {
        id: Uuid::from_u128(0x1111),
        date: date(2026, 3, 14),
        start_time: NaiveTime::from_hms_opt(19, 0, 0),
        duration_minutes: Some(60),
        name: "Just for Tuesday".into(),
        group: "Serenity Group".into(),
        formats: vec![MeetingFormat::Closed, MeetingFormat::StepStudy],
        attendance: Attendance::Online,
        place: "Café Élan".into(),
        service_role: "Coffee".into(),
        shared: true,
        notes: "Heard my story in someone else's share.".into(),
    }
}

fn expected_entry() -> JournalEntry {
    JournalEntry {
        id: Uuid::from_u128(0x2222),
        date: date(2026, 3, 15),
        text: "A good day. 🌤".into(),
        feelings: vec!["hopeful".into(), "tired".into()],
        craving: Some(2),
        gratitude: vec!["my sponsor".into(), "the bus driver".into(), "tea".into()],
    }
}

fn expected_clean_date() -> CleanDate {
    CleanDate {
        id: Uuid::from_u128(0x3333),
        date: date(2024, 2, 29),
        note: String::new(),
        recorded_on: date(2026, 3, 1),
    }
}

/// Write the fixture journal into `dir`: the three records, locked, with no WAL or SHM beside.
fn write_fixture(dir: &std::path::Path) {
    let _ = std::fs::remove_dir_all(dir);
    let Created { mut journal, .. } =
        Journal::create(dir, &pass(FIXTURE_PASSPHRASE), params()).unwrap();
    let t = date(2026, 3, 20);
    journal.save(expected_meeting(), t).unwrap();
    journal.save(expected_entry(), t).unwrap();
    journal.save(expected_clean_date(), t).unwrap();
    journal.lock().unwrap();
    for extra in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.join(format!("{FILE_NAME}{extra}")));
    }
}

/// Open a copy of the journal file in `dir` (opening writes WAL files; the original is never
/// touched) and check it yields exactly the fixture's records and only its passphrase opens it.
fn check_fixture(dir: &std::path::Path) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(dir.join(FILE_NAME), tmp.path().join(FILE_NAME)).unwrap();
    let j = Journal::unlock(tmp.path(), &pass(FIXTURE_PASSPHRASE)).unwrap();
    assert!(j.damaged().is_empty());
    assert_eq!(
        j.all::<Meeting>().collect::<Vec<_>>(),
        [&expected_meeting()]
    );
    assert_eq!(
        j.all::<JournalEntry>().collect::<Vec<_>>(),
        [&expected_entry()]
    );
    assert_eq!(j.clean_dates(), [expected_clean_date()]);
    let ct = j.clean_time(date(2026, 3, 20)).unwrap();
    assert_eq!(ct.total_days, 750);
    drop(j);
    assert!(matches!(
        Journal::unlock(tmp.path(), &pass("fixture passphrase v2")),
        Err(JournalError::WrongPassphrase)
    ));
}

#[test]
fn fixture_writer_makes_a_journal_with_exact_records() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = if std::env::var("UPDATE_FIXTURE").as_deref() == Ok("1") {
        fixture_dir()
    } else {
        tmp.path().join("v1")
    };
    write_fixture(&dir);
    check_fixture(&dir);
}

#[test]
fn committed_fixture_opens_and_yields_exact_records() {
    check_fixture(&fixture_dir());
}
