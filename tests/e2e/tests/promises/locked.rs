//! Promise 3: every command that needs the journal refuses while it is locked.

use std::fs;

use anyhow::{Context, Result, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::harness::{LaunchOptions, repo_root};
use recovery_journal_e2e::journey;
use recovery_journal_e2e::journeys::{PASSPHRASE, create_journal, unlock};
use recovery_journal_e2e::page::{NEW_ID, call, invoke, lock_via_ui, save};
use recovery_journal_e2e::screens::iso;
use serde_json::{Value, json};

// ----- promise 3: every command refuses while locked -----

/// The commands that work without an unlocked journal.
const EXEMPT: &[&str] = &[
    "app_status",
    "create_journal",
    "unlock",
    "unlock_with_recovery_key",
    "lock",
    "touch",
    // Restoring a backup works on the unlock screen (and on a new computer): checked below.
    "choose_file",
    "prepare_restore",
    "confirm_restore",
    "cancel_restore",
];

/// Commands that write or read a file the member chose, and the chooser purpose of each.
const FILE_COMMANDS: &[(&str, &str)] = &[
    ("back_up_now", "backup"),
    ("export_steps", "stepsMarkdown"),
    ("export_meetings_csv", "meetingsCsv"),
    ("export_json", "exportJson"),
    ("import_json", "importJson"),
    ("save_attendance_pdf", "attendancePdf"),
    ("import_meeting_list", "meetingList"),
];

/// Every command in src-tauri/commands.list.
fn commands_list() -> Result<Vec<String>> {
    let path = repo_root().join("src-tauri/commands.list");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let names: Vec<String> = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or("").trim())
        .filter_map(|l| {
            let l = l.trim_end_matches(',');
            l.strip_prefix('"')?.strip_suffix('"').map(str::to_string)
        })
        .collect();
    ensure!(names.len() >= 20, "{} lists only {names:?}", path.display());
    Ok(names)
}

/// Arguments the UI would plausibly send (valid shapes, so a refusal is about the lock, not
/// about the arguments).
fn plausible_args(cmd: &str) -> Option<Value> {
    let today_s = iso(today());
    Some(match cmd {
        "dashboard"
        | "clean_dates"
        | "get_settings"
        | "steps_overview"
        | "inventory"
        | "nightly_reviews"
        | "meeting_stats"
        | "meeting_suggestions"
        | "journal_entries" => json!({}),
        "set_clean_date" => json!({ "date": today_s, "note": "" }),
        "save_settings" => {
            json!({ "settings": { "autoLockMinutes": 5, "theme": "dark", "ninetyStart": null, "homeGroup": "" } })
        }
        "change_passphrase" => {
            json!({ "current": PASSPHRASE, "new": "another long passphrase here" })
        }
        "new_recovery_key" => json!({ "current": PASSPHRASE }),
        "copy_to_clipboard" => json!({ "text": "555 0100" }),
        "set_appearance" => json!({ "appearance": { "language": "es", "neutralName": "Notes" } }),
        "move_to_plain_folder" => json!({}),
        "save_record" => json!({ "record": { "kind": "journalEntry", "record": {
            "id": NEW_ID, "date": today_s, "text": "written while locked", "feelings": [], "craving": null, "gratitude": [] } } }),
        "delete_record" => {
            json!({ "kind": "meeting", "id": "6f1c1f7e-3d2a-4a8e-9d61-0c2f5b1e9a77" })
        }
        "search" => json!({ "query": "a" }),
        "step_page" => json!({ "step": 1 }),
        "set_step_status" => json!({ "step": 1, "status": "working" }),
        "reorder_questions" => json!({ "step": 1, "ids": [] }),
        "amends" => json!({ "status": null }),
        "meetings" => {
            json!({ "filter": { "from": null, "to": null, "group": null, "format": null } })
        }
        "contacts" => json!({ "query": "" }),
        "mark_contacted" => json!({ "id": "6f1c1f7e-3d2a-4a8e-9d61-0c2f5b1e9a77" }),
        "journal_entry_on" => json!({ "date": today_s }),
        "back_up_now"
        | "export_json"
        | "import_json"
        | "import_meeting_list"
        | "automatic_backups"
        | "clear_meeting_list" => json!({}),
        "export_steps" => json!({ "step": null }),
        "export_meetings_csv" | "attendance_report" => json!({ "from": today_s, "to": today_s }),
        "save_attendance_pdf" => json!({ "from": today_s, "to": today_s, "options": {} }),
        "meeting_list" => json!({ "query": "", "weekday": null }),
        "meeting_list_count" => json!({}),
        "listed_meetings_on" => json!({ "date": today_s }),
        "prefill_meeting" => {
            json!({ "listed": "6f1c1f7e-3d2a-4a8e-9d61-0c2f5b1e9a77", "date": today_s })
        }
        _ => return None,
    })
}

async fn commands_refuse_while_locked(h: &mut Harness) -> Result<()> {
    let commands = commands_list()?;
    create_journal(h, PASSPHRASE, days_from(today(), -30)).await?;
    let meeting = save(
        h,
        "meeting",
        json!({ "id": NEW_ID, "date": iso(today()), "startTime": null, "durationMinutes": 60, "name": "Before the lock",
                "group": "", "formats": [], "attendance": "inPerson", "place": "", "serviceRole": "", "shared": false, "notes": "" }),
    )
    .await?;
    lock_via_ui(h).await?;
    h.screenshot("unlock-screen").await?;

    // Besides "locked", app_status tells only how the app shows itself (the plaintext
    // appearance.json and the folder's kind: docs/security.md), never the journal's content.
    let status = call(h, "app_status", json!({})).await?;
    ensure!(
        status
            == json!({ "journalExists": true, "unlocked": false, "dataFolder": "chosen",
                       "language": "en", "appName": "Recovery Journal",
                       "appearance": { "neutralName": null, "language": "system" } }),
        "app_status on the unlock screen says {status}"
    );

    let mut failures = Vec::new();
    let mut refused = Vec::new();
    for cmd in &commands {
        if EXEMPT.contains(&cmd.as_str()) {
            continue;
        }
        let Some(mut args) = plausible_args(cmd) else {
            failures.push(format!(
                "{cmd}: new command in commands.list; add plausible arguments to this test (and make sure it refuses while locked)"
            ));
            continue;
        };
        // A record id from before the lock, where one is asked for.
        if cmd == "delete_record" || cmd == "mark_contacted" {
            args["id"] = meeting["id"].clone();
        }
        // A file command gets a file chosen first (the chooser works while locked, for
        // restoring): it must still refuse, and write nothing there.
        if let Some((_, purpose)) = FILE_COMMANDS.iter().find(|(c, _)| c == cmd) {
            let words = json!({ "title": "t", "accept": "a", "cancel": "c", "filterName": "f", "allFiles": "*" });
            let target = h.pick_dir().join(format!("locked-{cmd}.out"));
            fs::write(&target, b"before")?;
            h.set_file_to_open(&target)?;
            call(
                h,
                "choose_file",
                json!({ "purpose": purpose, "words": words, "suggestedName": format!("locked-{cmd}.out") }),
            )
            .await?;
            let answer = invoke(h, cmd, args).await?;
            if fs::read(&target)? != b"before" {
                failures.push(format!("{cmd}: wrote the chosen file while locked"));
            }
            match answer {
                Ok(v) => failures.push(format!("{cmd}: answered while locked: {v}")),
                Err(e) if e["code"] == "LOCKED" => refused.push(cmd.clone()),
                Err(e) => failures.push(format!("{cmd}: refused with {e}, not LOCKED")),
            }
            continue;
        }
        match invoke(h, cmd, args).await? {
            Ok(v) => failures.push(format!("{cmd}: answered while locked: {v}")),
            Err(e) if e["code"] == "LOCKED" => refused.push(cmd.clone()),
            Err(e) => failures.push(format!("{cmd}: refused with {e}, not LOCKED")),
        }
    }
    h.step(&format!("refused with LOCKED: {refused:?}"));

    // The exempt ones: app_status (above); lock and touch succeed and unlock nothing;
    // create_journal refuses to replace the journal.
    call(h, "lock", json!({})).await?;
    call(h, "touch", json!({})).await?;
    match invoke(
        h,
        "create_journal",
        json!({ "passphrase": "a brand new passphrase" }),
    )
    .await?
    {
        Ok(_) => failures.push("create_journal: made a new journal over the locked one".into()),
        Err(e) if e["code"] == "JOURNAL_EXISTS" => {}
        Err(e) => failures.push(format!(
            "create_journal: refused with {e}, not JOURNAL_EXISTS"
        )),
    }
    // Nothing staged: confirming a restore has nothing to put in place; cancelling is harmless.
    match invoke(h, "confirm_restore", json!({})).await? {
        Ok(v) => failures.push(format!(
            "confirm_restore: answered with nothing staged: {v}"
        )),
        Err(e) if e["code"] == "NO_FILE_CHOSEN" => {}
        Err(e) => failures.push(format!(
            "confirm_restore: refused with {e}, not NO_FILE_CHOSEN"
        )),
    }
    call(h, "cancel_restore", json!({})).await?;
    let status = call(h, "app_status", json!({})).await?;
    ensure!(
        status["unlocked"] == json!(false),
        "after lock/touch/create_journal/restore calls the app says {status}"
    );
    ensure!(
        failures.is_empty(),
        "commands that do not refuse while locked:\n  {}",
        failures.join("\n  ")
    );
    ensure!(
        h.visible("unlock-screen").await?,
        "the unlock screen went away"
    );

    // Nothing changed while locked: the old passphrase still opens it, the meeting is there,
    // the journal entry attempted while locked is not.
    unlock(h, PASSPHRASE).await?;
    let meetings = call(
        h,
        "meetings",
        json!({ "filter": { "from": null, "to": null, "group": null, "format": null } }),
    )
    .await?;
    ensure!(
        meetings.as_array().is_some_and(|a| a.len() == 1),
        "meetings after unlocking: {meetings}"
    );
    let entries = call(h, "journal_entries", json!({})).await?;
    ensure!(
        entries.as_array().is_some_and(|a| a.is_empty()),
        "a journal entry was written while locked: {entries}"
    );
    let settings = call(h, "get_settings", json!({})).await?;
    ensure!(
        settings["theme"] != json!("dark"),
        "settings were changed while locked: {settings}"
    );
    h.screenshot("unlocked-unchanged").await?;
    Ok(())
}

journey!(
    promise3_commands_refuse_while_locked,
    LaunchOptions::default(),
    commands_refuse_while_locked
);
