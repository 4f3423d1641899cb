//! Changing the journal's secrets: every change gives the journal a new master key.
//!
//! Contract:
//! - [`Journal::change_passphrase`] and [`Journal::new_recovery_key`] each re-encrypt every
//!   stored record under a brand-new master key with a higher key id, and seal both key slots
//!   anew, in **one** transaction. After a crash at any point exactly one of the old and the new
//!   secret sets opens everything (`tests/system/tests/crash.rs`).
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
//!   Argon2id and the recovery slot's own settings ([`sealing_params`]).
//! - The member proves they know the current passphrase before anything changes.

use chrono::{DateTime, Utc};
use journal_crypto::{KdfParams, KeySlot, MasterKey, RecordCipher, RecoveryKey, SlotKind};
use secrecy::SecretString;
use zeroize::Zeroizing;

use super::{Journal, check_new_passphrase, find_slot, passphrase_bytes, slot_kind_byte};
use crate::error::{JournalError, Result};

/// The weakest key derivation any new slot gets: OWASP's minimum for Argon2id, at least
/// 19 MiB of memory and at least 38 MiB·passes of work (19 MiB with two passes, or 46 MiB with
/// one, are OWASP's own equivalent choices; the app's calibrated 64 MiB is above it at any
/// pass count).
pub(super) const FLOOR_M_COST_KIB: u32 = 19 * 1024;
/// See [`FLOOR_M_COST_KIB`].
pub(super) const FLOOR_WORK_KIB: u64 = 2 * 19 * 1024;

/// The key derivation for a new slot: `requested` (the member's calibrated settings, or the
/// authenticated settings of a slot that just opened), raised to the floor
/// ([`FLOOR_M_COST_KIB`], [`FLOOR_WORK_KIB`]) and to `recovery` (the recovery slot's
/// settings, when it can be read) wherever it is weaker.
///
/// The one exception is the explicit test-only path: [`KdfParams::insecure_for_tests`], which
/// only tests pass to [`Journal::create`], stays as it is so the suites stay fast. The app
/// itself always calibrates and never reaches those parameters, because calibration never
/// goes below 64 MiB.
pub(super) fn sealing_params(requested: KdfParams, recovery: Option<KdfParams>) -> KdfParams {
    if requested == KdfParams::insecure_for_tests() {
        return requested;
    }
    let mut params = requested;
    if let Some(r) = recovery {
        params.m_cost_kib = params.m_cost_kib.max(r.m_cost_kib);
        params.t_cost = params.t_cost.max(r.t_cost);
        params.p_cost = params.p_cost.max(r.p_cost);
    }
    params.m_cost_kib = params.m_cost_kib.max(FLOOR_M_COST_KIB);
    params.t_cost = params.t_cost.max(1);
    params.p_cost = params.p_cost.max(1);
    while u64::from(params.m_cost_kib) * u64::from(params.t_cost) < FLOOR_WORK_KIB {
        params.t_cost += 1;
    }
    // Parameters read from a slot may sit at the bounds' edges; raising one of them can pass
    // the work cap that bounds what a file may ask for. Trade passes for it then, never memory.
    while params.check_bounds().is_err() && params.t_cost > 1 {
        params.t_cost -= 1;
    }
    params
}

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
    super::on_every_core(&rows, |part| {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn p(m_cost_kib: u32, t_cost: u32, p_cost: u32) -> KdfParams {
        KdfParams {
            m_cost_kib,
            t_cost,
            p_cost,
        }
    }

    fn work(k: KdfParams) -> u64 {
        u64::from(k.m_cost_kib) * u64::from(k.t_cost)
    }

    #[test]
    fn weak_settings_are_raised_to_the_floor() {
        // The weakest a file could ask for, short of the test-only settings.
        let raised = sealing_params(p(8 * 1024, 2, 1), None);
        assert!(raised.m_cost_kib >= FLOOR_M_COST_KIB && work(raised) >= FLOOR_WORK_KIB);
        let raised = sealing_params(p(19 * 1024, 1, 1), None);
        assert_eq!(raised, p(19 * 1024, 2, 1));
        // OWASP's one-pass equivalent and the app's calibration stay as they are.
        assert_eq!(sealing_params(p(46 * 1024, 1, 1), None), p(46 * 1024, 1, 1));
        assert_eq!(sealing_params(p(64 * 1024, 3, 1), None), p(64 * 1024, 3, 1));
    }

    #[test]
    fn never_weaker_than_the_recovery_slot() {
        let sealed = sealing_params(p(19 * 1024, 2, 1), Some(p(64 * 1024, 4, 2)));
        assert_eq!(sealed, p(64 * 1024, 4, 2));
    }

    #[test]
    fn stays_within_the_bounds_a_file_may_ask_for() {
        let sealed = sealing_params(
            p(KdfParams::MAX_M_COST_KIB, 1, 1),
            Some(p(64 * 1024, KdfParams::MAX_T_COST, 1)),
        );
        assert!(sealed.check_bounds().is_ok(), "{sealed:?}");
        assert_eq!(
            sealed.m_cost_kib,
            KdfParams::MAX_M_COST_KIB,
            "memory is never traded"
        );
    }

    #[test]
    fn the_test_only_settings_pass_through_only_when_named() {
        let cheap = KdfParams::insecure_for_tests();
        assert_eq!(sealing_params(cheap, None), cheap);
        // One step off the named settings is not the test path.
        let near = p(cheap.m_cost_kib, 1, 2);
        assert!(sealing_params(near, None).m_cost_kib >= FLOOR_M_COST_KIB);
    }
}
