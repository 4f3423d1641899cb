//! The privacy promises of docs/security.md, proved through the real app (WebDriver), with
//! system-level evidence: files scanned for a canary, system calls traced, a network namespace
//! with no way out, every command called while locked, damaged and foreign files.
//!
//! | test | promise |
//! | --- | --- |
//! | `promise1_scanner_self_check` | the scanner finds a planted canary in every encoding and place (so the next two can fail) |
//! | `promise1_no_plaintext_clean_quit` | a canary in every kind of record, searched, edited, deleted, locked, window closed: no trace anywhere on disk; the webview directory is gone |
//! | `promise1_no_plaintext_after_sigkill` | the same, killed with SIGKILL while unlocked: no trace anywhere; what remains of the webview directory is listed |
//! | `promise2_strace_parser_self_check` | the strace parser flags Internet addresses (so the next test can fail) |
//! | `promise2_no_network_under_strace` | a whole journey under `strace -f`: no connect/sendto/sendmsg to AF_INET/AF_INET6 from the app or any WebKit process |
//! | `promise2_no_network_namespace` | the same journey in a network namespace with only loopback works the same |
//! | `promise3_commands_refuse_while_locked` | every command in src-tauri/commands.list that needs the journal answers `LOCKED` on the unlock screen |
//! | `promise4_tampered_record` | a flipped byte in one record: unlock works, a calm notice, every other record shown, the damaged one left as it was |
//! | `promise4_tampered_key_slot` | the passphrase's key slot damaged two ways (impossible KDF settings, a flipped byte in the wrapped key): each refused with its own calm message, the file untouched; the recovery key still opens everything and replaces the slot |
//! | `promise4_bad_files_untouched` | empty, not SQLite, another program's SQLite, a newer journal, a truncated file: each its own message, the file byte-for-byte untouched |
//!
//! The canary is random per run and never printed (whatever a test prints may end up in a file
//! under /tmp, which is scanned).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, bail, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::harness::{KDF, LaunchOptions, UI, repo_root};
use recovery_journal_e2e::journeys::{
    NEW_PASSPHRASE, PASSPHRASE, create_journal, submit_recovery, unlock,
};
use recovery_journal_e2e::page::{NEW_ID, call, en, error_wording, invoke, lock_via_ui, save};
use recovery_journal_e2e::screens::{click_in_item, go, iso};
use recovery_journal_e2e::system::{
    self, FakeSystem, ScanOptions, ScanReport, hint, list_files, needles, new_canary, parse_strace,
    scan_tree,
};
use serde_json::{Value, json};

const POLL: Duration = Duration::from_millis(150);

/// Start the harness for `name` with `launch`, run `body`, and report its outcome.
macro_rules! promise {
    ($name:ident, $launch:expr, $body:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let launch: LaunchOptions = $launch;
            let mut h = match Harness::start_with(stringify!($name), launch).await {
                Ok(h) => h,
                Err(e) => panic!("could not start the app under test: {e:#}"),
            };
            let result = $body(&mut h).await;
            h.finish(result).await;
        }
    };
}

// ----- UI helpers -----

/// Wait until `cond` (a script returning a boolean) is true.
async fn wait_js(
    h: &Harness,
    what: &str,
    script: &str,
    args: Vec<Value>,
    timeout: Duration,
) -> Result<()> {
    let start = Instant::now();
    loop {
        if h.js(script, args.clone()).await?.as_bool() == Some(true) {
            return Ok(());
        }
        if start.elapsed() > timeout {
            bail!("{what}: not so within {timeout:?}\n{}", h.diagnose().await);
        }
        tokio::time::sleep(POLL).await;
    }
}

/// What the unlock screen says for an error code: its own wording, else the general one (the
/// same lookup as ui/src/lib/errors.ts `errorMessage(error, 'unlock')`).
fn unlock_wording(code: &str) -> Result<String> {
    error_wording("unlock", code)
}

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
fn describe_app_tree(h: &Harness) -> String {
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

/// Run a test with the app in a [`FakeSystem`].
macro_rules! isolated {
    ($name:ident, $kill:expr) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            // Whole seconds: file times are compared by the second.
            let started = SystemTime::now() - Duration::from_secs(1);
            let fake = FakeSystem::new().expect("making the fake HOME/XDG directories");
            let launch = LaunchOptions {
                env: fake.env(),
                ..LaunchOptions::default()
            };
            let mut h = match Harness::start_with(stringify!($name), launch).await {
                Ok(h) => h,
                Err(e) => panic!("could not start the app under test: {e:#}"),
            };
            let result = no_plaintext(&mut h, &fake, started, $kill).await;
            h.finish(result).await;
        }
    };
}

isolated!(promise1_no_plaintext_clean_quit, false);
isolated!(promise1_no_plaintext_after_sigkill, true);

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

// ----- promise 2: no network -----

/// The strace parser flags Internet addresses and only them (sample lines as strace 6 writes
/// them), so the network test can fail.
#[test]
fn promise2_strace_parser_self_check() {
    let log = r#"4242 execve("/work/target/debug/recovery-journal", ["recovery-journal", "--data-dir", "/tmp/x"], 0x7ffd /* 30 vars */) = 0
4243 execve("/usr/local/bin/dbus-launch", ["dbus-launch", "--autolaunch"], 0x7ffc /* 70 vars */) = -1 ENOENT (No such file or directory)
4244 execve("/sbin/dbus-launch", ["dbus-launch"], 0x7ffc /* 70 vars */ <unfinished ...>
4242 connect(5, {sa_family=AF_UNIX, sun_path=@"/tmp/.X11-unix/X99"}, 21) = 0
4242 connect(6, {sa_family=AF_UNIX, sun_path="/run/user/0/bus"}, 110) = -1 ENOENT (No such file or directory)
4250 sendto(7, [{nlmsg_len=20, nlmsg_type=RTM_GETADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, nlmsg_seq=1, nlmsg_pid=0}, {ifa_family=AF_UNSPEC}], 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20
4244 <... execve resumed>)              = -1 ENOENT (No such file or directory)
4251 execve("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKitNetworkProcess", ["/usr/lib/x86_64-linux-gnu/webkit"..., "7", "13"], 0x55 /* 31 vars */ <unfinished ...>
4242 connect(7, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)
4251 <... execve resumed>)              = 0
4251 connect(9, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16 <unfinished ...>
4251 <... connect resumed>) = -1 ENETUNREACH (Network is unreachable)
[pid  4252] connect(10, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 0
4253 sendmsg(11, {msg_name={sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="\x12\x34", iov_len=2}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 2
4254 sendto(12, "sa_family=AF_INET, sin_port=htons(80)", 37, MSG_NOSIGNAL, NULL, 0) = 37
4255 sendmsg(13, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="GET / HTTP/1.1", iov_len=14}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_NOSIGNAL) = 14
4256 bind(14, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
4256 +++ exited with 0 +++
"#;
    let parsed = parse_strace(log);
    let inet = parsed.inet();
    // (syscall, family, address, port, pid)
    type Seen<'a> = (&'a str, &'a str, Option<&'a str>, Option<u16>, Option<u32>);
    let seen: Vec<Seen> = inet
        .iter()
        .map(|c| {
            (
                c.syscall.as_str(),
                c.family.as_str(),
                c.ip.as_deref(),
                c.port,
                c.pid,
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "connect",
                "AF_INET",
                Some("93.184.216.34"),
                Some(443),
                Some(4251)
            ),
            (
                "connect",
                "AF_INET6",
                Some("2001:4860:4860::8888"),
                Some(53),
                Some(4252)
            ),
            ("sendmsg", "AF_INET", Some("10.0.0.1"), Some(53), Some(4253)),
            ("bind", "AF_INET", Some("127.0.0.1"), Some(0), Some(4256)),
        ],
        "{inet:#?}"
    );
    // Unix sockets and netlink are parsed but are not Internet calls; data bytes that look like
    // an address (pid 4254) are not an address.
    let families: Vec<&str> = parsed.calls.iter().map(|c| c.family.as_str()).collect();
    assert_eq!(
        families,
        vec![
            "AF_UNIX",
            "AF_UNIX",
            "AF_NETLINK",
            "AF_UNIX",
            "AF_INET",
            "AF_INET6",
            "AF_INET",
            "AF_INET"
        ]
    );
    assert_eq!(parsed.execs.len(), 2);
    assert!(parsed.execs[1].1.ends_with("WebKitNetworkProcess"));
    assert_eq!(
        parsed.pids,
        [4242, 4243, 4244, 4250, 4251, 4252, 4253, 4254, 4255, 4256]
            .into_iter()
            .collect()
    );
    // And the network check itself fails on this log.
    assert!(!network_violations(&parsed, &[]).is_empty());
}

/// Internet calls that are not the WebDriver automation channel.
fn network_violations<'a>(
    log: &'a system::StraceLog,
    automation: &[(String, u16)],
) -> Vec<&'a system::SockCall> {
    log.inet()
        .into_iter()
        .filter(|c| {
            let loopback = matches!(c.ip.as_deref(), Some("127.0.0.1") | Some("::1"));
            let is_automation =
                loopback && automation.iter().any(|(_, port)| c.port == Some(*port));
            !is_automation
        })
        .collect()
}

/// The journey both network tests run: create, write, search, lock, unlock, then a clean quit.
async fn network_journey(h: &mut Harness) -> Result<()> {
    create_journal(h, PASSPHRASE, days_from(today(), -90)).await?;
    let today_s = iso(today());
    save(
        h,
        "journalEntry",
        json!({ "id": NEW_ID, "date": today_s, "text": "A quiet day, offline", "feelings": ["calm"], "craving": 2, "gratitude": ["tea"] }),
    )
    .await?;
    save(
        h,
        "contact",
        json!({ "id": NEW_ID, "name": "Robin Q", "phone": "555 0199", "email": "", "role": "sponsor",
                "cleanDate": null, "homeGroup": "", "serviceCommitment": "", "serviceTermStart": null,
                "serviceTermEnd": null, "sponseeStep": null, "lastContact": null, "notes": "" }),
    )
    .await?;
    go(h, "meetings", "meetings-screen").await?;
    h.click("log-meeting").await?;
    h.type_into("meeting-name", "Offline Thursday").await?;
    h.click("meeting-save").await?;
    h.wait_for("meeting-saved", UI).await?;
    go(h, "search", "search-screen").await?;
    h.type_into("search-input", "offline").await?;
    wait_js(
        h,
        "search results for 'offline'",
        r#"return document.querySelectorAll('[data-testid="search-result"]').length >= 2;"#,
        vec![],
        UI,
    )
    .await?;
    h.screenshot("search").await?;
    lock_via_ui(h).await?;
    unlock(h, PASSPHRASE).await?;
    h.screenshot("unlocked-again").await?;
    go(h, "contacts", "contacts-screen").await?;
    ensure!(
        h.page_contains("Robin Q").await?,
        "the contact is not shown after unlocking again"
    );
    Ok(())
}

/// A wrapper that runs the app under strace, following every child (WebKit's web and network
/// processes).
fn strace_wrapper(dir: &Path, app: &Path, log: &Path) -> Result<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let q = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
    let path = dir.join("app-under-strace.sh");
    fs::write(
        &path,
        format!(
            "#!/bin/sh\n# Started by WebKitWebDriver in place of the app, with the app's arguments.\n\
             exec strace -f -qq -o {} -e trace=connect,sendto,sendmsg,sendmmsg,bind,execve,clone,clone3,vfork {} \"$@\"\n",
            q(log),
            q(app)
        ),
    )?;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755))?;
    Ok(path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promise2_no_network_under_strace() {
    let dir = tempfile::Builder::new()
        .prefix("recovery-journal-e2e-strace-")
        .tempdir()
        .unwrap();
    let log = dir.path().join("strace.log");
    let app = recovery_journal_e2e::harness::app_binary().expect("the app binary");
    let wrapper = strace_wrapper(dir.path(), &app, &log).unwrap();
    let launch = LaunchOptions {
        wrapper: Some(wrapper),
        ..LaunchOptions::default()
    };
    let mut h = match Harness::start_with("promise2_no_network_under_strace", launch).await {
        Ok(h) => h,
        Err(e) => panic!("could not start the app under strace: {e:#}"),
    };
    let result = async {
        // The automation channel: WebKitWebDriver starts the app with
        // WEBKIT_INSPECTOR_SERVER=127.0.0.1:<port>; the app listens there and WebDriver talks
        // to it. The only Internet-family socket allowed, on loopback, and only because
        // WebDriver is driving the app. (strace and the app carry the same environment.)
        let mut automation: Vec<(String, u16)> = Vec::new();
        for pid in h.app_processes() {
            for (k, v) in system::environ(pid) {
                if k == "WEBKIT_INSPECTOR_SERVER"
                    && let Some(port) = v.rsplit(':').next().and_then(|p| p.parse().ok())
                {
                    let entry = (format!("{k}={v}"), port);
                    if !automation.contains(&entry) {
                        automation.push(entry);
                    }
                }
            }
        }
        h.step(&format!(
            "automation endpoint from the app's environment: {automation:?}"
        ));
        network_journey(&mut h).await?;
        h.step(&format!("app processes: {}", describe_app_tree(&h)));
        h.close_window().await?;
        // strace writes its log as it goes; it exits with the app.
        let text = fs::read_to_string(&log).context("reading the strace log")?;
        // Keep the evidence beside the test's log.
        let kept = h.log_path().with_extension("strace.log");
        fs::write(&kept, &text)?;
        let parsed = parse_strace(&text);
        let mut programs = std::collections::BTreeMap::<String, usize>::new();
        for (_, p) in &parsed.execs {
            *programs
                .entry(p.rsplit('/').next().unwrap_or(p).to_string())
                .or_default() += 1;
        }
        h.step(&format!(
            "strace: {} line(s), {} pid(s), programs run (times): {programs:?}; log kept in {}",
            text.lines().count(),
            parsed.pids.len(),
            kept.display()
        ));
        h.step(&format!("socket calls by family: {:?}", parsed.families()));
        for c in parsed.inet() {
            h.step(&format!("Internet-family call: {}", c.line));
        }
        // strace really followed the app and WebKit's children.
        ensure!(
            parsed.calls.iter().any(|c| c.family == "AF_UNIX"),
            "strace saw no Unix-socket connect at all (X11, D-Bus): did it trace the app?"
        );
        for child in ["WebKitWebProcess", "WebKitNetworkProcess"] {
            ensure!(
                parsed.execs.iter().any(|(_, p)| p.ends_with(child)),
                "strace did not follow {child} (programs run: {:?})",
                parsed.execs
            );
        }
        let bad = network_violations(&parsed, &automation);
        ensure!(
            bad.is_empty(),
            "the app or a WebKit process used an Internet address:\n  {}",
            bad.iter()
                .map(|c| c.line.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        );
        Ok(())
    }
    .await;
    h.finish(result).await;
}

/// How to enter a new network namespace here: `unshare -n` as root, `unshare -rn` otherwise.
fn unshare_prefix() -> Option<Vec<&'static str>> {
    for args in [vec!["-n"], vec!["-rn"]] {
        let ok = Command::new("unshare")
            .args(&args)
            .args(["sh", "-c", "ip link set lo up"])
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(args);
        }
    }
    None
}

/// The same journey, with this test re-run inside a network namespace that has only loopback
/// (for the WebDriver ports): the app cannot reach anything, and works the same.
///
/// One test in two roles: run normally, it re-runs itself (this binary, filtered to this test)
/// under `unshare` with `E2E_NETNS_INNER=1`, and that inner run does the journey. When no
/// namespace can be made here, the test fails, unless `RECOVERY_JOURNAL_ALLOW_SKIP` names
/// `netns`: then it prints a `SKIPPED` line that the run's summary counts.
#[test]
fn promise2_no_network_namespace() {
    if std::env::var("E2E_NETNS_INNER").as_deref() == Ok("1") {
        netns_inner();
        return;
    }
    let Some(prefix) = unshare_prefix() else {
        let why = "`unshare -n` / `unshare -rn` (with `ip link set lo up`) is not permitted here, \
                   so the journey cannot be run without a network";
        if recovery_journal_e2e::skip_allowed("netns") {
            println!("SKIPPED promise2_no_network_namespace: {why} (RECOVERY_JOURNAL_ALLOW_SKIP)");
            return;
        }
        panic!("{why}. Set RECOVERY_JOURNAL_ALLOW_SKIP=netns to allow skipping this test.");
    };
    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let out = Command::new("unshare")
        .args(&prefix)
        .args(["sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""])
        .arg(&exe)
        .args([
            "promise2_no_network_namespace",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("E2E_NETNS_INNER", "1")
        .output()
        .expect("running the test binary in a network namespace");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Indented, so the inner run's own "test result:" line is not counted twice.
    let indent = |s: &str| s.lines().map(|l| format!("    {l}\n")).collect::<String>();
    println!(
        "--- inside `unshare {}` ({:.1}s) ---\n{}{}--- end ---",
        prefix.join(" "),
        started.elapsed().as_secs_f64(),
        indent(&stdout),
        indent(&stderr),
    );
    assert!(
        out.status.success(),
        "the journey failed inside the network namespace"
    );
    assert!(
        stdout.contains("NETNS JOURNEY OK"),
        "the inner test did not run (no marker in its output)"
    );
}

/// The inner role of [`promise2_no_network_namespace`], inside the namespace.
fn netns_inner() {
    let ifaces = system::net_interfaces();
    assert_eq!(
        ifaces,
        vec!["lo".to_string()],
        "the namespace should have loopback only"
    );
    println!("network interfaces in this namespace: {ifaces:?}");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let mut h = match Harness::start("promise2_netns_inner").await {
            Ok(h) => h,
            Err(e) => panic!("could not start the app in the network namespace: {e:#}"),
        };
        let result = async {
            // The app really runs in this namespace (not in the machine's).
            let mine = fs::read_link("/proc/self/ns/net")?;
            for pid in h.app_processes() {
                let its = fs::read_link(format!("/proc/{pid}/ns/net"))?;
                ensure!(
                    its == mine,
                    "app pid {pid} is in network namespace {its:?}, not {mine:?}"
                );
            }
            network_journey(&mut h).await
        }
        .await;
        let ok = result.is_ok();
        h.finish(result).await;
        if ok {
            println!("NETNS JOURNEY OK");
        }
    });
}

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

promise!(
    promise3_commands_refuse_while_locked,
    LaunchOptions::default(),
    commands_refuse_while_locked
);

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

promise!(
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

promise!(
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

promise!(
    promise4_bad_files_untouched,
    LaunchOptions::default(),
    bad_files_untouched
);
