//! Backups of the whole journal and restoring from them.
//!
//! Contract:
//! - A backup is a consistent snapshot of the journal's SQLite file (online backup API), so it
//!   holds exactly what the journal holds: key slots and encrypted blobs, never plaintext. It
//!   opens with the passphrase or recovery key that was valid when it was taken, on any
//!   computer: placed as `journal.sqlite` in a data folder it *is* a journal.
//! - Every backup is written to a temporary file beside its target (0600), fsynced, **verified
//!   by reading it back** (header, `integrity_check`, application id, schema version, the same
//!   key slots, the same number of records, every record decrypting under the journal's record
//!   key), and only then renamed over the target; the directory is fsynced. A backup that fails
//!   verification is removed and nothing at the target is replaced.
//! - Automatic backups live in `backups/` beside the journal (0700), named
//!   `journal-YYYYMMDDTHHMMSSZ.backup` (UTC, sorts by time, no member content in the name); the
//!   newest [`Settings::backups_kept`](crate::Settings) are kept.
//! - Restoring never opens the member's file for writing: it is copied into a private staging
//!   folder inside the journal folder and everything is checked there (see [`StagedRestore`]).
//!   Nothing is replaced until the whole copy has been opened and read; the current journal is
//!   kept in `backups/` first, and such a copy is never removed automatically. See `docs/backups.md` for what a crash at each point leaves.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags};
use secrecy::SecretString;
use serde::Serialize;

use crate::error::{JournalError, Result};
use crate::files::{TMP_MARK, TempFile, split_target, temp_beside};
use crate::journal::Journal;
use crate::model::{BackupSchedule, Entity, RecordKind, Records};
use crate::store::{
    self, APPLICATION_ID, FILE_NAME, SCHEMA_VERSION, ensure_private_dir, preflight, sync_dir,
};

/// The folder beside the journal that holds automatic backups and the copy kept before a restore.
pub const BACKUPS_DIR: &str = "backups";
const AUTO_PREFIX: &str = "journal-";
const BEFORE_RESTORE_PREFIX: &str = "before-restore-";
const SUFFIX: &str = ".backup";
const STAMP: &str = "%Y%m%dT%H%M%SZ";
const STAGING_PREFIX: &str = ".restore-";

/// How many records of one kind a backup holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KindCount {
    /// The kind.
    pub kind: RecordKind,
    /// How many records of it.
    pub count: u32,
}

/// What a backup holds, for "this backup holds 312 entries…" and for the result of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupInfo {
    /// Records per kind (kinds with none are left out), in kind order.
    pub counts: Vec<KindCount>,
    /// All records that could be read.
    pub records: u32,
    /// Records that could not be read (the same ones the journal itself could not read).
    pub damaged: u32,
    /// The newest date any record is about (for "from <date>"), if any record has a date.
    pub latest_date: Option<NaiveDate>,
    /// The file's size in bytes.
    // A JSON number in the UI: files past 2^53 bytes are not a journal's concern.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: u64,
    /// When the file was last written, as the file system says (for the confirmation).
    #[cfg_attr(feature = "ts", ts(type = "string | null"))]
    pub modified: Option<DateTime<Utc>>,
}

/// One backup in the journal's `backups/` folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupFile {
    /// The file's path.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    /// When it was taken (from its name, UTC).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub taken_at: DateTime<Utc>,
    /// `true` for the copy kept of a journal replaced by a restore, `false` for a scheduled one.
    pub before_restore: bool,
    /// The file's size in bytes.
    // A JSON number in the UI: files past 2^53 bytes are not a journal's concern.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: u64,
}

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

impl Journal {
    /// "Back up now": write a verified backup of this journal to `target` (see the module
    /// contract). An earlier file at `target` is replaced only once the new one is verified.
    pub fn back_up_to(&self, target: &Path) -> Result<BackupInfo> {
        let (dir, name) = split_target(target)?;
        if is_journal_file(self.dir(), &dir, &name) {
            return Err(JournalError::BackupTargetInvalid);
        }
        snapshot(self, target, &dir, &name)
    }

    /// Whether an automatic backup is due at `now` under the member's schedule: none taken
    /// yet, the newest older than a day (or a week), or the newest dated after `now` (the
    /// clock was turned back).
    pub fn backup_due(&self, now: DateTime<Utc>) -> Result<bool> {
        let every = match self.settings().backup_schedule {
            BackupSchedule::Off => return Ok(false),
            BackupSchedule::Daily => chrono::Duration::days(1),
            BackupSchedule::Weekly => chrono::Duration::days(7),
        };
        let newest = list_backups(self.dir())?
            .into_iter()
            .filter(|b| !b.before_restore)
            .map(|b| b.taken_at)
            .max();
        Ok(match newest {
            None => true,
            Some(t) => t > now || now - t >= every,
        })
    }

    /// Take an automatic backup into `backups/` if one is due (see [`Journal::backup_due`]),
    /// verify it, then remove the oldest beyond the number the member keeps. The shell's timer
    /// calls this while the journal is unlocked. Returns what the new backup holds, or `None`
    /// when none was due.
    pub fn auto_backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
        if !self.backup_due(now)? {
            return Ok(None);
        }
        self.auto_backup(now).map(Some)
    }

    /// Take an automatic backup into `backups/` now, whatever the schedule, and rotate.
    pub fn auto_backup(&self, now: DateTime<Utc>) -> Result<BackupInfo> {
        let dir = backups_dir(self.dir())?;
        remove_leftovers(self.dir(), &dir);
        let name = format!("{AUTO_PREFIX}{}{SUFFIX}", now.format(STAMP));
        let info = snapshot(self, &dir.join(&name), &dir, &name.into())?;
        let kept = usize::try_from(self.settings().backups_kept).unwrap_or(usize::MAX);
        prune_automatic(self.dir(), kept.max(1))?;
        Ok(info)
    }
}

impl Journal {
    /// After a change of secrets: a fresh verified automatic backup (unless the member turned
    /// backups off), and only then every older automatic backup removed, since those open with
    /// the old secrets. Copies kept before a restore are never removed. If the fresh backup
    /// fails, the older ones stay: they are the only backups there are.
    pub(crate) fn renew_automatic_backups(&self, now: DateTime<Utc>) -> Result<()> {
        let fresh = if self.settings().backup_schedule == BackupSchedule::Off {
            None
        } else {
            let dir = backups_dir(self.dir())?;
            remove_leftovers(self.dir(), &dir);
            let name = format!("{AUTO_PREFIX}{}{SUFFIX}", now.format(STAMP));
            let path = dir.join(&name);
            snapshot(self, &path, &dir, &name.into())?;
            Some(path)
        };
        // By path, not by date: an older backup dated in the future (the clock was turned
        // back) must go too.
        for old in list_backups(self.dir())? {
            if !old.before_restore && Some(&old.path) != fresh.as_ref() {
                fs::remove_file(&old.path)?;
            }
        }
        if let Some(path) = &fresh {
            sync_dir(path.parent().unwrap_or(self.dir()))?;
        }
        Ok(())
    }
}

/// Backups in `journal_dir/backups/`, newest first. Files not named by this app are ignored.
pub fn list_backups(journal_dir: &Path) -> Result<Vec<BackupFile>> {
    let dir = journal_dir.join(BACKUPS_DIR);
    let entries = match fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        let Some(stem) = name.strip_suffix(SUFFIX) else {
            continue;
        };
        let (stamp, before_restore) = if let Some(s) = stem.strip_prefix(AUTO_PREFIX) {
            (s, false)
        } else if let Some(s) = stem.strip_prefix(BEFORE_RESTORE_PREFIX) {
            (s, true)
        } else {
            continue;
        };
        let Ok(taken) = chrono::NaiveDateTime::parse_from_str(stamp, STAMP) else {
            continue;
        };
        out.push(BackupFile {
            path: entry.path(),
            taken_at: taken.and_utc(),
            before_restore,
            size_bytes: entry.metadata()?.len(),
        });
    }
    out.sort_by(|a, b| b.taken_at.cmp(&a.taken_at).then(a.path.cmp(&b.path)));
    Ok(out)
}

/// The `backups/` folder of a journal, created private (0700) if needed.
fn backups_dir(journal_dir: &Path) -> Result<PathBuf> {
    let dir = journal_dir.join(BACKUPS_DIR);
    ensure_private_dir(&dir)?;
    Ok(dir)
}

/// Remove the oldest automatic backups beyond `keep` (never a before-restore copy).
fn prune_automatic(journal_dir: &Path, keep: usize) -> Result<()> {
    for old in list_backups(journal_dir)?
        .into_iter()
        .filter(|b| !b.before_restore)
        .skip(keep)
    {
        fs::remove_file(&old.path)?;
    }
    Ok(())
}

/// Remove what an interrupted backup or restore left: temporary backup files and staging
/// folders. They hold only encrypted data; this is tidiness, not secrecy.
fn remove_leftovers(journal_dir: &Path, backups: &Path) {
    if let Ok(entries) = fs::read_dir(backups) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().contains(TMP_MARK) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
    if let Ok(entries) = fs::read_dir(journal_dir) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(STAGING_PREFIX) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Whether `dir/name` is the journal's own file or one of its SQLite working files.
fn is_journal_file(journal_dir: &Path, dir: &Path, name: &std::ffi::OsStr) -> bool {
    let same_dir = match (fs::canonicalize(journal_dir), fs::canonicalize(dir)) {
        (Ok(a), Ok(b)) => a == b,
        _ => journal_dir == dir,
    };
    same_dir && name.to_string_lossy().starts_with(FILE_NAME)
}

/// Write a verified snapshot of `journal` to `dest` (= `dir/name`).
fn snapshot(
    journal: &Journal,
    dest: &Path,
    dir: &Path,
    name: &std::ffi::OsString,
) -> Result<BackupInfo> {
    let (tmp, file) = TempFile::create(temp_beside(dir, name)?)?;
    drop(file);
    {
        let mut out = Connection::open_with_flags(tmp.path(), OpenFlags::SQLITE_OPEN_READ_WRITE)?;
        {
            let backup = rusqlite::backup::Backup::new(journal.store().connection(), &mut out)?;
            backup.run_to_completion(256, std::time::Duration::ZERO, None)?;
        }
        // A rollback-journal file: self-contained, no -wal beside it on a USB stick.
        out.execute_batch("PRAGMA journal_mode = DELETE;")?;
    }
    fs::File::open(tmp.path())?.sync_all()?;
    let info = verify(journal, tmp.path()).map_err(|_| JournalError::BackupVerifyFailed)?;
    tmp.persist(dest, dir)?;
    Ok(info)
}

/// Read a written backup back and check it holds this journal (see the module contract).
fn verify(journal: &Journal, path: &Path) -> Result<BackupInfo> {
    preflight(path)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    integrity_ok(&conn)?;
    let app_id: u32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID || version != SCHEMA_VERSION {
        return Err(JournalError::BackupVerifyFailed);
    }
    let slots = |c: &Connection| -> Result<Vec<Vec<u8>>> {
        let mut s = c.prepare("SELECT slot FROM key_slot ORDER BY kind")?;
        let rows = s.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    if slots(&conn)? != slots(journal.store().connection())? {
        return Err(JournalError::BackupVerifyFailed);
    }
    let damaged_ids: Vec<[u8; 16]> = journal
        .damaged()
        .iter()
        .filter_map(|d| d.id.map(|u| *u.as_bytes()))
        .collect();
    let mut counts: BTreeMap<RecordKind, u32> = BTreeMap::new();
    let mut damaged = 0u32;
    let mut rows = 0i64;
    {
        let mut stmt = conn.prepare("SELECT id, kind, blob FROM record")?;
        let mut q = stmt.query([])?;
        while let Some(row) = q.next()? {
            rows += 1;
            let id: Vec<u8> = row.get(0)?;
            let kind: u16 = row.get(1)?;
            let blob: Vec<u8> = row.get(2)?;
            let id: Option<[u8; 16]> = id.as_slice().try_into().ok();
            let opened = id.and_then(|id| journal.cipher().open(kind, &id, &blob).ok());
            match (opened, RecordKind::from_number(kind)) {
                (Some(_), Some(k)) => *counts.entry(k).or_default() += 1,
                _ if id.is_some_and(|id| damaged_ids.contains(&id)) => damaged += 1,
                _ if id.is_none() || RecordKind::from_number(kind).is_none() => damaged += 1,
                _ => return Err(JournalError::BackupVerifyFailed),
            }
        }
    }
    let live: i64 =
        journal
            .store()
            .connection()
            .query_row("SELECT count(*) FROM record", [], |r| r.get(0))?;
    if rows != live {
        return Err(JournalError::BackupVerifyFailed);
    }
    let meta = fs::metadata(path)?;
    Ok(BackupInfo {
        records: counts.values().sum(),
        counts: counts
            .into_iter()
            .map(|(kind, count)| KindCount { kind, count })
            .collect(),
        damaged,
        latest_date: latest_date(journal.records()),
        size_bytes: meta.len(),
        modified: meta.modified().ok().map(DateTime::<Utc>::from),
    })
}

fn integrity_ok(conn: &Connection) -> Result<()> {
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(JournalError::Corrupt);
    }
    Ok(())
}

/// The newest date any record is about.
fn latest_date(r: &Records) -> Option<NaiveDate> {
    fn newest<T: Entity>(t: &std::collections::HashMap<uuid::Uuid, T>) -> Option<NaiveDate> {
        t.values().filter_map(Entity::date).max()
    }
    [
        newest(&r.clean_dates),
        newest(&r.step_notes),
        newest(&r.reviews),
        newest(&r.meetings),
        newest(&r.entries),
        newest(&r.amends),
    ]
    .into_iter()
    .flatten()
    .max()
}

/// Records held per kind (kinds with none left out), in kind order.
pub(crate) fn counts_of(r: &Records) -> Vec<KindCount> {
    fn n<T>(t: &std::collections::HashMap<uuid::Uuid, T>) -> u32 {
        u32::try_from(t.len()).unwrap_or(u32::MAX)
    }
    [
        (RecordKind::CleanDate, n(&r.clean_dates)),
        (RecordKind::StepWork, n(&r.step_work)),
        (RecordKind::StepNote, n(&r.step_notes)),
        (RecordKind::StepQuestion, n(&r.step_questions)),
        (RecordKind::InventoryRow, n(&r.inventory)),
        (RecordKind::Amend, n(&r.amends)),
        (RecordKind::NightlyReview, n(&r.reviews)),
        (RecordKind::Meeting, n(&r.meetings)),
        (RecordKind::Contact, n(&r.contacts)),
        (RecordKind::JournalEntry, n(&r.entries)),
        (RecordKind::Settings, n(&r.settings)),
        (RecordKind::ListedMeeting, n(&r.listed_meetings)),
    ]
    .into_iter()
    .filter(|(_, count)| *count > 0)
    .map(|(kind, count)| KindCount { kind, count })
    .collect()
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
        integrity_ok(journal.store().connection())?;
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
    if preflight(live).is_ok() {
        let conn = Connection::open_with_flags(
            live,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        if store::backup_to(&conn, &dest).is_ok() {
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            return Ok(());
        }
    }
    let (tmp, mut file) = TempFile::create(temp_beside(&backups, &name.into())?)?;
    io::copy(&mut fs::File::open(live)?, &mut file)?;
    file.sync_all()?;
    drop(file);
    tmp.persist(&dest, &backups)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::JournalEntry;
    use journal_crypto::KdfParams;

    fn journal(dir: &Path) -> Journal {
        let pass = SecretString::from("correct horse battery staple".to_owned());
        let mut j = Journal::create(dir, &pass, KdfParams::insecure_for_tests())
            .unwrap()
            .journal;
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        for day in 1..=3 {
            j.save(
                JournalEntry {
                    id: uuid::Uuid::nil(),
                    date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
                    text: format!("day {day}"),
                    feelings: vec![],
                    craving: None,
                    gratitude: vec![],
                },
                today,
            )
            .unwrap();
        }
        j
    }

    /// A copy of the journal as a snapshot would write it, to tamper with.
    fn copy_of(j: &Journal, path: &Path) {
        let mut out = Connection::open(path).unwrap();
        rusqlite::backup::Backup::new(j.store().connection(), &mut out)
            .unwrap()
            .run_to_completion(256, std::time::Duration::ZERO, None)
            .unwrap();
        out.execute_batch("PRAGMA journal_mode = DELETE;").unwrap();
    }

    #[test]
    fn verification_accepts_a_faithful_copy_only() {
        let dir = tempfile::tempdir().unwrap();
        let j = journal(dir.path());
        let good = dir.path().join("good.backup");
        copy_of(&j, &good);
        assert_eq!(verify(&j, &good).unwrap().records, 3);

        // A record sealed under another key (here: another record's blob under this id).
        let swapped = dir.path().join("swapped.backup");
        copy_of(&j, &swapped);
        Connection::open(&swapped)
            .unwrap()
            .execute_batch(
                "UPDATE record SET blob = (SELECT blob FROM record ORDER BY id DESC LIMIT 1)
                 WHERE id = (SELECT id FROM record ORDER BY id LIMIT 1);",
            )
            .unwrap();
        assert!(verify(&j, &swapped).is_err());

        // A record missing.
        let missing = dir.path().join("missing.backup");
        copy_of(&j, &missing);
        Connection::open(&missing)
            .unwrap()
            .execute_batch("DELETE FROM record WHERE id = (SELECT min(id) FROM record);")
            .unwrap();
        assert!(verify(&j, &missing).is_err());

        // Another journal's key slots.
        let other_dir = tempfile::tempdir().unwrap();
        let other = journal(other_dir.path());
        let foreign = dir.path().join("foreign.backup");
        copy_of(&other, &foreign);
        assert!(verify(&j, &foreign).is_err());
    }

    #[test]
    fn leftovers_of_interrupted_backups_and_restores_are_tidied() {
        let dir = tempfile::tempdir().unwrap();
        let j = journal(dir.path());
        let backups = backups_dir(dir.path()).unwrap();
        fs::write(backups.join("journal-x.backup.tmp-0011223344556677"), b"x").unwrap();
        fs::create_dir(dir.path().join(".restore-0011223344556677")).unwrap();
        let now = DateTime::parse_from_rfc3339("2026-11-21T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        j.auto_backup(now).unwrap();
        let mut names: Vec<String> = fs::read_dir(&backups)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["journal-20261121T080000Z.backup"]);
        assert!(!dir.path().join(".restore-0011223344556677").exists());
    }
}
