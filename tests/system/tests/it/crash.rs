//! Nothing acknowledged is lost on a crash: the crash writer is killed with SIGKILL at random
//! moments, over and over, on the same journal; after every kill the file passes SQLite's
//! integrity check, unlocks, every acknowledged entry is there and decrypts, and no record is
//! damaged. Kills also land during passphrase changes and new recovery keys, each of which
//! re-encrypts everything under a new master key: afterwards exactly one of the old and the new
//! secret sets (passphrase and recovery key) opens everything.
//!
//! Rounds per mode: 200 by default (`CRASH_ROUNDS` overrides; the soak mode uses 1000+).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use journal_core::{ExposeSecret, Journal, JournalEntry, JournalError, KdfParams, SecretString};
use system_tests::{PASS_A, PASS_B, entry_id, entry_text};

fn rounds() -> u32 {
    std::env::var("CRASH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

/// A small deterministic generator, seeded per run, so a failure can be replayed (`CRASH_SEED`).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn seed() -> u64 {
    std::env::var("CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}

#[derive(Default)]
struct Acked {
    /// The writer opened the journal before the kill.
    ready: bool,
    entries: Vec<u64>,
    /// The last acknowledged passphrase change, and how many entries were acknowledged after it.
    passphrase: Option<(&'static str, usize)>,
    /// The recovery keys of the acknowledged changes of secrets, in order.
    recovery_keys: Vec<String>,
}

/// Run the writer, kill it `after` its journal is open, and return what it acknowledged.
fn run_and_kill(dir: &Path, mode: &str, after: Duration) -> Acked {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crash_writer"))
        .arg(dir)
        .arg(mode)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    // Start the clock once the writer is ready (or gave up: then the kill is harmless).
    let mut lines = Vec::new();
    let ready = matches!(rx.recv_timeout(Duration::from_secs(30)), Ok(l) if l == "READY");
    std::thread::sleep(after);
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    reader.join().unwrap();
    let mut acked = Acked {
        ready,
        ..Acked::default()
    };
    lines.extend(rx.try_iter());
    for line in lines {
        let mut parts = line.split(' ');
        match (parts.next(), parts.next()) {
            (Some("E"), Some(n)) => {
                acked.entries.push(n.parse().unwrap());
                if let Some((_, after)) = &mut acked.passphrase {
                    *after += 1;
                }
            }
            (Some("P"), Some(which)) => {
                acked.passphrase = Some((if which == "A" { PASS_A } else { PASS_B }, 0));
                acked.recovery_keys.extend(parts.next().map(str::to_owned));
            }
            (Some("R"), Some(key)) => acked.recovery_keys.push(key.to_owned()),
            _ => {}
        }
    }
    acked
}

fn integrity_ok(dir: &Path) {
    let conn = rusqlite::Connection::open(dir.join(journal_core::FILE_NAME)).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
}

/// Unlock with whichever passphrase works, asserting exactly one does.
/// One at a time: an open journal holds the folder's writer lock, so the second try would be
/// refused as `InUse` while the first is open. That the tries work at all after a SIGKILL shows
/// the killed writer's lock never outlives it (while the three crash loops of this file, run in
/// parallel, fork writers all the time: see `LOCK_PATIENCE` in store.rs).
fn unlock_exactly_one(dir: &Path) -> (Journal, &'static str) {
    let a = Journal::unlock(dir, &SecretString::from(PASS_A)).map(drop);
    let b = Journal::unlock(dir, &SecretString::from(PASS_B)).map(drop);
    let works = match (a, b) {
        (Ok(()), Err(JournalError::WrongPassphrase)) => PASS_A,
        (Err(JournalError::WrongPassphrase), Ok(())) => PASS_B,
        (a, b) => panic!(
            "exactly one passphrase must work: A {:?}, B {:?}",
            a.err().map(|e| e.code()),
            b.err().map(|e| e.code())
        ),
    };
    (
        Journal::unlock(dir, &SecretString::from(works)).unwrap(),
        works,
    )
}

/// The key id of the passphrase slot: one more for every committed change of secrets.
fn key_id(dir: &Path) -> u32 {
    let conn = rusqlite::Connection::open(dir.join(journal_core::FILE_NAME)).unwrap();
    let slot: Vec<u8> = conn
        .query_row("SELECT slot FROM key_slot WHERE kind = 1", [], |r| r.get(0))
        .unwrap();
    u32::from_be_bytes(slot[6..10].try_into().unwrap())
}

/// Whether `recovery_key` opens a copy of the journal in `dir` (a copy, because unlocking with
/// the recovery key sets a new passphrase).
fn recovery_key_opens(dir: &Path, recovery_key: &str) -> bool {
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.join(journal_core::FILE_NAME),
        copy.path().join(journal_core::FILE_NAME),
    )
    .unwrap();
    match Journal::unlock_with_recovery_key(
        copy.path(),
        &SecretString::from(recovery_key),
        &SecretString::from(PASS_A),
    ) {
        Ok(j) => j.damaged().is_empty(),
        Err(JournalError::WrongRecoveryKey) => false,
        Err(e) => panic!("the recovery key check failed: {:?}", e.code()),
    }
}

fn crash_loop(mode: &str) {
    let dir = tempfile::tempdir().unwrap();
    let created = Journal::create(
        dir.path(),
        &SecretString::from(PASS_A),
        KdfParams::insecure_for_tests(),
    )
    .unwrap();
    created.journal.lock().unwrap();
    // The newest recovery key known to work, and the key id it belongs to. `None` after a
    // change committed without being acknowledged: its recovery key never reached us.
    let mut recovery: Option<String> = Some(created.recovery_key.expose_secret().to_owned());
    let mut key_id_known = 1u32;
    let seed = seed();
    let mut rng = Rng(seed);
    let mut all_acked: Vec<u64> = Vec::new();
    let mut kills_with_acks = 0;
    let started = Instant::now();
    for round in 0..rounds() {
        // Sometimes before the first write, mostly in the middle of one. Re-keying modes run
        // key derivations first (unlock, verify, seal), so they get a longer window.
        let window = if mode == "records" { 40 } else { 250 };
        let after = Duration::from_millis(rng.next() % window);
        let acked = run_and_kill(dir.path(), mode, after);
        assert!(
            acked.ready,
            "round {round}: the writer never opened the journal"
        );
        if !acked.entries.is_empty() {
            kills_with_acks += 1;
        }
        all_acked.extend(&acked.entries);
        integrity_ok(dir.path());
        let (journal, works) = unlock_exactly_one(dir.path());
        if let Some(last) = acked.recovery_keys.last() {
            key_id_known += u32::try_from(acked.recovery_keys.len()).unwrap();
            recovery = Some(last.clone());
        }
        if let Some((last, entries_after)) = acked.passphrase {
            // The writer changes the passphrase before every third entry. Fewer than three
            // entries acknowledged after the last change means no later change was attempted,
            // so the acknowledged passphrase must be the one that works.
            if entries_after < 3 {
                assert_eq!(
                    works, last,
                    "round {round} (seed {seed}): acknowledged passphrase lost"
                );
            }
        }
        assert!(
            journal.damaged().is_empty(),
            "round {round} (seed {seed}): damaged records {:?}",
            journal.damaged()
        );
        for n in &all_acked {
            let entry = journal
                .get::<JournalEntry>(entry_id(*n))
                .unwrap_or_else(|| {
                    panic!("round {round} (seed {seed}): acknowledged entry {n} lost")
                });
            assert_eq!(entry.text, entry_text(*n));
        }
        journal.lock().unwrap();
        // Exactly one secret set: the recovery key of the last acknowledged change opens
        // everything, unless a later change committed before the kill, and then it opens
        // nothing (the passphrase half is `unlock_exactly_one` above).
        let file_key_id = key_id(dir.path());
        if file_key_id == key_id_known {
            if let Some(key) = &recovery {
                assert!(
                    recovery_key_opens(dir.path(), key),
                    "round {round} (seed {seed}): the acknowledged recovery key fails"
                );
            }
        } else {
            assert_eq!(
                file_key_id,
                key_id_known + 1,
                "round {round} (seed {seed}): at most one change can be cut off"
            );
            if let Some(key) = &recovery {
                assert!(
                    !recovery_key_opens(dir.path(), key),
                    "round {round} (seed {seed}): the replaced recovery key still opens"
                );
            }
            key_id_known = file_key_id;
            recovery = None;
        }
    }
    // Guard against a test whose kills never land among writes (too early every time).
    assert!(
        kills_with_acks * 10 >= rounds(),
        "too few kills landed after acknowledged writes ({kills_with_acks}/{})",
        rounds()
    );
    eprintln!(
        "{mode}: {} rounds, {} acknowledged entries, {:.1} s (seed {seed})",
        rounds(),
        all_acked.len(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn sigkill_during_writes_loses_nothing_acknowledged() {
    crash_loop("records");
}

#[test]
fn sigkill_during_passphrase_changes_leaves_exactly_one_secret_set() {
    crash_loop("passphrase");
}

#[test]
fn sigkill_during_new_recovery_keys_leaves_exactly_one_secret_set() {
    crash_loop("rotate");
}
