//! The page helpers: finding, waiting for, reading and driving elements by `data-testid`,
//! scripts, keys and screenshots.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use thirtyfour::prelude::*;

use crate::eventually::within_async;

use super::{Harness, KDF, POLL, UI, screenshot_dir};

impl Harness {
    /// Run a synchronous script and return its JSON result.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        let ret = self.session()?.execute(script, args).await?;
        Ok(ret.json().clone())
    }

    /// Press keys as a keyboard does (WebDriver key actions): they go to whatever has the focus
    /// now, never to an element chosen by the test, and nothing is clicked. Unlike a WebDriver
    /// "send keys" to an element, which sets the value of a date field outright, every key is
    /// a real key press. A modifier in `keys` stays down until the end (`Key::Shift + Key::Tab`
    /// is Shift+Tab, `Key::Control + "l"` is Ctrl+L).
    pub async fn press(&self, keys: impl Into<TypingData>) -> Result<()> {
        let modifiers = [Key::Shift, Key::Control, Key::Alt, Key::Meta].map(|k| k.value());
        let mut chain = self
            .session()?
            .action_chain_with_delay(Some(Duration::ZERO), Some(Duration::ZERO));
        let mut held = Vec::new();
        for c in keys.into().as_vec() {
            if modifiers.contains(&c) {
                chain = chain.key_down(c);
                held.push(c);
            } else {
                chain = chain.key_down(c).key_up(c);
            }
        }
        for c in held.into_iter().rev() {
            chain = chain.key_up(c);
        }
        chain.perform().await?;
        Ok(())
    }

    fn selector(testid: &str) -> String {
        format!("[data-testid=\"{testid}\"]")
    }

    /// The first element with this test id (present in the DOM, visible or not).
    pub async fn find(&self, testid: &str) -> Result<WebElement> {
        match self.session()?.find(By::Css(Self::selector(testid))).await {
            Ok(el) => Ok(el),
            Err(_) => bail!(
                "no element [data-testid={testid}] on the page\n{}",
                self.diagnose().await
            ),
        }
    }

    /// Every element with this test id.
    pub async fn find_all(&self, testid: &str) -> Result<Vec<WebElement>> {
        Ok(self
            .session()?
            .find_all(By::Css(Self::selector(testid)))
            .await?)
    }

    /// Whether an element with this test id is in the DOM at all.
    pub async fn exists(&self, testid: &str) -> Result<bool> {
        let v = self
            .js(
                "return document.querySelector(arguments[0]) !== null;",
                vec![json!(Self::selector(testid))],
            )
            .await?;
        Ok(v.as_bool() == Some(true))
    }

    /// Whether an element with this test id is shown (has a box and is not hidden).
    pub async fn visible(&self, testid: &str) -> Result<bool> {
        let v = self
            .js(
                r#"
                for (const e of document.querySelectorAll(arguments[0])) {
                    if (e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden') return true;
                }
                return false;"#,
                vec![json!(Self::selector(testid))],
            )
            .await?;
        Ok(v.as_bool() == Some(true))
    }

    /// Test ids currently shown, in document order (for error messages).
    pub async fn visible_testids(&self) -> Result<Vec<String>> {
        let v = self
            .js(
                r#"
                return Array.from(document.querySelectorAll('[data-testid]'))
                    .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
                    .map(e => e.getAttribute('data-testid'));"#,
                vec![],
            )
            .await?;
        Ok(serde_json::from_value(v).unwrap_or_default())
    }

    /// What is on screen, for failure messages: shown test ids and the start of the text.
    pub async fn diagnose(&self) -> String {
        let ids = self
            .visible_testids()
            .await
            .map(|ids| ids.join(", "))
            .unwrap_or_else(|e| format!("(could not list test ids: {e})"));
        let text = self
            .body_text()
            .await
            .unwrap_or_else(|e| format!("(could not read the page: {e})"));
        let text: String = text.chars().take(1500).collect();
        format!("  shown test ids: [{ids}]\n  page text: {text:?}")
    }

    /// Wait until an element with this test id is shown.
    pub async fn wait_for(&self, testid: &str, timeout: Duration) -> Result<WebElement> {
        let shown = within_async(timeout, POLL, async || {
            Ok(self.visible(testid).await.unwrap_or(false).then_some(()))
        });
        if shown.await?.is_none() {
            bail!(
                "[data-testid={testid}] did not appear within {timeout:?}\n{}",
                self.diagnose().await
            );
        }
        self.find(testid).await
    }

    /// Mark the page now shown, so [`Harness::wait_fresh`] can tell when the app has replaced
    /// it. Every lock loads the app afresh.
    pub async fn mark_page(&self) -> Result<()> {
        self.js("window.__e2eOldPage = true; return null;", vec![])
            .await?;
        Ok(())
    }

    /// Wait until a fresh page (not the one [`Harness::mark_page`] marked) shows `testid`.
    /// Script errors while the old page's process ends count as "not yet". Returns how long it
    /// took.
    pub async fn wait_fresh(&self, testid: &str, timeout: Duration) -> Result<Duration> {
        let start = Instant::now();
        let shown = within_async(timeout, POLL, async || {
            let fresh = self
                .js(
                    "return window.__e2eOldPage === undefined \
                     && document.querySelector(arguments[0]) !== null;",
                    vec![json!(Self::selector(testid))],
                )
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            Ok((fresh && self.visible(testid).await.unwrap_or(false)).then(|| start.elapsed()))
        });
        match shown.await? {
            Some(took) => Ok(took),
            None => bail!(
                "no fresh page showed [data-testid={testid}] within {timeout:?}\n{}",
                self.diagnose().await
            ),
        }
    }

    /// Press the Lock button and wait for the unlock screen in the fresh page that replaces
    /// the old one (a debug build under WebDriver reloads it; a release build also ends its web
    /// process: see src-tauri/src/window.rs). The click itself may be cut off by the reload, so
    /// its own outcome does not count.
    pub async fn lock(&mut self) -> Result<()> {
        self.mark_page().await?;
        let el = self.wait_for("lock-button", UI).await?;
        let _ = el.click().await;
        let took = self.wait_fresh("unlock-screen", KDF).await?;
        self.step(&format!(
            "locked: the unlock screen in a fresh page after {} ms",
            took.as_millis()
        ));
        Ok(())
    }

    /// Wait until one of these test ids is shown; return which.
    pub async fn wait_for_any<'a>(
        &self,
        testids: &[&'a str],
        timeout: Duration,
    ) -> Result<&'a str> {
        let shown = within_async(timeout, POLL, async || {
            for id in testids {
                if self.visible(id).await.unwrap_or(false) {
                    return Ok(Some(*id));
                }
            }
            Ok(None)
        });
        match shown.await? {
            Some(id) => Ok(id),
            None => bail!(
                "none of {testids:?} appeared within {timeout:?}\n{}",
                self.diagnose().await
            ),
        }
    }

    /// Wait until no element with this test id is shown.
    pub async fn wait_gone(&self, testid: &str, timeout: Duration) -> Result<()> {
        let gone = within_async(timeout, POLL, async || {
            Ok((!self.visible(testid).await?).then_some(()))
        });
        if gone.await?.is_none() {
            bail!(
                "[data-testid={testid}] was still shown after {timeout:?}\n{}",
                self.diagnose().await
            );
        }
        Ok(())
    }

    /// Click the element (waiting up to [`UI`] for it to be shown), as a pointer would.
    pub async fn click(&mut self, testid: &str) -> Result<()> {
        let el = self.wait_for(testid, UI).await?;
        let _ = el.scroll_into_view().await;
        if let Err(e) = el.click().await {
            // A real click that WebDriver refuses (covered, zero-sized) is worth knowing about,
            // but the journey can go on with a DOM click.
            self.note(format!(
                "WebDriver click on {testid} failed ({e}); used element.click() instead"
            ));
            self.js(
                "document.querySelector(arguments[0]).click();",
                vec![json!(Self::selector(testid))],
            )
            .await?;
        }
        Ok(())
    }

    /// Clear the field and type `text` into it, then check the field holds exactly that.
    pub async fn type_into(&self, testid: &str, text: &str) -> Result<()> {
        let el = self.wait_for(testid, UI).await?;
        el.clear().await?;
        el.send_keys(text).await?;
        let value = el.prop("value").await?.unwrap_or_default();
        if value != text {
            bail!("typed {text:?} into {testid} but it holds {value:?}");
        }
        Ok(())
    }

    /// Set an `<input type="date">` (typing into WebKit date fields is unreliable): set its
    /// value and fire `input` and `change` as a member's pick would.
    pub async fn set_date(&self, testid: &str, ymd: &str) -> Result<()> {
        self.wait_for(testid, UI).await?;
        self.set_value(testid, ymd).await
    }

    /// Set an input's value from script and fire `input` and `change` (bubbling).
    pub async fn set_value(&self, testid: &str, value: &str) -> Result<()> {
        let got = self
            .js(
                r#"
                const el = document.querySelector(arguments[0]);
                if (!el) return null;
                const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
                setter.call(el, arguments[1]);
                el.dispatchEvent(new Event('input', { bubbles: true }));
                el.dispatchEvent(new Event('change', { bubbles: true }));
                return el.value;"#,
                vec![json!(Self::selector(testid)), json!(value)],
            )
            .await?;
        match got.as_str() {
            Some(v) if v == value => Ok(()),
            Some(v) => bail!("set {testid} to {value:?} but it holds {v:?}"),
            None => bail!(
                "no element [data-testid={testid}]\n{}",
                self.diagnose().await
            ),
        }
    }

    /// Choose the `<option value=…>` of a `<select>` and fire `input` and `change`.
    pub async fn select(&self, testid: &str, value: &str) -> Result<()> {
        self.wait_for(testid, UI).await?;
        let got = self
            .js(
                r#"
                const el = document.querySelector(arguments[0]);
                if (!el) return null;
                if (![...el.options].some(o => o.value === arguments[1])) return '(no such option)';
                el.value = arguments[1];
                el.dispatchEvent(new Event('input', { bubbles: true }));
                el.dispatchEvent(new Event('change', { bubbles: true }));
                return el.value;"#,
                vec![json!(Self::selector(testid)), json!(value)],
            )
            .await?;
        match got.as_str() {
            Some(v) if v == value => Ok(()),
            Some(v) => bail!("could not choose {value:?} in {testid}: {v}"),
            None => bail!(
                "no element [data-testid={testid}]\n{}",
                self.diagnose().await
            ),
        }
    }

    /// Scroll so the element is in the middle of the window (for screenshots).
    pub async fn scroll_to(&self, testid: &str) -> Result<()> {
        self.js(
            "const el = document.querySelector(arguments[0]); if (el) el.scrollIntoView({ block: 'center' });",
            vec![json!(Self::selector(testid))],
        )
        .await?;
        Ok(())
    }

    /// The element's visible text, trimmed.
    pub async fn text(&self, testid: &str) -> Result<String> {
        let el = self.find(testid).await?;
        Ok(el.text().await?.trim().to_string())
    }

    /// The element's text parsed as a whole number.
    pub async fn number(&self, testid: &str) -> Result<i64> {
        let text = self.text(testid).await?;
        let digits: String = text
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        digits
            .parse()
            .with_context(|| format!("[data-testid={testid}] reads {text:?}, not a number"))
    }

    /// An attribute of the element.
    pub async fn attr(&self, testid: &str, name: &str) -> Result<Option<String>> {
        Ok(self.find(testid).await?.attr(name).await?)
    }

    /// The `value` of an input.
    pub async fn value(&self, testid: &str) -> Result<String> {
        Ok(self
            .find(testid)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Whether the control can be used (not `disabled`).
    pub async fn enabled(&self, testid: &str) -> Result<bool> {
        Ok(self.find(testid).await?.is_enabled().await?)
    }

    /// Everything the member can read on the page (`document.body.innerText`).
    pub async fn body_text(&self) -> Result<String> {
        let v = self
            .js(
                "return document.body ? document.body.innerText : '';",
                vec![],
            )
            .await?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Whether the member can read `text` anywhere on the page.
    pub async fn page_contains(&self, text: &str) -> Result<bool> {
        Ok(self.body_text().await?.contains(text))
    }

    /// Whether `text` is anywhere in the DOM, shown or not (markup, attributes, input values).
    pub async fn dom_contains(&self, text: &str) -> Result<bool> {
        let v = self
            .js(
                r#"
                const needle = arguments[0];
                if (document.documentElement.outerHTML.includes(needle)) return true;
                for (const el of document.querySelectorAll('input, textarea, select')) {
                    if ((el.value || '').includes(needle)) return true;
                }
                return false;"#,
                vec![json!(text)],
            )
            .await?;
        Ok(v.as_bool() == Some(true))
    }

    /// Save a screenshot of the window as `<test>-<NN>-<name>.png`, after two animation
    /// frames so it shows the current state rather than the previous frame.
    pub async fn screenshot(&mut self, name: &str) -> Result<PathBuf> {
        let session = self.session()?;
        let _ = session
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await;
        let png = session.screenshot_as_png().await?;
        self.shots += 1;
        let path = screenshot_dir().join(format!("{}-{:02}-{name}.png", self.test, self.shots));
        fs::write(&path, png)?;
        self.step(&format!("screenshot {}", path.display()));
        self.screenshots.push(path.clone());
        Ok(path)
    }
}
