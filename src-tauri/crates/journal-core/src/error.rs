//! Errors of the journal, each with a stable [`ErrorCode`] for the UI boundary.
//!
//! Contract: no message here ever contains user content, a file path, SQL or key material. The
//! UI shows its own kind words for each code; the message is a plain fallback for logs and tests.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::validate::ValidationError;

/// Everything that can go wrong in the journal, in terms a member can be told.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum JournalError {
    /// The passphrase did not open the journal.
    #[error("That passphrase didn't open the journal.")]
    WrongPassphrase,
    /// The recovery key is well formed but did not open the journal.
    #[error("That recovery key didn't open this journal.")]
    WrongRecoveryKey,
    /// The recovery key has a typo: its checksum does not match. Caught before any key derivation.
    #[error("The recovery key seems to have a typo.")]
    RecoveryKeyTypo,
    /// The recovery key has the wrong length or characters that never appear in one.
    #[error("That doesn't look like a recovery key.")]
    RecoveryKeyFormat,
    /// A new passphrase is too short.
    #[error("A passphrase needs at least {min} characters.")]
    PassphraseTooShort {
        /// The minimum length in characters.
        min: usize,
    },
    /// Something the member typed is not valid; the error names the field.
    #[error("{0}")]
    Invalid(#[from] ValidationError),
    /// The record asked for does not exist (any more).
    #[error("That entry doesn't exist any more.")]
    NotFound,
    /// A journal already exists where a new one was to be created.
    #[error("A journal already exists here.")]
    JournalExists,
    /// There is no journal file yet.
    #[error("There is no journal here yet.")]
    NoJournal,
    /// Another open journal (another window of the app) already holds this journal.
    #[error("This journal is already open in another window.")]
    InUse,
    /// The file is not a SQLite database at all.
    #[error("This file isn't a journal of this app.")]
    NotAJournal,
    /// The file is a SQLite database of another program.
    #[error("This file belongs to another program, not to this journal.")]
    ForeignDatabase,
    /// The file is empty (zero bytes).
    #[error("The journal file is empty.")]
    EmptyFile,
    /// The file is damaged beyond what SQLite can read (truncated, overwritten).
    #[error("The journal file is damaged.")]
    Corrupt,
    /// The journal was written by a newer version of the app.
    #[error("This journal was made by a newer version of the app.")]
    NewerVersion,
    /// A key slot is damaged or asks for key-derivation work outside sane bounds.
    #[error("The journal's key information is damaged.")]
    KeySlotDamaged,
    /// The stored record could not be decrypted: it is damaged or was tampered with.
    #[error("This entry is damaged and can't be read.")]
    DamagedRecord,
    /// The database refused an operation (disk full, locked, I/O error).
    #[error("The journal couldn't be saved or read ({0}).")]
    Storage(StorageFailure),
    /// A file system operation failed.
    #[error("A file operation failed ({0:?}).")]
    Io(std::io::ErrorKind),
    /// The operating system's random generator or another crypto primitive failed.
    #[error("A security operation failed.")]
    Crypto,
    /// A backup was written but reading it back did not give the journal's contents; the
    /// unverified file was removed and nothing at the chosen place was replaced.
    #[error(
        "The backup couldn't be checked after writing, so it wasn't kept. Nothing was replaced. Please try again or pick another place."
    )]
    BackupVerifyFailed,
    /// The chosen backup place is the journal itself, its folder's working files, or not a file
    /// path at all.
    #[error("A backup can't be written there. Please pick another place.")]
    BackupTargetInvalid,
    /// Importing a whole journal works only into a journal that holds nothing yet.
    #[error("Importing works only into a new, empty journal. Nothing was changed.")]
    NotEmpty,
    /// The file to import is not an export of this app, or it is damaged.
    #[error("This file isn't an export from this app, or it is damaged. Nothing was changed.")]
    ImportMalformed,
    /// The file to import is larger than the app reads.
    #[error("This file is too large to import (the limit is {max_mib} MiB). Nothing was changed.")]
    ImportTooLarge {
        /// The limit in MiB.
        max_mib: u32,
    },
    /// The meeting list file could not be read; `meeting` is the 1-based position of the first
    /// meeting that could not be read, when the problem is in one meeting.
    #[error("This meeting list couldn't be read. Nothing was changed.")]
    MeetingListMalformed {
        /// 1-based position of the meeting in the file, if the problem is in one meeting.
        meeting: Option<u32>,
    },
}

/// Why the database failed, without the SQL or paths of the underlying error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFailure {
    /// The disk is full.
    DiskFull,
    /// Another process holds the journal.
    Busy,
    /// The operating system reported an I/O error.
    Io,
    /// Permission to the file was denied or the file is read-only.
    ReadOnly,
    /// Anything else SQLite reported.
    Other,
}

impl std::fmt::Display for StorageFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::DiskFull => "the disk is full",
            Self::Busy => "the journal is busy",
            Self::Io => "input/output error",
            Self::ReadOnly => "the file is read-only",
            Self::Other => "database error",
        })
    }
}

/// Stable codes for the UI boundary, one per [`JournalError`] kind. Append only: the UI and
/// its translations key on these. The app shell adds the codes only it raises (a locked
/// journal, no file chosen, an internal failure) in its own `ErrorCode`; no name here may
/// be one of those.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ErrorCode {
    /// See [`JournalError::WrongPassphrase`].
    WrongPassphrase,
    /// See [`JournalError::WrongRecoveryKey`].
    WrongRecoveryKey,
    /// See [`JournalError::RecoveryKeyTypo`].
    RecoveryKeyTypo,
    /// See [`JournalError::RecoveryKeyFormat`].
    RecoveryKeyFormat,
    /// See [`JournalError::PassphraseTooShort`].
    PassphraseTooShort,
    /// See [`JournalError::Invalid`].
    Invalid,
    /// See [`JournalError::NotFound`].
    NotFound,
    /// See [`JournalError::JournalExists`].
    JournalExists,
    /// See [`JournalError::NoJournal`].
    NoJournal,
    /// See [`JournalError::NotAJournal`].
    NotAJournal,
    /// See [`JournalError::Corrupt`].
    Corrupt,
    /// See [`JournalError::ForeignDatabase`].
    ForeignDatabase,
    /// See [`JournalError::EmptyFile`].
    EmptyFile,
    /// See [`JournalError::NewerVersion`].
    NewerVersion,
    /// See [`JournalError::KeySlotDamaged`].
    KeySlotDamaged,
    /// See [`JournalError::DamagedRecord`].
    DamagedRecord,
    /// See [`JournalError::Storage`].
    Storage,
    /// See [`JournalError::Io`].
    Io,
    /// See [`JournalError::Crypto`].
    Crypto,
    /// See [`JournalError::BackupVerifyFailed`].
    BackupVerifyFailed,
    /// See [`JournalError::BackupTargetInvalid`].
    BackupTargetInvalid,
    /// See [`JournalError::NotEmpty`].
    NotEmpty,
    /// See [`JournalError::ImportMalformed`].
    ImportMalformed,
    /// See [`JournalError::ImportTooLarge`].
    ImportTooLarge,
    /// See [`JournalError::MeetingListMalformed`].
    MeetingListMalformed,
    /// See [`JournalError::InUse`].
    InUse,
    /// The folder cannot be written: [`JournalError::Storage`] with
    /// [`StorageFailure::ReadOnly`], or a file write on a read-only file system (a disk
    /// remounted read-only after an error, a locked USB stick).
    ReadOnly,
    /// The disk is full: [`JournalError::Storage`] with [`StorageFailure::DiskFull`], or a file
    /// write that ran out of space. Its own code, because the member can do something about it.
    DiskFull,
}

impl JournalError {
    /// The stable code the UI keys its message on.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::WrongPassphrase => ErrorCode::WrongPassphrase,
            Self::WrongRecoveryKey => ErrorCode::WrongRecoveryKey,
            Self::RecoveryKeyTypo => ErrorCode::RecoveryKeyTypo,
            Self::RecoveryKeyFormat => ErrorCode::RecoveryKeyFormat,
            Self::PassphraseTooShort { .. } => ErrorCode::PassphraseTooShort,
            Self::Invalid(_) => ErrorCode::Invalid,
            Self::NotFound => ErrorCode::NotFound,
            Self::JournalExists => ErrorCode::JournalExists,
            Self::NoJournal => ErrorCode::NoJournal,
            Self::InUse => ErrorCode::InUse,
            Self::NotAJournal => ErrorCode::NotAJournal,
            Self::Corrupt => ErrorCode::Corrupt,
            Self::ForeignDatabase => ErrorCode::ForeignDatabase,
            Self::EmptyFile => ErrorCode::EmptyFile,
            Self::NewerVersion => ErrorCode::NewerVersion,
            Self::KeySlotDamaged => ErrorCode::KeySlotDamaged,
            Self::DamagedRecord => ErrorCode::DamagedRecord,
            Self::Storage(StorageFailure::DiskFull) | Self::Io(std::io::ErrorKind::StorageFull) => {
                ErrorCode::DiskFull
            }
            Self::Storage(StorageFailure::ReadOnly)
            | Self::Io(std::io::ErrorKind::ReadOnlyFilesystem) => ErrorCode::ReadOnly,
            Self::Storage(_) => ErrorCode::Storage,
            Self::Io(_) => ErrorCode::Io,
            Self::Crypto => ErrorCode::Crypto,
            Self::BackupVerifyFailed => ErrorCode::BackupVerifyFailed,
            Self::BackupTargetInvalid => ErrorCode::BackupTargetInvalid,
            Self::NotEmpty => ErrorCode::NotEmpty,
            Self::ImportMalformed => ErrorCode::ImportMalformed,
            Self::ImportTooLarge { .. } => ErrorCode::ImportTooLarge,
            Self::MeetingListMalformed { .. } => ErrorCode::MeetingListMalformed,
        }
    }

    /// The validation details, when the error is about a field.
    pub fn validation(&self) -> Option<&ValidationError> {
        match self {
            Self::Invalid(v) => Some(v),
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for JournalError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::NotADatabase) => Self::NotAJournal,
            Some(C::DatabaseCorrupt) => Self::Corrupt,
            Some(C::DiskFull) => Self::Storage(StorageFailure::DiskFull),
            Some(C::DatabaseBusy | C::DatabaseLocked) => Self::Storage(StorageFailure::Busy),
            Some(C::SystemIoFailure) => Self::Storage(StorageFailure::Io),
            Some(C::ReadOnly | C::PermissionDenied | C::CannotOpen) => {
                Self::Storage(StorageFailure::ReadOnly)
            }
            _ => Self::Storage(StorageFailure::Other),
        }
    }
}

impl From<std::io::Error> for JournalError {
    fn from(e: std::io::Error) -> Self {
        Self::Io(e.kind())
    }
}

impl From<journal_crypto::CryptoError> for JournalError {
    fn from(e: journal_crypto::CryptoError) -> Self {
        use journal_crypto::CryptoError as C;
        match e {
            C::WrongSecret => Self::WrongPassphrase,
            C::KdfParamsOutOfBounds | C::MalformedKeySlot => Self::KeySlotDamaged,
            C::RecoveryKeyTypo => Self::RecoveryKeyTypo,
            C::RecoveryKeyFormat => Self::RecoveryKeyFormat,
            C::UnsupportedFormat { .. }
            | C::MalformedRecord
            | C::RecordAuthentication
            | C::WrongKeyId { .. } => Self::DamagedRecord,
            _ => Self::Crypto,
        }
    }
}

/// Short alias used throughout the crate.
pub type Result<T, E = JournalError> = std::result::Result<T, E>;
