//! The journal engine: the real `journal_core::Journal` API on a real file.
//!
//! The journal is created with the cheapest KDF parameters (`KdfParams::insecure_for_tests`), so
//! unlocking costs a few milliseconds of Argon2id. Every "after the KDF" figure is the time of the
//! real `Journal::unlock` (and what follows) minus one derivation with those same parameters,
//! timed just before in the same process ([`CheapKdf`]). The KDF with the parameters a real
//! journal is given (`KdfParams::calibrate`) is timed on its own.

use std::path::Path;
use std::time::{Duration, Instant};

use journal_core::{Journal, KdfParams, SecretString};
use journal_crypto::{KeySlot, MasterKey, SlotKind};

use crate::BenchResult;
use crate::stats::{ms_since, timed};
use crate::workload::{SEARCH_QUERY, Workload, today};

/// The benchmark journal's passphrase (ASCII, so its NFC form is itself).
pub const PASSPHRASE: &str = "correct horse battery staple";

/// The passphrase as a secret.
pub fn passphrase() -> SecretString {
    SecretString::from(PASSPHRASE.to_owned())
}

/// One key derivation with `params`, timed: a key slot sealed once, opened on each call (the
/// KDF plus a 32-byte AEAD open, which is what `Journal::unlock` does for its key).
pub struct CheapKdf {
    slot: KeySlot,
}

impl CheapKdf {
    /// A slot sealed with `params`.
    pub fn new(params: KdfParams) -> BenchResult<CheapKdf> {
        let master = MasterKey::generate()?;
        let slot = KeySlot::seal(
            SlotKind::Passphrase,
            PASSPHRASE.as_bytes(),
            params,
            1,
            &master,
        )?;
        Ok(CheapKdf { slot })
    }

    /// Milliseconds for one derivation and unwrap.
    pub fn time(&self) -> BenchResult<f64> {
        let start = Instant::now();
        let key = self.slot.open(PASSPHRASE.as_bytes())?;
        let ms = ms_since(start);
        drop(key);
        Ok(ms)
    }
}

/// Create a journal in `dir` and import `w` into it: returns the import time (ms).
pub fn import(dir: &Path, w: Workload) -> BenchResult<f64> {
    let mut j = Journal::create(dir, &passphrase(), KdfParams::insecure_for_tests())?.journal;
    let t = today();
    let ((), ms) = timed(|| -> BenchResult<()> {
        j.save_many(w.clean_dates, t)?;
        j.save_many(w.entries, t)?;
        j.save_many(w.notes, t)?;
        j.save_many(w.meetings, t)?;
        j.save_many(w.contacts, t)?;
        Ok(())
    })?;
    j.lock()?;
    Ok(ms)
}

/// Create a journal of `n` generated records in `dir` with KDF `params`, and lock it.
pub fn make_journal(dir: &Path, n: usize, params: KdfParams) -> BenchResult<()> {
    let w = crate::workload::generate(n, 1);
    let mut j = Journal::create(dir, &passphrase(), params)?.journal;
    let t = today();
    j.save_many(w.clean_dates, t)?;
    j.save_many(w.entries, t)?;
    j.save_many(w.notes, t)?;
    j.save_many(w.meetings, t)?;
    j.save_many(w.contacts, t)?;
    j.lock()?;
    Ok(())
}

/// Unlock (cheap KDF) and return the journal with the time after the KDF.
pub fn unlock_after_kdf(dir: &Path, kdf: &CheapKdf) -> BenchResult<(Journal, f64)> {
    let k = kdf.time()?;
    let (j, ms) = timed(|| Journal::unlock(dir, &passphrase()))?;
    Ok((j, (ms - k).max(0.0)))
}

/// Everything after the KDF until the dashboard's data is ready.
pub fn unlock_to_dashboard(dir: &Path, kdf: &CheapKdf) -> BenchResult<f64> {
    let k = kdf.time()?;
    let start = Instant::now();
    let j = Journal::unlock(dir, &passphrase())?;
    let d = j.dashboard(today());
    let ms = ms_since(start);
    std::hint::black_box(&d);
    drop(j);
    Ok((ms - k).max(0.0))
}

/// Search from a fresh open: unlock (after the KDF) and the first search.
pub fn search_cold(dir: &Path, kdf: &CheapKdf) -> BenchResult<(f64, usize)> {
    let k = kdf.time()?;
    let start = Instant::now();
    let mut j = Journal::unlock(dir, &passphrase())?;
    let hits = j.search(SEARCH_QUERY, 50);
    let ms = ms_since(start);
    drop(j);
    Ok(((ms - k).max(0.0), hits.len()))
}

/// Calibrate the KDF as a new journal does (target 0.75 s) and time `reps` derivations.
pub fn kdf_real(reps: usize) -> BenchResult<(KdfParams, Vec<f64>)> {
    let params = KdfParams::calibrate(Duration::from_millis(750))?;
    let kdf = CheapKdf::new(params)?;
    let samples = (0..reps).map(|_| kdf.time()).collect::<BenchResult<_>>()?;
    Ok((params, samples))
}
