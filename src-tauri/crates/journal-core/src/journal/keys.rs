//! Key slots and passphrase rules shared by unlocking and re-keying.
//!
//! Contract:
//! - A passphrase is fed to the KDF as its Unicode NFC bytes, zeroized after.
//! - A new passphrase has at least [`MIN_PASSPHRASE_CHARS`] characters; unlocking never checks
//!   the length, so a journal made under another rule still opens.
//! - A slot is read by its kind alone: one damaged slot never stops the other.
//! - Every slot is sealed with key derivation at least as strong as OWASP's minimum for
//!   Argon2id and the recovery slot's own settings ([`sealing_params`]), whatever a file asks
//!   for; only the named test-only settings pass as they are.

use journal_crypto::{KdfParams, KeySlot, SlotKind};
use secrecy::{ExposeSecret, SecretString};
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

use crate::error::{JournalError, Result};
use crate::store::Store;

/// Fewest characters a passphrase may have. The UI's strength meter encourages far more.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// The key id of a journal's first master key; each rotation adds one.
pub(super) const FIRST_KEY_ID: u32 = 1;

/// The `key_slot` row a slot of `kind` is stored in (the file format's numbering).
pub(super) fn slot_kind_byte(kind: SlotKind) -> u8 {
    match kind {
        SlotKind::Passphrase => 1,
        SlotKind::Recovery => 2,
    }
}

/// The bytes fed to the KDF: the passphrase in Unicode NFC, so the same words typed through
/// another keyboard layout or input method still open the journal.
pub(super) fn passphrase_bytes(passphrase: &SecretString) -> Zeroizing<Vec<u8>> {
    let nfc: Zeroizing<String> = Zeroizing::new(passphrase.expose_secret().nfc().collect());
    Zeroizing::new(nfc.as_bytes().to_vec())
}

/// Refuse a new passphrase shorter than [`MIN_PASSPHRASE_CHARS`]. Only new passphrases are
/// checked, so a journal made under another rule still opens.
pub(super) fn check_new_passphrase(passphrase: &SecretString) -> Result<()> {
    if passphrase.expose_secret().chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(JournalError::PassphraseTooShort {
            min: MIN_PASSPHRASE_CHARS,
        });
    }
    Ok(())
}

pub(super) fn find_slot(store: &Store, kind: SlotKind) -> Result<KeySlot> {
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

/// The weakest key derivation any new slot gets: OWASP's minimum for Argon2id, at least
/// 19 MiB of memory and at least 38 MiB·passes of work (19 MiB with two passes, or 46 MiB with
/// one, are OWASP's own equivalent choices; the app's calibrated 64 MiB is above it at any
/// pass count).
const FLOOR_M_COST_KIB: u32 = 19 * 1024;
/// See [`FLOOR_M_COST_KIB`].
const FLOOR_WORK_KIB: u64 = 2 * 19 * 1024;

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
