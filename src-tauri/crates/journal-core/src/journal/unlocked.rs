//! The unlocked journal value and its life: create, unlock, lock.
//!
//! Contract:
//! - A [`Journal`] exists only unlocked: [`Journal::create`], [`Journal::unlock`] and
//!   [`Journal::unlock_with_recovery_key`] are the only ways to get one, and each decrypts every
//!   record once, here (`crate::load`).
//! - [`Journal::lock`], or dropping the value, checkpoints the WAL and drops the record key
//!   (zeroized) and every decrypted value.
//! - A new journal's slots, and the passphrase slot the recovery key resets, are sealed with at
//!   least the floor of key derivation (`keys::sealing_params`).

use std::path::{Path, PathBuf};

use journal_crypto::{KdfParams, KeySlot, MasterKey, RecordCipher, RecoveryKey, SlotKind};
use secrecy::{ExposeSecret, SecretString};

use super::keys::{
    FIRST_KEY_ID, check_new_passphrase, find_slot, passphrase_bytes, sealing_params, slot_kind_byte,
};
use crate::codec::DamagedRecord;
use crate::error::{JournalError, Result};
use crate::model::Records;
use crate::search::SearchIndex;
use crate::store::{FILE_NAME, Store};

/// A new journal and its recovery key, which must be shown to the member once and then dropped.
pub struct Created {
    /// The unlocked journal.
    pub journal: Journal,
    /// The recovery key in its written form (groups of four characters).
    pub recovery_key: SecretString,
}

/// An unlocked journal. See the module documentation for its contract.
///
/// The fields are the journal module's alone (each capability is an `impl Journal` in a
/// sibling module); the rest of the crate goes through the accessors below.
pub struct Journal {
    pub(super) dir: PathBuf,
    pub(super) store: Store,
    pub(super) cipher: RecordCipher,
    pub(super) records: Records,
    pub(super) damaged: Vec<DamagedRecord>,
    /// Built on the first search, dropped by a batch write (see `search.rs`).
    pub(super) index: Option<SearchIndex>,
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
        let params = sealing_params(params, None);
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
        let params = sealing_params(rec_slot.params(), Some(rec_slot.params()));
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

    /// Records that could not be read at unlock.
    pub fn damaged(&self) -> &[DamagedRecord] {
        &self.damaged
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        // Best effort: a failed checkpoint leaves a valid WAL that the next open replays.
        let _ = self.store.checkpoint();
    }
}

/// A count for the UI, which takes `u32`: no journal holds four billion of anything, and a
/// saturated figure is still true enough to show.
pub(super) fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
