//! The error shape every command returns to the UI: `{ code, message, validation }`.
//!
//! Contract: `code` is a stable [`ErrorCode`] the UI keys its (localised, kind) words on;
//! `message` is a fixed English fallback from the core that never carries user content, paths or
//! SQL; `validation` names the field for a form error.

use journal_core::{ErrorCode, JournalError, ValidationError};
use serde::Serialize;

/// An error as the UI receives it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IpcError {
    /// Stable code.
    pub code: ErrorCode,
    /// Plain fallback message, never with user content.
    pub message: String,
    /// The field and problem, for form validation errors.
    pub validation: Option<ValidationError>,
}

impl From<JournalError> for IpcError {
    fn from(e: JournalError) -> Self {
        Self {
            code: e.code(),
            message: e.to_string(),
            validation: e.validation().cloned(),
        }
    }
}

impl IpcError {
    /// The journal is locked; the command needs it unlocked.
    pub fn locked() -> Self {
        Self {
            code: ErrorCode::Locked,
            message: "The journal is locked.".into(),
            validation: None,
        }
    }

    /// A file command ran before the member chose a file for it.
    pub fn no_file_chosen() -> Self {
        Self {
            code: ErrorCode::NoFileChosen,
            message: "Please choose a file first.".into(),
            validation: None,
        }
    }

    /// Something failed inside the app itself (a worker thread died, a lock was poisoned).
    pub fn internal() -> Self {
        Self {
            code: ErrorCode::Internal,
            message: "Something went wrong inside the app.".into(),
            validation: None,
        }
    }
}

/// What every command returns.
pub type CmdResult<T> = Result<T, IpcError>;
