//! Freed memory is wiped in the whole app, C and C++ included, not only in Rust.
//!
//! Rust's heap is wiped by the global allocator (`main.rs`). GTK, GLib and WebKit allocate with
//! the C library's `malloc` or with WebKit's own allocator (bmalloc/libpas), and free without
//! wiping: the request bodies of the page's calls (a journal entry being saved, say) stayed
//! readable in the app process after a lock (issue #14, `tests/e2e/tests/memory/`). Three
//! environment settings, read only when a process starts, fix that for the app and for the
//! WebKit processes it starts (they inherit its environment):
//!
//! - `MALLOC_PERTURB_` (glibc, mallopt(3) `M_PERTURB`): every block `free` releases is
//!   overwritten with that byte (and new blocks filled with its complement), once glibc's
//!   per-thread cache of freed blocks, which skips that, is off (`GLIBC_TUNABLES`);
//! - `Malloc=1` (WebKit's bmalloc/libpas): WebKit allocates through the C library's `malloc`
//!   instead of its own heap, so the switch above covers it too.
//!
//! WebKit's processes inherit `Malloc=1` only: glibc's two settings are removed from the
//! environment once read (see [`ensure`]). The web process needs no wiping, since every lock
//! ends it (`window.rs`), and the network process never holds what was written.
//!
//! Contract: [`ensure`], called first in `main`, returns at once when the environment holds
//! [`SETTINGS`] already. Otherwise it starts this same program again in the same process
//! (`execve`: same pid, same arguments, the environment with [`SETTINGS`] set; a member's own
//! `GLIBC_TUNABLES` or `MALLOC_PERTURB_` is replaced), and does not return. If that fails, it returns and the app runs without the switches rather than not at
//! all. The cost and the trade-off (WebKit's Gigacage goes with its own heap) are in
//! docs/decisions.md; the figures in docs/security.md, "Memory after lock".

use std::ffi::{OsStr, OsString};
use std::os::unix::process::CommandExt;

/// The environment every process of the app starts with.
/// - `MALLOC_PERTURB_=165` (0xA5): any byte but 0 turns the wiping on (0 turns it off); this
///   one is easy to recognise in a memory dump.
/// - `glibc.malloc.tcache_count=0`: no per-thread cache of freed blocks. glibc hands a small
///   freed block (up to 1 KiB) to that cache before, and instead of, the wiping above, so with
///   the cache on, short texts (a journal entry's request, say) were left in memory.
/// - `Malloc=1`: WebKit's allocations go through `malloc`.
pub const SETTINGS: [(&str, &str); 3] = [
    // glibc's settings first: the first GLIBC_ONLY are for the app process alone.
    ("MALLOC_PERTURB_", "165"),
    ("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0"),
    ("Malloc", "1"),
];

/// How many of [`SETTINGS`], from the first, are for the app process only (see [`ensure`]).
const GLIBC_ONLY: usize = 2;

/// Start this program again with [`SETTINGS`] unless they are in place already (see the
/// module's contract); once they are, take glibc's out of the environment the WebKit
/// processes will inherit.
pub fn ensure() {
    if in_place(|name| std::env::var_os(name)) {
        // glibc read its two settings when this process started. WebKit's processes must not
        // inherit them: with them, Mesa's software renderer crashed in the web process
        // (dmesg: "ThreadedCompositor ... general protection fault in swrast_dri.so"), and that
        // process is ended at every lock anyway. Called before any thread exists, as
        // g_unsetenv must be.
        for (name, _) in &SETTINGS[..GLIBC_ONLY] {
            gtk::glib::unsetenv(name);
        }
        return;
    }
    let Ok(program) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let arg0 = args
        .next()
        .unwrap_or_else(|| program.clone().into_os_string());
    // `exec` only returns on failure; then the app runs on, unwiped, rather than not at all.
    let _ = std::process::Command::new(&program)
        .arg0(arg0)
        .args(args)
        .envs(SETTINGS)
        .exec();
}

/// Whether the environment `get` reads already has every setting of [`SETTINGS`].
fn in_place(get: impl Fn(&str) -> Option<OsString>) -> bool {
    SETTINGS
        .iter()
        .all(|(name, value)| get(name).as_deref() == Some(OsStr::new(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let pairs: Vec<(String, OsString)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn both_settings_in_place_means_no_second_start() {
        assert!(in_place(env(&SETTINGS)));
    }

    #[test]
    fn a_missing_or_different_setting_means_a_second_start() {
        assert!(!in_place(env(&[])));
        for (left_out, setting) in SETTINGS.iter().enumerate() {
            let mut some = SETTINGS.to_vec();
            some.remove(left_out);
            assert!(!in_place(env(&some)), "without {setting:?}");
        }
        // The member's own MALLOC_PERTURB_=0 would turn the wiping off: it is replaced.
        let mut off = SETTINGS.to_vec();
        off[0] = ("MALLOC_PERTURB_", "0");
        assert!(!in_place(env(&off)));
    }

    #[test]
    fn the_wiping_byte_is_not_zero() {
        // glibc reads 0 as "off".
        let (_, byte) = SETTINGS[0];
        assert_ne!(byte.parse::<u8>().ok(), Some(0));
        assert!(byte.parse::<u8>().is_ok());
    }
}
