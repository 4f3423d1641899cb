//! Its own test binary, not a module of `tests/it/`: it installs a global allocator for the
//! whole process and scans this process's memory, so no other test may share its process.
//!
//! Locked means wiped: a random canary written through the journal, searched for, read back
//! after a second unlock, is nowhere in this process's writable memory once the journal is
//! locked. Not in live values, not in freed heap blocks, not in the search index or the serde
//! and AEAD buffers that passed through the allocator.
//!
//! This test binary installs the app's global allocator (`zeroizing_alloc::ZeroAlloc`, as
//! `src-tauri/src/main.rs` does), which zeroes every block when it is freed, and when `realloc`
//! moves a block. Without it the scan finds dozens of copies in freed memory after lock;
//! that is what this test guards against. It also found the last record sealed or opened on a
//! thread left on that thread's stack by the AEAD (unoptimised builds), which the allocator
//! cannot reach: `journal-crypto` now overwrites that stack after each record's AEAD
//! (`record.rs`, `wiping_stack`).
//!
//! What is scanned: every readable, writable, private mapping in `/proc/self/maps` (the heap,
//! the per-thread malloc arenas, the thread stacks, the binaries' data), read through
//! `/proc/self/mem`; regions the kernel will not read are skipped and counted.
//!
//! What is not in scope here: SQLite's page cache is allocated by SQLite's own `malloc`, the C
//! library's, not Rust's allocator, so this allocator never sees it; it holds database pages,
//! which are ciphertext only (every record is sealed before it reaches SQLite), so the
//! canary never exists in plaintext there. The scan covers that memory too, and would find it.
//!
//! The canary is kept only masked (XOR [`MASK`]); it is unmasked one character at a time into
//! the strings handed to the journal (which then owns them) and into zeroizing buffers, and the
//! scan compares memory with the masked pattern on the fly, so the test's own copy is never
//! what it finds. One process, one test: this file is its own test binary, and has one `#[test]`
//! so that no other test's threads allocate alongside it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "it/common.rs"]
mod common;

use std::fs::File;
use std::os::unix::fs::FileExt;

use common::*;
use journal_core::*;
use uuid::Uuid;
use zeroize::{Zeroize, Zeroizing};

#[global_allocator]
static ALLOC: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

/// The canary's bytes are stored XORed with this.
const MASK: u8 = 0x5A;

/// Canary length: 32 random lowercase letters. Lowercase ASCII so that the search index's
/// folded text (lower case, accents removed) holds exactly the same bytes.
const CANARY_LEN: usize = 32;

/// The last half of the canary is searched for on its own as well: the C allocator writes its
/// free-list pointers over the first bytes of a freed block, which can cut a copy's head off.
const TAIL: usize = CANARY_LEN / 2;

/// The canary, masked. Never unmasked as a whole outside a zeroizing buffer.
struct Canary([u8; CANARY_LEN]);

impl Canary {
    fn random() -> Canary {
        let mut random = [0u8; CANARY_LEN];
        random[..16].copy_from_slice(Uuid::new_v4().as_bytes());
        random[16..].copy_from_slice(Uuid::new_v4().as_bytes());
        let mut masked = [0u8; CANARY_LEN];
        for (m, r) in masked.iter_mut().zip(random.iter()) {
            *m = (b'a' + r % 26) ^ MASK;
        }
        random.zeroize();
        Canary(masked)
    }

    /// `before`, the canary, `after`: a string for the journal to own.
    fn within(&self, before: &str, after: &str) -> String {
        // The canary sits past the first 16 bytes of its heap block, where a freed block
        // keeps its bytes under the C allocator (see `TAIL`).
        assert!(before.len() >= 16);
        let mut s = String::with_capacity(before.len() + CANARY_LEN + after.len());
        s.push_str(before);
        for m in self.0 {
            s.push(char::from(m ^ MASK));
        }
        s.push_str(after);
        s
    }

    /// The canary alone, in a buffer that is wiped when dropped.
    fn exposed(&self) -> Zeroizing<String> {
        let mut s = Zeroizing::new(String::with_capacity(CANARY_LEN));
        for m in self.0 {
            s.push(char::from(m ^ MASK));
        }
        s
    }

    /// Whether `bytes` starts with the masked `pattern`, unmasking one byte at a time.
    fn matches_at(pattern: &[u8], bytes: &[u8]) -> bool {
        bytes.len() >= pattern.len() && pattern.iter().zip(bytes).all(|(m, b)| b ^ MASK == *m)
    }
}

/// What one scan of this process's memory found.
#[derive(Debug, Default)]
struct Found {
    /// Whole canaries, UTF-8.
    whole: usize,
    /// Its last half alone (every whole one counts here too).
    tail: usize,
    /// Where, as the mapping's line in `/proc/self/maps` and the address.
    places: Vec<String>,
    /// Bytes read.
    scanned: u64,
    /// Mappings the kernel would not let us read.
    unreadable: usize,
}

const CHUNK: usize = 1 << 20;

/// Hits described in a failure message, at most.
const MAX_PLACES: usize = 20;

/// The bytes around a hit at `i`, printable, with every run of 12 or more lowercase letters
/// (the canary, whole or cut) masked: a failure says what held the canary without putting a
/// copy of it in the message, or in this process's memory while it scans on.
fn context(bytes: &[u8], i: usize) -> String {
    let lo = i.saturating_sub(96);
    let hi = (i + TAIL + 64).min(bytes.len());
    let lower = |p: &usize| bytes.get(*p).is_some_and(u8::is_ascii_lowercase);
    (lo..hi)
        .map(|p| {
            let b = bytes[p];
            let run_start = (0..=p).rev().take_while(lower).last().unwrap_or(p);
            let run_end = (p..bytes.len()).take_while(lower).last().unwrap_or(p);
            if lower(&p) && run_end + 1 - run_start >= 12 {
                '#'
            } else if b.is_ascii_graphic() || b == b' ' {
                char::from(b)
            } else {
                '.'
            }
        })
        .collect()
}

/// Scan every readable, writable, private mapping of this process for the canary.
fn scan(canary: &Canary) -> Found {
    // The read buffer is allocated first and left out of the scan: it holds copies of what was
    // just read (wiped after every chunk), and would otherwise count a hit twice.
    let mut buf = Zeroizing::new(vec![0u8; CHUNK]);
    let own = buf.as_ptr() as u64..buf.as_ptr() as u64 + CHUNK as u64;
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    let mem = File::open("/proc/self/mem").unwrap();
    let tail = &canary.0[CANARY_LEN - TAIL..];
    let mut found = Found::default();
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        if !(perms.starts_with("rw") && perms.ends_with('p')) {
            continue;
        }
        let (start, end) = range.split_once('-').unwrap();
        let start = u64::from_str_radix(start, 16).unwrap();
        let end = u64::from_str_radix(end, 16).unwrap();
        // The region, less the read buffer.
        let mut parts = vec![(start, end)];
        if own.start < end && start < own.end {
            parts = vec![(start, own.start.max(start)), (own.end.min(end), end)];
        }
        for (from, to) in parts {
            let mut at = from;
            while at + CANARY_LEN as u64 <= to {
                let want = usize::try_from((to - at).min(CHUNK as u64)).unwrap();
                let got = match mem.read_at(&mut buf[..want], at) {
                    Ok(0) | Err(_) => {
                        found.unreadable += 1;
                        break;
                    }
                    Ok(n) => n,
                };
                found.scanned += got as u64;
                let bytes = &buf[..got];
                // After the first chunk, a tail that ends inside the overlap was counted in the
                // chunk before; a whole canary is counted with its tail, where it ends.
                let first = if at == from { 0 } else { CANARY_LEN - TAIL };
                for i in first..got.saturating_sub(TAIL - 1) {
                    if Canary::matches_at(tail, &bytes[i..]) {
                        found.tail += 1;
                        // The tail starts CANARY_LEN - TAIL bytes into a whole canary.
                        let head = i.checked_sub(CANARY_LEN - TAIL);
                        if head.is_some_and(|h| Canary::matches_at(&canary.0, &bytes[h..])) {
                            found.whole += 1;
                        }
                        if found.places.len() < MAX_PLACES {
                            let at = at + i as u64;
                            let around = context(bytes, i);
                            found.places.push(format!("{at:#x} in {line}: {around}"));
                        }
                    }
                }
                buf[..got].zeroize();
                if got < want || at + (got as u64) >= to {
                    break;
                }
                // Overlap so that a canary across two chunks is seen whole.
                at += (got - (CANARY_LEN - 1)) as u64;
            }
        }
    }
    found
}

fn write_canary_everywhere(journal: &mut Journal, canary: &Canary) {
    let t = today();
    journal
        .save(
            JournalEntry {
                id: Uuid::nil(),
                date: t,
                text: canary.within(
                    "Talked to my sponsor tonight about ",
                    " and felt lighter after.",
                ),
                feelings: vec![canary.within("a feeling named: ", "")],
                craving: Some(2),
                gratitude: vec!["coffee".into()],
            },
            t,
        )
        .unwrap();
    journal
        .save(
            Contact {
                id: Uuid::nil(),
                name: canary.within("The name of my contact ", " from group"),
                phone: "555 0100".into(),
                email: String::new(),
                role: ContactRole::Sponsor,
                clean_date: None,
                home_group: String::new(),
                service_commitment: String::new(),
                service_term_start: None,
                service_term_end: None,
                sponsee_step: None,
                last_contact: None,
                notes: String::new(),
            },
            t,
        )
        .unwrap();
    journal
        .save(
            StepNote {
                id: Uuid::nil(),
                step: 4,
                date: t,
                title: "Fourth step, first pass".into(),
                text: canary.within("Resentments I listed today: ", ", and the rest."),
            },
            t,
        )
        .unwrap();
    // And every text field of every other kind (the common fixture), through the same API.
    write_everything(journal, &canary.exposed());
}

fn search_for(journal: &mut Journal, canary: &Canary) -> usize {
    let query = canary.exposed();
    let hits = journal.search(&query, 50);
    hits.len()
}

#[test]
fn a_canary_written_through_the_journal_is_gone_from_the_heap_after_lock() {
    let canary = Canary::random();
    let dir = tempfile::tempdir().unwrap();
    let Created {
        mut journal,
        recovery_key,
    } = new_journal(dir.path());
    drop(recovery_key);
    write_canary_everywhere(&mut journal, &canary);
    // Search builds the folded index, which holds its own copy of every text; the hits'
    // snippets hold more, freed when they drop.
    assert!(search_for(&mut journal, &canary) >= 3);
    journal.lock().unwrap();
    let written = scan(&canary);
    assert_eq!(
        (written.whole, written.tail),
        (0, 0),
        "after the first lock (written, searched): {:#?}",
        written.places
    );

    // Unlock again: the canary now comes back through decryption (load.rs's worker threads and
    // their buffers) and a fresh index, and is read through the lists.
    let mut journal = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
    assert!(search_for(&mut journal, &canary) >= 3);
    assert!(!journal.journal_entries().is_empty());
    assert!(!journal.contacts("").is_empty());
    assert!(!journal.step_notes(4).is_empty());
    // The control: while unlocked, the scan sees the journal's plaintext in memory. A scan
    // that cannot find the canary would prove nothing after lock.
    let open = scan(&canary);
    assert!(
        open.whole >= 3,
        "the scan should see the unlocked journal's copies: {open:?}"
    );
    let while_unlocked = open.whole;
    drop(open);

    journal.lock().unwrap();
    let locked = scan(&canary);
    eprintln!(
        "heap canary: {} whole copies while unlocked; after lock: {} whole, {} half \
         ({} MiB scanned, {} regions unreadable)",
        while_unlocked,
        locked.whole,
        locked.tail,
        locked.scanned >> 20,
        locked.unreadable
    );
    assert!(locked.scanned > 1 << 20, "{locked:?}");
    assert_eq!(
        (locked.whole, locked.tail),
        (0, 0),
        "the canary outlived the lock in this process's memory: {:#?}",
        locked.places
    );
}
