//! Choosing where a backup, export or report goes, and which file to restore or import: the
//! native GTK file chooser, run by the shell.
//!
//! Contract: the webview never names a path. A command asks the member to choose a file for a
//! [`FilePurpose`]; the choice is kept here, and the command that writes (or reads) that kind of
//! file takes it from here. So even a compromised page could only write where the member just
//! chose, and only the kind of file they chose it for.
//!
//! The chooser shows local files only (no network locations), asks before replacing a file, and
//! GTK's "recently used" list is switched off for the whole app, so the names of backups and
//! exports are not written to `~/.local/share/recently-used.xbel` for others on the computer to
//! see.
//!
//! End-to-end tests cannot drive a GTK dialog through WebDriver. Debug builds started by
//! tauri-driver (`TAURI_WEBVIEW_AUTOMATION=true`) with `RECOVERY_JOURNAL_E2E_PICK=<dir>` answer
//! without a dialog: a save goes to `<dir>/<suggested name>`, an open reads the path written in
//! `<dir>/open`. Release builds do not contain this.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};

use crate::ipc::{CmdResult, IpcError};

/// What a chosen file is for. Each purpose is either a save or an open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum FilePurpose {
    /// Where "Back up now" writes.
    Backup,
    /// A backup to restore from.
    Restore,
    /// Step work as Markdown.
    StepsMarkdown,
    /// Meetings as CSV.
    MeetingsCsv,
    /// Everything as JSON.
    ExportJson,
    /// A JSON export to import into an empty journal.
    ImportJson,
    /// The attendance report as PDF.
    AttendancePdf,
    /// A meeting list (BMLT `GetSearchResults` JSON).
    MeetingList,
    /// The formats of a meeting list (BMLT `GetFormats` JSON).
    MeetingFormats,
}

impl FilePurpose {
    /// Whether the member chooses where to write (rather than a file to read).
    fn saves(self) -> bool {
        matches!(
            self,
            Self::Backup
                | Self::StepsMarkdown
                | Self::MeetingsCsv
                | Self::ExportJson
                | Self::AttendancePdf
        )
    }

    /// File name patterns offered first in the chooser.
    fn patterns(self) -> &'static [&'static str] {
        match self {
            Self::Backup | Self::Restore => &["*.jbackup"],
            Self::StepsMarkdown => &["*.md"],
            Self::MeetingsCsv => &["*.csv"],
            Self::ExportJson | Self::ImportJson | Self::MeetingList | Self::MeetingFormats => {
                &["*.json"]
            }
            Self::AttendancePdf => &["*.pdf"],
        }
    }
}

/// The words of the chooser, in the member's language (the UI holds the locale).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct ChooserWords {
    /// Window title.
    pub title: String,
    /// The button that accepts ("Save", "Open").
    pub accept: String,
    /// The button that cancels.
    pub cancel: String,
    /// Name of the filter showing files of the expected kind.
    pub filter_name: String,
    /// Name of the filter showing every file.
    pub all_files: String,
}

/// Files chosen by the member and not yet used, by purpose.
#[derive(Default)]
pub struct Chosen(Mutex<HashMap<FilePurpose, PathBuf>>);

impl Chosen {
    fn put(&self, purpose: FilePurpose, path: Option<PathBuf>) -> CmdResult<()> {
        let mut map = self.0.lock().map_err(|_| IpcError::internal())?;
        match path {
            Some(p) => map.insert(purpose, p),
            None => map.remove(&purpose),
        };
        Ok(())
    }

    /// The file chosen for `purpose`, if any, without using it up.
    pub fn peek(&self, purpose: FilePurpose) -> CmdResult<Option<PathBuf>> {
        let map = self.0.lock().map_err(|_| IpcError::internal())?;
        Ok(map.get(&purpose).cloned())
    }

    /// The file chosen for `purpose`; `NO_FILE_CHOSEN` if the member has not chosen one.
    pub fn take(&self, purpose: FilePurpose) -> CmdResult<PathBuf> {
        let mut map = self.0.lock().map_err(|_| IpcError::internal())?;
        map.remove(&purpose).ok_or_else(IpcError::no_file_chosen)
    }
}

/// Switch off GTK's record of recently used files for this process. Call on the main thread.
pub fn disable_recent_files() {
    use gtk::prelude::*;
    if let Some(settings) = gtk::Settings::default() {
        settings.set_gtk_recent_files_enabled(false);
        settings.set_gtk_recent_files_max_age(0);
    }
}

/// Ask the member to choose a file for `purpose`; keep the choice for the command that uses it.
/// Returns the chosen file's name to show, or `None` if they cancelled.
pub async fn choose<R: Runtime>(
    app: &AppHandle<R>,
    purpose: FilePurpose,
    words: ChooserWords,
    suggested_name: String,
) -> CmdResult<Option<String>> {
    let chosen = match e2e_answer(purpose, &suggested_name) {
        Some(answer) => answer,
        None => run_dialog(app, purpose, words, suggested_name).await?,
    };
    let shown = chosen.as_ref().map(|p| p.to_string_lossy().into_owned());
    app.state::<Chosen>().put(purpose, chosen)?;
    Ok(shown)
}

async fn run_dialog<R: Runtime>(
    app: &AppHandle<R>,
    purpose: FilePurpose,
    words: ChooserWords,
    suggested_name: String,
) -> CmdResult<Option<PathBuf>> {
    let window = app
        .get_webview_window(crate::window::MAIN_LABEL)
        .ok_or_else(IpcError::internal)?;
    let (tx, rx) = std::sync::mpsc::channel();
    let parent = window.clone();
    window
        .run_on_main_thread(move || {
            let answer = parent
                .gtk_window()
                .ok()
                .and_then(|gtk_parent| dialog(&gtk_parent, purpose, &words, &suggested_name));
            let _ = tx.send(answer);
        })
        .map_err(|_| IpcError::internal())?;
    tauri::async_runtime::spawn_blocking(move || rx.recv().ok().flatten())
        .await
        .map_err(|_| IpcError::internal())
}

/// The GTK dialog itself, modal over the app's window. Runs on the main thread.
fn dialog(
    parent: &gtk::ApplicationWindow,
    purpose: FilePurpose,
    words: &ChooserWords,
    suggested_name: &str,
) -> Option<PathBuf> {
    use gtk::prelude::*;
    let action = if purpose.saves() {
        gtk::FileChooserAction::Save
    } else {
        gtk::FileChooserAction::Open
    };
    let dialog = gtk::FileChooserDialog::with_buttons(
        Some(words.title.as_str()),
        Some(parent),
        action,
        &[
            (words.cancel.as_str(), gtk::ResponseType::Cancel),
            (words.accept.as_str(), gtk::ResponseType::Accept),
        ],
    );
    dialog.set_modal(true);
    // Only files on this computer's own file systems: no network places.
    dialog.set_local_only(true);
    dialog.set_default_response(gtk::ResponseType::Accept);
    let ours = gtk::FileFilter::new();
    ours.set_name(Some(words.filter_name.as_str()));
    for pattern in purpose.patterns() {
        ours.add_pattern(pattern);
    }
    dialog.add_filter(ours);
    let all = gtk::FileFilter::new();
    all.set_name(Some(words.all_files.as_str()));
    all.add_pattern("*");
    dialog.add_filter(all);
    if purpose.saves() {
        dialog.set_do_overwrite_confirmation(true);
        dialog.set_current_name(suggested_name);
        if let Some(home) = dirs_home() {
            let _ = dialog.set_current_folder(home);
        }
    }
    let answer = if dialog.run() == gtk::ResponseType::Accept {
        dialog.filename()
    } else {
        None
    };
    dialog.close();
    answer
}

fn dirs_home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// The end-to-end tests' answer instead of a dialog, in debug builds under tauri-driver only.
#[cfg(debug_assertions)]
fn e2e_answer(purpose: FilePurpose, suggested_name: &str) -> Option<Option<PathBuf>> {
    if !crate::window::automation_requested() {
        return None;
    }
    let dir = PathBuf::from(std::env::var_os("RECOVERY_JOURNAL_E2E_PICK")?);
    if purpose.saves() {
        Some(Some(dir.join(suggested_name)))
    } else {
        let named = std::fs::read_to_string(dir.join("open")).ok()?;
        Some(Some(PathBuf::from(named.trim())).filter(|p| !p.as_os_str().is_empty()))
    }
}

#[cfg(not(debug_assertions))]
fn e2e_answer(_purpose: FilePurpose, _suggested_name: &str) -> Option<Option<PathBuf>> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chosen_files_are_used_once_and_by_purpose() {
        let chosen = Chosen::default();
        chosen
            .put(
                FilePurpose::Backup,
                Some(PathBuf::from("/media/usb/a.jbackup")),
            )
            .unwrap();
        assert!(chosen.take(FilePurpose::ExportJson).is_err());
        assert_eq!(
            chosen.peek(FilePurpose::Backup).unwrap(),
            Some(PathBuf::from("/media/usb/a.jbackup"))
        );
        assert_eq!(
            chosen.take(FilePurpose::Backup).unwrap(),
            PathBuf::from("/media/usb/a.jbackup")
        );
        let again = chosen.take(FilePurpose::Backup).unwrap_err();
        assert_eq!(
            serde_json::to_value(again.code).unwrap(),
            serde_json::json!("NO_FILE_CHOSEN")
        );
    }

    #[test]
    fn cancelling_forgets_an_earlier_choice() {
        let chosen = Chosen::default();
        chosen
            .put(FilePurpose::Restore, Some(PathBuf::from("/tmp/x.jbackup")))
            .unwrap();
        chosen.put(FilePurpose::Restore, None).unwrap();
        assert!(chosen.take(FilePurpose::Restore).is_err());
    }

    #[test]
    fn saves_and_opens_are_told_apart() {
        assert!(FilePurpose::Backup.saves());
        assert!(FilePurpose::AttendancePdf.saves());
        assert!(!FilePurpose::Restore.saves());
        assert!(!FilePurpose::ImportJson.saves());
        assert!(!FilePurpose::MeetingList.saves());
    }
}
