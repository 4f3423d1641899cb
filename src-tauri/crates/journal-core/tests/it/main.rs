//! journal-core's integration tests, in one binary: every file under `tests/` would be a
//! binary of its own, each linked separately. One module per subject; the shared fixtures
//! are [`common`]. Files the tests read stay in `tests/fixtures/` (found through
//! `CARGO_MANIFEST_DIR`).
//!
//! Not here: `tests/heap_canary.rs`, its own binary because it installs a global allocator
//! and scans its own process's memory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod backup;
mod clean_time_table;
mod export;
mod fixture;
mod importer_props;
mod journal;
mod meeting_list;
mod meeting_stats;
mod no_plaintext;
mod rekey;
mod report_pdf;
mod roundtrip;
mod save_many;
