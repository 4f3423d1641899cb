//! Time as a member's computer keeps it: a clock set back before the clean date, a day that
//! turns while the app is open, and a time zone that changes between two runs.
//!
//! | test | what it proves |
//! | --- | --- |
//! | `t1_clock_back_day_turns_time_zone_changes` | the clock set back 500 days: the dashboard says calmly that the clean date is after today's date and keeps it (no error, no "set your clean date" form), in light and dark; the clock right again: the same clean time as before; the clock a day ahead while the dashboard stays open: it rolls over on its own to one more day; relaunched in a time zone 25 hours away: the clean date and a journal entry keep their calendar dates |
//!
//! The app runs under libfaketime (`LD_PRELOAD`, Debian package `faketime`) with its offset read
//! from a file the test rewrites, so the app and its WebKit processes see the clock move while
//! they run; the monotonic clock is left alone so timers behave. The time zone comes from a
//! second file, read by the wrapper at each launch.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use chrono::NaiveDate;
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::eventually::{eventually_async, within_async};
use recovery_journal_e2e::harness::{LaunchOptions, UI};
use recovery_journal_e2e::journeys::{
    PASSPHRASE, create_journal, expect_clean_time, read_dashboard, unlock,
};
use recovery_journal_e2e::page::{call, save};
use recovery_journal_e2e::screens::{go, iso};
use serde_json::json;

/// libfaketime's preload library, wherever this machine's multiarch path puts it.
fn libfaketime() -> Result<PathBuf> {
    let found = fs::read_dir("/usr/lib")?
        .flatten()
        .map(|e| e.path().join("faketime/libfaketime.so.1"))
        .find(|p| p.is_file());
    found.context(
        "libfaketime is not installed: Debian package `faketime` (scripts/debian-packages.txt)",
    )
}

/// The wrapper WebDriver starts instead of the app: the clock from `dir/clock`, the time zone
/// from `dir/tz`.
fn clock_wrapper(dir: &Path, app: &Path) -> Result<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let q = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
    let path = dir.join("app-with-clock.sh");
    fs::write(
        &path,
        format!(
            "#!/bin/sh\n# Started by WebKitWebDriver in place of the app, with the app's arguments.\n\
             TZ=\"$(cat {tz})\"; export TZ\n\
             LD_PRELOAD={lib}; export LD_PRELOAD\n\
             FAKETIME_TIMESTAMP_FILE={clock}; export FAKETIME_TIMESTAMP_FILE\n\
             FAKETIME_CACHE_DURATION=1; export FAKETIME_CACHE_DURATION\n\
             FAKETIME_DONT_FAKE_MONOTONIC=1; export FAKETIME_DONT_FAKE_MONOTONIC\n\
             exec {app} \"$@\"\n",
            tz = q(&dir.join("tz")),
            lib = q(&libfaketime()?),
            clock = q(&dir.join("clock")),
            app = q(app),
        ),
    )?;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755))?;
    Ok(path)
}

/// Move the app's clock: a libfaketime offset such as `+0`, `-500d`, `+1d`.
fn set_clock(dir: &Path, offset: &str) -> Result<()> {
    fs::write(dir.join("clock"), format!("{offset}\n"))?;
    // libfaketime reads the file again after its one-second cache.
    std::thread::sleep(Duration::from_millis(1500));
    Ok(())
}

/// Show the dashboard afresh, as a member coming back to it does.
async fn back_to_dashboard(h: &mut Harness) -> Result<()> {
    go(h, "journal", "journal-screen").await?;
    go(h, "dashboard", "dashboard").await
}

/// Come back to the dashboard until it shows `testid`, or fail with `what` after 20 s.
/// libfaketime re-reads its file at most once a second in each process, so on a loaded machine
/// the first visits after a clock change may still count with the old clock. Each look waits
/// up to 2 s itself, so none waits between looks.
async fn dashboard_shows(h: &mut Harness, testid: &str, what: &str) -> Result<()> {
    eventually_async(what, Duration::from_secs(20), Duration::ZERO, async || {
        back_to_dashboard(h).await?;
        let shown = h.wait_for(testid, Duration::from_secs(2)).await;
        Ok(shown.is_ok().then_some(()))
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn t1_clock_back_day_turns_time_zone_changes() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let start = async {
        fs::write(dir.path().join("clock"), "+0\n")?;
        fs::write(dir.path().join("tz"), "UTC\n")?;
        let app = recovery_journal_e2e::harness::app_binary()?;
        let launch = LaunchOptions {
            wrapper: Some(clock_wrapper(dir.path(), &app)?),
            ..LaunchOptions::default()
        };
        Harness::start_with("t1_clock_back_day_turns_time_zone_changes", launch).await
    };
    let mut h = match start.await {
        Ok(h) => h,
        Err(e) => panic!("could not start the app under a fake clock: {e:#}"),
    };
    let result = clock_journey(&mut h, dir.path()).await;
    h.finish(result).await;
}

async fn clock_journey(h: &mut Harness, dir: &Path) -> Result<()> {
    // The test runs in UTC too, so "today" is the same day for both.
    let clean_date = days_from(today(), -400);
    create_journal(h, PASSPHRASE, clean_date).await?;
    let before = expect_clean_time(h, clean_date).await?;
    let entry_date = days_from(today(), -3);
    save(
        h,
        "journalEntry",
        json!({ "id": "00000000-0000-0000-0000-000000000000", "date": iso(entry_date),
                "text": "Three days ago", "feelings": [], "craving": null, "gratitude": [] }),
    )
    .await?;

    // ----- the clock goes back 500 days: before the clean date -----
    h.step("the computer's clock is set back 500 days");
    set_clock(dir, "-500d")?;
    dashboard_shows(
        h,
        "clean-date-ahead",
        "with the clock set back 500 days the dashboard never said the clean date is ahead",
    )
    .await?;
    ensure!(
        !h.exists("no-clean-date").await? && !h.exists("clean-time-display").await?,
        "with the clock behind, the dashboard should neither ask for a clean date nor count"
    );
    ensure!(
        !h.exists("dashboard-refresh-error").await?,
        "the dashboard shows an error with the clock behind"
    );
    let words = h.text("clean-date-ahead").await?;
    ensure!(
        words.contains(&clean_date.format("%Y").to_string()),
        "the notice does not name the clean date: {words:?}"
    );
    h.screenshot("clock-behind").await?;
    // The same notice in dark colours.
    h.click("nav-settings").await?;
    h.wait_for("settings-screen", UI).await?;
    h.select("theme-select", "dark").await?;
    h.click("settings-save").await?;
    h.wait_for("settings-saved", UI).await?;
    go(h, "dashboard", "dashboard").await?;
    h.wait_for("clean-date-ahead", UI).await?;
    h.screenshot("clock-behind-dark").await?;

    // ----- the clock is right again: the same clean time, the date was kept -----
    h.step("the clock is right again");
    set_clock(dir, "+0")?;
    dashboard_shows(
        h,
        "clean-time-display",
        "with the clock right again the dashboard never counted the clean time",
    )
    .await?;
    let again = expect_clean_time(h, clean_date).await?;
    ensure!(
        again.total_days == before.total_days,
        "the clean time changed across the clock's detour: {before:?}, then {again:?}"
    );

    // ----- a day turns while the dashboard is open, with no one touching it -----
    h.step("the clock moves a day ahead while the dashboard stays open");
    set_clock(dir, "+1d")?;
    let mut shown = before.total_days;
    let turned = within_async(
        Duration::from_secs(90),
        Duration::from_secs(2),
        async || {
            shown = read_dashboard(h).await?.total_days;
            Ok((shown == before.total_days + 1).then_some(()))
        },
    );
    if turned.await?.is_none() {
        bail!(
            "the dashboard still shows {} days 90 s after the date turned (expected {})",
            shown,
            before.total_days + 1
        );
    }
    h.screenshot("day-turned").await?;
    set_clock(dir, "+0")?;

    // ----- another time zone at each of the next launches, 25 hours apart -----
    for (zone, offset) in [
        ("Pacific/Kiritimati", "UTC+14"),
        ("Pacific/Pago_Pago", "UTC-11"),
    ] {
        h.step(&format!("relaunching in another time zone ({offset})"));
        fs::write(dir.join("tz"), format!("{zone}\n"))?;
        h.close_window().await?;
        h.launch_again().await?;
        h.wait_for("unlock-screen", UI).await?;
        unlock(h, PASSPHRASE).await?;
        expect_dates_kept(h, clean_date, entry_date).await?;
    }
    h.screenshot("other-time-zone").await?;
    Ok(())
}

/// The clean date and the journal entry are on the same calendar dates as when written.
async fn expect_dates_kept(
    h: &Harness,
    clean_date: NaiveDate,
    entry_date: NaiveDate,
) -> Result<()> {
    let dates = call(h, "clean_dates", json!({})).await?;
    let stored: Vec<&str> = dates
        .as_array()
        .map(|a| a.iter().filter_map(|d| d["date"].as_str()).collect())
        .unwrap_or_default();
    ensure!(
        stored == [iso(clean_date).as_str()],
        "the clean dates are {stored:?}, not [{}]",
        iso(clean_date)
    );
    let entry = call(h, "journal_entry_on", json!({ "date": iso(entry_date) })).await?;
    ensure!(
        entry["text"] == "Three days ago",
        "no journal entry on {} any more: {entry}",
        iso(entry_date)
    );
    Ok(())
}
