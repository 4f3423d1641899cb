//! Automatic backups while the journal is unlocked, on the member's schedule.
//!
//! Contract: a background thread asks the core, every [`CHECK_EVERY`], whether a backup is due
//! ([`journal_core::Journal::auto_backup_if_due`]: it writes, verifies and rotates; asking is
//! cheap, it reads the names in `backups/`). The first check comes soon after unlocking, so a member who opens the journal for five minutes a day
//! still gets a daily backup. Checking is not activity: it never postpones the auto-lock. A
//! failure is kept (as an error code only) for the settings screen to show; it is cleared by
//! the next backup that works.

use std::time::Duration;

use chrono::Utc;
use tauri::{AppHandle, Manager};

use crate::state::AppState;

/// How often the thread looks whether a backup is due.
const CHECK_EVERY: Duration = Duration::from_secs(10);

/// Start the thread.
pub fn start(app: &AppHandle) {
    let app = app.clone();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(CHECK_EVERY);
            let state = app.state::<AppState>();
            if let Some(outcome) = state
                .0
                .with_journal_quietly(|j| j.auto_backup_if_due(Utc::now()))
            {
                state
                    .0
                    .set_auto_backup_problem(outcome.err().map(|e| e.code()));
            }
        }
    });
}
