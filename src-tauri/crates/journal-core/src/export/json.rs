//! The whole journal as one JSON document, and importing it into an empty journal.
//!
//! Contract: the document is
//! `{"format":"recovery-journal-export","version":1,"exportedAt":…,"records":{…}}` where each
//! member of `records` is a list of records in exactly their stored (serde, camelCase) form,
//! sorted by id. Import refuses anything it would not reproduce exactly: another format, a
//! newer version, unknown members, a nil or repeated id, or a record that fails validation.
//! It writes every record in **one** transaction, or nothing.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::backup::KindCount;
use crate::error::{JournalError, Result};
use crate::journal::Journal;
use crate::model::{
    Amend, AnyRecord, CleanDate, Contact, Entity, InventoryRow, JournalEntry, ListedMeeting,
    Meeting, NightlyReview, RecordKind, Settings, StepNote, StepQuestion, StepWork,
};

/// The `format` member of every export.
pub const EXPORT_FORMAT: &str = "recovery-journal-export";
/// The schema version this code writes and the newest it reads.
pub const EXPORT_VERSION: u32 = 1;
/// Largest export file read by [`Journal::import_json`]: 256 MiB.
pub const IMPORT_MAX_BYTES: usize = 256 * 1024 * 1024;

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportSummary {
    /// Records written, per kind (kinds with none left out), in kind order.
    pub counts: Vec<KindCount>,
    /// All records written.
    pub records: u32,
}

/// Every record of the journal, by kind. Field names are the schema's; see `docs/exports.md`.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct ExportRecords {
    clean_dates: Vec<CleanDate>,
    step_work: Vec<StepWork>,
    step_notes: Vec<StepNote>,
    step_questions: Vec<StepQuestion>,
    inventory_rows: Vec<InventoryRow>,
    amends: Vec<Amend>,
    nightly_reviews: Vec<NightlyReview>,
    meetings: Vec<Meeting>,
    contacts: Vec<Contact>,
    journal_entries: Vec<JournalEntry>,
    settings: Option<Settings>,
    listed_meetings: Vec<ListedMeeting>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ExportFile {
    format: String,
    version: u32,
    exported_at: DateTime<Utc>,
    records: ExportRecords,
}

/// Only the members that say what a document is, read before anything else.
#[derive(Deserialize)]
struct Probe {
    format: String,
    version: u32,
}

fn sorted<T: Entity>(journal: &Journal) -> Vec<T> {
    let mut v: Vec<T> = journal.all::<T>().cloned().collect();
    v.sort_by_key(Entity::id);
    v
}

impl Journal {
    /// Everything in the journal as JSON (see the module contract), stamped with `now`.
    pub fn export_json(&self, now: DateTime<Utc>) -> Result<Vec<u8>> {
        let file = ExportFile {
            format: EXPORT_FORMAT.to_owned(),
            version: EXPORT_VERSION,
            exported_at: now,
            records: ExportRecords {
                clean_dates: sorted(self),
                step_work: sorted(self),
                step_notes: sorted(self),
                step_questions: sorted(self),
                inventory_rows: sorted(self),
                amends: sorted(self),
                nightly_reviews: sorted(self),
                meetings: sorted(self),
                contacts: sorted(self),
                journal_entries: sorted(self),
                settings: self.get::<Settings>(Settings::ID).cloned(),
                listed_meetings: sorted(self),
            },
        };
        serde_json::to_vec_pretty(&file).map_err(|_| JournalError::ImportMalformed)
    }

    /// Import a JSON export into this journal, which must hold nothing yet (settings aside:
    /// the export's settings replace them). Everything is checked before anything is written,
    /// then written in one transaction. `today` bounds dates as in every save.
    pub fn import_json(&mut self, bytes: &[u8], today: NaiveDate) -> Result<ImportSummary> {
        if bytes.len() > IMPORT_MAX_BYTES {
            return Err(JournalError::ImportTooLarge {
                max_mib: (IMPORT_MAX_BYTES >> 20) as u32,
            });
        }
        let empty = crate::backup::counts_of(self.records())
            .iter()
            .all(|c| c.kind == RecordKind::Settings)
            && self.damaged().is_empty();
        if !empty {
            return Err(JournalError::NotEmpty);
        }
        let probe: Probe =
            serde_json::from_slice(bytes).map_err(|_| JournalError::ImportMalformed)?;
        if probe.format != EXPORT_FORMAT {
            return Err(JournalError::ImportMalformed);
        }
        if probe.version > EXPORT_VERSION {
            return Err(JournalError::NewerVersion);
        }
        let value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|_| JournalError::ImportMalformed)?;
        let file: ExportFile =
            serde_json::from_value(value.clone()).map_err(|_| JournalError::ImportMalformed)?;
        // A member a record type does not know would be dropped silently: refuse instead.
        let read_back =
            serde_json::to_value(&file.records).map_err(|_| JournalError::ImportMalformed)?;
        if !keys_within(&value["records"], &read_back) {
            return Err(JournalError::ImportMalformed);
        }
        let r = file.records;
        let mut all: Vec<AnyRecord> = Vec::new();
        all.extend(r.clean_dates.into_iter().map(AnyRecord::CleanDate));
        all.extend(r.step_work.into_iter().map(AnyRecord::StepWork));
        all.extend(r.step_notes.into_iter().map(AnyRecord::StepNote));
        all.extend(r.step_questions.into_iter().map(AnyRecord::StepQuestion));
        all.extend(r.inventory_rows.into_iter().map(AnyRecord::InventoryRow));
        all.extend(r.amends.into_iter().map(AnyRecord::Amend));
        all.extend(r.nightly_reviews.into_iter().map(AnyRecord::NightlyReview));
        all.extend(r.meetings.into_iter().map(AnyRecord::Meeting));
        all.extend(r.contacts.into_iter().map(AnyRecord::Contact));
        all.extend(r.journal_entries.into_iter().map(AnyRecord::JournalEntry));
        all.extend(r.settings.into_iter().map(AnyRecord::Settings));
        all.extend(r.listed_meetings.into_iter().map(AnyRecord::ListedMeeting));
        let mut seen = HashSet::with_capacity(all.len());
        let mut steps = HashSet::new();
        for any in &all {
            let id: Uuid = any.id();
            if id.is_nil() || !seen.insert(id) {
                return Err(JournalError::ImportMalformed);
            }
            // One status record per step, as the app keeps it.
            if let AnyRecord::StepWork(w) = any
                && !steps.insert(w.step)
            {
                return Err(JournalError::ImportMalformed);
            }
        }
        let mut counts = std::collections::BTreeMap::<RecordKind, u32>::new();
        for any in &all {
            *counts.entry(any.kind()).or_default() += 1;
        }
        self.write_batch(all, &[], today)?;
        Ok(ImportSummary {
            records: counts.values().sum(),
            counts: counts
                .into_iter()
                .map(|(kind, count)| KindCount { kind, count })
                .collect(),
        })
    }
}

/// Whether every object key in `input` (recursively) is also in `read_back`: nothing of the
/// file was ignored by the record types.
fn keys_within(input: &serde_json::Value, read_back: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (input, read_back) {
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| keys_within(v, w))),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| keys_within(v, w))
        }
        // A null the reader filled with a default, or any scalar: nothing was dropped.
        _ => true,
    }
}
