//! The one error type of the crate.
//!
//! Contract: every message is a fixed sentence. No variant carries secret material or
//! user data (passphrases, keys, plaintext, record ids); the only payloads are format
//! versions and key generations, which are public metadata of the file.

/// Everything that can go wrong in `journal-crypto`.
///
/// The variants are deliberately coarse where detail would help an attacker or leak
/// data: a wrong passphrase and a tampered key slot look the same
/// ([`CryptoError::WrongSecret`]), and every record that fails authentication is
/// reported the same way ([`CryptoError::RecordAuthentication`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CryptoError {
    /// The key slot did not unwrap: wrong passphrase or recovery key, or the slot
    /// body was tampered with. The two cases cannot be told apart by design.
    #[error("the passphrase or recovery key is not correct")]
    WrongSecret,

    /// The key-derivation parameters are outside the accepted bounds. Raised before
    /// the KDF runs, so a hostile file cannot make us allocate or spin without limit.
    #[error("key-derivation parameters are outside the accepted bounds")]
    KdfParamsOutOfBounds,

    /// Key-slot bytes that do not parse: wrong length, magic or slot kind.
    #[error("the key slot is malformed")]
    MalformedKeySlot,

    /// A record blob or key slot written in a format version this build does not know.
    #[error("unsupported format version {version}")]
    UnsupportedFormat {
        /// The version byte found in the data.
        version: u8,
    },

    /// A record blob that is too short or structurally wrong (including, after
    /// authentication, a length prefix or padding that does not check out).
    #[error("the encrypted record is malformed")]
    MalformedRecord,

    /// The record blob failed authentication: it was tampered with, moved to another
    /// row or record kind, or sealed under a different key.
    #[error("the encrypted record failed authentication")]
    RecordAuthentication,

    /// The blob was sealed under another master-key generation.
    #[error("the record was sealed under key generation {found}, expected {expected}")]
    WrongKeyId {
        /// The key generation of the cipher that tried to open the blob.
        expected: u32,
        /// The key generation written in the blob.
        found: u32,
    },

    /// Recovery-key text whose checksum does not match: almost certainly a typing
    /// mistake. Detected before any key derivation runs.
    #[error("the recovery key contains a typing mistake")]
    RecoveryKeyTypo,

    /// Recovery-key text of the wrong length or with characters outside the alphabet.
    #[error("the recovery key does not have the expected format")]
    RecoveryKeyFormat,

    /// The plaintext is larger than [`crate::MAX_RECORD_LEN`].
    #[error("the record is too large to encrypt")]
    RecordTooLarge,

    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,

    /// The key-derivation function failed internally. Should not happen with
    /// parameters that passed the bounds check.
    #[error("key derivation failed")]
    Kdf,

    /// The AEAD refused to encrypt. It only does so for inputs beyond its length
    /// limit, which this crate never produces; the variant exists so that the
    /// impossible case is an error rather than a panic.
    #[error("encryption failed")]
    Encryption,
}
