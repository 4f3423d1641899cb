//! journal-crypto's integration tests, in one binary: every file under `tests/` would be a
//! binary of its own, each linked separately. One module per subject.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod kat;
mod props;
mod records;
mod recovery;
mod slots;
