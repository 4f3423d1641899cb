//! Which files are journals this code may open, and bringing an older one up to date.
//!
//! Contract:
//! - [`preflight`] reads an existing file's SQLite header with plain file I/O, because SQLite
//!   may write to a file it opens; each kind of bad file gets its own error and the file is left
//!   byte-for-byte as it was.
//! - [`MIGRATIONS`] is append-only: the schema version in `user_version` is the number of
//!   migrations applied, so editing or reordering a shipped entry would silently skip it on
//!   journals that already ran it. A verified backup is written before an existing journal is
//!   migrated, and all pending migrations run in one transaction.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::{APPLICATION_ID, backup_to};
use crate::error::{JournalError, Result};

/// Schema migrations, in order. Append only: never edit or reorder a shipped entry. The schema
/// version stored in `user_version` is the number of migrations applied.
const MIGRATIONS: &[&str] = &[
    // 1: key slots and encrypted records.
    "CREATE TABLE key_slot (
        kind INTEGER PRIMARY KEY NOT NULL,
        slot BLOB NOT NULL
     );
     CREATE TABLE record (
        id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
        kind INTEGER NOT NULL,
        blob BLOB NOT NULL
     );",
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Look at an existing file's SQLite header without letting SQLite open (and perhaps write
/// to) it. Each kind of bad file gets its own error; the file is not modified.
pub(crate) fn preflight(path: &Path) -> Result<()> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(JournalError::NoJournal),
        Err(e) => return Err(e.into()),
    };
    let len = file.metadata()?.len();
    if len == 0 {
        return Err(JournalError::EmptyFile);
    }
    let mut header = [0u8; 100];
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..])? {
            0 => break,
            n => read += n,
        }
    }
    const MAGIC: &[u8; 16] = b"SQLite format 3\0";
    if read < 16 || &header[..16] != MAGIC {
        return Err(JournalError::NotAJournal);
    }
    if read < header.len() {
        return Err(JournalError::Corrupt);
    }
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n if n >= 512 && n.is_power_of_two() => u64::from(n),
        _ => return Err(JournalError::Corrupt),
    };
    let application_id = be32(68);
    let user_version = be32(60);
    if application_id != APPLICATION_ID {
        return Err(JournalError::ForeignDatabase);
    }
    if user_version > SCHEMA_VERSION {
        return Err(JournalError::NewerVersion);
    }
    // A file cut short is not a whole number of pages, or shorter than its header says (the
    // in-header size is trusted only when SQLite marked it valid for this change counter).
    let db_pages = u64::from(be32(28));
    let valid_for = be32(92);
    let change_counter = be32(24);
    if len % page_size != 0 || (valid_for == change_counter && len < db_pages * page_size) {
        return Err(JournalError::Corrupt);
    }
    Ok(())
}

/// Bring the database at `path` (open as `conn`) up to [`SCHEMA_VERSION`], backing it up
/// first unless it is brand new.
pub(super) fn migrate(conn: &mut Connection, path: &Path) -> Result<()> {
    let version: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(JournalError::NewerVersion);
    }
    if version == SCHEMA_VERSION {
        return Ok(());
    }
    if version > 0 {
        backup_to(conn, &backup_path(path, version))?;
    }
    let tx = conn.transaction()?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql)?;
        tx.execute_batch(&format!("PRAGMA user_version = {};", i + 1))?;
    }
    tx.commit()?;
    Ok(())
}

/// Where the backup taken before migrating from `version` goes.
pub(super) fn backup_path(path: &Path, version: u32) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".before-v{}.backup", version + 1));
    path.with_file_name(name)
}
