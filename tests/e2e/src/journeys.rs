//! Building blocks the journeys share: creating a journal, unlocking, reading the dashboard.

use anyhow::{Result, bail, ensure};
use chrono::NaiveDate;

use crate::calendar::{self, CleanTime};
use crate::harness::{Harness, KDF, UI};

/// A passphrase the strength meter should rate well (five unrelated words).
pub const PASSPHRASE: &str = "lantern orchard gravel whistle copper";
/// Another strong one, for "new passphrase" journeys.
pub const NEW_PASSPHRASE: &str = "harbour meadow tangerine sixty quilt";
/// A third, for journeys that change the passphrase twice.
pub const THIRD_PASSPHRASE: &str = "violet canyon pepper lighthouse ninety";

/// Whether `key` looks like a recovery key: 9 groups of 4 characters joined by '-'.
pub fn is_recovery_key(key: &str) -> bool {
    let groups: Vec<&str> = key.split('-').collect();
    groups.len() == 9
        && groups
            .iter()
            .all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// First run, quickly: create a journal with `passphrase`, confirm the recovery key, set
/// `clean_date`, and wait for the dashboard. Returns the recovery key shown. Takes one
/// screenshot, of the dashboard it ends on.
pub async fn create_journal(
    h: &mut Harness,
    passphrase: &str,
    clean_date: NaiveDate,
) -> Result<String> {
    h.step(&format!("creating a journal, clean date {clean_date}"));
    h.click("welcome-start").await?;
    h.type_into("create-passphrase", passphrase).await?;
    h.type_into("create-passphrase-confirm", passphrase).await?;
    h.click("create-submit").await?;
    let key = wait_recovery_key(h).await?;
    h.click("recovery-key-confirm").await?;
    h.click("recovery-key-continue").await?;
    set_clean_date(h, clean_date).await?;
    h.screenshot("dashboard-after-create").await?;
    Ok(key)
}

/// After `create-submit`: wait for the recovery key (or fail on `create-error`) and return it.
pub async fn wait_recovery_key(h: &mut Harness) -> Result<String> {
    if h.wait_for_any(&["recovery-key", "create-error"], KDF)
        .await?
        == "create-error"
    {
        bail!(
            "creating the journal failed: create-error says {:?}",
            h.text("create-error").await?
        );
    }
    let key = h.text("recovery-key").await?;
    ensure!(
        is_recovery_key(&key),
        "the recovery key {key:?} is not 9 groups of 4 characters joined by '-'"
    );
    Ok(key)
}

/// On the clean-date screen: set the date, submit, and wait for the dashboard.
pub async fn set_clean_date(h: &mut Harness, clean_date: NaiveDate) -> Result<()> {
    h.set_date(
        "clean-date-input",
        &clean_date.format("%Y-%m-%d").to_string(),
    )
    .await?;
    h.click("clean-date-submit").await?;
    match h
        .wait_for_any(&["dashboard", "clean-date-error"], KDF)
        .await?
    {
        "clean-date-error" => bail!(
            "setting the clean date {clean_date} failed: clean-date-error says {:?}",
            h.text("clean-date-error").await?
        ),
        _ => Ok(()),
    }
}

/// On the unlock screen: enter `passphrase` and submit. Returns `Ok(true)` on the dashboard,
/// `Ok(false)` when `unlock-error` is shown.
pub async fn try_unlock(h: &mut Harness, passphrase: &str) -> Result<bool> {
    h.wait_for("unlock-screen", KDF).await?;
    h.type_into("unlock-passphrase", passphrase).await?;
    h.click("unlock-submit").await?;
    Ok(h.wait_for_any(&["dashboard", "unlock-error"], KDF).await? == "dashboard")
}

/// On the recovery form: enter `key` and `new_passphrase` (twice), submit, and return what
/// came: `dashboard`, `recovery-key` (a new key shown first) or `recovery-error`.
pub async fn submit_recovery(
    h: &mut Harness,
    key: &str,
    new_passphrase: &str,
) -> Result<&'static str> {
    h.wait_for("recovery-input", UI).await?;
    h.type_into("recovery-input", key).await?;
    h.type_into("recovery-new-passphrase", new_passphrase)
        .await?;
    h.type_into("recovery-new-passphrase-confirm", new_passphrase)
        .await?;
    h.click("recovery-submit").await?;
    h.wait_for_any(&["dashboard", "recovery-key", "recovery-error"], KDF)
        .await
}

/// Unlock with the right passphrase; fail if the dashboard does not come.
pub async fn unlock(h: &mut Harness, passphrase: &str) -> Result<()> {
    if !try_unlock(h, passphrase).await? {
        bail!(
            "unlocking with the right passphrase failed: unlock-error says {:?}",
            h.text("unlock-error").await?
        );
    }
    Ok(())
}

/// What the dashboard shows about clean time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// `clean-time-display`.
    pub display: String,
    /// `clean-time-years`, `-months`, `-days` (only in the years/months/days form).
    pub ymd: Option<(i64, i64, i64)>,
    /// `clean-time-total-days`.
    pub total_days: i64,
    /// `key-tag[data-tag]`.
    pub tag: String,
    /// `key-tag-label`.
    pub tag_label: String,
}

/// Read the clean-time part of the dashboard.
pub async fn read_dashboard(h: &Harness) -> Result<Dashboard> {
    h.wait_for("dashboard", UI).await?;
    h.wait_for("clean-time-display", UI).await?;
    let ymd = if h.exists("clean-time-years").await? {
        Some((
            h.number("clean-time-years").await?,
            h.number("clean-time-months").await?,
            h.number("clean-time-days").await?,
        ))
    } else {
        None
    };
    Ok(Dashboard {
        display: h.text("clean-time-display").await?,
        ymd,
        total_days: h.number("clean-time-total-days").await?,
        tag: h.attr("key-tag", "data-tag").await?.unwrap_or_default(),
        tag_label: h.text("key-tag-label").await?,
    })
}

/// Check the dashboard against clean time computed in the test for `clean_date` and today.
pub async fn expect_clean_time(h: &Harness, clean_date: NaiveDate) -> Result<Dashboard> {
    let expected: CleanTime = calendar::clean_time(clean_date, calendar::today());
    let d = read_dashboard(h).await?;
    ensure!(
        d.total_days == expected.total_days,
        "clean-time-total-days shows {} but {clean_date} was {} days ago",
        d.total_days,
        expected.total_days
    );
    if expected.years > 0 {
        let Some((y, m, dd)) = d.ymd else {
            bail!(
                "more than a year clean but no clean-time-years/months/days (display {:?})",
                d.display
            );
        };
        ensure!(
            (y, m, dd)
                == (
                    expected.years as i64,
                    expected.months as i64,
                    expected.days as i64
                ),
            "clean time shows {y} years {m} months {dd} days; expected {} years {} months {} days",
            expected.years,
            expected.months,
            expected.days
        );
        for part in calendar::display_parts(expected) {
            ensure!(
                d.display.contains(&part),
                "clean-time-display {:?} does not say {part:?}",
                d.display
            );
        }
    }
    let tag = calendar::key_tag(expected);
    ensure!(
        d.tag == tag,
        "key-tag data-tag is {:?}; expected {tag:?} for {} days",
        d.tag,
        expected.total_days
    );
    Ok(d)
}
