//! `m1`: the debug app under WebDriver, locked by its button and by the auto-lock.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::eventually::within_async;
use recovery_journal_e2e::harness::{KDF, UI, screenshot_dir};
use recovery_journal_e2e::journeys::{PASSPHRASE, create_journal, unlock};
use recovery_journal_e2e::screens::{go, wait_saved};
use recovery_journal_e2e::system::{self, Needle};
use recovery_journal_e2e::xscreen;

use crate::{MaskedCanary, Moment, SETTLE, Strict, TEST, details, judge, program_name, scan_tree};

/// The pids of the app's web processes (`WebKitWebProcess`) now.
fn web_processes(h: &Harness) -> BTreeSet<u32> {
    h.app_processes()
        .into_iter()
        .flat_map(system::process_tree)
        .filter(|p| program_name(p) == "WebKitWebProcess")
        .map(|p| p.pid)
        .collect()
}

/// How a lock was seen.
struct Locked {
    /// The app ended the page's web process and started a fresh one.
    replaced: bool,
    /// The WebDriver session still works (the page was asked, and shows the unlock screen).
    session: bool,
    /// When the lock was first seen (the unlock screen, or a new web process).
    at: Instant,
}

/// Wait for a lock, for up to `within`, and take a screenshot `name`. An app that ends the
/// page's web process on lock (and loads the app into a fresh one) may take the WebDriver
/// session with it: WebKit ends the automation session of a page whose process goes. So the
/// lock is watched through `/proc` (a web process whose pid is not in `before`) and, while the
/// session answers, through the page (the unlock screen). When the page shows the unlock
/// screen and no new web process follows within 2 s, the app kept its web process. After a
/// replacement the fresh page is given a moment, photographed at the X level, then asked: if
/// the session still works it must show the unlock screen; if it has ended, that is said.
async fn wait_locked(
    h: &mut Harness,
    before: &BTreeSet<u32>,
    within: Duration,
    name: &str,
) -> Result<Locked> {
    let start = Instant::now();
    let mut asking = true;
    let mut shown: Option<Instant> = None;
    let mut now = BTreeSet::new();
    let locked = within_async(within, Duration::from_millis(250), async || {
        now = web_processes(h);
        if now.iter().any(|pid| !before.contains(pid)) {
            shown.get_or_insert_with(Instant::now);
            h.step(&format!(
                "the web process was replaced ({before:?} -> {now:?}) {:.1}s after waiting began",
                start.elapsed().as_secs_f64()
            ));
            return Ok(Some(true));
        }
        if asking && shown.is_none() {
            match h.visible("unlock-screen").await {
                Ok(true) => shown = Some(Instant::now()),
                Ok(false) => {}
                // The page's process ended under the command: watch /proc only from now on.
                Err(_) => asking = false,
            }
        }
        if shown.is_some_and(|t| t.elapsed() > Duration::from_secs(2)) {
            h.step(&format!(
                "the unlock screen is shown in the same web process {now:?}: this app does not \
                 replace it on lock"
            ));
            return Ok(Some(false));
        }
        Ok(None)
    });
    let Some(replaced) = locked.await? else {
        bail!(
            "no lock within {within:?}: the web process was not replaced (still {now:?}) and \
             the page {}",
            if asking {
                "never showed the unlock screen"
            } else {
                "stopped answering"
            }
        );
    };
    let at = shown.unwrap_or_else(Instant::now);
    if !replaced {
        h.screenshot(name).await?;
        return Ok(Locked {
            replaced,
            session: true,
            at,
        });
    }
    // The fresh page loads and shows the unlock screen.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    x_screenshot(h, name)?;
    match h.js("return true;", vec![]).await {
        Ok(_) => {
            h.wait_for("unlock-screen", KDF).await?;
            Ok(Locked {
                replaced,
                session: true,
                at,
            })
        }
        Err(e) if format!("{e:#}").contains("invalid session id") => {
            h.step(
                "the WebDriver session ended with the page's web process; the lock is seen \
                 through /proc (the web process replaced) and the X screenshot",
            );
            Ok(Locked {
                replaced,
                session: false,
                at,
            })
        }
        Err(e) => Err(e.context("asking the fresh page after the lock")),
    }
}

/// A screenshot of the whole X display (no WebDriver needed), saved beside the harness's
/// screenshots as `<test>-x-<name>.png`.
fn x_screenshot(h: &Harness, name: &str) -> Result<()> {
    let path = screenshot_dir().join(format!("{TEST}-x-{name}.png"));
    xscreen::screenshot(h.display_name()?)?.save_png(&path)?;
    h.step(&format!("X screenshot {}", path.display()));
    Ok(())
}

/// Read the memory of the app and of every process under it.
fn scan_app(h: &Harness, needles: &[Needle], label: &'static str, locked: bool) -> Result<Moment> {
    scan_tree(&h.app_processes(), needles, label, locked)
}

/// Issue #14: the canary is in memory while unlocked, and nowhere in any app process 5 s
/// after Lock or 5 s after the auto-lock.
pub(crate) async fn nothing_typed_is_left_in_memory_after_lock(h: &mut Harness) -> Result<()> {
    let canary = MaskedCanary::new()?;
    let needles = canary.needles();
    let display = h.display_name()?.to_string();
    let mut moments = Vec::new();

    create_journal(h, PASSPHRASE, days_from(today(), -30)).await?;

    // Auto-lock after 1 minute idle (the shortest there is), set before anything is written.
    go(h, "settings", "settings-screen").await?;
    h.type_into("auto-lock-minutes", "1").await?;
    h.click("settings-save").await?;
    h.wait_for("settings-saved", UI).await?;

    // Today's entry: the canary, typed with the keyboard into the focused window.
    go(h, "journal", "journal-screen").await?;
    h.wait_for("journal-editor", UI).await?;
    let app_pid = *h
        .app_processes()
        .first()
        .context("the app is not running")?;
    xscreen::focus_window_of(&display, app_pid, UI)?;
    h.click("journal-text").await?;
    canary.type_into_focused_window(&display)?;
    let (typed, chars) = canary.in_field(h, "journal-text").await?;
    ensure!(
        typed,
        "after typing the canary with xdotool, journal-text holds {chars} character(s) that are \
         not the canary (did the keys reach the field?)"
    );
    wait_saved(h, "journal-save-state").await?;
    h.screenshot("journal-saved").await?;

    // (a) Unlocked, the entry on screen and saved: the control.
    moments.push(scan_app(h, &needles, "unlocked, entry saved", false)?);
    h.step(&details(moments.last().expect("a moment"), &needles));

    // (b) 5 s after Lock. The click's own answer may be cut off when the page's process ends.
    let before = web_processes(h);
    let lock = h.wait_for("lock-button", UI).await?;
    let _ = lock.click().await;
    let locked = wait_locked(h, &before, Duration::from_secs(10), "locked").await?;
    h.step(&format!(
        "locked; web process replaced: {}, WebDriver session kept: {}",
        locked.replaced, locked.session
    ));
    tokio::time::sleep(SETTLE.saturating_sub(locked.at.elapsed())).await;
    moments.push(scan_app(h, &needles, "5 s after Lock", true)?);
    h.step(&details(moments.last().expect("a moment"), &needles));

    // Unlock and show the entry again, then leave the app idle for the auto-lock. Without a
    // session (it ended with the page's process) that takes a new launch.
    let again = if locked.session {
        "unlocked again, entry shown"
    } else {
        h.kill_app().await?;
        h.launch_again().await?;
        "relaunched, unlocked, entry shown"
    };
    unlock(h, PASSPHRASE).await?;
    go(h, "journal", "journal-screen").await?;
    h.wait_for("journal-editor", UI).await?;
    let shown = Instant::now();
    let (back, chars) = canary.in_field(h, "journal-text").await?;
    ensure!(
        back,
        "after unlocking, today's entry holds {chars} character(s) that are not the canary"
    );
    // (a') Unlocked, the entry shown: the control for (c). From here on no input reaches the
    // page: the member is idle.
    moments.push(scan_app(h, &needles, again, false)?);
    h.step(&details(moments.last().expect("a moment"), &needles));

    // (c) 5 s after the auto-lock: a minute (and up to the shell's 5 s check) of idleness.
    // Scripts only from here on (see wait_locked): no input reaches the page.
    h.step("idle: waiting for the auto-lock (1 minute)");
    let before = web_processes(h);
    let locked = wait_locked(h, &before, Duration::from_secs(80), "auto-locked").await?;
    h.step(&format!(
        "auto-locked {:.1}s after the entry was shown; web process replaced: {}, WebDriver \
         session kept: {}",
        shown.elapsed().as_secs_f64(),
        locked.replaced,
        locked.session
    ));
    if locked.session {
        h.wait_for("locked-reason", UI).await?;
    }
    tokio::time::sleep(SETTLE.saturating_sub(locked.at.elapsed())).await;
    moments.push(scan_app(h, &needles, "5 s after the auto-lock", true)?);
    h.step(&details(moments.last().expect("a moment"), &needles));
    if !locked.session {
        // No session to end the app through: end it now rather than at teardown's timeout.
        h.kill_app().await?;
    }

    judge(&moments, Strict::UnderWebDriver)
}
