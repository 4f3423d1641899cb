//! The journal's lifecycle and use cases, through the public API on a real file.

use crate::common::*;
use journal_core::*;
use rusqlite::Connection;
use uuid::Uuid;

fn blobs(dir: &std::path::Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    let c = Connection::open(dir.join(FILE_NAME)).unwrap();
    let mut s = c
        .prepare("SELECT id, blob FROM record ORDER BY id")
        .unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn create_write_lock_unlock_keeps_everything() {
    let dir = tempfile::tempdir().unwrap();
    let Created {
        mut journal,
        recovery_key,
    } = new_journal(dir.path());
    assert_eq!(recovery_key.expose_secret().split('-').count(), 9);
    let n = write_everything(&mut journal, "apple");
    let before = journal.dashboard(today());
    journal.lock().unwrap();

    let j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    assert!(j.damaged().is_empty());
    assert_eq!(blobs(dir.path()).len(), n);
    assert_eq!(j.dashboard(today()), before);
    let ct = j.clean_time(today()).unwrap();
    assert_eq!(ct.clean_date, date(2024, 2, 29));
    assert_eq!(j.settings().auto_lock_minutes, 7);
    assert_eq!(j.steps_overview()[0].work.status, StepStatus::Done);
    assert_eq!(j.step_questions(3)[0].answer, "answer apple");
}

#[test]
fn a_second_writer_on_the_same_journal_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let Created {
        mut journal,
        recovery_key,
    } = new_journal(dir.path());
    write_everything(&mut journal, "plum");
    let file = dir.path().join(FILE_NAME);
    let before = std::fs::read(&file).unwrap();
    // Every way in is refused while the first journal is open, before any key derivation.
    for second in [
        Journal::unlock(dir.path(), &pass(PASSPHRASE)).err(),
        Journal::unlock_with_recovery_key(
            dir.path(),
            &recovery_key,
            &pass("a brand new passphrase"),
        )
        .err(),
    ] {
        let err = second.expect("a second writer must be refused");
        assert!(matches!(err, JournalError::InUse), "{err:?}");
        assert_eq!(err.code(), ErrorCode::InUse);
    }
    // Creating over it was refused before the lock existed; it still is.
    assert!(matches!(
        Journal::create(dir.path(), &pass(PASSPHRASE), params()),
        Err(JournalError::JournalExists)
    ));
    assert_eq!(std::fs::read(&file).unwrap(), before);
    // The first keeps working, and once it is locked the journal opens again.
    let entry = JournalEntry {
        id: Uuid::nil(),
        date: date(2026, 1, 2),
        text: "still mine".into(),
        feelings: vec![],
        craving: None,
        gratitude: vec![],
    };
    journal.save(entry, today()).unwrap();
    journal.lock().unwrap();
    let j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    assert!(j.journal_entry_on(date(2026, 1, 2)).is_some());
}

#[test]
fn wrong_passphrase_is_one_typed_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    write_everything(&mut journal, "pear");
    journal.lock().unwrap();
    let file = dir.path().join(FILE_NAME);
    let before = std::fs::read(&file).unwrap();
    let err = Journal::unlock(dir.path(), &pass("correct horse battery stapler"))
        .err()
        .unwrap();
    assert!(matches!(err, JournalError::WrongPassphrase), "{err:?}");
    assert_eq!(err.code(), ErrorCode::WrongPassphrase);
    assert_eq!(
        std::fs::read(&file).unwrap(),
        before,
        "a failed unlock must not write"
    );
    // The right passphrase still works afterwards.
    Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
}

#[test]
fn passphrase_change_reencrypts_everything_and_swaps_which_secrets_work() {
    let dir = tempfile::tempdir().unwrap();
    let Created {
        mut journal,
        recovery_key: old_rk,
    } = new_journal(dir.path());
    write_everything(&mut journal, "plum");
    let before = blobs(dir.path());
    let new = pass("a new and longer passphrase");
    assert!(matches!(
        journal.change_passphrase(&pass("not the passphrase"), &new, now()),
        Err(JournalError::WrongPassphrase)
    ));
    assert!(matches!(
        journal.change_passphrase(&pass(PASSPHRASE), &pass("short"), now()),
        Err(JournalError::PassphraseTooShort { min: 8 })
    ));
    assert_eq!(
        blobs(dir.path()),
        before,
        "a refused change changes nothing"
    );
    let changed = journal
        .change_passphrase(&pass(PASSPHRASE), &new, now())
        .unwrap();
    assert!(changed.backup_problem.is_none());
    journal.lock().unwrap();
    let after = blobs(dir.path());
    assert_eq!(after.len(), before.len());
    for (id, blob) in &before {
        let now = &after.iter().find(|(i, _)| i == id).unwrap().1;
        assert_ne!(now, blob, "every record is re-encrypted");
        assert_eq!(now[1..5], 2u32.to_be_bytes(), "under key id 2");
    }
    assert!(matches!(
        Journal::unlock(dir.path(), &pass(PASSPHRASE)),
        Err(JournalError::WrongPassphrase)
    ));
    let j = Journal::unlock(dir.path(), &new).unwrap();
    assert_eq!(j.damaged().len(), 0);
    assert_eq!(j.journal_entries().len(), 1);
    drop(j);
    let np = pass("yet another passphrase");
    assert!(matches!(
        Journal::unlock_with_recovery_key(dir.path(), &old_rk, &np),
        Err(JournalError::WrongRecoveryKey)
    ));
    let j = Journal::unlock_with_recovery_key(dir.path(), &changed.recovery_key, &np).unwrap();
    assert_eq!(j.journal_entries().len(), 1);
}

#[test]
fn recovery_key_unlocks_and_sets_a_new_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let Created {
        mut journal,
        recovery_key,
    } = new_journal(dir.path());
    write_everything(&mut journal, "fig");
    journal.lock().unwrap();

    let typed = recovery_key
        .expose_secret()
        .to_lowercase()
        .replace('-', " ");
    // A one-character typo is caught by the checksum, before any key derivation.
    let mut chars: Vec<char> = typed.chars().collect();
    chars[2] = if chars[2] == '7' { '8' } else { '7' };
    let typo: String = chars.into_iter().collect();
    let new = pass("brand new passphrase");
    assert!(matches!(
        Journal::unlock_with_recovery_key(dir.path(), &pass(&typo), &new),
        Err(JournalError::RecoveryKeyTypo)
    ));
    assert!(matches!(
        Journal::unlock_with_recovery_key(dir.path(), &pass("hello"), &new),
        Err(JournalError::RecoveryKeyFormat)
    ));
    // Another journal's (well-formed) key is a wrong key, not a typo.
    let other = tempfile::tempdir().unwrap();
    let other_key = new_journal(other.path()).recovery_key;
    assert!(matches!(
        Journal::unlock_with_recovery_key(dir.path(), &other_key, &new),
        Err(JournalError::WrongRecoveryKey)
    ));

    let j = Journal::unlock_with_recovery_key(dir.path(), &pass(&typed), &new).unwrap();
    assert_eq!(j.meetings(&MeetingFilter::default()).len(), 1);
    j.lock().unwrap();
    assert!(matches!(
        Journal::unlock(dir.path(), &pass(PASSPHRASE)),
        Err(JournalError::WrongPassphrase)
    ));
    Journal::unlock(dir.path(), &new).unwrap();
}

#[test]
fn new_recovery_key_reencrypts_everything_and_replaces_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let Created {
        mut journal,
        recovery_key: old_rk,
    } = new_journal(dir.path());
    let n = write_everything(&mut journal, "kiwi");
    let before = blobs(dir.path());
    let fresh = journal
        .new_recovery_key(&pass(PASSPHRASE), now())
        .unwrap()
        .recovery_key;
    assert_ne!(fresh.expose_secret(), old_rk.expose_secret());
    // Still usable after the change, without unlocking again.
    write_everything(&mut journal, "lime");
    journal.lock().unwrap();
    let after = blobs(dir.path());
    for (id, blob) in &before {
        let now = &after.iter().find(|(i, _)| i == id).unwrap().1;
        assert_ne!(now, blob, "every record is re-encrypted");
        assert_eq!(now[1..5], 2u32.to_be_bytes(), "under key id 2");
    }
    // The passphrase is the same.
    let j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    assert!(j.damaged().is_empty());
    // The second write adds new records but updates the two step records and the settings.
    assert_eq!(after.len(), 2 * n - 3);
    drop(j);
    let np = pass("another passphrase");
    assert!(matches!(
        Journal::unlock_with_recovery_key(dir.path(), &old_rk, &np),
        Err(JournalError::WrongRecoveryKey)
    ));
    Journal::unlock_with_recovery_key(dir.path(), &fresh, &np).unwrap();
}

#[test]
fn tampered_records_are_reported_and_never_hide_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    write_everything(&mut journal, "date");
    journal.lock().unwrap();
    let rows = blobs(dir.path());
    let c = Connection::open(dir.path().join(FILE_NAME)).unwrap();
    // Flip one byte in the first record, and move the second record's blob onto the third row.
    let mut bad = rows[0].1.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    c.execute(
        "UPDATE record SET blob = ?1 WHERE id = ?2",
        rusqlite::params![bad, rows[0].0],
    )
    .unwrap();
    c.execute(
        "UPDATE record SET blob = ?1 WHERE id = ?2",
        rusqlite::params![rows[1].1, rows[2].0],
    )
    .unwrap();
    // And give the fourth row a kind this version does not know.
    c.execute("UPDATE record SET kind = 999 WHERE id = ?1", [&rows[3].0])
        .unwrap();
    drop(c);

    let mut j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    let damaged = j.damaged().to_vec();
    assert_eq!(damaged.len(), 3, "{damaged:?}");
    assert_eq!(
        damaged
            .iter()
            .filter(|d| d.damage == Damage::Unreadable)
            .count(),
        2
    );
    assert!(
        damaged
            .iter()
            .any(|d| d.damage == Damage::UnknownKind && d.kind.is_none())
    );
    assert_eq!(j.dashboard(today()).damaged_records, 3);
    // The other records are all there (12 written, 3 damaged).
    let readable = j.all::<CleanDate>().count()
        + j.all::<StepWork>().count()
        + j.all::<StepNote>().count()
        + j.all::<StepQuestion>().count()
        + j.all::<InventoryRow>().count()
        + j.all::<Amend>().count()
        + j.all::<NightlyReview>().count()
        + j.all::<Meeting>().count()
        + j.all::<Contact>().count()
        + j.all::<JournalEntry>().count()
        + j.all::<Settings>().count();
    assert_eq!(readable, 9);
    // A damaged record's id is never written over.
    let damaged_id = damaged[0].id.unwrap();
    let err = j
        .save(
            JournalEntry {
                id: damaged_id,
                date: today(),
                text: "x".into(),
                feelings: vec![],
                craving: None,
                gratitude: vec![],
            },
            today(),
        )
        .unwrap_err();
    assert!(matches!(err, JournalError::NotFound));
    // Search still works over the rest.
    assert!(!j.search("date", 50).is_empty());
}

#[test]
fn validation_errors_name_the_field_and_save_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    let t = today();
    let err = journal
        .set_clean_date(t.succ_opt().unwrap(), "", t)
        .unwrap_err();
    assert_eq!(
        err.validation().unwrap(),
        &ValidationError {
            field: "date".into(),
            problem: Problem::FutureDate
        }
    );
    let err = journal
        .save(
            Meeting {
                id: Uuid::nil(),
                date: t,
                start_time: None,
                duration_minutes: None,
                name: "   ".into(),
                group: String::new(),
                formats: vec![],
                attendance: Attendance::InPerson,
                place: String::new(),
                service_role: String::new(),
                shared: false,
                notes: String::new(),
            },
            t,
        )
        .unwrap_err();
    assert_eq!(err.validation().unwrap().field, "name");
    let err = journal
        .save(
            JournalEntry {
                id: Uuid::nil(),
                date: t,
                text: "x".repeat(LONG_TEXT_MAX + 1),
                feelings: vec![],
                craving: Some(11),
                gratitude: vec![],
            },
            t,
        )
        .unwrap_err();
    assert_eq!(err.validation().unwrap().field, "text");
    assert!(blobs(journal.dir()).is_empty());
    assert!(journal.journal_entries().is_empty());
}

#[test]
fn starting_again_keeps_history_and_restarts_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    let t = today();
    journal.set_clean_date(date(2025, 10, 17), "", t).unwrap();
    assert_eq!(journal.clean_time(t).unwrap().total_days, 400);
    journal
        .set_clean_date(t, "Back at it, one day at a time.", t)
        .unwrap();
    let ct = journal.clean_time(t).unwrap();
    assert_eq!(ct.total_days, 0);
    assert_eq!(ct.key_tag, KeyTag::Welcome);
    let history = journal.clean_dates();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].date, date(2025, 10, 17));
}

#[test]
fn step_status_dates_and_question_order() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    let t = today();
    let w = journal.set_step_status(4, StepStatus::Working, t).unwrap();
    assert_eq!((w.started_on, w.completed_on), (Some(t), None));
    let w = journal.set_step_status(4, StepStatus::Done, t).unwrap();
    assert_eq!(w.completed_on, Some(t));
    assert_eq!(journal.all::<StepWork>().count(), 1, "one record per step");
    let ids: Vec<Uuid> = ["first", "second", "third"]
        .iter()
        .enumerate()
        .map(|(i, q)| {
            journal
                .save(
                    StepQuestion {
                        id: Uuid::nil(),
                        step: 4,
                        position: i as u32,
                        asked_by: AskedBy::Me,
                        question: (*q).into(),
                        answer: String::new(),
                    },
                    t,
                )
                .unwrap()
                .id
        })
        .collect();
    journal
        .reorder_questions(4, &[ids[2], ids[0], ids[1]], t)
        .unwrap();
    let order: Vec<String> = journal
        .step_questions(4)
        .into_iter()
        .map(|q| q.question)
        .collect();
    assert_eq!(order, ["third", "first", "second"]);
    assert!(matches!(
        journal.reorder_questions(4, &[Uuid::new_v4()], t),
        Err(JournalError::NotFound)
    ));
    let overview = journal.steps_overview();
    assert_eq!(overview.len(), 12);
    assert_eq!(overview[3].questions, 3);
    assert_eq!(overview[3].answered, 0);
    assert_eq!(overview[0].info.number, 1);
    for n in 1..=12u8 {
        for (lang, part) in [(Language::En, "summary"), (Language::Es, "principle")] {
            let key = format!("steps.about.{n}.{part}");
            assert_ne!(
                Words::new(lang).text(&key, &[]),
                key,
                "{lang:?} lacks {key}"
            );
        }
    }
    let page = journal.step_page(4).unwrap();
    assert_eq!(page.questions.len(), 3);
    assert_eq!(page.overview.work.status, StepStatus::Done);
    assert!(journal.step_page(0).is_none());
    assert!(journal.step_page(13).is_none());
}

#[test]
fn search_is_case_and_accent_insensitive_across_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    write_everything(&mut journal, "Sérénité");
    let hits = journal.search("SERENITE", 100);
    let kinds: std::collections::BTreeSet<RecordKind> = hits.iter().map(|h| h.kind).collect();
    assert_eq!(kinds.len(), 10, "every kind but settings: {kinds:?}");
    assert!(
        journal
            .search("serenite journal", 100)
            .iter()
            .all(|h| h.kind == RecordKind::JournalEntry)
    );
    assert!(journal.search("absent-word", 100).is_empty());
    assert!(journal.search("   ", 100).is_empty());
    // The index follows edits and deletes.
    let entry = journal.journal_entries().remove(0);
    journal.delete::<JournalEntry>(entry.id).unwrap();
    assert!(journal.search("serenite journal", 100).is_empty());
}

#[test]
fn meetings_contacts_and_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    let t = today();
    write_everything(&mut journal, "x");
    let sponsee = journal
        .contacts("")
        .into_iter()
        .find(|c| c.role == ContactRole::Sponsee)
        .unwrap();
    let d = journal.dashboard(t);
    assert_eq!(d.sponsee_to_call.as_ref().unwrap().days_since, Some(20));
    journal.mark_contacted(sponsee.id, t).unwrap();
    let d = journal.dashboard(t);
    assert_eq!(d.sponsee_to_call.unwrap().days_since, Some(0));
    assert_eq!(d.meetings_this_week, 1);
    assert_eq!(d.last_journal_date, Some(t));
    assert_eq!(d.ninety_in_ninety.unwrap().meetings, 1);
    let s = journal.meeting_suggestions();
    assert_eq!(s.names, ["meeting x"]);
    let filtered = journal.meetings(&MeetingFilter {
        format: Some(MeetingFormat::Closed),
        ..Default::default()
    });
    assert!(filtered.is_empty());
    assert_eq!(journal.contacts("555").len(), 1);
    assert_eq!(journal.amends(Some(AmendStatus::Made)).len(), 0);
    assert_eq!(journal.amends(None).len(), 1);
}

#[test]
fn bad_files_get_their_own_error_and_are_left_untouched() {
    use std::fs;
    let cases: Vec<(&str, Vec<u8>, ErrorCode)> = vec![
        ("empty", vec![], ErrorCode::EmptyFile),
        (
            "not sqlite",
            b"hello, this is a text file, not a journal".repeat(10),
            ErrorCode::NotAJournal,
        ),
    ];
    for (what, bytes, code) in cases {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        fs::write(&file, &bytes).unwrap();
        let err = Journal::unlock(dir.path(), &pass(PASSPHRASE))
            .err()
            .unwrap();
        assert_eq!(err.code(), code, "{what}");
        assert_eq!(fs::read(&file).unwrap(), bytes, "{what} left untouched");
        assert!(!dir.path().join(format!("{FILE_NAME}-wal")).exists());
    }
    // Another program's SQLite database.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(FILE_NAME);
    Connection::open(&file)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = fs::read(&file).unwrap();
    assert_eq!(
        Journal::unlock(dir.path(), &pass(PASSPHRASE))
            .err()
            .unwrap()
            .code(),
        ErrorCode::ForeignDatabase
    );
    assert_eq!(fs::read(&file).unwrap(), before);
    // A truncated journal.
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    write_everything(&mut journal, "t");
    journal.lock().unwrap();
    let file = dir.path().join(FILE_NAME);
    let mut bytes = fs::read(&file).unwrap();
    bytes.truncate(bytes.len() - 100);
    fs::write(&file, &bytes).unwrap();
    assert_eq!(
        Journal::unlock(dir.path(), &pass(PASSPHRASE))
            .err()
            .unwrap()
            .code(),
        ErrorCode::Corrupt
    );
    assert_eq!(fs::read(&file).unwrap(), bytes);
    // No journal at all.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        Journal::unlock(dir.path(), &pass(PASSPHRASE))
            .err()
            .unwrap()
            .code(),
        ErrorCode::NoJournal
    );
}

#[test]
fn a_journal_from_a_newer_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    new_journal(dir.path()).journal.lock().unwrap();
    let file = dir.path().join(FILE_NAME);
    Connection::open(&file)
        .unwrap()
        .execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1))
        .unwrap();
    let before = std::fs::read(&file).unwrap();
    let err = Journal::unlock(dir.path(), &pass(PASSPHRASE))
        .err()
        .unwrap();
    assert_eq!(err.code(), ErrorCode::NewerVersion);
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_journal_without_key_slots_is_refused_and_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    new_journal(dir.path()).journal.lock().unwrap();
    Connection::open(dir.path().join(FILE_NAME))
        .unwrap()
        .execute_batch("DELETE FROM key_slot")
        .unwrap();
    assert!(matches!(
        Journal::unlock(dir.path(), &pass(PASSPHRASE)),
        Err(JournalError::KeySlotDamaged)
    ));
    assert!(matches!(
        Journal::create(dir.path(), &pass(PASSPHRASE), params()),
        Err(JournalError::JournalExists)
    ));
}

#[test]
fn a_journal_killed_before_its_first_lock_still_opens() {
    // The app killed right after creating a journal and writing to it: the main file and its
    // WAL are all there is (no checkpoint on lock ever ran).
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    journal
        .set_clean_date(date(2025, 10, 17), "", today())
        .unwrap();
    let crashed = tempfile::tempdir().unwrap();
    for suffix in ["", "-wal"] {
        let name = format!("{FILE_NAME}{suffix}");
        std::fs::copy(dir.path().join(&name), crashed.path().join(&name)).unwrap();
    }
    std::mem::forget(journal);
    let j = Journal::unlock(crashed.path(), &pass(PASSPHRASE)).unwrap();
    assert_eq!(j.clean_time(today()).unwrap().total_days, 400);
}

#[test]
fn a_clock_set_back_before_the_clean_date_keeps_the_date_and_counts_again_later() {
    let dir = tempfile::tempdir().unwrap();
    let Created { mut journal, .. } = new_journal(dir.path());
    journal
        .set_clean_date(date(2026, 1, 10), "", date(2026, 1, 20))
        .unwrap();
    // The computer's clock goes back to before the clean date (a flat battery, a wrong
    // setting): no error, the date is still there, and there is simply no count to show.
    let behind = journal.dashboard(date(2025, 12, 31));
    assert_eq!(behind.clean_date.map(|c| c.date), Some(date(2026, 1, 10)));
    assert!(behind.clean_time.is_none());
    assert_eq!(journal.clean_dates().len(), 1);
    // Once the clock is right, the count is back, unchanged by the detour.
    let right = journal.dashboard(date(2026, 1, 20));
    assert_eq!(right.clean_time.map(|c| c.total_days), Some(10));
}

/// The passphrase slot's bytes, and a way to put damaged ones back.
fn passphrase_slot(dir: &std::path::Path) -> Vec<u8> {
    Connection::open(dir.join(FILE_NAME))
        .unwrap()
        .query_row("SELECT slot FROM key_slot WHERE kind = 1", [], |r| r.get(0))
        .unwrap()
}

fn put_passphrase_slot(dir: &std::path::Path, bytes: &[u8]) {
    Connection::open(dir.join(FILE_NAME))
        .unwrap()
        .execute("UPDATE key_slot SET slot = ?1 WHERE kind = 1", [bytes])
        .unwrap();
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(b[at..at + 4].try_into().unwrap())
}

#[test]
fn recovery_never_trusts_a_damaged_passphrase_slot() {
    fn set(b: &mut [u8], at: usize, v: u32) {
        b[at..at + 4].copy_from_slice(&v.to_be_bytes());
    }
    type Damage = fn(&mut Vec<u8>);
    let damages: [(&str, Damage); 4] = [
        // The cheapest settings the bounds allow: a new passphrase sealed with them would be
        // far cheaper to guess.
        ("lowered to 8 MiB, 1 pass", |b| {
            set(b, 10, 8 * 1024);
            set(b, 14, 1);
        }),
        ("raised beyond bounds", |b| set(b, 10, u32::MAX)),
        ("cut short", |b| b.truncate(20)),
        ("a bad magic", |b| b[0] ^= 0xFF),
    ];
    for (what, damage) in damages {
        let dir = tempfile::tempdir().unwrap();
        // Real settings (the test-only cheap ones are left as they are by design): exactly
        // OWASP's floor, so the slow part of this test stays small.
        let real = KdfParams {
            m_cost_kib: 19 * 1024,
            t_cost: 2,
            p_cost: 1,
        };
        let Created {
            mut journal,
            recovery_key,
        } = Journal::create(dir.path(), &pass(PASSPHRASE), real).unwrap();
        write_everything(&mut journal, "fig");
        journal.lock().unwrap();
        let mut slot = passphrase_slot(dir.path());
        damage(&mut slot);
        put_passphrase_slot(dir.path(), &slot);

        let new = pass("a new passphrase after the damage");
        let j = Journal::unlock_with_recovery_key(dir.path(), &recovery_key, &new)
            .unwrap_or_else(|e| panic!("{what}: the recovery key did not open it: {e:?}"));
        assert!(j.damaged().is_empty(), "{what}");
        j.lock().unwrap();
        let sealed = passphrase_slot(dir.path());
        let (m, t) = (be32(&sealed, 10), be32(&sealed, 14));
        assert!(
            m >= real.m_cost_kib && t >= real.t_cost && u64::from(m) * u64::from(t) >= 38 * 1024,
            "{what}: the new passphrase slot got {m} KiB, {t} passes: below the floor or \
             the recovery slot's settings"
        );
        Journal::unlock(dir.path(), &new).unwrap();
    }
}
