//! `Journal::save_many`: many records of one kind in one transaction, all or nothing.

use crate::common::*;
use journal_core::*;
use uuid::Uuid;

fn entry(day: u32, text: &str) -> JournalEntry {
    JournalEntry {
        id: Uuid::nil(),
        date: date(2026, 10, day),
        text: text.to_owned(),
        feelings: vec!["calm".into()],
        craving: Some(2),
        gratitude: vec!["my sponsor".into()],
    }
}

#[test]
fn saves_many_in_one_go_and_they_survive_a_relock() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    // A search before the batch builds the index; the batch must update it.
    assert!(j.search("lighthouse", 10).is_empty());
    let batch: Vec<JournalEntry> = (1..=20)
        .map(|d| entry(d, &format!("day {d} lighthouse")))
        .collect();
    let ids = j.save_many(batch, today()).unwrap();
    assert_eq!(ids.len(), 20);
    assert!(ids.iter().all(|id| !id.is_nil()));
    assert_eq!(j.journal_entries().len(), 20);
    assert_eq!(j.search("lighthouse", 100).len(), 20);
    j.lock().unwrap();

    let j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    let mut saved: Vec<Uuid> = j.journal_entries().iter().map(|e| e.id).collect();
    let mut expected = ids.clone();
    saved.sort();
    expected.sort();
    assert_eq!(saved, expected);
    assert!(j.damaged().is_empty());
}

#[test]
fn one_invalid_record_saves_none() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    let mut batch = vec![entry(1, "fine"), entry(2, "fine too")];
    batch[1].craving = Some(11);
    assert!(matches!(
        j.save_many(batch, today()),
        Err(JournalError::Invalid(_))
    ));
    assert!(j.journal_entries().is_empty());
    j.lock().unwrap();
    let j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    assert!(j.journal_entries().is_empty());
}

#[test]
fn an_id_held_by_another_kind_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    let note = j
        .save(
            StepNote {
                id: Uuid::nil(),
                step: 1,
                date: today(),
                title: "t".into(),
                text: "x".into(),
            },
            today(),
        )
        .unwrap();
    let mut clash = entry(3, "clash");
    clash.id = note.id;
    assert!(j.save_many(vec![entry(4, "ok"), clash], today()).is_err());
    assert!(j.journal_entries().is_empty());
}
