//! Clean dates: the current one and every earlier one, kept without judgement.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Entity, RecordKind};
use crate::validate::{self, Valid};

/// A clean date. The current clean date is the latest one; earlier ones stay as history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CleanDate {
    /// Identity.
    pub id: Uuid,
    /// The first day clean, in the member's local calendar.
    pub date: NaiveDate,
    /// A private note, such as what the member wants to remember about this time.
    #[serde(default)]
    pub note: String,
    /// The day the date was recorded in the app (orders dates set on the same day).
    pub recorded_on: NaiveDate,
}

impl Entity for CleanDate {
    super::stored_in!(clean_dates);
    const KIND: RecordKind = RecordKind::CleanDate;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, today: NaiveDate) -> Valid {
        validate::not_future("date", self.date, today)?;
        validate::long("note", &self.note)
    }
    fn title(&self) -> String {
        self.date.to_string()
    }
    fn date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    fn texts(&self) -> Vec<&str> {
        vec![&self.note]
    }
}
