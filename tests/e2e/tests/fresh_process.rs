//! Every lock ends the page's web process in the app members run.
//!
//! | test | what it proves |
//! | --- | --- |
//! | `f1_a_lock_ends_the_page_process_in_the_release_app` | the release app (started by the test, typed into with `xdotool`, since WebDriver cannot drive it) opens a journal; Ctrl+L locks it, WebKit's web process of the unlocked time is gone, a new one shows the lock screen, and the passphrase typed there opens the journal again |
//!
//! Debug builds driven by WebDriver only reload the page on lock (WebKit's WebDriver loses its
//! session when the page's process ends: src-tauri/src/window.rs), so this test starts the
//! release binary itself, like `installed.rs`. The journal is the committed fixture (records of
//! every kind, a known passphrase). Whether the journal is open is read from its writer lock
//! (`journal.lock`, held exactly while a journal is unlocked: docs/storage.md).

use std::fs::{self, File};
use std::os::unix::fs::DirBuilderExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use recovery_journal_e2e::harness::{Display, log_dir, release_binary, repo_root, screenshot_dir};
use recovery_journal_e2e::{system, xscreen};

const FIXTURE: &str = "src-tauri/crates/journal-core/tests/fixtures/v1/journal.sqlite";
const FIXTURE_PASSPHRASE: &str = "fixture passphrase v1";

/// Whether a journal in `data` is unlocked now: its writer lock is held.
fn journal_open(data: &Path) -> Result<bool> {
    let file = File::open(data.join("journal.lock"))?;
    match file.try_lock() {
        Ok(()) => Ok(false),
        Err(fs::TryLockError::WouldBlock) => Ok(true),
        Err(fs::TryLockError::Error(e)) => Err(e.into()),
    }
}

/// The pids of the app's WebKit web processes.
fn web_processes(app: u32) -> Vec<u32> {
    system::process_tree(app)
        .into_iter()
        .filter(|p| {
            p.cmdline
                .first()
                .is_some_and(|c| c.ends_with("WebKitWebProcess"))
        })
        .map(|p| p.pid)
        .collect()
}

/// Wait until `ready` says so, or fail with `what`.
fn wait(
    what: &str,
    timeout: Duration,
    mut ready: impl FnMut() -> Result<bool>,
) -> Result<Duration> {
    let start = Instant::now();
    loop {
        if ready()? {
            return Ok(start.elapsed());
        }
        if start.elapsed() > timeout {
            bail!("{what} within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Type the passphrase on the unlock screen (its field has the focus) and press Enter.
fn unlock(dpy: &str, app: u32) -> Result<()> {
    xscreen::focus_window_of(dpy, app, Duration::from_secs(10))?;
    xscreen::type_text(dpy, FIXTURE_PASSPHRASE)?;
    xscreen::keys(dpy, &["Return"])
}

#[test]
fn f1_a_lock_ends_the_page_process_in_the_release_app() -> Result<()> {
    let binary = release_binary()?;
    let work = tempfile::tempdir()?;
    let (home, runtime, data) = (
        work.path().join("home"),
        work.path().join("runtime"),
        work.path().join("data"),
    );
    for dir in [&home, &runtime, &data] {
        fs::DirBuilder::new().mode(0o700).create(dir)?;
    }
    fs::copy(repo_root().join(FIXTURE), data.join("journal.sqlite"))?;
    fs::create_dir_all(log_dir())?;
    let log_path = log_dir().join("f1_fresh_process.log");
    let log = File::create(&log_path)?;
    let display = Display::start(&log)?;
    let dpy = display.name().to_string();
    let mut app: Child = Command::new(&binary)
        .arg("--data-dir")
        .arg(&data)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", &home)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("DISPLAY", &dpy)
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting {}", binary.display()))?;
    let pid = app.id();
    let shots = screenshot_dir();
    fs::create_dir_all(&shots)?;
    let result = (|| -> Result<()> {
        // The unlock screen's passphrase field has the focus and a blinking caret, so the
        // screen never settles: wait for the window and the page's process, then a moment.
        wait("the app showed no window", Duration::from_secs(60), || {
            Ok(!xscreen::windows_of(&dpy, pid).is_empty() && !web_processes(pid).is_empty())
        })?;
        std::thread::sleep(Duration::from_secs(3));
        unlock(&dpy, pid)?;
        wait("the journal did not open", Duration::from_secs(30), || {
            journal_open(&data)
        })?;
        let before = web_processes(pid);
        ensure!(!before.is_empty(), "the app has no WebKit web process");
        std::thread::sleep(Duration::from_secs(1));
        xscreen::screenshot(&dpy)?.save_png(&shots.join("f1-01-unlocked.png"))?;

        // Ctrl+L: the journal locks, and the web process of the unlocked time goes.
        xscreen::focus_window_of(&dpy, pid, Duration::from_secs(10))?;
        xscreen::keys(&dpy, &["ctrl+l"])?;
        wait("the journal did not lock", Duration::from_secs(10), || {
            Ok(!journal_open(&data)?)
        })?;
        let took = wait(
            "the web process of the unlocked time is still running, or no new one came",
            Duration::from_secs(10),
            || {
                let now = web_processes(pid);
                Ok(!now.is_empty() && before.iter().all(|p| !now.contains(p)))
            },
        )?;
        println!(
            "web processes {before:?} ended; the new one is {:?} ({} ms after the lock)",
            web_processes(pid),
            took.as_millis()
        );
        std::thread::sleep(Duration::from_secs(2));
        xscreen::screenshot(&dpy)?.save_png(&shots.join("f1-02-locked-fresh-process.png"))?;

        // The fresh page works: the passphrase opens the journal again.
        unlock(&dpy, pid)?;
        wait(
            "the fresh page did not open the journal",
            Duration::from_secs(30),
            || journal_open(&data),
        )?;
        ensure!(app.try_wait()?.is_none(), "the app exited");
        Ok(())
    })();
    let _ = system::request_close(&dpy, pid);
    let start = Instant::now();
    while app.try_wait()?.is_none() && start.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(100));
    }
    if app.try_wait()?.is_none() {
        let _ = app.kill();
        let _ = app.wait();
    }
    drop(display);
    result.with_context(|| format!("app log: {}", log_path.display()))
}
