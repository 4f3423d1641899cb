//! The app's commands: everything the page may ask of the shell, each listed in
//! `commands.list` (the ACL, and the UI's generated `COMMANDS`) and registered in `main.rs`.
//!
//! Contract: a command is glue and holds no journal rules (validation, records, crypto and file
//! formats are the core's). It checks the journal is open where it must be (`LOCKED`), calls
//! the core, maps the error to an [`IpcError`], and keeps the shell's own state in step with
//! what the core did: the auto-lock time after saved settings, the backup problem after a
//! change of secrets, the page after a lock or a move, the file choice after a restore.
//! Commands are `async` so none runs on the UI thread; key derivation and file work run on the
//! blocking pool.
//!
//! Nothing here logs, prints or stores a parameter. Passphrases and recovery keys are
//! deserialized straight into [`SecretString`] (wiped on drop), never a plain `String`.

use chrono::{Local, NaiveDate, Utc};
use journal_core::{
    Amend, AmendStatus, AnyRecord, Appearance, CleanDate, Contact, DamagedRecord, Dashboard,
    ErrorCode, ExposeSecret, InventoryRow, Journal, JournalEntry, JournalError, KdfParams,
    Language, Meeting, MeetingFilter, MeetingStats, MeetingSuggestions, NightlyReview, RecordKind,
    Rekeyed, SearchHit, SecretString, Settings, StepOverview, StepPage, StepStatus, StepWork,
};
use serde::Serialize;
use tauri::State;
use uuid::Uuid;

use crate::ipc::{CmdResult, IpcError};
use crate::state::AppState;

pub mod keeping;

/// How long key derivation should take on this machine: long enough to slow guessing, short
/// enough not to frustrate someone who needs their journal now.
const KDF_TARGET: std::time::Duration = std::time::Duration::from_millis(750);

/// Longest search result list.
const SEARCH_LIMIT: usize = 200;

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// Run blocking work (key derivation) off the async workers.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> CmdResult<T> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|_| IpcError::internal())?
}

/// Whether a journal exists and whether it is unlocked, and how the app shows itself.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct AppStatus {
    /// A journal file exists in the data directory.
    pub journal_exists: bool,
    /// The journal is unlocked now.
    pub unlocked: bool,
    /// The member's choice of language and name (readable before unlock).
    pub appearance: Appearance,
    /// The language in use (the choice, with "system" resolved).
    pub language: Language,
    /// The name the app goes by now: the neutral name in discreet mode.
    pub app_name: String,
    /// Which folder the journal is in (the member may move it from the standard one to a
    /// folder with a plain name).
    pub data_folder: crate::data_dir::DataFolder,
}

fn status(shared: &crate::state::Shared) -> AppStatus {
    AppStatus {
        journal_exists: Journal::exists(&shared.data_dir()),
        unlocked: shared.is_unlocked(),
        appearance: shared.look.appearance(),
        language: shared.look.language(),
        app_name: shared.look.app_name(),
        data_folder: shared.folder(),
    }
}

/// The outcome of an unlock.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct UnlockReport {
    /// Records that could not be read; shown to the member, never hidden.
    pub damaged: Vec<DamagedRecord>,
}

/// A new journal: the recovery key to show once.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct CreatedJournal {
    /// The recovery key, in groups of four characters.
    pub recovery_key: String,
}

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    Ok(status(&state.0))
}

/// Change the language or discreet mode. Only with the journal open, or before there is one:
/// someone at the lock screen cannot change how the member's app shows itself.
#[tauri::command]
pub async fn set_appearance(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    appearance: Appearance,
) -> CmdResult<AppStatus> {
    let shared = &state.0;
    shared.require_unlocked_or_new()?;
    shared.look.choose(&shared.data_dir(), &appearance)?;
    crate::appearance::apply_to_window(&app, &shared.look);
    crate::appearance::sync_menu_entry(&shared.look)?;
    Ok(status(shared))
}

/// Move the journal's folder to a plain name (only from the standard folder, with the journal
/// open or before there is one). The journal is locked for the move; the page starts afresh
/// and the member opens it again from its new place.
#[tauri::command]
pub async fn move_to_plain_folder(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<AppStatus> {
    let shared = state.0.clone();
    shared.require_unlocked_or_new()?;
    let status = blocking(move || {
        shared.move_to_plain_folder()?;
        Ok(status(&shared))
    })
    .await?;
    crate::window::fresh_page(&app, None);
    Ok(status)
}

#[tauri::command]
pub async fn create_journal(
    state: State<'_, AppState>,
    passphrase: SecretString,
) -> CmdResult<CreatedJournal> {
    let shared = state.0.clone();
    blocking(move || {
        let params = KdfParams::calibrate(KDF_TARGET).unwrap_or(KdfParams::interactive_default());
        let created = Journal::create(&shared.data_dir(), &passphrase, params)?;
        shared.set_unlocked(created.journal)?;
        Ok(CreatedJournal {
            recovery_key: created.recovery_key.expose_secret().to_owned(),
        })
    })
    .await
}

#[tauri::command]
pub async fn unlock(
    state: State<'_, AppState>,
    passphrase: SecretString,
) -> CmdResult<UnlockReport> {
    let shared = state.0.clone();
    blocking(move || {
        let journal = Journal::unlock(&shared.data_dir(), &passphrase)?;
        let damaged = journal.damaged().to_vec();
        shared.set_unlocked(journal)?;
        Ok(UnlockReport { damaged })
    })
    .await
}

#[tauri::command]
pub async fn unlock_with_recovery_key(
    state: State<'_, AppState>,
    recovery_key: SecretString,
    new_passphrase: SecretString,
) -> CmdResult<UnlockReport> {
    let shared = state.0.clone();
    blocking(move || {
        let journal =
            Journal::unlock_with_recovery_key(&shared.data_dir(), &recovery_key, &new_passphrase)?;
        let damaged = journal.damaged().to_vec();
        shared.set_unlocked(journal)?;
        Ok(UnlockReport { damaged })
    })
    .await
}

/// The Lock button and Ctrl+L: the page has saved what was typed; the journal locks, and the
/// page starts afresh in a new web process (nothing it held survives).
#[tauri::command]
pub async fn lock(app: tauri::AppHandle, state: State<'_, AppState>) -> CmdResult<()> {
    if state.0.lock() {
        crate::window::fresh_page(&app, None);
    }
    Ok(())
}

#[tauri::command]
pub async fn touch(state: State<'_, AppState>) -> CmdResult<()> {
    state.0.touch();
    Ok(())
}

#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>) -> CmdResult<Dashboard> {
    state.0.with_journal(|j| Ok(j.dashboard(today())))
}

#[tauri::command]
pub async fn clean_dates(state: State<'_, AppState>) -> CmdResult<Vec<CleanDate>> {
    state.0.with_journal(|j| Ok(j.clean_dates()))
}

#[tauri::command]
pub async fn set_clean_date(
    state: State<'_, AppState>,
    date: NaiveDate,
    note: String,
) -> CmdResult<CleanDate> {
    state
        .0
        .with_journal(|j| j.set_clean_date(date, &note, today()))
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> CmdResult<Settings> {
    state.0.with_journal(|j| Ok(j.settings()))
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, settings: Settings) -> CmdResult<Settings> {
    let saved = state.0.with_journal(|j| j.save(settings, today()))?;
    state.0.set_auto_lock_minutes(saved.auto_lock_minutes);
    Ok(saved)
}

/// A change of secrets done: the new recovery key to show once, and whether the automatic
/// backups could be renewed.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct NewSecrets {
    /// The new recovery key, in groups of four characters.
    pub recovery_key: String,
    /// Why the automatic backups could not be renewed (the change itself is done); the older
    /// ones are then kept and still open with the old secrets.
    pub backup_problem: Option<ErrorCode>,
}

/// Run a change of secrets on the blocking pool and report it; a backup problem is also kept
/// for the backups section, as an automatic backup's would be.
async fn change_secrets(
    state: State<'_, AppState>,
    change: impl FnOnce(&mut Journal) -> Result<Rekeyed, JournalError> + Send + 'static,
) -> CmdResult<NewSecrets> {
    let shared = state.0.clone();
    blocking(move || {
        let done = shared.with_journal(change)?;
        let backup_problem = done.backup_problem.map(|e| e.code());
        if backup_problem.is_some() {
            shared.set_auto_backup_problem(backup_problem);
        }
        Ok(NewSecrets {
            recovery_key: done.recovery_key.expose_secret().to_owned(),
            backup_problem,
        })
    })
    .await
}

#[tauri::command]
pub async fn change_passphrase(
    state: State<'_, AppState>,
    current: SecretString,
    new: SecretString,
) -> CmdResult<NewSecrets> {
    change_secrets(state, move |j| {
        j.change_passphrase(&current, &new, Utc::now())
    })
    .await
}

#[tauri::command]
pub async fn new_recovery_key(
    state: State<'_, AppState>,
    current: SecretString,
) -> CmdResult<NewSecrets> {
    change_secrets(state, move |j| j.new_recovery_key(&current, Utc::now())).await
}

/// Put `text` (a phone number) on the clipboard; it is taken back after 30 seconds and on lock,
/// if it is still there. Fails (`INTERNAL`) only when there is no desktop clipboard; the page
/// then shows the number selected, ready for Ctrl+C.
#[tauri::command]
pub async fn copy_to_clipboard(state: State<'_, AppState>, text: SecretString) -> CmdResult<()> {
    state.0.require_unlocked()?;
    state.0.touch();
    if state
        .0
        .clipboard
        .copy(text.expose_secret(), crate::clipboard::CLEAR_AFTER)
    {
        Ok(())
    } else {
        Err(IpcError::internal())
    }
}

#[tauri::command]
pub async fn save_record(state: State<'_, AppState>, record: AnyRecord) -> CmdResult<AnyRecord> {
    let saved = state.0.with_journal(|j| j.save_any(record, today()))?;
    if let AnyRecord::Settings(s) = &saved {
        state.0.set_auto_lock_minutes(s.auto_lock_minutes);
    }
    Ok(saved)
}

#[tauri::command]
pub async fn delete_record(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: Uuid,
) -> CmdResult<()> {
    state.0.with_journal(|j| j.delete_any(kind, id))
}

#[tauri::command]
pub async fn search(state: State<'_, AppState>, query: String) -> CmdResult<Vec<SearchHit>> {
    state.0.with_journal(|j| Ok(j.search(&query, SEARCH_LIMIT)))
}

// ----- step work -----

#[tauri::command]
pub async fn steps_overview(state: State<'_, AppState>) -> CmdResult<Vec<StepOverview>> {
    state.0.with_journal(|j| Ok(j.steps_overview()))
}

#[tauri::command]
pub async fn step_page(state: State<'_, AppState>, step: u8) -> CmdResult<StepPage> {
    state
        .0
        .with_journal(|j| j.step_page(step).ok_or(JournalError::NotFound))
}

#[tauri::command]
pub async fn set_step_status(
    state: State<'_, AppState>,
    step: u8,
    status: StepStatus,
) -> CmdResult<StepWork> {
    state
        .0
        .with_journal(|j| j.set_step_status(step, status, today()))
}

#[tauri::command]
pub async fn reorder_questions(
    state: State<'_, AppState>,
    step: u8,
    ids: Vec<Uuid>,
) -> CmdResult<()> {
    state
        .0
        .with_journal(|j| j.reorder_questions(step, &ids, today()))
}

#[tauri::command]
pub async fn inventory(state: State<'_, AppState>) -> CmdResult<Vec<InventoryRow>> {
    state.0.with_journal(|j| Ok(j.inventory()))
}

#[tauri::command]
pub async fn amends(
    state: State<'_, AppState>,
    status: Option<AmendStatus>,
) -> CmdResult<Vec<Amend>> {
    state.0.with_journal(|j| Ok(j.amends(status)))
}

#[tauri::command]
pub async fn nightly_reviews(state: State<'_, AppState>) -> CmdResult<Vec<NightlyReview>> {
    state.0.with_journal(|j| Ok(j.nightly_reviews()))
}

// ----- meetings -----

#[tauri::command]
pub async fn meetings(
    state: State<'_, AppState>,
    filter: MeetingFilter,
) -> CmdResult<Vec<Meeting>> {
    state.0.with_journal(|j| Ok(j.meetings(&filter)))
}

#[tauri::command]
pub async fn meeting_stats(state: State<'_, AppState>) -> CmdResult<MeetingStats> {
    state.0.with_journal(|j| Ok(j.meeting_stats(today())))
}

#[tauri::command]
pub async fn meeting_suggestions(state: State<'_, AppState>) -> CmdResult<MeetingSuggestions> {
    state.0.with_journal(|j| Ok(j.meeting_suggestions()))
}

// ----- contacts -----

#[tauri::command]
pub async fn contacts(state: State<'_, AppState>, query: String) -> CmdResult<Vec<Contact>> {
    state.0.with_journal(|j| Ok(j.contacts(&query)))
}

#[tauri::command]
pub async fn mark_contacted(state: State<'_, AppState>, id: Uuid) -> CmdResult<Contact> {
    state.0.with_journal(|j| j.mark_contacted(id, today()))
}

// ----- daily journal -----

#[tauri::command]
pub async fn journal_entries(state: State<'_, AppState>) -> CmdResult<Vec<JournalEntry>> {
    state.0.with_journal(|j| Ok(j.journal_entries()))
}

#[tauri::command]
pub async fn journal_entry_on(
    state: State<'_, AppState>,
    date: NaiveDate,
) -> CmdResult<Option<JournalEntry>> {
    state.0.with_journal(|j| Ok(j.journal_entry_on(date)))
}
