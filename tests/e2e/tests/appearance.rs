//! How the app shows itself on a shared computer: discreet mode and Spanish, through the real
//! app, in one launch. Every screen passed through is photographed
//! (`target/e2e-screenshots/a1_…`), in Spanish, in the light and the dark theme.
//!
//! | test | what it proves |
//! |---|---|
//! | `a1_discreet_mode_and_spanish` | on the first run the member picks Spanish and a plain name: a name that says "recovery" is refused beside the field; then the page comes back in Spanish, the window (found by its X title) and the page are titled with the plain name, and a per-user menu entry with that name and a plain icon replaces the installed one. Every main screen (home, steps and a step, meetings and the meeting form, the attendance report, people and the contact form, the daily journal, search, settings) shows no English sentence (no `en.json` value longer than one word that differs from its `es.json` value); the side bar names only the plain name, and the lock screen gives it and none of the hidden words; the saved PDF's metadata names only the plain name, its headings are Spanish, and a meeting named in accented Latin, Cyrillic and Greek reads back exactly (`pdftotext`). Turning the mode off in Settings brings the app's own name back and removes the menu entry |
//!
//! Run it alone with `scripts/e2e a1`.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::eventually::eventually_async;
use recovery_journal_e2e::harness::{LaunchOptions, UI, repo_root};
use recovery_journal_e2e::journeys::{PASSPHRASE, create_journal, unlock};
use recovery_journal_e2e::screens::{go, open_step};
use serde_json::Value;

/// The plain name the member chooses.
const NAME: &str = "Cuaderno";

/// A meeting named in Latin with accents, Cyrillic and Greek.
const MEETING: &str = "Grupo Ñandú · Мария · Ελένη";

/// Words discreet mode never shows (compared in lower case).
const HIDDEN: [&str; 9] = [
    "recovery",
    "recuperación",
    "narcotics",
    "narcóticos",
    "clean",
    "limpio",
    "journal",
    "diario",
    " na ",
];

/// The installed menu entry's file name, which the per-user entry replaces.
const DESKTOP_FILE: &str = "Recovery Journal.desktop";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a1_discreet_mode_and_spanish() {
    let share = match tempfile::tempdir() {
        Ok(dir) => dir,
        Err(e) => panic!("no temporary folder: {e}"),
    };
    // The per-user menu entry goes to this folder, never to the real home.
    let launch = LaunchOptions {
        env: vec![(
            "XDG_DATA_HOME".to_owned(),
            OsString::from(share.path().as_os_str()),
        )],
        ..LaunchOptions::default()
    };
    let mut h = match Harness::start_with("a1_discreet_mode_and_spanish", launch).await {
        Ok(h) => h,
        Err(e) => panic!("could not start the app under test: {e:#}"),
    };
    let result = discreet_mode_and_spanish(&mut h, share.path()).await;
    h.finish(result).await;
}

/// Every English sentence the UI has (values of more than one word, without placeholders,
/// whose Spanish differs), longest first.
fn english_sentences() -> Result<Vec<String>> {
    let read = |lang: &str| -> Result<Value> {
        let path = repo_root().join(format!("ui/src/locales/{lang}.json"));
        Ok(serde_json::from_str(&fs::read_to_string(&path)?)?)
    };
    fn walk(en: &Value, es: &Value, out: &mut BTreeSet<String>) {
        match en {
            Value::Object(map) => {
                for (k, v) in map {
                    walk(v, es.get(k).unwrap_or(&Value::Null), out);
                }
            }
            Value::String(s) => {
                let words = s.split_whitespace().count();
                if words > 1 && !s.contains('{') && es.as_str() != Some(s.as_str()) {
                    out.insert(s.clone());
                }
            }
            _ => {}
        }
    }
    let mut found = BTreeSet::new();
    walk(&read("en")?, &read("es")?, &mut found);
    ensure!(
        found.len() > 300,
        "only {} English sentences found",
        found.len()
    );
    let mut list: Vec<String> = found.into_iter().collect();
    list.sort_by_key(|s| std::cmp::Reverse(s.len()));
    Ok(list)
}

/// The screen shows no English sentence. (Inside the open app the words are the member's own
/// subject; discreet mode hides them where others look: the title, the menu, the side bar's
/// name, the lock screen and the PDF's metadata, each checked on its own.)
async fn check_screen(h: &mut Harness, english: &[String], what: &str) -> Result<()> {
    let text = h.body_text().await?;
    let left: Vec<&String> = english
        .iter()
        .filter(|s| text.contains(s.as_str()))
        .collect();
    ensure!(left.is_empty(), "{what}: English left on screen: {left:?}");
    h.screenshot(&format!("{what}-light")).await?;
    h.js(
        "document.documentElement.setAttribute('data-theme', 'dark'); return true;",
        vec![],
    )
    .await?;
    h.screenshot(&format!("{what}-dark")).await?;
    h.js(
        "document.documentElement.removeAttribute('data-theme'); return true;",
        vec![],
    )
    .await?;
    Ok(())
}

fn check_hidden(text: &str, what: &str) -> Result<()> {
    let lower = format!(" {} ", text.to_lowercase().replace(['\n', '.', ','], " "));
    for word in HIDDEN {
        ensure!(!lower.contains(word), "{what} says {word:?}: {text}");
    }
    Ok(())
}

/// The X windows whose title is exactly `title`.
fn windows_titled(h: &Harness, title: &str) -> Result<usize> {
    let out = Command::new("xdotool")
        .args(["search", "--name", &format!("^{title}$")])
        .env("DISPLAY", h.display_name()?)
        .output()
        .context("running xdotool (Debian package xdotool)")?;
    Ok(String::from_utf8_lossy(&out.stdout).lines().count())
}

async fn wait_window_titled(h: &Harness, title: &str) -> Result<()> {
    eventually_async(
        format!("no window is titled {title:?}"),
        Duration::from_secs(5),
        Duration::from_millis(100),
        async || Ok((windows_titled(h, title)? > 0).then_some(())),
    )
    .await
}

async fn discreet_mode_and_spanish(h: &mut Harness, share: &Path) -> Result<()> {
    let english = english_sentences()?;
    h.wait_for("welcome-screen", UI).await?;
    wait_window_titled(h, "Recovery Journal").await?;

    h.step("first run: Spanish and a plain name");
    h.click("welcome-appearance").await?;
    h.select("language-select", "es").await?;
    h.click("discreet-toggle").await?;
    h.set_value("neutral-name", "My recovery notes").await?;
    h.click("appearance-save").await?;
    h.wait_for("neutral-name-error", UI).await?;
    ensure!(
        h.value("neutral-name").await? == "My recovery notes",
        "the refused name was not kept in the field"
    );
    h.screenshot("name-refused").await?;
    h.set_value("neutral-name", NAME).await?;
    h.mark_page().await?;
    h.click("appearance-save").await?;
    h.wait_fresh("welcome-screen", UI).await?;
    check_screen(h, &english, "welcome").await?;
    let title = h.js("return document.title;", vec![]).await?;
    ensure!(title == NAME, "the page is titled {title}");
    wait_window_titled(h, NAME).await?;
    ensure!(
        windows_titled(h, "Recovery Journal")? == 0,
        "a window is still titled with the app's name"
    );

    h.step("the menu entry");
    let entry_path = share.join("applications").join(DESKTOP_FILE);
    let entry = fs::read_to_string(&entry_path)
        .with_context(|| format!("no menu entry at {}", entry_path.display()))?;
    ensure!(entry.contains(&format!("\nName={NAME}\n")), "{entry}");
    let shown: String = entry
        .lines()
        .filter(|l| !l.starts_with("Exec=") && !l.starts_with("StartupWMClass="))
        .collect::<Vec<_>>()
        .join("\n");
    check_hidden(&shown, "the menu entry")?;
    let icon = entry
        .lines()
        .find_map(|l| l.strip_prefix("Icon="))
        .context("the menu entry has no icon")?;
    ensure!(
        Path::new(icon).is_file(),
        "the menu entry's icon {icon} is missing"
    );

    h.step("a journal, in Spanish");
    create_journal(h, PASSPHRASE, days_from(today(), -120)).await?;
    ensure!(
        h.text("app-name").await? == NAME,
        "the side bar says {:?}",
        h.text("app-name").await?
    );
    check_screen(h, &english, "dashboard").await?;
    for (view, screen) in [
        ("steps", "steps-screen"),
        ("meetings", "meetings-screen"),
        ("contacts", "contacts-screen"),
        ("journal", "journal-screen"),
        ("search", "search-screen"),
        ("settings", "settings-screen"),
    ] {
        go(h, view, screen).await?;
        check_screen(h, &english, view).await?;
    }
    open_step(h, 4).await?;
    check_screen(h, &english, "step-4").await?;
    go(h, "meetings", "meetings-screen").await?;
    h.click("log-meeting").await?;
    h.wait_for("meeting-form", UI).await?;
    check_screen(h, &english, "meeting-form").await?;
    // Names in other scripts print as written on the report (an embedded Unicode font).
    h.type_into("meeting-name", MEETING).await?;
    h.select("meeting-attendance", "online").await?;
    h.click("meeting-save").await?;
    h.wait_gone("meeting-form", UI).await?;
    go(h, "contacts", "contacts-screen").await?;
    h.click("add-contact").await?;
    h.wait_for("contact-form", UI).await?;
    check_screen(h, &english, "contact-form").await?;

    h.step("the attendance report and its PDF");
    go(h, "meetings", "meetings-screen").await?;
    h.click("open-attendance-report").await?;
    h.wait_for("attendance-report-screen", UI).await?;
    h.set_date("report-from", &days_from(today(), -7).to_string())
        .await?;
    h.set_date("report-to", &today().to_string()).await?;
    h.wait_for("report-row", UI).await?;
    check_screen(h, &english, "report").await?;
    let row = h.text("report-row").await?;
    ensure!(
        row.contains("En línea"),
        "the online meeting's row says {row:?}"
    );
    h.click("report-save-pdf").await?;
    h.wait_for("report-saved", UI).await?;
    let pdf = fs::read_dir(h.pick_dir())?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pdf"))
        .context("no PDF was saved")?;
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .context("running pdfinfo (Debian package poppler-utils)")?;
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    ensure!(
        info.contains(NAME),
        "the PDF's metadata does not name {NAME}: {info}"
    );
    check_hidden(&info, "the PDF's metadata")?;
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output()?;
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    ensure!(
        text.contains(MEETING) && text.contains("Fecha") && text.contains("En línea"),
        "the PDF is not in Spanish: {text}"
    );

    h.step("the lock screen");
    h.lock().await?;
    check_screen(h, &english, "lock-screen").await?;
    let lock_text = h.body_text().await?;
    check_hidden(&lock_text, "the lock screen")?;
    ensure!(
        lock_text.contains(NAME),
        "the lock screen does not name {NAME}: {lock_text}"
    );
    unlock(h, PASSPHRASE).await?;

    h.step("discreet mode off, back to English");
    go(h, "settings", "settings-screen").await?;
    h.click("discreet-toggle").await?;
    h.select("language-select", "en").await?;
    h.mark_page().await?;
    h.click("appearance-save").await?;
    h.wait_fresh("settings-screen", UI).await?;
    wait_window_titled(h, "Recovery Journal").await?;
    ensure!(
        h.text("app-name").await? == "Recovery Journal",
        "the side bar says {:?}",
        h.text("app-name").await?
    );
    ensure!(!entry_path.exists(), "the menu entry is still there");
    h.screenshot("settings-english").await?;
    Ok(())
}
