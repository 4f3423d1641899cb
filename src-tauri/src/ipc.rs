//! The error shape every command returns to the UI: `{ code, message, validation }`.
//!
//! Contract: `code` is a stable [`ErrorCode`] the UI keys its (localised, kind) words on: the
//! core's codes, plus the few only the shell raises ([`ShellErrorCode`]), all serialised as the
//! same SCREAMING_SNAKE_CASE strings. `message` is a fixed English fallback that never carries
//! user content, paths or SQL; `validation` names the field for a form error. The UI's list of
//! codes (`ERROR_CODES` in `ui/src/lib/bindings.ts`) is generated from both enums
//! (`bindings.rs`).

use journal_core::{JournalError, ValidationError};
use serde::Serialize;

/// Every code the UI can receive: the core's, or one only the shell raises. On the wire it is
/// the inner code's string (`"WRONG_PASSPHRASE"`, `"LOCKED"`), never a wrapper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ErrorCode {
    /// A code of the core's (a [`JournalError`]).
    Core(journal_core::ErrorCode),
    /// A code only the shell raises.
    Shell(ShellErrorCode),
}

/// Codes only the shell raises: the core knows nothing of a locked window, a file chooser or a
/// worker thread. Append only, and never a name the core uses (the UI keys its words on these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum ShellErrorCode {
    /// The journal is locked; the command needs it unlocked.
    Locked,
    /// Something failed inside the app itself (a worker thread died, a lock was poisoned, no
    /// desktop clipboard).
    Internal,
    /// A file command ran before the member chose a file for it.
    NoFileChosen,
}

/// An error as the UI receives it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct IpcError {
    /// Stable code.
    // In TypeScript: the union of both enums' codes, declared by `bindings.rs`.
    #[cfg_attr(test, ts(type = "ErrorCode"))]
    pub code: ErrorCode,
    /// Plain fallback message, never with user content.
    pub message: String,
    /// The field and problem, for form validation errors.
    pub validation: Option<ValidationError>,
}

impl From<JournalError> for IpcError {
    fn from(e: JournalError) -> Self {
        Self {
            code: ErrorCode::Core(e.code()),
            message: e.to_string(),
            validation: e.validation().cloned(),
        }
    }
}

impl IpcError {
    /// The journal is locked; the command needs it unlocked.
    pub fn locked() -> Self {
        Self {
            code: ErrorCode::Shell(ShellErrorCode::Locked),
            message: "The journal is locked.".into(),
            validation: None,
        }
    }

    /// A file command ran before the member chose a file for it.
    pub fn no_file_chosen() -> Self {
        Self {
            code: ErrorCode::Shell(ShellErrorCode::NoFileChosen),
            message: "Please choose a file first.".into(),
            validation: None,
        }
    }

    /// Something failed inside the app itself (a worker thread died, a lock was poisoned).
    pub fn internal() -> Self {
        Self {
            code: ErrorCode::Shell(ShellErrorCode::Internal),
            message: "Something went wrong inside the app.".into(),
            validation: None,
        }
    }
}

/// What every command returns.
pub type CmdResult<T> = Result<T, IpcError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_go_on_the_wire_as_plain_strings() {
        let code = |c: ErrorCode| serde_json::to_value(c).ok();
        assert_eq!(
            code(ErrorCode::Core(journal_core::ErrorCode::WrongPassphrase)),
            Some(serde_json::json!("WRONG_PASSPHRASE"))
        );
        assert_eq!(
            code(IpcError::locked().code),
            Some(serde_json::json!("LOCKED"))
        );
        assert_eq!(
            code(IpcError::internal().code),
            Some(serde_json::json!("INTERNAL"))
        );
        assert_eq!(
            code(IpcError::no_file_chosen().code),
            Some(serde_json::json!("NO_FILE_CHOSEN"))
        );
    }
}
