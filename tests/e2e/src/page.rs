//! Talking to the app from its own page, as the UI does: commands through Tauri's IPC, and
//! the app's own words from its locale file.
//!
//! Used where a screen would take many steps to set something up, and to compare what the
//! app shows with what it means to say. IPC errors never carry user content
//! (src-tauri/src/ipc.rs), so they are safe to print.

use std::fs;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::harness::{Harness, repo_root};

/// The id to send for a record that does not exist yet.
pub const NEW_ID: &str = "00000000-0000-0000-0000-000000000000";

/// Call an app command from the page: `Ok(value)` or `Err(error object)`.
pub async fn invoke(
    h: &Harness,
    cmd: &str,
    args: Value,
) -> Result<std::result::Result<Value, Value>> {
    let v = h
        .js(
            r#"
            const [cmd, args] = arguments;
            return window.__TAURI_INTERNALS__.invoke(cmd, args).then(
                v => ({ ok: v === undefined ? null : v }),
                e => ({ err: e === undefined ? null : e }));"#,
            vec![json!(cmd), args],
        )
        .await
        .with_context(|| format!("invoking {cmd} from the page"))?;
    if let Some(ok) = v.get("ok") {
        Ok(Ok(ok.clone()))
    } else if let Some(err) = v.get("err") {
        Ok(Err(err.clone()))
    } else {
        bail!("invoking {cmd} gave neither a result nor an error: {v}")
    }
}

/// Call a command that must succeed.
pub async fn call(h: &Harness, cmd: &str, args: Value) -> Result<Value> {
    match invoke(h, cmd, args).await? {
        Ok(v) => Ok(v),
        Err(e) => bail!("{cmd} was refused: {e}"),
    }
}

/// `save_record` for a record of `kind`; returns the saved record (with its id).
pub async fn save(h: &Harness, kind: &str, record: Value) -> Result<Value> {
    let saved = call(
        h,
        "save_record",
        json!({ "record": { "kind": kind, "record": record } }),
    )
    .await
    .with_context(|| format!("saving a {kind}"))?;
    Ok(saved["record"].clone())
}

/// A meeting record for `save(h, "meeting", …)`.
pub fn meeting(date: &str, name: &str, attendance: &str, place: &str) -> Value {
    json!({ "id": NEW_ID, "date": date, "startTime": null, "durationMinutes": 60, "name": name,
            "group": "", "formats": [], "attendance": attendance, "place": place,
            "serviceRole": "", "shared": false, "notes": "" })
}

/// Lock with the lock button and wait for the unlock screen (in a fresh page).
pub async fn lock_via_ui(h: &mut Harness) -> Result<()> {
    h.lock().await
}

/// The app's English wording (ui/src/locales/en.json) at a dotted key.
pub fn en(key: &str) -> Result<String> {
    let path = repo_root().join("ui/src/locales/en.json");
    let all: Value = serde_json::from_str(&fs::read_to_string(&path)?)?;
    let mut v = &all;
    for part in key.split('.') {
        v = v
            .get(part)
            .with_context(|| format!("{key} is not in {}", path.display()))?;
    }
    v.as_str()
        .map(str::to_string)
        .with_context(|| format!("{key} in en.json is not a plain string"))
}

/// What a screen says for an error code: its own wording (`<context>.errors.<CODE>`), else
/// the general one (the same lookup as ui/src/lib/errors.ts `errorMessage`).
pub fn error_wording(context: &str, code: &str) -> Result<String> {
    en(&format!("{context}.errors.{code}")).or_else(|_| en(&format!("errors.{code}")))
}
