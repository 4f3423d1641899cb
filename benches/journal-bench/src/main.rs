//! The cost of privacy, measured side by side: the encrypted journal against the same records in
//! plain SQLite (the floor) and in SQLCipher, on the same machine in one run.
//!
//! Run it with `scripts/bench` (see `docs/benchmarks.md`). `suite` drives everything: each
//! workload of each engine at each size runs in its own child process (this binary, re-run with
//! `child ...`), so every figure comes with that process's peak RSS (`VmHWM`). The same source is
//! built twice: here, where the `floor` and `journal` engines run on the workspace's bundled
//! SQLite, and as `benches/sqlcipher-bench`, where the `sqlcipher` engine runs on SQLCipher.
//!
//! These are measurements, not tests: nothing passes or fails on a time.

mod journal_engine;
mod plain;
mod stats;
mod suite;
mod workload;

use std::path::PathBuf;

/// Errors of a benchmark run: reported and the run stops.
pub type BenchResult<T> = Result<T, Box<dyn std::error::Error>>;

/// An error with a message.
pub fn err(msg: &str) -> Box<dyn std::error::Error> {
    msg.into()
}

/// The engines compared.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Engine {
    /// Plain SQLite, unencrypted: the floor.
    Floor,
    /// The recovery journal (journal-core): per-record XChaCha20-Poly1305 blobs.
    Journal,
    /// SQLCipher with its default settings, the records as plain rows.
    Sqlcipher,
}

impl Engine {
    /// Every engine, in table order.
    pub const ALL: [Engine; 3] = [Engine::Floor, Engine::Journal, Engine::Sqlcipher];

    /// Its name on the command line and in the results.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Floor => "floor",
            Engine::Journal => "journal",
            Engine::Sqlcipher => "sqlcipher",
        }
    }

    fn parse(s: &str) -> BenchResult<Engine> {
        Engine::ALL
            .into_iter()
            .find(|e| e.name() == s)
            .ok_or_else(|| err("unknown engine"))
    }
}

/// What a child process is asked to measure.
pub struct ChildArgs {
    /// The engine.
    pub engine: Engine,
    /// The workload name (see `suite::WORKLOADS`).
    pub workload: String,
    /// Records in the journal.
    pub n: usize,
    /// Where the database lives (created by the `import` workload).
    pub dir: PathBuf,
    /// Repetitions.
    pub reps: usize,
}

fn value<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn required<'a>(args: &'a [String], name: &str) -> BenchResult<&'a str> {
    value(args, name).ok_or_else(|| format!("missing {name}").into())
}

fn run() -> BenchResult<()> {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("child") => {
            let child = ChildArgs {
                engine: Engine::parse(required(&args, "--engine")?)?,
                workload: required(&args, "--workload")?.to_owned(),
                n: required(&args, "--n")?.parse()?,
                dir: PathBuf::from(required(&args, "--dir")?),
                reps: required(&args, "--reps")?.parse()?,
            };
            let out = suite::run_child(&child)?;
            println!("{}", serde_json::to_string(&out)?);
            Ok(())
        }
        Some("suite") => {
            let sizes: Vec<usize> = value(&args, "--sizes")
                .unwrap_or("1000,10000,100000")
                .split(',')
                .map(str::parse)
                .collect::<Result<_, _>>()?;
            suite::run_suite(&suite::SuiteArgs {
                out: PathBuf::from(value(&args, "--out").unwrap_or("target/bench")),
                sqlcipher_bin: value(&args, "--sqlcipher-bin").map(PathBuf::from),
                sizes,
                quick: args.iter().any(|a| a == "--quick"),
            })
        }
        Some("make-journal") => {
            // A journal for the app-level figures (scripts/bench-app): the generated records,
            // under the passphrase of `journal_engine::PASSPHRASE`.
            let n: usize = required(&args, "--n")?.parse()?;
            let dir = PathBuf::from(required(&args, "--dir")?);
            let params = match value(&args, "--kdf").unwrap_or("calibrated") {
                "cheap" => journal_core::KdfParams::insecure_for_tests(),
                _ => journal_core::KdfParams::calibrate(std::time::Duration::from_millis(750))?,
            };
            journal_engine::make_journal(&dir, n, params)?;
            println!(
                "Argon2id m={} MiB, t={}, p={}",
                params.m_cost_kib / 1024,
                params.t_cost,
                params.p_cost
            );
            Ok(())
        }
        _ => Err(err(
            "usage: journal-bench suite [--out DIR] [--sqlcipher-bin PATH] [--sizes 1000,10000,100000] [--quick]\n       journal-bench make-journal --n N --dir DIR [--kdf calibrated|cheap]",
        )),
    }
}

fn main() {
    if let Err(e) = run() {
        eprintln!("journal-bench: {e}");
        std::process::exit(1);
    }
}
