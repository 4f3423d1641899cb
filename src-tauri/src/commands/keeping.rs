//! Commands that keep a journal safe and let the member take it where they need it: backups
//! and restore, exports and import, the attendance report, and area meeting lists.
//!
//! Contract: as for every command, no journal rules and no logging here (see `commands/mod.rs`).
//! Each command that writes or reads a file takes the file the member chose for that purpose in
//! the native chooser ([`crate::files`]); the page never passes a path, a suggested file name
//! is cut to its last component, and a file to import is refused above its size limit before
//! it is read. Restoring works while the journal is
//! locked (or before one exists, on a new computer); everything else needs it unlocked.

use chrono::{NaiveDate, Utc};
use journal_core::{
    AttendanceReport, BackupFile, BackupInfo, ErrorCode, IMPORT_MAX_BYTES, ImportSummary,
    JournalError, ListedMeeting, MEETING_LIST_MAX_BYTES, Meeting, MeetingListSummary,
    ReportOptions, RestoreSecret, SecretString, StagedRestore, list_backups, render_attendance_pdf,
    report_text, write_private_file,
};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use uuid::Uuid;

use super::{UnlockReport, blocking, today};
use crate::files::{ChooserWords, Chosen, FilePurpose};
use crate::ipc::{CmdResult, IpcError};
use crate::locking::{LockReason, tell_locked};
use crate::state::AppState;

/// What opens a backup: the passphrase it had, or its recovery key and a new passphrase.
#[derive(Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum BackupSecret {
    /// The passphrase that was valid when the backup was taken.
    Passphrase {
        /// The passphrase.
        #[cfg_attr(test, ts(type = "string"))]
        passphrase: SecretString,
    },
    /// The backup's recovery key, and the passphrase the restored journal will have.
    RecoveryKey {
        /// The recovery key as typed.
        #[cfg_attr(test, ts(type = "string"))]
        recovery_key: SecretString,
        /// The new passphrase.
        #[cfg_attr(test, ts(type = "string"))]
        new_passphrase: SecretString,
    },
}

impl From<BackupSecret> for RestoreSecret {
    fn from(secret: BackupSecret) -> Self {
        match secret {
            BackupSecret::Passphrase { passphrase } => RestoreSecret::Passphrase(passphrase),
            BackupSecret::RecoveryKey {
                recovery_key,
                new_passphrase,
            } => RestoreSecret::RecoveryKey {
                recovery_key,
                new_passphrase,
            },
        }
    }
}

/// Keep only the last component of a suggested file name: it names a file, never a place.
fn file_name_only(suggested: &str) -> String {
    std::path::Path::new(suggested)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Read a chosen file of at most `max` bytes, refusing larger ones before reading them.
fn read_capped(path: &std::path::Path, max: usize) -> Result<Vec<u8>, JournalError> {
    let too_large = || JournalError::ImportTooLarge {
        max_mib: u32::try_from(max / (1024 * 1024)).unwrap_or(u32::MAX),
    };
    let len = std::fs::metadata(path)?.len();
    if len > max as u64 {
        return Err(too_large());
    }
    let bytes = std::fs::read(path)?;
    if bytes.len() > max {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The file chosen for `purpose`, for a command that needs the journal unlocked: `LOCKED`
/// comes first, and then the choice is not used up.
fn chosen(
    app: &AppHandle,
    state: &AppState,
    purpose: FilePurpose,
) -> CmdResult<std::path::PathBuf> {
    state.0.require_unlocked()?;
    app.state::<Chosen>().take(purpose)
}

#[tauri::command]
pub async fn choose_file(
    app: AppHandle,
    state: State<'_, AppState>,
    purpose: FilePurpose,
    words: ChooserWords,
    suggested_name: String,
) -> CmdResult<Option<String>> {
    state.0.touch();
    crate::files::choose(&app, purpose, words, file_name_only(&suggested_name)).await
}

#[tauri::command]
pub async fn back_up_now(app: AppHandle, state: State<'_, AppState>) -> CmdResult<BackupInfo> {
    let target = chosen(&app, &state, FilePurpose::Backup)?;
    let shared = state.0.clone();
    blocking(move || shared.with_journal(|j| j.back_up_to(&target))).await
}

/// The automatic backups beside the journal, and whether the last one failed.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AutomaticBackups {
    /// Newest first.
    pub files: Vec<BackupFile>,
    /// Why the last automatic backup failed, if it did.
    pub problem: Option<ErrorCode>,
}

#[tauri::command]
pub async fn automatic_backups(state: State<'_, AppState>) -> CmdResult<AutomaticBackups> {
    let files = state.0.with_journal(|j| list_backups(j.dir()))?;
    Ok(AutomaticBackups {
        files,
        problem: state.0.auto_backup_problem(),
    })
}

#[tauri::command]
pub async fn prepare_restore(
    app: AppHandle,
    state: State<'_, AppState>,
    secret: BackupSecret,
) -> CmdResult<BackupInfo> {
    let backup = app
        .state::<Chosen>()
        .peek(FilePurpose::Restore)?
        .ok_or_else(IpcError::no_file_chosen)?;
    let shared = state.0.clone();
    blocking(move || {
        drop(shared.take_staged_restore());
        let staged = StagedRestore::prepare(&shared.data_dir(), &backup, secret.into())?;
        let info = staged.info().clone();
        shared.stage_restore(staged)?;
        Ok(info)
    })
    .await
}

#[tauri::command]
pub async fn confirm_restore(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<UnlockReport> {
    let shared = state.0.clone();
    let events = app.clone();
    let report = blocking(move || {
        let staged = shared
            .take_staged_restore()
            .ok_or_else(IpcError::no_file_chosen)?;
        let current = shared.take_journal();
        let was_unlocked = current.is_some();
        match staged.restore(current, Utc::now()) {
            Ok(journal) => {
                let damaged = journal.damaged().to_vec();
                shared.set_unlocked(journal)?;
                Ok(UnlockReport { damaged })
            }
            Err(e) => {
                // The journal that was open is locked now: the page must forget it too, and
                // starts afresh in a new web process like after any lock.
                if was_unlocked {
                    tell_locked(&events, LockReason::RestoreFailed);
                }
                Err(e.into())
            }
        }
    })
    .await?;
    // The restored file is in place: the choice is used up.
    let _ = app.state::<Chosen>().take(FilePurpose::Restore);
    Ok(report)
}

#[tauri::command]
pub async fn cancel_restore(state: State<'_, AppState>) -> CmdResult<()> {
    drop(state.0.take_staged_restore());
    Ok(())
}

#[tauri::command]
pub async fn export_steps(
    app: AppHandle,
    state: State<'_, AppState>,
    step: Option<u8>,
) -> CmdResult<()> {
    let path = chosen(&app, &state, FilePurpose::StepsMarkdown)?;
    let shared = state.0.clone();
    let words = shared.look.words();
    blocking(move || {
        shared.with_journal(|j| {
            write_private_file(&path, j.export_steps_markdown(step, &words)?.as_bytes())
        })
    })
    .await
}

#[tauri::command]
pub async fn export_meetings_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<()> {
    let path = chosen(&app, &state, FilePurpose::MeetingsCsv)?;
    let shared = state.0.clone();
    let words = shared.look.words();
    blocking(move || {
        shared.with_journal(|j| {
            write_private_file(&path, j.export_meetings_csv(from, to, &words)?.as_bytes())
        })
    })
    .await
}

#[tauri::command]
pub async fn export_json(app: AppHandle, state: State<'_, AppState>) -> CmdResult<()> {
    let path = chosen(&app, &state, FilePurpose::ExportJson)?;
    let shared = state.0.clone();
    blocking(move || {
        shared.with_journal(|j| write_private_file(&path, &j.export_json(Utc::now())?))
    })
    .await
}

#[tauri::command]
pub async fn import_json(app: AppHandle, state: State<'_, AppState>) -> CmdResult<ImportSummary> {
    let path = chosen(&app, &state, FilePurpose::ImportJson)?;
    let shared = state.0.clone();
    blocking(move || {
        shared.with_journal(|j| {
            let bytes = read_capped(&path, IMPORT_MAX_BYTES)?;
            j.import_json(&bytes, today())
        })
    })
    .await
}

#[tauri::command]
pub async fn attendance_report(
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
) -> CmdResult<AttendanceReport> {
    state.0.with_journal(|j| j.attendance_report(from, to))
}

#[tauri::command]
pub async fn save_attendance_pdf(
    app: AppHandle,
    state: State<'_, AppState>,
    from: NaiveDate,
    to: NaiveDate,
    mut options: ReportOptions,
) -> CmdResult<()> {
    let path = chosen(&app, &state, FilePurpose::AttendancePdf)?;
    // The report says when it was made, as the member's calendar has it.
    options.prepared_on.get_or_insert_with(today);
    let shared = state.0.clone();
    let words = shared.look.words();
    let producer = shared.look.app_name();
    blocking(move || {
        shared.with_journal(|j| {
            let report = j.attendance_report(from, to)?;
            let (lines, text) = report_text(&report, &options, &words, &producer);
            write_private_file(&path, &render_attendance_pdf(&lines, &options, &text)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn import_meeting_list(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<MeetingListSummary> {
    let list = chosen(&app, &state, FilePurpose::MeetingList)?;
    // The formats file is optional.
    let formats = app.state::<Chosen>().take(FilePurpose::MeetingFormats).ok();
    let shared = state.0.clone();
    blocking(move || {
        shared.with_journal(|j| {
            let list = read_capped(&list, MEETING_LIST_MAX_BYTES)?;
            let formats = formats
                .map(|f| read_capped(&f, MEETING_LIST_MAX_BYTES))
                .transpose()?;
            j.import_meeting_list(&list, formats.as_deref(), today())
        })
    })
    .await
}

#[tauri::command]
pub async fn meeting_list(
    state: State<'_, AppState>,
    query: String,
    weekday: Option<u8>,
) -> CmdResult<Vec<ListedMeeting>> {
    state
        .0
        .with_journal(|j| Ok(j.meeting_list(&query, weekday)))
}

#[tauri::command]
pub async fn meeting_list_count(state: State<'_, AppState>) -> CmdResult<u32> {
    state
        .0
        .with_journal(|j| Ok(u32::try_from(j.meeting_list_count()).unwrap_or(u32::MAX)))
}

#[tauri::command]
pub async fn listed_meetings_on(
    state: State<'_, AppState>,
    date: NaiveDate,
) -> CmdResult<Vec<ListedMeeting>> {
    state.0.with_journal(|j| Ok(j.meetings_listed_on(date)))
}

#[tauri::command]
pub async fn clear_meeting_list(state: State<'_, AppState>) -> CmdResult<u32> {
    state.0.with_journal(|j| j.clear_meeting_list(today()))
}

#[tauri::command]
pub async fn prefill_meeting(
    state: State<'_, AppState>,
    listed: Uuid,
    date: NaiveDate,
) -> CmdResult<Meeting> {
    state.0.with_journal(|j| {
        j.get::<ListedMeeting>(listed)
            .map(|m| m.meeting_on(date))
            .ok_or(JournalError::NotFound)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_cannot_point_elsewhere() {
        assert_eq!(file_name_only("../../etc/passwd"), "passwd");
        assert_eq!(file_name_only("/tmp/x.jbackup"), "x.jbackup");
        assert_eq!(
            file_name_only("journal-2026-11-21.jbackup"),
            "journal-2026-11-21.jbackup"
        );
        assert_eq!(file_name_only(".."), "");
    }

    #[test]
    fn oversized_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.json");
        std::fs::write(&path, vec![b' '; 2048]).unwrap();
        assert!(matches!(
            read_capped(&path, 1024),
            Err(JournalError::ImportTooLarge { .. })
        ));
        assert_eq!(read_capped(&path, 4096).unwrap().len(), 2048);
        assert!(matches!(
            read_capped(&dir.path().join("missing.json"), 1024),
            Err(JournalError::Io(std::io::ErrorKind::NotFound))
        ));
    }
}
