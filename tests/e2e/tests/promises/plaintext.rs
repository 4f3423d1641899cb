//! Promise 1: no plaintext on disk, after a clean quit or a SIGKILL, anywhere the app or
//! WebKit could have written.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::harness::{LaunchOptions, UI};
use recovery_journal_e2e::journey;
use recovery_journal_e2e::journeys::{PASSPHRASE, create_journal};
use recovery_journal_e2e::page::{NEW_ID, call, lock_via_ui, save};
use recovery_journal_e2e::screens::{click_in_item, go, iso};
use recovery_journal_e2e::system::{
    self, FakeSystem, ScanOptions, ScanReport, hint, list_files, needles, new_canary, scan_tree,
};
use serde_json::json;

use crate::wait_js;

// ----- promise 1: no plaintext on disk -----

/// Every field the canary went into, for the report.
struct Written {
    kinds: BTreeSet<String>,
}

/// Through the real app, write the canary into every kind of record (UI where practical, IPC
/// where the screen would take many steps), search for it, edit and delete some.
async fn write_canary_everywhere(h: &mut Harness, c: &str) -> Result<Written> {
    let today_s = iso(today());
    let mut kinds = BTreeSet::new();
    create_journal(h, PASSPHRASE, days_from(today(), -400)).await?;

    // -- IPC (`save_record`): the clean date's note is only written when starting again, and
    //    the step screens need many clicks per record; these are the shapes the UI sends.
    let dates = call(h, "clean_dates", json!({})).await?;
    let mut current = dates
        .as_array()
        .and_then(|a| a.first())
        .cloned()
        .context("no clean date after creating the journal")?;
    current["note"] = json!(format!("My clean date note {c}"));
    save(h, "cleanDate", current).await?; // an edit of an existing record
    kinds.insert("cleanDate".to_string());

    call(
        h,
        "set_step_status",
        json!({ "step": 4, "status": "working" }),
    )
    .await?;
    let page = call(h, "step_page", json!({ "step": 4 })).await?;
    let mut work = page["overview"]["work"].clone();
    work["principle"] = json!(format!("Courage {c}"));
    save(h, "stepWork", work).await?;
    kinds.insert("stepWork".to_string());

    let note = save(
        h,
        "stepNote",
        json!({ "id": NEW_ID, "step": 4, "date": today_s, "title": format!("Note {c}"), "text": format!("Step four writing {c}") }),
    )
    .await?;
    kinds.insert("stepNote".to_string());
    save(
        h,
        "stepQuestion",
        json!({ "id": NEW_ID, "step": 4, "position": 0, "askedBy": "sponsor", "question": format!("What about {c}?"), "answer": format!("Answer {c}") }),
    )
    .await?;
    kinds.insert("stepQuestion".to_string());
    for who in ["first", "second"] {
        save(
            h,
            "inventoryRow",
            json!({ "id": NEW_ID, "position": if who == "first" { 0 } else { 1 }, "whoOrWhat": format!("{who} {c}"),
                    "whatHappened": format!("happened {c}"), "affectsMe": format!("affects {c}"),
                    "myPart": format!("part {c}"), "fears": format!("fears {c}") }),
        )
        .await?;
    }
    kinds.insert("inventoryRow".to_string());
    let amend = save(
        h,
        "amend",
        json!({ "id": NEW_ID, "person": format!("Person {c}"), "harm": format!("Harm {c}"), "status": "planned", "date": null, "notes": format!("Amends notes {c}") }),
    )
    .await?;
    kinds.insert("amend".to_string());
    save(
        h,
        "nightlyReview",
        json!({ "id": NEW_ID, "date": today_s, "wentWell": format!("well {c}"), "struggles": format!("struggles {c}"),
                "oweAmends": format!("owe {c}"), "gratefulFor": format!("grateful {c}"), "tomorrow": format!("tomorrow {c}") }),
    )
    .await?;
    kinds.insert("nightlyReview".to_string());
    let mut settings = call(h, "get_settings", json!({})).await?;
    settings["homeGroup"] = json!(format!("Home group {c}"));
    save(h, "settings", settings).await?;
    kinds.insert("settings".to_string());

    // IPC edits and deletes: a new text for the step note, the amend deleted, one inventory
    // row deleted.
    let mut note2 = note.clone();
    note2["text"] = json!(format!("Step four writing, revised {c}"));
    save(h, "stepNote", note2).await?;
    let amend_id = amend["id"].as_str().context("amend id")?.to_string();
    call(
        h,
        "delete_record",
        json!({ "kind": "amend", "id": amend_id }),
    )
    .await?;
    // Keep one amend so the kind stays on disk.
    save(
        h,
        "amend",
        json!({ "id": NEW_ID, "person": format!("Another {c}"), "harm": format!("Harm two {c}"), "status": "made", "date": today_s, "notes": format!("made {c}") }),
    )
    .await?;
    let rows = call(h, "inventory", json!({})).await?;
    let second = rows
        .as_array()
        .and_then(|a| {
            a.iter().find(|r| {
                r["whoOrWhat"]
                    .as_str()
                    .is_some_and(|w| w.starts_with("second"))
            })
        })
        .context("the second inventory row is not listed")?;
    call(
        h,
        "delete_record",
        json!({ "kind": "inventoryRow", "id": second["id"] }),
    )
    .await?;

    // -- UI: a meeting (name and notes), then edited.
    go(h, "meetings", "meetings-screen").await?;
    h.click("log-meeting").await?;
    h.wait_for("meeting-form", UI).await?;
    let meeting_name = format!("Tuesday {c}");
    h.type_into("meeting-name", &meeting_name).await?;
    h.type_into("meeting-notes", &format!("I shared about {c}"))
        .await?;
    h.screenshot("meeting-form").await?;
    h.click("meeting-save").await?;
    h.wait_for("meeting-saved", UI).await?;
    h.wait_gone("meeting-form", UI).await?;
    click_in_item(h, "meeting-item", &meeting_name, "meeting-edit").await?;
    h.wait_for("meeting-form", UI).await?;
    h.type_into("meeting-notes", &format!("I shared again about {c}"))
        .await?;
    h.click("meeting-save").await?;
    h.wait_gone("meeting-form", UI).await?;
    h.wait_for("meeting-saved", UI).await?;
    h.screenshot("meetings").await?;
    kinds.insert("meeting".to_string());

    // -- UI: two contacts (name and phone); the second deleted.
    go(h, "contacts", "contacts-screen").await?;
    for (who, phone) in [("Sam", "555 0101"), ("Alex", "555 0102")] {
        h.click("add-contact").await?;
        h.wait_for("contact-form", UI).await?;
        h.type_into("contact-name", &format!("{who} {c}")).await?;
        h.type_into("contact-phone", &format!("{phone} {c}"))
            .await?;
        h.click("contact-save").await?;
        h.wait_gone("contact-form", UI).await?;
        h.wait_for("contact-saved", UI).await?;
    }
    h.screenshot("contacts").await?;
    click_in_item(h, "contact-item", &format!("Alex {c}"), "contact-delete").await?;
    h.wait_for("confirm-delete", UI).await?;
    click_in_item(h, "contact-item", &format!("Alex {c}"), "confirm-delete").await?;
    wait_js(
        h,
        "the deleted contact leaves the list",
        r#"return ![...document.querySelectorAll('[data-testid="contact-item"]')]
              .some(e => (e.innerText || '').includes(arguments[0]));"#,
        vec![json!(format!("Alex {c}"))],
        UI,
    )
    .await?;
    kinds.insert("contact".to_string());

    // -- UI: today's journal text and a gratitude item (autosaved).
    go(h, "journal", "journal-screen").await?;
    h.wait_for("journal-editor", UI).await?;
    h.type_into("journal-text", &format!("Today I wrote {c} in my journal"))
        .await?;
    h.type_into("gratitude-input", &format!("Grateful for {c}"))
        .await?;
    h.click("gratitude-add").await?;
    h.wait_for("gratitude-item", UI).await?;
    wait_js(
        h,
        "the journal entry is autosaved",
        r#"const e = document.querySelector('[data-testid="journal-save-state"]');
           return !!e && e.getAttribute('data-state') === 'saved';"#,
        vec![],
        Duration::from_secs(20),
    )
    .await?;
    h.screenshot("journal").await?;
    kinds.insert("journalEntry".to_string());

    // -- UI: search for the canary (lower-case: the app folds case).
    go(h, "search", "search-screen").await?;
    h.type_into("search-input", &c.to_lowercase()).await?;
    wait_js(
        h,
        "search results for the canary",
        r#"return document.querySelectorAll('[data-testid="search-result"]').length >= 5;"#,
        vec![],
        UI,
    )
    .await?;
    h.screenshot("search").await?;
    let hits = call(h, "search", json!({ "query": c })).await?;
    let found: BTreeSet<String> = hits
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["kind"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    h.step(&format!("search finds the canary in: {found:?}"));
    for kind in [
        "meeting",
        "contact",
        "journalEntry",
        "stepNote",
        "inventoryRow",
        "amend",
    ] {
        ensure!(
            found.contains(kind),
            "searching for the canary finds no {kind} (found {found:?})"
        );
    }
    Ok(Written { kinds })
}

/// Everywhere the app, WebKitGTK or anything they start could have written during the test.
fn scan_everywhere(
    h: &Harness,
    fake: &FakeSystem,
    c: &str,
    started: SystemTime,
) -> (ScanReport, Vec<String>) {
    let ns = needles(c);
    let mut report = ScanReport::default();
    let mut places = Vec::new();
    // The journal and its -wal/-shm/-journal files: the whole data directory.
    report.merge(scan_tree(h.data_dir(), &ns, &ScanOptions::default()));
    places.push(format!("data dir {}", h.data_dir().display()));
    // The app's whole HOME (~/.local/share, ~/.cache, ~/.config, recently-used.xbel),
    // runtime directory (the webview directory) and TMPDIR.
    report.merge(scan_tree(fake.root(), &ns, &ScanOptions::default()));
    places.push(format!("fake HOME/XDG/TMPDIR {}", fake.root().display()));
    // The app's stdout/stderr, as captured in this test's log.
    report.merge(scan_tree(h.log_path(), &ns, &ScanOptions::default()));
    places.push(format!("app log {}", h.log_path().display()));
    // Shared places, only what changed since the test started.
    let recent = ScanOptions {
        since: Some(started),
        max_file_bytes: 256 << 20,
        skip: vec![fake.root().to_path_buf(), h.data_dir().to_path_buf()],
        ..ScanOptions::default()
    };
    let mut shared: Vec<PathBuf> = vec!["/tmp".into(), "/var/tmp".into(), "/dev/shm".into()];
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        for sub in [".local/share", ".local/state", ".cache", ".config"] {
            shared.push(home.join(sub));
        }
    }
    for root in shared {
        report.merge(scan_tree(&root, &ns, &recent));
        places.push(format!(
            "{} (changed since the test started)",
            root.display()
        ));
    }
    (report, places)
}

fn assert_no_hits(report: &ScanReport, places: &[String], c: &str) -> Result<()> {
    ensure!(
        report.hits.is_empty(),
        "the canary ({}) is on disk in plaintext:\n  {}\n(scanned: {})",
        hint(c),
        report
            .hits
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n  "),
        places.join("; ")
    );
    Ok(())
}

/// The app's pid (not a wrapper's) and its process tree, for the report.
pub(super) fn describe_app_tree(h: &Harness) -> String {
    let pids = h.app_processes();
    let mut lines = Vec::new();
    for pid in pids {
        for p in system::process_tree(pid) {
            lines.push(format!("{} {} (parent {})", p.pid, p.name, p.ppid));
        }
    }
    lines.join(", ")
}

/// The app process saw the fake environment (so the scan covers where it wrote).
fn check_app_env(h: &Harness, fake: &FakeSystem) -> Result<()> {
    let pids = h.app_processes();
    ensure!(!pids.is_empty(), "the app is not running");
    for pid in pids {
        let env = system::environ(pid);
        let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        for (k, v) in fake.env() {
            let want = v.to_string_lossy().into_owned();
            ensure!(
                get(&k).as_deref() == Some(want.as_str()),
                "app process {pid} has {k}={:?}, not the test's {want:?}: the scan would miss where it writes",
                get(&k)
            );
        }
    }
    Ok(())
}

async fn no_plaintext(
    h: &mut Harness,
    fake: &FakeSystem,
    started: SystemTime,
    kill: bool,
) -> Result<()> {
    let c = new_canary();
    h.step(&format!(
        "canary {} (random per run; never printed whole)",
        hint(&c)
    ));
    check_app_env(h, fake)?;
    let written = write_canary_everywhere(h, &c).await?;
    h.step(&format!("the canary is in: {:?}", written.kinds));
    h.step(&format!("app processes: {}", describe_app_tree(h)));
    let webview = fake.webview_dirs();
    ensure!(
        webview.len() == 1,
        "expected one recovery-journal-webview-* directory in the app's runtime directory, found {webview:?}"
    );

    if kill {
        // Killed while unlocked, on the search screen with the canary on it.
        h.kill_app().await?;
        let left = fake.webview_dirs();
        let files: Vec<(PathBuf, u64)> = left.iter().flat_map(|d| list_files(d)).collect();
        h.note(format!(
            "after SIGKILL the webview directory remains ({} dir(s)) with {} file(s): {}",
            left.len(),
            files.len(),
            files
                .iter()
                .map(|(p, n)| format!(
                    "{} ({n} B)",
                    p.strip_prefix(fake.runtime()).unwrap_or(p).display()
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let data: Vec<String> = list_files(h.data_dir())
            .into_iter()
            .map(|(p, n)| {
                format!(
                    "{} ({n} B)",
                    p.file_name().unwrap_or_default().to_string_lossy()
                )
            })
            .collect();
        h.note(format!(
            "after SIGKILL the data directory holds: {}",
            data.join(", ")
        ));
    } else {
        lock_via_ui(h).await?;
        ensure!(
            !h.dom_contains(&c).await?,
            "after locking, the canary is still in the page's DOM"
        );
        h.screenshot("locked").await?;
        h.close_window().await?;
        let left = fake.webview_dirs();
        let files: Vec<(PathBuf, u64)> = left.iter().flat_map(|d| list_files(d)).collect();
        ensure!(
            files.is_empty(),
            "after a clean exit the webview directory still holds files: {files:?}"
        );
        ensure!(
            left.is_empty(),
            "after a clean exit the (empty) webview directory was not removed: {left:?}"
        );
        let data: Vec<String> = list_files(h.data_dir())
            .into_iter()
            .map(|(p, n)| {
                format!(
                    "{} ({n} B)",
                    p.file_name().unwrap_or_default().to_string_lossy()
                )
            })
            .collect();
        h.step(&format!(
            "after a clean exit the data directory holds: {}",
            data.join(", ")
        ));
    }

    // Controls: the canary planted by the test in the app's cache (UTF-16LE) and in the real
    // /tmp must be found by this very scan, and be the only hits.
    let planted_cache = fake.cache_home().join("e2e-control/planted");
    fs::create_dir_all(planted_cache.parent().unwrap())?;
    fs::write(&planted_cache, system::utf16le(&c))?;
    let planted_tmp = tempfile::Builder::new()
        .prefix("recovery-journal-e2e-control-")
        .tempfile_in("/tmp")?;
    fs::write(planted_tmp.path(), c.to_lowercase())?;

    let t = Instant::now();
    let (mut report, places) = scan_everywhere(h, fake, &c, started);
    h.step(&format!(
        "scanned in {:.1}s: {}",
        t.elapsed().as_secs_f64(),
        report.summary()
    ));
    for planted in [&planted_cache, &planted_tmp.path().to_path_buf()] {
        ensure!(
            report.hits.iter().any(|hit| &hit.path == planted),
            "the scan missed the control canary planted in {}: it cannot be trusted",
            planted.display()
        );
    }
    report
        .hits
        .retain(|hit| hit.path != planted_cache && hit.path != planted_tmp.path());
    ensure!(
        report.read.iter().any(|p| p.ends_with("journal.sqlite")),
        "the scan did not read the journal file (read {} files)",
        report.files
    );
    assert_no_hits(&report, &places, &c)?;
    Ok(())
}

/// When the test began (a second early: file times are compared by the second) and the fake
/// HOME/XDG/TMPDIR the app runs in.
fn isolated() -> (SystemTime, FakeSystem) {
    let started = SystemTime::now() - Duration::from_secs(1);
    let fake = FakeSystem::new().expect("making the fake HOME/XDG directories");
    (started, fake)
}

/// The app launched in `fake`.
fn isolated_launch(fake: &FakeSystem) -> LaunchOptions {
    LaunchOptions {
        env: fake.env(),
        ..LaunchOptions::default()
    }
}

journey!(
    promise1_no_plaintext_clean_quit,
    let sys = isolated(),
    isolated_launch(&sys.1),
    async |h: &mut Harness| no_plaintext(h, &sys.1, sys.0, false).await
);
journey!(
    promise1_no_plaintext_after_sigkill,
    let sys = isolated(),
    isolated_launch(&sys.1),
    async |h: &mut Harness| no_plaintext(h, &sys.1, sys.0, true).await
);

/// The scanner finds a planted canary in each encoding, in each place the promise tests
/// look, and ignores old files only where it should: without this the tests above could not
/// fail.
#[test]
fn promise1_scanner_self_check() {
    let started = SystemTime::now() - Duration::from_secs(1);
    let c = new_canary();
    assert!(c.starts_with("Canary") && c.len() == 18);
    assert_ne!(c, new_canary(), "canaries must differ between runs");
    let fake = FakeSystem::new().unwrap();
    let ns = needles(&c);
    let plant = |path: &Path, bytes: &[u8]| {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut data = b"some bytes before ".to_vec();
        data.extend_from_slice(bytes);
        data.extend_from_slice(b" and after");
        fs::write(path, data).unwrap();
    };
    let places = [
        (
            fake.data_home().join("app/journal.sqlite-wal"),
            c.as_bytes().to_vec(),
            "utf-8",
        ),
        (
            fake.cache_home().join("webkit/cache/blob"),
            system::utf16le(&c),
            "utf-16le",
        ),
        (
            fake.home().join(".local/share/recently-used.xbel"),
            c.to_lowercase().into_bytes(),
            "utf-8 lower-case",
        ),
        (
            fake.runtime()
                .join("recovery-journal-webview-1-x-0/storage/ls.db"),
            system::utf16le(&c.to_lowercase()),
            "utf-16le lower-case",
        ),
        (
            fake.tmp().join("a/b/c/d/e"),
            c.to_uppercase().into_bytes(),
            "utf-8 upper-case",
        ),
    ];
    for (path, bytes, _) in &places {
        plant(path, bytes);
    }
    // A FIFO must not block the walk, and a symlink to the canary must not be followed twice.
    let fifo = fake.tmp().join("fifo");
    let status = Command::new("mkfifo").arg(&fifo).status();
    assert!(status.is_ok_and(|s| s.success()), "mkfifo");
    std::os::unix::fs::symlink(&places[0].0, fake.tmp().join("link")).unwrap();
    let report = scan_tree(fake.root(), &ns, &ScanOptions::default());
    let found: BTreeSet<(PathBuf, String)> = report
        .hits
        .iter()
        .map(|h| (h.path.clone(), h.needle.clone()))
        .collect();
    for (path, _, label) in &places {
        assert!(
            found.contains(&(path.clone(), label.to_string())),
            "the scanner missed the {label} canary planted in {}: {found:?}",
            path.display()
        );
    }
    assert_eq!(report.hits.len(), places.len(), "{:?}", report.hits);
    // Offsets are exact.
    assert!(report.hits.iter().all(|h| h.offset == 18));

    // In a shared temp directory only files changed since the start are read: a planted
    // canary in a new file is found, one whose time is set to an hour ago is not.
    let shared = tempfile::tempdir().unwrap();
    let new = shared.path().join("new/nested/file");
    plant(&new, c.as_bytes());
    let old = shared.path().join("old");
    plant(&old, c.as_bytes());
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    let opts = ScanOptions {
        since: Some(started),
        ..ScanOptions::default()
    };
    // ctime cannot be set back, so an old file is simulated by a later "since".
    let recent = scan_tree(shared.path(), &ns, &opts);
    assert!(
        recent.hits.iter().any(|h| h.path == new),
        "the scanner missed a new file in a shared directory"
    );
    let later = ScanOptions {
        since: Some(SystemTime::now() + Duration::from_secs(5)),
        ..ScanOptions::default()
    };
    assert!(
        scan_tree(shared.path(), &ns, &later).hits.is_empty(),
        "files older than the test start should be skipped in shared directories"
    );
    // A file that is not a canary is not a hit, and a near miss is not either.
    let near = shared.path().join("near");
    fs::write(&near, &c.as_bytes()[..c.len() - 1]).unwrap();
    assert!(
        system::scan_file(&near, &ns).unwrap().1.is_empty(),
        "a truncated canary must not count"
    );
}
