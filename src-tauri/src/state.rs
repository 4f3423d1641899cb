//! The shell's state: where the journal lives, the unlocked journal (if any), and the clock
//! the auto-lock watches.
//!
//! Contract: the only place an unlocked [`Journal`] is held. [`Shared::lock`] takes it out and
//! drops it (checkpointing the WAL and zeroizing the key); every command that needs the journal
//! goes through [`Shared::with_journal`], which also counts as activity. Locking also takes
//! back what the app put on the clipboard.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use journal_core::{ErrorCode, Journal, JournalError, StagedRestore};

use crate::appearance::Look;
use crate::clipboard::Clipboard;
use crate::data_dir::DataFolder;
use crate::ipc::{CmdResult, IpcError};
use crate::sleep_inhibitor::SleepInhibitor;

/// State shared by commands and watcher threads.
pub struct Shared {
    /// The directory holding the journal file, and which folder that is (they change only
    /// when the member moves the data to the plain folder).
    place: Mutex<(PathBuf, DataFolder)>,
    journal: Mutex<Option<Journal>>,
    /// A checked backup waiting for the member to confirm the restore; dropped on lock.
    staged_restore: Mutex<Option<StagedRestore>>,
    /// Why the last automatic backup failed, if it did.
    auto_backup_problem: Mutex<Option<ErrorCode>>,
    last_activity: Mutex<Instant>,
    auto_lock_minutes: AtomicU32,
    /// Held while unlocked, so that suspend waits for the lock (sleep_inhibitor.rs).
    sleep_inhibitor: SleepInhibitor,
    /// What the app put on the clipboard; taken back on lock (clipboard.rs).
    pub clipboard: Arc<Clipboard>,
    /// The language and name the app shows (appearance.rs).
    pub look: Look,
}

/// What Tauri manages: a cheap handle to [`Shared`], cloneable into blocking tasks.
#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

impl AppState {
    /// State for a journal in `data_dir`, which is the `folder` kind of folder, locked.
    pub fn new(data_dir: PathBuf, folder: DataFolder) -> Self {
        Self::in_place(data_dir, folder, SleepInhibitor::on_system_bus())
    }

    /// A journal in a folder of the member's choosing, with `sleep_inhibitor` (tests give one
    /// on a private bus).
    #[cfg(test)]
    pub fn with_sleep_inhibitor(data_dir: PathBuf, sleep_inhibitor: SleepInhibitor) -> Self {
        Self::in_place(data_dir, DataFolder::Chosen, sleep_inhibitor)
    }

    fn in_place(data_dir: PathBuf, folder: DataFolder, sleep_inhibitor: SleepInhibitor) -> Self {
        Self(Arc::new(Shared {
            look: Look::load(&data_dir),
            place: Mutex::new((data_dir, folder)),
            journal: Mutex::new(None),
            staged_restore: Mutex::new(None),
            auto_backup_problem: Mutex::new(None),
            last_activity: Mutex::new(Instant::now()),
            auto_lock_minutes: AtomicU32::new(journal_core::Settings::default().auto_lock_minutes),
            sleep_inhibitor,
            clipboard: Arc::default(),
        }))
    }
}

impl Shared {
    /// The directory holding the journal file now.
    pub fn data_dir(&self) -> PathBuf {
        self.place().0
    }

    /// Which folder the journal is in.
    pub fn folder(&self) -> DataFolder {
        self.place().1
    }

    fn place(&self) -> (PathBuf, DataFolder) {
        match self.place.lock() {
            Ok(p) => p.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// `LOCKED` unless the journal is open or there is none yet: what changing how the app
    /// shows itself, or where its data lives, needs (someone at the lock screen cannot).
    pub fn require_unlocked_or_new(&self) -> CmdResult<()> {
        if Journal::exists(&self.data_dir()) {
            self.require_unlocked()
        } else {
            Ok(())
        }
    }

    /// Lock the journal and move its whole folder to the plain name (data_dir.rs,
    /// `move_dir`). The journal stays locked throughout, so nothing writes while it moves;
    /// the member opens it again from its new place. Refused with `INVALID` when the data is
    /// not in the standard folder.
    pub fn move_to_plain_folder(&self) -> CmdResult<()> {
        let (dir, folder) = self.place();
        let target = crate::data_dir::plain_dir(&dir)
            .filter(|_| folder == DataFolder::Standard)
            .ok_or_else(|| {
                IpcError::from(JournalError::Invalid(journal_core::ValidationError::new(
                    "folder",
                    journal_core::Problem::Required,
                )))
            })?;
        self.lock();
        // Held while the folder moves: no unlock can open the journal half-way.
        let guard = self.journal.lock().map_err(|_| IpcError::internal())?;
        let mut place = self.place.lock().map_err(|_| IpcError::internal())?;
        crate::data_dir::move_dir(&place.0, &target).map_err(JournalError::from)?;
        *place = (target, DataFolder::Plain);
        drop(place);
        drop(guard);
        Ok(())
    }

    /// Run `f` on the unlocked journal; refuses with `LOCKED` when there is none.
    pub fn with_journal<T>(
        &self,
        f: impl FnOnce(&mut Journal) -> Result<T, journal_core::JournalError>,
    ) -> CmdResult<T> {
        self.touch();
        let mut guard = self.journal.lock().map_err(|_| IpcError::internal())?;
        let journal = guard.as_mut().ok_or_else(IpcError::locked)?;
        Ok(f(journal)?)
    }

    /// `LOCKED` unless a journal is unlocked: for commands that must refuse before they use
    /// up anything else (such as the file the member chose).
    pub fn require_unlocked(&self) -> CmdResult<()> {
        if self.is_unlocked() {
            Ok(())
        } else {
            Err(IpcError::locked())
        }
    }

    /// Run `f` on the unlocked journal without counting it as the member's activity (for
    /// background work such as automatic backups). `None` when locked.
    pub fn with_journal_quietly<T>(
        &self,
        f: impl FnOnce(&mut Journal) -> Result<T, JournalError>,
    ) -> Option<Result<T, JournalError>> {
        let mut guard = self.journal.lock().ok()?;
        guard.as_mut().map(f)
    }

    /// Remember why the last automatic backup failed (`None`: it worked).
    pub fn set_auto_backup_problem(&self, problem: Option<ErrorCode>) {
        if let Ok(mut p) = self.auto_backup_problem.lock() {
            *p = problem;
        }
    }

    /// Why the last automatic backup failed, if it did.
    pub fn auto_backup_problem(&self) -> Option<ErrorCode> {
        self.auto_backup_problem.lock().ok().and_then(|p| *p)
    }

    /// Hold `journal` as the unlocked one (replacing and locking any other).
    pub fn set_unlocked(&self, journal: Journal) -> CmdResult<()> {
        self.auto_lock_minutes
            .store(journal.settings().auto_lock_minutes, Ordering::Relaxed);
        let mut guard = self.journal.lock().map_err(|_| IpcError::internal())?;
        if let Some(old) = guard.replace(journal) {
            // Best effort: the old journal is dropped either way.
            let _ = old.lock();
        }
        drop(guard);
        self.sleep_inhibitor.take();
        self.touch();
        Ok(())
    }

    /// Lock: drop the journal and its keys. Returns whether it was unlocked.
    pub fn lock(&self) -> bool {
        // A staged restore holds the backup's passphrase: it goes too. So does a phone number
        // the app put on the clipboard.
        drop(self.take_staged_restore());
        self.clipboard.on_lock();
        // A poisoned mutex still holds the journal: take it out regardless.
        let mut guard = match self.journal.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        let was_unlocked = match guard.take() {
            Some(journal) => {
                let _ = journal.lock();
                true
            }
            None => false,
        };
        // Only now, with the keys gone, may the system sleep.
        self.sleep_inhibitor.release();
        was_unlocked
    }

    /// Take the unlocked journal out (to be replaced by a restore), leaving the app locked.
    pub fn take_journal(&self) -> Option<Journal> {
        match self.journal.lock() {
            Ok(mut g) => g.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        }
    }

    /// Keep a checked backup until the member confirms or cancels the restore.
    pub fn stage_restore(&self, staged: StagedRestore) -> CmdResult<()> {
        let mut guard = self
            .staged_restore
            .lock()
            .map_err(|_| IpcError::internal())?;
        *guard = Some(staged);
        Ok(())
    }

    /// The staged restore, if any (dropping it removes its copy).
    pub fn take_staged_restore(&self) -> Option<StagedRestore> {
        match self.staged_restore.lock() {
            Ok(mut g) => g.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        }
    }

    /// Drop a staged restore once the member has been idle for the auto-lock time (while
    /// unlocked, locking drops it anyway). Returns whether one was dropped.
    pub fn expire_staged_restore_if_idle(&self) -> bool {
        self.idle_too_long() && self.take_staged_restore().is_some()
    }

    /// Whether a journal is unlocked now.
    pub fn is_unlocked(&self) -> bool {
        self.journal.lock().map(|g| g.is_some()).unwrap_or(false)
    }

    /// Note activity: the member is here.
    pub fn touch(&self) {
        if let Ok(mut t) = self.last_activity.lock() {
            *t = Instant::now();
        }
    }

    /// Set the idle time after which the journal locks itself.
    pub fn set_auto_lock_minutes(&self, minutes: u32) {
        self.auto_lock_minutes.store(minutes, Ordering::Relaxed);
    }

    /// Whether the member has been idle longer than the auto-lock time.
    pub fn idle_too_long(&self) -> bool {
        let limit =
            Duration::from_secs(u64::from(self.auto_lock_minutes.load(Ordering::Relaxed)) * 60);
        self.last_activity
            .lock()
            .map(|t| t.elapsed() >= limit)
            .unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use journal_core::{KdfParams, RestoreSecret, SecretString};

    fn staged(dir: &std::path::Path) -> StagedRestore {
        let pass = SecretString::from("a passphrase for staging".to_owned());
        let journal = Journal::create(dir, &pass, KdfParams::insecure_for_tests())
            .unwrap()
            .journal;
        let backup = dir.join("elsewhere.backup");
        journal.back_up_to(&backup).unwrap();
        journal.lock().unwrap();
        StagedRestore::prepare(dir, &backup, RestoreSecret::Passphrase(pass)).unwrap()
    }

    #[test]
    fn a_restore_staged_on_the_lock_screen_expires_after_the_idle_time() {
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::new(dir.path().to_path_buf(), DataFolder::Chosen);
        state.0.stage_restore(staged(dir.path())).unwrap();
        // The member is here: nothing expires.
        state.0.set_auto_lock_minutes(5);
        state.0.touch();
        assert!(!state.0.expire_staged_restore_if_idle());
        // Idle past the limit (zero minutes: at once): the staged backup and its secret go,
        // and confirming it is no longer possible.
        state.0.set_auto_lock_minutes(0);
        assert!(state.0.expire_staged_restore_if_idle());
        assert!(state.0.take_staged_restore().is_none());
    }

    /// The member moves their data to the plain folder: the journal is locked, the whole
    /// folder moves in one step, and it opens again from there; a second move is refused and
    /// a folder the member named is never moved.
    #[test]
    fn the_data_moves_whole_to_the_plain_folder_and_opens_from_there() {
        let home = tempfile::tempdir().unwrap();
        let standard = home.path().join("app.recoveryjournal.desktop");
        let plain = home.path().join(crate::data_dir::PLAIN_NAME);
        std::fs::create_dir(&standard).unwrap();
        let pass = SecretString::from("a passphrase for moving".to_owned());
        let journal = Journal::create(&standard, &pass, KdfParams::insecure_for_tests())
            .unwrap()
            .journal;
        let state = AppState::new(standard.clone(), DataFolder::Standard);
        state.0.set_unlocked(journal).unwrap();
        state.0.move_to_plain_folder().unwrap();
        assert!(!state.0.is_unlocked(), "locked for the move");
        assert!(!standard.exists());
        assert_eq!(state.0.data_dir(), plain);
        assert_eq!(state.0.folder(), DataFolder::Plain);
        assert_eq!(
            crate::data_dir::default_dir(&standard),
            (plain.clone(), DataFolder::Plain)
        );
        let journal = Journal::unlock(&state.0.data_dir(), &pass).unwrap();
        state.0.set_unlocked(journal).unwrap();
        let again = state.0.move_to_plain_folder();
        assert_eq!(
            again.err().map(|e| e.code),
            Some(crate::ipc::ErrorCode::Core(ErrorCode::Invalid))
        );
        assert!(
            state.0.is_unlocked(),
            "a refused move leaves the journal as it was"
        );

        let chosen = tempfile::tempdir().unwrap();
        let named = AppState::new(chosen.path().to_path_buf(), DataFolder::Chosen);
        assert!(named.0.move_to_plain_folder().is_err());
        assert!(chosen.path().is_dir());
    }
}
