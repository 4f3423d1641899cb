//! The privacy promises of docs/security.md, proved through the real app (WebDriver), with
//! system-level evidence: files scanned for a canary, system calls traced, a network namespace
//! with no way out, every command called while locked, damaged and foreign files.
//!
//! | test | promise |
//! | --- | --- |
//! | `promise1_scanner_self_check` | the scanner finds a planted canary in every encoding and place (so the next two can fail) |
//! | `promise1_no_plaintext_clean_quit` | a canary in every kind of record, searched, edited, deleted, locked, window closed: no trace anywhere on disk; the webview directory is gone |
//! | `promise1_no_plaintext_after_sigkill` | the same, killed with SIGKILL while unlocked: no trace anywhere; what remains of the webview directory is listed |
//! | `promise2_strace_parser_self_check` | the strace parser flags Internet addresses (so the next test can fail) |
//! | `promise2_no_network_under_strace` | a whole journey under `strace -f`: no connect/sendto/sendmsg to AF_INET/AF_INET6 from the app or any WebKit process |
//! | `promise2_no_network_namespace` | the same journey in a network namespace with only loopback works the same |
//! | `promise3_commands_refuse_while_locked` | every command in src-tauri/commands.list that needs the journal answers `LOCKED` on the unlock screen |
//! | `promise4_tampered_record` | a flipped byte in one record: unlock works, a calm notice, every other record shown, the damaged one left as it was |
//! | `promise4_tampered_key_slot` | the passphrase's key slot damaged two ways (impossible KDF settings, a flipped byte in the wrapped key): each refused with its own calm message, the file untouched; the recovery key still opens everything and replaces the slot |
//! | `promise4_bad_files_untouched` | empty, not SQLite, another program's SQLite, a newer journal, a truncated file: each its own message, the file byte-for-byte untouched |
//!
//! The canary is random per run and never printed (whatever a test prints may end up in a file
//! under /tmp, which is scanned).
//!
//! One module per promise: [`plaintext`] (1), [`network`] (2), [`locked`] (3), [`tampering`]
//! (4); the test names are listed above, each under its module (`network::promise2_...`).

mod locked;
mod network;
mod plaintext;
mod tampering;

use std::time::Duration;

use anyhow::{Result, bail};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::eventually::within_async;
use recovery_journal_e2e::page::error_wording;
use serde_json::Value;

const POLL: Duration = Duration::from_millis(150);
// ----- UI helpers -----

/// Wait until `cond` (a script returning a boolean) is true.
async fn wait_js(
    h: &Harness,
    what: &str,
    script: &str,
    args: Vec<Value>,
    timeout: Duration,
) -> Result<()> {
    let so = within_async(timeout, POLL, async || {
        Ok((h.js(script, args.clone()).await?.as_bool() == Some(true)).then_some(()))
    });
    if so.await?.is_none() {
        bail!("{what}: not so within {timeout:?}\n{}", h.diagnose().await);
    }
    Ok(())
}

/// What the unlock screen says for an error code: its own wording, else the general one (the
/// same lookup as ui/src/lib/errors.ts `errorMessage(error, 'unlock')`).
fn unlock_wording(code: &str) -> Result<String> {
    error_wording("unlock", code)
}
