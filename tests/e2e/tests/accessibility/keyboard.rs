//! The keyboard alone: a whole journey with a visible focus ring on every control it reaches,
//! the shortcuts and their help sheet.

use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::eventually::within_async;
use recovery_journal_e2e::harness::{KDF, UI};
use recovery_journal_e2e::journeys::{PASSPHRASE, wait_recovery_key};
use recovery_journal_e2e::screens::{iso, wait_count, wait_saved, wait_text};
use thirtyfour::prelude::*;

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
    let mut last = None;
    let there = within_async(UI, Duration::from_millis(100), async || {
        let f = focus(h).await?;
        if f.testid.as_deref() == Some(testid) {
            return Ok(Some(f));
        }
        last = Some(f);
        Ok(None)
    });
    match (there.await?, last) {
        (Some(f), _) => {
            expect_ring(&f, stage)?;
            Ok(f)
        }
        (None, Some(f)) => bail!(
            "{stage}: the focus is on {} ({:?}), not on {testid}\n{}",
            f.what,
            f.testid,
            h.diagnose().await
        ),
        (None, None) => unreachable!("within_async looks at least once"),
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
    let stable = within_async(UI, Duration::from_millis(150), async || {
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
        Ok((same >= 3).then_some(n))
    });
    // Still changing after UI: the count seen last.
    Ok(stable.await?.unwrap_or(last))
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
pub(crate) async fn keyboard_only_journey(h: &mut Harness) -> Result<()> {
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
