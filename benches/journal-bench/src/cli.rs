//! The command line shared by both binaries (`journal-bench` on the system allocator, and
//! `journal-bench-zeroizing` on the app's zeroizing one): the suite, a child's workload, the
//! allocator comparison, and the app-level journal.

use std::path::PathBuf;

use crate::{alloc_cost, journal_engine, rekey_cost, suite};

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
        Some("alloc") => {
            let me = std::env::current_exe()?;
            alloc_cost::run(&alloc_cost::AllocArgs {
                out: PathBuf::from(value(&args, "--out").unwrap_or("target/bench/alloc")),
                zeroizing_bin: value(&args, "--zeroizing-bin")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| me.with_file_name("journal-bench-zeroizing")),
                n: value(&args, "--n").unwrap_or("10000").parse()?,
                rounds: value(&args, "--rounds").unwrap_or("5").parse()?,
                reps: value(&args, "--reps").unwrap_or("7").parse()?,
            })
        }
        Some("rekey") => {
            let sizes: Vec<usize> = value(&args, "--sizes")
                .unwrap_or("10000,100000")
                .split(',')
                .map(str::parse)
                .collect::<Result<_, _>>()?;
            rekey_cost::run(
                &PathBuf::from(value(&args, "--out").unwrap_or("target/bench/rekey")),
                &sizes,
                value(&args, "--reps").unwrap_or("3").parse()?,
            )
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
            "usage: journal-bench suite [--out DIR] [--sqlcipher-bin PATH] [--sizes 1000,10000,100000] [--quick]\n       journal-bench alloc [--out DIR] [--zeroizing-bin PATH] [--n 10000] [--rounds 5] [--reps 7]\n       journal-bench rekey [--out DIR] [--sizes 10000,100000] [--reps 3]\n       journal-bench make-journal --n N --dir DIR [--kdf calibrated|cheap]",
        )),
    }
}

/// Run the command line; `allocator` names the binary's global allocator (reported by every
/// child, so that a comparison cannot mix up its binaries).
pub fn main(allocator: &'static str) {
    let _ = ALLOCATOR.set(allocator);
    if let Err(e) = run() {
        eprintln!("journal-bench: {e}");
        std::process::exit(1);
    }
}

static ALLOCATOR: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// The global allocator of this binary: `system`, or `zeroizing` (`journal-bench-zeroizing`).
pub fn allocator() -> &'static str {
    ALLOCATOR.get().copied().unwrap_or("system")
}
