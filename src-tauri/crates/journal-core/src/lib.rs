//! The recovery journal's core: a member's whole journal in one encrypted local SQLite file.
//!
//! Contract:
//! - No Tauri, no network, no logging of user content. The desktop shell calls this crate and
//!   maps [`JournalError::code`] to the UI.
//! - [`Journal`] is an unlocked journal; everything the member wrote is reachable only through
//!   it, and it is decrypted in memory only while it lives.
//! - On disk, only key slots and encrypted record blobs (with their UUID and kind) are stored;
//!   see `docs/formats.md` for the layout and key hierarchy.
//! - Dates are the member's local calendar dates; every use case takes `today` from the caller,
//!   so behaviour is testable and the shell decides what "today" is.
//!
//! Modules (each states its own contract in its first lines):
//! - `appearance`: the language and name the app shows before unlock.
//! - `backup`: automatic and manual backups of the whole file, and restoring one.
//! - `clean_time`: clean time and milestones, counted as members count them.
//! - `codec`: a record to a sealed blob and a stored row back to a record (or why it is damaged).
//! - `error`: [`JournalError`] and its stable [`ErrorCode`] for the UI.
//! - `export`: plaintext exports (JSON, CSV, Markdown) and importing a JSON export.
//! - `files`: writing files atomically and privately.
//! - `journal`: [`Journal`], the unlocked journal; one submodule per capability.
//! - `load`: unlock's read, every row decrypted and decoded on every core.
//! - `meeting_list`: importing an area's meeting list (BMLT).
//! - `meeting_stats`: attendance statistics.
//! - `model`: the record types and the record kinds table (`model/kinds.rs`, see
//!   `docs/record-kinds.md`).
//! - `report`: the attendance report, as data and as PDF.
//! - `search`: folding text and the in-memory search index.
//! - `store`: the SQLite file of key slots and encrypted blobs.
//! - `validate`: field checks with typed errors.
//! - `words`: the words the core writes for people, per language.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod appearance;
mod backup;
mod clean_time;
mod codec;
mod error;
mod export;
mod files;
mod journal;
mod load;
mod meeting_list;
mod meeting_stats;
mod model;
mod report;
mod search;
mod store;
mod validate;
mod words;

pub use appearance::{
    Appearance, DEFAULT_NEUTRAL_NAME, LanguageChoice, NEUTRAL_NAME_MAX, check_neutral_name, reveals,
};
pub use backup::{
    BACKUPS_DIR, BackupFile, BackupInfo, KindCount, RestoreSecret, StagedRestore, list_backups,
};
pub use clean_time::{
    CleanTime, CleanTimeDisplay, CleanTimeError, KeyTag, Milestone, anniversaries, clean_time,
};
pub use codec::{Damage, DamagedRecord};
pub use error::{ErrorCode, JournalError, Result, StorageFailure};
pub use export::{EXPORT_FORMAT, EXPORT_VERSION, IMPORT_MAX_BYTES, ImportSummary};
pub use files::write_private_file;
pub use journal::{
    Created, Dashboard, Journal, MIN_PASSPHRASE_CHARS, MeetingFilter, MeetingSuggestions, Rekeyed,
    SponseeToCall, StepOverview, StepPage,
};
pub use meeting_list::{MEETING_LIST_MAX_BYTES, MEETING_LIST_MAX_MEETINGS, MeetingListSummary};
pub use meeting_stats::{MeetingStats, NinetyInNinety, meeting_stats};
pub use model::{
    Amend, AmendStatus, AnyRecord, AskedBy, Attendance, BackupSchedule, CleanDate, Contact,
    ContactRole, Entity, InventoryRow, JournalEntry, LINK_MAX, ListedMeeting, Meeting,
    MeetingFormat, NightlyReview, RecordKind, Records, STEP_COUNT, Settings, StepInfo, StepNote,
    StepQuestion, StepStatus, StepWork, Theme, step_info,
};
pub use report::pdf::render_attendance_pdf;
pub use report::{
    AttendanceReport, AttendanceRow, PaperSize, ReportColumns, ReportLine, ReportOptions,
    ReportText, place_text, report_text,
};
pub use search::{SearchHit, fold as fold_for_search};
pub use store::{APPLICATION_ID, FILE_NAME, SCHEMA_VERSION, apply_pragmas};
pub use validate::{LIST_MAX, LONG_TEXT_MAX, Problem, SHORT_TEXT_MAX, ValidationError};
pub use words::{Language, Words};

/// Key-derivation parameters and the crypto error, re-exported for callers that create journals.
pub use journal_crypto::{CryptoError, KdfParams};
/// Secret strings for passphrases and recovery keys.
pub use secrecy::{ExposeSecret, SecretString};
