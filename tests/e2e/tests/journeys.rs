//! The member's journeys through the real app, one test each, each on a fresh journal.
//!
//! Run serially (`-- --test-threads=1`): each test has its own display, driver and data
//! directory, but two WebKit instances at once on a 2-core machine make timings flaky.
//! Screenshots of every screen passed through go to `target/e2e-screenshots/`.

use std::time::{Duration, Instant};

use anyhow::{Result, anyhow, bail, ensure};
use recovery_journal_e2e::calendar::{date_spellings, days_from, today};
use recovery_journal_e2e::eventually::within_async;
use recovery_journal_e2e::harness::{KDF, UI};
use recovery_journal_e2e::journeys::{
    NEW_PASSPHRASE, PASSPHRASE, THIRD_PASSPHRASE, create_journal, expect_clean_time,
    is_recovery_key, read_dashboard, submit_recovery, try_unlock, unlock, wait_recovery_key,
};
use recovery_journal_e2e::{Harness, journey};

journey!(j0_launches_to_welcome, launches_to_welcome);
journey!(j1_first_run, first_run);
journey!(j2_lock_and_unlock, lock_and_unlock);
journey!(j3_relaunch_keeps_journal, relaunch_keeps_journal);
journey!(j4_forgotten_passphrase, forgotten_passphrase);
journey!(j5_start_again, start_again);
journey!(j6_auto_lock, auto_lock);
journey!(
    j7_settings_passphrase_key_theme,
    settings_passphrase_key_theme
);
journey!(
    j8_second_launch_brings_the_first_forward,
    second_launch_brings_the_first_forward
);

/// A clean date a year and a bit ago: 400 days before today.
fn four_hundred_days_ago() -> chrono::NaiveDate {
    days_from(today(), -400)
}

/// The app opens on the welcome screen when there is no journal yet.
async fn launches_to_welcome(h: &mut Harness) -> Result<()> {
    h.screenshot("first-paint").await?;
    h.wait_for("welcome-screen", UI).await?;
    h.wait_for("welcome-start", UI).await?;
    ensure!(
        !h.body_text().await?.trim().is_empty(),
        "the welcome screen has no text"
    );
    h.screenshot("welcome").await?;
    Ok(())
}

/// Journey 1: first run, from the welcome screen to a dashboard that shows 400 days.
async fn first_run(h: &mut Harness) -> Result<()> {
    let clean_date = four_hundred_days_ago();

    h.wait_for("welcome-screen", UI).await?;
    h.screenshot("welcome").await?;
    h.click("welcome-start").await?;

    // Choosing a passphrase: the meter reacts, and a mismatched confirmation is refused.
    h.wait_for("create-passphrase", UI).await?;
    h.wait_for("create-passphrase-confirm", UI).await?;
    h.screenshot("create-passphrase").await?;
    // Too short: rated weak, and refused with create-error.
    h.type_into("create-passphrase", "abc").await?;
    let weak = strength(h).await?;
    ensure!(
        weak <= 1,
        "passphrase-strength rates \"abc\" {weak} (expected 0 or 1)"
    );
    h.type_into("create-passphrase-confirm", "abc").await?;
    h.click("create-submit").await?;
    match h
        .wait_for_any(&["create-error", "creating-progress", "recovery-key"], UI)
        .await?
    {
        "create-error" => {}
        other => bail!("a three-letter passphrase was not refused: {other} appeared"),
    }
    ensure!(
        !h.text("create-error").await?.is_empty(),
        "create-error has no words"
    );
    h.screenshot("create-too-short").await?;

    // Strong, but the confirmation differs: said so, and nothing is created.
    h.type_into("create-passphrase", PASSPHRASE).await?;
    let strong = strength(h).await?;
    ensure!(
        strong >= 3,
        "passphrase-strength rates a five-word passphrase {strong} (expected 3 or 4)"
    );
    h.type_into(
        "create-passphrase-confirm",
        "lantern orchard gravel whistle",
    )
    .await?;
    if h.enabled("create-submit").await? {
        h.click("create-submit").await?;
    }
    // `create-mismatch` is the UI's inline message under the confirmation field.
    match h
        .wait_for_any(
            &[
                "create-mismatch",
                "create-error",
                "creating-progress",
                "recovery-key",
            ],
            UI,
        )
        .await?
    {
        "create-mismatch" | "create-error" => {}
        other => bail!("a confirmation that differs was not refused: {other} appeared"),
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    ensure!(
        !h.visible("creating-progress").await? && !h.visible("recovery-key").await?,
        "creation went ahead although the confirmation differs"
    );
    h.screenshot("create-mismatch").await?;
    h.type_into("create-passphrase-confirm", PASSPHRASE).await?;
    h.screenshot("create-strong-passphrase").await?;

    // Creating: key derivation takes a few seconds; the progress indicator should show.
    h.click("create-submit").await?;
    match h
        .wait_for_any(&["creating-progress", "recovery-key", "create-error"], KDF)
        .await?
    {
        "creating-progress" => {
            h.screenshot("creating-progress").await?;
        }
        other => h.note(format!(
            "creating-progress was not seen (went straight to {other})"
        )),
    }

    // The recovery key: 9 groups of 4, and continuing needs the checkbox.
    let key = wait_recovery_key(h).await?;
    h.step(&format!("recovery key shown: {key}"));
    ensure!(is_recovery_key(&key), "bad recovery key {key:?}");
    h.screenshot("recovery-key").await?;
    if h.enabled("recovery-key-continue").await? {
        h.click("recovery-key-continue").await?;
        tokio::time::sleep(Duration::from_millis(800)).await;
        ensure!(
            h.visible("recovery-key").await?,
            "recovery-key-continue left the recovery key screen before the checkbox was ticked"
        );
    }
    h.click("recovery-key-confirm").await?;
    ensure!(
        h.find("recovery-key-confirm").await?.is_selected().await?,
        "recovery-key-confirm is not checked after clicking it"
    );
    ensure!(
        h.enabled("recovery-key-continue").await?,
        "recovery-key-continue is still disabled after ticking the checkbox"
    );
    h.screenshot("recovery-key-confirmed").await?;
    h.click("recovery-key-continue").await?;

    // The clean date: a future date is refused, 400 days ago is accepted.
    h.wait_for("clean-date-input", UI).await?;
    h.screenshot("clean-date").await?;
    let tomorrow = days_from(today(), 1);
    h.set_date("clean-date-input", &tomorrow.format("%Y-%m-%d").to_string())
        .await?;
    if h.enabled("clean-date-submit").await? {
        h.click("clean-date-submit").await?;
        match h
            .wait_for_any(&["clean-date-error", "dashboard"], KDF)
            .await?
        {
            "clean-date-error" => {
                h.screenshot("clean-date-future-error").await?;
            }
            _ => bail!("a clean date in the future ({tomorrow}) was accepted"),
        }
    } else {
        h.note("clean-date-submit is disabled for a future date (no clean-date-error shown)");
    }
    h.set_date(
        "clean-date-input",
        &clean_date.format("%Y-%m-%d").to_string(),
    )
    .await?;
    // The note field is optional; type into it only if it is a text field.
    if let Ok(tag) = h.find("clean-date-note").await?.tag_name().await
        && (tag.eq_ignore_ascii_case("input") || tag.eq_ignore_ascii_case("textarea"))
    {
        h.type_into("clean-date-note", "The day I asked for help.")
            .await?;
    }
    h.screenshot("clean-date-filled").await?;
    h.click("clean-date-submit").await?;
    match h
        .wait_for_any(&["dashboard", "clean-date-error"], KDF)
        .await?
    {
        "dashboard" => {}
        _ => bail!(
            "clean date {clean_date} refused: {:?}",
            h.text("clean-date-error").await?
        ),
    }

    // The dashboard: 1 year, 1 month and some days; 400 days; the one-year key tag.
    let d = expect_clean_time(h, clean_date).await?;
    h.screenshot("dashboard").await?;
    h.step(&format!("dashboard: {d:?}"));
    ensure!(
        d.total_days == 400,
        "total days {} instead of 400",
        d.total_days
    );
    ensure!(d.tag == "oneYear", "key tag {:?} instead of oneYear", d.tag);
    ensure!(!d.tag_label.is_empty(), "key-tag-label is empty");
    for id in [
        "next-milestone",
        "next-milestone-date",
        "meetings-this-week",
    ] {
        h.wait_for(id, UI).await?;
        ensure!(!h.text(id).await?.is_empty(), "{id} is empty");
    }
    Ok(())
}

/// `passphrase-strength[data-score]`, once it has settled.
async fn strength(h: &Harness) -> Result<i64> {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let score = h
        .attr("passphrase-strength", "data-score")
        .await?
        .unwrap_or_default();
    score
        .trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("passphrase-strength data-score is {score:?}"))
}

/// Journey 2: lock with the button; nothing of the journal stays on the page; a wrong
/// passphrase is refused; the right one brings the same dashboard back.
async fn lock_and_unlock(h: &mut Harness) -> Result<()> {
    let clean_date = four_hundred_days_ago();
    create_journal(h, PASSPHRASE, clean_date).await?;
    let before = expect_clean_time(h, clean_date).await?;

    h.lock().await?;
    h.wait_gone("dashboard", UI).await?;
    h.screenshot("locked").await?;
    ensure!(
        !h.page_contains(&before.display).await?,
        "the clean time {:?} can still be read on the lock screen",
        before.display
    );
    ensure!(
        !h.dom_contains(&before.display).await?,
        "the clean time {:?} is still in the page's DOM after locking",
        before.display
    );
    let iso = clean_date.format("%Y-%m-%d").to_string();
    ensure!(
        !h.dom_contains(&iso).await?,
        "the clean date {iso} is still in the page's DOM after locking"
    );
    for id in [
        "dashboard",
        "clean-time-display",
        "clean-time-total-days",
        "key-tag",
    ] {
        ensure!(
            !h.exists(id).await?,
            "[data-testid={id}] is still in the DOM after locking"
        );
    }

    ensure!(
        !try_unlock(h, "not my passphrase at all").await?,
        "a wrong passphrase unlocked the journal"
    );
    ensure!(
        !h.text("unlock-error").await?.is_empty(),
        "unlock-error has no words"
    );
    ensure!(
        !h.visible("dashboard").await?,
        "the dashboard shows after a wrong passphrase"
    );
    h.screenshot("wrong-passphrase").await?;

    unlock(h, PASSPHRASE).await?;
    let after = expect_clean_time(h, clean_date).await?;
    h.screenshot("unlocked").await?;
    ensure!(
        after == before,
        "the dashboard changed across lock/unlock: {before:?} then {after:?}"
    );
    Ok(())
}

/// Journey 3: quit and relaunch; the journal is there, locked, with the same clean date.
async fn relaunch_keeps_journal(h: &mut Harness) -> Result<()> {
    let clean_date = four_hundred_days_ago();
    create_journal(h, PASSPHRASE, clean_date).await?;
    let before = expect_clean_time(h, clean_date).await?;

    h.relaunch().await?;
    match h
        .wait_for_any(&["unlock-screen", "welcome-screen", "dashboard"], KDF)
        .await?
    {
        "unlock-screen" => {}
        other => bail!("after a relaunch the app showed {other}, not the unlock screen"),
    }
    h.screenshot("relaunched-locked").await?;
    ensure!(
        !h.page_contains(&before.display).await?,
        "clean time readable before unlocking"
    );

    unlock(h, PASSPHRASE).await?;
    let after = expect_clean_time(h, clean_date).await?;
    h.screenshot("relaunched-dashboard").await?;
    ensure!(
        after.total_days == before.total_days && after.display == before.display,
        "the clean time changed across a relaunch: {before:?} then {after:?}"
    );
    Ok(())
}

/// Journey 4: the passphrase is forgotten; the recovery key sets a new one; after a relaunch
/// the old passphrase fails and the new one works.
async fn forgotten_passphrase(h: &mut Harness) -> Result<()> {
    let clean_date = four_hundred_days_ago();
    let key = create_journal(h, PASSPHRASE, clean_date).await?;

    h.relaunch().await?;
    h.wait_for("unlock-screen", KDF).await?;
    h.screenshot("unlock-screen").await?;
    h.click("use-recovery-key").await?;
    h.wait_for("recovery-input", UI).await?;
    h.screenshot("recovery-form").await?;

    // A wrong key (the right groups in another order) is refused.
    let mut groups: Vec<&str> = key.split('-').collect();
    groups.rotate_left(1);
    let wrong = groups.join("-");
    match submit_recovery(h, &wrong, NEW_PASSPHRASE).await? {
        "recovery-error" => {}
        other => bail!("a wrong recovery key was accepted ({other} appeared)"),
    }
    ensure!(
        !h.text("recovery-error").await?.is_empty(),
        "recovery-error has no words"
    );
    h.screenshot("recovery-wrong-key").await?;

    // The right key.
    match submit_recovery(h, &key, NEW_PASSPHRASE).await? {
        "dashboard" => {}
        "recovery-key" => {
            let new_key = h.text("recovery-key").await?;
            h.note(format!(
                "after recovery the app shows a new recovery key ({}) before the dashboard",
                if new_key == key {
                    "the same one"
                } else {
                    "a new one"
                }
            ));
            h.screenshot("recovery-new-key").await?;
            h.click("recovery-key-confirm").await?;
            h.click("recovery-key-continue").await?;
            h.wait_for("dashboard", UI).await?;
        }
        _ => bail!(
            "the right recovery key was refused: {:?}",
            h.text("recovery-error").await?
        ),
    }
    expect_clean_time(h, clean_date).await?;
    h.screenshot("recovered-dashboard").await?;

    h.relaunch().await?;
    ensure!(
        !try_unlock(h, PASSPHRASE).await?,
        "the old passphrase still unlocks the journal after recovery"
    );
    h.screenshot("old-passphrase-refused").await?;
    unlock(h, NEW_PASSPHRASE).await?;
    expect_clean_time(h, clean_date).await?;
    h.screenshot("new-passphrase-dashboard").await?;
    Ok(())
}

/// Journey 5: starting again today; the counter restarts and the old date is kept in history.
async fn start_again(h: &mut Harness) -> Result<()> {
    let old_date = four_hundred_days_ago();
    create_journal(h, PASSPHRASE, old_date).await?;
    expect_clean_time(h, old_date).await?;

    h.click("start-again").await?;
    h.wait_for("start-again-date", UI).await?;
    h.screenshot("start-again-form").await?;
    let today_iso = today().format("%Y-%m-%d").to_string();
    let shown = h.value("start-again-date").await?;
    ensure!(
        shown == today_iso,
        "start-again-date defaults to {shown:?}, not today ({today_iso})"
    );
    // The note field is optional; type into it only if it is a text field.
    if let Ok(tag) = h.find("start-again-note").await?.tag_name().await
        && (tag.eq_ignore_ascii_case("input") || tag.eq_ignore_ascii_case("textarea"))
    {
        h.type_into("start-again-note", "Back again. Just for today.")
            .await?;
    }
    h.screenshot("start-again-filled").await?;
    h.click("start-again-submit").await?;

    // The counter restarts.
    let mut d = Err(anyhow!("the dashboard was not read"));
    let restarted = within_async(KDF, Duration::from_millis(200), async || {
        d = read_dashboard(h).await;
        Ok(d.as_ref().ok().filter(|d| d.total_days == 0).cloned())
    });
    let Some(d) = restarted.await? else {
        bail!(
            "the clean time did not restart after starting again: {d:?}\n{}",
            h.diagnose().await
        );
    };
    h.scroll_to("clean-time-display").await?;
    h.screenshot("restarted-dashboard").await?;
    let d = expect_clean_time(h, today()).await.map(|_| d)?;
    ensure!(d.tag == "welcome", "key tag {:?} instead of welcome", d.tag);
    ensure!(
        !d.display.contains("year") && !d.display.contains("month"),
        "clean-time-display {:?} after starting again today",
        d.display
    );

    // The old date is in the history.
    h.wait_for("clean-date-history", UI).await?;
    let _ = h.find("clean-date-history").await?.scroll_into_view().await;
    let items = h.find_all("clean-date-history-item").await?;
    let mut texts = Vec::new();
    for item in &items {
        texts.push(item.text().await?);
    }
    h.screenshot("history").await?;
    let spellings = date_spellings(old_date);
    ensure!(
        texts
            .iter()
            .any(|t| spellings.iter().any(|s| t.contains(s.as_str()))),
        "the old clean date {old_date} is not in clean-date-history: {texts:?}"
    );
    Ok(())
}

/// Journey 6: with auto-lock at 1 minute, an idle journal locks itself within ~75 s.
async fn auto_lock(h: &mut Harness) -> Result<()> {
    let clean_date = days_from(today(), -45);
    create_journal(h, PASSPHRASE, clean_date).await?;
    let d = expect_clean_time(h, clean_date).await?;

    h.click("nav-settings").await?;
    h.wait_for("settings-screen", UI).await?;
    h.screenshot("settings").await?;
    h.type_into("auto-lock-minutes", "1").await?;
    h.click("settings-save").await?;
    let saved_at = Instant::now();
    h.wait_for("settings-saved", UI).await?;
    h.screenshot("settings-saved").await?;

    h.click("nav-dashboard").await?;
    h.wait_for("dashboard", UI).await?;
    let idle_from = Instant::now();
    h.screenshot("dashboard-before-idle").await?;
    h.step("idle: waiting for the journal to lock itself");

    // Only scripts run from here on: no input events reach the page. The lock ends the page's
    // web process, and the unlock screen comes in a fresh one.
    h.mark_page().await?;
    h.wait_fresh("unlock-screen", Duration::from_secs(100))
        .await?;
    let idle = idle_from.elapsed();
    let since_save = saved_at.elapsed();
    h.step(&format!(
        "locked after {:.1}s idle ({:.1}s after saving the setting)",
        idle.as_secs_f64(),
        since_save.as_secs_f64()
    ));
    h.wait_gone("dashboard", UI).await?;
    h.wait_for("locked-reason", UI).await?;
    h.screenshot("auto-locked").await?;
    ensure!(
        idle <= Duration::from_secs(75),
        "the journal locked only after {:.1}s idle (expected within 75 s)",
        idle.as_secs_f64()
    );
    ensure!(
        since_save >= Duration::from_secs(55),
        "the journal locked {:.1}s after the setting was saved, before a minute of idleness",
        since_save.as_secs_f64()
    );
    ensure!(
        !h.text("locked-reason").await?.is_empty(),
        "locked-reason has no words"
    );
    ensure!(
        !h.page_contains(&d.display).await?,
        "the clean time can still be read after the auto-lock"
    );

    // Unlocking again works, and the setting was kept.
    unlock(h, PASSPHRASE).await?;
    expect_clean_time(h, clean_date).await?;
    h.click("nav-settings").await?;
    h.wait_for("settings-screen", UI).await?;
    let minutes = h.value("auto-lock-minutes").await?;
    ensure!(
        minutes == "1",
        "auto-lock-minutes reads {minutes:?} after unlocking again, not 1"
    );
    h.screenshot("settings-kept").await?;
    Ok(())
}

/// Journey 7 (settings): dark colours; change the passphrase (a wrong current one is
/// refused), which brings a new recovery key; make another new recovery key; after a relaunch
/// only the new passphrase opens the journal, and only the newest recovery key recovers it.
async fn settings_passphrase_key_theme(h: &mut Harness) -> Result<()> {
    let clean_date = days_from(today(), -100);
    let old_key = create_journal(h, PASSPHRASE, clean_date).await?;

    // Colours.
    h.click("nav-settings").await?;
    h.wait_for("settings-screen", UI).await?;
    h.select("theme-select", "dark").await?;
    h.click("settings-save").await?;
    h.wait_for("settings-saved", UI).await?;
    h.screenshot("settings-dark").await?;
    h.click("nav-dashboard").await?;
    expect_clean_time(h, clean_date).await?;
    h.screenshot("dashboard-dark").await?;

    // "Someone may know my passphrase" leads to the change, current passphrase first.
    h.click("nav-settings").await?;
    h.wait_for("settings-screen", UI).await?;
    h.click("someone-knows").await?;
    let focused = h
        .js(
            "return document.activeElement?.dataset?.testid ?? null;",
            vec![],
        )
        .await?;
    ensure!(
        focused.as_str() == Some("change-current"),
        "\"Change my passphrase now\" left the focus on {focused:?}"
    );
    h.screenshot("someone-may-know").await?;

    // Change the passphrase: the wrong current one first.
    h.type_into("change-current", "not my passphrase at all")
        .await?;
    h.type_into("change-new", NEW_PASSPHRASE).await?;
    h.type_into("change-confirm", NEW_PASSPHRASE).await?;
    h.click("change-submit").await?;
    match h
        .wait_for_any(&["change-error", "change-done"], KDF)
        .await?
    {
        "change-error" => {}
        _ => bail!("the passphrase was changed with a wrong current passphrase"),
    }
    h.scroll_to("change-error").await?;
    h.screenshot("change-wrong-current").await?;
    h.type_into("change-current", PASSPHRASE).await?;
    h.type_into("change-new", NEW_PASSPHRASE).await?;
    h.type_into("change-confirm", NEW_PASSPHRASE).await?;
    h.click("change-submit").await?;
    match h
        .wait_for_any(&["change-done", "change-error"], KDF)
        .await?
    {
        "change-done" => {}
        _ => bail!(
            "changing the passphrase failed: {:?}",
            h.text("change-error").await?
        ),
    }
    // The journal has a new key, so the member gets a new recovery key at once.
    h.wait_for("new-recovery-key", UI).await?;
    let changed_key = h.text("new-recovery-key").await?;
    ensure!(
        is_recovery_key(&changed_key) && changed_key != old_key,
        "changing the passphrase showed no new recovery key: {changed_key:?}"
    );
    h.scroll_to("change-done").await?;
    h.screenshot("change-done").await?;
    h.click("new-recovery-confirm").await?;
    h.click("new-recovery-done").await?;

    // A new recovery key, made with the (new) current passphrase.
    h.wait_for("new-recovery-current", UI).await?;
    h.type_into("new-recovery-current", NEW_PASSPHRASE).await?;
    h.click("new-recovery-submit").await?;
    h.wait_for("new-recovery-key", KDF).await?;
    let new_key = h.text("new-recovery-key").await?;
    ensure!(
        is_recovery_key(&new_key),
        "new-recovery-key {new_key:?} is not 9 groups of 4 characters"
    );
    ensure!(
        new_key != old_key && new_key != changed_key,
        "the new recovery key is an old one"
    );
    h.scroll_to("new-recovery-key").await?;
    h.screenshot("new-recovery-key").await?;

    // Relaunch: only the new passphrase opens the journal.
    h.relaunch().await?;
    ensure!(
        !try_unlock(h, PASSPHRASE).await?,
        "the old passphrase still opens the journal after changing it"
    );
    unlock(h, NEW_PASSPHRASE).await?;
    expect_clean_time(h, clean_date).await?;
    h.screenshot("unlocked-with-new-passphrase").await?;

    // Only the new recovery key recovers it.
    h.lock().await?;
    h.click("use-recovery-key").await?;
    match submit_recovery(h, &old_key, THIRD_PASSPHRASE).await? {
        "recovery-error" => {}
        _ => bail!("the replaced recovery key still recovers the journal"),
    }
    h.screenshot("old-recovery-key-refused").await?;
    match submit_recovery(h, &changed_key, THIRD_PASSPHRASE).await? {
        "recovery-error" => {}
        _ => bail!("the recovery key from the passphrase change still recovers the journal"),
    }
    match submit_recovery(h, &new_key, THIRD_PASSPHRASE).await? {
        "dashboard" => {}
        _ => bail!(
            "the new recovery key was refused: {:?}",
            h.text("recovery-error").await?
        ),
    }
    expect_clean_time(h, clean_date).await?;
    h.screenshot("recovered-with-new-key").await?;
    Ok(())
}

/// Journey 8: the app is open and unlocked, another window has the focus, and the member
/// launches the app again (a double click on the menu entry). The second launch opens no window
/// of its own and exits; the first comes to the front with the focus, still unlocked, and keeps
/// saving. Two copies can never write the same journal.
async fn second_launch_brings_the_first_forward(h: &mut Harness) -> Result<()> {
    use recovery_journal_e2e::xscreen;
    use std::process::{Command, Stdio};

    create_journal(h, PASSPHRASE, four_hundred_days_ago()).await?;
    let display = h.display_name()?.to_string();
    let first = h.app_processes();
    ensure!(
        first.len() == 1,
        "one app process expected, found {first:?}"
    );
    let app_windows: Vec<u64> = first
        .iter()
        .flat_map(|pid| xscreen::windows_of(&display, *pid))
        .collect();
    ensure!(!app_windows.is_empty(), "the app has no window");

    // Another program's window takes the focus.
    let mut other = Command::new("xclock")
        .args(["-display", &display])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    let result = async {
        xscreen::focus_window_of(&display, other.id(), Duration::from_secs(10))?;
        let focused = xscreen::focused_window(&display)?;
        ensure!(
            !app_windows.contains(&focused),
            "the focus did not move to the other window"
        );
        let journal = h.data_dir().join("journal.sqlite");
        let before = std::fs::read(&journal)?;

        h.step("launching the app a second time on the same journal");
        let log = std::fs::File::options().append(true).open(h.log_path())?;
        let mut second = Command::new(h.app_path())
            .arg("--data-dir")
            .arg(h.data_dir())
            .env("DISPLAY", &display)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()?;
        let ended = within_async(Duration::from_secs(20), Duration::from_millis(100), async || {
            Ok(second.try_wait()?)
        });
        let Some(status) = ended.await? else {
            let _ = second.kill();
            bail!("the second launch was still running after 20 s");
        };
        ensure!(status.success(), "the second launch exited with {status}");
        ensure!(
            h.app_processes() == first,
            "app processes changed: {first:?} before, {:?} after",
            h.app_processes()
        );
        ensure!(
            std::fs::read(&journal)? == before,
            "the second launch changed the journal file"
        );

        // The first window has the focus again.
        let mut focused = 0;
        let in_front = within_async(UI, Duration::from_millis(150), async || {
            focused = xscreen::focused_window(&display)?;
            Ok(app_windows.contains(&focused).then_some(()))
        });
        if in_front.await?.is_none() {
            bail!(
                "the first window did not get the focus (focus on {focused}, app windows {app_windows:?})"
            );
        }
        h.screenshot("first-window-in-front").await?;
        // Still unlocked, and still saving.
        read_dashboard(h).await?;
        recovery_journal_e2e::page::save(
            h,
            "journalEntry",
            serde_json::json!({ "id": "00000000-0000-0000-0000-000000000000",
                "date": recovery_journal_e2e::screens::iso(today()),
                "text": "Still here", "feelings": [], "craving": null, "gratitude": [] }),
        )
        .await?;
        Ok(())
    }
    .await;
    let _ = other.kill();
    let _ = other.wait();
    result
}
