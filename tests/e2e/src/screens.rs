//! Helpers for the journal's own screens (step work, meetings, people, daily journal, search,
//! dashboard cards), used by `tests/journal_screens/`.
//!
//! Everything goes through the `data-testid` contract of the UI. Lists hold several elements
//! with the same test id (`inventory-row`, `amend-item`, `contact-item`, …): the `*_in_item`
//! helpers act inside the one item whose text contains a given needle.

use std::time::Duration;

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};
use serde_json::{Value, json};

use crate::calendar::{days_from, today};
use crate::eventually::within_async;
use crate::harness::{Harness, UI};
use crate::journeys::{PASSPHRASE, create_journal};

const POLL: Duration = Duration::from_millis(150);

/// How long an autosave may take to say "saved" (about a second of debounce, then the save).
pub const SAVE: Duration = Duration::from_secs(15);

/// `YYYY-MM-DD`, the value of an `<input type="date">`.
pub fn iso(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The Monday of the ISO week that holds `date` (weeks as the app counts "this week").
pub fn week_monday(date: NaiveDate) -> NaiveDate {
    days_from(date, -i64::from(date.weekday().num_days_from_monday()))
}

fn sel(testid: &str) -> String {
    format!("[data-testid=\"{testid}\"]")
}

/// A fresh journal (clean date 120 days ago), ending on the dashboard.
pub async fn fresh_journal(h: &mut Harness) -> Result<()> {
    create_journal(h, PASSPHRASE, days_from(today(), -120)).await?;
    Ok(())
}

/// Click a navigation button (`nav-<view>`) and wait for the screen's own test id.
pub async fn go(h: &mut Harness, view: &str, screen: &str) -> Result<()> {
    h.click(&format!("nav-{view}")).await?;
    h.wait_for(screen, UI).await?;
    Ok(())
}

/// Type into an empty field without clearing it first. WebDriver's clear blurs the field
/// (its "unfocusing steps"), which a form that saves and closes when focus leaves it (an
/// inventory row) takes as the member leaving; a member tabbing or clicking from field to
/// field never blurs to nothing in between.
pub async fn type_fresh(h: &Harness, testid: &str, text: &str) -> Result<()> {
    let el = h.wait_for(testid, UI).await?;
    let before = el.prop("value").await?.unwrap_or_default();
    if !before.is_empty() {
        bail!("{testid} already holds {before:?}; type_fresh only types into empty fields");
    }
    // Click first, as a member would: focus moves straight from the last field to this one.
    el.click().await?;
    el.send_keys(text).await?;
    let value = el.prop("value").await?.unwrap_or_default();
    if value != text {
        bail!("typed {text:?} into {testid} but it holds {value:?}");
    }
    Ok(())
}

/// The visible texts (`innerText`, trimmed) of every element with this test id, in order.
pub async fn texts(h: &Harness, testid: &str) -> Result<Vec<String>> {
    let v = h
        .js(
            r#"
            return Array.from(document.querySelectorAll(arguments[0]))
                .filter(e => e.getClientRects().length > 0)
                .map(e => (e.innerText || e.textContent || '').trim());"#,
            vec![json!(sel(testid))],
        )
        .await?;
    Ok(serde_json::from_value(v).unwrap_or_default())
}

/// How many elements with this test id are shown.
pub async fn count(h: &Harness, testid: &str) -> Result<usize> {
    Ok(texts(h, testid).await?.len())
}

/// Wait until exactly `n` elements with this test id are shown; return their texts.
pub async fn wait_count(
    h: &Harness,
    testid: &str,
    n: usize,
    timeout: Duration,
) -> Result<Vec<String>> {
    let mut now = Vec::new();
    let counted = within_async(timeout, POLL, async || {
        now = texts(h, testid).await?;
        Ok((now.len() == n).then(|| now.clone()))
    });
    match counted.await? {
        Some(shown) => Ok(shown),
        None => bail!(
            "expected {n} [data-testid={testid}] but {} are shown: {now:?}\n{}",
            now.len(),
            h.diagnose().await
        ),
    }
}

/// Wait until the element's text contains `needle`; return the text.
pub async fn wait_text(
    h: &Harness,
    testid: &str,
    needle: &str,
    timeout: Duration,
) -> Result<String> {
    let mut now = Vec::new();
    let said = within_async(timeout, POLL, async || {
        now = texts(h, testid).await?;
        Ok(now.iter().find(|t| t.contains(needle)).cloned())
    });
    match said.await? {
        Some(t) => Ok(t),
        None => bail!(
            "[data-testid={testid}] never said {needle:?}; it says {now:?}\n{}",
            h.diagnose().await
        ),
    }
}

/// Wait until the element's text reads as the whole number `n`.
pub async fn wait_number(h: &Harness, testid: &str, n: i64, timeout: Duration) -> Result<()> {
    let read = within_async(timeout, POLL, async || {
        Ok(h.number(testid)
            .await
            .is_ok_and(|now| now == n)
            .then_some(()))
    });
    if read.await?.is_none() {
        bail!(
            "[data-testid={testid}] says {:?}, not {n}, after {timeout:?}",
            h.text(testid).await.unwrap_or_default()
        );
    }
    Ok(())
}

/// Wait until the (first) element's attribute `name` is `value`.
pub async fn wait_attr(
    h: &Harness,
    testid: &str,
    name: &str,
    value: &str,
    timeout: Duration,
) -> Result<()> {
    let mut now = Value::Null;
    let set = within_async(timeout, POLL, async || {
        now = h
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                vec![json!(sel(testid)), json!(name)],
            )
            .await?;
        Ok((now.as_str() == Some(value)).then_some(()))
    });
    if set.await?.is_none() {
        let text = texts(h, testid).await.unwrap_or_default();
        bail!(
            "[data-testid={testid}] {name}={now} (text {text:?}), never {value:?} within {timeout:?}\n{}",
            h.diagnose().await
        );
    }
    Ok(())
}

/// Wait for an autosave state (`data-state`) to be `saved`; fail at once on `failed`.
pub async fn wait_saved(h: &Harness, testid: &str) -> Result<()> {
    let mut state = String::new();
    let saved = within_async(SAVE, POLL, async || {
        state = h.attr(testid, "data-state").await?.unwrap_or_default();
        match state.as_str() {
            "saved" => Ok(Some(())),
            "failed" => bail!(
                "[data-testid={testid}] says the writing was not saved: {:?}",
                h.text(testid).await?
            ),
            _ => Ok(None),
        }
    });
    if saved.await?.is_none() {
        bail!(
            "[data-testid={testid}] still {state:?} ({:?}) after {SAVE:?}",
            h.text(testid).await?
        );
    }
    Ok(())
}

/// Run `script` on the inner element `inner` of the item `item` whose text contains `needle`.
/// The script gets the inner element as `el` and `arguments[3]` as an extra argument; it
/// returns what the script returns, or fails when there is no such item or inner element.
async fn in_item(
    h: &Harness,
    item: &str,
    needle: &str,
    inner: &str,
    script: &str,
    extra: Value,
) -> Result<Value> {
    let body = format!(
        r#"
        const items = Array.from(document.querySelectorAll(arguments[0]))
            .filter(e => (e.innerText || e.textContent || '').includes(arguments[1]));
        if (items.length === 0) return {{ missing: 'item' }};
        const el = items[0].querySelector(arguments[2]);
        if (!el) return {{ missing: 'inner' }};
        el.scrollIntoView({{ block: 'center' }});
        const out = (() => {{ {script} }})();
        return {{ ok: out === undefined ? null : out }};"#
    );
    let v = h
        .js(
            &body,
            vec![json!(sel(item)), json!(needle), json!(sel(inner)), extra],
        )
        .await?;
    match v.get("missing").and_then(Value::as_str) {
        Some("item") => bail!(
            "no [data-testid={item}] says {needle:?}; they say {:?}",
            texts(h, item).await?
        ),
        Some(_) => {
            bail!("the [data-testid={item}] that says {needle:?} has no [data-testid={inner}]")
        }
        None => Ok(v.get("ok").cloned().unwrap_or(Value::Null)),
    }
}

/// Click `inner` inside the item that says `needle`.
pub async fn click_in_item(h: &Harness, item: &str, needle: &str, inner: &str) -> Result<()> {
    in_item(h, item, needle, inner, "el.click();", Value::Null).await?;
    Ok(())
}

/// Choose `value` in the `<select>` `inner` inside the item that says `needle` (firing
/// `input` and `change` as a member's pick would).
pub async fn select_in_item(
    h: &Harness,
    item: &str,
    needle: &str,
    inner: &str,
    value: &str,
) -> Result<()> {
    let got = in_item(
        h,
        item,
        needle,
        inner,
        r#"
        if (![...el.options].some(o => o.value === arguments[3])) return '(no such option)';
        el.value = arguments[3];
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));
        return el.value;"#,
        json!(value),
    )
    .await?;
    if got.as_str() != Some(value) {
        bail!("could not choose {value:?} in {inner} of the {item} that says {needle:?}: {got}");
    }
    Ok(())
}

/// Whether `inner` inside the item that says `needle` is disabled.
pub async fn disabled_in_item(h: &Harness, item: &str, needle: &str, inner: &str) -> Result<bool> {
    let v = in_item(
        h,
        item,
        needle,
        inner,
        "return el.disabled === true;",
        Value::Null,
    )
    .await?;
    Ok(v.as_bool() == Some(true))
}

/// The text of `inner` inside the item that says `needle`.
pub async fn text_in_item(h: &Harness, item: &str, needle: &str, inner: &str) -> Result<String> {
    let v = in_item(
        h,
        item,
        needle,
        inner,
        "return (el.innerText || el.textContent || '').trim();",
        Value::Null,
    )
    .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// The `value` of the control `inner` inside the item that says `needle`.
pub async fn value_in_item(h: &Harness, item: &str, needle: &str, inner: &str) -> Result<String> {
    let v = in_item(h, item, needle, inner, "return el.value;", Value::Null).await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// The `data-date` → `data-count` of every heatmap cell.
pub async fn heatmap(h: &Harness) -> Result<Vec<(String, i64)>> {
    let v = h
        .js(
            r#"
            return Array.from(document.querySelectorAll('[data-testid="heatmap-cell"]'))
                .map(c => [c.getAttribute('data-date'), Number(c.getAttribute('data-count'))]);"#,
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(v).unwrap_or_default())
}

/// The values of every input or textarea with this test id, in order.
pub async fn values(h: &Harness, testid: &str) -> Result<Vec<String>> {
    let v = h
        .js(
            "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.value);",
            vec![json!(sel(testid))],
        )
        .await?;
    Ok(serde_json::from_value(v).unwrap_or_default())
}

/// Open step `n` from anywhere: Step work in the side bar, then the step's card; waits for
/// the step's page to have loaded (its status select is shown).
pub async fn open_step(h: &mut Harness, n: u32) -> Result<()> {
    if h.visible("steps-back").await? {
        h.click("steps-back").await?;
    } else {
        h.click("nav-steps").await?;
    }
    h.wait_for("steps-overview", UI).await?;
    h.click(&format!("step-card-{n}")).await?;
    h.wait_for("step-page", UI).await?;
    h.wait_for("step-status-select", UI).await?;
    // "Step 4" or "Paso 4": the number is what counts, in any language.
    let heading = h.text("step-page").await?;
    let says_n = heading
        .split_whitespace()
        .take(4)
        .any(|w| w == n.to_string());
    if !says_n {
        bail!("opened step {n} but the page says {heading:?}");
    }
    Ok(())
}

/// Lock with the lock button (it saves what is pending first), then unlock again.
pub async fn lock_and_unlock(h: &mut Harness) -> Result<()> {
    h.lock().await?;
    crate::journeys::unlock(h, PASSPHRASE).await
}
