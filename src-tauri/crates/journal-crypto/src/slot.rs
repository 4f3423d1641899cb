//! Key slots: the master key wrapped under a key derived from a passphrase or a
//! recovery key.
//!
//! Contract:
//! - a slot stores no password hash; successfully unwrapping the master key *is*
//!   the passphrase check, and a wrong secret is indistinguishable from a tampered
//!   slot ([`CryptoError::WrongSecret`]);
//! - the whole header (kind, key generation, KDF parameters, salt) is authenticated
//!   as associated data, so none of it can be swapped without detection;
//! - KDF parameters read from a slot are bounds-checked before the KDF runs;
//! - [`KeySlot::from_bytes`] checks structure only and never panics.
//!
//! Format v1, exactly 110 bytes, integers big-endian:
//! `b"JKS1" | version u8 = 1 | kind u8 | key_id u32 | m_cost_kib u32 | t_cost u32 |
//! p_cost u32 | salt [16] | nonce [24] | wrapped master key + tag [48]`.
//! The associated data is bytes `0..38`, everything before the nonce.

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use zeroize::Zeroizing;

use crate::kdf::{SALT_LEN, derive_kek};
use crate::master::MASTER_KEY_LEN;
use crate::record::wiping_stack;
use crate::{CryptoError, KdfParams, MasterKey, random};

const MAGIC: &[u8; 4] = b"JKS1";
const VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const WRAPPED_LEN: usize = MASTER_KEY_LEN + TAG_LEN;
const HEADER_LEN: usize = 4 + 1 + 1 + 4 + 4 + 4 + 4 + SALT_LEN;
const SLOT_LEN: usize = HEADER_LEN + NONCE_LEN + WRAPPED_LEN;

/// What kind of secret unlocks a slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotKind {
    /// A passphrase chosen by the member. Stored as byte 1.
    Passphrase,
    /// The printed recovery key ([`crate::RecoveryKey`]). Stored as byte 2.
    Recovery,
}

impl SlotKind {
    fn to_byte(self) -> u8 {
        match self {
            SlotKind::Passphrase => 1,
            SlotKind::Recovery => 2,
        }
    }

    fn from_byte(byte: u8) -> Option<SlotKind> {
        match byte {
            1 => Some(SlotKind::Passphrase),
            2 => Some(SlotKind::Recovery),
            _ => None,
        }
    }
}

/// The master key, wrapped under a secret-derived key, plus everything needed to
/// derive that key again.
///
/// Holds only public metadata and ciphertext, so it may be cloned; its `Debug`
/// shows the kind, key generation and KDF parameters only.
#[derive(Clone)]
pub struct KeySlot {
    kind: SlotKind,
    key_id: u32,
    params: KdfParams,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
    wrapped: [u8; WRAPPED_LEN],
}

impl std::fmt::Debug for KeySlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySlot")
            .field("kind", &self.kind)
            .field("key_id", &self.key_id)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl KeySlot {
    /// Wrap `master` under a key derived from `secret`.
    ///
    /// The key-encryption key is Argon2id(`secret`, 16 random bytes of salt,
    /// `params`); the master key is sealed with XChaCha20-Poly1305 under a random
    /// 24-byte nonce, with the serialized header as associated data. `key_id` is the
    /// master key's generation, recorded so the store can tell slots apart.
    ///
    /// # Errors
    /// [`CryptoError::KdfParamsOutOfBounds`] (checked first),
    /// [`CryptoError::Random`], [`CryptoError::Kdf`].
    pub fn seal(
        kind: SlotKind,
        secret: &[u8],
        params: KdfParams,
        key_id: u32,
        master: &MasterKey,
    ) -> Result<KeySlot, CryptoError> {
        params.check_bounds()?;
        let salt = random::random_bytes::<SALT_LEN>()?;
        let nonce = random::random_bytes::<NONCE_LEN>()?;
        Self::seal_with(kind, secret, params, key_id, master, salt, nonce)
    }

    /// [`KeySlot::seal`] with a given salt and nonce. Private: only `seal` (with fresh
    /// random values) and the golden-vector tests call it.
    fn seal_with(
        kind: SlotKind,
        secret: &[u8],
        params: KdfParams,
        key_id: u32,
        master: &MasterKey,
        salt: [u8; SALT_LEN],
        nonce: [u8; NONCE_LEN],
    ) -> Result<KeySlot, CryptoError> {
        let kek = derive_kek(secret, &salt, params)?;
        let mut slot = KeySlot {
            kind,
            key_id,
            params,
            salt,
            nonce,
            wrapped: [0u8; WRAPPED_LEN],
        };
        let mut buf = Zeroizing::new(*master.expose());
        // The cipher (holding the key-encryption key) and its temporaries live on the stack:
        // overwritten afterwards, like a record's (`record::wiping_stack`).
        let tag = wiping_stack(|| {
            XChaCha20Poly1305::new(kek.as_ref().into()).encrypt_in_place_detached(
                XNonce::from_slice(&slot.nonce),
                &slot.header(),
                buf.as_mut_slice(),
            )
        })
        .map_err(|_| CryptoError::Encryption)?;
        let (ct, tag_out) = slot.wrapped.split_at_mut(MASTER_KEY_LEN);
        ct.copy_from_slice(buf.as_slice());
        tag_out.copy_from_slice(&tag);
        Ok(slot)
    }

    /// Unwrap the master key with `secret`.
    ///
    /// The KDF parameters are bounds-checked before anything else runs, because
    /// they come from a file. A successful unwrap is the passphrase check.
    ///
    /// # Errors
    /// [`CryptoError::KdfParamsOutOfBounds`] before any key derivation;
    /// [`CryptoError::WrongSecret`] if the secret is wrong or the slot was altered;
    /// [`CryptoError::Kdf`].
    pub fn open(&self, secret: &[u8]) -> Result<MasterKey, CryptoError> {
        self.params.check_bounds()?;
        let kek = derive_kek(secret, &self.salt, self.params)?;
        let (ct, tag) = self.wrapped.split_at(MASTER_KEY_LEN);
        let mut buf = Zeroizing::new([0u8; MASTER_KEY_LEN]);
        buf.copy_from_slice(ct);
        wiping_stack(|| {
            XChaCha20Poly1305::new(kek.as_ref().into()).decrypt_in_place_detached(
                XNonce::from_slice(&self.nonce),
                &self.header(),
                buf.as_mut_slice(),
                Tag::from_slice(tag),
            )
        })
        .map_err(|_| CryptoError::WrongSecret)?;
        MasterKey::from_key(buf)
    }

    /// Which kind of secret unlocks this slot.
    pub fn kind(&self) -> SlotKind {
        self.kind
    }

    /// The generation of the master key wrapped in this slot.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The KDF parameters stored in this slot (not yet bounds-checked if the slot
    /// was parsed from bytes).
    pub fn params(&self) -> KdfParams {
        self.params
    }

    /// The 110-byte v1 serialization.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(SLOT_LEN);
        out.extend_from_slice(&self.header());
        out.extend_from_slice(&self.nonce);
        out.extend_from_slice(&self.wrapped);
        out
    }

    /// Parse a serialized slot, checking structure only: magic, version, exact
    /// length and kind byte. KDF parameters are checked later, by [`KeySlot::open`].
    ///
    /// # Errors
    /// [`CryptoError::UnsupportedFormat`] if the magic matches but the version is not
    /// 1 (checked before the length, which a later version may change);
    /// [`CryptoError::MalformedKeySlot`] for anything else that does not parse.
    pub fn from_bytes(bytes: &[u8]) -> Result<KeySlot, CryptoError> {
        let malformed = CryptoError::MalformedKeySlot;
        let (magic, rest) = bytes.split_first_chunk::<4>().ok_or(malformed)?;
        if magic != MAGIC {
            return Err(malformed);
        }
        let (&version, rest) = rest.split_first().ok_or(malformed)?;
        if version != VERSION {
            return Err(CryptoError::UnsupportedFormat { version });
        }
        if bytes.len() != SLOT_LEN {
            return Err(malformed);
        }
        let mut reader = Reader(rest);
        let kind = SlotKind::from_byte(reader.byte()?).ok_or(malformed)?;
        let key_id = reader.u32_be()?;
        let params = KdfParams {
            m_cost_kib: reader.u32_be()?,
            t_cost: reader.u32_be()?,
            p_cost: reader.u32_be()?,
        };
        let salt = reader.array::<SALT_LEN>()?;
        let nonce = reader.array::<NONCE_LEN>()?;
        let wrapped = reader.array::<WRAPPED_LEN>()?;
        Ok(KeySlot {
            kind,
            key_id,
            params,
            salt,
            nonce,
            wrapped,
        })
    }

    /// Bytes `0..38` of the serialization, authenticated as associated data.
    fn header(&self) -> [u8; HEADER_LEN] {
        let mut h = [0u8; HEADER_LEN];
        let parts: [&[u8]; 7] = [
            MAGIC,
            &[VERSION, self.kind.to_byte()],
            &self.key_id.to_be_bytes(),
            &self.params.m_cost_kib.to_be_bytes(),
            &self.params.t_cost.to_be_bytes(),
            &self.params.p_cost.to_be_bytes(),
            &self.salt,
        ];
        let mut at = 0;
        for part in parts {
            let end = at + part.len();
            if let Some(dst) = h.get_mut(at..end) {
                dst.copy_from_slice(part);
            }
            at = end;
        }
        h
    }
}

/// A cursor over slot bytes that reports running out as a malformed slot instead
/// of panicking.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N], CryptoError> {
        let (head, tail) = self
            .0
            .split_first_chunk::<N>()
            .ok_or(CryptoError::MalformedKeySlot)?;
        self.0 = tail;
        Ok(*head)
    }

    fn byte(&mut self) -> Result<u8, CryptoError> {
        Ok(self.array::<1>()?[0])
    }

    fn u32_be(&mut self) -> Result<u32, CryptoError> {
        Ok(u32::from_be_bytes(self.array()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLOT_GOLDEN: &str = include_str!("../testdata/slot_v1.hex");
    const GOLDEN_PASSPHRASE: &[u8] = b"correct horse battery staple";
    const GOLDEN_KEY_ID: u32 = 1;

    fn golden_salt() -> [u8; SALT_LEN] {
        [0x5a; SALT_LEN]
    }

    fn golden_nonce() -> [u8; NONCE_LEN] {
        let mut n = [0u8; NONCE_LEN];
        for (i, b) in n.iter_mut().enumerate() {
            *b = 0x80 + u8::try_from(i).unwrap();
        }
        n
    }

    fn golden_slot() -> KeySlot {
        KeySlot::seal_with(
            SlotKind::Passphrase,
            GOLDEN_PASSPHRASE,
            KdfParams::insecure_for_tests(),
            GOLDEN_KEY_ID,
            &MasterKey::fixed_for_tests(),
            golden_salt(),
            golden_nonce(),
        )
        .unwrap()
    }

    #[test]
    fn slot_matches_golden() {
        assert_eq!(hex::encode(golden_slot().to_bytes()), SLOT_GOLDEN.trim());
    }

    #[test]
    fn golden_slot_opens_to_known_master_key() {
        let bytes = hex::decode(SLOT_GOLDEN.trim()).unwrap();
        let slot = KeySlot::from_bytes(&bytes).unwrap();
        assert_eq!(slot.kind(), SlotKind::Passphrase);
        assert_eq!(slot.key_id(), GOLDEN_KEY_ID);
        assert_eq!(slot.params(), KdfParams::insecure_for_tests());
        let mk = slot.open(GOLDEN_PASSPHRASE).unwrap();
        assert_eq!(mk.expose(), MasterKey::fixed_for_tests().expose());
        assert_eq!(
            slot.open(b"correct horse battery stapl").err(),
            Some(CryptoError::WrongSecret)
        );
    }

    #[test]
    fn golden_layout() {
        let bytes = hex::decode(SLOT_GOLDEN.trim()).unwrap();
        assert_eq!(bytes.len(), 110);
        assert_eq!(&bytes[..4], b"JKS1");
        assert_eq!(bytes[4], 1);
        assert_eq!(bytes[5], 1);
        assert_eq!(bytes[6..10], GOLDEN_KEY_ID.to_be_bytes());
        assert_eq!(bytes[10..14], 8192u32.to_be_bytes());
        assert_eq!(bytes[14..18], 1u32.to_be_bytes());
        assert_eq!(bytes[18..22], 1u32.to_be_bytes());
        assert_eq!(bytes[22..38], golden_salt());
        assert_eq!(bytes[38..62], golden_nonce());
        assert_eq!(golden_slot().header().as_slice(), &bytes[..38]);
    }

    #[test]
    fn round_trip_bytes() {
        let slot = golden_slot();
        let again = KeySlot::from_bytes(&slot.to_bytes()).unwrap();
        assert_eq!(again.to_bytes(), slot.to_bytes());
    }

    #[test]
    fn parse_errors() {
        let good = golden_slot().to_bytes();
        assert_eq!(
            KeySlot::from_bytes(&[]).err(),
            Some(CryptoError::MalformedKeySlot)
        );
        assert_eq!(
            KeySlot::from_bytes(b"JKS1").err(),
            Some(CryptoError::MalformedKeySlot)
        );
        assert_eq!(
            KeySlot::from_bytes(&good[..109]).err(),
            Some(CryptoError::MalformedKeySlot)
        );
        let mut long = good.clone();
        long.push(0);
        assert_eq!(
            KeySlot::from_bytes(&long).err(),
            Some(CryptoError::MalformedKeySlot)
        );
        let mut magic = good.clone();
        magic[0] = b'K';
        assert_eq!(
            KeySlot::from_bytes(&magic).err(),
            Some(CryptoError::MalformedKeySlot)
        );
        let mut version = good.clone();
        version[4] = 2;
        assert_eq!(
            KeySlot::from_bytes(&version).err(),
            Some(CryptoError::UnsupportedFormat { version: 2 })
        );
        for kind in [0u8, 3, 255] {
            let mut k = good.clone();
            k[5] = kind;
            assert_eq!(
                KeySlot::from_bytes(&k).err(),
                Some(CryptoError::MalformedKeySlot)
            );
        }
        let mut recovery = good.clone();
        recovery[5] = 2;
        assert_eq!(
            KeySlot::from_bytes(&recovery).unwrap().kind(),
            SlotKind::Recovery
        );
    }

    #[test]
    fn debug_shows_metadata_only() {
        let text = format!("{:?}", golden_slot());
        assert!(text.contains("Passphrase"));
        assert!(!text.contains("wrapped"));
        assert!(!text.contains("salt"));
        assert!(!text.contains("nonce"));
    }
}
