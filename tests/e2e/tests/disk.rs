//! A full disk under the real app: what the member is typing is never lost.
//!
//! | test | what it proves |
//! | --- | --- |
//! | `d1_autosave_on_a_full_disk_keeps_the_text` | the journal's folder is on a tiny disk (an 8 MiB `tmpfs`); the member writes, the disk fills up, the member writes on: the autosave fails, the page says kindly that the disk is full and that everything saved before is safe, and the words stay in the editor; once space is back, the next keystroke saves them, and after a relaunch every word is there |
//!
//! One test in two roles, like the no-network test: run normally, it re-runs itself under
//! `unshare -m` (as root) or `unshare -rm` with the tmpfs mounted in a private mount namespace,
//! so nothing outside the test sees the mount and the machine's own disk never fills. Where no
//! such namespace can be made it fails, unless `RECOVERY_JOURNAL_ALLOW_SKIP` names `diskfull`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Result, bail, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::eventually::within_async;
use recovery_journal_e2e::harness::{LaunchOptions, UI};
use recovery_journal_e2e::journeys::{PASSPHRASE, create_journal, unlock};
use recovery_journal_e2e::screens::{go, wait_saved};
use recovery_journal_e2e::system;

const INNER: &str = "E2E_TINY_DISK";
const DISK_MIB: u32 = 8;

/// How to get a private mount namespace here: `unshare -m` as root, `unshare -rm` otherwise.
fn unshare_prefix() -> Option<&'static [&'static str]> {
    [&["-m"][..], &["-rm"][..]].into_iter().find(|args| {
        let Ok(probe) = tempfile::tempdir() else {
            return false;
        };
        Command::new("unshare")
            .args(*args)
            .args(["sh", "-c", "mount -t tmpfs -o size=1m tmpfs \"$0\""])
            .arg(probe.path())
            .status()
            .is_ok_and(|s| s.success())
    })
}

#[test]
fn d1_autosave_on_a_full_disk_keeps_the_text() {
    const NAME: &str = "d1_autosave_on_a_full_disk_keeps_the_text";
    if let Ok(disk) = std::env::var(INNER) {
        inner(Path::new(&disk));
        return;
    }
    let Some(prefix) = unshare_prefix() else {
        let why = "`unshare -m` / `unshare -rm` with a tmpfs mount is not permitted here, so a \
                   disk cannot be filled without filling the machine's";
        if recovery_journal_e2e::skip_allowed("diskfull") {
            println!("SKIPPED {NAME}: {why} (RECOVERY_JOURNAL_ALLOW_SKIP)");
            return;
        }
        panic!("{why}. Set RECOVERY_JOURNAL_ALLOW_SKIP=diskfull to allow skipping this test.");
    };
    let disk = tempfile::tempdir().expect("a mount point");
    let started = Instant::now();
    let out = Command::new("unshare")
        .args(prefix)
        .args([
            "sh",
            "-c",
            &format!("mount -t tmpfs -o size={DISK_MIB}m,mode=0700 tmpfs \"$0\" && exec \"$@\""),
        ])
        .arg(disk.path())
        .arg(std::env::current_exe().expect("this test binary"))
        .args([NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(INNER, disk.path())
        .output()
        .expect("running the test binary in a mount namespace");
    system::print_inner_run(
        &format!(
            "on a {DISK_MIB} MiB disk, inside `unshare {}` ({:.1}s)",
            prefix.join(" "),
            started.elapsed().as_secs_f64()
        ),
        &out,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the journey failed on the tiny disk");
    assert!(
        stdout.contains("FULL DISK JOURNEY OK"),
        "the inner test did not run (no marker in its output)"
    );
}

/// The inner role, inside the namespace, with `disk` the tiny tmpfs.
fn inner(disk: &Path) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let launch = LaunchOptions {
            data_parent: Some(disk.to_path_buf()),
            ..LaunchOptions::default()
        };
        let mut h = match Harness::start_with("d1_full_disk", launch).await {
            Ok(h) => h,
            Err(e) => panic!("could not start the app on the tiny disk: {e:#}"),
        };
        let result = full_disk_journey(&mut h, disk).await;
        let ok = result.is_ok();
        h.finish(result).await;
        if ok {
            println!("FULL DISK JOURNEY OK");
        }
    });
}

/// Fill `disk` to the last byte with one file, and return it.
fn fill(disk: &Path) -> Result<PathBuf> {
    let path = disk.join("filler");
    let mut file = fs::File::create(&path)?;
    let block = vec![0u8; 64 * 1024];
    let mut size = block.len();
    // Big blocks first, then smaller ones, so not even a page is left.
    while size > 0 {
        match file.write(&block[..size]) {
            Ok(0) => size /= 2,
            Ok(_) => {}
            Err(e) if e.raw_os_error() == Some(28) => size /= 2, // ENOSPC
            Err(e) => return Err(e.into()),
        }
    }
    file.sync_all()?;
    Ok(path)
}

async fn full_disk_journey(h: &mut Harness, disk: &Path) -> Result<()> {
    const BEFORE: &str = "Went to the Tuesday meeting.";
    const DURING: &str =
        "Went to the Tuesday meeting. Then the disk filled up, and I kept writing.";
    const AFTER: &str =
        "Went to the Tuesday meeting. Then the disk filled up, and I kept writing. All of it.";
    ensure!(
        h.data_dir().starts_with(disk),
        "the journal's folder is not on the tiny disk"
    );
    create_journal(h, PASSPHRASE, days_from(today(), -40)).await?;
    go(h, "journal", "journal-screen").await?;
    h.wait_for("journal-editor", UI).await?;
    h.type_into("journal-text", BEFORE).await?;
    wait_saved(h, "journal-save-state").await?;

    let filler = fill(disk)?;
    h.type_into("journal-text", DURING).await?;
    wait_failed(h).await?;
    let words = h.text("journal-error").await?;
    ensure!(
        words.contains("disk is full") && words.contains("Everything saved before is safe"),
        "the page says {words:?} about the full disk"
    );
    let kept = h.value("journal-text").await?;
    ensure!(
        kept == DURING,
        "the editor holds {kept:?} after the failed save"
    );
    h.screenshot("disk-full-autosave").await?;

    // Space is back: the next words save everything.
    fs::remove_file(&filler)?;
    h.type_into("journal-text", AFTER).await?;
    wait_saved(h, "journal-save-state").await?;
    ensure!(
        !h.exists("journal-error").await?,
        "the full-disk message stays after the save worked"
    );
    h.screenshot("disk-full-saved-after").await?;

    h.relaunch().await?;
    unlock(h, PASSPHRASE).await?;
    go(h, "journal", "journal-screen").await?;
    h.wait_for("journal-editor", UI).await?;
    let text = h.value("journal-text").await?;
    ensure!(text == AFTER, "after a relaunch the entry reads {text:?}");
    Ok(())
}

/// Wait for the autosave to say it failed.
async fn wait_failed(h: &Harness) -> Result<()> {
    let mut state = String::new();
    let failed = within_async(
        Duration::from_secs(20),
        Duration::from_millis(100),
        async || {
            state = h
                .attr("journal-save-state", "data-state")
                .await?
                .unwrap_or_default();
            Ok((state == "failed").then_some(()))
        },
    );
    if failed.await?.is_none() {
        bail!(
            "the save on a full disk never failed: it says {state:?} ({:?})",
            h.text("journal-save-state").await?
        );
    }
    Ok(())
}
