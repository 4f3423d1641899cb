//! Meetings (the week, the heatmap, ninety in ninety) and people (a sponsee on the dashboard,
//! a phone number through the clipboard).

use std::time::Duration;

use anyhow::{Result, bail, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::eventually::within_async;
use recovery_journal_e2e::harness::UI;
use recovery_journal_e2e::screens::{
    click_in_item, disabled_in_item, fresh_journal, go, heatmap, iso, lock_and_unlock,
    text_in_item, wait_count, wait_number, wait_text, week_monday,
};

/// One meeting to log.
pub(crate) struct MeetingIn {
    pub(crate) date: chrono::NaiveDate,
    pub(crate) name: &'static str,
    pub(crate) group: &'static str,
    pub(crate) format: &'static str,
    pub(crate) online: bool,
    pub(crate) notes: &'static str,
}

/// "Log a meeting", fill it in, save; wait until the list has `expect` meetings.
pub(crate) async fn log_meeting(
    h: &mut Harness,
    m: &MeetingIn,
    expect: usize,
    shot: bool,
) -> Result<()> {
    h.click("log-meeting").await?;
    h.wait_for("meeting-form", UI).await?;
    h.set_date("meeting-date", &iso(m.date)).await?;
    h.type_into("meeting-name", m.name).await?;
    h.type_into("meeting-group", m.group).await?;
    h.click(&format!("meeting-format-{}", m.format)).await?;
    if m.online {
        h.select("meeting-attendance", "online").await?;
    }
    if !m.notes.is_empty() {
        h.type_into("meeting-notes", m.notes).await?;
    }
    if shot {
        h.screenshot("meeting-form-filled").await?;
    }
    h.click("meeting-save").await?;
    match h
        .wait_for_any(
            &[
                "meeting-saved",
                "meeting-date-error",
                "meeting-name-error",
                "meeting-form-error",
            ],
            UI,
        )
        .await?
    {
        "meeting-saved" => {}
        other => bail!(
            "logging {:?} on {} was refused: {other} says {:?}",
            m.name,
            m.date,
            h.text(other).await?
        ),
    }
    h.wait_gone("meeting-form", UI).await?;
    wait_count(h, "meeting-item", expect, UI).await?;
    Ok(())
}

/// Journey 3: four meetings on four days; the list, this week's count, the heatmap and the 90
/// in 90 all agree.
pub(crate) async fn meetings_week_heatmap_ninety(h: &mut Harness) -> Result<()> {
    let today = today();
    let meetings = [
        MeetingIn {
            date: today,
            name: "Saturday Hope",
            group: "Harbour Group",
            format: "discussion",
            online: false,
            notes: "",
        },
        MeetingIn {
            date: days_from(today, -1),
            name: "Serenity at Noon",
            group: "Noon Crew",
            format: "speaker",
            online: true,
            notes: "",
        },
        MeetingIn {
            date: days_from(today, -2),
            name: "Step Study Lantern",
            group: "Lantern Group",
            format: "stepStudy",
            online: false,
            notes: "",
        },
        MeetingIn {
            date: days_from(today, -3),
            name: "Gratitude Breakfast",
            group: "Harbour Group",
            format: "open",
            online: false,
            notes: "",
        },
    ];
    let earliest = meetings.iter().map(|m| m.date).min().expect("four dates");
    let this_week = meetings
        .iter()
        .filter(|m| week_monday(m.date) == week_monday(today))
        .count();
    h.step(&format!(
        "today {today} ({}); {this_week} of the 4 dates are in this ISO week",
        today.format("%A")
    ));
    fresh_journal(h).await?;

    go(h, "meetings", "meetings-screen").await?;
    h.wait_for("meeting-list-empty", UI).await?;
    h.screenshot("meetings-empty").await?;
    for (i, m) in meetings.iter().enumerate() {
        log_meeting(h, m, i + 1, i == 1).await?;
    }
    h.screenshot("four-meetings").await?;

    let items = wait_count(h, "meeting-item", 4, UI).await?;
    for m in &meetings {
        ensure!(
            items.iter().any(|t| t.contains(m.name)),
            "the list does not show {:?}: {items:?}",
            m.name
        );
    }
    let names: Vec<&str> = meetings.iter().map(|m| m.name).collect();
    let order: Vec<&str> = items
        .iter()
        .filter_map(|t| names.iter().copied().find(|n| t.contains(n)))
        .collect();
    ensure!(
        order == names,
        "the list is not newest first: {order:?} (logged {names:?}, newest first)"
    );
    h.scroll_to("meeting-list").await?;
    h.screenshot("meeting-list").await?;
    let online = items
        .iter()
        .find(|t| t.contains("Serenity at Noon"))
        .cloned()
        .unwrap_or_default();
    ensure!(
        online.contains("Online"),
        "the online meeting does not say Online: {online:?}"
    );

    // The counts are fetched after the list: wait for them to cover all four.
    wait_number(h, "stat-last-90", 4, UI).await?;
    let week = h.number("stat-this-week").await?;
    ensure!(
        week == this_week as i64,
        "stat-this-week says {week}; {this_week} of the meetings are in this week"
    );
    let cells = heatmap(h).await?;
    for m in &meetings {
        let date = iso(m.date);
        match cells.iter().find(|(d, _)| *d == date) {
            Some((_, n)) if *n >= 1 => {}
            Some((_, n)) => bail!("the heatmap cell for {date} counts {n}"),
            None => bail!("the heatmap has no cell for {date}"),
        }
    }
    let total: i64 = cells.iter().map(|(_, n)| n).sum();
    ensure!(
        total == 4,
        "the heatmap counts {total} meetings in all, not 4"
    );
    h.scroll_to("meeting-heatmap").await?;
    h.screenshot("heatmap").await?;

    // 90 in 90 from the earliest of the four days.
    h.scroll_to("ninety-progress").await?;
    h.screenshot("ninety-not-set").await?;
    h.set_date("ninety-start", &iso(earliest)).await?;
    h.click("ninety-start-save").await?;
    let got = wait_text(h, "ninety-meetings", "of 90", UI).await?;
    ensure!(
        got.starts_with("4 of 90"),
        "ninety-meetings says {got:?}, not 4 of 90"
    );
    let days = (today - earliest).num_days() + 1;
    let got_days = h.text("ninety-days").await?;
    ensure!(
        got_days.contains(&format!("Day {days} of 90")),
        "ninety-days says {got_days:?}, not Day {days} of 90"
    );
    h.scroll_to("ninety-progress").await?;
    h.screenshot("ninety-counting").await?;

    // The dashboard agrees.
    go(h, "dashboard", "dashboard").await?;
    let words = if this_week == 1 {
        "meeting"
    } else {
        "meetings"
    };
    wait_text(h, "meetings-this-week", &format!("{this_week} {words}"), UI).await?;
    wait_text(h, "ninety-in-ninety", "4 of 90", UI).await?;
    h.scroll_to("meetings-this-week").await?;
    h.screenshot("dashboard-meetings").await?;
    Ok(())
}

/// Journey 4: a sponsor and a sponsee on step 3; "We talked today" shows on the dashboard. A
/// phone number copied is taken back from the clipboard on lock, unless something else was
/// copied since.
pub(crate) async fn contacts_sponsee_on_dashboard(h: &mut Harness) -> Result<()> {
    const SPONSOR: &str = "Bernadette K.";
    const SPONSEE: &str = "Tobias W.";
    fresh_journal(h).await?;

    go(h, "contacts", "contacts-screen").await?;
    h.wait_for("contact-list-empty", UI).await?;
    h.screenshot("people-empty").await?;

    for (i, (name, role)) in [(SPONSOR, "sponsor"), (SPONSEE, "sponsee")]
        .iter()
        .enumerate()
    {
        h.click("add-contact").await?;
        h.wait_for("contact-form", UI).await?;
        h.type_into("contact-name", name).await?;
        h.select("contact-role", role).await?;
        if *role == "sponsee" {
            h.select("contact-step", "3").await?;
            h.screenshot("sponsee-form").await?;
        }
        h.click("contact-save").await?;
        if h.wait_for_any(&["contact-name-error"], Duration::from_millis(300))
            .await
            .is_ok()
        {
            bail!(
                "adding {name:?} was refused: {:?}",
                h.text("contact-name-error").await?
            );
        }
        h.wait_gone("contact-form", UI).await?;
        wait_count(h, "contact-item", i + 1, UI).await?;
    }
    h.wait_for("contact-group-sponsor", UI).await?;
    h.wait_for("contact-group-sponsee", UI).await?;
    let badge = text_in_item(h, "contact-item", SPONSEE, "contact-step-badge").await?;
    ensure!(
        badge == "On step 3",
        "the sponsee's step badge says {badge:?}"
    );
    let last = text_in_item(h, "contact-item", SPONSEE, "contact-last-contact").await?;
    ensure!(
        last.contains("Not yet"),
        "a sponsee never called says {last:?}"
    );
    h.screenshot("sponsor-and-sponsee").await?;

    // Before the call, the dashboard says so.
    go(h, "dashboard", "dashboard").await?;
    let name = wait_text(h, "sponsee-name", SPONSEE, UI).await?;
    ensure!(name == SPONSEE, "sponsee-name says {name:?}");
    let days = h.text("sponsee-days").await?;
    ensure!(
        days.contains("No call noted yet"),
        "sponsee-days before any call says {days:?}"
    );
    h.scroll_to("sponsee-to-call").await?;
    h.screenshot("dashboard-sponsee-not-called").await?;

    // We talked today.
    go(h, "contacts", "contacts-screen").await?;
    wait_count(h, "contact-item", 2, UI).await?;
    click_in_item(h, "contact-item", SPONSEE, "talked-today").await?;
    let mut last = String::new();
    let talked = within_async(UI, Duration::from_millis(150), async || {
        last = text_in_item(h, "contact-item", SPONSEE, "contact-last-contact").await?;
        Ok(last.contains("Today").then_some(()))
    });
    if talked.await?.is_none() {
        bail!("after \"We talked today\" the sponsee says {last:?}");
    }
    let button = text_in_item(h, "contact-item", SPONSEE, "talked-today").await?;
    ensure!(
        button == "Talked today",
        "the talked-today button says {button:?}"
    );
    ensure!(
        disabled_in_item(h, "contact-item", SPONSEE, "talked-today").await?,
        "the talked-today button can still be pressed"
    );
    h.screenshot("sponsee-talked-today").await?;

    go(h, "dashboard", "dashboard").await?;
    let days = wait_text(h, "sponsee-days", "today", UI).await?;
    ensure!(
        days == "You talked today",
        "sponsee-days after today's call says {days:?}"
    );
    ensure!(
        h.text("sponsee-name").await? == SPONSEE,
        "the sponsee card names someone else"
    );
    h.scroll_to("sponsee-to-call").await?;
    h.screenshot("dashboard-sponsee-talked").await?;

    // A number from the phone list, copied: the app takes it back on lock, unless something
    // else was copied since.
    const FRIEND: &str = "Marisol from Tuesday";
    const PHONE: &str = "555 0142";
    go(h, "contacts", "contacts-screen").await?;
    h.click("add-contact").await?;
    h.wait_for("contact-form", UI).await?;
    h.type_into("contact-name", FRIEND).await?;
    h.type_into("contact-phone", PHONE).await?;
    h.click("contact-save").await?;
    h.wait_gone("contact-form", UI).await?;
    wait_count(h, "contact-item", 3, UI).await?;
    click_in_item(h, "contact-item", FRIEND, "copy-phone").await?;
    h.wait_for("copy-done", UI).await?;
    h.screenshot("phone-copied").await?;
    wait_clipboard(h, Some(PHONE)).await?;
    // Another app copies something: the lock leaves it alone.
    set_clipboard(h, "a shopping list")?;
    wait_clipboard(h, Some("a shopping list")).await?;
    lock_and_unlock(h).await?;
    wait_clipboard(h, Some("a shopping list")).await?;
    // The number copied again, then the lock: the clipboard is empty.
    go(h, "contacts", "contacts-screen").await?;
    wait_count(h, "contact-item", 3, UI).await?;
    click_in_item(h, "contact-item", FRIEND, "copy-phone").await?;
    wait_clipboard(h, Some(PHONE)).await?;
    h.lock().await?;
    wait_clipboard(h, None).await?;
    Ok(())
}

/// What the X clipboard holds now (`None`: nothing), read with `xclip` on the test's display.
fn clipboard(h: &Harness) -> Result<Option<String>> {
    let out = std::process::Command::new("xclip")
        .args(["-selection", "clipboard", "-o"])
        .env("DISPLAY", h.display_name()?)
        .output()
        .map_err(|e| anyhow::anyhow!("xclip (Debian package xclip): {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Ok((out.status.success() && !text.is_empty()).then_some(text))
}

/// Another program copies `text` (xclip keeps serving it in the background).
fn set_clipboard(h: &Harness, text: &str) -> Result<()> {
    use std::io::Write;
    let mut child = std::process::Command::new("xclip")
        .args(["-selection", "clipboard", "-i"])
        .env("DISPLAY", h.display_name()?)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or_else(|| anyhow::anyhow!("xclip's stdin"))?
        .write_all(text.as_bytes())?;
    child.wait()?;
    Ok(())
}

/// Wait until the clipboard holds `want` (`None`: nothing).
async fn wait_clipboard(h: &Harness, want: Option<&str>) -> Result<()> {
    let mut now = None;
    let holds = within_async(UI, Duration::from_millis(150), async || {
        now = clipboard(h)?;
        Ok((now.as_deref() == want).then_some(()))
    });
    if holds.await?.is_none() {
        bail!("the clipboard holds {now:?}, not {want:?}");
    }
    Ok(())
}
