//! The cost of privacy, measured side by side: the encrypted journal against the same records in
//! plain SQLite (the floor) and in SQLCipher, on the same machine in one run.
//!
//! Run it with `scripts/bench` (see `docs/benchmarks.md`). `suite` drives everything: each
//! workload of each engine at each size runs in its own child process (this binary, re-run with
//! `child ...`), so every figure comes with that process's peak RSS (`VmHWM`). The same source is
//! built twice: here, where the `floor` and `journal` engines run on the workspace's bundled
//! SQLite, and as `benches/sqlcipher-bench`, where the `sqlcipher` engine runs on SQLCipher.
//!
//! `alloc` compares the journal under the system allocator (this binary), under the app's
//! zeroizing allocator (`journal-bench-zeroizing`, `src/zeroizing.rs`: the same modules, one
//! `#[global_allocator]` more), and under that allocator with the app's glibc settings as well
//! (`src-tauri/src/freed_memory.rs`).
//!
//! These are measurements, not tests: nothing passes or fails on a time.

mod alloc_cost;
mod cli;
mod journal_engine;
mod plain;
mod rekey_cost;
mod stats;
mod suite;
mod workload;

use cli::{BenchResult, ChildArgs, Engine, err};

fn main() {
    cli::main("system");
}
