//! Process hardening for release builds: no core dumps, not dumpable (no ptrace attach by
//! other processes of the same user, no /proc/<pid>/mem reads), so a crash or a curious
//! process cannot lift decrypted journal content or keys out of memory.
//!
//! Debug builds keep dumps so developers can debug; the release binary is what members run.

/// Apply the hardening. Failures are ignored on purpose: the app must still open on a system
/// that refuses these calls, and there is nobody to report them to without logging.
pub fn apply() {
    if cfg!(debug_assertions) && std::env::var_os("RECOVERY_JOURNAL_HARDEN").is_none() {
        return;
    }
    let _ = rustix::process::setrlimit(
        rustix::process::Resource::Core,
        rustix::process::Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
    let _ = rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
}
