//! Cryptography for the recovery journal.
//!
//! # Contract
//!
//! This crate does cryptography and nothing else: no file, network or database I/O,
//! no logging, no global state. It takes bytes and returns bytes or a
//! [`CryptoError`]; storing them is the caller's business.
//!
//! - A random [`MasterKey`] encrypts the journal. It is wrapped into one
//!   [`KeySlot`] per secret (a passphrase, and the printed [`RecoveryKey`]), each
//!   under a key derived with Argon2id. Changing a passphrase writes a new slot; no
//!   record is re-encrypted.
//! - Records are sealed by a [`RecordCipher`] (XChaCha20-Poly1305 with a key derived
//!   from the master key by HKDF-SHA256), bound to their record kind, id and key
//!   generation, and padded to size buckets.
//! - Everything that holds key material is wiped on drop and has no `Debug`,
//!   `Clone` or `Display` that could print it.
//! - Nothing panics on untrusted input; every failure is a [`CryptoError`], and no
//!   error message contains secret or user data.
//! - Every nonce, salt and key comes from the operating system's random generator.
//!   The public API offers no way to choose a nonce.
//!
//! # Modules
//!
//! | module | what it holds |
//! |---|---|
//! | `error` | [`CryptoError`], the one error type: fixed sentences, no secrets |
//! | `kdf` | [`KdfParams`]: Argon2id parameters, their bounds and calibration |
//! | `master` | [`MasterKey`], the random key every record key comes from |
//! | `slot` | [`KeySlot`]: the master key wrapped under a passphrase or recovery key |
//! | `recovery` | [`RecoveryKey`]: the printed key, its format and typo check |
//! | `record` | [`RecordCipher`]: the sealed, padded record envelope |
//! | `random` | [`random_bytes`]: every random byte, from the operating system |
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error;
mod kdf;
mod master;
mod random;
mod record;
mod recovery;
mod slot;

pub use error::CryptoError;
pub use kdf::KdfParams;
pub use master::MasterKey;
pub use random::random_bytes;
pub use record::{MAX_RECORD_LEN, RecordCipher};
pub use recovery::RecoveryKey;
pub use slot::{KeySlot, SlotKind};
