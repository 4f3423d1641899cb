//! Accessibility, proven on the real app: axe-core on every screen in both themes, a journey
//! made with the keyboard alone, and the keyboard shortcuts with their help sheet.
//!
//! | test | what it proves, and how |
//! | --- | --- |
//! | `accessibility_axe_on_every_screen` | one launch walks every screen: the first run (welcome, create passphrase with its strength meter and a mismatch, recovery key, first clean date), the dashboard (new, and with records), step work (overview; step 4 with an inventory row, a note and a question being written; step 8's amend form and list; step 10's nightly review), meetings (empty, the form, the list, a delete confirmation, the attendance report), people (empty, the form, the list), the daily journal, search (empty and with results), settings, the keyboard help sheet, and after a lock the unlock screen (also after a wrong passphrase), the recovery-key form and the restore screen. On each, in both themes (`data-theme` on `<html>`), `ui/node_modules/axe-core/axe.min.js` (injected through WebDriver) runs with its default rules, `color-contrast` (4.5:1) among them (the test fails if it did not run), and must report no `serious` or `critical` violation and no `landmark-one-main`; each is listed with its rule, impact, targets, screen, language and theme. First a self-check: a planted low-contrast paragraph and a button with no name must be reported in both themes. Every screen is photographed in each theme (`…-NN-<screen>-<lang>-<theme>.png`) |
//! | `accessibility_axe_on_every_screen_in_spanish` | the same walk and checks, after choosing Spanish on the welcome screen as a member would (a change of language loads the page afresh, so each language is its own walk from the first run) |
//! | `accessibility_keyboard_only_journey` | with keys alone, sent as WebDriver key actions to whatever has the focus (Tab, Shift+Tab, Enter, Space, arrow keys, typed text, the shortcuts; nothing is clicked): first run (the clean date typed into WebKit's date field part by part), a note written on step 3, a meeting logged (its attendance chosen with the Down arrow), Ctrl+F search and Enter on a result, `?` opens the help sheet with the focus inside and Escape closes it with the focus back where it was, Alt+1…Alt+7 and `/` reach every screen, Ctrl+L locks and the passphrase typed on the unlock screen opens the journal again. Tab goes all the way round each of the seven screens, step 3's page and the meeting form, stopping at least once on every control shown. Every control the focus lands on (in the Tab order) shows a focus indicator: a computed outline, or a box-shadow while `:focus-visible`/`:focus-within`; headings that take the focus for screen readers when a screen opens are not controls and have none. Each stage checks what should have happened |
//!
//! Run them alone with `scripts/e2e accessibility`. axe-core is a devDependency of `ui/`
//! (MPL-2.0): it is only ever injected into the page by this test, and never shipped in the app.

use std::fmt::Write as _;
use std::fs;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::harness::{KDF, UI, repo_root};
use recovery_journal_e2e::journeys::{PASSPHRASE, set_clean_date, wait_recovery_key};
use recovery_journal_e2e::screens::{
    go, iso, open_step, type_fresh, wait_count, wait_saved, wait_text,
};
use recovery_journal_e2e::{Harness, journey};
use serde_json::{Value, json};
use thirtyfour::prelude::*;

journey!(accessibility_axe_on_every_screen, axe_on_every_screen);
journey!(
    accessibility_axe_on_every_screen_in_spanish,
    axe_on_every_screen_in_spanish
);
journey!(accessibility_keyboard_only_journey, keyboard_only_journey);

/// The colour themes every screen is checked in (`data-theme` on `<html>`, ui/src/lib/theme.ts).
const THEMES: &[&str] = &["light", "dark"];

/// axe's impacts that fail the test. Moderate and minor findings are printed as notes.
const FAILING_IMPACTS: &[&str] = &["serious", "critical"];

/// Rules that fail the test whatever their impact: every screen has one `<main>`.
const FAILING_RULES: &[&str] = &["landmark-one-main"];

/// How long one axe run may take on a loaded 2-core machine.
const AXE: Duration = Duration::from_secs(60);

// ----- axe -----

/// One violation axe reported.
struct Finding {
    screen: String,
    lang: String,
    theme: String,
    rule: String,
    impact: String,
    help: String,
    targets: Vec<String>,
}

/// What the scans found, over the whole walk.
#[derive(Default)]
struct Report {
    /// The language the walk is in (the app's; a change of language reloads the page, so each
    /// language is its own walk, from the first run).
    lang: &'static str,
    failing: Vec<Finding>,
    other: Vec<Finding>,
    /// color-contrast checks axe could not decide (e.g. text over an image), per scan.
    undecided: Vec<String>,
    scans: usize,
    axe_time: Duration,
}

/// Load axe-core into the page, once per page (a lock loads a fresh page).
async fn ensure_axe(h: &Harness) -> Result<()> {
    let loaded = h
        .js(
            "return typeof window.axe === 'object' && typeof window.axe.run === 'function';",
            vec![],
        )
        .await?;
    if loaded.as_bool() == Some(true) {
        return Ok(());
    }
    let path = repo_root().join("ui/node_modules/axe-core/axe.min.js");
    let source = fs::read_to_string(&path).with_context(|| {
        format!(
            "reading {} (run `npm ci` in ui/: axe-core is one of its devDependencies)",
            path.display()
        )
    })?;
    let version = h
        .js(
            &format!("{source}\n;return (window.axe && window.axe.version) || null;"),
            vec![],
        )
        .await
        .context("injecting axe-core into the page")?;
    match version.as_str() {
        Some(v) => {
            h.step(&format!("axe-core {v} injected"));
            Ok(())
        }
        None => bail!("axe-core did not load in the page (window.axe is missing)"),
    }
}

/// Set the colour theme on `<html>`, as the theme setting does (ui/src/lib/theme.ts).
async fn set_theme(h: &Harness, theme: &str) -> Result<()> {
    h.js(
        "document.documentElement.setAttribute('data-theme', arguments[0]); return null;",
        vec![json!(theme)],
    )
    .await?;
    Ok(())
}

/// Run axe on the whole page; return its violations (and the color-contrast checks it could
/// not decide). Fails if `color-contrast` did not run.
async fn run_axe(h: &Harness) -> Result<Value> {
    h.js(
        r#"
        window.__a11yResult = null;
        const short = (n) => ({
            target: n.target.map(t => Array.isArray(t) ? t.join(' >> ') : String(t)),
            summary: (n.failureSummary || '').slice(0, 300),
        });
        window.axe.run(document, { resultTypes: ['violations'] }).then(
            (r) => {
                const ran = [...r.violations, ...r.passes, ...r.incomplete, ...r.inapplicable].map(x => x.id);
                window.__a11yResult = {
                    ran,
                    violations: r.violations.map(v => ({
                        id: v.id, impact: v.impact || 'none', help: v.help, nodes: v.nodes.map(short),
                    })),
                    undecidedContrast: r.incomplete.filter(i => i.id === 'color-contrast')
                        .flatMap(i => i.nodes.map(short)),
                };
            },
            (e) => { window.__a11yResult = { error: String((e && e.stack) || e) }; });
        return null;"#,
        vec![],
    )
    .await?;
    let start = Instant::now();
    loop {
        let v = h.js("return window.__a11yResult;", vec![]).await?;
        if !v.is_null() {
            if let Some(e) = v.get("error") {
                bail!("axe.run failed: {e}");
            }
            let ran: Vec<String> = serde_json::from_value(v["ran"].clone()).unwrap_or_default();
            ensure!(
                ran.iter().any(|r| r == "color-contrast"),
                "axe did not run its color-contrast rule (disabled?); it ran {} rules",
                ran.len()
            );
            return Ok(v);
        }
        if start.elapsed() > AXE {
            bail!("axe.run gave no answer within {AXE:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Check the screen shown now with axe in every language and theme, photograph it in each, and
/// put back the theme the page had.
async fn scan(h: &mut Harness, report: &mut Report, screen: &str) -> Result<()> {
    ensure_axe(h).await?;
    let before = h
        .js(
            "return document.documentElement.getAttribute('data-theme');",
            vec![],
        )
        .await?;
    let lang = report.lang;
    {
        for theme in THEMES {
            set_theme(h, theme).await?;
            let started = Instant::now();
            let result = run_axe(h).await?;
            report.axe_time += started.elapsed();
            report.scans += 1;
            // The page must still be in the theme scanned (nothing reset it meanwhile).
            let now = h
                .js(
                    "return document.documentElement.getAttribute('data-theme');",
                    vec![],
                )
                .await?;
            ensure!(
                now.as_str() == Some(theme),
                "{screen}: the page changed its theme to {now} while axe checked it in {theme}"
            );
            let violations = result["violations"].as_array().cloned().unwrap_or_default();
            for v in violations {
                let finding = Finding {
                    screen: screen.to_string(),
                    lang: lang.to_string(),
                    theme: theme.to_string(),
                    rule: v["id"].as_str().unwrap_or_default().to_string(),
                    impact: v["impact"].as_str().unwrap_or_default().to_string(),
                    help: v["help"].as_str().unwrap_or_default().to_string(),
                    targets: v["nodes"]
                        .as_array()
                        .map(|nodes| {
                            nodes
                                .iter()
                                .map(|n| {
                                    let target = n["target"]
                                        .as_array()
                                        .map(|t| {
                                            t.iter()
                                                .filter_map(Value::as_str)
                                                .collect::<Vec<_>>()
                                                .join(", ")
                                        })
                                        .unwrap_or_default();
                                    let summary = n["summary"]
                                        .as_str()
                                        .unwrap_or_default()
                                        .replace('\n', " ");
                                    format!("{target} ({summary})")
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                };
                if FAILING_IMPACTS.contains(&finding.impact.as_str())
                    || FAILING_RULES.contains(&finding.rule.as_str())
                {
                    report.failing.push(finding);
                } else {
                    report.other.push(finding);
                }
            }
            for n in result["undecidedContrast"].as_array().into_iter().flatten() {
                report
                    .undecided
                    .push(format!("{screen} [{lang}, {theme}]: {}", n["target"]));
            }
            h.screenshot(&format!("{screen}-{lang}-{theme}")).await?;
        }
    }
    match before.as_str() {
        Some(theme) => set_theme(h, theme).await?,
        None => {
            h.js(
                "document.documentElement.removeAttribute('data-theme'); return null;",
                vec![],
            )
            .await?;
        }
    }
    h.step(&format!("scanned {screen}"));
    Ok(())
}

fn describe(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let _ = writeln!(
            out,
            "  - {} ({}) on {} [{}, {}]: {}",
            f.rule, f.impact, f.screen, f.lang, f.theme, f.help
        );
        for t in &f.targets {
            let _ = writeln!(out, "      {t}");
        }
    }
    out
}

/// The whole walk, with every screen scanned.
async fn axe_on_every_screen(h: &mut Harness) -> Result<()> {
    axe_walk(h, "en").await
}

/// The same walk in Spanish, chosen on the first screen as a member would.
async fn axe_on_every_screen_in_spanish(h: &mut Harness) -> Result<()> {
    h.wait_for("welcome-screen", UI).await?;
    h.click("welcome-appearance").await?;
    h.select("language-select", "es").await?;
    h.mark_page().await?;
    h.click("appearance-save").await?;
    h.wait_fresh("welcome-screen", UI).await?;
    let lang = h
        .js("return document.documentElement.lang;", vec![])
        .await?;
    ensure!(
        lang == "es",
        "the page's language is {lang} after choosing Spanish"
    );
    axe_walk(h, "es").await
}

/// Walk every screen in `lang` (the language the app shows now), scanning each.
async fn axe_walk(h: &mut Harness, lang: &'static str) -> Result<()> {
    let started = Instant::now();
    let mut report = Report {
        lang,
        ..Report::default()
    };
    let walked = walk_every_screen(h, &mut report).await;
    h.step(&format!(
        "{} scans in {:.0} s ({:.0} s of it in axe)",
        report.scans,
        started.elapsed().as_secs_f64(),
        report.axe_time.as_secs_f64()
    ));
    if !report.other.is_empty() {
        let text = describe(&report.other);
        h.note(format!(
            "{} moderate or minor axe finding(s), not failing:\n{text}",
            report.other.len()
        ));
    }
    if !report.undecided.is_empty() {
        h.note(format!(
            "color-contrast axe could not decide ({}):\n  {}",
            report.undecided.len(),
            report.undecided.join("\n  ")
        ));
    }
    // A failed walk is reported with whatever the scans found before it.
    ensure!(
        report.failing.is_empty(),
        "axe found {} serious/critical violation(s) (or a missing <main>):\n{}{}",
        report.failing.len(),
        describe(&report.failing),
        walked
            .as_ref()
            .err()
            .map(|e| format!("\n(and the walk stopped early: {e:#})"))
            .unwrap_or_default()
    );
    walked
}

/// The scanner works in this webview: a planted low-contrast paragraph and a button with no
/// name are reported as `color-contrast` (serious) and `button-name` (critical), in both themes.
async fn axe_self_check(h: &Harness) -> Result<()> {
    ensure_axe(h).await?;
    h.js(
        r#"
        const box = document.createElement('div');
        box.id = 'a11y-self-check';
        const p = document.createElement('p');
        p.textContent = 'Planted: grey on grey';
        p.style.cssText = 'color: #777; background: #888; font-size: 14px';
        const b = document.createElement('button');
        b.type = 'button';
        box.append(p, b);
        document.body.append(box);
        return null;"#,
        vec![],
    )
    .await?;
    let mut seen = Vec::new();
    for theme in THEMES {
        set_theme(h, theme).await?;
        let result = run_axe(h).await?;
        let found: Vec<(String, String)> = result["violations"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|v| v.to_string().contains("a11y-self-check"))
            .map(|v| {
                (
                    v["id"].as_str().unwrap_or_default().to_string(),
                    v["impact"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        for (rule, impact) in [("color-contrast", "serious"), ("button-name", "critical")] {
            ensure!(
                found.iter().any(|(r, i)| r == rule && i == impact),
                "axe self-check [{theme}]: the planted {rule} ({impact}) was not reported; axe said {found:?}"
            );
        }
        seen.push(format!("{theme}: {found:?}"));
    }
    h.js(
        "document.getElementById('a11y-self-check').remove(); document.documentElement.removeAttribute('data-theme'); return null;",
        vec![],
    )
    .await?;
    h.step(&format!(
        "axe self-check found the planted problems ({})",
        seen.join("; ")
    ));
    Ok(())
}

async fn walk_every_screen(h: &mut Harness, r: &mut Report) -> Result<()> {
    // The first run.
    h.wait_for("welcome-screen", KDF).await?;
    axe_self_check(h).await?;
    scan(h, r, "welcome").await?;
    h.click("welcome-start").await?;
    h.wait_for("create-passphrase", UI).await?;
    scan(h, r, "create-passphrase").await?;
    h.type_into("create-passphrase", PASSPHRASE).await?;
    h.type_into(
        "create-passphrase-confirm",
        "lantern orchard gravel whistle cobber",
    )
    .await?;
    h.wait_for("create-mismatch", UI).await?;
    scan(h, r, "create-passphrase-mismatch").await?;
    h.type_into("create-passphrase-confirm", PASSPHRASE).await?;
    h.click("create-submit").await?;
    wait_recovery_key(h).await?;
    scan(h, r, "recovery-key").await?;
    h.click("recovery-key-confirm").await?;
    h.click("recovery-key-continue").await?;
    h.wait_for("clean-date-input", UI).await?;
    scan(h, r, "first-clean-date").await?;
    set_clean_date(h, days_from(today(), -400)).await?;

    // The dashboard of a new journal.
    scan(h, r, "dashboard-new").await?;

    // Step work.
    go(h, "steps", "steps-overview").await?;
    wait_count(h, "step-status-1", 1, UI).await?;
    scan(h, r, "steps-overview").await?;
    open_step(h, 4).await?;
    h.wait_for("inventory-table", UI).await?;
    scan(h, r, "step-4").await?;
    h.click("add-inventory-row").await?;
    wait_count(h, "inv-who", 1, UI).await?;
    type_fresh(h, "inv-who", "The landlord").await?;
    scan(h, r, "step-4-inventory-row-editing").await?;
    h.click("inv-save").await?;
    wait_count(h, "inv-who", 0, UI).await?;
    h.click("add-note").await?;
    h.wait_for("note-editor", UI).await?;
    h.type_into("note-text", "Writing it down made it smaller.")
        .await?;
    wait_saved(h, "note-save-state").await?;
    scan(h, r, "step-4-note-editor").await?;
    h.click("note-done").await?;
    wait_count(h, "step-note", 1, UI).await?;
    h.click("add-question").await?;
    h.wait_for("question-text", UI).await?;
    scan(h, r, "step-4-question-editor").await?;
    h.type_into("question-text", "What am I afraid of losing?")
        .await?;
    wait_saved(h, "question-save-state").await?;
    h.click("question-done").await?;
    scan(h, r, "step-4-with-work").await?;
    open_step(h, 8).await?;
    h.wait_for("amends-list", UI).await?;
    h.click("add-amend").await?;
    h.wait_for("amend-form", UI).await?;
    scan(h, r, "step-8-amend-form").await?;
    h.type_into("amend-person", "Aunt Delphine").await?;
    h.click("amend-save").await?;
    h.wait_gone("amend-form", UI).await?;
    wait_count(h, "amend-item", 1, UI).await?;
    scan(h, r, "step-8-amends").await?;
    open_step(h, 10).await?;
    h.wait_for("nightly-review", UI).await?;
    scan(h, r, "step-10-nightly-review").await?;

    // Meetings.
    go(h, "meetings", "meetings-screen").await?;
    h.wait_for("meeting-list-empty", UI).await?;
    scan(h, r, "meetings-empty").await?;
    h.click("log-meeting").await?;
    h.wait_for("meeting-form", UI).await?;
    scan(h, r, "meeting-form").await?;
    h.type_into("meeting-name", "Saturday Hope").await?;
    h.click("meeting-save").await?;
    h.wait_for("meeting-saved", UI).await?;
    wait_count(h, "meeting-item", 1, UI).await?;
    scan(h, r, "meetings-list").await?;
    h.click("meeting-delete").await?;
    h.wait_for("cancel-delete", UI).await?;
    scan(h, r, "meeting-delete-confirm").await?;
    h.click("cancel-delete").await?;
    h.wait_for("meeting-delete", UI).await?;
    h.click("open-attendance-report").await?;
    h.wait_for("attendance-report-screen", UI).await?;
    scan(h, r, "attendance-report").await?;
    h.click("report-back").await?;
    h.wait_for("meetings-screen", UI).await?;

    // People.
    go(h, "contacts", "contacts-screen").await?;
    h.wait_for("contact-list-empty", UI).await?;
    scan(h, r, "contacts-empty").await?;
    h.click("add-contact").await?;
    h.wait_for("contact-form", UI).await?;
    scan(h, r, "contact-form").await?;
    h.type_into("contact-name", "Bernadette K.").await?;
    h.select("contact-role", "sponsor").await?;
    h.type_into("contact-phone", "555 0142").await?;
    h.click("contact-save").await?;
    h.wait_gone("contact-form", UI).await?;
    wait_count(h, "contact-item", 1, UI).await?;
    scan(h, r, "contacts-list").await?;

    // The daily journal.
    go(h, "journal", "journal-screen").await?;
    h.wait_for("journal-editor", UI).await?;
    h.type_into("journal-text", "A quiet day. Called my sponsor.")
        .await?;
    h.type_into("gratitude-input", "Rain on the roof").await?;
    h.click("gratitude-add").await?;
    wait_text(h, "gratitude-item", "Rain on the roof", UI).await?;
    wait_saved(h, "journal-save-state").await?;
    scan(h, r, "daily-journal").await?;

    // Search.
    go(h, "search", "search-screen").await?;
    h.wait_for("search-empty", UI).await?;
    scan(h, r, "search-empty").await?;
    h.type_into("search-input", "sponsor").await?;
    wait_text(h, "search-count", "result", UI).await?;
    scan(h, r, "search-results").await?;

    // Settings.
    go(h, "settings", "settings-screen").await?;
    scan(h, r, "settings").await?;

    // The keyboard help sheet ("?" where no text is being typed).
    h.press("?").await?;
    h.wait_for("help-sheet", UI).await?;
    scan(h, r, "help-sheet").await?;
    h.press(Key::Escape).await?;
    h.wait_gone("help-sheet", UI).await?;

    // The dashboard with something in it.
    go(h, "dashboard", "dashboard").await?;
    scan(h, r, "dashboard").await?;

    // Locked.
    h.lock().await?;
    scan(h, r, "unlock").await?;
    h.type_into("unlock-passphrase", "not my passphrase")
        .await?;
    h.click("unlock-submit").await?;
    h.wait_for("unlock-error", KDF).await?;
    scan(h, r, "unlock-wrong-passphrase").await?;
    h.click("use-recovery-key").await?;
    h.wait_for("recovery-input", UI).await?;
    scan(h, r, "unlock-recovery-key").await?;
    h.click("recovery-back").await?;
    h.wait_for("unlock-restore", UI).await?;
    h.click("unlock-restore").await?;
    h.wait_for("restore-screen", UI).await?;
    scan(h, r, "unlock-restore-backup").await?;
    Ok(())
}

// ----- The keyboard -----

/// What has the focus now, and how it is drawn.
#[derive(Debug)]
struct Focus {
    testid: Option<String>,
    /// `tag#id "label"`, for messages.
    what: String,
    /// In the Tab order (tabIndex >= 0): a control, not a heading focused for screen readers.
    tabbable: bool,
    /// A visible focus indicator: a computed outline (not none, wider than 0, not transparent),
    /// or a box-shadow while it matches `:focus-visible` or `:focus-within`.
    ring: bool,
    style: String,
    /// It is where [`tab_cycle`] started.
    start: bool,
}

async fn focus(h: &Harness) -> Result<Focus> {
    let v = h
        .js(
            r#"
            const el = document.activeElement;
            if (!el || el === document.body || el === document.documentElement) {
                return { testid: null, what: 'body', tabbable: false, ring: false, style: '', start: false };
            }
            const s = getComputedStyle(el);
            const transparent = /rgba\(\d+, \d+, \d+, 0\)|transparent/.test(s.outlineColor);
            const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !transparent;
            const shadow = !!s.boxShadow && s.boxShadow !== 'none';
            const label = (el.getAttribute('aria-label') || el.innerText || el.value || '')
                .trim().replace(/\s+/g, ' ').slice(0, 40);
            return {
                testid: el.getAttribute('data-testid'),
                what: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${label}"`,
                tabbable: el.tabIndex >= 0,
                ring: outline || (shadow && (el.matches(':focus-visible') || el.matches(':focus-within'))),
                style: `outline: ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}; box-shadow: ${s.boxShadow}; :focus-visible ${el.matches(':focus-visible')}; :focus-within ${el.matches(':focus-within')}`,
                start: el === window.__tabStart,
            };"#,
            vec![],
        )
        .await?;
    Ok(Focus {
        testid: v["testid"].as_str().map(str::to_string),
        what: v["what"].as_str().unwrap_or_default().to_string(),
        tabbable: v["tabbable"].as_bool() == Some(true),
        ring: v["ring"].as_bool() == Some(true),
        style: v["style"].as_str().unwrap_or_default().to_string(),
        start: v["start"].as_bool() == Some(true),
    })
}

/// The focused control must show that it has the focus.
fn expect_ring(f: &Focus, stage: &str) -> Result<()> {
    ensure!(
        f.ring,
        "{stage}: the focused {} ({:?}) shows no focus indicator ({})",
        f.what,
        f.testid,
        f.style
    );
    Ok(())
}

/// Wait until the focus is on `testid`; then it must show its ring.
async fn expect_focus(h: &Harness, testid: &str, stage: &str) -> Result<Focus> {
    let start = Instant::now();
    loop {
        let f = focus(h).await?;
        if f.testid.as_deref() == Some(testid) {
            expect_ring(&f, stage)?;
            return Ok(f);
        }
        if start.elapsed() > UI {
            bail!(
                "{stage}: the focus is on {} ({:?}), not on {testid}\n{}",
                f.what,
                f.testid,
                h.diagnose().await
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Press Tab (or Shift+Tab) until the focus is on `testid`, at most `max` times. Every control
/// passed on the way must show its focus ring.
async fn tab_to(h: &Harness, testid: &str, backwards: bool, max: usize) -> Result<()> {
    let mut path = Vec::new();
    for _ in 0..max {
        if backwards {
            h.press(Key::Shift + Key::Tab).await?;
        } else {
            h.press(Key::Tab).await?;
        }
        let f = focus(h).await?;
        if f.tabbable {
            expect_ring(&f, &format!("tabbing to {testid}"))?;
        }
        path.push(f.testid.clone().unwrap_or_else(|| f.what.clone()));
        if f.testid.as_deref() == Some(testid) {
            return Ok(());
        }
    }
    bail!(
        "{} {max} times never reached {testid}; the focus went {path:?}",
        if backwards { "Shift+Tab" } else { "Tab" }
    )
}

/// Tab through every control of the screen, side bar included, until the focus comes back
/// to the first one: each must show its focus ring. Returns how many stops there were.
async fn tab_cycle(h: &Harness, screen: &str) -> Result<usize> {
    const MAX: usize = 200;
    let controls = settled_controls(h).await?;
    h.press(Key::Tab).await?;
    h.js(
        "window.__tabStart = document.activeElement; return null;",
        vec![],
    )
    .await?;
    let first = focus(h).await?;
    if first.tabbable {
        expect_ring(&first, &format!("Tab through {screen}"))?;
    }
    // A date field takes one Tab per part (month, day, year) before the focus leaves it.
    let mut left = false;
    for stops in 1..=MAX {
        h.press(Key::Tab).await?;
        let f = focus(h).await?;
        left |= !f.start;
        if f.start && left {
            ensure!(
                stops >= controls,
                "Tab through {screen}: {stops} stops, but {controls} controls are shown"
            );
            h.step(&format!(
                "Tab went round {screen} ({controls} controls) in {stops} stops, each with a focus ring"
            ));
            return Ok(stops);
        }
        if f.tabbable {
            expect_ring(&f, &format!("Tab through {screen}"))?;
        }
    }
    bail!(
        "Tab through {screen}: {MAX} presses never came back to {}",
        first.what
    )
}

/// How many controls the screen shows (visible, enabled, in the Tab order), once that number
/// has stopped changing (a screen fills in what it loads just after it opens).
async fn settled_controls(h: &Harness) -> Result<usize> {
    let mut last = usize::MAX;
    let mut same = 0;
    let start = Instant::now();
    loop {
        let n = h
            .js(
                r#"
                return Array.from(document.querySelectorAll(
                    'a[href], button, input, select, textarea, [tabindex]'))
                    .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
                        && getComputedStyle(e).visibility !== 'hidden' && !e.closest('[inert]'))
                    .length;"#,
                vec![],
            )
            .await?
            .as_u64()
            .unwrap_or(0) as usize;
        same = if n == last { same + 1 } else { 0 };
        last = n;
        if same >= 3 || start.elapsed() > UI {
            return Ok(n);
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Type text into the focused field, key by key, and check it arrived.
async fn type_here(h: &Harness, testid: &str, text: &str) -> Result<()> {
    expect_focus(h, testid, &format!("typing into {testid}")).await?;
    h.press(text).await?;
    let value = h.value(testid).await?;
    ensure!(
        value == text,
        "typed {text:?} into {testid} but it holds {value:?}"
    );
    Ok(())
}

/// The whole journey, keys only.
async fn keyboard_only_journey(h: &mut Harness) -> Result<()> {
    const NOTE_TITLE: &str = "Came to believe";
    const NOTE_TEXT: &str = "Sanity looked like the Larkspur meeting room tonight.";
    const MEETING: &str = "Thursday Larkspur Speaker";

    // The first run.
    h.wait_for("welcome-screen", KDF).await?;
    tab_to(h, "welcome-start", false, 5).await?;
    h.screenshot("welcome-start-focused").await?;
    h.press(Key::Enter).await?;
    h.wait_for("create-passphrase", UI).await?;
    tab_to(h, "create-passphrase", false, 5).await?;
    type_here(h, "create-passphrase", PASSPHRASE).await?;
    tab_to(h, "create-passphrase-confirm", false, 5).await?;
    type_here(h, "create-passphrase-confirm", PASSPHRASE).await?;
    h.screenshot("passphrase-typed").await?;
    h.press(Key::Enter).await?;
    wait_recovery_key(h).await?;
    tab_to(h, "recovery-key-confirm", false, 10).await?;
    h.press(Key::Space).await?;
    ensure!(
        h.find("recovery-key-confirm").await?.is_selected().await?,
        "Space did not tick the recovery-key checkbox"
    );
    h.screenshot("recovery-key-ticked").await?;
    tab_to(h, "recovery-key-continue", false, 5).await?;
    h.press(Key::Enter).await?;
    h.wait_for("clean-date-input", UI).await?;
    tab_to(h, "clean-date-input", false, 5).await?;
    let clean = days_from(today(), -45);
    // WebKit's date field has a part each for the month, day and year (en-US order): digits
    // go into the part with the focus, the Right arrow moves to the next part.
    h.press(
        TypingData::from(clean.format("%m").to_string())
            + Key::Right
            + clean.format("%d").to_string()
            + Key::Right
            + clean.format("%Y").to_string(),
    )
    .await?;
    let typed = h.value("clean-date-input").await?;
    ensure!(
        typed == iso(clean),
        "typing {} into the clean-date field gave {typed:?}",
        clean.format("%m → %d → %Y")
    );
    h.screenshot("clean-date-typed").await?;
    h.press(Key::Enter).await?;
    h.wait_for("dashboard", KDF).await?;
    let days = h.number("clean-time-total-days").await?;
    ensure!(days == 45, "the dashboard counts {days} clean days, not 45");

    // Step work: back through the side bar with Shift+Tab.
    tab_to(h, "nav-steps", true, 20).await?;
    h.screenshot("nav-steps-focused").await?;
    h.press(Key::Enter).await?;
    h.wait_for("steps-overview", UI).await?;
    tab_to(h, "step-card-3", false, 10).await?;
    h.press(Key::Enter).await?;
    h.wait_for("step-page", UI).await?;
    ensure!(
        h.text("step-page").await?.contains("Step 3"),
        "Enter on step 3's card did not open step 3"
    );
    tab_to(h, "add-note", false, 20).await?;
    h.press(Key::Enter).await?;
    h.wait_for("note-editor", UI).await?;
    // A new note opens with the focus in its writing; the title is just before it.
    type_here(h, "note-text", NOTE_TEXT).await?;
    tab_to(h, "note-title", true, 5).await?;
    type_here(h, "note-title", NOTE_TITLE).await?;
    wait_saved(h, "note-save-state").await?;
    h.screenshot("note-written").await?;
    tab_to(h, "note-done", false, 5).await?;
    h.press(Key::Enter).await?;
    let notes = wait_count(h, "step-note", 1, UI).await?;
    ensure!(
        notes[0].contains(NOTE_TITLE) && notes[0].contains(NOTE_TEXT),
        "the note reads {:?}",
        notes[0]
    );
    let after = focus(h).await?;
    if after.tabbable {
        expect_ring(&after, "after Done")?;
    }
    tab_cycle(h, "step 3").await?;

    // A meeting, reached with its shortcut.
    h.press(Key::Alt + "3").await?;
    h.wait_for("meetings-screen", UI).await?;
    tab_to(h, "log-meeting", false, 10).await?;
    h.press(Key::Enter).await?;
    h.wait_for("meeting-form", UI).await?;
    type_here(h, "meeting-name", MEETING).await?;
    tab_to(h, "meeting-attendance", false, 20).await?;
    let was = h.value("meeting-attendance").await?;
    h.press(Key::Down).await?;
    let now = h.value("meeting-attendance").await?;
    ensure!(
        now != was,
        "the Down arrow did not change the attendance (still {now:?})"
    );
    h.screenshot("meeting-form-keyboard").await?;
    tab_cycle(h, "the meeting form").await?;
    tab_to(h, "meeting-save", false, 30).await?;
    h.press(Key::Enter).await?;
    h.wait_for("meeting-saved", UI).await?;
    let items = wait_count(h, "meeting-item", 1, UI).await?;
    ensure!(
        items[0].contains(MEETING),
        "the meeting list shows {items:?}"
    );

    // Search with Ctrl+F; the result opens with Enter.
    h.press(Key::Control + "f").await?;
    h.wait_for("search-screen", UI).await?;
    type_here(h, "search-input", "larkspur").await?;
    wait_text(h, "search-count", "2 result", UI).await?;
    h.screenshot("search-results").await?;
    tab_to(h, "search-result", false, 10).await?;
    let first = h.text("search-result").await.unwrap_or_default();
    h.press(Key::Enter).await?;
    match h
        .wait_for_any(&["step-page", "meetings-screen"], UI)
        .await?
    {
        "step-page" => {
            wait_text(h, "step-note", NOTE_TITLE, UI).await?;
        }
        _ => {
            wait_text(h, "meeting-item", MEETING, UI).await?;
        }
    }
    h.step(&format!("Enter on the result {first:?} opened it"));

    // The help sheet: "?" opens it, Escape closes it and the focus goes back.
    tab_to(h, "nav-search", true, 40).await?;
    h.press("?").await?;
    h.wait_for("help-sheet", UI).await?;
    let inside = h
        .js(
            "return !!document.activeElement && !!document.activeElement.closest('[data-testid=\"help-sheet\"]');",
            vec![],
        )
        .await?;
    ensure!(
        inside.as_bool() == Some(true),
        "the focus did not move into the help sheet: {:?}",
        focus(h).await?.what
    );
    expect_ring(&focus(h).await?, "help sheet open")?;
    let listed = h.text("help-sheet").await?;
    for words in ["Alt+1", "Alt+7", "Ctrl+F", "Ctrl+L", "?"] {
        ensure!(
            listed.contains(words),
            "the help sheet does not list {words:?}: {listed:?}"
        );
    }
    h.screenshot("help-sheet").await?;
    h.press(Key::Escape).await?;
    h.wait_gone("help-sheet", UI).await?;
    expect_focus(h, "nav-search", "after closing the help sheet").await?;

    // Every screen has its shortcut.
    for (key, screen) in [
        ("1", "dashboard"),
        ("2", "steps-screen"),
        ("3", "meetings-screen"),
        ("4", "contacts-screen"),
        ("5", "journal-screen"),
        ("6", "search-screen"),
        ("7", "settings-screen"),
    ] {
        h.press(Key::Alt + key).await?;
        h.wait_for(screen, UI)
            .await
            .with_context(|| format!("Alt+{key} should open {screen}"))?;
        // Every control on it shows the focus.
        tab_cycle(h, screen).await?;
    }
    // "/" opens search too, when no text is being typed.
    h.press(Key::Alt + "1").await?;
    h.wait_for("dashboard", UI).await?;
    h.press("/").await?;
    h.wait_for("search-screen", UI).await?;
    expect_focus(h, "search-input", "after /").await?;

    // Lock with Ctrl+L; unlock with the keyboard.
    h.mark_page().await?;
    h.press(Key::Control + "l").await?;
    h.wait_fresh("unlock-screen", KDF).await?;
    expect_focus(h, "unlock-passphrase", "the unlock screen").await?;
    h.screenshot("locked").await?;
    type_here(h, "unlock-passphrase", PASSPHRASE).await?;
    h.press(Key::Enter).await?;
    h.wait_for("dashboard", KDF).await?;
    let days = h.number("clean-time-total-days").await?;
    ensure!(
        days == 45,
        "after unlocking the dashboard counts {days} days"
    );
    h.screenshot("unlocked").await?;
    // Nothing was lost: the note and the meeting are found again.
    h.press(Key::Control + "f").await?;
    h.wait_for("search-screen", UI).await?;
    type_here(h, "search-input", "larkspur").await?;
    wait_text(h, "search-count", "2 result", UI).await?;
    Ok(())
}
