//! The suite: every workload of every engine at every size, each in its own child process, then
//! one Markdown table and the raw JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::journal_engine::{self as je, CheapKdf};
use crate::plain::{self, Key};
use crate::stats::{Summary, bytes_on_disk, ms_since, peak_rss_kib, summary, timed};
use crate::workload::{self, Rng, SEARCH_QUERY, today};
use crate::{BenchResult, ChildArgs, Engine};

/// The workloads, in the order they run on one database (saves last: they add records).
pub const WORKLOADS: [&str; 8] = [
    "import",
    "unlock",
    "list50",
    "search_warm",
    "search_cold",
    "read_all",
    "save",
    "kdf",
];

/// One child's figures.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Outcome {
    /// Engine name.
    pub engine: String,
    /// Workload name.
    pub workload: String,
    /// Records in the journal.
    pub n: usize,
    /// The samples, milliseconds.
    pub samples_ms: Vec<f64>,
    /// Their summary.
    pub ms: Summary,
    /// Peak RSS of the child process, KiB.
    pub peak_rss_kib: u64,
    /// Anything else worth keeping (bytes on disk, hits, KDF parameters, versions).
    pub extra: BTreeMap<String, String>,
}

fn key_of(engine: Engine) -> Key {
    if engine == Engine::Sqlcipher {
        Key::Raw
    } else {
        Key::None
    }
}

const DB: &str = "bench.sqlite";

/// Measure one workload in this process.
pub fn run_child(a: &ChildArgs) -> BenchResult<Outcome> {
    let mut extra = BTreeMap::new();
    let reps = a.reps.max(1);
    let mut samples = Vec::with_capacity(reps);
    let key = key_of(a.engine);
    let db = a.dir.join(DB);
    let cheap = CheapKdf::new(journal_core::KdfParams::insecure_for_tests())?;
    match (a.engine, a.workload.as_str()) {
        (_, "import") => {
            for rep in 0..reps {
                if a.dir.exists() {
                    std::fs::remove_dir_all(&a.dir)?;
                }
                std::fs::create_dir_all(&a.dir)?;
                let w = workload::generate(a.n, 1);
                extra.insert("records".into(), w.len().to_string());
                if a.engine == Engine::Journal {
                    samples.push(je::import(&a.dir, w)?);
                } else {
                    let rows = w.rows()?;
                    drop(w);
                    let mut conn = plain::create(&db, key)?;
                    let ((), ms) = timed(|| plain::import(&mut conn, &rows))?;
                    samples.push(ms);
                    plain::checkpoint(&conn)?;
                    drop(conn);
                }
                if rep + 1 == reps {
                    extra.insert("bytes_on_disk".into(), bytes_on_disk(&a.dir).to_string());
                }
            }
        }
        (Engine::Journal, "unlock") => {
            for _ in 0..reps {
                samples.push(je::unlock_to_dashboard(&a.dir, &cheap)?);
            }
            extra.insert("cheap_kdf_ms".into(), format!("{:.3}", cheap.time()?));
        }
        (_, "unlock") => {
            for _ in 0..reps {
                let start = Instant::now();
                let conn = plain::open(&db, key)?;
                let d = plain::dashboard(&conn)?;
                samples.push(ms_since(start));
                std::hint::black_box(&d);
                extra.insert("meetings_this_week".into(), d.this_week.to_string());
            }
        }
        (Engine::Journal, "list50") => {
            let (j, _) = je::unlock_after_kdf(&a.dir, &cheap)?;
            for _ in 0..reps {
                let (v, ms) = timed(|| -> BenchResult<_> {
                    let mut v = j.journal_entries();
                    v.truncate(50);
                    Ok(v)
                })?;
                std::hint::black_box(&v);
                samples.push(ms);
            }
        }
        (_, "list50") => {
            let conn = plain::open(&db, key)?;
            for _ in 0..reps {
                let (v, ms) = timed(|| plain::latest_entries(&conn, 50))?;
                std::hint::black_box(&v);
                samples.push(ms);
            }
        }
        (Engine::Journal, "search_warm") => {
            let (mut j, _) = je::unlock_after_kdf(&a.dir, &cheap)?;
            let (first, ms) = timed(|| -> BenchResult<_> { Ok(j.search(SEARCH_QUERY, 50)) })?;
            extra.insert("first_search_ms".into(), format!("{ms:.3}"));
            extra.insert("hits".into(), first.len().to_string());
            for _ in 0..reps.max(5) {
                let (v, ms) = timed(|| -> BenchResult<_> { Ok(j.search(SEARCH_QUERY, 50)) })?;
                std::hint::black_box(&v);
                samples.push(ms);
            }
        }
        (_, "search_warm") => {
            let conn = plain::open(&db, key)?;
            let (first, ms) = timed(|| plain::search(&conn, SEARCH_QUERY, 50))?;
            extra.insert("first_search_ms".into(), format!("{ms:.3}"));
            extra.insert("hits".into(), first.len().to_string());
            for _ in 0..reps.max(5) {
                let (v, ms) = timed(|| plain::search(&conn, SEARCH_QUERY, 50))?;
                std::hint::black_box(&v);
                samples.push(ms);
            }
        }
        (Engine::Journal, "search_cold") => {
            for _ in 0..reps {
                let (ms, hits) = je::search_cold(&a.dir, &cheap)?;
                extra.insert("hits".into(), hits.to_string());
                samples.push(ms);
            }
        }
        (_, "search_cold") => {
            for _ in 0..reps {
                let start = Instant::now();
                let conn = plain::open(&db, key)?;
                let v = plain::search(&conn, SEARCH_QUERY, 50)?;
                samples.push(ms_since(start));
                extra.insert("hits".into(), v.len().to_string());
            }
        }
        (Engine::Journal, "lock") => {
            // Only in the allocator comparison (`alloc_cost`): what locking costs when every
            // freed block is zeroed. Unlocked and searched first, so the index is there too.
            for _ in 0..reps {
                let (mut j, _) = je::unlock_after_kdf(&a.dir, &cheap)?;
                std::hint::black_box(j.search(SEARCH_QUERY, 50));
                let ((), ms) = timed(|| j.lock())?;
                samples.push(ms);
            }
        }
        (Engine::Journal, "read_all") => {
            for _ in 0..reps {
                let (j, ms) = je::unlock_after_kdf(&a.dir, &cheap)?;
                extra.insert("damaged".into(), j.damaged().len().to_string());
                samples.push(ms);
                drop(j);
            }
        }
        (_, "read_all") => {
            for _ in 0..reps {
                let start = Instant::now();
                let conn = plain::open(&db, key)?;
                let all = plain::read_all(&conn)?;
                samples.push(ms_since(start));
                extra.insert("records".into(), all.len().to_string());
            }
        }
        (Engine::Journal, "save") => {
            let (mut j, _) = je::unlock_after_kdf(&a.dir, &cheap)?;
            let mut rng = Rng::new(7);
            for _ in 0..reps {
                let e = workload::one_entry(&mut rng);
                let (saved, ms) = timed(|| j.save(e, today()))?;
                std::hint::black_box(&saved);
                samples.push(ms);
            }
        }
        (_, "save") => {
            let mut conn = plain::open(&db, key)?;
            let mut rng = Rng::new(7);
            for _ in 0..reps {
                let mut e = workload::one_entry(&mut rng);
                e.id = rng.uuid();
                let ((), ms) = timed(|| -> BenchResult<()> {
                    // An app in the clear serializes its record too.
                    let row = workload::Row {
                        id: *e.id.as_bytes(),
                        kind: workload::entry_kind(),
                        json: serde_json::to_string(&e)?,
                    };
                    plain::save(&mut conn, &row)
                })?;
                samples.push(ms);
            }
        }
        (Engine::Journal, "kdf") => {
            let (params, s) = je::kdf_real(reps)?;
            samples = s;
            extra.insert(
                "params".into(),
                format!(
                    "Argon2id m={} MiB, t={}, p={} (calibrated to 0.75 s)",
                    params.m_cost_kib / 1024,
                    params.t_cost,
                    params.p_cost
                ),
            );
            let cheap_ms: Vec<f64> = (0..5).map(|_| cheap.time()).collect::<BenchResult<_>>()?;
            extra.insert(
                "cheap_kdf_p50_ms".into(),
                format!("{:.3}", summary(&cheap_ms).p50),
            );
        }
        (Engine::Sqlcipher, "kdf") => {
            // Open with the passphrase (PBKDF2) minus open with the raw key, each followed by
            // the first read (SQLCipher derives the key lazily, on first use).
            let probe = |k: Key| -> BenchResult<f64> {
                let start = Instant::now();
                let conn = plain::open(&db, k)?;
                let _: i64 = conn.query_row("SELECT count(*) FROM key_slot", [], |r| r.get(0))?;
                Ok(ms_since(start))
            };
            // The benchmark database is keyed with the raw key; a passphrase database for this.
            let pass_dir = a.dir.join("passphrase");
            std::fs::create_dir_all(&pass_dir)?;
            let pass_db = pass_dir.join(DB);
            if !pass_db.exists() {
                drop(plain::create(&pass_db, Key::Passphrase)?);
            }
            let probe_pass = || -> BenchResult<f64> {
                let start = Instant::now();
                let conn = plain::open(&pass_db, Key::Passphrase)?;
                let _: i64 = conn.query_row("SELECT count(*) FROM key_slot", [], |r| r.get(0))?;
                Ok(ms_since(start))
            };
            for _ in 0..reps {
                let with = probe_pass()?;
                let without = probe(Key::Raw)?;
                samples.push((with - without).max(0.0));
            }
            let conn = plain::open(&db, Key::Raw)?;
            let iter: String = conn.query_row("PRAGMA kdf_iter", [], |r| r.get(0))?;
            let version: String = conn.query_row("PRAGMA cipher_version", [], |r| r.get(0))?;
            extra.insert(
                "params".into(),
                format!("PBKDF2-HMAC-SHA512, {iter} iterations (SQLCipher default)"),
            );
            extra.insert("sqlcipher_version".into(), version);
        }
        (Engine::Floor, "kdf") => {}
        (_, other) => return Err(format!("unknown workload {other}").into()),
    }
    extra.insert("allocator".into(), crate::cli::allocator().into());
    crate::alloc_cost::report_env(&mut extra);
    if a.engine != Engine::Journal {
        let conn = rusqlite::Connection::open_in_memory()?;
        let v: String = conn.query_row("SELECT sqlite_version()", [], |r| r.get(0))?;
        extra.insert("sqlite_version".into(), v);
    }
    Ok(Outcome {
        engine: a.engine.name().into(),
        workload: a.workload.clone(),
        n: a.n,
        ms: summary(&samples),
        samples_ms: samples,
        peak_rss_kib: peak_rss_kib(),
        extra,
    })
}

/// What `suite` is asked to do.
pub struct SuiteArgs {
    /// Where the results (and the scratch databases) go.
    pub out: PathBuf,
    /// The SQLCipher build of this binary (benches/sqlcipher-bench), if it should run.
    pub sqlcipher_bin: Option<PathBuf>,
    /// Journal sizes.
    pub sizes: Vec<usize>,
    /// Fewer repetitions, for a smoke run.
    pub quick: bool,
}

fn reps_for(workload: &str, n: usize, quick: bool) -> usize {
    if quick {
        return if workload == "save" { 20 } else { 2 };
    }
    match (workload, n) {
        ("save", _) => 100,
        ("kdf", _) => 5,
        ("import", n) if n >= 100_000 => 2,
        ("import", n) if n >= 10_000 => 3,
        ("import", _) => 5,
        (_, n) if n >= 100_000 => 3,
        (_, n) if n >= 10_000 => 7,
        _ => 15,
    }
}

/// Run one workload in a child process of `bin`. `env`: variables to set (`Some`) or remove
/// (`None`) in the child's environment, which is otherwise this process's.
pub(crate) fn child(
    bin: &Path,
    engine: Engine,
    workload: &str,
    n: usize,
    dir: &Path,
    reps: usize,
    env: &[(&str, Option<&str>)],
) -> BenchResult<Outcome> {
    let mut cmd = Command::new(bin);
    cmd.args(["child", "--engine", engine.name(), "--workload", workload])
        .args(["--n", &n.to_string(), "--reps", &reps.to_string()])
        .arg("--dir")
        .arg(dir);
    for (name, value) in env {
        match value {
            Some(v) => cmd.env(name, v),
            None => cmd.env_remove(name),
        };
    }
    let out = cmd.output()?;
    if !out.status.success() {
        return Err(format!(
            "{} {workload} n={n} failed: {}",
            engine.name(),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(serde_json::from_slice(&out.stdout)?)
}

/// Run everything and write `results.json` and `results.md` into `out`.
pub fn run_suite(s: &SuiteArgs) -> BenchResult<()> {
    let me = std::env::current_exe()?;
    let scratch = s.out.join("work");
    std::fs::create_dir_all(&scratch)?;
    let mut results: Vec<Outcome> = Vec::new();
    let started = Instant::now();
    for &n in &s.sizes {
        for engine in Engine::ALL {
            let bin = match engine {
                Engine::Sqlcipher => match &s.sqlcipher_bin {
                    Some(b) => b.clone(),
                    None => continue,
                },
                _ => me.clone(),
            };
            let dir = scratch.join(format!("{}-{n}", engine.name()));
            for w in WORKLOADS {
                // The KDF does not depend on N: measure it once, at the first size.
                if w == "kdf"
                    && (n != s.sizes.first().copied().unwrap_or(n) || engine == Engine::Floor)
                {
                    continue;
                }
                let reps = reps_for(w, n, s.quick);
                let o = child(&bin, engine, w, n, &dir, reps, &[])?;
                eprintln!(
                    "[{:>6.1} s] n={n:<6} {:<9} {:<11} p50 {:>10.3} ms  p95 {:>10.3} ms  rss {:>7} KiB",
                    started.elapsed().as_secs_f64(),
                    engine.name(),
                    w,
                    o.ms.p50,
                    o.ms.p95,
                    o.peak_rss_kib
                );
                results.push(o);
            }
            std::fs::remove_dir_all(&dir)?;
        }
    }
    std::fs::write(
        s.out.join("results.json"),
        serde_json::to_string_pretty(&results)?,
    )?;
    let md = markdown(&results, &s.sizes);
    std::fs::write(s.out.join("results.md"), &md)?;
    println!("{md}");
    Ok(())
}

fn find<'a>(r: &'a [Outcome], engine: &str, w: &str, n: usize) -> Option<&'a Outcome> {
    r.iter()
        .find(|o| o.engine == engine && o.workload == w && o.n == n)
}

fn fmt_ms(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else if v >= 1.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

const LABELS: [(&str, &str); 7] = [
    ("unlock", "unlock → dashboard ready (after the KDF)"),
    ("save", "durable save of one record"),
    ("list50", "list the latest 50 journal entries"),
    ("search_warm", "search, warm"),
    ("search_cold", "search, cold (fresh open, after the KDF)"),
    ("read_all", "read and decrypt everything"),
    ("import", "bulk import of N records"),
];

/// The Markdown report: times with ratios to the floor, bytes on disk, peak RSS, the KDF.
pub fn markdown(r: &[Outcome], sizes: &[usize]) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "Times in ms: p50 (p95) over the repetitions; ratio = p50 / floor p50.\n"
    );
    let _ = writeln!(
        md,
        "| N | workload | floor | journal | journal ÷ floor | SQLCipher | SQLCipher ÷ floor |"
    );
    let _ = writeln!(md, "|---:|---|---:|---:|---:|---:|---:|");
    for &n in sizes {
        for (w, label) in LABELS {
            let cell = |e: &str| {
                find(r, e, w, n)
                    .map(|o| format!("{} ({})", fmt_ms(o.ms.p50), fmt_ms(o.ms.p95)))
                    .unwrap_or_else(|| "–".into())
            };
            let ratio = |e: &str| match (find(r, e, w, n), find(r, "floor", w, n)) {
                (Some(o), Some(f)) if f.ms.p50 > 0.0 => format!("{:.2}×", o.ms.p50 / f.ms.p50),
                _ => "–".into(),
            };
            let _ = writeln!(
                md,
                "| {n} | {label} | {} | {} | {} | {} | {} |",
                cell("floor"),
                cell("journal"),
                ratio("journal"),
                cell("sqlcipher"),
                ratio("sqlcipher")
            );
        }
    }
    let _ = writeln!(
        md,
        "\nBytes on disk after import and checkpoint, and peak RSS (MiB) of each workload's process:\n"
    );
    let _ = writeln!(
        md,
        "| N | engine | bytes on disk | ÷ floor | import | unlock | list50 | search warm | search cold | read all | save |"
    );
    let _ = writeln!(
        md,
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for &n in sizes {
        let floor_bytes = find(r, "floor", "import", n)
            .and_then(|o| o.extra.get("bytes_on_disk"))
            .and_then(|b| b.parse::<f64>().ok());
        for e in ["floor", "journal", "sqlcipher"] {
            let Some(imp) = find(r, e, "import", n) else {
                continue;
            };
            let bytes = imp.extra.get("bytes_on_disk").cloned().unwrap_or_default();
            let ratio = match (bytes.parse::<f64>().ok(), floor_bytes) {
                (Some(b), Some(f)) if f > 0.0 => format!("{:.2}×", b / f),
                _ => "–".into(),
            };
            let mut line = format!("| {n} | {e} | {bytes} | {ratio} |");
            // Every workload but the KDF, which has no database of its own.
            for w in WORKLOADS.iter().copied().filter(|w| *w != "kdf") {
                let v = find(r, e, w, n)
                    .map(|o| format!(" {:.1} |", o.peak_rss_kib as f64 / 1024.0))
                    .unwrap_or_else(|| " – |".into());
                line.push_str(&v);
            }
            let _ = writeln!(md, "{line}");
        }
    }
    let _ = writeln!(md, "\nKey derivation, on its own (not in any ratio):\n");
    let _ = writeln!(md, "| engine | parameters | p50 ms (p95) |");
    let _ = writeln!(md, "|---|---|---:|");
    for e in ["journal", "sqlcipher"] {
        if let Some(o) = r.iter().find(|o| o.engine == e && o.workload == "kdf") {
            let _ = writeln!(
                md,
                "| {e} | {} | {} ({}) |",
                o.extra.get("params").cloned().unwrap_or_default(),
                fmt_ms(o.ms.p50),
                fmt_ms(o.ms.p95)
            );
            if let Some(c) = o.extra.get("cheap_kdf_p50_ms") {
                let _ = writeln!(
                    md,
                    "| journal (subtracted in the figures above) | Argon2id m=8 MiB, t=1, p=1 (`insecure_for_tests`) | {c} |"
                );
            }
        }
    }
    let mut versions: BTreeMap<&str, String> = BTreeMap::new();
    for o in r {
        for k in ["sqlite_version", "sqlcipher_version"] {
            if let Some(v) = o.extra.get(k) {
                let label = if k == "sqlite_version" {
                    if o.engine == "sqlcipher" {
                        "SQLite inside SQLCipher"
                    } else {
                        "SQLite"
                    }
                } else {
                    "SQLCipher"
                };
                versions.insert(label, v.clone());
            }
        }
    }
    let _ = writeln!(md);
    for (k, v) in versions {
        let _ = writeln!(md, "- {k}: {v}");
    }
    let hits: Vec<String> = sizes
        .iter()
        .map(|&n| {
            let h = |e: &str| {
                find(r, e, "search_warm", n)
                    .and_then(|o| o.extra.get("hits").cloned())
                    .unwrap_or_else(|| "–".into())
            };
            format!("N={n}: {}/{}/{}", h("floor"), h("journal"), h("sqlcipher"))
        })
        .collect();
    let _ = writeln!(
        md,
        "- Search `{SEARCH_QUERY}`, limit 50, hits floor/journal/SQLCipher: {}",
        hits.join("; ")
    );
    md
}
