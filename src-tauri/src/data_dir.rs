//! Where the journal lives: `--data-dir <path>` or `RECOVERY_JOURNAL_DATA_DIR`, else the
//! platform's data directory (`$XDG_DATA_HOME/app.recoveryjournal.desktop` on Linux), or the
//! plain folder beside it ([`PLAIN_NAME`]) once the member moved their data there.
//!
//! Contract:
//! - [`default_dir`] is the plain folder when it exists, else the standard one: a journal that
//!   was moved is found again without any pointer file naming it.
//! - [`move_dir`] moves a whole folder to a new name with one `rename(2)` on the same file
//!   system, then syncs the parent folder: after a crash the data is under the old name or the
//!   new one, whole, never split. It refuses when the new name already exists.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The plain folder's name, beside the standard one: it says nothing about the app.
pub const PLAIN_NAME: &str = "plain-notes";

/// Which folder the journal is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum DataFolder {
    /// The app's standard folder; the member may move it to a plain name.
    Standard,
    /// The plain folder ([`PLAIN_NAME`]).
    Plain,
    /// A folder named on the command line or in the environment: never moved.
    Chosen,
}

/// The plain folder that belongs with `standard`.
pub fn plain_dir(standard: &Path) -> Option<PathBuf> {
    standard.parent().map(|p| p.join(PLAIN_NAME))
}

/// Where the journal is when no folder was named, and which folder that is: the plain folder
/// if the data was moved there, else `standard`.
pub fn default_dir(standard: &Path) -> (PathBuf, DataFolder) {
    match plain_dir(standard) {
        Some(plain) if plain.is_dir() => (plain, DataFolder::Plain),
        _ => (standard.to_path_buf(), DataFolder::Standard),
    }
}

/// Move the folder `from` to `to` in one step; see the module contract.
pub fn move_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    if to.symlink_metadata().is_ok() {
        return Err(std::io::ErrorKind::AlreadyExists.into());
    }
    std::fs::rename(from, to)?;
    if let Some(parent) = to.parent() {
        std::fs::File::open(parent)?.sync_all()?;
    }
    Ok(())
}

/// The environment variable tests and careful members use to point elsewhere.
pub const ENV: &str = "RECOVERY_JOURNAL_DATA_DIR";

/// The directory given on the command line or in the environment, if any.
pub fn from_args_or_env(args: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--data-dir" {
            if let Some(v) = args.next() {
                return Some(PathBuf::from(v));
            }
        } else if let Some(v) = arg.to_str().and_then(|s| s.strip_prefix("--data-dir=")) {
            return Some(PathBuf::from(v));
        }
    }
    std::env::var_os(ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_folder_is_found_again_and_a_move_never_overwrites() -> std::io::Result<()> {
        let home = tempfile::tempdir()?;
        let standard = home.path().join("app.recoveryjournal.desktop");
        let plain = home.path().join(PLAIN_NAME);
        std::fs::create_dir(&standard)?;
        std::fs::write(standard.join("journal.db"), b"x")?;
        assert_eq!(
            default_dir(&standard),
            (standard.clone(), DataFolder::Standard)
        );
        move_dir(&standard, &plain)?;
        assert!(!standard.exists());
        assert_eq!(std::fs::read(plain.join("journal.db"))?, b"x");
        assert_eq!(default_dir(&standard), (plain.clone(), DataFolder::Plain));
        // A second move onto an existing folder is refused, and nothing moves.
        std::fs::create_dir(&standard)?;
        let refused = move_dir(&standard, &plain);
        assert_eq!(
            refused.err().map(|e| e.kind()),
            Some(std::io::ErrorKind::AlreadyExists)
        );
        assert!(standard.is_dir() && plain.join("journal.db").is_file());
        Ok(())
    }

    #[test]
    fn flag_forms() {
        let args = |v: &[&str]| v.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(
            from_args_or_env(args(&["app", "--data-dir", "/x/y"])),
            Some(PathBuf::from("/x/y"))
        );
        assert_eq!(
            from_args_or_env(args(&["app", "--data-dir=/z"])),
            Some(PathBuf::from("/z"))
        );
    }
}
