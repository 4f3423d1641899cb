//! Timing samples, their summary, and the process's peak memory.

use std::time::Instant;

use serde::{Deserialize, Serialize};

/// Milliseconds since `start`.
pub fn ms_since(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1e3
}

/// Run `f` and return its result and how long it took, in milliseconds.
pub fn timed<T, E>(f: impl FnOnce() -> Result<T, E>) -> Result<(T, f64), E> {
    let start = Instant::now();
    let out = f()?;
    Ok((out, ms_since(start)))
}

/// The summary of a set of samples (milliseconds).
#[derive(Serialize, Deserialize, Clone, Debug, Default)]
pub struct Summary {
    /// Median.
    pub p50: f64,
    /// 95th percentile (nearest rank); with few samples, close to the maximum.
    pub p95: f64,
    /// Fastest.
    pub min: f64,
    /// Slowest.
    pub max: f64,
}

/// Summarise `samples` (milliseconds).
pub fn summary(samples: &[f64]) -> Summary {
    let mut v = samples.to_vec();
    v.sort_by(f64::total_cmp);
    let at = |q: f64| -> f64 {
        if v.is_empty() {
            return 0.0;
        }
        // Nearest rank.
        let rank = (q * v.len() as f64).ceil().max(1.0) as usize;
        v.get(rank.min(v.len()) - 1).copied().unwrap_or(0.0)
    };
    Summary {
        p50: if v.is_empty() {
            0.0
        } else if v.len() % 2 == 1 {
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        } else {
            let a = v.get(v.len() / 2 - 1).copied().unwrap_or(0.0);
            let b = v.get(v.len() / 2).copied().unwrap_or(0.0);
            (a + b) / 2.0
        },
        p95: at(0.95),
        min: v.first().copied().unwrap_or(0.0),
        max: v.last().copied().unwrap_or(0.0),
    }
}

/// This process's peak resident set size in KiB (`VmHWM`), or 0 if unknown.
pub fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// Total size in bytes of the files in `dir` (the database, and its WAL and SHM if any).
pub fn bytes_on_disk(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
