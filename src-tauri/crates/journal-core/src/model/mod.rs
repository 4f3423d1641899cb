//! The journal's records: one Rust type per kind of thing a member writes.
//!
//! Contract:
//! - Every type here is serialized (JSON, inside the encrypted envelope) as one record. New
//!   fields must be `#[serde(default)]` so older records still load.
//! - The kinds are listed once, in the table of `kinds.rs` (`record_kinds!`); [`RecordKind`],
//!   [`Records`] and [`AnyRecord`] are generated from it. [`RecordKind`] numbers are stored in
//!   the clear and bound into each record's AAD, so they are append-only and never reused.
//!   Adding a kind is walked through in `docs/record-kinds.md`.
//! - Each record type implements [`Entity`] in its own module; `stored_in!` names its
//!   [`Records`] table, which must be the table's `field` for it.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Serialize, de::DeserializeOwned};
use uuid::Uuid;

use crate::validate::Valid;

mod clean_dates;
mod contacts;
mod daily;
mod kinds;
mod listed_meetings;
mod meetings;
mod settings;
mod steps;

pub use clean_dates::CleanDate;
pub use contacts::{Contact, ContactRole};
pub use daily::JournalEntry;
pub use kinds::{AnyRecord, RecordKind, Records};
pub(crate) use kinds::{Stored, for_any, for_any_arms, record_kinds, with_kind, with_kind_arms};
pub use listed_meetings::{LINK_MAX, ListedMeeting};
pub use meetings::{Attendance, Meeting, MeetingFormat};
pub use settings::{BackupSchedule, Settings, Theme};
pub use steps::{
    Amend, AmendStatus, AskedBy, InventoryRow, NightlyReview, STEP_COUNT, StepInfo, StepNote,
    StepQuestion, StepStatus, StepWork, step_info,
};

/// One kind of record the journal keeps.
pub trait Entity: Serialize + DeserializeOwned + Clone + 'static {
    /// The kind written beside the blob and bound into its AAD.
    const KIND: RecordKind;
    /// The record's identity (its row and AAD).
    fn id(&self) -> Uuid;
    /// Check every field; `today` is the member's local date.
    fn validate(&self, today: NaiveDate) -> Valid;
    /// A short title for search results and lists.
    fn title(&self) -> String;
    /// The date the record is about, if it has one.
    fn date(&self) -> Option<NaiveDate>;
    /// Every piece of text the member wrote, for search.
    fn texts(&self) -> Vec<&str>;
    /// Give a new record its identity.
    fn set_id(&mut self, id: Uuid);
    /// Bring a record written by an earlier version up to today's meaning, as it is read.
    /// The stored blob changes with the record's next save (and with the next format
    /// migration, which rewrites every row).
    fn upgrade(&mut self) {}
    /// Where records of this kind are held in memory.
    #[doc(hidden)]
    fn table(records: &Records) -> &HashMap<Uuid, Self>;
    /// Where records of this kind are held in memory, for writing.
    #[doc(hidden)]
    fn table_mut(records: &mut Records) -> &mut HashMap<Uuid, Self>;
}

/// Implements the in-memory table accessors of [`Entity`] for a record type.
macro_rules! stored_in {
    ($field:ident) => {
        fn set_id(&mut self, id: uuid::Uuid) {
            self.id = id;
        }
        fn table(records: &crate::model::Records) -> &std::collections::HashMap<uuid::Uuid, Self> {
            &records.$field
        }
        fn table_mut(
            records: &mut crate::model::Records,
        ) -> &mut std::collections::HashMap<uuid::Uuid, Self> {
            &mut records.$field
        }
    };
}
pub(crate) use stored_in;
