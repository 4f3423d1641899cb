//! The dashboard: what the member sees first, computed in one call.
//!
//! Contract: every figure is the same as its own use case gives (clean time, meeting
//! statistics, sponsee to call), so the dashboard never disagrees with the pages it links to.

use chrono::NaiveDate;
use serde::Serialize;

use super::contacts::SponseeToCall;
use super::unlocked::{Journal, count};
use crate::clean_time::CleanTime;
use crate::meeting_stats::NinetyInNinety;
use crate::model::{CleanDate, JournalEntry};

/// Everything the dashboard shows, computed in one pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dashboard {
    /// Clean time from the current clean date, if one is set.
    pub clean_time: Option<CleanTime>,
    /// The current clean date record.
    pub clean_date: Option<CleanDate>,
    /// Meetings this week (Monday to Sunday).
    pub meetings_this_week: u32,
    /// Meetings in the last 90 days.
    pub meetings_last_90_days: u32,
    /// 90-in-90 progress, if the member set a start date.
    pub ninety_in_ninety: Option<NinetyInNinety>,
    /// The date of the latest journal entry.
    pub last_journal_date: Option<NaiveDate>,
    /// The sponsee not contacted for the longest time.
    pub sponsee_to_call: Option<SponseeToCall>,
    /// How many records could not be read.
    pub damaged_records: u32,
}

impl Journal {
    /// Everything the dashboard shows.
    pub fn dashboard(&self, today: NaiveDate) -> Dashboard {
        let stats = self.meeting_stats(today);
        Dashboard {
            clean_time: self.clean_time(today),
            clean_date: self.current_clean_date(),
            meetings_this_week: stats.this_week,
            meetings_last_90_days: stats.last_90_days,
            ninety_in_ninety: stats.ninety_in_ninety,
            last_journal_date: self.all::<JournalEntry>().map(|e| e.date).max(),
            sponsee_to_call: self.sponsee_to_call(today),
            damaged_records: count(self.damaged.len()),
        }
    }
}
