//! The daily journal entries.
//!
//! Contract: read-only views; entries are written through the generic [`Journal::save`].

use chrono::NaiveDate;

use super::unlocked::Journal;
use crate::model::JournalEntry;

impl Journal {
    /// Journal entries, newest first.
    pub fn journal_entries(&self) -> Vec<JournalEntry> {
        // Sort references, then clone: moving whole entries around while sorting is slower.
        let mut v: Vec<&JournalEntry> = self.all::<JournalEntry>().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.date));
        v.into_iter().cloned().collect()
    }

    /// The entry written for `date`, if any.
    pub fn journal_entry_on(&self, date: NaiveDate) -> Option<JournalEntry> {
        self.all::<JournalEntry>().find(|e| e.date == date).cloned()
    }
}
