//! The daily journal across a relaunch, search over every kind, and forms left invalid.

use crate::meetings::{MeetingIn, log_meeting};
use anyhow::{Result, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::harness::{KDF, UI};
use recovery_journal_e2e::journeys::{PASSPHRASE, unlock};
use recovery_journal_e2e::screens::{
    click_in_item, count, fresh_journal, go, iso, lock_and_unlock, open_step, texts, type_fresh,
    values, wait_attr, wait_count, wait_saved, wait_text,
};

/// Words the member asks for (`problems.required`, `problems.futureDate`).
const REQUIRED: &str = "Please fill this in.";
const FUTURE: &str = "hasn't come yet";

/// Journey 5: today's entry with a craving level and three gratitude items survives a
/// relaunch.
pub(crate) async fn daily_journal_survives_relaunch(h: &mut Harness) -> Result<()> {
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
pub(crate) async fn search_finds_every_kind(h: &mut Harness) -> Result<()> {
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
pub(crate) async fn invalid_forms_keep_typing(h: &mut Harness) -> Result<()> {
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
