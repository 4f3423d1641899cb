//! Process hardening for release builds: no core dumps, not dumpable (no ptrace attach by
//! other processes of the same user, no /proc/<pid>/mem reads), so a crash or a curious
//! process cannot lift decrypted journal content or keys out of memory.
//!
//! Debug builds keep dumps so developers can debug, unless `RECOVERY_JOURNAL_HARDEN` is set;
//! the release binary, which members run, always hardens.

/// Apply the hardening when this build should (see [`should_harden`]).
pub fn apply() {
    if should_harden(
        cfg!(debug_assertions),
        std::env::var_os("RECOVERY_JOURNAL_HARDEN").is_some(),
    ) {
        harden();
    }
}

/// Release builds always harden; debug builds only when asked.
fn should_harden(debug_build: bool, asked: bool) -> bool {
    !debug_build || asked
}

/// Core dumps off (soft and hard limit, so the process cannot raise it again) and not
/// dumpable. Failures are ignored on purpose: the app must still open on a system that
/// refuses these calls, and there is nobody to report them to without logging.
fn harden() {
    let _ = rustix::process::setrlimit(
        rustix::process::Resource::Core,
        rustix::process::Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_builds_always_harden() {
        assert!(should_harden(false, false));
        assert!(should_harden(false, true));
        assert!(!should_harden(true, false));
        assert!(should_harden(true, true));
    }

    #[test]
    fn hardening_disables_core_dumps_and_dumpability() {
        // Hardens this test process itself, which is harmless.
        harden();
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!(limit.current, Some(0));
        assert_eq!(limit.maximum, Some(0));
        assert_eq!(
            rustix::process::dumpable_behavior().unwrap(),
            rustix::process::DumpableBehavior::NotDumpable
        );
    }
}
