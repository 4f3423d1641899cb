//! Never losing a journal, through the real app: backups and restore, exports and import, the
//! attendance report, and area meeting lists.
//!
//! | test | journey |
//! | --- | --- |
//! | `k1_backup_damage_restore` | back up to a chosen file; the journal is damaged (cut in half); the unlock screen says so and offers a restore; the backup is checked, summarised and restored: everything backed up is back, and the damaged file is kept as a copy |
//! | `k2_bad_restores_change_nothing` | from the unlock screen: a wrong passphrase, a truncated backup and a file that is not a journal each get their own words; the journal and the chosen files stay byte-for-byte the same |
//! | `k3_export_import_round_trip` | export everything as JSON (and step work as Markdown, meetings as CSV); a new, empty journal imports the JSON; exporting it again gives the same records |
//! | `k4_attendance_report_month` | the report for last month lists exactly last month's meetings, on screen and in the saved PDF (read back with `pdftotext`) |
//! | `k6_restore_on_a_new_computer` | a backup made on one computer restores from the welcome screen of a fresh app (no journal yet) with the recovery key and a new passphrase; everything is there and the new passphrase opens it |
//! | `k5_meeting_list_two_clicks` | import an area meeting list (BMLT JSON); log attendance at today's listed meeting in two clicks; reimporting a changed list updates the list and leaves attendance alone; removing the list asks first (the focus on "Keep it", Escape keeps the list and returns the focus), and "Yes" removes it and leaves attendance alone |
//!
//! No GTK file chooser opens in these tests: the debug app answers it from the test's own
//! folder (`Harness::pick_dir`, `Harness::set_file_to_open`; see src-tauri/src/files.rs).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use chrono::{Datelike, NaiveDate};
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::eventually::within_async;
use recovery_journal_e2e::harness::{KDF, UI};
use recovery_journal_e2e::journeys::{
    NEW_PASSPHRASE, PASSPHRASE, create_journal, try_unlock, wait_recovery_key,
};
use recovery_journal_e2e::page::{NEW_ID, call, error_wording, lock_via_ui, meeting, save};
use recovery_journal_e2e::screens::{count, go, iso, texts, wait_count};
use recovery_journal_e2e::{Harness, journey};
use serde_json::{Value, json};
use thirtyfour::Key;

const JOURNAL: &str = "journal.sqlite";

/// The one file in `dir` whose name ends with `suffix`.
fn only_file(dir: &Path, suffix: &str) -> Result<PathBuf> {
    let found: Vec<PathBuf> = fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    ensure!(
        found.len() == 1,
        "expected one *{suffix} in {}, found {found:?}",
        dir.display()
    );
    Ok(found[0].clone())
}

/// The first whole number in `text`.
fn first_number(text: &str) -> Option<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .and_then(|s| s.parse().ok())
}

async fn settings(h: &mut Harness) -> Result<()> {
    go(h, "settings", "settings-screen").await
}

/// Settings → Back up now; returns the backup file and the number of records it holds.
async fn back_up_now(h: &mut Harness) -> Result<(PathBuf, u64)> {
    settings(h).await?;
    h.scroll_to("backup-now").await?;
    h.click("backup-now").await?;
    match h
        .wait_for_any(&["backup-done", "backup-error"], KDF)
        .await?
    {
        "backup-done" => {}
        _ => bail!("the backup failed: {:?}", h.text("backup-error").await?),
    }
    let said = h.text("backup-done").await?;
    let records = first_number(&said)
        .with_context(|| format!("backup-done names no number of entries: {said:?}"))?;
    h.screenshot("backup-done").await?;
    Ok((only_file(h.pick_dir(), ".jbackup")?, records))
}

/// What opens a backup in the restore flow.
enum Opener<'a> {
    /// The passphrase the journal had when the backup was made.
    Passphrase(&'a str),
    /// Its recovery key, and the new passphrase the restored journal gets.
    RecoveryKey {
        key: &'a str,
        new_passphrase: &'a str,
    },
}

/// In the restore flow: choose `file`, open it with `opener`, check. Returns the element
/// shown: `restore-summary` or `restore-error`.
async fn check_backup(h: &mut Harness, file: &Path, opener: Opener<'_>) -> Result<&'static str> {
    h.set_file_to_open(file)?;
    h.wait_for("restore-choose", UI).await?;
    h.click("restore-choose").await?;
    h.wait_for("restore-file", UI).await?;
    match opener {
        Opener::Passphrase(passphrase) => h.type_into("restore-passphrase", passphrase).await?,
        Opener::RecoveryKey {
            key,
            new_passphrase,
        } => {
            h.click("restore-use-recovery-key").await?;
            h.type_into("restore-recovery-key", key).await?;
            h.type_into("restore-new-passphrase", new_passphrase)
                .await?;
            h.type_into("restore-new-passphrase-confirm", new_passphrase)
                .await?;
        }
    }
    h.click("restore-check").await?;
    h.wait_for_any(&["restore-summary", "restore-error"], KDF)
        .await
}

/// Close the app and move everything out of its data folder, as on a new computer; the
/// returned folder holds what was there.
async fn empty_data_dir(h: &mut Harness) -> Result<tempfile::TempDir> {
    h.close_window().await?;
    let moved = tempfile::tempdir()?;
    for entry in fs::read_dir(h.data_dir())?.flatten() {
        fs::rename(entry.path(), moved.path().join(entry.file_name()))?;
    }
    Ok(moved)
}

async fn backup_damage_restore(h: &mut Harness) -> Result<()> {
    create_journal(h, PASSPHRASE, days_from(today(), -200)).await?;
    let names = ["Sunrise Serenity", "Tuesday Basics", "Friday Freedom"];
    for (i, name) in names.iter().enumerate() {
        save(
            h,
            "meeting",
            meeting(
                &iso(days_from(today(), -(i as i64) * 3)),
                name,
                "inPerson",
                "Town Hall",
            ),
        )
        .await?;
    }
    save(
        h,
        "contact",
        json!({ "id": NEW_ID, "name": "Robin S", "phone": "555 0199", "email": "", "role": "sponsor",
                "cleanDate": null, "homeGroup": "", "serviceCommitment": "", "serviceTermStart": null,
                "serviceTermEnd": null, "sponseeStep": null, "lastContact": null, "notes": "" }),
    )
    .await?;
    let (backup, records) = back_up_now(h).await?;
    h.step(&format!("backup written: {records} entries"));
    ensure!(records >= 4, "the backup holds only {records} entries");
    let backup_bytes = fs::read(&backup)?;
    // The first automatic backup comes by itself soon after unlocking (default: daily).
    let start = std::time::Instant::now();
    let mut auto = Value::Null;
    let made = within_async(
        Duration::from_secs(40),
        Duration::from_millis(500),
        async || {
            auto = call(h, "automatic_backups", json!({})).await?;
            if auto["files"].as_array().is_some_and(|f| !f.is_empty()) {
                ensure!(
                    auto["problem"].is_null(),
                    "automatic backup problem: {auto}"
                );
                return Ok(Some(()));
            }
            Ok(None)
        },
    );
    ensure!(
        made.await?.is_some(),
        "no automatic backup 40 s after unlocking: {auto}"
    );
    h.step(&format!(
        "first automatic backup after {:.1}s",
        start.elapsed().as_secs_f64()
    ));

    // Damage: the journal is cut in half, as a failing disk or an interrupted copy leaves it.
    lock_via_ui(h).await?;
    h.close_window().await?;
    let path = h.data_dir().join(JOURNAL);
    let bytes = fs::read(&path)?;
    fs::write(&path, &bytes[..bytes.len() / 2])?;
    h.launch_again().await?;
    ensure!(
        !try_unlock(h, PASSPHRASE).await?,
        "the damaged journal opened"
    );
    let said = h.text("unlock-error").await?;
    ensure!(
        said.contains(&error_wording("unlock", "CORRUPT")?),
        "the unlock screen says {said:?} about a damaged journal"
    );
    h.screenshot("damaged-journal").await?;

    // Restore from the unlock screen.
    h.click("unlock-restore").await?;
    ensure!(
        check_backup(h, &backup, Opener::Passphrase(PASSPHRASE)).await? == "restore-summary",
        "the backup was refused: {:?}",
        h.text("restore-error").await?
    );
    let total = h.number("restore-summary-total").await?;
    ensure!(
        total == records as i64,
        "the restore summary counts {total} entries, the backup said {records}"
    );
    h.screenshot("restore-summary").await?;
    h.click("restore-confirm").await?;
    h.wait_for("dashboard", KDF).await?;
    h.screenshot("restored-dashboard").await?;
    go(h, "meetings", "meetings-screen").await?;
    for name in names {
        ensure!(
            h.page_contains(name).await?,
            "{name} is missing after the restore"
        );
    }
    go(h, "contacts", "contacts-screen").await?;
    ensure!(
        h.page_contains("Robin S").await?,
        "the contact is missing after the restore"
    );
    ensure!(
        fs::read(&backup)? == backup_bytes,
        "restoring changed the backup file"
    );
    // The damaged journal was kept, not thrown away.
    let kept: Vec<String> = fs::read_dir(h.data_dir().join("backups"))?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("before-restore-"))
        .collect();
    ensure!(
        kept.len() == 1,
        "expected one before-restore copy, found {kept:?}"
    );
    // And the restored journal is a journal like any other: lock, unlock.
    lock_via_ui(h).await?;
    ensure!(
        try_unlock(h, PASSPHRASE).await?,
        "the restored journal does not open with its passphrase"
    );
    Ok(())
}

journey!(k1_backup_damage_restore, backup_damage_restore);

async fn bad_restores_change_nothing(h: &mut Harness) -> Result<()> {
    create_journal(h, PASSPHRASE, days_from(today(), -30)).await?;
    save(
        h,
        "meeting",
        meeting(&iso(today()), "Evening Light", "online", ""),
    )
    .await?;
    let (backup, _) = back_up_now(h).await?;
    lock_via_ui(h).await?;
    let journal = h.data_dir().join(JOURNAL);
    let journal_before = fs::read(&journal)?;

    let work = tempfile::tempdir()?;
    let truncated = work.path().join("half.jbackup");
    let full = fs::read(&backup)?;
    fs::write(&truncated, &full[..full.len() / 2])?;
    let shopping = work.path().join("shopping.jbackup");
    fs::write(&shopping, "eggs, bread, tea\n".repeat(200))?;
    let cases: [(&str, &Path, &str, &str); 3] = [
        (
            "wrong-passphrase",
            &backup,
            "not the passphrase at all",
            "WRONG_PASSPHRASE",
        ),
        ("truncated", &truncated, PASSPHRASE, "CORRUPT"),
        ("not-a-journal", &shopping, PASSPHRASE, "NOT_A_JOURNAL"),
    ];
    for (name, file, passphrase, code) in cases {
        h.step(&format!("restoring {name}, expecting {code}"));
        let before = fs::read(file)?;
        h.click("unlock-restore").await?;
        let shown = check_backup(h, file, Opener::Passphrase(passphrase)).await?;
        ensure!(shown == "restore-error", "{name}: the backup was accepted");
        let said = h.text("restore-error").await?;
        let want = error_wording("keeping.restore", code)?;
        ensure!(
            said.contains(&want),
            "{name}: restore-error says {said:?}; expected the words for {code}: {want:?}"
        );
        h.screenshot(name).await?;
        h.click("restore-cancel").await?;
        h.wait_for("unlock-screen", UI).await?;
        ensure!(
            fs::read(file)? == before,
            "{name}: the chosen file was changed"
        );
        ensure!(
            fs::read(&journal)? == journal_before,
            "{name}: the journal was changed"
        );
        let stray: Vec<String> = fs::read_dir(h.data_dir())?
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| {
                n != JOURNAL
                    && n != "backups"
                    && !recovery_journal_e2e::LOCK_FILES.contains(&n.as_str())
            })
            .collect();
        ensure!(
            stray.is_empty(),
            "{name}: files left beside the journal: {stray:?}"
        );
    }
    ensure!(
        try_unlock(h, PASSPHRASE).await?,
        "the journal no longer opens"
    );
    go(h, "meetings", "meetings-screen").await?;
    ensure!(
        h.page_contains("Evening Light").await?,
        "the meeting is gone"
    );
    Ok(())
}

journey!(k2_bad_restores_change_nothing, bad_restores_change_nothing);

/// Settings → export everything as JSON; returns the file's `records`.
async fn export_json(h: &mut Harness) -> Result<Value> {
    settings(h).await?;
    h.scroll_to("export-json").await?;
    h.click("export-json").await?;
    match h.wait_for_any(&["export-done", "export-error"], UI).await? {
        "export-done" => {}
        _ => bail!("the export failed: {:?}", h.text("export-error").await?),
    }
    let file = only_file(h.pick_dir(), ".json")?;
    let parsed: Value = serde_json::from_slice(&fs::read(&file)?)?;
    fs::remove_file(&file)?;
    ensure!(
        parsed["format"] == "recovery-journal-export",
        "the export's format is {}",
        parsed["format"]
    );
    Ok(parsed["records"].clone())
}

async fn export_import_round_trip(h: &mut Harness) -> Result<()> {
    create_journal(h, PASSPHRASE, days_from(today(), -400)).await?;
    save(
        h,
        "meeting",
        meeting(
            &iso(days_from(today(), -2)),
            "Harbour Hope",
            "hybrid",
            "Boathouse",
        ),
    )
    .await?;
    save(
        h,
        "meeting",
        meeting(
            &iso(days_from(today(), -1)),
            "Late Night Basics",
            "online",
            "",
        ),
    )
    .await?;
    save(
        h,
        "stepNote",
        json!({ "id": NEW_ID, "step": 1, "date": iso(today()), "text": "Admitting it was the start." }),
    )
    .await?;
    save(
        h,
        "contact",
        json!({ "id": NEW_ID, "name": "Sam K", "phone": "555 0123", "email": "", "role": "sponsee",
                "cleanDate": null, "homeGroup": "", "serviceCommitment": "", "serviceTermStart": null,
                "serviceTermEnd": null, "sponseeStep": 3, "lastContact": null, "notes": "" }),
    )
    .await?;
    let records = export_json(h).await?;
    h.screenshot("exported").await?;

    // Step work as Markdown and meetings as CSV, from the same section.
    h.click("export-steps").await?;
    h.wait_for("export-done", UI).await?;
    let md = fs::read_to_string(only_file(h.pick_dir(), ".md")?)?;
    ensure!(
        md.contains("Admitting it was the start."),
        "the Markdown export lacks the step note"
    );
    h.set_date("export-meetings-from", &iso(days_from(today(), -30)))
        .await?;
    h.set_date("export-meetings-to", &iso(today())).await?;
    h.click("export-meetings").await?;
    h.wait_for("export-done", UI).await?;
    let csv = fs::read_to_string(only_file(h.pick_dir(), ".csv")?)?;
    for name in ["Harbour Hope", "Late Night Basics"] {
        ensure!(csv.contains(name), "the CSV export lacks {name}");
    }
    // Kept outside the chooser's folder, where the next export goes.
    let keep = tempfile::tempdir()?;
    let exported = keep.path().join("round-trip.json");
    fs::write(
        &exported,
        serde_json::to_vec(
            &json!({ "format": "recovery-journal-export", "version": 1, "exportedAt": "2026-01-01T00:00:00Z", "records": records }),
        )?,
    )?;

    // A new, empty journal in the same place (the old one moved away).
    lock_via_ui(h).await?;
    let _moved = empty_data_dir(h).await?;
    h.launch_again().await?;
    h.click("welcome-start").await?;
    h.type_into("create-passphrase", PASSPHRASE).await?;
    h.type_into("create-passphrase-confirm", PASSPHRASE).await?;
    h.click("create-submit").await?;
    wait_recovery_key(h).await?;
    h.click("recovery-key-confirm").await?;
    h.click("recovery-key-continue").await?;
    h.wait_for("clean-date-skip", UI).await?;
    h.click("clean-date-skip").await?;
    h.wait_for("dashboard", UI).await?;

    settings(h).await?;
    h.set_file_to_open(&exported)?;
    h.scroll_to("import-json").await?;
    h.click("import-json").await?;
    match h.wait_for_any(&["import-done", "import-error"], UI).await? {
        "import-done" => {}
        _ => bail!("the import failed: {:?}", h.text("import-error").await?),
    }
    h.screenshot("imported").await?;
    let again = export_json(h).await?;
    ensure!(
        again == records,
        "the records after export → import → export differ:\nbefore {records}\nafter  {again}"
    );

    // A second import is refused: the journal is not empty any more.
    h.click("import-json").await?;
    h.wait_for("import-error", UI).await?;
    let said = h.text("import-error").await?;
    ensure!(
        said.contains(&error_wording("keeping.exports", "NOT_EMPTY")?),
        "a second import says {said:?}"
    );
    Ok(())
}

journey!(k3_export_import_round_trip, export_import_round_trip);

/// The first and last day of the calendar month before the one holding `day`.
fn previous_month(day: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first_this = day.with_day(1).unwrap_or(day);
    let last_prev = days_from(first_this, -1);
    (last_prev.with_day(1).unwrap_or(last_prev), last_prev)
}

async fn attendance_report_month(h: &mut Harness) -> Result<()> {
    create_journal(h, PASSPHRASE, days_from(today(), -400)).await?;
    let (from, to) = previous_month(today());
    let inside = [
        (from, "First Day Group", "inPerson", "Library Room 2"),
        (days_from(from, 9), "Midmonth Online", "online", ""),
        (to, "Last Day Group", "hybrid", "Church Hall"),
    ];
    let outside = [
        (days_from(from, -1), "Day Before Group"),
        (days_from(to, 1), "Day After Group"),
    ];
    for (date, name, how, place) in inside {
        save(h, "meeting", meeting(&iso(date), name, how, place)).await?;
    }
    for (date, name) in outside {
        save(
            h,
            "meeting",
            meeting(&iso(date), name, "inPerson", "Elsewhere"),
        )
        .await?;
    }
    go(h, "meetings", "meetings-screen").await?;
    h.click("open-attendance-report").await?;
    h.wait_for("attendance-report-screen", UI).await?;
    // The report opens on last month.
    ensure!(
        h.value("report-from").await? == iso(from) && h.value("report-to").await? == iso(to),
        "the report opens on {}..{}, not last month {from}..{to}",
        h.value("report-from").await?,
        h.value("report-to").await?
    );
    wait_count(h, "report-row", inside.len(), UI).await?;
    let rows = texts(h, "report-row").await?;
    for (_, name, _, _) in inside {
        ensure!(
            rows.iter().any(|r| r.contains(name)),
            "{name} is not in the report: {rows:?}"
        );
    }
    ensure!(
        rows.iter().any(|r| r.contains("Online")),
        "the online meeting is not shown as Online: {rows:?}"
    );
    ensure!(
        h.number("report-total").await? == inside.len() as i64,
        "report-total says {:?}",
        h.text("report-total").await?
    );
    h.click("report-signature").await?;
    h.type_into("report-name", "J. Member").await?;
    h.screenshot("report").await?;
    h.click("report-save-pdf").await?;
    h.wait_for("report-saved", UI).await?;
    let pdf = only_file(h.pick_dir(), ".pdf")?;
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .context("running pdftotext (Debian package poppler-utils)")?;
    ensure!(out.status.success(), "pdftotext could not read the PDF");
    let text = String::from_utf8_lossy(&out.stdout);
    for (_, name, _, _) in inside {
        ensure!(text.contains(name), "the PDF lacks {name}");
    }
    for (_, name) in outside {
        ensure!(
            !text.contains(name),
            "the PDF holds {name}, outside the range"
        );
    }
    ensure!(
        text.contains("J. Member"),
        "the PDF lacks the member's name"
    );
    // A different range changes the rows.
    h.set_date("report-from", &iso(days_from(from, -1))).await?;
    wait_count(h, "report-row", inside.len() + 1, UI).await?;
    Ok(())
}

journey!(k4_attendance_report_month, attendance_report_month);

/// A BMLT `GetSearchResults` answer with one meeting per weekday (1 = Sunday), named
/// `<prefix> <weekday>`.
fn bmlt_list(prefix: &str) -> Value {
    let days = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    Value::Array(
        days.iter()
            .enumerate()
            .map(|(i, day)| {
                json!({
                    "id_bigint": format!("{}", 5000 + i),
                    "weekday_tinyint": format!("{}", i + 1),
                    "venue_type": if i % 2 == 0 { "1" } else { "2" },
                    "start_time": "19:00:00",
                    "duration_time": "01:30:00",
                    "formats": "O,D",
                    "meeting_name": format!("{prefix} {day}"),
                    "location_text": "Community Centre",
                    "location_street": "1 Quay Road",
                    "location_municipality": "Portmere",
                    "virtual_meeting_link": if i % 2 == 0 { "" } else { "https://meet.example.invalid/na" },
                    "published": "1"
                })
            })
            .collect(),
    )
}

fn weekday_name(day: NaiveDate) -> &'static str {
    [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ][day.weekday().num_days_from_sunday() as usize]
}

/// Wait until the input `testid` holds `want`.
async fn wait_value(h: &Harness, testid: &str, want: &str) -> Result<()> {
    let mut now = String::new();
    let holds = within_async(UI, Duration::from_millis(150), async || {
        now = h.value(testid).await?;
        Ok((now == want).then_some(()))
    });
    if holds.await?.is_none() {
        bail!("{testid} holds {now:?}, not {want:?}");
    }
    Ok(())
}

async fn import_list(h: &mut Harness, file: &Path) -> Result<String> {
    h.set_file_to_open(file)?;
    h.scroll_to("meeting-list-import").await?;
    h.click("meeting-list-import").await?;
    match h
        .wait_for_any(&["meeting-list-summary", "meeting-list-error"], UI)
        .await?
    {
        "meeting-list-summary" => h.text("meeting-list-summary").await,
        _ => bail!(
            "the meeting list was refused: {:?}",
            h.text("meeting-list-error").await?
        ),
    }
}

/// The `data-testid` of the element that has the focus, or null.
async fn focused(h: &Harness) -> Result<Value> {
    h.js(
        "return document.activeElement?.getAttribute('data-testid') ?? null;",
        vec![],
    )
    .await
}

/// Every logged meeting, through the app's own command.
async fn logged_meetings(h: &Harness) -> Result<Value> {
    match call(h, "meetings", json!({ "filter": {} })).await {
        Ok(v) => Ok(v),
        Err(_) => {
            call(
                h,
                "meetings",
                json!({ "filter": { "from": null, "to": null, "format": null, "group": null } }),
            )
            .await
        }
    }
}

async fn meeting_list_two_clicks(h: &mut Harness) -> Result<()> {
    create_journal(h, PASSPHRASE, days_from(today(), -50)).await?;
    let list = h.pick_dir().join("area-meetings.json");
    fs::write(&list, serde_json::to_vec(&bmlt_list("Hope"))?)?;
    go(h, "meetings", "meetings-screen").await?;

    // A malformed file first: a clear message, nothing imported.
    let broken = h.pick_dir().join("broken.json");
    fs::write(&broken, b"[{\"meeting_name\": \"Half a meeting\"")?;
    h.set_file_to_open(&broken)?;
    h.scroll_to("meeting-list-import").await?;
    h.click("meeting-list-import").await?;
    h.wait_for("meeting-list-error", UI).await?;
    let said = h.text("meeting-list-error").await?;
    ensure!(
        said.contains(&error_wording(
            "keeping.meetingList",
            "MEETING_LIST_MALFORMED"
        )?),
        "a broken list says {said:?}"
    );
    ensure!(
        call(h, "meeting_list", json!({ "query": "", "weekday": null }))
            .await?
            .as_array()
            .map(Vec::len)
            == Some(0),
        "a broken file left meetings in the list"
    );

    let summary = import_list(h, &list).await?;
    h.step(&format!("imported: {summary}"));
    ensure!(
        summary.contains('7'),
        "the summary does not count 7 meetings: {summary:?}"
    );
    h.screenshot("list-imported").await?;

    // Two clicks: today's listed meeting, then save.
    let today_name = format!("Hope {}", weekday_name(today()));
    h.click("log-meeting").await?;
    h.wait_for("meeting-form", UI).await?;
    h.wait_for("listed-meetings", UI).await?;
    let listed = texts(h, "listed-meeting").await?;
    ensure!(
        listed.len() == 1 && listed[0].contains(&today_name),
        "today's listed meetings are {listed:?}, expected only {today_name}"
    );
    h.screenshot("listed-today").await?;
    h.click("listed-meeting").await?;
    wait_value(h, "meeting-name", &today_name).await?;
    h.click("meeting-save").await?;
    h.wait_for("meeting-saved", UI).await?;
    ensure!(
        count(h, "meeting-item").await? == 1,
        "one meeting should be logged"
    );
    ensure!(
        texts(h, "meeting-item").await?[0].contains(&today_name),
        "the logged meeting is not {today_name}"
    );
    h.screenshot("logged-from-list").await?;

    // Reimport a changed list: the list changes, the attendance stays as it was.
    let mut changed = bmlt_list("Hope");
    let idx = today().weekday().num_days_from_sunday() as usize;
    changed[idx]["meeting_name"] = json!(format!("Renamed {}", weekday_name(today())));
    fs::write(&list, serde_json::to_vec(&changed)?)?;
    let summary = import_list(h, &list).await?;
    h.step(&format!("reimported: {summary}"));
    let listed = call(
        h,
        "meeting_list",
        json!({ "query": "Renamed", "weekday": null }),
    )
    .await?;
    ensure!(
        listed.as_array().map(Vec::len) == Some(1),
        "the renamed meeting is not in the list: {listed}"
    );
    let logged = logged_meetings(h).await?;
    ensure!(
        logged.to_string().contains(&today_name) && !logged.to_string().contains("Renamed"),
        "reimporting changed the attendance record"
    );

    // Removing the list asks first: the focus goes to the safe choice, Escape keeps the list.
    h.scroll_to("meeting-list-clear").await?;
    h.click("meeting-list-clear").await?;
    h.wait_for("meeting-list-clear-cancel", UI).await?;
    h.screenshot("meeting-list-clear-asks").await?;
    ensure!(
        focused(h).await? == json!("meeting-list-clear-cancel"),
        "the question did not move the focus to its safe choice"
    );
    h.press(Key::Escape).await?;
    h.wait_for("meeting-list-clear", UI).await?;
    ensure!(
        focused(h).await? == json!("meeting-list-clear"),
        "Escape did not return the focus to the remove button"
    );
    let kept = call(h, "meeting_list_count", json!({})).await?;
    ensure!(
        kept.as_u64().is_some_and(|n| n > 0),
        "Escape removed the list"
    );
    // Yes: the list goes, what was logged stays.
    h.click("meeting-list-clear").await?;
    h.click("meeting-list-clear-confirm").await?;
    h.wait_for("meeting-list-cleared", UI).await?;
    let left = call(h, "meeting_list_count", json!({})).await?;
    ensure!(
        left == json!(0),
        "the list holds {left} meetings after removal"
    );
    let logged = logged_meetings(h).await?;
    ensure!(
        logged.to_string().contains(&today_name),
        "removing the list changed the attendance record"
    );
    Ok(())
}

journey!(k5_meeting_list_two_clicks, meeting_list_two_clicks);

async fn restore_on_a_new_computer(h: &mut Harness) -> Result<()> {
    let recovery_key = create_journal(h, PASSPHRASE, days_from(today(), -90)).await?;
    save(
        h,
        "meeting",
        meeting(&iso(today()), "Carried Over Group", "inPerson", "Old Mill"),
    )
    .await?;
    let (backup, records) = back_up_now(h).await?;
    // Keep the backup outside the chooser's folder, as on a USB stick.
    let stick = tempfile::tempdir()?;
    let on_stick = stick.path().join("journal.jbackup");
    fs::rename(&backup, &on_stick)?;
    lock_via_ui(h).await?;
    // The new computer: an empty data folder.
    let _old = empty_data_dir(h).await?;
    h.launch_again().await?;
    h.wait_for("welcome-screen", UI).await?;
    h.click("welcome-restore").await?;
    // The passphrase is forgotten: the recovery key and a new passphrase.
    let opener = Opener::RecoveryKey {
        key: &recovery_key,
        new_passphrase: NEW_PASSPHRASE,
    };
    match check_backup(h, &on_stick, opener).await? {
        "restore-summary" => {}
        _ => bail!(
            "the backup was refused on the new computer: {:?}",
            h.text("restore-error").await?
        ),
    }
    ensure!(
        h.number("restore-summary-total").await? == records as i64,
        "the summary does not count the {records} entries backed up"
    );
    h.screenshot("new-computer-summary").await?;
    h.click("restore-confirm").await?;
    h.wait_for("dashboard", KDF).await?;
    go(h, "meetings", "meetings-screen").await?;
    ensure!(
        h.page_contains("Carried Over Group").await?,
        "the meeting did not come over"
    );
    lock_via_ui(h).await?;
    ensure!(
        try_unlock(h, NEW_PASSPHRASE).await?,
        "the new passphrase does not open the restored journal"
    );
    Ok(())
}

journey!(k6_restore_on_a_new_computer, restore_on_a_new_computer);
