//! Fuzzing on stable Rust for every importer: the JSON import, the BMLT meeting-list import and
//! the backup restore never panic, on random bytes or on a valid file with bytes flipped, cut
//! or inserted; and when they refuse, nothing changed.
//!
//! The test command runs the default number of cases (256 for the two JSON importers, 48 for
//! restore, which copies and opens a file per case). A longer run:
//! `PROPTEST_CASES=100000 cargo test --release -p journal-core --test it importer_props::`.
//! A failing case is saved under `proptest-regressions/` and must be committed.

use std::path::Path;

use crate::common::*;
use journal_core::*;
use proptest::prelude::*;

/// A valid input with one kind of damage.
#[derive(Debug, Clone)]
enum Damage {
    /// Flip bits of the byte at this position (mod len).
    Flip(usize, u8),
    /// Keep only this many bytes (mod len).
    Cut(usize),
    /// Insert these bytes at this position (mod len).
    Insert(usize, Vec<u8>),
    /// Replace the byte at this position (mod len) with one that matters to JSON.
    Syntax(usize, u8),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(i, x)| Damage::Flip(i, x)),
        any::<usize>().prop_map(Damage::Cut),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(i, b)| Damage::Insert(i, b)),
        (
            any::<usize>(),
            prop::sample::select(b"{}[]\",:0-9en\\ ".to_vec())
        )
            .prop_map(|(i, b)| Damage::Syntax(i, b)),
    ]
}

fn apply(valid: &[u8], d: &Damage) -> Vec<u8> {
    let mut out = valid.to_vec();
    let n = out.len().max(1);
    match d {
        Damage::Flip(i, x) => {
            if let Some(b) = out.get_mut(i % n) {
                *b ^= x;
            }
        }
        Damage::Cut(i) => out.truncate(i % n),
        Damage::Insert(i, bytes) => {
            let at = i % n;
            out.splice(at..at, bytes.iter().copied());
        }
        Damage::Syntax(i, b) => {
            if let Some(x) = out.get_mut(i % n) {
                *x = *b;
            }
        }
    }
    out
}

/// A journal with one record of every kind, exported as JSON.
fn valid_export() -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    write_everything(&mut j, "fuzz");
    j.export_json(chrono::Utc::now()).unwrap()
}

/// The JSON import into an empty journal: Ok (the damage kept it valid) or an error; after an
/// error the journal is still empty, and it always still locks and unlocks.
fn check_import(j: &mut Journal, bytes: &[u8]) -> bool {
    let before = j.export_json(chrono::Utc::now()).unwrap();
    match j.import_json(bytes, today()) {
        Ok(_) => true,
        Err(_) => {
            let after = j.export_json(chrono::Utc::now()).unwrap();
            let strip = |b: &[u8]| {
                let mut v: serde_json::Value = serde_json::from_slice(b).unwrap();
                v["exportedAt"] = serde_json::Value::Null;
                v
            };
            assert_eq!(
                strip(&before),
                strip(&after),
                "a refused import changed the journal"
            );
            false
        }
    }
}

proptest! {
    #[test]
    fn json_import_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let dir = tempfile::tempdir().unwrap();
        let mut j = new_journal(dir.path()).journal;
        prop_assert!(!check_import(&mut j, &bytes));
    }
}

proptest! {
    #[test]
    fn json_import_never_panics_on_damaged_exports(d in damage()) {
        thread_local! {
            static VALID: Vec<u8> = valid_export();
        }
        let bytes = VALID.with(|v| apply(v, &d));
        let dir = tempfile::tempdir().unwrap();
        let mut j = new_journal(dir.path()).journal;
        if check_import(&mut j, &bytes) {
            // Still valid after the damage: what was imported survives a lock.
            j.lock().unwrap();
            Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
        }
    }
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/bmlt")
            .join(name),
    )
    .unwrap()
}

/// The meeting-list import: a refusal leaves the list as it was.
fn check_list(j: &mut Journal, list: &[u8], formats: Option<&[u8]>) {
    let before = j.meeting_list("", None);
    if j.import_meeting_list(list, formats, today()).is_err() {
        assert_eq!(
            before,
            j.meeting_list("", None),
            "a refused list changed the list"
        );
    }
}

proptest! {
    #[test]
    fn meeting_list_import_never_panics(
        list in proptest::collection::vec(any::<u8>(), 0..2048),
        formats in proptest::option::of(proptest::collection::vec(any::<u8>(), 0..512)),
        d in damage(),
        df in damage(),
    ) {
        thread_local! {
            static JOURNAL: std::cell::RefCell<(tempfile::TempDir, Journal)> = {
                let dir = tempfile::tempdir().unwrap();
                let j = new_journal(dir.path()).journal;
                std::cell::RefCell::new((dir, j))
            };
        }
        JOURNAL.with(|cell| {
            let (_, j) = &mut *cell.borrow_mut();
            check_list(j, &list, formats.as_deref());
            let valid_list = fixture("search_results.json");
            let valid_formats = fixture("formats.json");
            check_list(j, &apply(&valid_list, &d), Some(&apply(&valid_formats, &df)));
            check_list(j, &apply(&valid_list, &d), None);
        });
    }
}

/// A restore from a damaged or random file: refused or checked, never a panic; a refusal
/// leaves the journal folder as it was.
fn check_restore(dir: &Path, file: &[u8]) {
    let listing = |d: &Path| {
        let mut names: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let before = listing(dir);
    let journal_before = std::fs::read(dir.join(FILE_NAME)).unwrap();
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("backup.jbackup");
    std::fs::write(&path, file).unwrap();
    let staged = StagedRestore::prepare(dir, &path, RestoreSecret::Passphrase(pass(PASSPHRASE)));
    drop(staged);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        file,
        "the chosen file was changed"
    );
    assert_eq!(
        listing(dir),
        before,
        "files were left in the journal folder"
    );
    assert_eq!(
        std::fs::read(dir.join(FILE_NAME)).unwrap(),
        journal_before,
        "the journal was changed"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(48),
        ..ProptestConfig::default()
    })]
    #[test]
    fn restore_never_panics(d in damage(), random in proptest::collection::vec(any::<u8>(), 0..4096)) {
        thread_local! {
            static SETUP: (tempfile::TempDir, Vec<u8>) = {
                let dir = tempfile::tempdir().unwrap();
                let mut j = new_journal(dir.path()).journal;
                write_everything(&mut j, "fuzz");
                let work = tempfile::tempdir().unwrap();
                let backup = work.path().join("b.jbackup");
                j.back_up_to(&backup).unwrap();
                let bytes = std::fs::read(&backup).unwrap();
                j.lock().unwrap();
                (dir, bytes)
            };
        }
        SETUP.with(|(dir, valid)| {
            check_restore(dir.path(), &apply(valid, &d));
            check_restore(dir.path(), &random);
        });
    }
}
