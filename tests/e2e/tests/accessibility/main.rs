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
//!
//! The journeys are declared here; their bodies are in [`axe`] (axe-core on every screen) and
//! [`keyboard`] (the keyboard-only journey, the focus ring and the shortcuts).

mod axe;
mod keyboard;

use axe::{axe_on_every_screen, axe_on_every_screen_in_spanish};
use keyboard::keyboard_only_journey;
use recovery_journal_e2e::journey;

journey!(accessibility_axe_on_every_screen, axe_on_every_screen);
journey!(
    accessibility_axe_on_every_screen_in_spanish,
    axe_on_every_screen_in_spanish
);
journey!(accessibility_keyboard_only_journey, keyboard_only_journey);
