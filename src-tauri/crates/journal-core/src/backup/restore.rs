//! Restoring a journal from a backup: check everything on a private copy, then swap it in.
//!
//! Contract:
//! - The member's backup file is only read, never opened by SQLite: it is copied into a private
//!   staging folder (`.restore-<random>`, 0700) inside the journal folder, and the copy is
//!   unlocked, brought up to date and checked there ([`StagedRestore::prepare`]). A wrong
//!   secret or a bad file fails here, before anything the member has is touched, and the staging
//!   folder goes with the [`StagedRestore`].
//! - Nothing is replaced until the whole copy has been opened and read. The journal being
//!   replaced is first kept as `backups/before-restore-<time>.backup` (an online backup when it
//!   opens, else a byte copy), and such a copy is never removed automatically: repeated restores
//!   must not push the member's own journal out.
//! - The swap itself is a rename inside one folder, after removing the old journal's SQLite
//!   working files (so SQLite never pairs them with the restored file), then an fsync of the
//!   folder. See `docs/backups.md` for what a crash at each point leaves.

use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::{
    BACKUPS_DIR, BEFORE_RESTORE_PREFIX, BackupInfo, STAGING_PREFIX, STAMP, SUFFIX, backups_dir,
    counts_of, latest_date, remove_leftovers,
};
use crate::error::{JournalError, Result};
use crate::files::{TempFile, temp_beside};
use crate::journal::Journal;
use crate::store::{self, FILE_NAME, ensure_private_dir, preflight, sync_dir};

/// The secret a backup is opened with.
pub enum RestoreSecret {
    /// The passphrase that was valid when the backup was taken.
    Passphrase(SecretString),
    /// The recovery key that was valid when the backup was taken, and the new passphrase the
    /// restored journal gets (its old passphrase may be forgotten).
    RecoveryKey {
        /// The recovery key as the member typed it.
        recovery_key: SecretString,
        /// The passphrase the restored journal will open with.
        new_passphrase: SecretString,
    },
}

/// A backup copied into the journal folder and fully checked, waiting for the member to
/// confirm. Dropping it removes the copy; [`StagedRestore::restore`] puts it in place.
pub struct StagedRestore {
    dir: PathBuf,
    staging: PathBuf,
    passphrase: SecretString,
    info: BackupInfo,
}

impl StagedRestore {
    /// Copy `backup` into a private staging folder inside `dir` (the member's file is only
    /// read, and SQLite never opens it) and check the copy completely: its header, that
    /// `secret` opens it, `integrity_check`, and that every record decrypts and decodes. An
    /// older backup is brought up to date on the copy. Wrong secrets, damaged, truncated, empty,
    /// foreign and newer files give their own errors; nothing in `dir` changes except the
    /// staging folder, which is removed again on error or drop.
    pub fn prepare(dir: &Path, backup: &Path, secret: RestoreSecret) -> Result<StagedRestore> {
        ensure_private_dir(dir)?;
        remove_leftovers(dir, &dir.join(BACKUPS_DIR));
        // Refuse before copying: the same checks the copy would fail, with the same errors.
        preflight(backup).map_err(|e| match e {
            JournalError::NoJournal => JournalError::Io(io::ErrorKind::NotFound),
            other => other,
        })?;
        let random = journal_crypto::random_bytes::<8>()?;
        let staging = dir.join(format!(
            "{STAGING_PREFIX}{}",
            random
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        ));
        fs::DirBuilder::new().mode(0o700).create(&staging)?;
        let mut staged = StagedRestore {
            dir: dir.to_path_buf(),
            staging,
            passphrase: SecretString::from(String::new()),
            info: BackupInfo {
                counts: Vec::new(),
                records: 0,
                damaged: 0,
                latest_date: None,
                size_bytes: 0,
                modified: None,
            },
        };
        let meta = fs::metadata(backup)?;
        {
            let mut from = fs::File::open(backup)?;
            let mut to = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(staged.staging.join(FILE_NAME))?;
            io::copy(&mut from, &mut to)?;
            to.sync_all()?;
        }
        let (journal, passphrase) = match secret {
            RestoreSecret::Passphrase(p) => (Journal::unlock(&staged.staging, &p)?, p),
            RestoreSecret::RecoveryKey {
                recovery_key,
                new_passphrase,
            } => (
                Journal::unlock_with_recovery_key(&staged.staging, &recovery_key, &new_passphrase)?,
                new_passphrase,
            ),
        };
        journal.store().integrity_check()?;
        let records = journal.records();
        let counts = counts_of(records);
        staged.info = BackupInfo {
            records: counts.iter().map(|c| c.count).sum(),
            counts,
            damaged: u32::try_from(journal.damaged().len()).unwrap_or(u32::MAX),
            latest_date: latest_date(records),
            size_bytes: meta.len(),
            modified: meta.modified().ok().map(DateTime::<Utc>::from),
        };
        staged.passphrase = passphrase;
        journal.lock()?;
        Ok(staged)
    }

    /// What the backup holds, for the member's confirmation.
    pub fn info(&self) -> &BackupInfo {
        &self.info
    }

    /// Replace the journal in the folder with the checked copy and return it unlocked.
    ///
    /// `current` is the unlocked journal of the same folder, if any; it is locked first. The
    /// journal being replaced (unlocked or not, readable or not) is first kept as
    /// `backups/before-restore-<time>.backup`; then its working files are removed and the copy
    /// is renamed into place and the folder fsynced.
    pub fn restore(self, current: Option<Journal>, now: DateTime<Utc>) -> Result<Journal> {
        if let Some(j) = current {
            j.lock()?;
        }
        let live = self.dir.join(FILE_NAME);
        if live.exists() {
            keep_current(&self.dir, &live, now)?;
        }
        // The journal being replaced is saved; its WAL was folded in and copied. Remove its
        // working files so SQLite never pairs them with the restored file.
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut name = live.as_os_str().to_os_string();
            name.push(suffix);
            match fs::remove_file(PathBuf::from(name)) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(e.into()),
            }
        }
        fs::rename(self.staging.join(FILE_NAME), &live)?;
        sync_dir(&self.dir)?;
        // Before-restore copies are never removed automatically: each is the journal as it was
        // before someone replaced it, and repeated restores must not push the member's own
        // journal out (the member removes them, as any file).
        Journal::unlock(&self.dir, &self.passphrase)
    }
}

impl Drop for StagedRestore {
    fn drop(&mut self) {
        // Best effort: the staging folder holds only encrypted data; leftovers are removed by
        // the next backup or restore.
        let _ = fs::remove_dir_all(&self.staging);
    }
}

/// Keep the journal about to be replaced as `backups/before-restore-<now>.backup`: an online
/// backup when it opens as a journal file (its WAL included), else a byte copy.
fn keep_current(dir: &Path, live: &Path, now: DateTime<Utc>) -> Result<()> {
    let backups = backups_dir(dir)?;
    let name = format!("{BEFORE_RESTORE_PREFIX}{}{SUFFIX}", now.format(STAMP));
    let dest = backups.join(&name);
    if preflight(live).is_ok() && store::back_up_file(live, &dest)? {
        return Ok(());
    }
    let (tmp, mut file) = TempFile::create(temp_beside(&backups, &name.into())?)?;
    io::copy(&mut fs::File::open(live)?, &mut file)?;
    file.sync_all()?;
    drop(file);
    tmp.persist(&dest, &backups)
}
