//! Journeys through the journal's own screens: step work, amends, meetings, people, the daily
//! journal, search, and forms left invalid. One test each, each on a fresh journal; every
//! screen passed through is photographed (`target/e2e-screenshots/js<N>_…`).
//!
//! Run them alone with `scripts/e2e js` (tests run serially: `--test-threads=1`).

use std::time::Duration;

use anyhow::{Result, bail, ensure};
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::harness::{KDF, UI};
use recovery_journal_e2e::journeys::{PASSPHRASE, unlock};
use recovery_journal_e2e::screens::{
    click_in_item, count, disabled_in_item, fresh_journal, go, heatmap, iso, lock_and_unlock,
    open_step, select_in_item, text_in_item, texts, type_fresh, value_in_item, values, wait_attr,
    wait_count, wait_number, wait_saved, wait_text, week_monday,
};
use recovery_journal_e2e::{Harness, journey};

journey!(js1_step_work_survives_lock, step_work_survives_lock);
journey!(js2_amends_filter, amends_filter);
journey!(
    js3_meetings_week_heatmap_ninety,
    meetings_week_heatmap_ninety
);
journey!(
    js4_contacts_sponsee_on_dashboard,
    contacts_sponsee_on_dashboard
);
journey!(
    js5_daily_journal_survives_relaunch,
    daily_journal_survives_relaunch
);
journey!(js6_search_finds_every_kind, search_finds_every_kind);
journey!(js7_invalid_forms_keep_typing, invalid_forms_keep_typing);

/// Words the member asks for (`problems.required`, `problems.futureDate`).
const REQUIRED: &str = "Please fill this in.";
const FUTURE: &str = "hasn't come yet";

/// One row of the 4th-step inventory.
struct Row {
    who: &'static str,
    what: &'static str,
    affects: &'static str,
    part: &'static str,
    fears: &'static str,
}

/// "Add a row", fill it in, Save; wait until the row is shown read-only.
async fn add_inventory_row(h: &mut Harness, row: &Row) -> Result<()> {
    let before = count(h, "inventory-row").await?;
    h.click("add-inventory-row").await?;
    wait_count(h, "inventory-row", before + 1, UI).await?;
    // Only the row being edited has inputs.
    wait_count(h, "inv-who", 1, UI).await?;
    type_fresh(h, "inv-who", row.who).await?;
    type_fresh(h, "inv-what", row.what).await?;
    type_fresh(h, "inv-affects", row.affects).await?;
    type_fresh(h, "inv-part", row.part).await?;
    type_fresh(h, "inv-fears", row.fears).await?;
    h.click("inv-save").await?;
    // Saved and closed: the row reads back, with its Edit button.
    if let Err(e) = wait_count(h, "inv-who", 0, UI).await {
        if h.visible("inv-who-error").await? {
            bail!(
                "the row about {:?} was refused: {:?}",
                row.who,
                h.text("inv-who-error").await?
            );
        }
        return Err(e);
    }
    wait_text(h, "inventory-row", row.who, UI).await?;
    Ok(())
}

/// Journey 1: on step 4, two inventory rows and a note; they are all there after locking and
/// unlocking; step 1 marked done says so on the overview.
async fn step_work_survives_lock(h: &mut Harness) -> Result<()> {
    const NOTE_TITLE: &str = "Where the fear sits";
    const NOTE_TEXT: &str = "Writing the Marrowstone list made my hands shake, then it got easier.";
    let rows = [
        Row {
            who: "Uncle Ray",
            what: "Laughed when I took a white chip",
            affects: "Pride, self-esteem",
            part: "I had mocked him the week before",
            fears: "That he is right about me",
        },
        Row {
            who: "The landlord",
            what: "Kept the Marrowstone deposit",
            affects: "Security, money",
            part: "I left the flat in a state",
            fears: "Never having enough",
        },
    ];
    fresh_journal(h).await?;

    go(h, "steps", "steps-overview").await?;
    wait_count(h, "step-status-1", 1, UI).await?;
    h.screenshot("steps-overview").await?;

    open_step(h, 4).await?;
    h.wait_for("inventory-table", UI).await?;
    h.screenshot("step-4").await?;
    for row in &rows {
        add_inventory_row(h, row).await?;
    }
    h.scroll_to("inventory-table").await?;
    h.screenshot("inventory-two-rows").await?;

    h.click("add-note").await?;
    h.wait_for("note-editor", UI).await?;
    let note_date = h.value("note-date").await?;
    ensure!(
        note_date == iso(today()),
        "a new note is dated {note_date:?}, not today ({})",
        iso(today())
    );
    h.type_into("note-title", NOTE_TITLE).await?;
    h.type_into("note-text", NOTE_TEXT).await?;
    wait_saved(h, "note-save-state").await?;
    h.scroll_to("note-editor").await?;
    h.screenshot("note-saved").await?;

    lock_and_unlock(h).await?;
    h.screenshot("unlocked-dashboard").await?;

    open_step(h, 4).await?;
    let shown = wait_count(h, "inventory-row", 2, UI).await?;
    for row in &rows {
        for part in [row.who, row.what, row.affects, row.part, row.fears] {
            ensure!(
                shown.iter().any(|r| r.contains(part)),
                "after unlocking, no inventory row says {part:?}: {shown:?}"
            );
        }
    }
    let notes = wait_count(h, "step-note", 1, UI).await?;
    ensure!(
        notes[0].contains(NOTE_TITLE) && notes[0].contains(NOTE_TEXT),
        "after unlocking, the note reads {:?}",
        notes[0]
    );
    h.scroll_to("inventory-table").await?;
    h.screenshot("step-4-after-unlock").await?;
    h.scroll_to("step-note").await?;
    h.screenshot("note-after-unlock").await?;

    // Step 1 done.
    open_step(h, 1).await?;
    h.select("step-status-select", "done").await?;
    wait_text(h, "step-status-text", "Done", UI).await?;
    ensure!(
        !h.visible("step-status-error").await?,
        "marking step 1 done failed: {:?}",
        h.text("step-status-error").await?
    );
    h.screenshot("step-1-done").await?;
    h.click("steps-back").await?;
    h.wait_for("steps-overview", UI).await?;
    let status = wait_text(h, "step-status-1", "Done", UI).await?;
    let long_today = today().format("%B %-d, %Y").to_string();
    ensure!(
        status.contains(&long_today),
        "step-status-1 says {status:?}; expected it to be dated today ({long_today})"
    );
    let card4 = h.text("step-card-4").await?;
    ensure!(
        card4.contains("1 note"),
        "step-card-4 does not count the note: {card4:?}"
    );
    h.scroll_to("step-card-1").await?;
    h.screenshot("overview-step-1-done").await?;
    Ok(())
}

/// Journey 2: three people on the amends list, one amend made; "Made" shows exactly it.
async fn amends_filter(h: &mut Harness) -> Result<()> {
    let people = [
        (
            "Aunt Delphine",
            "Missed her birthday for three years (Thistlewick)",
        ),
        ("Marco from work", "Took credit for his report"),
        ("My neighbour Ines", "Shouted at her over the fence"),
    ];
    let made = people[0].0;
    fresh_journal(h).await?;

    open_step(h, 8).await?;
    h.wait_for("amends-list", UI).await?;
    h.wait_for("amends-empty", UI).await?;
    h.screenshot("step-8-empty-amends").await?;

    for (i, (person, harm)) in people.iter().enumerate() {
        h.click("add-amend").await?;
        h.wait_for("amend-form", UI).await?;
        h.type_into("amend-person", person).await?;
        h.type_into("amend-harm", harm).await?;
        if i == 0 {
            h.screenshot("amend-form").await?;
        }
        h.click("amend-save").await?;
        if h.wait_for_any(
            &["amend-person-error", "amend-error"],
            Duration::from_millis(300),
        )
        .await
        .is_ok()
        {
            bail!("saving the amend for {person:?} was refused");
        }
        h.wait_gone("amend-form", UI).await?;
        wait_count(h, "amend-item", i + 1, UI).await?;
    }
    let listed = texts(h, "amend-item").await?;
    for (person, harm) in &people {
        ensure!(
            listed
                .iter()
                .any(|t| t.contains(person) && t.contains(harm)),
            "the amends list does not show {person:?} with {harm:?}: {listed:?}"
        );
    }
    h.scroll_to("amends-list").await?;
    h.screenshot("three-amends").await?;

    // Mark one made, with the quick status on its item.
    select_in_item(h, "amend-item", made, "amend-item-status", "made").await?;
    let long_today = today().format("%B %-d, %Y").to_string();
    let start = std::time::Instant::now();
    loop {
        let item = texts(h, "amend-item")
            .await?
            .into_iter()
            .find(|t| t.contains(made))
            .unwrap_or_default();
        if item.contains("Made on") {
            ensure!(
                item.contains(&long_today),
                "the made amend is not dated today ({long_today}): {item:?}"
            );
            break;
        }
        if start.elapsed() > UI {
            bail!(
                "the amend for {made:?} never said it was made: {item:?}\n{}",
                h.diagnose().await
            );
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    let status = value_in_item(h, "amend-item", made, "amend-item-status").await?;
    ensure!(status == "made", "its quick status reads {status:?}");
    h.screenshot("one-made").await?;

    // The filter.
    h.select("amends-filter", "made").await?;
    let shown = wait_count(h, "amend-item", 1, UI).await?;
    ensure!(
        shown[0].contains(made),
        "\"Made\" shows {shown:?}, not {made:?}"
    );
    h.scroll_to("amends-list").await?;
    h.screenshot("filter-made").await?;

    h.select("amends-filter", "planned").await?;
    let shown = wait_count(h, "amend-item", 2, UI).await?;
    ensure!(
        !shown.iter().any(|t| t.contains(made)),
        "\"Planned\" still shows {made:?}: {shown:?}"
    );
    h.screenshot("filter-planned").await?;

    h.select("amends-filter", "notPossible").await?;
    wait_count(h, "amend-item", 0, UI).await?;
    h.wait_for("amends-empty", UI).await?;
    h.screenshot("filter-not-possible-empty").await?;

    h.select("amends-filter", "all").await?;
    wait_count(h, "amend-item", 3, UI).await?;
    Ok(())
}

/// One meeting to log.
struct MeetingIn {
    date: chrono::NaiveDate,
    name: &'static str,
    group: &'static str,
    format: &'static str,
    online: bool,
    notes: &'static str,
}

/// "Log a meeting", fill it in, save; wait until the list has `expect` meetings.
async fn log_meeting(h: &mut Harness, m: &MeetingIn, expect: usize, shot: bool) -> Result<()> {
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
async fn meetings_week_heatmap_ninety(h: &mut Harness) -> Result<()> {
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
async fn contacts_sponsee_on_dashboard(h: &mut Harness) -> Result<()> {
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
    let start = std::time::Instant::now();
    loop {
        let last = text_in_item(h, "contact-item", SPONSEE, "contact-last-contact").await?;
        if last.contains("Today") {
            break;
        }
        if start.elapsed() > UI {
            bail!("after \"We talked today\" the sponsee says {last:?}");
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
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
    let start = std::time::Instant::now();
    loop {
        let now = clipboard(h)?;
        if now.as_deref() == want {
            return Ok(());
        }
        if start.elapsed() > UI {
            bail!("the clipboard holds {now:?}, not {want:?}");
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Journey 5: today's entry with a craving level and three gratitude items survives a
/// relaunch.
async fn daily_journal_survives_relaunch(h: &mut Harness) -> Result<()> {
    const TEXT: &str =
        "Hard morning, better evening. Called my sponsor before the Wendlebury shop.";
    let gratitude = [
        "My sponsor picked up",
        "Rain on the roof",
        "A hot cup of tea",
    ];
    fresh_journal(h).await?;

    go(h, "journal", "journal-screen").await?;
    h.wait_for("journal-editor", UI).await?;
    h.screenshot("journal-today-empty").await?;
    h.type_into("journal-text", TEXT).await?;
    h.type_into("journal-craving", "3").await?;
    for item in gratitude {
        h.type_into("gratitude-input", item).await?;
        h.click("gratitude-add").await?;
        wait_text(h, "gratitude-item", item, UI).await?;
    }
    wait_count(h, "gratitude-item", 3, UI).await?;
    let craving_state = h.text("journal-craving-state").await?;
    ensure!(
        craving_state.contains("out of 10"),
        "journal-craving-state says {craving_state:?}"
    );
    wait_saved(h, "journal-save-state").await?;
    h.screenshot("journal-written").await?;

    go(h, "dashboard", "dashboard").await?;
    wait_text(h, "last-journal-entry", "You wrote today", UI).await?;
    h.screenshot("dashboard-wrote-today").await?;

    h.relaunch().await?;
    unlock(h, PASSPHRASE).await?;
    h.screenshot("relaunched-dashboard").await?;
    wait_text(h, "last-journal-entry", "You wrote today", UI).await?;
    h.click("open-today-journal").await?;
    h.wait_for("journal-screen", UI).await?;
    h.wait_for("journal-editor", UI).await?;
    let text = h.value("journal-text").await?;
    ensure!(text == TEXT, "after relaunch the entry reads {text:?}");
    let craving = h.value("journal-craving").await?;
    ensure!(
        craving == "3",
        "after relaunch the craving reads {craving:?}"
    );
    let items = wait_count(h, "gratitude-item", 3, UI).await?;
    for item in gratitude {
        ensure!(
            items.iter().any(|t| t.contains(item)),
            "after relaunch gratitude {item:?} is missing: {items:?}"
        );
    }
    let state = h.text("journal-save-state").await?;
    ensure!(
        state == "Saved",
        "journal-save-state after relaunch says {state:?}"
    );
    h.screenshot("journal-after-relaunch").await?;
    h.scroll_to("gratitude-list").await?;
    h.screenshot("gratitude-after-relaunch").await?;
    let history = wait_count(h, "journal-history-item", 1, UI).await?;
    ensure!(
        history[0].contains("Wendlebury"),
        "the earlier-days list shows {history:?}"
    );
    Ok(())
}

/// Journey 6: a word written in a step note, a meeting's notes and a journal entry is found in
/// all three places.
async fn search_finds_every_kind(h: &mut Harness) -> Result<()> {
    const WORD: &str = "Quillfeather";
    fresh_journal(h).await?;

    // A step note.
    open_step(h, 2).await?;
    h.click("add-note").await?;
    h.wait_for("note-editor", UI).await?;
    h.type_into("note-title", "Came to believe").await?;
    h.type_into(
        "note-text",
        &format!("A power greater than me showed up as the {WORD} meeting room."),
    )
    .await?;
    wait_saved(h, "note-save-state").await?;
    h.click("note-done").await?;
    wait_count(h, "step-note", 1, UI).await?;
    h.screenshot("step-2-note").await?;

    // A meeting's notes.
    go(h, "meetings", "meetings-screen").await?;
    log_meeting(
        h,
        &MeetingIn {
            date: today(),
            name: "Friday Night Candle",
            group: "Candle Group",
            format: "candlelight",
            online: false,
            notes: "Someone read the Quillfeather story; I cried a little.",
        },
        1,
        false,
    )
    .await?;
    h.screenshot("meeting-with-notes").await?;

    // A journal entry.
    go(h, "journal", "journal-screen").await?;
    h.wait_for("journal-editor", UI).await?;
    h.type_into(
        "journal-text",
        &format!("Thought about the {WORD} room all day."),
    )
    .await?;
    wait_saved(h, "journal-save-state").await?;
    h.screenshot("journal-entry").await?;

    // Search, in lower case: case does not matter.
    go(h, "search", "search-screen").await?;
    h.wait_for("search-empty", UI).await?;
    h.screenshot("search-empty").await?;
    h.type_into("search-input", &WORD.to_lowercase()).await?;
    let counted = wait_text(h, "search-count", "result", UI).await?;
    for group in ["stepNote", "meeting", "journalEntry"] {
        let id = format!("search-group-{group}");
        h.wait_for(&id, UI).await?;
        let hits = texts(h, &id).await?;
        ensure!(
            hits.len() == 1 && hits[0].contains("(1)"),
            "{id} should hold exactly one result: {hits:?}"
        );
    }
    let groups: Vec<String> = serde_json::from_value(
        h.js(
            r#"return Array.from(document.querySelectorAll('[data-testid^="search-group-"]'))
                 .map(e => e.getAttribute('data-testid'))
                 .filter(id => id !== 'search-group-more');"#,
            vec![],
        )
        .await?,
    )?;
    ensure!(
        groups.len() == 3,
        "the search shows groups {groups:?}, expected step notes, meetings and journal"
    );
    let results = wait_count(h, "search-result", 3, UI).await?;
    ensure!(
        counted.starts_with("3 result"),
        "search-count says {counted:?} for {results:?}"
    );
    h.screenshot("search-three-groups").await?;

    // A result opens where it was written.
    click_in_item(h, "search-group-meeting", "Meetings", "search-result").await?;
    h.wait_for("meetings-screen", UI).await?;
    wait_count(h, "meeting-item", 1, UI).await?;
    h.screenshot("search-opened-meeting").await?;

    // Something written after the first search is found too, and after a lock as well.
    go(h, "contacts", "contacts-screen").await?;
    h.click("add-contact").await?;
    h.wait_for("contact-form", UI).await?;
    h.type_into("contact-name", &format!("Ada {WORD}")).await?;
    h.click("contact-save").await?;
    h.wait_gone("contact-form", UI).await?;
    wait_count(h, "contact-item", 1, UI).await?;
    for round in ["after-adding", "after-lock"] {
        if round == "after-lock" {
            lock_and_unlock(h).await?;
        }
        go(h, "search", "search-screen").await?;
        h.type_into("search-input", WORD).await?;
        let counted = wait_text(h, "search-count", "4 result", UI).await?;
        h.wait_for("search-group-contact", UI).await?;
        for group in ["stepNote", "meeting", "journalEntry"] {
            ensure!(
                h.visible(&format!("search-group-{group}")).await?,
                "{round}: search-group-{group} is gone ({counted:?})"
            );
        }
        h.screenshot(&format!("search-four-{round}")).await?;
    }
    Ok(())
}

/// Journey 7: forms left invalid say what they need beside the field and keep what was typed.
async fn invalid_forms_keep_typing(h: &mut Harness) -> Result<()> {
    const NOTES: &str = "The Bramblewick chair said keep coming back.";
    let tomorrow = iso(days_from(today(), 1));
    fresh_journal(h).await?;

    // A meeting without a name.
    go(h, "meetings", "meetings-screen").await?;
    h.click("log-meeting").await?;
    h.wait_for("meeting-form", UI).await?;
    ensure!(
        h.value("meeting-name").await?.is_empty(),
        "a new meeting's name is not empty"
    );
    h.type_into("meeting-notes", NOTES).await?;
    h.click("meeting-save").await?;
    h.wait_for("meeting-name-error", UI).await?;
    let msg = h.text("meeting-name-error").await?;
    ensure!(msg == REQUIRED, "meeting-name-error says {msg:?}");
    ensure!(
        h.value("meeting-notes").await? == NOTES,
        "the notes were not kept after the refusal"
    );
    ensure!(
        h.attr("meeting-name", "aria-invalid").await?.as_deref() == Some("true"),
        "the name field is not marked invalid"
    );
    h.screenshot("meeting-no-name").await?;
    h.scroll_to("meeting-notes").await?;
    h.screenshot("meeting-no-name-notes-kept").await?;

    // A meeting in the future (the field's max is today, but a typed date can still be later).
    h.type_into("meeting-name", "Tomorrow's Speaker").await?;
    h.wait_gone("meeting-name-error", UI).await?;
    h.set_date("meeting-date", &tomorrow).await?;
    h.click("meeting-save").await?;
    h.wait_for("meeting-date-error", UI).await?;
    let msg = h.text("meeting-date-error").await?;
    ensure!(msg.contains(FUTURE), "meeting-date-error says {msg:?}");
    ensure!(
        h.value("meeting-name").await? == "Tomorrow's Speaker"
            && h.value("meeting-notes").await? == NOTES
            && h.value("meeting-date").await? == tomorrow,
        "what was typed was not kept after the future date was refused"
    );
    ensure!(count(h, "meeting-item").await? == 0, "a meeting was saved");
    h.screenshot("meeting-future-date").await?;
    // Fixed, it saves.
    h.set_date("meeting-date", &iso(today())).await?;
    h.click("meeting-save").await?;
    h.wait_for("meeting-saved", UI).await?;
    let items = wait_count(h, "meeting-item", 1, UI).await?;
    ensure!(
        items[0].contains("Tomorrow's Speaker"),
        "the corrected meeting shows as {items:?}"
    );
    h.screenshot("meeting-corrected").await?;

    // A person without a name.
    go(h, "contacts", "contacts-screen").await?;
    h.click("add-contact").await?;
    h.wait_for("contact-form", UI).await?;
    h.type_into("contact-notes", NOTES).await?;
    h.click("contact-save").await?;
    h.wait_for("contact-name-error", UI).await?;
    let msg = h.text("contact-name-error").await?;
    ensure!(msg == REQUIRED, "contact-name-error says {msg:?}");
    ensure!(
        h.value("contact-notes").await? == NOTES,
        "the person's notes were not kept"
    );
    h.screenshot("contact-no-name").await?;
    h.click("contact-cancel").await?;

    // The daily journal: a day after today cannot be opened.
    go(h, "journal", "journal-screen").await?;
    h.wait_for("journal-editor", UI).await?;
    h.type_into("journal-text", NOTES).await?;
    wait_saved(h, "journal-save-state").await?;
    h.set_date("journal-date", &tomorrow).await?;
    h.wait_for("journal-date-error", UI).await?;
    let msg = h.text("journal-date-error").await?;
    ensure!(msg.contains(FUTURE), "journal-date-error says {msg:?}");
    ensure!(
        h.value("journal-text").await? == NOTES,
        "today's entry is no longer shown after picking tomorrow"
    );
    ensure!(
        !h.visible("journal-go-today").await?,
        "the journal moved off today although tomorrow was refused"
    );
    h.screenshot("journal-future-day").await?;

    // A step note dated tomorrow.
    open_step(h, 3).await?;
    h.click("add-note").await?;
    h.wait_for("note-editor", UI).await?;
    h.type_into("note-text", NOTES).await?;
    h.set_date("note-date", &tomorrow).await?;
    h.wait_for("note-date-error", KDF).await?;
    let msg = h.text("note-date-error").await?;
    ensure!(msg.contains(FUTURE), "note-date-error says {msg:?}");
    wait_attr(h, "note-save-state", "data-state", "failed", UI).await?;
    ensure!(
        h.value("note-text").await? == NOTES,
        "the note's writing was not kept"
    );
    h.scroll_to("note-editor").await?;
    h.screenshot("note-future-date").await?;
    h.set_date("note-date", &iso(today())).await?;
    wait_saved(h, "note-save-state").await?;
    h.wait_gone("note-date-error", UI).await?;
    h.screenshot("note-corrected").await?;

    // An inventory row without "who or what".
    open_step(h, 4).await?;
    h.click("add-inventory-row").await?;
    wait_count(h, "inv-who", 1, UI).await?;
    type_fresh(h, "inv-what", NOTES).await?;
    h.click("inv-save").await?;
    h.wait_for("inv-who-error", UI).await?;
    let msg = h.text("inv-who-error").await?;
    ensure!(msg == REQUIRED, "inv-who-error says {msg:?}");
    let kept = values(h, "inv-what").await?;
    ensure!(kept == [NOTES], "the row's writing was not kept: {kept:?}");
    h.scroll_to("inventory-table").await?;
    h.screenshot("inventory-no-who").await?;

    // Leaving the step with the row unsaved asks first.
    h.click("steps-back").await?;
    h.wait_for("steps-unsaved", UI).await?;
    ensure!(
        values(h, "inv-what").await? == [NOTES],
        "the row's writing was lost when asked about leaving"
    );
    h.scroll_to("steps-unsaved").await?;
    h.screenshot("leave-unsaved-row").await?;
    h.click("steps-leave-anyway").await?;
    h.wait_for("steps-overview", UI).await?;

    // An amend marked made cannot lie ahead; a planned one may.
    open_step(h, 9).await?;
    h.click("add-amend").await?;
    h.wait_for("amend-form", UI).await?;
    h.type_into("amend-person", "Cousin Oriel").await?;
    h.type_into("amend-notes", NOTES).await?;
    h.select("amend-status", "made").await?;
    h.set_date("amend-date", &tomorrow).await?;
    h.click("amend-save").await?;
    h.wait_for("amend-date-error", UI).await?;
    let msg = h.text("amend-date-error").await?;
    ensure!(msg.contains(FUTURE), "amend-date-error says {msg:?}");
    ensure!(
        h.value("amend-person").await? == "Cousin Oriel"
            && h.value("amend-notes").await? == NOTES
            && h.value("amend-date").await? == tomorrow,
        "what was typed was not kept after the made amend dated tomorrow was refused"
    );
    ensure!(count(h, "amend-item").await? == 0, "an amend was saved");
    h.scroll_to("amend-form").await?;
    h.screenshot("amend-made-tomorrow").await?;
    h.select("amend-status", "planned").await?;
    h.click("amend-save").await?;
    h.wait_gone("amend-form", UI).await?;
    let items = wait_count(h, "amend-item", 1, UI).await?;
    let long_tomorrow = days_from(today(), 1).format("%B %-d, %Y").to_string();
    ensure!(
        items[0].contains(&format!("Planned for {long_tomorrow}")),
        "the planned amend reads {:?}",
        items[0]
    );
    h.scroll_to("amends-list").await?;
    h.screenshot("amend-planned-tomorrow").await?;
    Ok(())
}
