//! Promise 4: a tampered record, a damaged key slot and bad files: calm messages, nothing
//! else lost, the files left as they were.

use std::fs;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::harness::{KDF, LaunchOptions, UI};
use recovery_journal_e2e::journey;
use recovery_journal_e2e::journeys::{
    NEW_PASSPHRASE, PASSPHRASE, create_journal, submit_recovery, unlock,
};
use recovery_journal_e2e::page::{NEW_ID, en, lock_via_ui, save};
use recovery_journal_e2e::screens::{go, iso};
use recovery_journal_e2e::system::{self};
use serde_json::json;

use crate::unlock_wording;

// ----- promise 4: tampering and bad files -----

const JOURNAL: &str = "journal.sqlite";

fn uuid_bytes(id: &str) -> Result<Vec<u8>> {
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    ensure!(hex.len() == 32, "not a UUID: {id}");
    (0..16)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).map_err(Into::into))
        .collect()
}

/// The stored blob of the record with this id (read-only).
fn blob_of(path: &Path, id: &str) -> Result<Vec<u8>> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(conn.query_row(
        "SELECT blob FROM record WHERE id = ?1",
        [uuid_bytes(id)?],
        |r| r.get(0),
    )?)
}

/// Files in the data directory besides the journal itself and the app's empty lock files.
fn sidecars(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n != JOURNAL && !recovery_journal_e2e::LOCK_FILES.contains(&n.as_str()))
                .collect()
        })
        .unwrap_or_default()
}

async fn tampered_record(h: &mut Harness) -> Result<()> {
    create_journal(h, PASSPHRASE, days_from(today(), -200)).await?;
    let names = [
        "Monday Serenity",
        "Tuesday Hope",
        "Wednesday Basics",
        "Thursday Steps",
    ];
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let m = save(
            h,
            "meeting",
            json!({ "id": NEW_ID, "date": iso(days_from(today(), -(i as i64))), "startTime": null, "durationMinutes": 60,
                    "name": name, "group": "", "formats": [], "attendance": "inPerson", "place": "", "serviceRole": "",
                    "shared": false, "notes": "" }),
        )
        .await?;
        ids.push(m["id"].as_str().context("meeting id")?.to_string());
    }
    save(
        h,
        "contact",
        json!({ "id": NEW_ID, "name": "Jordan P", "phone": "555 0142", "email": "", "role": "sponsor",
                "cleanDate": null, "homeGroup": "", "serviceCommitment": "", "serviceTermStart": null,
                "serviceTermEnd": null, "sponseeStep": null, "lastContact": null, "notes": "" }),
    )
    .await?;
    lock_via_ui(h).await?; // checkpoints the WAL into the file
    h.close_window().await?;

    // Flip one byte in the middle of the second meeting's blob, in the file itself (no SQLite
    // writes: the blob is found by its bytes, like damage on disk would be).
    let path = h.data_dir().join(JOURNAL);
    ensure!(
        sidecars(h.data_dir()).is_empty(),
        "after a clean exit the data directory still holds {:?}",
        sidecars(h.data_dir())
    );
    let victim = 1;
    let blob = blob_of(&path, &ids[victim])?;
    let mut bytes = fs::read(&path)?;
    let at = system::find_all(&bytes, &blob);
    ensure!(at.len() == 1, "the blob is in the file {} times", at.len());
    let flip = at[0] + blob.len() / 2;
    bytes[flip] ^= 0x5a;
    fs::write(&path, &bytes)?;
    let tampered_blob = blob_of(&path, &ids[victim])?;
    ensure!(
        tampered_blob != blob,
        "the flip did not change the stored blob"
    );
    h.step(&format!(
        "flipped byte {flip} of the file (inside the {} B blob of meeting {victim})",
        blob.len()
    ));

    h.launch_again().await?;
    unlock(h, PASSPHRASE).await?;
    h.wait_for("damaged-notice", UI).await?;
    let notice = h.text("damaged-notice").await?;
    let want = en("dashboard.damaged.one")?;
    ensure!(
        notice == want,
        "damaged-notice says {notice:?}, expected {want:?}"
    );
    h.screenshot("damaged-notice").await?;
    go(h, "meetings", "meetings-screen").await?;
    let page = h.body_text().await?;
    for (i, name) in names.iter().enumerate() {
        let shown = page.contains(name);
        ensure!(
            shown == (i != victim),
            "meeting {name:?} is {} on the meetings screen",
            if shown { "shown" } else { "missing" }
        );
    }
    h.screenshot("other-meetings").await?;
    go(h, "contacts", "contacts-screen").await?;
    ensure!(
        h.page_contains("Jordan P").await?,
        "the contact is not shown"
    );
    // Writing still works next to a damaged record.
    save(
        h,
        "meeting",
        json!({ "id": NEW_ID, "date": iso(today()), "startTime": null, "durationMinutes": null, "name": "Friday After",
                "group": "", "formats": [], "attendance": "online", "place": "", "serviceRole": "", "shared": true, "notes": "" }),
    )
    .await?;
    lock_via_ui(h).await?;
    h.close_window().await?;
    ensure!(
        blob_of(&path, &ids[victim])? == tampered_blob,
        "the damaged record was changed or removed on disk"
    );
    h.ensure_no_panic()?;
    Ok(())
}

journey!(
    promise4_tampered_record,
    LaunchOptions::default(),
    tampered_record
);

/// The passphrase slot (kind 1) as stored, read without writing.
fn passphrase_slot(path: &Path) -> Result<Vec<u8>> {
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    Ok(conn.query_row("SELECT slot FROM key_slot WHERE kind = 1", [], |r| r.get(0))?)
}

/// Unlock with `passphrase` and expect the unlock screen's words for `code`, with the app
/// still running (used for damaged key slots and bad files).
async fn expect_unlock_refused(h: &mut Harness, passphrase: &str, code: &str) -> Result<()> {
    h.wait_for("unlock-screen", KDF).await?;
    h.type_into("unlock-passphrase", passphrase).await?;
    h.click("unlock-submit").await?;
    let shown = h.wait_for_any(&["unlock-error", "dashboard"], KDF).await?;
    ensure!(shown == "unlock-error", "the app opened it ({shown})");
    let said = h.text("unlock-error").await?;
    let want = unlock_wording(code)?;
    ensure!(
        said.contains(&want),
        "unlock-error says {said:?}; expected the app's words for {code}: {want:?}"
    );
    ensure!(
        h.app_processes().len() == 1,
        "the app is not running any more"
    );
    Ok(())
}

async fn tampered_key_slot(h: &mut Harness) -> Result<()> {
    let recovery_key = create_journal(h, PASSPHRASE, days_from(today(), -120)).await?;
    save(
        h,
        "meeting",
        json!({ "id": NEW_ID, "date": iso(today()), "startTime": null, "durationMinutes": 60,
                "name": "Lakeside Hope", "group": "", "formats": [], "attendance": "inPerson", "place": "",
                "serviceRole": "", "shared": false, "notes": "" }),
    )
    .await?;
    lock_via_ui(h).await?;
    h.close_window().await?;
    let path = h.data_dir().join(JOURNAL);
    let real = fs::read(&path)?;
    let slot = passphrase_slot(&path)?;
    ensure!(
        slot.len() == 110,
        "the passphrase slot is {} bytes",
        slot.len()
    );
    let at = system::find_all(&real, &slot);
    ensure!(at.len() == 1, "the slot is in the file {} times", at.len());
    let at = at[0];

    // 1. Key-derivation settings no honest file has (4 GiB of memory): refused before any
    //    work is done, with the words for a damaged slot.
    let mut bytes = real.clone();
    bytes[at + 10..at + 14].copy_from_slice(&u32::MAX.to_be_bytes());
    fs::write(&path, &bytes)?;
    h.step("passphrase slot asks for 4 GiB of key-derivation memory");
    h.launch_again().await?;
    let started = Instant::now();
    expect_unlock_refused(h, PASSPHRASE, "KEY_SLOT_DAMAGED").await?;
    h.step(&format!(
        "refused in {:.1}s",
        started.elapsed().as_secs_f64()
    ));
    h.screenshot("slot-impossible-settings").await?;
    h.close_window().await?;
    ensure!(fs::read(&path)? == bytes, "the file was changed");

    // 2. One flipped byte in the wrapped master key: authentication fails. It is told the
    //    same way as a wrong passphrase (the app cannot tell them apart, by design: there is
    //    no stored hash to compare with).
    let mut bytes = real.clone();
    bytes[at + 80] ^= 0x01;
    fs::write(&path, &bytes)?;
    h.step("one bit flipped in the wrapped master key of the passphrase slot");
    h.launch_again().await?;
    expect_unlock_refused(h, PASSPHRASE, "WRONG_PASSPHRASE").await?;
    h.screenshot("slot-flipped-byte").await?;
    ensure!(
        fs::read(&path)? == bytes,
        "the file was changed by a failed unlock"
    );

    // 3. The recovery key has its own slot: it still opens everything and sets a new
    //    passphrase, which replaces the damaged slot.
    h.click("use-recovery-key").await?;
    match submit_recovery(h, &recovery_key, NEW_PASSPHRASE).await? {
        "recovery-error" => bail!(
            "the recovery key was refused: {:?}",
            h.text("recovery-error").await?
        ),
        "recovery-key" => {
            h.click("recovery-key-confirm").await?;
            h.click("recovery-key-continue").await?;
            h.wait_for("dashboard", KDF).await?;
        }
        _ => {}
    }
    go(h, "meetings", "meetings-screen").await?;
    ensure!(
        h.page_contains("Lakeside Hope").await?,
        "the meeting is not shown after recovering"
    );
    lock_via_ui(h).await?;
    h.close_window().await?;
    ensure!(
        passphrase_slot(&path)? != slot,
        "the damaged passphrase slot was not replaced"
    );
    h.launch_again().await?;
    unlock(h, NEW_PASSPHRASE).await?;
    h.screenshot("new-passphrase-opens").await?;
    h.ensure_no_panic()?;
    Ok(())
}

journey!(
    promise4_tampered_key_slot,
    LaunchOptions::default(),
    tampered_key_slot
);

async fn bad_files_untouched(h: &mut Harness) -> Result<()> {
    create_journal(h, PASSPHRASE, days_from(today(), -60)).await?;
    lock_via_ui(h).await?;
    h.close_window().await?;
    let path = h.data_dir().join(JOURNAL);
    let real = fs::read(&path)?;
    let work = tempfile::tempdir()?;

    // Another program's SQLite file (a browser-history-like database).
    let foreign_path = work.path().join("places.sqlite");
    {
        let conn = rusqlite::Connection::open(&foreign_path)?;
        conn.execute_batch(
            "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT, title TEXT);
             INSERT INTO moz_places (url, title) VALUES ('https://example.org/', 'Example');
             PRAGMA user_version = 7;",
        )?;
    }
    // A journal saved by a newer version of the app.
    let newer_path = work.path().join("newer.sqlite");
    fs::write(&newer_path, &real)?;
    {
        let conn = rusqlite::Connection::open(&newer_path)?;
        conn.execute_batch("PRAGMA user_version = 99;")?;
    }
    let newer = fs::read(&newer_path)?;
    ensure!(
        newer[60..64] == 99u32.to_be_bytes(),
        "user_version was not set to 99"
    );
    let mut not_sqlite = Vec::new();
    for i in 0..200 {
        not_sqlite
            .extend_from_slice(format!("line {i}: my shopping list, not a journal\n").as_bytes());
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", Vec::new(), "EMPTY_FILE"),
        ("not-sqlite", not_sqlite, "NOT_A_JOURNAL"),
        (
            "foreign-sqlite",
            fs::read(&foreign_path)?,
            "FOREIGN_DATABASE",
        ),
        ("newer-version", newer, "NEWER_VERSION"),
        // Cut in half, as an interrupted copy to a USB stick would leave it.
        ("truncated", real[..real.len() / 2].to_vec(), "CORRUPT"),
    ];
    for (name, bytes, code) in &cases {
        h.step(&format!(
            "journal file: {name} ({} B), expecting {code}",
            bytes.len()
        ));
        for extra in sidecars(h.data_dir()) {
            fs::remove_file(h.data_dir().join(extra))?;
        }
        fs::write(&path, bytes)?;
        h.launch_again().await?;
        // The file is there, so the app asks for the passphrase; opening it tells what is wrong.
        expect_unlock_refused(h, PASSPHRASE, code)
            .await
            .with_context(|| format!("{name} ({code})"))?;
        h.screenshot(name).await?;
        h.close_window().await?;
        let after = fs::read(&path)?;
        ensure!(
            &after == bytes,
            "{name}: the file was changed ({} B before, {} B after)",
            bytes.len(),
            after.len()
        );
        let extra = sidecars(h.data_dir());
        ensure!(
            extra.is_empty(),
            "{name}: the app left files beside the journal: {extra:?}"
        );
    }
    // The real journal still opens (the passphrase was right all along).
    fs::write(&path, &real)?;
    h.launch_again().await?;
    unlock(h, PASSPHRASE).await?;
    h.screenshot("real-journal-opens").await?;
    h.ensure_no_panic()?;
    Ok(())
}

journey!(
    promise4_bad_files_untouched,
    LaunchOptions::default(),
    bad_files_untouched
);
