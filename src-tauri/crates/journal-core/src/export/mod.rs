//! Plaintext exports the member asks for, and importing a whole-journal export back.
//!
//! Contract:
//! - Every export is a pure function of the unlocked journal's records: it returns bytes and
//!   writes nothing. The shell shows the plaintext warning first and writes the bytes with
//!   [`crate::write_private_file`] (atomic, 0600) to the place the member picked.
//! - Exports never include damaged records (they cannot be read) and say nothing about them.
//! - [`json`] is the only format that can be imported again; its schema is versioned and
//!   documented in `docs/exports.md`. Importing is all-or-nothing, into an empty journal only.

pub mod csv;
pub mod json;
pub mod markdown;

pub use json::{EXPORT_FORMAT, EXPORT_VERSION, IMPORT_MAX_BYTES, ImportSummary};
