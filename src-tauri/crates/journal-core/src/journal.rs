//! The journal: create, unlock, lock, re-key, and every use case over the decrypted records.
//!
//! Contract:
//! - A [`Journal`] value *is* an unlocked journal: it holds the record key and the decrypted
//!   records in memory. Dropping it (or [`Journal::lock`]) checkpoints the WAL and drops the key
//!   (zeroized) and every decrypted value. There is no other way to reach the data.
//! - Every record is decrypted once, at unlock, in one query; queries run in memory after that.
//! - Every write is validated, sealed with a fresh nonce, and committed durably
//!   (`synchronous=FULL`) before the in-memory copy changes, so memory never shows what the disk
//!   does not hold.
//! - A damaged record is reported in [`Journal::damaged`] and never hides the others.
//! - Every change of secret (passphrase, recovery key) re-encrypts every record under a new
//!   master key in one transaction ([`rekey`]).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use journal_crypto::{KdfParams, KeySlot, MasterKey, RecordCipher, RecoveryKey, SlotKind};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::clean_time::{CleanTime, clean_time};
use crate::error::{JournalError, Result};
use crate::meeting_stats::{MeetingStats, NinetyInNinety, meeting_stats};
use crate::model::{
    Amend, AmendStatus, AnyRecord, CleanDate, Contact, ContactRole, Entity, InventoryRow,
    JournalEntry, ListedMeeting, Meeting, MeetingFormat, NightlyReview, RecordKind, Records,
    STEP_COUNT, Settings, StepInfo, StepNote, StepQuestion, StepStatus, StepWork, step_info,
};
use crate::search::{self, SearchHit, SearchIndex};
use crate::store::{FILE_NAME, Store};

mod rekey;
pub use rekey::Rekeyed;

/// Fewest characters a passphrase may have. The UI's strength meter encourages far more.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The key id of a journal's first master key; each rotation adds one.
const FIRST_KEY_ID: u32 = 1;

/// Why a stored record could not be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Damage {
    /// It failed authentication: changed on disk, moved, or sealed under another key.
    Unreadable,
    /// It decrypted but its contents do not make sense to this version.
    Undecodable,
    /// Its kind is unknown to this version (written by a newer app); it is kept untouched.
    UnknownKind,
}

/// A record that could not be shown. It stays in the file untouched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DamagedRecord {
    /// The record's id, when its id column is well formed.
    pub id: Option<Uuid>,
    /// Its kind, when known.
    pub kind: Option<RecordKind>,
    /// What went wrong.
    pub damage: Damage,
}

/// A new journal and its recovery key, which must be shown to the member once and then dropped.
pub struct Created {
    /// The unlocked journal.
    pub journal: Journal,
    /// The recovery key in its written form (groups of four characters).
    pub recovery_key: SecretString,
}

/// One step as the overview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepOverview {
    /// Number, summary and usual principle.
    pub info: StepInfo,
    /// The member's status and dates.
    pub work: StepWork,
    /// Notes written on the step.
    pub notes: u32,
    /// Questions on the step.
    pub questions: u32,
    /// Questions with an answer.
    pub answered: u32,
    /// Words written on the step (notes, answers and, for steps 4, 8, 9 and 10, their lists).
    pub words: u32,
}

/// Everything one step's page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepPage {
    /// The step's overview line (number, summary, principle, status, counts).
    pub overview: StepOverview,
    /// Notes, newest first.
    pub notes: Vec<StepNote>,
    /// Questions in the member's order.
    pub questions: Vec<StepQuestion>,
}

/// Filters for the meeting list. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingFilter {
    /// First day to include.
    pub from: Option<NaiveDate>,
    /// Last day to include.
    pub to: Option<NaiveDate>,
    /// Only this group (case- and accent-insensitive).
    pub group: Option<String>,
    /// Only meetings with this format.
    pub format: Option<MeetingFormat>,
}

/// Names offered when logging a meeting, from earlier entries, most recent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingSuggestions {
    /// Meeting names.
    pub names: Vec<String>,
    /// Groups.
    pub groups: Vec<String>,
    /// Places.
    pub places: Vec<String>,
    /// Service roles.
    pub service_roles: Vec<String>,
}

/// A sponsee and how long since the member talked with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SponseeToCall {
    /// The contact.
    pub id: Uuid,
    /// Their name.
    pub name: String,
    /// The last day they talked, if ever recorded.
    pub last_contact: Option<NaiveDate>,
    /// Days since then (none if never recorded).
    pub days_since: Option<u32>,
}

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

/// An unlocked journal. See the module documentation for its contract.
pub struct Journal {
    dir: PathBuf,
    store: Store,
    cipher: RecordCipher,
    records: Records,
    damaged: Vec<DamagedRecord>,
    index: Option<SearchIndex>,
}

fn slot_kind_byte(kind: SlotKind) -> u8 {
    match kind {
        SlotKind::Passphrase => 1,
        SlotKind::Recovery => 2,
    }
}

/// The bytes fed to the KDF: the passphrase in Unicode NFC, so the same words typed through
/// another keyboard layout or input method still open the journal.
fn passphrase_bytes(passphrase: &SecretString) -> Zeroizing<Vec<u8>> {
    let nfc: Zeroizing<String> = Zeroizing::new(passphrase.expose_secret().nfc().collect());
    Zeroizing::new(nfc.as_bytes().to_vec())
}

fn check_new_passphrase(passphrase: &SecretString) -> Result<()> {
    if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(JournalError::PassphraseTooShort {
            min: MIN_PASSPHRASE_CHARS,
        });
    }
    Ok(())
}

fn find_slot(store: &Store, kind: SlotKind) -> Result<KeySlot> {
    // Only this kind's row is parsed: a damaged passphrase slot must never stop the recovery
    // key, which exists for exactly that case.
    let bytes = store
        .key_slot(slot_kind_byte(kind))?
        .ok_or(JournalError::KeySlotDamaged)?;
    let slot = KeySlot::from_bytes(&bytes).map_err(|_| JournalError::KeySlotDamaged)?;
    if slot.kind() == kind {
        Ok(slot)
    } else {
        Err(JournalError::KeySlotDamaged)
    }
}

impl Journal {
    /// Whether a journal file exists in `dir`.
    pub fn exists(dir: &Path) -> bool {
        dir.join(FILE_NAME).exists()
    }

    /// Create a new journal in `dir` protected by `passphrase`, with key-derivation `params`
    /// (calibrated by the caller with [`KdfParams::calibrate`]). Returns the unlocked journal and
    /// the recovery key to show once.
    pub fn create(dir: &Path, passphrase: &SecretString, params: KdfParams) -> Result<Created> {
        check_new_passphrase(passphrase)?;
        if Self::exists(dir) {
            // Refuse before spending seconds on key derivation.
            return Err(JournalError::JournalExists);
        }
        let params = rekey::sealing_params(params, None);
        let master = MasterKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let pass_slot = KeySlot::seal(
            SlotKind::Passphrase,
            &passphrase_bytes(passphrase),
            params,
            FIRST_KEY_ID,
            &master,
        )?;
        let rec_slot = KeySlot::seal(
            SlotKind::Recovery,
            recovery.expose_secret(),
            params,
            FIRST_KEY_ID,
            &master,
        )?;
        let store = Store::create(
            dir,
            &[
                (slot_kind_byte(SlotKind::Passphrase), pass_slot.to_bytes()),
                (slot_kind_byte(SlotKind::Recovery), rec_slot.to_bytes()),
            ],
        )?;
        let journal = Self::load(dir, store, &master, FIRST_KEY_ID)?;
        Ok(Created {
            journal,
            recovery_key: recovery.display(),
        })
    }

    /// Unlock the journal in `dir` with the member's passphrase.
    pub fn unlock(dir: &Path, passphrase: &SecretString) -> Result<Journal> {
        let store = Store::open(dir)?;
        let slot = find_slot(&store, SlotKind::Passphrase)?;
        let master = slot.open(&passphrase_bytes(passphrase))?;
        Self::load(dir, store, &master, slot.key_id())
    }

    /// Unlock with the recovery key and set a new passphrase. The recovery key's checksum is
    /// checked before any key derivation, so a typo is reported at once.
    pub fn unlock_with_recovery_key(
        dir: &Path,
        recovery_key: &SecretString,
        new_passphrase: &SecretString,
    ) -> Result<Journal> {
        let recovery = RecoveryKey::parse(recovery_key.expose_secret())?;
        check_new_passphrase(new_passphrase)?;
        let mut store = Store::open(dir)?;
        let rec_slot = find_slot(&store, SlotKind::Recovery)?;
        let master = rec_slot
            .open(recovery.expose_secret())
            .map_err(|e| match e {
                journal_crypto::CryptoError::WrongSecret => JournalError::WrongRecoveryKey,
                other => other.into(),
            })?;
        // The passphrase slot may be what was damaged or tampered with, so nothing of it is
        // trusted: the new one takes the recovery slot's settings (authenticated, since that
        // slot just opened), never weaker than the floor.
        let params = rekey::sealing_params(rec_slot.params(), Some(rec_slot.params()));
        let new_slot = KeySlot::seal(
            SlotKind::Passphrase,
            &passphrase_bytes(new_passphrase),
            params,
            rec_slot.key_id(),
            &master,
        )?;
        store.with_tx(|tx| {
            tx.put_key_slot(slot_kind_byte(SlotKind::Passphrase), &new_slot.to_bytes())
        })?;
        Self::load(dir, store, &master, rec_slot.key_id())
    }

    fn load(dir: &Path, store: Store, master: &MasterKey, key_id: u32) -> Result<Journal> {
        let cipher = master.record_cipher(key_id);
        let (records, damaged) = crate::load::decrypt_all(&store, &cipher)?;
        Ok(Journal {
            dir: dir.to_path_buf(),
            store,
            cipher,
            records,
            damaged,
            index: None,
        })
    }

    /// Lock: fold the WAL into the file and drop every key and decrypted value.
    pub fn lock(self) -> Result<()> {
        self.store.checkpoint()
        // `self` drops here: the record key zeroizes, the records are freed.
    }

    /// The directory this journal lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The open store, for snapshots (`crate::backup`).
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The record cipher, for verifying snapshots (`crate::backup`).
    pub(crate) fn cipher(&self) -> &RecordCipher {
        &self.cipher
    }

    /// The decrypted records, for exports and reports.
    pub(crate) fn records(&self) -> &Records {
        &self.records
    }

    /// Write many records and deletions in **one** transaction (imports): every record is
    /// validated and sealed first, so an invalid one leaves the file and memory unchanged.
    /// Records with a nil id get a new one.
    pub(crate) fn write_batch(
        &mut self,
        mut puts: Vec<AnyRecord>,
        deletes: &[(RecordKind, Uuid)],
        today: NaiveDate,
    ) -> Result<()> {
        let mut sealed = Vec::with_capacity(puts.len());
        for any in &mut puts {
            crate::model::for_any!(any, r => {
                r.validate(today)?;
                if r.id().is_nil() {
                    r.set_id(Uuid::new_v4());
                }
                let id = r.id();
                if self.held_as_other_kind(&id, any_kind(r)) {
                    return Err(JournalError::NotFound);
                }
                sealed.push((id, any_kind(r).number(), seal_record(&self.cipher, r)?));
            });
        }
        self.store.with_tx(|tx| {
            for (_, id) in deletes {
                tx.delete_record(id.as_bytes())?;
            }
            for (id, kind, blob) in &sealed {
                tx.put_record(id.as_bytes(), *kind, blob)?;
            }
            Ok(())
        })?;
        for (kind, id) in deletes {
            remove_from(&mut self.records, *kind, id);
        }
        for any in puts {
            crate::model::for_any!(any, r => {
                let id = r.id();
                insert_record(&mut self.records, id, r);
            });
        }
        self.index = None;
        Ok(())
    }

    /// Records that could not be read at unlock.
    pub fn damaged(&self) -> &[DamagedRecord] {
        &self.damaged
    }

    // ----- generic record access -----

    /// Validate, encrypt and durably save a record (new when its id is nil), then return it as
    /// saved.
    pub fn save<T: Entity>(&mut self, mut record: T, today: NaiveDate) -> Result<T> {
        record.validate(today)?;
        if record.id().is_nil() {
            record.set_id(Uuid::new_v4());
        }
        let id = record.id();
        if self.held_as_other_kind(&id, T::KIND) {
            return Err(JournalError::NotFound);
        }
        let blob = seal_record(&self.cipher, &record)?;
        self.store
            .with_tx(|tx| tx.put_record(id.as_bytes(), T::KIND.number(), &blob))?;
        if let Some(index) = &mut self.index {
            index.put(&record);
        }
        T::table_mut(&mut self.records).insert(id, record.clone());
        Ok(record)
    }

    /// Validate, encrypt and durably save many records of one kind (an import) in **one**
    /// transaction: all of them are saved, or none is and memory is unchanged. New records
    /// (nil id) get an id. Returns the saved ids, in order.
    pub fn save_many<T: Entity + Sync>(
        &mut self,
        mut records: Vec<T>,
        today: NaiveDate,
    ) -> Result<Vec<Uuid>> {
        let mut ids = Vec::with_capacity(records.len());
        for record in &mut records {
            record.validate(today)?;
            if record.id().is_nil() {
                record.set_id(Uuid::new_v4());
            }
            if self.held_as_other_kind(&record.id(), T::KIND) {
                return Err(JournalError::NotFound);
            }
            ids.push(record.id());
        }
        let sealed = seal_many(&self.cipher, &records)?;
        self.store.with_tx(|tx| {
            for (id, blob) in ids.iter().zip(&sealed) {
                tx.put_record(id.as_bytes(), T::KIND.number(), blob)?;
            }
            Ok(())
        })?;
        let table = T::table_mut(&mut self.records);
        table.reserve(records.len());
        for record in records {
            if let Some(index) = &mut self.index {
                index.put(&record);
            }
            table.insert(record.id(), record);
        }
        Ok(ids)
    }

    /// Save a record of any kind (see [`Journal::save`]).
    pub fn save_any(&mut self, record: AnyRecord, today: NaiveDate) -> Result<AnyRecord> {
        Ok(match record {
            AnyRecord::CleanDate(r) => AnyRecord::CleanDate(self.save(r, today)?),
            AnyRecord::StepWork(r) => AnyRecord::StepWork(self.save(r, today)?),
            AnyRecord::StepNote(r) => AnyRecord::StepNote(self.save(r, today)?),
            AnyRecord::StepQuestion(r) => AnyRecord::StepQuestion(self.save(r, today)?),
            AnyRecord::InventoryRow(r) => AnyRecord::InventoryRow(self.save(r, today)?),
            AnyRecord::Amend(r) => AnyRecord::Amend(self.save(r, today)?),
            AnyRecord::NightlyReview(r) => AnyRecord::NightlyReview(self.save(r, today)?),
            AnyRecord::Meeting(r) => AnyRecord::Meeting(self.save(r, today)?),
            AnyRecord::Contact(r) => AnyRecord::Contact(self.save(r, today)?),
            AnyRecord::JournalEntry(r) => AnyRecord::JournalEntry(self.save(r, today)?),
            AnyRecord::Settings(r) => AnyRecord::Settings(self.save(r, today)?),
            AnyRecord::ListedMeeting(r) => AnyRecord::ListedMeeting(self.save(r, today)?),
        })
    }

    /// Delete a record of any kind.
    pub fn delete_any(&mut self, kind: RecordKind, id: Uuid) -> Result<()> {
        match kind {
            RecordKind::CleanDate => self.delete::<CleanDate>(id),
            RecordKind::StepWork => self.delete::<StepWork>(id),
            RecordKind::StepNote => self.delete::<StepNote>(id),
            RecordKind::StepQuestion => self.delete::<StepQuestion>(id),
            RecordKind::InventoryRow => self.delete::<InventoryRow>(id),
            RecordKind::Amend => self.delete::<Amend>(id),
            RecordKind::NightlyReview => self.delete::<NightlyReview>(id),
            RecordKind::Meeting => self.delete::<Meeting>(id),
            RecordKind::Contact => self.delete::<Contact>(id),
            RecordKind::JournalEntry => self.delete::<JournalEntry>(id),
            RecordKind::Settings => self.delete::<Settings>(id),
            RecordKind::ListedMeeting => self.delete::<ListedMeeting>(id),
        }
    }

    /// Delete a record of kind `T`.
    pub fn delete<T: Entity>(&mut self, id: Uuid) -> Result<()> {
        if !T::table(&self.records).contains_key(&id) {
            return Err(JournalError::NotFound);
        }
        self.store.with_tx(|tx| tx.delete_record(id.as_bytes()))?;
        T::table_mut(&mut self.records).remove(&id);
        if let Some(index) = &mut self.index {
            index.remove(&id);
        }
        Ok(())
    }

    /// One record of kind `T`.
    pub fn get<T: Entity>(&self, id: Uuid) -> Option<&T> {
        T::table(&self.records).get(&id)
    }

    /// Every record of kind `T`, in no particular order.
    pub fn all<T: Entity>(&self) -> impl Iterator<Item = &T> {
        T::table(&self.records).values()
    }

    /// An id may belong to one kind only, and a damaged record's id is never written over.
    fn held_as_other_kind(&self, id: &Uuid, kind: RecordKind) -> bool {
        let r = &self.records;
        let holders = [
            (RecordKind::CleanDate, r.clean_dates.contains_key(id)),
            (RecordKind::StepWork, r.step_work.contains_key(id)),
            (RecordKind::StepNote, r.step_notes.contains_key(id)),
            (RecordKind::StepQuestion, r.step_questions.contains_key(id)),
            (RecordKind::InventoryRow, r.inventory.contains_key(id)),
            (RecordKind::Amend, r.amends.contains_key(id)),
            (RecordKind::NightlyReview, r.reviews.contains_key(id)),
            (RecordKind::Meeting, r.meetings.contains_key(id)),
            (RecordKind::Contact, r.contacts.contains_key(id)),
            (RecordKind::JournalEntry, r.entries.contains_key(id)),
            (RecordKind::Settings, r.settings.contains_key(id)),
            (
                RecordKind::ListedMeeting,
                r.listed_meetings.contains_key(id),
            ),
        ];
        holders.iter().any(|(k, held)| *held && *k != kind)
            || self.damaged.iter().any(|d| d.id == Some(*id))
    }

    // ----- clean time -----

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

    // ----- steps -----

    /// The member's record for `step`, or a fresh one (not yet saved).
    pub fn step_work(&self, step: u8) -> StepWork {
        self.all::<StepWork>()
            .find(|w| w.step == step)
            .cloned()
            .unwrap_or(StepWork {
                id: Uuid::nil(),
                step,
                status: StepStatus::NotStarted,
                started_on: None,
                completed_on: None,
                principle: String::new(),
            })
    }

    /// Set a step's status, dating the start and the completion.
    pub fn set_step_status(
        &mut self,
        step: u8,
        status: StepStatus,
        today: NaiveDate,
    ) -> Result<StepWork> {
        let mut work = self.step_work(step);
        work.status = status;
        match status {
            StepStatus::NotStarted => {
                work.started_on = None;
                work.completed_on = None;
            }
            StepStatus::Working => {
                work.started_on.get_or_insert(today);
                work.completed_on = None;
            }
            StepStatus::Done => {
                work.started_on.get_or_insert(today);
                work.completed_on = Some(today);
            }
        }
        self.save(work, today)
    }

    /// The twelve steps with status and how much has been written on each.
    pub fn steps_overview(&self) -> Vec<StepOverview> {
        (1..=STEP_COUNT)
            .filter_map(|n| {
                let info = step_info(n)?;
                let notes: Vec<&StepNote> =
                    self.all::<StepNote>().filter(|x| x.step == n).collect();
                let questions: Vec<&StepQuestion> =
                    self.all::<StepQuestion>().filter(|x| x.step == n).collect();
                let mut words: usize = notes.iter().map(|x| word_count(&x.text)).sum::<usize>()
                    + questions
                        .iter()
                        .map(|x| word_count(&x.answer))
                        .sum::<usize>();
                words += match n {
                    4 => self.all::<InventoryRow>().map(words_of).sum(),
                    8 | 9 => self.all::<Amend>().map(words_of).sum(),
                    10 => self.all::<NightlyReview>().map(words_of).sum(),
                    _ => 0,
                };
                Some(StepOverview {
                    info,
                    work: self.step_work(n),
                    notes: count(notes.len()),
                    questions: count(questions.len()),
                    answered: count(
                        questions
                            .iter()
                            .filter(|q| !q.answer.trim().is_empty())
                            .count(),
                    ),
                    words: count(words),
                })
            })
            .collect()
    }

    /// One step's page, or `None` for a number outside 1 to 12.
    pub fn step_page(&self, step: u8) -> Option<StepPage> {
        let overview = self
            .steps_overview()
            .into_iter()
            .find(|o| o.info.number == step)?;
        Some(StepPage {
            overview,
            notes: self.step_notes(step),
            questions: self.step_questions(step),
        })
    }

    /// Notes on `step`, newest first.
    pub fn step_notes(&self, step: u8) -> Vec<StepNote> {
        let mut v: Vec<StepNote> = self
            .all::<StepNote>()
            .filter(|n| n.step == step)
            .cloned()
            .collect();
        v.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
        v
    }

    /// Questions on `step`, in the member's order.
    pub fn step_questions(&self, step: u8) -> Vec<StepQuestion> {
        let mut v: Vec<StepQuestion> = self
            .all::<StepQuestion>()
            .filter(|q| q.step == step)
            .cloned()
            .collect();
        v.sort_by_key(|q| (q.position, q.id));
        v
    }

    /// Put the questions of `step` in the order of `ids`, in one transaction. Ids not on the
    /// step are refused; questions not named keep their relative order after the named ones.
    pub fn reorder_questions(&mut self, step: u8, ids: &[Uuid], today: NaiveDate) -> Result<()> {
        let mut current = self.step_questions(step);
        if ids.iter().any(|id| !current.iter().any(|q| q.id == *id)) {
            return Err(JournalError::NotFound);
        }
        current.sort_by_key(|q| ids.iter().position(|id| *id == q.id).unwrap_or(usize::MAX));
        let mut sealed = Vec::with_capacity(current.len());
        for (pos, q) in current.iter_mut().enumerate() {
            q.position = count(pos);
            q.validate(today)?;
            sealed.push((q.id, seal_record(&self.cipher, &*q)?));
        }
        self.store.with_tx(|tx| {
            for (id, blob) in &sealed {
                tx.put_record(id.as_bytes(), StepQuestion::KIND.number(), blob)?;
            }
            Ok(())
        })?;
        for q in current {
            self.records.step_questions.insert(q.id, q);
        }
        Ok(())
    }

    /// The 4th-step inventory, in table order.
    pub fn inventory(&self) -> Vec<InventoryRow> {
        let mut v: Vec<InventoryRow> = self.all::<InventoryRow>().cloned().collect();
        v.sort_by_key(|r| (r.position, r.id));
        v
    }

    /// The amends list, optionally only those with `status`, by person.
    pub fn amends(&self, status: Option<AmendStatus>) -> Vec<Amend> {
        let mut v: Vec<Amend> = self
            .all::<Amend>()
            .filter(|a| status.is_none_or(|s| a.status == s))
            .cloned()
            .collect();
        v.sort_by_cached_key(|a| (search::fold(&a.person), a.id));
        v
    }

    /// Nightly reviews, newest first.
    pub fn nightly_reviews(&self) -> Vec<NightlyReview> {
        let mut v: Vec<NightlyReview> = self.all::<NightlyReview>().cloned().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.date));
        v
    }

    // ----- meetings -----

    /// Meetings matching `filter`, newest first.
    pub fn meetings(&self, filter: &MeetingFilter) -> Vec<Meeting> {
        let group = filter.group.as_deref().map(search::fold);
        let mut v: Vec<Meeting> = self
            .all::<Meeting>()
            .filter(|m| filter.from.is_none_or(|f| m.date >= f))
            .filter(|m| filter.to.is_none_or(|t| m.date <= t))
            .filter(|m| filter.format.is_none_or(|f| m.formats.contains(&f)))
            .filter(|m| group.as_deref().is_none_or(|g| search::fold(&m.group) == g))
            .cloned()
            .collect();
        v.sort_by_key(|m| std::cmp::Reverse((m.date, m.start_time)));
        v
    }

    /// Attendance statistics as of `today`.
    pub fn meeting_stats(&self, today: NaiveDate) -> MeetingStats {
        let dates: Vec<NaiveDate> = self.all::<Meeting>().map(|m| m.date).collect();
        meeting_stats(&dates, today, self.settings().ninety_start)
    }

    /// Names, groups, places and service roles used before, most recent first, each once.
    pub fn meeting_suggestions(&self) -> MeetingSuggestions {
        let mut by_recent: Vec<&Meeting> = self.all::<Meeting>().collect();
        by_recent.sort_by_key(|m| std::cmp::Reverse((m.date, m.start_time)));
        let distinct = |pick: fn(&Meeting) -> &str| -> Vec<String> {
            let mut seen = std::collections::HashSet::new();
            by_recent
                .iter()
                .map(|m| pick(m).trim())
                .filter(|s| !s.is_empty() && seen.insert(search::fold(s)))
                .take(50)
                .map(str::to_owned)
                .collect()
        };
        MeetingSuggestions {
            names: distinct(|m| &m.name),
            groups: distinct(|m| &m.group),
            places: distinct(|m| &m.place),
            service_roles: distinct(|m| &m.service_role),
        }
    }

    // ----- contacts -----

    /// Contacts whose name, phone or notes contain `query` (all when empty), by name.
    pub fn contacts(&self, query: &str) -> Vec<Contact> {
        let q = search::fold(query.trim());
        let mut v: Vec<Contact> = self
            .all::<Contact>()
            .filter(|c| q.is_empty() || c.texts().iter().any(|t| search::fold(t).contains(&q)))
            .cloned()
            .collect();
        v.sort_by_cached_key(|c| (search::fold(&c.name), c.id));
        v
    }

    /// Record that the member talked with a contact today.
    pub fn mark_contacted(&mut self, id: Uuid, today: NaiveDate) -> Result<Contact> {
        let mut contact = self
            .get::<Contact>(id)
            .cloned()
            .ok_or(JournalError::NotFound)?;
        contact.last_contact = Some(today);
        self.save(contact, today)
    }

    /// The sponsee the member has not talked with for the longest (never counts as longest).
    pub fn sponsee_to_call(&self, today: NaiveDate) -> Option<SponseeToCall> {
        self.all::<Contact>()
            .filter(|c| c.role == ContactRole::Sponsee)
            .min_by_key(|c| (c.last_contact, search::fold(&c.name)))
            .map(|c| SponseeToCall {
                id: c.id,
                name: c.name.clone(),
                last_contact: c.last_contact,
                days_since: c
                    .last_contact
                    .and_then(|d| u32::try_from((today - d).num_days()).ok()),
            })
    }

    // ----- daily journal -----

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

    // ----- settings -----

    /// The member's settings (defaults until first saved).
    pub fn settings(&self) -> Settings {
        self.get::<Settings>(Settings::ID)
            .cloned()
            .unwrap_or_default()
    }

    // ----- search and dashboard -----

    /// Records containing every word of `query`, case- and accent-insensitive, up to `limit`,
    /// grouped by kind and newest first within a kind.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<SearchHit> {
        let index = self.index.get_or_insert_with(|| build_index(&self.records));
        let ids = index.matching(query);
        let r = &self.records;
        let mut hits: Vec<search::PendingHit<'_>> = ids
            .iter()
            .filter_map(|id| {
                if let Some(x) = r.step_notes.get(id) {
                    return Some(search::hit(x, query, Some(x.step)));
                }
                if let Some(x) = r.step_questions.get(id) {
                    return Some(search::hit(x, query, Some(x.step)));
                }
                if let Some(x) = r.step_work.get(id) {
                    return Some(search::hit(x, query, Some(x.step)));
                }
                r.clean_dates
                    .get(id)
                    .map(|x| search::hit(x, query, None))
                    .or_else(|| r.inventory.get(id).map(|x| search::hit(x, query, Some(4))))
                    .or_else(|| r.amends.get(id).map(|x| search::hit(x, query, Some(9))))
                    .or_else(|| r.reviews.get(id).map(|x| search::hit(x, query, Some(10))))
                    .or_else(|| r.meetings.get(id).map(|x| search::hit(x, query, None)))
                    .or_else(|| r.contacts.get(id).map(|x| search::hit(x, query, None)))
                    .or_else(|| r.entries.get(id).map(|x| search::hit(x, query, None)))
            })
            .collect();
        hits.sort_by(|a, b| {
            let (a, b) = (&a.hit, &b.hit);
            a.kind
                .cmp(&b.kind)
                .then(b.date.cmp(&a.date))
                .then(a.title.cmp(&b.title))
        });
        hits.truncate(limit);
        // Snippets only for the hits shown.
        hits.into_iter().map(|h| h.finish(query)).collect()
    }

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

impl Drop for Journal {
    fn drop(&mut self) {
        // Best effort: a failed checkpoint leaves a valid WAL that the next open replays.
        let _ = self.store.checkpoint();
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn words_of<T: Entity>(record: &T) -> usize {
    record.texts().iter().map(|t| word_count(t)).sum()
}

fn build_index(records: &Records) -> SearchIndex {
    let mut index = SearchIndex::default();
    fn add<T: Entity + Sync>(index: &mut SearchIndex, table: &HashMap<Uuid, T>) {
        index.put_all(table);
    }
    add(&mut index, &records.clean_dates);
    add(&mut index, &records.step_work);
    add(&mut index, &records.step_notes);
    add(&mut index, &records.step_questions);
    add(&mut index, &records.inventory);
    add(&mut index, &records.amends);
    add(&mut index, &records.reviews);
    add(&mut index, &records.meetings);
    add(&mut index, &records.contacts);
    add(&mut index, &records.entries);
    index
}

/// Seal every record of `records` (see [`seal_record`]), in order, on every core for a large
/// batch.
fn seal_many<T: Entity + Sync>(cipher: &RecordCipher, records: &[T]) -> Result<Vec<Vec<u8>>> {
    on_every_core(records, |part| {
        part.iter().map(|r| seal_record(cipher, r)).collect()
    })
}

/// Run `part` over `items` cut into one chunk per core (at most four), and join what each
/// chunk gives, in order. A small batch, where starting threads costs more than it saves, is
/// one chunk on this thread. The first error wins.
pub(crate) fn on_every_core<I: Sync, O: Send>(
    items: &[I],
    part: impl Fn(&[I]) -> Result<Vec<O>> + Sync,
) -> Result<Vec<O>> {
    const PARALLEL_MIN: usize = 512;
    let threads = if items.len() < PARALLEL_MIN {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4)
    };
    if threads == 1 {
        return part(items);
    }
    let per = items.len().div_ceil(threads);
    let part = &part;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per)
            .map(|chunk| scope.spawn(move || part(chunk)))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for handle in handles {
            out.extend(handle.join().map_err(|_| JournalError::Crypto)??);
        }
        Ok(out)
    })
}

/// Serialize a record and seal it under its kind and id; the plaintext is zeroized after.
fn seal_record<T: Entity>(cipher: &RecordCipher, record: &T) -> Result<Vec<u8>> {
    let json = Zeroizing::new(serde_json::to_vec(record).map_err(|_| JournalError::Crypto)?);
    Ok(cipher.seal(T::KIND.number(), record.id().as_bytes(), &json)?)
}

/// Decrypt and decode one stored row into `records`, decrypting into `buf` (reused from row to
/// row, zeroizing).
pub(crate) fn decode_into(
    cipher: &RecordCipher,
    id: &[u8],
    kind: u16,
    blob: &[u8],
    records: &mut Records,
    buf: &mut Zeroizing<Vec<u8>>,
) -> std::result::Result<(), DamagedRecord> {
    let known = RecordKind::from_number(kind);
    let id_bytes: Option<[u8; 16]> = id.try_into().ok();
    let uuid = id_bytes.map(Uuid::from_bytes);
    let damaged = |damage| DamagedRecord {
        id: uuid,
        kind: known,
        damage,
    };
    let (Some(kind_enum), Some(id_bytes)) = (known, id_bytes) else {
        return Err(damaged(if known.is_none() {
            Damage::UnknownKind
        } else {
            Damage::Unreadable
        }));
    };
    let plain = cipher
        .open_into(kind, &id_bytes, blob, buf)
        .map_err(|_| damaged(Damage::Unreadable))?;
    let id = Uuid::from_bytes(id_bytes);
    let ok = match kind_enum {
        RecordKind::CleanDate => insert::<CleanDate>(records, id, plain),
        RecordKind::StepWork => insert::<StepWork>(records, id, plain),
        RecordKind::StepNote => insert::<StepNote>(records, id, plain),
        RecordKind::StepQuestion => insert::<StepQuestion>(records, id, plain),
        RecordKind::InventoryRow => insert::<InventoryRow>(records, id, plain),
        RecordKind::Amend => insert::<Amend>(records, id, plain),
        RecordKind::NightlyReview => insert::<NightlyReview>(records, id, plain),
        RecordKind::Meeting => insert::<Meeting>(records, id, plain),
        RecordKind::Contact => insert::<Contact>(records, id, plain),
        RecordKind::JournalEntry => insert::<JournalEntry>(records, id, plain),
        RecordKind::Settings => insert::<Settings>(records, id, plain),
        RecordKind::ListedMeeting => insert::<ListedMeeting>(records, id, plain),
    };
    if ok {
        Ok(())
    } else {
        Err(damaged(Damage::Undecodable))
    }
}

fn any_kind<T: Entity>(_: &T) -> RecordKind {
    T::KIND
}

fn insert_record<T: Entity>(records: &mut Records, id: Uuid, record: T) {
    T::table_mut(records).insert(id, record);
}

fn remove_from(records: &mut Records, kind: RecordKind, id: &Uuid) {
    fn rm<T: Entity>(records: &mut Records, id: &Uuid) {
        T::table_mut(records).remove(id);
    }
    match kind {
        RecordKind::CleanDate => rm::<CleanDate>(records, id),
        RecordKind::StepWork => rm::<StepWork>(records, id),
        RecordKind::StepNote => rm::<StepNote>(records, id),
        RecordKind::StepQuestion => rm::<StepQuestion>(records, id),
        RecordKind::InventoryRow => rm::<InventoryRow>(records, id),
        RecordKind::Amend => rm::<Amend>(records, id),
        RecordKind::NightlyReview => rm::<NightlyReview>(records, id),
        RecordKind::Meeting => rm::<Meeting>(records, id),
        RecordKind::Contact => rm::<Contact>(records, id),
        RecordKind::JournalEntry => rm::<JournalEntry>(records, id),
        RecordKind::Settings => rm::<Settings>(records, id),
        RecordKind::ListedMeeting => rm::<ListedMeeting>(records, id),
    }
}

fn insert<T: Entity>(records: &mut Records, id: Uuid, plain: &[u8]) -> bool {
    match serde_json::from_slice::<T>(plain) {
        // The id inside must match the row's: the AAD already binds the row id, this guards
        // against a record serialized with another identity.
        Ok(mut record) if record.id() == id => {
            record.upgrade();
            T::table_mut(records).insert(id, record);
            true
        }
        _ => false,
    }
}
