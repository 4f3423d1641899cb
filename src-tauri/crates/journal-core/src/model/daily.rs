//! The daily journal: free writing, feelings, cravings and gratitude.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Entity, RecordKind};
use crate::validate::{self, Valid};

/// One day's journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JournalEntry {
    /// Identity.
    pub id: Uuid,
    /// The day written about.
    pub date: NaiveDate,
    /// Free writing.
    #[serde(default)]
    pub text: String,
    /// Feelings, picked or written.
    #[serde(default)]
    pub feelings: Vec<String>,
    /// Craving from 0 (none) to 10, if noted.
    #[serde(default)]
    pub craving: Option<u8>,
    /// Things the member is grateful for.
    #[serde(default)]
    pub gratitude: Vec<String>,
}

impl Entity for JournalEntry {
    super::stored_in!(entries);
    const KIND: RecordKind = RecordKind::JournalEntry;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, today: NaiveDate) -> Valid {
        validate::not_future("date", self.date, today)?;
        validate::long("text", &self.text)?;
        validate::short_list("feelings", &self.feelings)?;
        validate::short_list("gratitude", &self.gratitude)?;
        if let Some(c) = self.craving {
            validate::in_range("craving", u32::from(c), 0, 10)?;
        }
        Ok(())
    }
    fn title(&self) -> String {
        self.date.to_string()
    }
    fn date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    fn texts(&self) -> Vec<&str> {
        let mut t: Vec<&str> = vec![&self.text];
        t.extend(self.feelings.iter().map(String::as_str));
        t.extend(self.gratitude.iter().map(String::as_str));
        t
    }
}
