//! `journal-bench` under the app's global allocator: every heap block zeroed when freed, as in
//! `src-tauri/src/main.rs`. The same modules as `main.rs`; a global allocator is chosen per
//! binary, so the comparison (`journal-bench alloc`) runs the same workloads in both binaries.

#[global_allocator]
static ALLOC: zeroizing_alloc::ZeroAlloc<std::alloc::System> =
    zeroizing_alloc::ZeroAlloc(std::alloc::System);

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
    cli::main("zeroizing");
}
