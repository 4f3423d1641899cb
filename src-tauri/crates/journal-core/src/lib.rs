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
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod appearance;
mod backup;
mod clean_time;
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
pub use error::{ErrorCode, JournalError, Result, StorageFailure};
pub use export::{EXPORT_FORMAT, EXPORT_VERSION, IMPORT_MAX_BYTES, ImportSummary};
pub use files::write_private_file;
pub use journal::{
    Created, Damage, DamagedRecord, Dashboard, Journal, MIN_PASSPHRASE_CHARS, MeetingFilter,
    MeetingSuggestions, Rekeyed, SponseeToCall, StepOverview, StepPage,
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
