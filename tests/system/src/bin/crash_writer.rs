//! Crash writer: commits operations on a journal in a loop and prints each acknowledged one.
//!
//! Usage: `crash_writer <data-dir> <mode>` where mode is `records`, `passphrase` or `rotate`.
//! The journal must exist (the test creates it). Each line on stdout is printed only after the
//! operation it names returned, i.e. after SQLite committed it durably (`READY` first, once the
//! journal is unlocked):
//! - `E <n>`: journal entry n saved;
//! - `P <A|B> <recovery key>`: the passphrase is now A or B, under a new master key with this
//!   new recovery key;
//! - `R <recovery key>`: a new recovery key (and master key), the passphrase unchanged.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::PathBuf;

use chrono::{NaiveDate, Utc};
use journal_core::{ExposeSecret, Journal, JournalEntry, SecretString};
use system_tests::{PASS_A, PASS_B, entry_id, entry_text};

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("data dir"));
    let mode = args.next().expect("mode");
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    // Whichever passphrase works now (a change may have been cut off either side of its commit).
    let (mut journal, mut current) = match Journal::unlock(&dir, &SecretString::from(PASS_A)) {
        Ok(j) => (j, PASS_A),
        Err(_) => (
            Journal::unlock(&dir, &SecretString::from(PASS_B)).expect("unlock"),
            PASS_B,
        ),
    };
    let mut next = journal.all::<JournalEntry>().count() as u64;
    let out = std::io::stdout();
    let mut out = out.lock();
    // Tell the test the journal is open, so its kill timer measures writing, not start-up.
    writeln!(out, "READY").unwrap();
    out.flush().unwrap();
    loop {
        match mode.as_str() {
            "passphrase" if next.is_multiple_of(3) => {
                let new = if current == PASS_A { PASS_B } else { PASS_A };
                let changed = journal
                    .change_passphrase(
                        &SecretString::from(current),
                        &SecretString::from(new),
                        Utc::now(),
                    )
                    .unwrap();
                current = new;
                writeln!(
                    out,
                    "P {} {}",
                    if new == PASS_A { "A" } else { "B" },
                    changed.recovery_key.expose_secret()
                )
                .unwrap();
            }
            "rotate" if next.is_multiple_of(5) => {
                let changed = journal
                    .new_recovery_key(&SecretString::from(current), Utc::now())
                    .unwrap();
                writeln!(out, "R {}", changed.recovery_key.expose_secret()).unwrap();
            }
            _ => {}
        }
        journal
            .save(
                JournalEntry {
                    id: entry_id(next),
                    date: today,
                    text: entry_text(next),
                    feelings: vec!["steady".into()],
                    craving: Some((next % 11) as u8),
                    gratitude: vec![format!("thing {next}")],
                },
                today,
            )
            .unwrap();
        writeln!(out, "E {next}").unwrap();
        out.flush().unwrap();
        next += 1;
    }
}
