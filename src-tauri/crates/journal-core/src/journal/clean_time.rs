//! Clean dates and clean time.
//!
//! Contract: the current clean date is the latest one (by date, then by the day it was
//! recorded); earlier ones stay as history and are never removed by setting a new one.

use chrono::NaiveDate;
use uuid::Uuid;

use super::unlocked::Journal;
use crate::clean_time::{CleanTime, clean_time};
use crate::error::Result;
use crate::model::CleanDate;

impl Journal {
    /// Every clean date, the current (latest) first.
    pub fn clean_dates(&self) -> Vec<CleanDate> {
        let mut v: Vec<CleanDate> = self.all::<CleanDate>().cloned().collect();
        v.sort_by_key(|c| std::cmp::Reverse((c.date, c.recorded_on)));
        v
    }

    /// The current clean date: the latest one.
    pub fn current_clean_date(&self) -> Option<CleanDate> {
        self.all::<CleanDate>()
            .max_by_key(|c| (c.date, c.recorded_on))
            .cloned()
    }

    /// Set a clean date: the first one, or a new start. Earlier dates stay in the history.
    pub fn set_clean_date(
        &mut self,
        date: NaiveDate,
        note: &str,
        today: NaiveDate,
    ) -> Result<CleanDate> {
        self.save(
            CleanDate {
                id: Uuid::nil(),
                date,
                note: note.to_owned(),
                recorded_on: today,
            },
            today,
        )
    }

    /// Clean time from the current clean date, if one is set.
    pub fn clean_time(&self, today: NaiveDate) -> Option<CleanTime> {
        self.current_clean_date()
            .and_then(|c| clean_time(c.date, today).ok())
    }
}
