//! Copies of the journal's database, and reading a copy back to check it. `crate::backup`
//! decides when, where and what a good copy is; the SQLite work for it is done here.
//!
//! Contract:
//! - A copy is taken with SQLite's online backup API from an open connection, so it is a
//!   consistent snapshot even of a journal in use (its WAL included), and is then switched to a
//!   rollback journal (`journal_mode = DELETE`): one self-contained file, with no `-wal` to be
//!   left behind on a USB stick.
//! - The connections opened here are not made by [`open_connection`](super::open_connection):
//!   a copy is not a journal anyone works on, so it gets none of a journal's settings, and a
//!   copy being checked is opened read-only so that checking it cannot change it. The same
//!   goes for a journal about to be replaced by a restore ([`back_up_file`]): it is only read
//!   out and checkpointed.
//! - [`backup_to`] makes its copy durable and puts it in place itself (temporary file, quick
//!   check, fsync, rename, fsync the folder). [`Store::copy_into`] only fills a file the caller
//!   made: fsyncing, verifying and renaming it is the caller's job.

use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

use rusqlite::{Connection, OpenFlags};

use super::{APPLICATION_ID, SCHEMA_VERSION, Store, integrity_ok, key_slots, sync_dir};
use crate::error::{JournalError, Result};

/// Online backup of `from` into the existing file `to`, switched to a rollback journal. The
/// copy's connection is handed back open, for a check before it is closed.
fn copy_database(from: &Connection, to: &Path) -> Result<Connection> {
    let mut out = Connection::open_with_flags(to, OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    {
        let backup = rusqlite::backup::Backup::new(from, &mut out)?;
        backup.run_to_completion(256, std::time::Duration::ZERO, None)?;
    }
    out.execute_batch("PRAGMA journal_mode = DELETE;")?;
    Ok(out)
}

/// Copy the live database into `dest` atomically: online backup into a temporary file beside
/// it, quick check, fsync, rename, fsync the directory. The copy holds only what the journal
/// holds: key slots and encrypted blobs.
pub(crate) fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    let dir = dest
        .parent()
        .ok_or(JournalError::Io(std::io::ErrorKind::InvalidInput))?;
    let mut tmp_name = dest
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    tmp_name.push(".tmp");
    let tmp = dest.with_file_name(tmp_name);
    let _ = fs::remove_file(&tmp);
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)?;
    {
        let out = copy_database(conn, &tmp)?;
        // The copy is a rollback-journal database; make sure every page is on disk.
        let check: String = out.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(JournalError::Corrupt);
        }
    }
    File::open(&tmp)?.sync_all()?;
    fs::rename(&tmp, dest)?;
    sync_dir(dir)?;
    Ok(())
}

/// Back up the journal file at `live` (its WAL included) to `dest` with [`backup_to`], then
/// fold its WAL into it. The file is only read and checkpointed, so it is opened as it is, not
/// configured as a journal to work on. `Ok(false)` when it opened but the backup failed (the
/// caller may fall back to a byte copy); an error when it does not open or the checkpoint
/// fails.
pub(crate) fn back_up_file(live: &Path, dest: &Path) -> Result<bool> {
    let conn = Connection::open_with_flags(
        live,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if backup_to(&conn, dest).is_err() {
        return Ok(false);
    }
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(true)
}

impl Store {
    /// Fill the empty file `path` (made by the caller, who owns it) with a snapshot of this
    /// journal, closed again on return. Not yet fsynced, verified or in place: the caller's job.
    pub(crate) fn copy_into(&self, path: &Path) -> Result<()> {
        drop(copy_database(&self.conn, path)?);
        Ok(())
    }
}

/// A copy of a journal opened read-only, to check it against the journal it was taken from.
/// Check the file with [`preflight`](super::preflight) before opening it.
pub(crate) struct CopyReader {
    conn: Connection,
}

impl CopyReader {
    /// Open the database at `path` read-only.
    pub(crate) fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Ok(Self { conn })
    }

    /// `PRAGMA integrity_check` passes; [`JournalError::Corrupt`] otherwise.
    pub(crate) fn integrity_check(&self) -> Result<()> {
        integrity_ok(&self.conn)
    }

    /// Whether it carries our `application_id` and exactly this code's schema version.
    pub(crate) fn is_current_journal(&self) -> Result<bool> {
        let app_id: u32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let version: u32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(app_id == APPLICATION_ID && version == SCHEMA_VERSION)
    }

    /// Every key slot, as stored, in kind order (as [`Store::key_slots`]).
    pub(crate) fn key_slots(&self) -> Result<Vec<Vec<u8>>> {
        key_slots(&self.conn)
    }

    /// Every record as stored (`id`, `kind`, `blob`), handed to `f` row by row; `f` returning
    /// an error stops the read. Unlike [`Store::for_each_record`], an id or blob that is not a
    /// blob is an error: a copy holding one is not a faithful copy.
    pub(crate) fn for_each_record(
        &self,
        mut f: impl FnMut(&[u8], u16, &[u8]) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare("SELECT id, kind, blob FROM record")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id: &[u8] = row
                .get_ref(0)?
                .as_blob()
                .map_err(|_| JournalError::Corrupt)?;
            let kind: u16 = row.get(1)?;
            let blob: &[u8] = row
                .get_ref(2)?
                .as_blob()
                .map_err(|_| JournalError::Corrupt)?;
            f(id, kind, blob)?;
        }
        Ok(())
    }
}

/// Damage done to a copy on disk, for tests of the checks that must catch it.
#[cfg(test)]
pub(crate) mod tamper {
    use super::*;

    /// Put the blob of the record with the highest id under the record with the lowest id.
    pub(crate) fn swap_first_blob(path: &Path) -> Result<()> {
        Connection::open(path)?.execute_batch(
            "UPDATE record SET blob = (SELECT blob FROM record ORDER BY id DESC LIMIT 1)
             WHERE id = (SELECT id FROM record ORDER BY id LIMIT 1);",
        )?;
        Ok(())
    }

    /// Delete the record with the lowest id.
    pub(crate) fn delete_first_record(path: &Path) -> Result<()> {
        Connection::open(path)?
            .execute_batch("DELETE FROM record WHERE id = (SELECT min(id) FROM record);")?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn backup_is_a_verified_copy() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::create(dir.path(), &[]).unwrap();
        store
            .with_tx(|tx| tx.put_record(&[7; 16], 3, b"opaque"))
            .unwrap();
        let dest = dir.path().join("copy.backup");
        backup_to(&store.conn, &dest).unwrap();
        let copy = Connection::open(&dest).unwrap();
        let blob: Vec<u8> = copy
            .query_row("SELECT blob FROM record", [], |r| r.get(0))
            .unwrap();
        assert_eq!(blob, b"opaque");
        assert_eq!(
            fs::metadata(&dest).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}
