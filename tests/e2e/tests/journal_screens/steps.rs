//! Step work (the 4th-step inventory survives a lock) and amends.

use std::time::Duration;

use anyhow::{Result, bail, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::today;
use recovery_journal_e2e::eventually::within_async;
use recovery_journal_e2e::harness::UI;
use recovery_journal_e2e::screens::{
    count, fresh_journal, go, iso, lock_and_unlock, open_step, select_in_item, texts, type_fresh,
    value_in_item, wait_count, wait_saved, wait_text,
};

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
pub(crate) async fn step_work_survives_lock(h: &mut Harness) -> Result<()> {
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
pub(crate) async fn amends_filter(h: &mut Harness) -> Result<()> {
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
    let mut item = String::new();
    let marked = within_async(UI, Duration::from_millis(150), async || {
        item = texts(h, "amend-item")
            .await?
            .into_iter()
            .find(|t| t.contains(made))
            .unwrap_or_default();
        if item.contains("Made on") {
            ensure!(
                item.contains(&long_today),
                "the made amend is not dated today ({long_today}): {item:?}"
            );
            return Ok(Some(()));
        }
        Ok(None)
    });
    if marked.await?.is_none() {
        bail!(
            "the amend for {made:?} never said it was made: {item:?}\n{}",
            h.diagnose().await
        );
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
