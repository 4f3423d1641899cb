//! What the app's memory wiping costs the journal: the same workloads run in three variants,
//! side by side in one run:
//!
//! - **system**: `journal-bench`, the system allocator (glibc `malloc`);
//! - **zeroizing**: `journal-bench-zeroizing`, built from the same source with
//!   `zeroizing_alloc::ZeroAlloc` over it, as `src-tauri/src/main.rs` installs (every freed block
//!   zeroed, every `realloc` a new block, a copy and a zeroed old one);
//! - **app**: `journal-bench-zeroizing` started with the app's environment, [`APP_ENV`] (glibc
//!   wipes every freed block too, with its per-thread cache of freed blocks off), as
//!   `src-tauri/src/freed_memory.rs` starts the app: the way the app's journal core runs.
//!
//! Each workload runs in a child process of each variant, interleaved round by round in one run
//! (the order of the three rotated every round), so all three see the same machine. Every child
//! reports the allocator it ran and the [`APP_ENV`] settings it found in its environment; the
//! parent sets them for the app's children only (and removes them from the others'), and stops
//! with an error if a child reports anything else.

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
    /// Rounds: each runs every workload once per variant.
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

/// The environment the app starts with: a copy, by hand, of `SETTINGS` in
/// `src-tauri/src/freed_memory.rs` (this crate does not depend on the app's); keep the two the
/// same. glibc reads its two when a process starts, so they apply to the app's Rust heap too
/// (Rust's `System` allocator is glibc's `malloc`); `Malloc` is WebKit's and changes nothing here.
pub(crate) const APP_ENV: [(&str, &str); 3] = [
    ("MALLOC_PERTURB_", "165"),
    ("GLIBC_TUNABLES", "glibc.malloc.tcache_count=0"),
    ("Malloc", "1"),
];

/// The key under which a child reports the value of `name` it found in its environment.
fn env_key(name: &str) -> String {
    format!("env {name}")
}

/// Write into a child's `extra` each [`APP_ENV`] setting its environment holds (whatever its
/// value), so that the parent can check which environment the child ran with.
pub(crate) fn report_env(extra: &mut BTreeMap<String, String>) {
    for (name, _) in APP_ENV {
        if let Some(v) = std::env::var_os(name) {
            extra.insert(env_key(name), v.to_string_lossy().into_owned());
        }
    }
}

/// One variant compared.
struct Variant {
    /// Its name in the results.
    name: &'static str,
    /// The global allocator its binary must report.
    allocator: &'static str,
    /// Whether its children start with [`APP_ENV`] (the others start without any of it).
    app_env: bool,
}

/// The variants, in the order of the table (and of the first round).
const VARIANTS: [Variant; 3] = [
    Variant {
        name: "system",
        allocator: "system",
        app_env: false,
    },
    Variant {
        name: "zeroizing",
        allocator: "zeroizing",
        app_env: false,
    },
    Variant {
        name: "app",
        allocator: "zeroizing",
        app_env: true,
    },
];

/// Every sample of one workload under one variant.
#[derive(Serialize)]
struct Figures {
    workload: String,
    variant: String,
    allocator: String,
    /// The environment settings its children started with (`NAME=value`).
    env: Vec<String>,
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
    let system_bin = std::env::current_exe()?;
    let bin_of = |v: &Variant| {
        if v.allocator == "system" {
            &system_bin
        } else {
            &a.zeroizing_bin
        }
    };
    let dir = a.out.join("work").join(format!("journal-{}", a.n));
    std::fs::create_dir_all(&a.out)?;
    let load_start = load_average();
    let started = Instant::now();
    // (workload, variant) → (every sample, largest peak RSS, each round's p50).
    type Collected = (Vec<f64>, u64, Vec<f64>);
    let mut samples: BTreeMap<(&str, &str), Collected> = BTreeMap::new();
    for round in 0..a.rounds.max(1) {
        for (w, _) in WORKLOADS {
            // Rotated every round: each variant runs first, second and third in turn.
            for k in 0..VARIANTS.len() {
                let v = &VARIANTS[(round + k) % VARIANTS.len()];
                let bin = bin_of(v);
                // Set for the app's children, removed from the others' (whatever this process
                // was started with).
                let env: Vec<(&str, Option<&str>)> = APP_ENV
                    .iter()
                    .map(|&(name, value)| (name, v.app_env.then_some(value)))
                    .collect();
                let reps = if w == "import" { 1 } else { a.reps.max(1) };
                let o = child(bin, Engine::Journal, w, a.n, &dir, reps, &env)?;
                if o.extra.get("allocator").map(String::as_str) != Some(v.allocator) {
                    return Err(format!(
                        "{} does not run the {} allocator",
                        bin.display(),
                        v.allocator
                    )
                    .into());
                }
                for (name, want) in &env {
                    let got = o.extra.get(&env_key(name)).map(String::as_str);
                    if got != *want {
                        return Err(format!(
                            "the {} variant's child found {name}={} in its environment, not {}",
                            v.name,
                            got.unwrap_or("(unset)"),
                            want.unwrap_or("(unset)")
                        )
                        .into());
                    }
                }
                eprintln!(
                    "[{:>6.1} s] round {round} {w:<11} {:<9} p50 {:>9.3} ms  rss {:>7} KiB",
                    started.elapsed().as_secs_f64(),
                    v.name,
                    o.ms.p50,
                    o.peak_rss_kib
                );
                let entry = samples.entry((w, v.name)).or_default();
                entry.0.extend(o.samples_ms);
                entry.1 = entry.1.max(o.peak_rss_kib);
                entry.2.push(o.ms.p50);
            }
        }
    }
    std::fs::remove_dir_all(a.out.join("work"))?;
    let figures: Vec<Figures> = samples
        .into_iter()
        .map(|((w, name), (s, rss, rounds))| {
            let v = VARIANTS.iter().find(|v| v.name == name);
            Figures {
                workload: w.into(),
                variant: name.into(),
                allocator: v.map_or("", |v| v.allocator).into(),
                env: if v.is_some_and(|v| v.app_env) {
                    APP_ENV.iter().map(|(k, v)| format!("{k}={v}")).collect()
                } else {
                    Vec::new()
                },
                n: a.n,
                ms: summary(&s),
                samples_ms: s,
                peak_rss_kib: rss,
                round_p50_ms: rounds,
            }
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

/// The per-round differences `b − a` of two variants' p50 (both ran each round's workload in
/// the same round): their median and how many rounds `b` was the slower.
fn paired(a: &Figures, b: &Figures) -> String {
    let diffs: Vec<f64> = a
        .round_p50_ms
        .iter()
        .zip(&b.round_p50_ms)
        .map(|(a, b)| b - a)
        .collect();
    let slower = diffs.iter().filter(|d| **d > 0.0).count();
    format!("{:+.2} ({slower} of {})", summary(&diffs).p50, diffs.len())
}

fn ratio(a: &Figures, b: &Figures) -> String {
    if a.ms.p50 > 0.0 {
        format!("{:.2}×", b.ms.p50 / a.ms.p50)
    } else {
        "–".into()
    }
}

fn markdown(a: &AllocArgs, figures: &[Figures], load_start: &str) -> String {
    let find = |w: &str, name: &str| {
        figures
            .iter()
            .find(|f| f.workload == w && f.variant == name)
    };
    let mut md = String::new();
    let _ = writeln!(
        md,
        "N = {}, {} rounds × {} repetitions per variant (import: 1 per round); {} cores, load \
         average {load_start} at the start, {} at the end. app = the zeroizing binary started \
         with {}.\n",
        a.n,
        a.rounds,
        a.reps,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load_average(),
        APP_ENV
            .iter()
            .map(|(k, v)| format!("`{k}={v}`"))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let _ = writeln!(
        md,
        "| workload | system, ms p50 (p95) | zeroizing, ms p50 (p95) | app, ms p50 (p95) | zeroizing ÷ system (p50) | app ÷ system (p50) | per round, zeroizing − system: median ms (rounds slower) | per round, app − zeroizing: median ms (rounds slower) | fastest, system / zeroizing / app | peak RSS MiB, system / zeroizing / app |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (w, label) in WORKLOADS {
        let (Some(s), Some(z), Some(p)) = (find(w, "system"), find(w, "zeroizing"), find(w, "app"))
        else {
            continue;
        };
        let mib = |f: &Figures| f.peak_rss_kib as f64 / 1024.0;
        let _ = writeln!(
            md,
            "| {label} | {} ({}) | {} ({}) | {} ({}) | {} | {} | {} | {} | {} / {} / {} | {:.1} / {:.1} / {:.1} |",
            fmt_ms(s.ms.p50),
            fmt_ms(s.ms.p95),
            fmt_ms(z.ms.p50),
            fmt_ms(z.ms.p95),
            fmt_ms(p.ms.p50),
            fmt_ms(p.ms.p95),
            ratio(s, z),
            ratio(s, p),
            paired(s, z),
            paired(z, p),
            fmt_ms(s.ms.min),
            fmt_ms(z.ms.min),
            fmt_ms(p.ms.min),
            mib(s),
            mib(z),
            mib(p)
        );
    }
    md
}
