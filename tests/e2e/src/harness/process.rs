//! The processes behind a test: where things are, the X display, and the app's life (quit,
//! SIGKILL, closing its window, launching it again).

use std::fs::{self, File};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};

use super::{Harness, LaunchOptions};
use crate::eventually::{within, within_async};

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.join("../..")
        .canonicalize()
        .unwrap_or_else(|_| here.join("../.."))
}

/// The root `target/` directory the app is built into (`$CARGO_TARGET_DIR` if set).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                repo_root().join(dir)
            }
        }
        _ => repo_root().join("target"),
    }
}

/// The app binary: `$E2E_APP`, else `<target>/debug/recovery-journal`.
pub fn app_binary() -> Result<PathBuf> {
    let path = match std::env::var_os("E2E_APP") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => target_dir().join("debug/recovery-journal"),
    };
    if !path.is_file() {
        bail!(
            "the app is not built: {} is missing (run scripts/e2e, or `cargo build -p recovery-journal`)",
            path.display()
        );
    }
    Ok(path.canonicalize()?)
}

/// The release binary `scripts/e2e` builds (`tauri build`), for the tests that start the app
/// members run without WebDriver.
pub fn release_binary() -> Result<PathBuf> {
    let path = target_dir().join("release/recovery-journal");
    if !path.is_file() {
        bail!(
            "{} is missing: scripts/e2e builds it (tauri build)",
            path.display()
        );
    }
    Ok(path)
}

/// Where screenshots go.
pub fn screenshot_dir() -> PathBuf {
    target_dir().join("e2e-screenshots")
}

/// Where the driver and app output of each test goes.
pub fn log_dir() -> PathBuf {
    target_dir().join("e2e-logs")
}

pub(super) fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// `tauri-driver`: `$TAURI_DRIVER`, `$PATH`, `<target>/tools/bin`, then `~/.cargo/bin`.
pub fn tauri_driver_binary() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("TAURI_DRIVER").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    let candidates = [
        on_path("tauri-driver"),
        Some(target_dir().join("tools/bin/tauri-driver")),
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
        .ok_or_else(|| {
            anyhow!(
                "tauri-driver not found (set $TAURI_DRIVER, or run scripts/e2e which installs it into target/tools)"
            )
        })
}

pub(super) fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

pub(super) fn signal(pid: u32, sig: libc::c_int) {
    // SAFETY: kill(2) with a pid we spawned (or found on our own data directory).
    unsafe {
        libc::kill(pid as libc::pid_t, sig);
    }
}

/// Send SIGTERM and wait up to `grace` for the child to exit; SIGKILL only as a last resort.
pub(super) fn terminate(child: &mut Child, what: &str, grace: Duration) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    signal(child.id(), libc::SIGTERM);
    let exited = within(grace, Duration::from_millis(50), || {
        Ok(matches!(child.try_wait(), Ok(Some(_))).then_some(()))
    });
    if let Ok(Some(())) = exited {
        return;
    }
    eprintln!("e2e: {what} ignored SIGTERM for {grace:?}; killing it");
    let _ = child.kill();
    let _ = child.wait();
}

/// Pids of running processes that have `arg` as one of their command-line arguments.
pub(super) fn pids_with_arg(arg: &str) -> Vec<u32> {
    let me = std::process::id();
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| pid != me)
        .filter(|pid| {
            fs::read(format!("/proc/{pid}/cmdline"))
                .map(|cmd| cmd.split(|b| *b == 0).any(|a| a == arg.as_bytes()))
                .unwrap_or(false)
        })
        // A zombie has an empty cmdline, so what remains is alive.
        .collect()
}

/// Remove the throwaway webview directories of these (ended) app processes.
///
/// WebKitWebDriver ends the app with SIGKILL when a session ends, so the app never gets to
/// remove its `recovery-journal-webview-<pid>-…` directory itself (see src-tauri/src/window.rs).
pub(super) fn sweep_webview_dirs(pids: &[u32], launch: &LaunchOptions) {
    if pids.is_empty() {
        return;
    }
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    // The app's own XDG_RUNTIME_DIR / TMPDIR when the test gave it some.
    let mut bases = vec![base];
    bases.extend(
        launch
            .env
            .iter()
            .filter(|(k, _)| k == "XDG_RUNTIME_DIR" || k == "TMPDIR")
            .map(|(_, v)| PathBuf::from(v)),
    );
    for base in bases {
        sweep_webview_dirs_in(&base, pids);
    }
}

fn sweep_webview_dirs_in(base: &Path, pids: &[u32]) {
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if pids
            .iter()
            .any(|pid| name.starts_with(&format!("recovery-journal-webview-{pid}-")))
        {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// The X display the app is shown on: `$DISPLAY`, or a private Xvfb stopped on drop.
pub enum Display {
    /// `$DISPLAY` was set: use it as it is.
    External(String),
    /// Our own Xvfb.
    Xvfb { name: String, child: Child },
}

impl Display {
    /// `$DISPLAY` if set (unless `E2E_OWN_XVFB`), else a new Xvfb on a free number, its
    /// output going to `log`.
    pub fn start(log: &File) -> Result<Self> {
        if let Some(d) = std::env::var("DISPLAY").ok().filter(|d| !d.is_empty())
            && std::env::var_os("E2E_OWN_XVFB").is_none()
        {
            return Ok(Display::External(d));
        }
        let xvfb = on_path("Xvfb").ok_or_else(|| {
            anyhow!(
                "Xvfb not found: install the Debian package `xvfb` (scripts/debian-packages.txt)"
            )
        })?;
        // Start from a number unlikely to be in use and step over taken ones.
        let first = 100 + (std::process::id() % 300);
        for n in (first..first + 200).step_by(7) {
            let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
            if socket.exists() || Path::new(&format!("/tmp/.X{n}-lock")).exists() {
                continue;
            }
            let mut child = Command::new(&xvfb)
                .args([
                    &format!(":{n}"),
                    "-screen",
                    "0",
                    "1280x800x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log.try_clone()?)
                .spawn()
                .context("starting Xvfb")?;
            // Listening (true), or ended because the number was taken after all (false).
            let up = within(Duration::from_secs(10), Duration::from_millis(50), || {
                if socket.exists() {
                    return Ok(Some(true));
                }
                Ok(matches!(child.try_wait(), Ok(Some(_))).then_some(false))
            })?;
            if up == Some(true) {
                return Ok(Display::Xvfb {
                    name: format!(":{n}"),
                    child,
                });
            }
            terminate(&mut child, "Xvfb", Duration::from_secs(3));
        }
        bail!("could not start Xvfb on any display number")
    }

    /// The `DISPLAY` value for clients, e.g. `:123`.
    pub fn name(&self) -> &str {
        match self {
            Display::External(name) | Display::Xvfb { name, .. } => name,
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        if let Display::Xvfb { child, .. } = self {
            terminate(child, "Xvfb", Duration::from_secs(5));
        }
    }
}

impl Harness {
    /// Wait until no process runs with this test's data directory on its command line.
    pub(super) async fn wait_app_gone(&self, timeout: Duration) -> bool {
        let arg = self.data_dir_arg();
        let gone = within_async(timeout, Duration::from_millis(100), async || {
            Ok(pids_with_arg(&arg).is_empty().then_some(()))
        });
        matches!(gone.await, Ok(Some(())))
    }

    /// End the session (the app quits) and wait for the app process to be gone.
    pub async fn quit_app(&mut self) -> Result<()> {
        if let Some(session) = self.session.take() {
            match tokio::time::timeout(Duration::from_secs(30), session.quit()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => self.note(format!("ending the session: {e}")),
                Err(_) => self.note("ending the session took over 30 s"),
            }
        }
        if !self.wait_app_gone(Duration::from_secs(15)).await {
            let pids = pids_with_arg(&self.data_dir_arg());
            self.note(format!(
                "the app (pids {pids:?}) was still running 15 s after the session ended; sending SIGTERM"
            ));
            for pid in pids {
                signal(pid, libc::SIGTERM);
            }
            if !self.wait_app_gone(Duration::from_secs(10)).await {
                bail!("the app did not exit after SIGTERM");
            }
        }
        sweep_webview_dirs(&std::mem::take(&mut self.app_pids), &self.launch);
        Ok(())
    }

    /// The X display the app is shown on (e.g. `:123`).
    pub fn display_name(&self) -> Result<&str> {
        self.display
            .as_ref()
            .map(Display::name)
            .ok_or_else(|| anyhow!("no display"))
    }

    /// The app binary under test.
    pub fn app_path(&self) -> &Path {
        &self.app
    }

    /// The driver and app output of this test.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Pids of the processes running on this test's data directory (the app, and a wrapper
    /// such as strace when there is one).
    pub fn app_processes(&self) -> Vec<u32> {
        pids_with_arg(&self.data_dir_arg())
    }

    /// Kill the app with SIGKILL, as a crash or a power cut would, and wait until it is gone.
    /// The session is dropped; its webview directory is left for the test to inspect (it is
    /// swept at teardown). Returns the pids killed.
    pub async fn kill_app(&mut self) -> Result<Vec<u32>> {
        let pids = self.app_processes();
        if pids.is_empty() {
            bail!("no app process is running on this test's data directory");
        }
        for pid in &pids {
            signal(*pid, libc::SIGKILL);
        }
        if !self.wait_app_gone(Duration::from_secs(15)).await {
            bail!("the app was still running 15 s after SIGKILL");
        }
        self.step(&format!("killed the app with SIGKILL (pids {pids:?})"));
        if let Some(session) = self.session.take() {
            let _ = tokio::time::timeout(Duration::from_secs(15), session.quit()).await;
        }
        Ok(pids)
    }

    /// Quit the way a member does: close the window (a `WM_DELETE_WINDOW` message, as the
    /// window manager's close button sends). Unlike ending the session or closing the window
    /// through WebDriver (WebKitWebDriver then SIGKILLs the app), the app exits on its own and
    /// runs its exit path. Waits until the app is gone; the session is ended afterwards.
    pub async fn close_window(&mut self) -> Result<()> {
        let display = self
            .display
            .as_ref()
            .map(|d| d.name().to_string())
            .ok_or_else(|| anyhow!("no display"))?;
        let pids = self.app_processes();
        let mut asked = 0;
        for pid in &pids {
            asked += crate::system::request_close(&display, *pid)?;
        }
        if asked == 0 {
            bail!("no window of the app (pids {pids:?}) found on display {display}");
        }
        let gone = self.wait_app_gone(Duration::from_secs(20)).await;
        if let Some(session) = self.session.take() {
            let _ = tokio::time::timeout(Duration::from_secs(15), session.quit()).await;
        }
        if !gone {
            bail!(
                "the app was still running 20 s after its window was closed (pids {:?})",
                self.app_processes()
            );
        }
        self.step("closed the window; the app exited on its own");
        Ok(())
    }

    /// Start the app again (a new session) on the same data directory, after
    /// [`Harness::kill_app`] or [`Harness::close_window`].
    pub async fn launch_again(&mut self) -> Result<()> {
        if self.session.is_some() {
            return self.relaunch().await;
        }
        sweep_webview_dirs(&std::mem::take(&mut self.app_pids), &self.launch);
        self.new_session().await?;
        self.step("app launched again");
        Ok(())
    }

    /// Quit the app and start it again on the same data directory.
    pub async fn relaunch(&mut self) -> Result<()> {
        self.step("quitting the app");
        self.quit_app().await?;
        self.step("relaunching the app on the same data directory");
        self.new_session().await?;
        self.step("app relaunched");
        Ok(())
    }
}
