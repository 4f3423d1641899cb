//! A canary phrase written into every kind of record is found nowhere in the journal's files:
//! not in the database, its WAL or its shared-memory file, whether the journal is open or locked.

use std::path::Path;

use crate::common::*;
use journal_core::*;

const CANARY: &str = "Zebracanary7731";

fn needles() -> Vec<(String, Vec<u8>)> {
    let utf16: Vec<u8> = CANARY.encode_utf16().flat_map(u16::to_le_bytes).collect();
    // Dates too: the clean date and contact dates are user data.
    vec![
        ("utf-8".into(), CANARY.as_bytes().to_vec()),
        ("utf-16le".into(), utf16),
        ("lower".into(), CANARY.to_lowercase().into_bytes()),
        ("a date".into(), b"2024-02-29".to_vec()),
        ("a phone".into(), format!("555 {CANARY}").into_bytes()),
    ]
}

fn scan(dir: &Path) -> Vec<String> {
    let mut hits = Vec::new();
    let mut scanned = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        scanned += 1;
        for (name, needle) in needles() {
            if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
                hits.push(format!("{name} in {}", path.display()));
            }
        }
    }
    assert!(scanned >= 1);
    hits
}

#[test]
fn no_plaintext_in_database_wal_or_shm() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    write_everything(&mut journal, CANARY);
    // Edit and delete some, so old versions pass through the WAL and free pages.
    let entry = journal.journal_entries().remove(0);
    journal.delete::<JournalEntry>(entry.id).unwrap();
    write_everything(&mut journal, CANARY);
    assert!(!journal.search(CANARY, 10).is_empty());
    // While unlocked, the WAL holds every write.
    let wal = dir.path().join(format!("{FILE_NAME}-wal"));
    assert!(std::fs::metadata(&wal).unwrap().len() > 0);
    assert_eq!(scan(dir.path()), Vec::<String>::new());
    journal.lock().unwrap();
    assert_eq!(scan(dir.path()), Vec::<String>::new());
    // The WAL was truncated on lock.
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
}

#[test]
fn the_scan_would_find_plaintext() {
    // Guard against a scan that can never fail.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x"), format!("..{CANARY}..")).unwrap();
    assert_eq!(scan(dir.path()).len(), 1, "the utf-8 needle");
    let utf16: Vec<u8> = CANARY.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.path().join("x"), utf16).unwrap();
    assert_eq!(scan(dir.path()).len(), 1, "the utf-16 needle");
}
