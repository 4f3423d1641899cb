//! One test's [`Harness`]: the processes behind it and the WebDriver helpers the journeys use.
//!
//! Start order: display (Xvfb on a free number, or `$DISPLAY`), `tauri-driver` on two free
//! ports (it starts `WebKitWebDriver` itself), then a session, which launches the app with
//! `--data-dir <fresh temp dir>`. Teardown runs in reverse, also on panic (Drop): the session is
//! ended (the app quits), `tauri-driver` gets SIGTERM so it stops its `WebKitWebDriver` (a
//! SIGKILL would orphan it, and the orphan would keep its port), and any app process still
//! running on this test's data directory is ended.
//!
//! - this module: the [`Harness`] type, its start (driver, session) and its end
//!   ([`Harness::finish`], and Drop);
//! - `process.rs` (re-exported here): paths, the display, the app's processes (quit, kill,
//!   close the window, relaunch);
//! - `page.rs`: the page helpers (`find`, `wait_for`, `click`, `type_into`, `screenshot`, ...).

use std::ffi::OsString;
use std::fs::{self, File};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use tempfile::TempDir;
use thirtyfour::prelude::*;

use crate::eventually::{eventually_async, within, within_async};

mod page;
mod process;

pub use process::{
    Display, app_binary, log_dir, release_binary, repo_root, screenshot_dir, target_dir,
    tauri_driver_binary,
};
use process::{free_port, on_path, pids_with_arg, signal, sweep_webview_dirs, terminate};

/// How long a screen may take to appear after a click that does no key derivation.
pub const UI: Duration = Duration::from_secs(10);
/// How long creating or unlocking may take (key derivation is calibrated to ~0.75 s each,
/// on a loaded 2-core machine it can be several times that).
pub const KDF: Duration = Duration::from_secs(30);

const POLL: Duration = Duration::from_millis(150);

/// Session errors that a retry cannot fix.
fn is_permanent(e: &WebDriverError) -> bool {
    let text = format!("{e:?}");
    text.contains("browsing context") || text.contains("Failed to match capabilities")
}

/// How to launch the app. The default is the usual launch: the app itself, with the test
/// process's environment.
#[derive(Debug, Clone, Default)]
pub struct LaunchOptions {
    /// Extra environment for `tauri-driver`; `WebKitWebDriver` and the app inherit it.
    pub env: Vec<(String, OsString)>,
    /// A program WebDriver starts instead of the app, with the app's arguments (for example a
    /// script that runs `strace … <app> "$@"`).
    pub wrapper: Option<PathBuf>,
    /// The folder the test's data folder is made in (for example a tiny disk), instead of the
    /// system's temporary folder.
    pub data_parent: Option<PathBuf>,
}

/// One end-to-end test: its display, its driver, its data directory and its app session.
pub struct Harness {
    test: String,
    started: Instant,
    shots: u32,
    /// Screenshots taken so far (paths), in order.
    pub screenshots: Vec<PathBuf>,
    notes: Vec<String>,
    app: PathBuf,
    /// Pids the app has had in this test (to sweep its webview directories afterwards).
    app_pids: Vec<u32>,
    port: u16,
    log_path: PathBuf,
    session: Option<WebDriver>,
    driver: Option<Child>,
    display: Option<Display>,
    data_dir: Option<TempDir>,
    /// Where the app's file chooser "saves" and whose `open` file names what it "opens"
    /// (`RECOVERY_JOURNAL_E2E_PICK`, debug builds under tauri-driver only: see
    /// src-tauri/src/files.rs). No GTK dialog ever opens in a test.
    pick_dir: TempDir,
    launch: LaunchOptions,
}

impl Harness {
    /// Start everything for test `test` and launch the app on a fresh, empty data directory.
    pub async fn start(test: &str) -> Result<Self> {
        Self::start_with(test, LaunchOptions::default()).await
    }

    /// Like [`Harness::start`], with extra environment and/or a wrapper program for the app.
    pub async fn start_with(test: &str, launch: LaunchOptions) -> Result<Self> {
        let app = app_binary()?;
        let driver_bin = tauri_driver_binary()?;
        if on_path("WebKitWebDriver").is_none() {
            bail!(
                "WebKitWebDriver not found: install the Debian package `webkit2gtk-driver` (scripts/debian-packages.txt)"
            );
        }
        fs::create_dir_all(screenshot_dir())?;
        fs::create_dir_all(log_dir())?;
        // Old screenshots of this test would mislead whoever looks at the folder.
        for entry in fs::read_dir(screenshot_dir())?.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&format!("{test}-")) && name.ends_with(".png") {
                let _ = fs::remove_file(entry.path());
            }
        }
        let log_path = log_dir().join(format!("{test}.log"));
        let log = File::create(&log_path)?;

        let display = Display::start(&log)?;
        let mut data_dir = tempfile::Builder::new();
        data_dir.prefix("recovery-journal-e2e-");
        let data_dir = match &launch.data_parent {
            Some(parent) => data_dir.tempdir_in(parent)?,
            None => data_dir.tempdir()?,
        };
        let pick_dir = tempfile::Builder::new()
            .prefix("recovery-journal-e2e-files-")
            .tempdir()?;

        let mut h = Harness {
            test: test.to_string(),
            started: Instant::now(),
            shots: 0,
            screenshots: Vec::new(),
            notes: Vec::new(),
            app,
            app_pids: Vec::new(),
            port: 0,
            log_path,
            session: None,
            driver: None,
            display: Some(display),
            data_dir: Some(data_dir),
            pick_dir,
            launch,
        };

        // Free ports can be taken between the check and the bind: try a few pairs.
        let mut last_err = Some(anyhow!("could not find two free ports for tauri-driver"));
        for _ in 0..3 {
            let (port, native) = (free_port()?, free_port()?);
            if port == native {
                continue;
            }
            let child = Command::new(&driver_bin)
                .args([
                    "--port",
                    &port.to_string(),
                    "--native-port",
                    &native.to_string(),
                ])
                .env(
                    "DISPLAY",
                    h.display.as_ref().map(Display::name).unwrap_or(":0"),
                )
                .env_remove("WAYLAND_DISPLAY")
                .env("RECOVERY_JOURNAL_E2E_PICK", h.pick_dir.path())
                .envs(h.launch.env.iter().map(|(k, v)| (k, v)))
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log.try_clone()?)
                .spawn()
                .with_context(|| format!("starting {}", driver_bin.display()))?;
            h.driver = Some(child);
            // tauri-driver listens at once; WebKitWebDriver behind it takes a moment longer.
            match h.wait_for_ports(&[port, native]).await {
                Ok(()) => {
                    h.port = port;
                    last_err = None;
                    break;
                }
                Err(e) => {
                    if let Some(mut c) = h.driver.take() {
                        terminate(&mut c, "tauri-driver", Duration::from_secs(10));
                    }
                    last_err = Some(e);
                }
            }
        }
        if let Some(e) = last_err {
            return Err(e);
        }
        h.new_session().await?;
        h.step("app launched");
        Ok(h)
    }

    async fn wait_for_ports(&mut self, ports: &[u16]) -> Result<()> {
        let mut waiting: Vec<u16> = ports.to_vec();
        let listening = within_async(
            Duration::from_secs(20),
            Duration::from_millis(100),
            async || {
                if let Some(Ok(Some(status))) = self.driver.as_mut().map(|c| c.try_wait()) {
                    bail!(
                        "tauri-driver exited early ({status}); see {}",
                        self.log_path.display()
                    );
                }
                waiting.retain(|&port| TcpStream::connect(("127.0.0.1", port)).is_err());
                Ok(waiting.is_empty().then_some(()))
            },
        );
        if listening.await?.is_some() {
            return Ok(());
        }
        bail!(
            "tauri-driver/WebKitWebDriver did not listen on port(s) {waiting:?} within 20 s; see {}",
            self.log_path.display()
        )
    }

    /// The data directory of this test's journal.
    pub fn data_dir(&self) -> &Path {
        self.data_dir.as_ref().expect("data dir").path()
    }

    /// Where files the member "chooses" to save go: `<pick dir>/<suggested name>`.
    pub fn pick_dir(&self) -> &Path {
        self.pick_dir.path()
    }

    /// Fail if the app's output so far shows a Rust panic (for tests that feed it damage).
    pub fn ensure_no_panic(&self) -> Result<()> {
        let log = fs::read_to_string(&self.log_path).unwrap_or_default();
        if log.contains("panicked") {
            bail!("the app panicked (see {})", self.log_path.display());
        }
        Ok(())
    }

    /// The file the app's next "open" chooser answers with.
    pub fn set_file_to_open(&self, path: &Path) -> Result<()> {
        fs::write(
            self.pick_dir.path().join("open"),
            path.to_string_lossy().as_bytes(),
        )?;
        Ok(())
    }

    fn data_dir_arg(&self) -> String {
        self.data_dir().to_string_lossy().into_owned()
    }

    async fn new_session(&mut self) -> Result<()> {
        let caps = json!({
            "browserName": "wry",
            "tauri:options": {
                "application": self.launch.wrapper.as_ref().unwrap_or(&self.app).to_string_lossy(),
                "args": ["--data-dir", self.data_dir_arg()],
            }
        });
        let Value::Object(caps) = caps else {
            unreachable!()
        };
        let url = format!("http://127.0.0.1:{}", self.port);
        let mut attempt = 0;
        let driver = loop {
            attempt += 1;
            match WebDriver::builder(&url, Capabilities::from(caps.clone()))
                .request_timeout(Duration::from_secs(90))
                .await
            {
                Ok(d) => break d,
                Err(e) if attempt < 3 && !is_permanent(&e) => {
                    self.note(format!("session start failed (attempt {attempt}): {e:?}"));
                    self.wait_app_gone(Duration::from_secs(10)).await;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(e) => {
                    let hint = if is_permanent(&e) {
                        "\nLikely cause: the app's webview does not allow automation. Under tauri-driver \
                         (TAURI_WEBVIEW_AUTOMATION=true) the webview must not be incognito: wry gives an \
                         incognito webview its own ephemeral WebContext, which never allows automation \
                         (WebKitWebDriver then answers \"Failed to match capabilities\" for browserName \
                         wry, or \"failed to create a new browsing context\" without it)."
                    } else {
                        ""
                    };
                    bail!(
                        "starting a WebDriver session for {} failed: {e:?}{hint}\n(log: {})",
                        self.app.display(),
                        self.log_path.display()
                    );
                }
            }
        };
        driver.set_script_timeout(Duration::from_secs(10)).await?;
        self.session = Some(driver);
        self.app_pids.extend(pids_with_arg(&self.data_dir_arg()));
        // Wait until the page has loaded.
        eventually_async(
            "the app's page did not load within 30 s",
            Duration::from_secs(30),
            POLL,
            async || {
                let ready = self
                    .js("return document.readyState === 'complete';", vec![])
                    .await
                    .map(|v| v.as_bool() == Some(true))
                    .unwrap_or(false);
                Ok(ready.then_some(()))
            },
        )
        .await
    }

    fn session(&self) -> Result<&WebDriver> {
        self.session
            .as_ref()
            .ok_or_else(|| anyhow!("no WebDriver session (the app is not running)"))
    }

    /// Print a progress line with the time since the test started (shown with `--nocapture`).
    pub fn step(&self, what: &str) {
        let line = format!(
            "[{} +{:.1}s] {what}",
            self.test,
            self.started.elapsed().as_secs_f64()
        );
        println!("{line}");
    }

    /// Remember something worth telling whoever reads the output (printed at the end).
    pub fn note(&mut self, what: impl Into<String>) {
        let what = what.into();
        self.step(&format!("NOTE: {what}"));
        self.notes.push(what);
    }

    /// Close the test: on failure, save a screenshot and what was on screen, then tear down
    /// and panic with the error; on success just tear down.
    pub async fn finish(mut self, result: Result<()>) {
        let failure = match &result {
            Ok(()) => None,
            Err(e) => {
                let shown = if self.session.is_some() {
                    let _ = self.screenshot("FAILED").await;
                    self.diagnose().await
                } else {
                    String::from("  (no app session)")
                };
                Some(format!("{e:#}\n--- at the end ---\n{shown}"))
            }
        };
        if let Err(e) = self.quit_app().await {
            self.note(format!("teardown: {e:#}"));
        }
        self.step(&format!(
            "done in {:.1}s; {} screenshot(s)",
            self.started.elapsed().as_secs_f64(),
            self.screenshots.len()
        ));
        for note in &self.notes {
            println!("[{}] note: {note}", self.test);
        }
        let log = self.log_path.clone();
        drop(self);
        if let Some(f) = failure {
            panic!("{f}\n(driver/app log: {})", log.display());
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // A session still open here means a panic or an early return: thirtyfour's own Drop
        // ends it synchronously on a helper thread.
        drop(self.session.take());
        if let Some(mut driver) = self.driver.take() {
            terminate(&mut driver, "tauri-driver", Duration::from_secs(10));
        }
        if let Some(dir) = &self.data_dir {
            let arg = dir.path().to_string_lossy().into_owned();
            let pids = pids_with_arg(&arg);
            if !pids.is_empty() {
                for pid in &pids {
                    signal(*pid, libc::SIGTERM);
                }
                let _ = within(Duration::from_secs(5), Duration::from_millis(50), || {
                    Ok(pids_with_arg(&arg).is_empty().then_some(()))
                });
                for pid in pids_with_arg(&arg) {
                    eprintln!("e2e: app pid {pid} ignored SIGTERM; killing it");
                    signal(pid, libc::SIGKILL);
                }
            }
        }
        sweep_webview_dirs(&std::mem::take(&mut self.app_pids), &self.launch);
        drop(self.display.take());
        drop(self.data_dir.take());
    }
}
