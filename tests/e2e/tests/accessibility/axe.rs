//! axe-core on every screen, in both themes and both languages.

use std::fmt::Write as _;
use std::fs;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::eventually::eventually_async;
use recovery_journal_e2e::harness::{KDF, UI, repo_root};
use recovery_journal_e2e::journeys::{PASSPHRASE, set_clean_date, wait_recovery_key};
use recovery_journal_e2e::screens::{go, open_step, type_fresh, wait_count, wait_saved, wait_text};
use serde_json::{Value, json};
use thirtyfour::prelude::*;

/// The colour themes every screen is checked in (`data-theme` on `<html>`, ui/src/lib/theme.ts).
const THEMES: &[&str] = &["light", "dark"];

/// axe's impacts that fail the test. Moderate and minor findings are printed as notes.
const FAILING_IMPACTS: &[&str] = &["serious", "critical"];

/// Rules that fail the test whatever their impact: every screen has one `<main>`.
const FAILING_RULES: &[&str] = &["landmark-one-main"];

/// How long one axe run may take on a loaded 2-core machine.
const AXE: Duration = Duration::from_secs(60);

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
    eventually_async(
        format!("axe.run gave no answer within {AXE:?}"),
        AXE,
        Duration::from_millis(100),
        async || {
            let v = h.js("return window.__a11yResult;", vec![]).await?;
            if v.is_null() {
                return Ok(None);
            }
            if let Some(e) = v.get("error") {
                bail!("axe.run failed: {e}");
            }
            let ran: Vec<String> = serde_json::from_value(v["ran"].clone()).unwrap_or_default();
            ensure!(
                ran.iter().any(|r| r == "color-contrast"),
                "axe did not run its color-contrast rule (disabled?); it ran {} rules",
                ran.len()
            );
            Ok(Some(v))
        },
    )
    .await
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
pub(crate) async fn axe_on_every_screen(h: &mut Harness) -> Result<()> {
    axe_walk(h, "en").await
}

/// The same walk in Spanish, chosen on the first screen as a member would.
pub(crate) async fn axe_on_every_screen_in_spanish(h: &mut Harness) -> Result<()> {
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
