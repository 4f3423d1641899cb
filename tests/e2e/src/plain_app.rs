//! The app started the way a member starts it: no WebDriver, a cleared environment, a private
//! home and runtime folder, its own X display.
//!
//! The release app cannot be driven through WebDriver (its webview is incognito and has no
//! automation), so the tests that need it (`fresh_process.rs`, `installed.rs`, the release part
//! of `memory/`) start it here and type into it with [`crate::xscreen`].
//!
//! Contract:
//! - [`PlainApp::start`] makes `home/` and `runtime/` (mode 0700) under the folder it is given,
//!   starts Xvfb (or uses `$DISPLAY`), and starts the binary with only `PATH`, `HOME`,
//!   `XDG_RUNTIME_DIR`, `DISPLAY`, `LANG=C.UTF-8` and a disabled D-Bus session bus, its output
//!   going to `target/e2e-logs/<log name>.log`.
//! - [`PlainApp::close`] asks the window to close, as a member does, and fails unless the app
//!   then ends on its own within 20 s.
//! - Dropping a `PlainApp` that still runs kills it, then stops the display.

use std::fs::{self, File};
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};

use crate::eventually::eventually;
use crate::harness::{Display, log_dir, repo_root};
use crate::{system, xscreen};

/// A running app, started as a member starts it.
pub struct PlainApp {
    // Field order is drop order: the app goes before its display.
    child: Child,
    display: Display,
    home: PathBuf,
    runtime: PathBuf,
    log: PathBuf,
}

impl PlainApp {
    /// Start `binary` with `args`, its home and runtime folders made under `work`.
    pub fn start(
        binary: &Path,
        args: &[&std::ffi::OsStr],
        work: &Path,
        log_name: &str,
    ) -> Result<Self> {
        let (home, runtime) = (work.join("home"), work.join("runtime"));
        for dir in [&home, &runtime] {
            fs::DirBuilder::new().mode(0o700).create(dir)?;
        }
        fs::create_dir_all(log_dir())?;
        let log = log_dir().join(format!("{log_name}.log"));
        let out = File::create(&log)?;
        let display = Display::start(&out)?;
        let child = Command::new(binary)
            .args(args)
            .env_clear()
            .env("PATH", "/usr/local/bin:/usr/bin:/bin")
            .env("HOME", &home)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("DISPLAY", display.name())
            .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        Ok(PlainApp {
            child,
            display,
            home,
            runtime,
            log,
        })
    }

    /// The app's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The `DISPLAY` the app shows on.
    pub fn display(&self) -> &str {
        self.display.name()
    }

    /// The app's home folder.
    pub fn home(&self) -> &Path {
        &self.home
    }

    /// The app's `XDG_RUNTIME_DIR`.
    pub fn runtime(&self) -> &Path {
        &self.runtime
    }

    /// The app's output (standard output and error).
    pub fn log(&self) -> &Path {
        &self.log
    }

    /// Whether the app is still running.
    pub fn running(&mut self) -> Result<bool> {
        Ok(self.child.try_wait()?.is_none())
    }

    /// The pids of the app's WebKit web processes now.
    pub fn web_processes(&self) -> Vec<u32> {
        system::process_tree(self.pid())
            .into_iter()
            .filter(|p| {
                p.cmdline
                    .first()
                    .is_some_and(|c| c.ends_with("WebKitWebProcess"))
            })
            .map(|p| p.pid)
            .collect()
    }

    /// Whether every web process in `before` has ended and a new one runs: the page's process
    /// was replaced (as every lock does, `src-tauri/src/window.rs`).
    pub fn web_process_replaced(&self, before: &[u32]) -> bool {
        let now = self.web_processes();
        !now.is_empty() && before.iter().all(|p| !now.contains(p))
    }

    /// Wait until the web processes `before` have ended and a new one runs, or fail after
    /// `timeout`; returns how long that took.
    pub fn wait_web_process_replaced(&self, before: &[u32], timeout: Duration) -> Result<Duration> {
        wait(
            "the web process of the unlocked time was still running, or no new one came",
            timeout,
            || Ok(self.web_process_replaced(before)),
        )
    }

    /// Wait until the app shows a window and has a web process, or fail after `timeout`.
    pub fn wait_for_window(&self, timeout: Duration) -> Result<()> {
        wait("the app showed no window", timeout, || {
            Ok(!xscreen::windows_of(self.display(), self.pid()).is_empty()
                && !self.web_processes().is_empty())
        })
        .map(drop)
    }

    /// Focus the app's window and type `text` (it goes to whatever has the focus in the page).
    pub fn type_text(&self, text: &str) -> Result<()> {
        xscreen::focus_window_of(self.display(), self.pid(), Duration::from_secs(10))?;
        xscreen::type_text(self.display(), text)
    }

    /// Focus the app's window and press `keys` (xdotool names: `ctrl+l`, `Tab`, `Return`).
    pub fn keys(&self, keys: &[&str]) -> Result<()> {
        xscreen::focus_window_of(self.display(), self.pid(), Duration::from_secs(10))?;
        xscreen::keys(self.display(), keys)
    }

    /// Type `passphrase` on the unlock screen (its field has the focus) and press Return, then
    /// wait until the journal in the data folder `data` is open. A page still loading when the
    /// keys arrive drops them, so when the journal is not open 15 s later the field is selected
    /// (Ctrl+A) and typed into once more; three tries in all.
    pub fn unlock(&self, passphrase: &str, data: &Path) -> Result<()> {
        let mut last = None;
        for _ in 0..3 {
            self.keys(&["ctrl+a"])?;
            self.type_text(passphrase)?;
            self.keys(&["Return"])?;
            match wait("the journal did not open", Duration::from_secs(15), || {
                journal_open(data)
            }) {
                Ok(_) => return Ok(()),
                Err(e) => last = Some(e),
            }
        }
        Err(last.expect("three tries").context("after three tries"))
    }

    /// Close the window as a member does; the app must then end on its own within 20 s.
    pub fn close(mut self) -> Result<()> {
        ensure!(
            system::request_close(self.display(), self.pid())? > 0,
            "no window of the app found to close"
        );
        let child = &mut self.child;
        eventually(
            format!(
                "the app was still running 20 s after its window was closed (log: {})",
                self.log.display()
            ),
            Duration::from_secs(20),
            Duration::from_millis(100),
            || Ok(child.try_wait()?.map(|_| ())),
        )
    }
}

impl Drop for PlainApp {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The committed fixture journal (records of every kind, journal-core's format test) and its
/// passphrase.
const FIXTURE: &str = "src-tauri/crates/journal-core/tests/fixtures/v1/journal.sqlite";
/// The fixture journal's passphrase.
pub const FIXTURE_PASSPHRASE: &str = "fixture passphrase v1";

/// A data folder `data/` (mode 0700) made under `work`, holding a copy of the fixture journal.
pub fn fixture_data_dir(work: &Path) -> Result<PathBuf> {
    let data = work.join("data");
    fs::DirBuilder::new().mode(0o700).create(&data)?;
    fs::copy(repo_root().join(FIXTURE), data.join("journal.sqlite"))?;
    Ok(data)
}

/// Whether a journal in the data folder `data` is unlocked now: its writer lock
/// (`journal.lock`, held exactly while a journal is unlocked: docs/storage.md) is held.
pub fn journal_open(data: &Path) -> Result<bool> {
    // The app makes the lock file when it first opens the journal.
    let file = match File::open(data.join("journal.lock")) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    match file.try_lock() {
        Ok(()) => Ok(false),
        Err(fs::TryLockError::WouldBlock) => Ok(true),
        Err(fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

/// Poll `ready` every 50 ms until it says yes (returning how long that took), or fail with
/// `what` after `timeout` ([`eventually`], with the time it took).
pub fn wait(
    what: &str,
    timeout: Duration,
    mut ready: impl FnMut() -> Result<bool>,
) -> Result<Duration> {
    let start = Instant::now();
    eventually(
        format!("{what} within {timeout:?}"),
        timeout,
        Duration::from_millis(50),
        || Ok(ready()?.then(|| start.elapsed())),
    )
}
