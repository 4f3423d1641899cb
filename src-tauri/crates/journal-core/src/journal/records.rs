//! Generic record access: save, delete and read any kind of record.
//!
//! Contract:
//! - These are the only writes of records (the capability modules write through them, the
//!   meeting-list and JSON imports through [`Journal::write_batch`]). Each write validates every
//!   record, seals it, and commits before the in-memory tables and the search index change; a
//!   failure leaves both file and memory as they were.
//! - An id belongs to one kind only, and a damaged record's id is never written over
//!   ([`Journal::held_as_other_kind`]): such a save is refused as not found.
//! - Kind-generic code dispatches through the record kinds table (`with_kind!`, `for_any!`),
//!   never through a list of its own.

use chrono::NaiveDate;
use uuid::Uuid;

use super::unlocked::Journal;
use crate::codec::{seal_many, seal_record};
use crate::error::{JournalError, Result};
use crate::model::{AnyRecord, Entity, RecordKind, Records, Stored, for_any, with_kind};

impl Journal {
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
            for_any!(any, r => {
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
            self.records.remove(*kind, id);
        }
        for any in puts {
            for_any!(any, r => {
                let id = r.id();
                insert_record(&mut self.records, id, r);
            });
        }
        self.index = None;
        Ok(())
    }

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
        Ok(for_any!(record, r => self.save(r, today)?.into_any()))
    }

    /// Delete a record of any kind.
    pub fn delete_any(&mut self, kind: RecordKind, id: Uuid) -> Result<()> {
        with_kind!(kind, K => self.delete::<K>(id))
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
        RecordKind::ALL
            .into_iter()
            .any(|k| k != kind && self.records.holds(k, id))
            || self.damaged.iter().any(|d| d.id == Some(*id))
    }
}

fn any_kind<T: Entity>(_: &T) -> RecordKind {
    T::KIND
}

fn insert_record<T: Entity>(records: &mut Records, id: Uuid, record: T) {
    T::table_mut(records).insert(id, record);
}
