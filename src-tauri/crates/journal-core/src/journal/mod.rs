//! The journal: an unlocked journal and every use case over its decrypted records.
//!
//! Contract:
//! - A [`Journal`] value *is* an unlocked journal: it holds the record key and the decrypted
//!   records in memory. Dropping it (or [`Journal::lock`]) checkpoints the WAL and drops the key
//!   (zeroized) and every decrypted value. There is no other way to reach the data.
//! - Every record is decrypted once, at unlock, in one query (`crate::load`); queries run in
//!   memory after that.
//! - Every write is validated, sealed with a fresh nonce, and committed durably
//!   (`synchronous=FULL`) before the in-memory copy changes, so memory never shows what the disk
//!   does not hold. Every record write goes through `records.rs`, except re-keying, which
//!   re-seals the stored rows as they are.
//! - A damaged record is reported in [`Journal::damaged`] and never hides the others.
//! - Every change of secret (passphrase, recovery key) re-encrypts every record under a new
//!   master key in one transaction (`rekey.rs`).
//!
//! Layout: `unlocked` holds the [`Journal`] value and its life; every other submodule is one
//! capability, an `impl Journal` beside the values it returns. This file only declares them and
//! re-exports the public ones, so no submodule imports from here.

mod clean_time;
mod contacts;
mod daily;
mod dashboard;
mod keys;
mod meetings;
mod records;
mod rekey;
mod search;
mod settings;
mod steps;
mod unlocked;

pub use contacts::SponseeToCall;
pub use dashboard::Dashboard;
pub use keys::MIN_PASSPHRASE_CHARS;
pub use meetings::{MeetingFilter, MeetingSuggestions};
pub use rekey::Rekeyed;
pub use steps::{StepOverview, StepPage};
pub use unlocked::{Created, Journal};
