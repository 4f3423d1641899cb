//! Where the journal lives: `--data-dir <path>` or `RECOVERY_JOURNAL_DATA_DIR`, else the
//! platform's data directory (`$XDG_DATA_HOME/app.recoveryjournal.desktop` on Linux).

use std::ffi::OsString;
use std::path::PathBuf;

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
