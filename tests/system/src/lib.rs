//! Shared pieces of the whole-system tests: the crash writer's protocol.
//!
//! The writer (`src/bin/crash_writer.rs`) prints one line per durable, acknowledged operation;
//! the tests kill it with SIGKILL at random moments and check that everything acknowledged
//! survived and nothing is half-written.

/// First passphrase of a crash-test journal.
pub const PASS_A: &str = "crash test passphrase A";
/// Second passphrase, alternated with the first in passphrase-change mode.
pub const PASS_B: &str = "crash test passphrase B";

/// The id of the `n`th journal entry the writer saves, so the test can find it.
pub fn entry_id(n: u64) -> uuid::Uuid {
    uuid::Uuid::from_u128(0xC0FF_EE00_0000_0000_0000_0000_0000_0000 | u128::from(n))
}

/// The text of the `n`th entry: long enough to span pages now and then.
pub fn entry_text(n: u64) -> String {
    format!("entry {n} ").repeat(1 + (n % 97) as usize)
}
