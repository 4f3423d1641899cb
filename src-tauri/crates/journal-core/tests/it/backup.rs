//! Backups and restore through the public API, on real files: a backup opens elsewhere with the
//! same secrets, holds no plaintext, rotates, and a restore checks everything before it
//! replaces anything.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use crate::common::*;
use chrono::{DateTime, TimeZone, Utc};
use journal_core::*;
use rusqlite::Connection;

fn at(h: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 8, 0, 0).unwrap() + chrono::Duration::hours(h)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn journal_with(dir: &Path, text: &str) -> (Journal, SecretString) {
    let Created {
        mut journal,
        recovery_key,
    } = new_journal(dir);
    write_everything(&mut journal, text);
    (journal, recovery_key)
}

/// Put `backup` as the journal of a fresh folder, as a member on a new computer would.
fn as_journal_elsewhere(backup: &Path) -> tempfile::TempDir {
    let other = tempfile::tempdir().unwrap();
    fs::copy(backup, other.path().join(FILE_NAME)).unwrap();
    other
}

fn entries_texts(j: &Journal) -> Vec<String> {
    let mut v: Vec<String> = j.journal_entries().into_iter().map(|e| e.text).collect();
    v.sort();
    v
}

#[test]
fn back_up_now_opens_on_another_computer_with_the_passphrase_or_the_recovery_key() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, recovery_key) = journal_with(dir.path(), "kiwi");
    let usb = tempfile::tempdir().unwrap();
    let target = usb.path().join("my journal.backup");
    let info = journal.back_up_to(&target).unwrap();
    assert_eq!(info.records, 12);
    assert_eq!(info.damaged, 0);
    assert_eq!(info.latest_date, Some(today()));
    assert!(
        info.counts
            .iter()
            .any(|c| c.kind == RecordKind::Meeting && c.count == 1)
    );
    // Only the backup itself on the stick: no temp file, no -wal or -shm beside it.
    assert_eq!(names(usb.path()), ["my journal.backup"]);
    assert_eq!(
        fs::metadata(&target).unwrap().permissions().mode() & 0o777,
        0o600
    );

    let before = journal.dashboard(today());
    let other = as_journal_elsewhere(&target);
    let copy = Journal::unlock(other.path(), &pass(PASSPHRASE)).unwrap();
    assert!(copy.damaged().is_empty());
    assert_eq!(copy.dashboard(today()), before);
    assert_eq!(entries_texts(&copy), entries_texts(&journal));
    drop(copy);

    let other = as_journal_elsewhere(&target);
    let copy =
        Journal::unlock_with_recovery_key(other.path(), &recovery_key, &pass("brand new words"))
            .unwrap();
    assert_eq!(copy.settings(), journal.settings());
}

#[test]
fn a_second_backup_to_the_same_place_replaces_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut journal, _) = journal_with(dir.path(), "fig");
    let usb = tempfile::tempdir().unwrap();
    let target = usb.path().join("j.backup");
    journal.back_up_to(&target).unwrap();
    journal
        .set_clean_date(date(2025, 1, 1), "again", today())
        .unwrap();
    let info = journal.back_up_to(&target).unwrap();
    assert_eq!(info.records, 13);
    let other = as_journal_elsewhere(&target);
    let copy = Journal::unlock(other.path(), &pass(PASSPHRASE)).unwrap();
    assert_eq!(copy.clean_dates().len(), 2);
}

#[test]
fn a_backup_is_never_written_over_the_journal_or_into_a_folder_name() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, _) = journal_with(dir.path(), "lime");
    let file = dir.path().join(FILE_NAME);
    for target in [
        file.clone(),
        dir.path().join(format!("{FILE_NAME}-wal")),
        dir.path().to_path_buf(),
        PathBuf::from("/"),
    ] {
        let err = journal.back_up_to(&target).unwrap_err();
        assert_eq!(err.code(), ErrorCode::BackupTargetInvalid, "{target:?}");
    }
    // A folder that does not exist: an I/O error, nothing created.
    let missing = dir.path().join("nope").join("x.backup");
    assert!(matches!(
        journal.back_up_to(&missing),
        Err(JournalError::Io(_))
    ));
    assert!(!dir.path().join("nope").exists());
}

#[test]
fn backups_hold_no_plaintext() {
    const CANARY: &str = "Quokkacanary5521";
    let dir = tempfile::tempdir().unwrap();
    let (journal, _) = journal_with(dir.path(), CANARY);
    let usb = tempfile::tempdir().unwrap();
    journal.back_up_to(&usb.path().join("b.backup")).unwrap();
    journal.auto_backup(at(0)).unwrap();
    let needles: Vec<Vec<u8>> = vec![
        CANARY.as_bytes().to_vec(),
        CANARY.to_lowercase().into_bytes(),
        CANARY.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        b"2024-02-29".to_vec(),
    ];
    let mut files: Vec<PathBuf> = fs::read_dir(usb.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.extend(
        fs::read_dir(dir.path().join(BACKUPS_DIR))
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    assert_eq!(files.len(), 2);
    for f in files {
        let bytes = fs::read(&f).unwrap();
        for n in &needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n.as_slice()),
                "plaintext in {f:?}"
            );
        }
    }
}

#[test]
fn automatic_backups_follow_the_schedule_and_keep_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let (mut journal, _) = journal_with(dir.path(), "pear");
    // write_everything saved settings without backup fields: the defaults apply.
    assert_eq!(journal.settings().backup_schedule, BackupSchedule::Daily);
    assert_eq!(journal.settings().backups_kept, 7);
    let mut s = journal.settings();
    s.backups_kept = 3;
    journal.save(s, today()).unwrap();

    assert!(journal.backup_due(at(0)).unwrap(), "none taken yet");
    assert!(journal.auto_backup_if_due(at(0)).unwrap().is_some());
    assert!(!journal.backup_due(at(1)).unwrap());
    assert!(journal.auto_backup_if_due(at(23)).unwrap().is_none());
    assert!(journal.backup_due(at(24)).unwrap());
    assert!(journal.backup_due(at(-1)).unwrap(), "clock turned back");
    for day in 1..=4 {
        journal.auto_backup_if_due(at(24 * day)).unwrap().unwrap();
    }
    let kept = list_backups(dir.path()).unwrap();
    assert_eq!(kept.len(), 3);
    assert_eq!(kept[0].taken_at, at(96));
    assert_eq!(kept[2].taken_at, at(48));
    assert_eq!(
        names(&dir.path().join(BACKUPS_DIR)),
        [
            "journal-20261123T080000Z.backup",
            "journal-20261124T080000Z.backup",
            "journal-20261125T080000Z.backup"
        ]
    );
    assert_eq!(
        fs::metadata(dir.path().join(BACKUPS_DIR))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o700
    );
    // Every one of them is a journal that opens.
    let other = as_journal_elsewhere(&kept[2].path);
    assert_eq!(
        Journal::unlock(other.path(), &pass(PASSPHRASE))
            .unwrap()
            .journal_entries()
            .len(),
        1
    );

    let mut s = journal.settings();
    s.backup_schedule = BackupSchedule::Weekly;
    journal.save(s.clone(), today()).unwrap();
    assert!(!journal.backup_due(at(96 + 24 * 6)).unwrap());
    assert!(journal.backup_due(at(96 + 24 * 7)).unwrap());
    s.backup_schedule = BackupSchedule::Off;
    journal.save(s, today()).unwrap();
    assert!(!journal.backup_due(at(10_000)).unwrap());
}

#[test]
fn settings_saved_by_an_older_version_get_the_backup_defaults() {
    let old: Settings =
        serde_json::from_str(r#"{"autoLockMinutes":5,"theme":"dark","homeGroup":"x"}"#).unwrap();
    assert_eq!(old.backup_schedule, BackupSchedule::Daily);
    assert_eq!(old.backups_kept, Settings::DEFAULT_BACKUPS_KEPT);
}

#[test]
fn restore_checks_first_keeps_the_current_journal_and_puts_the_backup_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let (mut journal, _) = journal_with(dir.path(), "one");
    let usb = tempfile::tempdir().unwrap();
    let backup = usb.path().join("j.backup");
    journal.back_up_to(&backup).unwrap();
    let backup_bytes = fs::read(&backup).unwrap();
    // Written after the backup: gone after the restore, kept in backups/.
    journal
        .save(
            JournalEntry {
                id: uuid::Uuid::nil(),
                date: today(),
                text: "written after the backup".into(),
                feelings: vec![],
                craving: None,
                gratitude: vec![],
            },
            today(),
        )
        .unwrap();

    let staged = StagedRestore::prepare(
        dir.path(),
        &backup,
        RestoreSecret::Passphrase(pass(PASSPHRASE)),
    )
    .unwrap();
    assert_eq!(staged.info().records, 12);
    assert_eq!(staged.info().damaged, 0);
    // Nothing replaced yet, and the member's file neither changed nor grew companions.
    assert_eq!(journal.journal_entries().len(), 2);
    assert_eq!(fs::read(&backup).unwrap(), backup_bytes);
    assert_eq!(names(usb.path()), ["j.backup"]);

    let restored = staged.restore(Some(journal), at(0)).unwrap();
    assert_eq!(entries_texts(&restored), ["journal one"]);
    assert_eq!(fs::read(&backup).unwrap(), backup_bytes);
    // No staging folder left, and the replaced journal is kept.
    assert!(names(dir.path()).iter().all(|n| !n.starts_with(".restore")));
    let kept = list_backups(dir.path()).unwrap();
    assert_eq!(kept.len(), 1);
    assert!(kept[0].before_restore);
    drop(restored);
    let other = as_journal_elsewhere(&kept[0].path);
    let old = Journal::unlock(other.path(), &pass(PASSPHRASE)).unwrap();
    assert_eq!(
        entries_texts(&old),
        ["journal one", "written after the backup"]
    );
    // And the restored journal unlocks normally afterwards.
    drop(old);
    let j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    assert_eq!(j.journal_entries().len(), 1);
}

#[test]
fn before_restore_copies_are_never_pruned_however_many_restores() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, _) = journal_with(dir.path(), "mine");
    let usb = tempfile::tempdir().unwrap();
    let backup = usb.path().join("j.backup");
    journal.back_up_to(&backup).unwrap();
    // Five restores in a row (more than any number that might be "kept"): the journal as it
    // was before the first one must still be there.
    let mut current = Some(journal);
    for h in 0..5 {
        let staged = StagedRestore::prepare(
            dir.path(),
            &backup,
            RestoreSecret::Passphrase(pass(PASSPHRASE)),
        )
        .unwrap();
        current = Some(staged.restore(current.take(), at(h)).unwrap());
    }
    let copies: Vec<_> = list_backups(dir.path())
        .unwrap()
        .into_iter()
        .filter(|b| b.before_restore)
        .collect();
    assert_eq!(copies.len(), 5);
    assert_eq!(copies.last().unwrap().taken_at, at(0));
}

#[test]
fn restore_onto_a_new_computer_with_the_recovery_key_sets_a_new_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, recovery_key) = journal_with(dir.path(), "two");
    let usb = tempfile::tempdir().unwrap();
    let backup = usb.path().join("j.backup");
    journal.back_up_to(&backup).unwrap();
    drop(journal);

    let new_computer = tempfile::tempdir().unwrap();
    let data = new_computer.path().join("data");
    let wrong = StagedRestore::prepare(
        &data,
        &backup,
        RestoreSecret::RecoveryKey {
            recovery_key: pass("AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA"),
            new_passphrase: pass("fresh passphrase"),
        },
    );
    assert!(wrong.is_err());
    let staged = StagedRestore::prepare(
        &data,
        &backup,
        RestoreSecret::RecoveryKey {
            recovery_key,
            new_passphrase: pass("fresh passphrase"),
        },
    )
    .unwrap();
    let restored = staged.restore(None, at(0)).unwrap();
    assert_eq!(entries_texts(&restored), ["journal two"]);
    drop(restored);
    assert!(Journal::unlock(&data, &pass("fresh passphrase")).is_ok());
    assert!(matches!(
        Journal::unlock(&data, &pass(PASSPHRASE)),
        Err(JournalError::WrongPassphrase)
    ));
    // Nothing to keep on a new computer.
    assert!(list_backups(&data).unwrap().is_empty());
}

#[test]
fn restore_works_when_the_current_journal_cannot_be_unlocked() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, _) = journal_with(dir.path(), "three");
    let usb = tempfile::tempdir().unwrap();
    let backup = usb.path().join("j.backup");
    journal.back_up_to(&backup).unwrap();
    drop(journal);
    // The current journal is garbage (a disk error, say): it is still kept as it was.
    fs::write(dir.path().join(FILE_NAME), b"garbage that is no journal").unwrap();
    let staged = StagedRestore::prepare(
        dir.path(),
        &backup,
        RestoreSecret::Passphrase(pass(PASSPHRASE)),
    )
    .unwrap();
    let restored = staged.restore(None, at(5)).unwrap();
    assert_eq!(entries_texts(&restored), ["journal three"]);
    let kept = list_backups(dir.path()).unwrap();
    assert_eq!(
        fs::read(&kept[0].path).unwrap(),
        b"garbage that is no journal"
    );
}

/// Each bad backup gets its own error, and neither it nor the current journal changes.
#[test]
fn bad_backups_are_refused_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (journal, _) = journal_with(dir.path(), "four");
    let usb = tempfile::tempdir().unwrap();
    let good = usb.path().join("good.backup");
    journal.back_up_to(&good).unwrap();
    journal.lock().unwrap();
    let good_bytes = fs::read(&good).unwrap();
    let page = 4096;
    assert_eq!(good_bytes.len() % page, 0);

    let newer = usb.path().join("newer.backup");
    {
        fs::copy(&good, &newer).unwrap();
        let c = Connection::open(&newer).unwrap();
        c.execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1))
            .unwrap();
    }
    let foreign = usb.path().join("foreign.sqlite");
    {
        let c = Connection::open(&foreign).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
    }
    let mut garbled = good_bytes.clone();
    // Overwrite the second page (the schema's tables) with noise.
    for (i, b) in garbled[page..2 * page].iter_mut().enumerate() {
        *b = (i * 7 + 3) as u8;
    }
    let cases: Vec<(&str, Vec<u8>, ErrorCode, &str)> = vec![
        ("empty", vec![], ErrorCode::EmptyFile, PASSPHRASE),
        (
            "text",
            b"just some notes".to_vec(),
            ErrorCode::NotAJournal,
            PASSPHRASE,
        ),
        (
            "cut mid-page",
            good_bytes[..good_bytes.len() - 100].to_vec(),
            ErrorCode::Corrupt,
            PASSPHRASE,
        ),
        ("garbled", garbled, ErrorCode::Corrupt, PASSPHRASE),
        (
            "wrong passphrase",
            good_bytes.clone(),
            ErrorCode::WrongPassphrase,
            "not the right passphrase",
        ),
        (
            "newer",
            fs::read(&newer).unwrap(),
            ErrorCode::NewerVersion,
            PASSPHRASE,
        ),
        (
            "foreign",
            fs::read(&foreign).unwrap(),
            ErrorCode::ForeignDatabase,
            PASSPHRASE,
        ),
    ];
    let live = dir.path().join(FILE_NAME);
    let live_before = fs::read(&live).unwrap();
    let dir_before = names(dir.path());
    for (what, bytes, code, secret) in cases {
        let file = usb.path().join(format!("{what}.backup"));
        fs::write(&file, &bytes).unwrap();
        let err =
            StagedRestore::prepare(dir.path(), &file, RestoreSecret::Passphrase(pass(secret)))
                .err()
                .unwrap_or_else(|| panic!("{what} was accepted"));
        assert_eq!(err.code(), code, "{what}: {err:?}");
        assert_eq!(fs::read(&file).unwrap(), bytes, "{what}: the file changed");
        assert_eq!(
            fs::read(&live).unwrap(),
            live_before,
            "{what}: the journal changed"
        );
        assert_eq!(
            names(dir.path()),
            dir_before,
            "{what}: left something behind"
        );
        for companion in ["-wal", "-shm", "-journal"] {
            assert!(
                !usb.path()
                    .join(format!("{what}.backup{companion}"))
                    .exists(),
                "{what}: SQLite wrote beside the member's file"
            );
        }
    }
    // The journal still opens.
    Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
}

#[test]
fn a_backup_from_a_missing_file_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = StagedRestore::prepare(
        dir.path(),
        &dir.path().join("nothing.backup"),
        RestoreSecret::Passphrase(pass(PASSPHRASE)),
    )
    .err()
    .unwrap();
    assert_eq!(err.code(), ErrorCode::Io);
}
