//! End-to-end harness for the Recovery Journal desktop app.
//!
//! Each test gets its own virtual display (Xvfb, unless `$DISPLAY` is set), its own
//! `tauri-driver` on free ports, and its own empty data directory. The app is driven through
//! WebDriver by the `data-testid` contract the UI implements; screenshots go to
//! `<repo>/target/e2e-screenshots/<test>-<NN>-<name>.png`.
//!
//! - [`harness`]: the [`Harness`] of one test: its processes (`harness/process.rs`) and the
//!   page helpers (`harness/page.rs`: `wait_for`, `click`, ...).
//! - [`eventually`]: the one polling loop (wait until something is true, or fail with a
//!   message), sync and async.
//! - [`calendar`]: the clean time a member should see, computed here by calendar arithmetic,
//!   independently of the app.
//! - [`journeys`]: building blocks shared by the journeys (`create_journal`, `unlock`, ...).
//! - [`screens`]: helpers for the journal's screens (steps, meetings, people, journal, search).
//! - [`system`]: evidence for the privacy promises: canary scanning, processes, and (in its
//!   submodules) process memory and strace parsing.
//! - [`page`]: commands and wording from the app's own page.
//! - [`plain_app`]: the app started as a member starts it, without WebDriver (the release app).
//! - [`xscreen`]: screenshots and keys at the X level, for the release app WebDriver cannot
//!   drive.
//! - [`journey!`]: one test per journey, each with its own harness.

pub mod calendar;
pub mod eventually;
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

/// Define the test `$name`: start a harness (the app on an empty journal, launched with
/// `$launch`, a [`harness::LaunchOptions`]; the usual launch when left out), run
/// `$body(&mut Harness) -> anyhow::Result<()>`, and report its outcome with screenshots.
///
/// ```text
/// journey!(j1_first_run, first_run);
/// journey!(promise4_tampered_record, LaunchOptions::default(), tampered_record);
/// // Something made before the app starts and kept until the test ends (a fake HOME):
/// journey!(
///     promise1_no_plaintext_clean_quit,
///     let sys = isolated(),
///     isolated_launch(&sys.1),
///     async |h: &mut Harness| no_plaintext(h, &sys.1, sys.0, false).await
/// );
/// ```
#[macro_export]
macro_rules! journey {
    (@run $name:ident, $launch:expr, $body:expr) => {
        let launch: $crate::harness::LaunchOptions = $launch;
        let mut h = match $crate::Harness::start_with(stringify!($name), launch).await {
            Ok(h) => h,
            Err(e) => panic!("could not start the app under test: {e:#}"),
        };
        let result = $body(&mut h).await;
        h.finish(result).await;
    };
    ($name:ident, $body:ident) => {
        $crate::journey!($name, $crate::harness::LaunchOptions::default(), $body);
    };
    ($name:ident, let $setup:ident = $make:expr, $launch:expr, $body:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let $setup = $make;
            $crate::journey!(@run $name, $launch, $body);
        }
    };
    ($name:ident, $launch:expr, $body:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            $crate::journey!(@run $name, $launch, $body);
        }
    };
}
