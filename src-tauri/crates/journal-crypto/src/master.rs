//! The master key: the one random key that every record key is derived from.
//!
//! Contract: the 32 key bytes exist only inside this type (and, wrapped, in key
//! slots). They are wiped on drop and never printed; the type has no `Debug`,
//! `Clone` or `Display`. Changing a passphrase re-wraps this key in a new slot and
//! leaves the records alone.

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::CryptoError;
use crate::random;
use crate::record::{RECORD_KEY_LEN, RecordCipher};

/// Length of the master key in bytes.
pub(crate) const MASTER_KEY_LEN: usize = 32;

/// HKDF `info` for the record-encryption key. Versioned so that a future format can
/// derive an independent key from the same master key.
const RECORD_KEY_INFO: &[u8] = b"journal/v1/record-key";

/// The journal's master key: 32 random bytes, wiped on drop.
pub struct MasterKey {
    key: Zeroizing<[u8; MASTER_KEY_LEN]>,
    // Derived eagerly so that `record_cipher` is infallible: HKDF-Expand can only
    // fail for oversized outputs, but the error has to be handled somewhere, and the
    // constructors already return `Result`.
    record_key: Zeroizing<[u8; RECORD_KEY_LEN]>,
}

impl MasterKey {
    /// Generate a fresh master key from the operating system's random generator.
    ///
    /// # Errors
    /// [`CryptoError::Random`] if the operating system cannot provide randomness.
    pub fn generate() -> Result<MasterKey, CryptoError> {
        let mut key = Zeroizing::new([0u8; MASTER_KEY_LEN]);
        random::fill(key.as_mut_slice())?;
        Self::from_key(key)
    }

    /// A cipher for records sealed under this master key, tagged with the key
    /// generation `key_id`.
    ///
    /// The record key is HKDF-SHA256(ikm = master key, no salt,
    /// info = `"journal/v1/record-key"`); `key_id` is not part of the derivation but
    /// is written into, and authenticated with, every blob.
    #[must_use]
    pub fn record_cipher(&self, key_id: u32) -> RecordCipher {
        RecordCipher::new(Zeroizing::new(*self.record_key), key_id)
    }

    /// Take ownership of existing key bytes (from an unwrapped slot, or a test vector).
    pub(crate) fn from_key(key: Zeroizing<[u8; MASTER_KEY_LEN]>) -> Result<MasterKey, CryptoError> {
        let mut record_key = Zeroizing::new([0u8; RECORD_KEY_LEN]);
        Hkdf::<Sha256>::new(None, key.as_slice())
            .expand(RECORD_KEY_INFO, record_key.as_mut_slice())
            .map_err(|_| CryptoError::Kdf)?;
        Ok(MasterKey { key, record_key })
    }

    /// The raw key bytes, for wrapping into a key slot.
    pub(crate) fn expose(&self) -> &[u8; MASTER_KEY_LEN] {
        &self.key
    }
}

#[cfg(test)]
impl MasterKey {
    /// The fixed master key of all golden vectors: bytes 0x00, 0x01, ..., 0x1f.
    pub(crate) fn fixed_for_tests() -> MasterKey {
        let mut key = Zeroizing::new([0u8; MASTER_KEY_LEN]);
        for (i, b) in key.iter_mut().enumerate() {
            *b = u8::try_from(i).unwrap();
        }
        MasterKey::from_key(key).unwrap()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD_KEY_GOLDEN: &str = include_str!("../testdata/record_key.hex");

    #[test]
    fn record_key_matches_golden() {
        let mk = MasterKey::fixed_for_tests();
        assert_eq!(
            hex::encode(mk.record_key.as_slice()),
            RECORD_KEY_GOLDEN.trim()
        );
    }

    #[test]
    fn generated_keys_differ() {
        let a = MasterKey::generate().unwrap();
        let b = MasterKey::generate().unwrap();
        assert_ne!(a.expose(), b.expose());
        assert_ne!(a.record_key.as_slice(), a.expose().as_slice());
    }
}
