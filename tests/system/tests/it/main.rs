//! The whole-system tests, in one binary: every file under `tests/` would be a binary of its
//! own, each linked separately. One module per subject. The crash loop SIGKILLs only the
//! writer processes it starts (`src/bin/crash_writer.rs`), and the disk-full test re-runs
//! itself (`disk_full::a_full_disk_loses_nothing` alone) in a private mount namespace, so
//! they can share this process.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod crash;
mod dependencies;
mod disk_full;
