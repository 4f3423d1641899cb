//! What a change of secret costs: every record re-encrypted under a new master key in one
//! transaction, the WAL checkpointed, then the automatic backups renewed (a fresh verified
//! backup of the whole journal). Measured by `Journal::new_recovery_key` on journals of each
//! size, with automatic backups off (the re-encryption alone) and on (the app's default).
//! The key derivation runs with the cheapest parameters, so the figures are the journal's own
//! work; the app adds two calibrated derivations (about 0.75 s each) for the new slots.

use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use chrono::Utc;
use journal_core::{BackupSchedule, KdfParams};

use crate::BenchResult;
use crate::journal_engine::{make_journal, passphrase};
use crate::stats::summary;
use crate::workload::today;

/// Time `reps` changes of secret on a journal of `n` records in `dir`, with automatic
/// backups `on` or off. Returns the samples in milliseconds.
fn measure(dir: &Path, n: usize, on: bool, reps: usize) -> BenchResult<Vec<f64>> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    make_journal(dir, n, KdfParams::insecure_for_tests())?;
    let mut j = journal_core::Journal::unlock(dir, &passphrase())?;
    let mut settings = j.settings();
    settings.backup_schedule = if on {
        BackupSchedule::Daily
    } else {
        BackupSchedule::Off
    };
    j.save(settings, today())?;
    let mut samples = Vec::with_capacity(reps);
    for _ in 0..reps {
        let start = Instant::now();
        let done = j.new_recovery_key(&passphrase(), Utc::now())?;
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
        if let Some(problem) = done.backup_problem {
            return Err(format!("the backup after the change failed: {problem}").into());
        }
    }
    j.lock()?;
    Ok(samples)
}

/// Run the measurement for `sizes` and print a Markdown table (p50 and max, ms).
pub fn run(out: &Path, sizes: &[usize], reps: usize) -> BenchResult<()> {
    let mut md = String::from(
        "| records | re-encrypt + commit + checkpoint (backups off), p50 / max ms | \
         the same + a fresh verified backup (backups on), p50 / max ms |\n|---:|---:|---:|\n",
    );
    for &n in sizes {
        let off = summary(&measure(&out.join(format!("off-{n}")), n, false, reps)?);
        let on = summary(&measure(&out.join(format!("on-{n}")), n, true, reps)?);
        writeln!(
            md,
            "| {n} | {:.0} / {:.0} | {:.0} / {:.0} |",
            off.p50, off.max, on.p50, on.max
        )?;
    }
    print!("{md}");
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("rekey.md"), &md)?;
    Ok(())
}
