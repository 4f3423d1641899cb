//! Changing the journal's secrets: every change gives the journal a new master key.
//!
//! Contract:
//! - [`Journal::change_passphrase`] and [`Journal::new_recovery_key`] each re-encrypt every
//!   stored record under a brand-new master key with a higher key id, and seal both key slots
//!   anew, in **one** transaction. After a crash at any point exactly one of the old and the new
//!   secret sets opens everything (`tests/system/tests/it/crash.rs`).
//! - Both return a new recovery key to show once. The recovery slot wraps the master key under
//!   the recovery key itself, so a new master key needs a new recovery key; the old one, like
//!   the old passphrase, opens only copies made before the change (backups), and what they hold
//!   is sealed under the old master key, which opens nothing written since.
//! - Rows are re-sealed from their stored ciphertext (opened with the old record key, sealed
//!   with the new one under the same kind and id), so a record this version cannot decode, or
//!   whose kind it does not know, survives the change. A row that does not open under the old
//!   key (damaged) stays exactly as it was.
//! - The WAL is checkpointed (TRUNCATE) right after the commit, so no page of the old slots or
//!   blobs lingers beside the file. Then the automatic backups are renewed: a fresh verified
//!   one (unless backups are off), and only after that the older automatic ones are deleted.
//!   Copies the member made elsewhere, and the copies kept before a restore, are never touched.
//! - Every slot is sealed with key derivation at least as strong as OWASP's minimum for
//!   Argon2id and the recovery slot's own settings (`keys::sealing_params`).
//! - The member proves they know the current passphrase before anything changes.

use chrono::{DateTime, Utc};
use journal_crypto::{KeySlot, MasterKey, RecordCipher, RecoveryKey, SlotKind};
use secrecy::SecretString;
use zeroize::Zeroizing;

use super::keys::{
    check_new_passphrase, find_slot, passphrase_bytes, sealing_params, slot_kind_byte,
};
use super::unlocked::Journal;
use crate::codec::on_every_core;
use crate::error::{JournalError, Result};

/// What a change of secrets did.
#[derive(Debug)]
pub struct Rekeyed {
    /// The new recovery key, to show once.
    pub recovery_key: SecretString,
    /// Why the automatic backups could not be renewed, if they could not. The change itself
    /// is done and durable either way; the older automatic backups are then kept (they are the
    /// only ones), and still open with the old secrets.
    pub backup_problem: Option<JournalError>,
}

impl Journal {
    /// Open the passphrase slot with `current`: the member proves they know the passphrase
    /// before anything about the keys changes.
    fn verify_passphrase(&self, current: &SecretString) -> Result<KeySlot> {
        let slot = find_slot(&self.store, SlotKind::Passphrase)?;
        slot.open(&passphrase_bytes(current))?;
        Ok(slot)
    }

    /// Change the passphrase to `new`. Everything is re-encrypted under a new master key, and a
    /// new recovery key is returned (see the module contract). `now` names the fresh automatic
    /// backup.
    pub fn change_passphrase(
        &mut self,
        current: &SecretString,
        new: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<Rekeyed> {
        check_new_passphrase(new)?;
        let slot = self.verify_passphrase(current)?;
        self.rekey(&slot, new, now)
    }

    /// Replace the recovery key. Everything is re-encrypted under a new master key; the
    /// passphrase stays the same. Returns the new recovery key to show once.
    pub fn new_recovery_key(
        &mut self,
        current: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<Rekeyed> {
        let slot = self.verify_passphrase(current)?;
        self.rekey(&slot, current, now)
    }

    /// The change itself: a new master key, every row re-sealed, both slots replaced, one
    /// transaction, then the checkpoint and the backups.
    fn rekey(
        &mut self,
        pass_slot: &KeySlot,
        passphrase: &SecretString,
        now: DateTime<Utc>,
    ) -> Result<Rekeyed> {
        let key_id = pass_slot
            .key_id()
            .checked_add(1)
            .ok_or(JournalError::Crypto)?;
        let recovery_params = find_slot(&self.store, SlotKind::Recovery)
            .ok()
            .map(|s| s.params());
        let params = sealing_params(pass_slot.params(), recovery_params);
        let master = MasterKey::generate()?;
        let recovery = RecoveryKey::generate()?;
        let new_pass = KeySlot::seal(
            SlotKind::Passphrase,
            &passphrase_bytes(passphrase),
            params,
            key_id,
            &master,
        )?;
        let new_rec = KeySlot::seal(
            SlotKind::Recovery,
            recovery.expose_secret(),
            params,
            key_id,
            &master,
        )?;
        let cipher = master.record_cipher(key_id);
        let resealed = reseal_rows(&self.store, &self.cipher, &cipher)?;
        self.store.with_tx(|tx| {
            for row in &resealed {
                tx.put_record(&row.id, row.kind, &row.blob)?;
            }
            tx.put_key_slot(slot_kind_byte(SlotKind::Passphrase), &new_pass.to_bytes())?;
            tx.put_key_slot(slot_kind_byte(SlotKind::Recovery), &new_rec.to_bytes())
        })?;
        self.cipher = cipher;
        // The commit is durable; from here on a failure must not hide the new recovery key,
        // without which the member could not get back in after forgetting the passphrase.
        let checkpoint = self.store.checkpoint();
        let backups = checkpoint.and_then(|()| self.renew_automatic_backups(now));
        Ok(Rekeyed {
            recovery_key: recovery.display(),
            backup_problem: backups.err(),
        })
    }
}

/// One stored row, sealed under the new key.
struct Resealed {
    id: [u8; 16],
    kind: u16,
    blob: Vec<u8>,
}

/// Every stored row that opens under `old`, opened and sealed again under `new` with the same
/// kind and id, on every core for a large journal. Rows that do not open are left out: they
/// stay in the file as they were.
fn reseal_rows(
    store: &crate::store::Store,
    old: &RecordCipher,
    new: &RecordCipher,
) -> Result<Vec<Resealed>> {
    let mut rows: Vec<([u8; 16], u16, Vec<u8>)> = Vec::new();
    store.for_each_record(|id, kind, blob| {
        if let Ok(id) = <[u8; 16]>::try_from(id) {
            rows.push((id, kind, blob.to_vec()));
        }
        Ok(())
    })?;
    on_every_core(&rows, |part| {
        let mut buf = Zeroizing::new(Vec::new());
        let mut out = Vec::with_capacity(part.len());
        for (id, kind, blob) in part {
            let Ok(plain) = old.open_into(*kind, id, blob, &mut buf) else {
                continue;
            };
            out.push(Resealed {
                id: *id,
                kind: *kind,
                blob: new.seal(*kind, id, plain)?,
            });
        }
        Ok(out)
    })
}
