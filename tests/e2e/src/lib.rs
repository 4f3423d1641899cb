//! End-to-end harness for the Recovery Journal desktop app.
//!
//! Each test gets its own virtual display (Xvfb, unless `$DISPLAY` is set), its own
//! `tauri-driver` on free ports, and its own empty data directory. The app is driven through
//! WebDriver by the `data-testid` contract the UI implements; screenshots go to
//! `<repo>/target/e2e-screenshots/<test>-<NN>-<name>.png`.
//!
//! - [`harness`]: processes, the WebDriver session and the helpers (`wait_for`, `click`, ...).
//! - [`calendar`]: the clean time a member should see, computed here by calendar arithmetic,
//!   independently of the app.
//! - [`journeys`]: building blocks shared by the journeys (`create_journal`, `unlock`, ...).
//! - [`screens`]: helpers for the journal's screens (steps, meetings, people, journal, search).
//! - [`system`]: evidence for the privacy promises: canary scanning, strace parsing, processes.
//! - [`page`]: commands and wording from the app's own page.
//! - [`plain_app`]: the app started as a member starts it, without WebDriver (the release app).
//! - [`xscreen`]: screenshots and keys at the X level, for the release app WebDriver cannot
//!   drive.
//! - [`journey!`]: one test per journey, each with its own harness.

pub mod calendar;
pub mod harness;
pub mod journeys;
pub mod page;
pub mod plain_app;
pub mod screens;
pub mod system;
pub mod xscreen;

pub use harness::Harness;

/// The empty files the app keeps in its data folder beside the journal (docs/storage.md, "One
/// writer, one app"): the app's lock, the socket a second launch knocks on, and the journal's
/// writer lock. They hold nothing a member wrote.
pub const LOCK_FILES: [&str; 3] = ["app.lock", "app.sock", "journal.lock"];

/// Whether the run allows the skip `what` (`RECOVERY_JOURNAL_ALLOW_SKIP`, a comma-separated
/// list such as `netns,deb`). A test that cannot run here fails, unless its skip is allowed;
/// then it prints `SKIPPED <test>: <why>`, which the run's summary counts (scripts/lib.sh).
pub fn skip_allowed(what: &str) -> bool {
    std::env::var("RECOVERY_JOURNAL_ALLOW_SKIP")
        .is_ok_and(|v| v.split(',').any(|s| s.trim() == what))
}

/// Define the test `$name`: start a harness (a fresh app on an empty journal), run
/// `$body(&mut Harness) -> anyhow::Result<()>`, and report its outcome with screenshots.
#[macro_export]
macro_rules! journey {
    ($name:ident, $body:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let mut h = match $crate::Harness::start(stringify!($name)).await {
                Ok(h) => h,
                Err(e) => panic!("could not start the app under test: {e:#}"),
            };
            let result = $body(&mut h).await;
            h.finish(result).await;
        }
    };
}
