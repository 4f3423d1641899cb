//! The journal file: one SQLite database of encrypted blobs. This module and its submodules
//! are the only code that talks to SQLite: every statement and every connection is here, and
//! the rest of the crate goes through [`Store`], [`Tx`] and the functions below.
//!
//! Contract:
//! - A journal's connection is opened and configured only by [`open_connection`] (WAL,
//!   `synchronous=FULL`, foreign keys, `secure_delete`, in-memory temp store, our
//!   `application_id`). The file is created 0600 in a 0700 directory. The only other
//!   connections are made in [`copy`], for backups: to a copy being written or checked, and to
//!   a journal about to be replaced by a restore (read out and checkpointed, nothing more).
//!   None of them is worked on as a journal, so none gets a journal's settings.
//! - An existing file is inspected *before* SQLite touches it (see [`preflight`]), so an empty,
//!   foreign, truncated or newer file is refused with its own error and left byte-for-byte as it
//!   was.
//! - Plaintext columns are only: record UUID, record kind, the blob, and a key slot's kind.
//!   Nothing a member wrote is ever stored outside a blob.
//! - Migrations are numbered and append-only ([`mod@format`]); a database newer than this code is
//!   refused, and a verified backup is written before any migration of an existing journal.
//! - Records and key slots are written only through a [`Tx`], inside a transaction:
//!   [`Store::with_tx`] commits when its closure returns `Ok` and rolls back otherwise, so a
//!   failed save leaves nothing half-written.
//! - One writer per journal: a [`Store`] holds an exclusive lock on `dir/LOCK_NAME` (an OS
//!   `flock`) for its whole life, taken before the journal file is touched. A second `Store` on
//!   the same folder, in this process or any other, gets [`JournalError::InUse`] (after waiting
//!   at most `LOCK_PATIENCE`) and changes nothing. The kernel drops the lock when the process
//!   ends, however it ends, so a killed app never blocks the next start.

mod copy;
mod format;

use std::fs::{self, File, OpenOptions};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, Transaction, params};

#[cfg(test)]
pub(crate) use copy::tamper;
pub(crate) use copy::{CopyReader, back_up_file, backup_to};
pub use format::SCHEMA_VERSION;
use format::migrate;
pub(crate) use format::preflight;

use crate::error::{JournalError, Result};

/// Our SQLite `application_id`: "NAJ1". Tells our files from any other program's.
pub const APPLICATION_ID: u32 = 0x4E41_4A31;

/// The journal's file name inside its data directory.
pub const FILE_NAME: &str = "journal.sqlite";

/// The lock file beside the journal that one [`Store`] at a time holds locked.
pub const LOCK_NAME: &str = "journal.lock";

/// The name a new journal is built under before it is linked into place.
const CREATING_NAME: &str = "journal.sqlite.creating";

/// An open journal database.
pub(crate) struct Store {
    conn: Connection,
    /// Held locked for as long as this store is open; dropping it unlocks (after `conn`).
    _writer: WriterLock,
}

/// How long a held writer lock is waited for before [`JournalError::InUse`].
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(500);

/// The exclusive writer lock on a journal folder (see the module contract).
struct WriterLock {
    /// Open and locked; closing it (on drop) unlocks.
    _file: File,
}

impl WriterLock {
    /// Lock `dir/LOCK_NAME`, creating it (0600) if needed; waits at most `LOCK_PATIENCE`.
    fn acquire(dir: &Path) -> Result<Self> {
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(dir.join(LOCK_NAME))?;
        // A lock belongs to the open file, and a child process that another thread forks
        // shares the open file until it execs (the descriptor is close-on-exec). So a lock just
        // given up can look held for a moment longer; a real second writer holds it for good.
        // Waiting briefly tells the two apart without ever blocking for long.
        let start = std::time::Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Self { _file: file }),
                Err(fs::TryLockError::WouldBlock) if start.elapsed() < LOCK_PATIENCE => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                Err(fs::TryLockError::WouldBlock) => return Err(JournalError::InUse),
                Err(fs::TryLockError::Error(e)) => return Err(e.into()),
            }
        }
    }
}

impl Store {
    /// Create a new journal at `dir/FILE_NAME` holding `key_slots` (kind, bytes), atomically:
    /// the database is built under a temporary name, checkpointed, closed and fsynced, then
    /// linked into place (a hard link never replaces an existing journal). A crash at any point
    /// leaves either no journal or a complete one, never a half-made file that blocks the next
    /// attempt.
    pub fn create(dir: &Path, key_slots: &[(u8, Vec<u8>)]) -> Result<Self> {
        ensure_private_dir(dir)?;
        let writer = WriterLock::acquire(dir)?;
        let path = dir.join(FILE_NAME);
        if path.exists() {
            return Err(JournalError::JournalExists);
        }
        let tmp = dir.join(CREATING_NAME);
        remove_with_sidecars(&tmp)?;
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&tmp)?;
        {
            let mut conn = open_connection(&tmp)?;
            migrate(&mut conn, &tmp)?;
            let tx = conn.transaction()?;
            for (kind, slot) in key_slots {
                Tx(&tx).put_key_slot(*kind, slot)?;
            }
            tx.commit()?;
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            // Dropping the last connection removes the (empty) WAL and SHM files.
        }
        File::open(&tmp)?.sync_all()?;
        match fs::hard_link(&tmp, &path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                remove_with_sidecars(&tmp)?;
                return Err(JournalError::JournalExists);
            }
            Err(e) => return Err(e.into()),
        }
        remove_with_sidecars(&tmp)?;
        sync_dir(dir)?;
        Self::open_locked(dir, writer)
    }

    /// Open the journal at `dir/FILE_NAME`, migrating it if it is older than this code.
    pub fn open(dir: &Path) -> Result<Self> {
        let path = dir.join(FILE_NAME);
        // Nothing to lock (and no lock file to leave behind) where there is no journal.
        preflight(&path)?;
        Self::open_locked(dir, WriterLock::acquire(dir)?)
    }

    fn open_locked(dir: &Path, writer: WriterLock) -> Result<Self> {
        let path = dir.join(FILE_NAME);
        preflight(&path)?;
        let mut conn = open_connection(&path)?;
        migrate(&mut conn, &path)?;
        Ok(Self {
            conn,
            _writer: writer,
        })
    }

    /// The key slot stored under `kind`, as stored, if there is one. Reading one kind at a
    /// time keeps a damaged slot of one kind from blocking the other.
    pub fn key_slot(&self, kind: u8) -> Result<Option<Vec<u8>>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT slot FROM key_slot WHERE kind = ?1", [kind], |r| {
                r.get::<_, Vec<u8>>(0)
            })
            .optional()?)
    }

    /// Every key slot, as stored, in kind order: for comparing a backup with its journal (the
    /// journal itself reads one kind at a time, [`Store::key_slot`]).
    pub fn key_slots(&self) -> Result<Vec<Vec<u8>>> {
        key_slots(&self.conn)
    }

    /// Every record, still encrypted, in one query, handed to `f` row by row without copying
    /// (`id`, `kind`, `blob`); `f` returning an error stops the read.
    pub fn for_each_record(
        &self,
        mut f: impl FnMut(&[u8], u16, &[u8]) -> Result<()>,
    ) -> Result<()> {
        let mut stmt = self.conn.prepare("SELECT id, kind, blob FROM record")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let id = row
                .get_ref(0)?
                .as_blob_or_null()
                .map_err(|_| JournalError::Corrupt)?;
            let kind: u16 = row.get(1)?;
            let blob = row
                .get_ref(2)?
                .as_blob_or_null()
                .map_err(|_| JournalError::Corrupt)?;
            f(id.unwrap_or_default(), kind, blob.unwrap_or_default())?;
        }
        Ok(())
    }

    /// Run `f` in one transaction: committed (durably) if it returns `Ok`, rolled back otherwise.
    pub fn with_tx<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = f(&Tx(&tx))?;
        tx.commit()?;
        Ok(out)
    }

    /// How many records are stored, readable or not.
    pub fn record_count(&self) -> Result<u64> {
        let count: i64 = self
            .conn
            .query_row("SELECT count(*) FROM record", [], |r| r.get(0))?;
        u64::try_from(count).map_err(|_| JournalError::Corrupt)
    }

    /// `PRAGMA integrity_check` passes; [`JournalError::Corrupt`] otherwise.
    pub fn integrity_check(&self) -> Result<()> {
        integrity_ok(&self.conn)
    }

    /// Fold the WAL back into the main file and truncate it, so no stale pages linger beside it.
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }
}

/// Writes inside a transaction.
pub(crate) struct Tx<'a>(&'a Transaction<'a>);

impl Tx<'_> {
    /// Insert or replace a record's blob.
    pub fn put_record(&self, id: &[u8; 16], kind: u16, blob: &[u8]) -> Result<()> {
        // Cached: a save is one statement, and an import thousands of them.
        self.0
            .prepare_cached(
                "INSERT INTO record (id, kind, blob) VALUES (?1, ?2, ?3)
                 ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, blob = excluded.blob",
            )?
            .execute(params![&id[..], kind, blob])?;
        Ok(())
    }

    /// Delete a record; `false` if it was not there.
    pub fn delete_record(&self, id: &[u8; 16]) -> Result<bool> {
        Ok(self
            .0
            .execute("DELETE FROM record WHERE id = ?1", [&id[..]])?
            > 0)
    }

    /// Insert or replace the key slot of `kind`.
    pub fn put_key_slot(&self, kind: u8, slot: &[u8]) -> Result<()> {
        self.0.execute(
            "INSERT INTO key_slot (kind, slot) VALUES (?1, ?2)
             ON CONFLICT(kind) DO UPDATE SET slot = excluded.slot",
            params![kind, slot],
        )?;
        Ok(())
    }
}

/// The journal's connection settings: secure delete, in-memory temp store, foreign keys, cell
/// size checks, WAL and `synchronous = FULL`. Each is a promise of the design (see
/// docs/storage.md). Public so the benchmarks' plain-SQLite and SQLCipher comparators run with
/// exactly these settings; the app itself only reaches it through [`open_connection`].
pub fn apply_pragmas(conn: &Connection) -> Result<()> {
    conn.execute_batch(
        "PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA cell_size_check = ON;",
    )?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(JournalError::Storage(crate::error::StorageFailure::Other));
    }
    conn.execute_batch("PRAGMA synchronous = FULL;")?;
    Ok(())
}

/// Open and configure a connection to an existing journal file. The only place a journal's
/// connection is made (connections to copies of a journal are made in [`copy`]).
pub(crate) fn open_connection(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags)?;
    apply_pragmas(&conn)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let app_id: u32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id == 0 {
        conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID};"))?;
    } else if app_id != APPLICATION_ID {
        return Err(JournalError::NotAJournal);
    }
    Ok(conn)
}

/// Every key slot in `conn`, as stored, in kind order.
fn key_slots(conn: &Connection) -> Result<Vec<Vec<u8>>> {
    let mut stmt = conn.prepare("SELECT slot FROM key_slot ORDER BY kind")?;
    let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `PRAGMA integrity_check` on `conn` passes; [`JournalError::Corrupt`] otherwise.
fn integrity_ok(conn: &Connection) -> Result<()> {
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(JournalError::Corrupt);
    }
    Ok(())
}

/// Remove a database file and its WAL and SHM files, if present.
pub(crate) fn remove_with_sidecars(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        match fs::remove_file(PathBuf::from(name)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// Create `dir` (and parents) if needed, and make it private to the user.
pub(crate) fn ensure_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir)?;
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    Ok(())
}

/// fsync a directory so a rename or create inside it survives a power cut.
pub(crate) fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)?.sync_all()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot_count(store: &Store) -> usize {
        store.key_slots().unwrap().len()
    }

    #[test]
    fn every_connection_is_configured() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(dir.path(), &[]).unwrap();
        let c = &store.conn;
        let get = |p: &str| -> i64 {
            c.query_row(&format!("PRAGMA {p}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(get("secure_delete"), 1);
        assert_eq!(get("temp_store"), 2, "temp_store must be MEMORY");
        assert_eq!(get("foreign_keys"), 1);
        assert_eq!(get("synchronous"), 2, "synchronous must be FULL");
        assert_eq!(get("application_id") as u32, APPLICATION_ID);
        assert_eq!(get("user_version") as u32, SCHEMA_VERSION);
        let mode: String = c
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        assert_eq!(slot_count(&store), 0);
    }

    #[test]
    fn file_is_0600_in_a_0700_directory() {
        let base = tempfile::tempdir().unwrap();
        let dir = base.path().join("data");
        let _store = Store::create(&dir, &[]).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join(FILE_NAME)), 0o600);
        // SQLite gives the WAL the main file's permissions.
        assert_eq!(mode(&dir.join(format!("{FILE_NAME}-wal"))), 0o600);
    }

    #[test]
    fn a_new_journal_is_whole_on_disk_before_anything_else_happens() {
        // Creation checkpoints before linking the file into place, so its header (our
        // application_id, the schema version) is in the main file even if the app is killed
        // before it ever locks.
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(dir.path(), &[(1, vec![9; 110])]).unwrap();
        let path = dir.path().join(FILE_NAME);
        preflight(&path).unwrap();
        let copy = dir.path().join("copy");
        fs::create_dir(&copy).unwrap();
        fs::copy(&path, copy.join(FILE_NAME)).unwrap();
        drop(store);
        // The main file alone (no WAL) holds the key slot.
        let alone = Store::open(&copy).unwrap();
        assert_eq!(alone.key_slots().unwrap(), vec![vec![9; 110]]);
        assert!(!dir.path().join(CREATING_NAME).exists());
    }

    #[test]
    fn a_creation_cut_off_midway_leaves_no_journal_and_does_not_block_the_next() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(CREATING_NAME), b"half made").unwrap();
        fs::write(dir.path().join(format!("{CREATING_NAME}-wal")), b"junk").unwrap();
        assert!(!dir.path().join(FILE_NAME).exists());
        drop(Store::create(dir.path(), &[]).unwrap());
        assert!(!dir.path().join(CREATING_NAME).exists());
        assert!(!dir.path().join(format!("{CREATING_NAME}-wal")).exists());
    }

    #[test]
    fn create_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::create(dir.path(), &[]).unwrap());
        assert!(matches!(
            Store::create(dir.path(), &[]),
            Err(JournalError::JournalExists)
        ));
    }

    #[test]
    fn migrations_apply_in_one_go_and_are_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(dir.path(), &[]).unwrap();
        let tables: Vec<String> = store
            .conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(tables, ["key_slot", "record"]);
        drop(store);
        // Reopening is a no-op migration and takes no backup.
        drop(Store::open(dir.path()).unwrap());
        assert!(!format::backup_path(&dir.path().join(FILE_NAME), 1).exists());
    }

    #[test]
    fn newer_schema_is_refused_and_left_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::create(dir.path(), &[]).unwrap();
        store
            .conn
            .execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1))
            .unwrap();
        store.checkpoint().unwrap();
        drop(store);
        let path = dir.path().join(FILE_NAME);
        let before = fs::read(&path).unwrap();
        assert!(matches!(
            Store::open(dir.path()),
            Err(JournalError::NewerVersion)
        ));
        assert_eq!(fs::read(&path).unwrap(), before);
    }
}
