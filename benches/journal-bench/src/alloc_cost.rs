//! What the app's zeroizing allocator costs the journal: the same workloads run by two
//! binaries built from the same source, `journal-bench` (the system allocator) and
//! `journal-bench-zeroizing` (`zeroizing_alloc::ZeroAlloc` over it, as `src-tauri/src/main.rs`
//! installs: every freed block zeroed, every `realloc` a new block, a copy and a zeroed old
//! one). Each workload runs in a child process of each binary, interleaved round by round in
//! one run (the order swapped every round), so both see the same machine.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use serde::Serialize;

use crate::stats::{Summary, summary};
use crate::suite::child;
use crate::{BenchResult, Engine, err};

/// What `alloc` is asked to do.
pub struct AllocArgs {
    /// Where `alloc.md`, `alloc.json` and the scratch journal go.
    pub out: PathBuf,
    /// The zeroizing build of this binary.
    pub zeroizing_bin: PathBuf,
    /// Records in the journal.
    pub n: usize,
    /// Rounds: each runs every workload once per binary.
    pub rounds: usize,
    /// Repetitions per child (import: one).
    pub reps: usize,
}

/// The workloads compared, in the order they run in a round (the import makes the journal the
/// others read).
const WORKLOADS: [(&str, &str); 5] = [
    ("import", "bulk import of N records (`save_many`)"),
    ("unlock", "unlock → dashboard ready (after the KDF)"),
    (
        "search_cold",
        "search, cold (fresh open + first search, after the KDF)",
    ),
    ("search_warm", "search, warm"),
    (
        "lock",
        "lock (checkpoint; every record and the index freed)",
    ),
];

const ALLOCATORS: [&str; 2] = ["system", "zeroizing"];

/// Every sample of one workload under one allocator.
#[derive(Serialize)]
struct Figures {
    workload: String,
    allocator: String,
    n: usize,
    samples_ms: Vec<f64>,
    ms: Summary,
    /// The largest peak RSS of its child processes, KiB.
    peak_rss_kib: u64,
    /// The p50 of each round's child, in round order.
    round_p50_ms: Vec<f64>,
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// Run the comparison and write `alloc.md` and `alloc.json` into `out`.
pub fn run(a: &AllocArgs) -> BenchResult<()> {
    if !a.zeroizing_bin.exists() {
        return Err(err(
            "journal-bench-zeroizing not found next to journal-bench: cargo build --release --locked -p journal-bench",
        ));
    }
    let bins = [std::env::current_exe()?, a.zeroizing_bin.clone()];
    let dir = a.out.join("work").join(format!("journal-{}", a.n));
    std::fs::create_dir_all(&a.out)?;
    let load_start = load_average();
    let started = Instant::now();
    // (workload, allocator) → (every sample, largest peak RSS, each round's p50).
    type Collected = (Vec<f64>, u64, Vec<f64>);
    let mut samples: BTreeMap<(&str, &str), Collected> = BTreeMap::new();
    for round in 0..a.rounds.max(1) {
        for (w, _) in WORKLOADS {
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for i in order {
                let (name, bin) = (ALLOCATORS[i], &bins[i]);
                let reps = if w == "import" { 1 } else { a.reps.max(1) };
                let o = child(bin, Engine::Journal, w, a.n, &dir, reps)?;
                if o.extra.get("allocator").map(String::as_str) != Some(name) {
                    return Err(
                        format!("{} does not run the {name} allocator", bin.display()).into(),
                    );
                }
                eprintln!(
                    "[{:>6.1} s] round {round} {w:<11} {name:<9} p50 {:>9.3} ms  rss {:>7} KiB",
                    started.elapsed().as_secs_f64(),
                    o.ms.p50,
                    o.peak_rss_kib
                );
                let entry = samples.entry((w, name)).or_default();
                entry.0.extend(o.samples_ms);
                entry.1 = entry.1.max(o.peak_rss_kib);
                entry.2.push(o.ms.p50);
            }
        }
    }
    std::fs::remove_dir_all(a.out.join("work"))?;
    let figures: Vec<Figures> = samples
        .into_iter()
        .map(|((w, name), (s, rss, rounds))| Figures {
            workload: w.into(),
            allocator: name.into(),
            n: a.n,
            ms: summary(&s),
            samples_ms: s,
            peak_rss_kib: rss,
            round_p50_ms: rounds,
        })
        .collect();
    std::fs::write(
        a.out.join("alloc.json"),
        serde_json::to_string_pretty(&figures)?,
    )?;
    let md = markdown(a, &figures, &load_start);
    std::fs::write(a.out.join("alloc.md"), &md)?;
    println!("{md}");
    Ok(())
}

fn fmt_ms(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

fn markdown(a: &AllocArgs, figures: &[Figures], load_start: &str) -> String {
    let find = |w: &str, name: &str| {
        figures
            .iter()
            .find(|f| f.workload == w && f.allocator == name)
    };
    let mut md = String::new();
    let _ = writeln!(
        md,
        "N = {}, {} rounds × {} repetitions per binary (import: 1 per round); {} cores, load \
         average {load_start} at the start, {} at the end.\n",
        a.n,
        a.rounds,
        a.reps,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load_average()
    );
    let _ = writeln!(
        md,
        "| workload | system allocator, ms p50 (p95) | zeroizing allocator, ms p50 (p95) | zeroizing ÷ system (p50) | per round, zeroizing − system: median ms (rounds slower) | fastest, system / zeroizing | peak RSS MiB, system / zeroizing |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|");
    for (w, label) in WORKLOADS {
        let (Some(s), Some(z)) = (find(w, "system"), find(w, "zeroizing")) else {
            continue;
        };
        let ratio = if s.ms.p50 > 0.0 {
            format!("{:.2}×", z.ms.p50 / s.ms.p50)
        } else {
            "–".into()
        };
        // Paired by round: both binaries ran a round's workload back to back.
        let diffs: Vec<f64> = s
            .round_p50_ms
            .iter()
            .zip(&z.round_p50_ms)
            .map(|(s, z)| z - s)
            .collect();
        let slower = diffs.iter().filter(|d| **d > 0.0).count();
        let _ = writeln!(
            md,
            "| {label} | {} ({}) | {} ({}) | {ratio} | {:+.2} ({slower} of {}) | {} / {} | {:.1} / {:.1} |",
            fmt_ms(s.ms.p50),
            fmt_ms(s.ms.p95),
            fmt_ms(z.ms.p50),
            fmt_ms(z.ms.p95),
            summary(&diffs).p50,
            diffs.len(),
            fmt_ms(s.ms.min),
            fmt_ms(z.ms.min),
            s.peak_rss_kib as f64 / 1024.0,
            z.peak_rss_kib as f64 / 1024.0
        );
    }
    md
}
