//! Changing a secret really changes it: what a copy made before the change can still open,
//! what happens to the automatic backups, and what survives the re-encryption.

use std::path::Path;

use crate::common::*;
use chrono::{Duration, TimeZone, Utc};
use journal_core::*;
use rusqlite::Connection;

/// The two kinds of change, applied to an unlocked journal. Returns the passphrase that opens
/// the journal afterwards and the new recovery key.
type Change = fn(&mut Journal) -> (SecretString, SecretString);

const CHANGES: [(&str, Change); 2] = [
    ("a new passphrase", |j| {
        let new = pass("a brand new passphrase");
        let rk = j
            .change_passphrase(&pass(PASSPHRASE), &new, now())
            .unwrap()
            .recovery_key;
        (new, rk)
    }),
    ("a new recovery key", |j| {
        let rk = j
            .new_recovery_key(&pass(PASSPHRASE), now())
            .unwrap()
            .recovery_key;
        (pass(PASSPHRASE), rk)
    }),
];

fn slots(file: &Path) -> Vec<(u8, Vec<u8>)> {
    let c = Connection::open(file).unwrap();
    let mut s = c
        .prepare("SELECT kind, slot FROM key_slot ORDER BY kind")
        .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn put_slots(file: &Path, slots: &[(u8, Vec<u8>)]) {
    let c = Connection::open(file).unwrap();
    for (kind, slot) in slots {
        c.execute(
            "UPDATE key_slot SET slot = ?2 WHERE kind = ?1",
            rusqlite::params![kind, slot],
        )
        .unwrap();
    }
}

/// The promise in docs/security.md: whoever holds an old secret and a copy made before the
/// change (a backup, a synced old version) gets the old master key, and it opens nothing
/// written in the live journal, old records included.
#[test]
fn slots_from_a_backup_made_before_a_change_open_nothing_of_the_live_journal() {
    for (what, change) in CHANGES {
        let dir = tempfile::tempdir().unwrap();
        let Created {
            mut journal,
            recovery_key: old_rk,
        } = new_journal(dir.path());
        let n = write_everything(&mut journal, "quince");
        let backup = dir.path().join("before.backup");
        journal.back_up_to(&backup).unwrap();
        let (now_pass, new_rk) = change(&mut journal);
        write_everything(&mut journal, "after the change");
        journal.lock().unwrap();

        // The thief's move: the old slots, taken from the backup, put into the live file.
        let live = dir.path().join(FILE_NAME);
        let current = slots(&live);
        put_slots(&live, &slots(&backup));
        let opened = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
        assert_eq!(
            opened.journal_entries().len(),
            0,
            "{what}: an entry was readable"
        );
        assert!(opened.clean_dates().is_empty(), "{what}");
        assert_eq!(opened.contacts("").len(), 0, "{what}");
        assert!(
            opened.damaged().len() >= 2 * n - 3,
            "{what}: every live record is unreadable under the old key ({} of them)",
            opened.damaged().len()
        );
        drop(opened);
        let copy = tempfile::tempdir().unwrap();
        std::fs::copy(&live, copy.path().join(FILE_NAME)).unwrap();
        let with_old_rk =
            Journal::unlock_with_recovery_key(copy.path(), &old_rk, &pass("the thief's choice"))
                .unwrap();
        assert_eq!(with_old_rk.journal_entries().len(), 0, "{what}");
        drop(with_old_rk);

        // The member's own slots back: everything opens with the new secrets, and the old
        // recovery key opens nothing of the current file.
        put_slots(&live, &current);
        let j = Journal::unlock(dir.path(), &now_pass).unwrap();
        assert!(j.damaged().is_empty(), "{what}");
        assert_eq!(
            j.journal_entries().len(),
            2,
            "{what}: both days of the journal"
        );
        drop(j);
        assert!(
            matches!(
                Journal::unlock_with_recovery_key(dir.path(), &old_rk, &pass("anything at all")),
                Err(JournalError::WrongRecoveryKey)
            ),
            "{what}: the old recovery key still opens"
        );
        let j =
            Journal::unlock_with_recovery_key(dir.path(), &new_rk, &pass("a last one")).unwrap();
        assert!(j.damaged().is_empty(), "{what}");
        // The backup itself still opens with the old passphrase: that is the stated limit.
        let old_copy = tempfile::tempdir().unwrap();
        std::fs::copy(&backup, old_copy.path().join(FILE_NAME)).unwrap();
        let old = Journal::unlock(old_copy.path(), &pass(PASSPHRASE)).unwrap();
        assert!(old.damaged().is_empty(), "{what}");
        assert_eq!(old.journal_entries().len(), 1, "{what}");
    }
}

#[test]
fn a_change_renews_the_automatic_backups_and_keeps_the_copies_from_before_a_restore() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    write_everything(&mut journal, "pear");
    let day = |d| Utc.with_ymd_and_hms(2026, 11, d, 9, 0, 0).unwrap();
    for d in [1, 2, 3] {
        journal.auto_backup(day(d)).unwrap();
    }
    // One dated in the future (the clock was turned back since) must go too.
    journal.auto_backup(now() + Duration::days(30)).unwrap();
    // A copy kept before a restore: the app never removes one on its own.
    let kept = dir
        .path()
        .join("backups/before-restore-20261104T090000Z.backup");
    std::fs::copy(
        dir.path().join("backups/journal-20261101T090000Z.backup"),
        &kept,
    )
    .unwrap();
    let changed = journal
        .change_passphrase(&pass(PASSPHRASE), &pass("the passphrase now"), now())
        .unwrap();
    assert!(changed.backup_problem.is_none());

    let backups = list_backups(dir.path()).unwrap();
    let automatic: Vec<_> = backups.iter().filter(|b| !b.before_restore).collect();
    assert_eq!(
        automatic.len(),
        1,
        "only the fresh automatic backup is left"
    );
    assert!(
        backups.iter().any(|b| b.path == kept),
        "the before-restore copy is kept"
    );
    // The fresh one opens with the new passphrase, and not with the old one.
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(&automatic[0].path, copy.path().join(FILE_NAME)).unwrap();
    assert!(matches!(
        Journal::unlock(copy.path(), &pass(PASSPHRASE)),
        Err(JournalError::WrongPassphrase)
    ));
    let j = Journal::unlock(copy.path(), &pass("the passphrase now")).unwrap();
    assert_eq!(j.journal_entries().len(), 1);
    drop(j);

    // Backups turned off: the old automatic ones go, and no new one is made.
    let mut settings = journal.settings();
    settings.backup_schedule = BackupSchedule::Off;
    journal.save(settings, today()).unwrap();
    journal
        .new_recovery_key(&pass("the passphrase now"), now())
        .unwrap();
    let left = list_backups(dir.path()).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].path, kept);
}

#[test]
fn a_record_that_does_not_open_stays_exactly_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    write_everything(&mut journal, "damson");
    journal.lock().unwrap();
    let live = dir.path().join(FILE_NAME);
    let c = Connection::open(&live).unwrap();
    let (id, mut blob): (Vec<u8>, Vec<u8>) = c
        .query_row("SELECT id, blob FROM record LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    let last = blob.len() - 1;
    blob[last] ^= 1;
    c.execute(
        "UPDATE record SET blob = ?2 WHERE id = ?1",
        rusqlite::params![id, blob],
    )
    .unwrap();
    drop(c);

    let mut j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    assert_eq!(j.damaged().len(), 1);
    j.new_recovery_key(&pass(PASSPHRASE), now()).unwrap();
    j.lock().unwrap();
    let c = Connection::open(&live).unwrap();
    let stored: Vec<u8> = c
        .query_row("SELECT blob FROM record WHERE id = ?1", [&id], |r| r.get(0))
        .unwrap();
    assert_eq!(stored, blob, "kept byte for byte");
    let j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    assert_eq!(j.damaged().len(), 1, "and only it is damaged");
}
