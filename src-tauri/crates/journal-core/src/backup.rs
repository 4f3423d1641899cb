//! Backups of the whole journal, when they are due and how many are kept; restoring from one
//! is in [`restore`]. The SQLite work (the online copy, reading it back) is the store's
//! (`crate::store::copy`); this module decides where a backup goes and whether it is good.
//!
//! Contract:
//! - A backup is a consistent snapshot of the journal's SQLite file (online backup API), so it
//!   holds exactly what the journal holds: key slots and encrypted blobs, never plaintext. It
//!   opens with the passphrase or recovery key that was valid when it was taken, on any
//!   computer: placed as `journal.sqlite` in a data folder it *is* a journal.
//! - Every backup is written to a temporary file beside its target (0600), fsynced, **verified
//!   by reading it back** (header, `integrity_check`, application id, schema version, the same
//!   key slots, the same number of records, every record decrypting under the journal's record
//!   key but those the journal itself could not read), and only then renamed over the target;
//!   the directory is fsynced. A backup that fails verification is removed and nothing at the
//!   target is replaced: an unverified copy is worse than none, as it is trusted when needed.
//! - Automatic backups live in `backups/` beside the journal (0700), named
//!   `journal-YYYYMMDDTHHMMSSZ.backup` (UTC, sorts by time, no member content in the name); the
//!   newest [`Settings::backups_kept`](crate::Settings) are kept. After a change of secrets the
//!   older ones, which open with the old secrets, are removed; when backups are on, only once
//!   a fresh one is verified, so the member is never left without one.
//! - Restoring checks a private copy of the backup before anything is replaced, and keeps the
//!   journal it replaces in `backups/` (see [`restore`]). See `docs/backups.md` for what a crash
//!   at each point leaves.

mod restore;

pub use restore::{RestoreSecret, StagedRestore};

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::error::{JournalError, Result};
use crate::files::{TMP_MARK, TempFile, split_target, temp_beside};
use crate::journal::Journal;
use crate::model::{BackupSchedule, Entity, RecordKind, Records};
use crate::store::{CopyReader, FILE_NAME, ensure_private_dir, preflight, sync_dir};

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
    journal.store().copy_into(tmp.path())?;
    fs::File::open(tmp.path())?.sync_all()?;
    let info = verify(journal, tmp.path()).map_err(|_| JournalError::BackupVerifyFailed)?;
    tmp.persist(dest, dir)?;
    Ok(info)
}

/// Read a written backup back and check it holds this journal (see the module contract).
fn verify(journal: &Journal, path: &Path) -> Result<BackupInfo> {
    preflight(path)?;
    let copy = CopyReader::open(path)?;
    copy.integrity_check()?;
    if !copy.is_current_journal()? || copy.key_slots()? != journal.store().key_slots()? {
        return Err(JournalError::BackupVerifyFailed);
    }
    let damaged_ids: Vec<[u8; 16]> = journal
        .damaged()
        .iter()
        .filter_map(|d| d.id.map(|u| *u.as_bytes()))
        .collect();
    let mut counts: BTreeMap<RecordKind, u32> = BTreeMap::new();
    let mut damaged = 0u32;
    let mut rows = 0u64;
    copy.for_each_record(|id, kind, blob| {
        rows += 1;
        let id: Option<[u8; 16]> = id.try_into().ok();
        let opened = id.and_then(|id| journal.cipher().open(kind, &id, blob).ok());
        match (opened, RecordKind::from_number(kind)) {
            (Some(_), Some(k)) => *counts.entry(k).or_default() += 1,
            _ if id.is_some_and(|id| damaged_ids.contains(&id)) => damaged += 1,
            _ if id.is_none() || RecordKind::from_number(kind).is_none() => damaged += 1,
            _ => return Err(JournalError::BackupVerifyFailed),
        }
        Ok(())
    })?;
    if rows != journal.store().record_count()? {
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

/// The newest dated entry the member wrote ("latest entry 12 March"): a clean date, a step
/// note, a nightly review, a meeting, a journal entry or an amend. Chosen here, not taken from
/// the kinds table: a step's started/completed dates and a contact's last call are not
/// entries, so they are left out, and a new kind joins only when it is one.
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

/// Records held per kind (kinds with none left out), in kind order: every kind of the table
/// (`model/kinds.rs`), so a new kind is counted without a line here.
pub(crate) fn counts_of(r: &Records) -> Vec<KindCount> {
    RecordKind::ALL
        .into_iter()
        .map(|kind| {
            let held = crate::model::with_kind!(kind, K => K::table(r).len());
            (kind, u32::try_from(held).unwrap_or(u32::MAX))
        })
        .filter(|(_, count)| *count > 0)
        .map(|(kind, count)| KindCount { kind, count })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::model::JournalEntry;
    use crate::store::tamper;
    use journal_crypto::KdfParams;
    use secrecy::SecretString;

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
        fs::File::create(path).unwrap();
        j.store().copy_into(path).unwrap();
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
        tamper::swap_first_blob(&swapped).unwrap();
        assert!(verify(&j, &swapped).is_err());

        // A record missing.
        let missing = dir.path().join("missing.backup");
        copy_of(&j, &missing);
        tamper::delete_first_record(&missing).unwrap();
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
