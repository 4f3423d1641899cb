//! The journal's records: one Rust type per kind of thing a member writes.
//!
//! Contract: every type here is serialized (JSON, inside the encrypted envelope) as one record;
//! [`RecordKind`] numbers are stored in the clear and bound into each record's AAD, so they are
//! append-only and never reused. New fields must be `#[serde(default)]` so older records still
//! load.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Serialize, de::DeserializeOwned};
use uuid::Uuid;

use crate::validate::Valid;

mod clean_dates;
mod contacts;
mod daily;
mod listed_meetings;
mod meetings;
mod settings;
mod steps;

pub use clean_dates::CleanDate;
pub use contacts::{Contact, ContactRole};
pub use daily::JournalEntry;
pub use listed_meetings::{LINK_MAX, ListedMeeting};
pub use meetings::{Attendance, Meeting, MeetingFormat};
pub use settings::{BackupSchedule, Settings, Theme};
pub use steps::{
    Amend, AmendStatus, AskedBy, InventoryRow, NightlyReview, STEP_COUNT, StepInfo, StepNote,
    StepQuestion, StepStatus, StepWork, step_info,
};

/// The kind of a stored record. The number is written in the clear beside the blob.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[repr(u16)]
pub enum RecordKind {
    /// A clean date, current or earlier.
    CleanDate = 1,
    /// Status and principle of one step.
    StepWork = 2,
    /// A dated note on a step.
    StepNote = 3,
    /// A question on a step and its answer.
    StepQuestion = 4,
    /// A row of the 4th-step inventory.
    InventoryRow = 5,
    /// An entry of the 8th/9th-step amends list.
    Amend = 6,
    /// A 10th-step nightly review.
    NightlyReview = 7,
    /// A meeting attended.
    Meeting = 8,
    /// A person on the phone list.
    Contact = 9,
    /// A daily journal entry.
    JournalEntry = 10,
    /// The member's settings.
    Settings = 11,
    /// A meeting of an imported meeting list (not an attendance).
    ListedMeeting = 12,
}

impl RecordKind {
    /// Every kind, in number order.
    pub const ALL: [RecordKind; 12] = [
        Self::CleanDate,
        Self::StepWork,
        Self::StepNote,
        Self::StepQuestion,
        Self::InventoryRow,
        Self::Amend,
        Self::NightlyReview,
        Self::Meeting,
        Self::Contact,
        Self::JournalEntry,
        Self::Settings,
        Self::ListedMeeting,
    ];

    /// The number stored for this kind.
    pub fn number(self) -> u16 {
        self as u16
    }

    /// The kind stored as `n`, if known.
    pub fn from_number(n: u16) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.number() == n)
    }
}

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

/// The decrypted records of an unlocked journal, held in memory only and dropped on lock.
#[derive(Default)]
pub struct Records {
    pub(crate) clean_dates: HashMap<Uuid, CleanDate>,
    pub(crate) step_work: HashMap<Uuid, StepWork>,
    pub(crate) step_notes: HashMap<Uuid, StepNote>,
    pub(crate) step_questions: HashMap<Uuid, StepQuestion>,
    pub(crate) inventory: HashMap<Uuid, InventoryRow>,
    pub(crate) amends: HashMap<Uuid, Amend>,
    pub(crate) reviews: HashMap<Uuid, NightlyReview>,
    pub(crate) meetings: HashMap<Uuid, Meeting>,
    pub(crate) contacts: HashMap<Uuid, Contact>,
    pub(crate) entries: HashMap<Uuid, JournalEntry>,
    pub(crate) settings: HashMap<Uuid, Settings>,
    pub(crate) listed_meetings: HashMap<Uuid, ListedMeeting>,
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

/// Any one record, tagged by its kind: how records cross the app's IPC boundary, so one save
/// and one delete command serve every kind.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", content = "record", rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AnyRecord {
    /// A clean date.
    CleanDate(CleanDate),
    /// A step's status.
    StepWork(StepWork),
    /// A step note.
    StepNote(StepNote),
    /// A step question.
    StepQuestion(StepQuestion),
    /// An inventory row.
    InventoryRow(InventoryRow),
    /// An amend.
    Amend(Amend),
    /// A nightly review.
    NightlyReview(NightlyReview),
    /// A meeting.
    Meeting(Meeting),
    /// A contact.
    Contact(Contact),
    /// A journal entry.
    JournalEntry(JournalEntry),
    /// The settings.
    Settings(Settings),
    /// A meeting of an imported meeting list.
    ListedMeeting(ListedMeeting),
}

/// Runs `$body` with `$r` bound to the record inside an [`AnyRecord`], whatever its kind.
macro_rules! for_any {
    ($any:expr, $r:ident => $body:expr) => {
        match $any {
            $crate::model::AnyRecord::CleanDate($r) => $body,
            $crate::model::AnyRecord::StepWork($r) => $body,
            $crate::model::AnyRecord::StepNote($r) => $body,
            $crate::model::AnyRecord::StepQuestion($r) => $body,
            $crate::model::AnyRecord::InventoryRow($r) => $body,
            $crate::model::AnyRecord::Amend($r) => $body,
            $crate::model::AnyRecord::NightlyReview($r) => $body,
            $crate::model::AnyRecord::Meeting($r) => $body,
            $crate::model::AnyRecord::Contact($r) => $body,
            $crate::model::AnyRecord::JournalEntry($r) => $body,
            $crate::model::AnyRecord::Settings($r) => $body,
            $crate::model::AnyRecord::ListedMeeting($r) => $body,
        }
    };
}
pub(crate) use for_any;

impl AnyRecord {
    /// The record's kind.
    pub fn kind(&self) -> RecordKind {
        fn kind_of<T: Entity>(_: &T) -> RecordKind {
            T::KIND
        }
        for_any!(self, r => kind_of(r))
    }

    /// The record's identity.
    pub fn id(&self) -> Uuid {
        for_any!(self, r => r.id())
    }
}
