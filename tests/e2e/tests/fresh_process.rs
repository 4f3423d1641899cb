//! Every lock ends the page's web process in the app members run.
//!
//! | test | what it proves |
//! | --- | --- |
//! | `f1_a_lock_ends_the_page_process_in_the_release_app` | the release app (started by the test, typed into with `xdotool`, since WebDriver cannot drive it) opens a journal; Ctrl+L locks it, WebKit's web process of the unlocked time is gone, a new one shows the lock screen, and the passphrase typed there opens the journal again |
//!
//! Debug builds driven by WebDriver only reload the page on lock (WebKit's WebDriver loses its
//! session when the page's process ends: src-tauri/src/window.rs), so this test starts the
//! release binary itself (`plain_app.rs`), like `installed.rs`. The journal is the committed fixture (records of
//! every kind, a known passphrase). Whether the journal is open is read from its writer lock
//! (`journal.lock`, held exactly while a journal is unlocked: docs/storage.md).

use std::fs;
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use recovery_journal_e2e::harness::{release_binary, screenshot_dir};
use recovery_journal_e2e::plain_app::{
    FIXTURE_PASSPHRASE, PlainApp, fixture_data_dir, journal_open, wait,
};
use recovery_journal_e2e::xscreen;

#[test]
fn f1_a_lock_ends_the_page_process_in_the_release_app() -> Result<()> {
    let work = tempfile::tempdir()?;
    let data = fixture_data_dir(work.path())?;
    let mut app = PlainApp::start(
        &release_binary()?,
        &["--data-dir".as_ref(), data.as_os_str()],
        work.path(),
        "f1_fresh_process",
    )?;
    let shots = screenshot_dir();
    fs::create_dir_all(&shots)?;
    let result = (|| -> Result<()> {
        // The unlock screen's passphrase field has the focus and a blinking caret, so the
        // screen never settles: wait for the window and the page's process, then a moment.
        app.wait_for_window(Duration::from_secs(60))?;
        std::thread::sleep(Duration::from_secs(3));
        app.unlock(FIXTURE_PASSPHRASE, &data)?;
        let before = app.web_processes();
        ensure!(!before.is_empty(), "the app has no WebKit web process");
        std::thread::sleep(Duration::from_secs(1));
        xscreen::screenshot(app.display())?.save_png(&shots.join("f1-01-unlocked.png"))?;

        // Ctrl+L: the journal locks, and the web process of the unlocked time goes.
        app.keys(&["ctrl+l"])?;
        wait("the journal did not lock", Duration::from_secs(10), || {
            Ok(!journal_open(&data)?)
        })?;
        let took = app.wait_web_process_replaced(&before, Duration::from_secs(10))?;
        println!(
            "web processes {before:?} ended; the new one is {:?} ({} ms after the lock)",
            app.web_processes(),
            took.as_millis()
        );
        std::thread::sleep(Duration::from_secs(2));
        xscreen::screenshot(app.display())?
            .save_png(&shots.join("f1-02-locked-fresh-process.png"))?;

        // The fresh page works: the passphrase opens the journal again.
        app.unlock(FIXTURE_PASSPHRASE, &data)
            .context("on the fresh page")?;
        ensure!(app.running()?, "the app exited");
        Ok(())
    })();
    let log = app.log().to_path_buf();
    let closed = app.close();
    result
        .and(closed)
        .with_context(|| format!("app log: {}", log.display()))
}
