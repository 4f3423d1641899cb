//! Writing files the member asked for (exports) and our own temporary files, atomically.
//!
//! Contract: a file written here appears at its path whole or not at all: it is written to
//! `<name>.tmp-<random>` beside the target (created 0600 with `O_EXCL`), fsynced, renamed over
//! the target and the directory fsynced. A failure removes the temporary file and leaves an
//! earlier file at the target as it was.

use std::ffi::OsString;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use crate::error::{JournalError, Result};
use crate::store::sync_dir;

/// The part of a temporary file's name between the target's name and the random suffix.
pub(crate) const TMP_MARK: &str = ".tmp-";

/// The directory holding `path` (the current directory for a bare file name) and the file name.
pub(crate) fn split_target(path: &Path) -> Result<(PathBuf, OsString)> {
    let name = path
        .file_name()
        .ok_or(JournalError::BackupTargetInvalid)?
        .to_os_string();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if path.is_dir() {
        return Err(JournalError::BackupTargetInvalid);
    }
    Ok((dir, name))
}

/// A fresh temporary path beside `dir/name`: `name.tmp-<16 hex digits>`.
pub(crate) fn temp_beside(dir: &Path, name: &OsString) -> Result<PathBuf> {
    let random = journal_crypto::random_bytes::<8>()?;
    let mut tmp = name.clone();
    tmp.push(TMP_MARK);
    for b in random {
        tmp.push(format!("{b:02x}"));
    }
    Ok(dir.join(tmp))
}

/// A temporary file removed (with any SQLite sidecars) when dropped, unless it was kept.
pub(crate) struct TempFile {
    path: PathBuf,
    keep: bool,
}

impl TempFile {
    /// Create `path` empty, 0600, failing if it exists.
    pub(crate) fn create(path: PathBuf) -> Result<(TempFile, fs::File)> {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)?;
        Ok((TempFile { path, keep: false }, file))
    }

    /// The temporary file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// fsync the file, rename it over `dest` and fsync `dir`.
    pub(crate) fn persist(mut self, dest: &Path, dir: &Path) -> Result<()> {
        fs::File::open(&self.path)?.sync_all()?;
        fs::rename(&self.path, dest)?;
        self.keep = true;
        sync_dir(dir)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.keep {
            // Best effort: a leftover temporary file holds only what its target would have.
            let _ = crate::store::remove_with_sidecars(&self.path);
        }
    }
}

/// Write `bytes` to `path` atomically with mode 0600 (see the module contract). Meant for
/// plaintext exports the member asked for: the shell calls it with the path they picked.
pub fn write_private_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let (dir, name) = split_target(path)?;
    let (tmp, mut file) = TempFile::create(temp_beside(&dir, &name)?)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    tmp.persist(path, &dir)
}
