//! The processes behind one test and the WebDriver helpers the journeys use.
//!
//! Start order: display (Xvfb on a free number, or `$DISPLAY`), `tauri-driver` on two free
//! ports (it starts `WebKitWebDriver` itself), then a session, which launches the app with
//! `--data-dir <fresh temp dir>`. Teardown runs in reverse, also on panic (Drop): the session is
//! ended (the app quits), `tauri-driver` gets SIGTERM so it stops its `WebKitWebDriver` (a
//! SIGKILL would orphan it, and the orphan would keep its port), and any app process still
//! running on this test's data directory is ended.

use std::ffi::OsString;
use std::fs::{self, File};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use tempfile::TempDir;
use thirtyfour::prelude::*;

/// How long a screen may take to appear after a click that does no key derivation.
pub const UI: Duration = Duration::from_secs(10);
/// How long creating or unlocking may take (key derivation is calibrated to ~0.75 s each,
/// on a loaded 2-core machine it can be several times that).
pub const KDF: Duration = Duration::from_secs(30);

const POLL: Duration = Duration::from_millis(150);

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

fn on_path(name: &str) -> Option<PathBuf> {
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

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

fn signal(pid: u32, sig: libc::c_int) {
    // SAFETY: kill(2) with a pid we spawned (or found on our own data directory).
    unsafe {
        libc::kill(pid as libc::pid_t, sig);
    }
}

/// Send SIGTERM and wait up to `grace` for the child to exit; SIGKILL only as a last resort.
fn terminate(child: &mut Child, what: &str, grace: Duration) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    signal(child.id(), libc::SIGTERM);
    let start = Instant::now();
    while start.elapsed() < grace {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    eprintln!("e2e: {what} ignored SIGTERM for {grace:?}; killing it");
    let _ = child.kill();
    let _ = child.wait();
}

/// Pids of running processes that have `arg` as one of their command-line arguments.
fn pids_with_arg(arg: &str) -> Vec<u32> {
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
fn sweep_webview_dirs(pids: &[u32], launch: &LaunchOptions) {
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

/// Session errors that a retry cannot fix.
fn is_permanent(e: &WebDriverError) -> bool {
    let text = format!("{e:?}");
    text.contains("browsing context") || text.contains("Failed to match capabilities")
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
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(10) {
                if socket.exists() {
                    return Ok(Display::Xvfb {
                        name: format!(":{n}"),
                        child,
                    });
                }
                if let Ok(Some(_)) = child.try_wait() {
                    break; // taken after all: try the next number
                }
                std::thread::sleep(Duration::from_millis(50));
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
        let start = Instant::now();
        let mut waiting: Vec<u16> = ports.to_vec();
        while start.elapsed() < Duration::from_secs(20) {
            if let Some(Ok(Some(status))) = self.driver.as_mut().map(|c| c.try_wait()) {
                bail!(
                    "tauri-driver exited early ({status}); see {}",
                    self.log_path.display()
                );
            }
            waiting.retain(|&port| TcpStream::connect(("127.0.0.1", port)).is_err());
            if waiting.is_empty() {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
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
        let start = Instant::now();
        loop {
            let ready = self
                .js("return document.readyState === 'complete';", vec![])
                .await
                .map(|v| v.as_bool() == Some(true))
                .unwrap_or(false);
            if ready {
                break;
            }
            if start.elapsed() > Duration::from_secs(30) {
                bail!("the app's page did not load within 30 s");
            }
            tokio::time::sleep(POLL).await;
        }
        Ok(())
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

    /// Run a synchronous script and return its JSON result.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        let ret = self.session()?.execute(script, args).await?;
        Ok(ret.json().clone())
    }

    /// Press keys as a keyboard does (WebDriver key actions): they go to whatever has the focus
    /// now, never to an element chosen by the test, and nothing is clicked. Unlike a WebDriver
    /// "send keys" to an element, which sets the value of a date field outright, every key is
    /// a real key press. A modifier in `keys` stays down until the end (`Key::Shift + Key::Tab`
    /// is Shift+Tab, `Key::Control + "l"` is Ctrl+L).
    pub async fn press(&self, keys: impl Into<TypingData>) -> Result<()> {
        let modifiers = [Key::Shift, Key::Control, Key::Alt, Key::Meta].map(|k| k.value());
        let mut chain = self
            .session()?
            .action_chain_with_delay(Some(Duration::ZERO), Some(Duration::ZERO));
        let mut held = Vec::new();
        for c in keys.into().as_vec() {
            if modifiers.contains(&c) {
                chain = chain.key_down(c);
                held.push(c);
            } else {
                chain = chain.key_down(c).key_up(c);
            }
        }
        for c in held.into_iter().rev() {
            chain = chain.key_up(c);
        }
        chain.perform().await?;
        Ok(())
    }

    fn selector(testid: &str) -> String {
        format!("[data-testid=\"{testid}\"]")
    }

    /// The first element with this test id (present in the DOM, visible or not).
    pub async fn find(&self, testid: &str) -> Result<WebElement> {
        match self.session()?.find(By::Css(Self::selector(testid))).await {
            Ok(el) => Ok(el),
            Err(_) => bail!(
                "no element [data-testid={testid}] on the page\n{}",
                self.diagnose().await
            ),
        }
    }

    /// Every element with this test id.
    pub async fn find_all(&self, testid: &str) -> Result<Vec<WebElement>> {
        Ok(self
            .session()?
            .find_all(By::Css(Self::selector(testid)))
            .await?)
    }

    /// Whether an element with this test id is in the DOM at all.
    pub async fn exists(&self, testid: &str) -> Result<bool> {
        let v = self
            .js(
                "return document.querySelector(arguments[0]) !== null;",
                vec![json!(Self::selector(testid))],
            )
            .await?;
        Ok(v.as_bool() == Some(true))
    }

    /// Whether an element with this test id is shown (has a box and is not hidden).
    pub async fn visible(&self, testid: &str) -> Result<bool> {
        let v = self
            .js(
                r#"
                for (const e of document.querySelectorAll(arguments[0])) {
                    if (e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden') return true;
                }
                return false;"#,
                vec![json!(Self::selector(testid))],
            )
            .await?;
        Ok(v.as_bool() == Some(true))
    }

    /// Test ids currently shown, in document order (for error messages).
    pub async fn visible_testids(&self) -> Result<Vec<String>> {
        let v = self
            .js(
                r#"
                return Array.from(document.querySelectorAll('[data-testid]'))
                    .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
                    .map(e => e.getAttribute('data-testid'));"#,
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(v).unwrap_or_default())
    }

    /// What is on screen, for failure messages: shown test ids and the start of the text.
    pub async fn diagnose(&self) -> String {
        let ids = self
            .visible_testids()
            .await
            .map(|ids| ids.join(", "))
            .unwrap_or_else(|e| format!("(could not list test ids: {e})"));
        let text = self
            .body_text()
            .await
            .unwrap_or_else(|e| format!("(could not read the page: {e})"));
        let text: String = text.chars().take(1500).collect();
        format!("  shown test ids: [{ids}]\n  page text: {text:?}")
    }

    /// Wait until an element with this test id is shown.
    pub async fn wait_for(&self, testid: &str, timeout: Duration) -> Result<WebElement> {
        let start = Instant::now();
        loop {
            if self.visible(testid).await.unwrap_or(false) {
                return self.find(testid).await;
            }
            if start.elapsed() > timeout {
                bail!(
                    "[data-testid={testid}] did not appear within {timeout:?}\n{}",
                    self.diagnose().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Mark the page now shown, so [`Harness::wait_fresh`] can tell when the app has replaced
    /// it. Every lock loads the app afresh.
    pub async fn mark_page(&self) -> Result<()> {
        self.js("window.__e2eOldPage = true; return null;", vec![])
            .await?;
        Ok(())
    }

    /// Wait until a fresh page (not the one [`Harness::mark_page`] marked) shows `testid`.
    /// Script errors while the old page's process ends count as "not yet". Returns how long it
    /// took.
    pub async fn wait_fresh(&self, testid: &str, timeout: Duration) -> Result<Duration> {
        let start = Instant::now();
        loop {
            let fresh = self
                .js(
                    "return window.__e2eOldPage === undefined \
                     && document.querySelector(arguments[0]) !== null;",
                    vec![json!(Self::selector(testid))],
                )
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if fresh && self.visible(testid).await.unwrap_or(false) {
                return Ok(start.elapsed());
            }
            if start.elapsed() > timeout {
                bail!(
                    "no fresh page showed [data-testid={testid}] within {timeout:?}\n{}",
                    self.diagnose().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Press the Lock button and wait for the unlock screen in the fresh page that replaces
    /// the old one (a debug build under WebDriver reloads it; a release build also ends its web
    /// process: see src-tauri/src/window.rs). The click itself may be cut off by the reload, so
    /// its own outcome does not count.
    pub async fn lock(&mut self) -> Result<()> {
        self.mark_page().await?;
        let el = self.wait_for("lock-button", UI).await?;
        let _ = el.click().await;
        let took = self.wait_fresh("unlock-screen", KDF).await?;
        self.step(&format!(
            "locked: the unlock screen in a fresh page after {} ms",
            took.as_millis()
        ));
        Ok(())
    }

    /// Wait until one of these test ids is shown; return which.
    pub async fn wait_for_any<'a>(
        &self,
        testids: &[&'a str],
        timeout: Duration,
    ) -> Result<&'a str> {
        let start = Instant::now();
        loop {
            for id in testids {
                if self.visible(id).await.unwrap_or(false) {
                    return Ok(id);
                }
            }
            if start.elapsed() > timeout {
                bail!(
                    "none of {testids:?} appeared within {timeout:?}\n{}",
                    self.diagnose().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Wait until no element with this test id is shown.
    pub async fn wait_gone(&self, testid: &str, timeout: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            if !self.visible(testid).await? {
                return Ok(());
            }
            if start.elapsed() > timeout {
                bail!(
                    "[data-testid={testid}] was still shown after {timeout:?}\n{}",
                    self.diagnose().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Click the element (waiting up to [`UI`] for it to be shown), as a pointer would.
    pub async fn click(&mut self, testid: &str) -> Result<()> {
        let el = self.wait_for(testid, UI).await?;
        let _ = el.scroll_into_view().await;
        if let Err(e) = el.click().await {
            // A real click that WebDriver refuses (covered, zero-sized) is worth knowing about,
            // but the journey can go on with a DOM click.
            self.note(format!(
                "WebDriver click on {testid} failed ({e}); used element.click() instead"
            ));
            self.js(
                "document.querySelector(arguments[0]).click();",
                vec![json!(Self::selector(testid))],
            )
            .await?;
        }
        Ok(())
    }

    /// Clear the field and type `text` into it, then check the field holds exactly that.
    pub async fn type_into(&self, testid: &str, text: &str) -> Result<()> {
        let el = self.wait_for(testid, UI).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        let value = el.prop("value").await?.unwrap_or_default();
        if value != text {
            bail!("typed {text:?} into {testid} but it holds {value:?}");
        }
        Ok(())
    }

    /// Set an `<input type="date">` (typing into WebKit date fields is unreliable): set its
    /// value and fire `input` and `change` as a member's pick would.
    pub async fn set_date(&self, testid: &str, ymd: &str) -> Result<()> {
        self.wait_for(testid, UI).await?;
        self.set_value(testid, ymd).await
    }

    /// Set an input's value from script and fire `input` and `change` (bubbling).
    pub async fn set_value(&self, testid: &str, value: &str) -> Result<()> {
        let got = self
            .js(
                r#"
                const el = document.querySelector(arguments[0]);
                if (!el) return null;
                const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
                setter.call(el, arguments[1]);
                el.dispatchEvent(new Event('input', { bubbles: true }));
                el.dispatchEvent(new Event('change', { bubbles: true }));
                return el.value;"#,
                vec![json!(Self::selector(testid)), json!(value)],
            )
            .await?;
        match got.as_str() {
            Some(v) if v == value => Ok(()),
            Some(v) => bail!("set {testid} to {value:?} but it holds {v:?}"),
            None => bail!(
                "no element [data-testid={testid}]\n{}",
                self.diagnose().await
            ),
        }
    }

    /// Choose the `<option value=…>` of a `<select>` and fire `input` and `change`.
    pub async fn select(&self, testid: &str, value: &str) -> Result<()> {
        self.wait_for(testid, UI).await?;
        let got = self
            .js(
                r#"
                const el = document.querySelector(arguments[0]);
                if (!el) return null;
                if (![...el.options].some(o => o.value === arguments[1])) return '(no such option)';
                el.value = arguments[1];
                el.dispatchEvent(new Event('input', { bubbles: true }));
                el.dispatchEvent(new Event('change', { bubbles: true }));
                return el.value;"#,
                vec![json!(Self::selector(testid)), json!(value)],
            )
            .await?;
        match got.as_str() {
            Some(v) if v == value => Ok(()),
            Some(v) => bail!("could not choose {value:?} in {testid}: {v}"),
            None => bail!(
                "no element [data-testid={testid}]\n{}",
                self.diagnose().await
            ),
        }
    }

    /// Scroll so the element is in the middle of the window (for screenshots).
    pub async fn scroll_to(&self, testid: &str) -> Result<()> {
        self.js(
            "const el = document.querySelector(arguments[0]); if (el) el.scrollIntoView({ block: 'center' });",
            vec![json!(Self::selector(testid))],
        )
        .await?;
        Ok(())
    }

    /// The element's visible text, trimmed.
    pub async fn text(&self, testid: &str) -> Result<String> {
        let el = self.find(testid).await?;
        Ok(el.text().await?.trim().to_string())
    }

    /// The element's text parsed as a whole number.
    pub async fn number(&self, testid: &str) -> Result<i64> {
        let text = self.text(testid).await?;
        let digits: String = text
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        digits
            .parse()
            .with_context(|| format!("[data-testid={testid}] reads {text:?}, not a number"))
    }

    /// An attribute of the element.
    pub async fn attr(&self, testid: &str, name: &str) -> Result<Option<String>> {
        Ok(self.find(testid).await?.attr(name).await?)
    }

    /// The `value` of an input.
    pub async fn value(&self, testid: &str) -> Result<String> {
        Ok(self
            .find(testid)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Whether the control can be used (not `disabled`).
    pub async fn enabled(&self, testid: &str) -> Result<bool> {
        Ok(self.find(testid).await?.is_enabled().await?)
    }

    /// Everything the member can read on the page (`document.body.innerText`).
    pub async fn body_text(&self) -> Result<String> {
        let v = self
            .js(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Whether the member can read `text` anywhere on the page.
    pub async fn page_contains(&self, text: &str) -> Result<bool> {
        Ok(self.body_text().await?.contains(text))
    }

    /// Whether `text` is anywhere in the DOM, shown or not (markup, attributes, input values).
    pub async fn dom_contains(&self, text: &str) -> Result<bool> {
        let v = self
            .js(
                r#"
                const needle = arguments[0];
                if (document.documentElement.outerHTML.includes(needle)) return true;
                for (const el of document.querySelectorAll('input, textarea, select')) {
                    if ((el.value || '').includes(needle)) return true;
                }
                return false;"#,
                vec![json!(text)],
            )
            .await?;
        Ok(v.as_bool() == Some(true))
    }

    /// Save a screenshot of the window as `<test>-<NN>-<name>.png`, after two animation
    /// frames so it shows the current state rather than the previous frame.
    pub async fn screenshot(&mut self, name: &str) -> Result<PathBuf> {
        let session = self.session()?;
        let _ = session
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        let png = session.screenshot_as_png().await?;
        self.shots += 1;
        let path = screenshot_dir().join(format!("{}-{:02}-{name}.png", self.test, self.shots));
        fs::write(&path, png)?;
        self.step(&format!("screenshot {}", path.display()));
        self.screenshots.push(path.clone());
        Ok(path)
    }

    /// Wait until no process runs with this test's data directory on its command line.
    async fn wait_app_gone(&self, timeout: Duration) -> bool {
        let arg = self.data_dir_arg();
        let start = Instant::now();
        while start.elapsed() < timeout {
            if pids_with_arg(&arg).is_empty() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
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
                let start = Instant::now();
                while start.elapsed() < Duration::from_secs(5) && !pids_with_arg(&arg).is_empty() {
                    std::thread::sleep(Duration::from_millis(50));
                }
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
