//! `m2` and `m3`: the app started as a member starts it (no WebDriver), typed into at the X
//! level, locked with Ctrl+L and (`m2`) by the auto-lock.

use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use recovery_journal_e2e::harness::screenshot_dir;
use recovery_journal_e2e::plain_app::{
    FIXTURE_PASSPHRASE, PlainApp, fixture_data_dir, journal_open, wait,
};
use recovery_journal_e2e::system;
use recovery_journal_e2e::xscreen;

use crate::{AutoLock, MaskedCanary, SETTLE, Strict, details, judge, program_name, scan_tree};

/// How many times Tab moves the focus from the journal page's heading (focused when the page
/// opens) to today's entry: the date field's three parts (month, day, year), then the entry.
const TABS_TO_ENTRY: usize = 4;

/// Every sealed record of the journal file, to see a save land.
fn records(journal: &std::path::Path) -> Result<Vec<Vec<u8>>> {
    let db =
        rusqlite::Connection::open_with_flags(journal, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut q = db.prepare("SELECT blob FROM record ORDER BY id")?;
    let rows = q.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The canary written into today's entry of the fixture journal is in memory while unlocked
/// (the control); 5 s after Ctrl+L it is nowhere in any process of the app. With
/// [`AutoLock::Too`], the auto-lock is first set to 1 minute in Settings (the keyboard only:
/// Alt+7, Tab to the first field, Return saves), and after Ctrl+L the journal is unlocked
/// again, the entry shown (the second control), and the app left idle until it locks itself:
/// 5 s later the canary is nowhere either. Every process of
/// the app runs with freed memory wiped (`src-tauri/src/freed_memory.rs`), which is checked
/// first, so a failure says which part broke. Prints how long the lock screen took to appear.
pub(crate) fn nothing_left_without_webdriver(
    binary: &std::path::Path,
    name: &str,
    auto_lock: AutoLock,
) -> Result<()> {
    let canary = MaskedCanary::new()?;
    let needles = canary.needles();
    let work = tempfile::tempdir()?;
    let data = fixture_data_dir(work.path())?;
    let journal = data.join("journal.sqlite");
    let mut app = PlainApp::start(
        binary,
        &["--data-dir".as_ref(), data.as_os_str()],
        work.path(),
        name,
    )?;
    let shots = screenshot_dir();
    let result = (|| -> Result<()> {
        app.wait_for_window(Duration::from_secs(60))?;
        std::thread::sleep(Duration::from_secs(3));
        wiping_as_designed(app.pid())?;
        app.unlock(FIXTURE_PASSPHRASE, &data)?;
        std::thread::sleep(Duration::from_secs(2));

        if auto_lock == AutoLock::Too {
            // Settings (Alt+7), its heading focused: Tab reaches the auto-lock minutes.
            let saved = records(&journal)?;
            app.keys(&["alt+7"])?;
            std::thread::sleep(Duration::from_secs(1));
            app.keys(&["Tab", "ctrl+a"])?;
            app.type_text("1")?;
            app.keys(&["Return"])?;
            wait(
                "the auto-lock setting was not saved",
                Duration::from_secs(20),
                || Ok(records(&journal)? != saved),
            )?;
        }

        // Alt+5 opens the journal page with its heading focused; Tab reaches today's entry.
        let saved = records(&journal)?;
        app.keys(&["alt+5"])?;
        std::thread::sleep(Duration::from_secs(2));
        app.keys(&["Tab"; TABS_TO_ENTRY])?;
        canary.type_into_focused_window(app.display())?;
        wait(
            "the entry was not saved (did the Tabs reach the entry's text field?)",
            Duration::from_secs(20),
            || Ok(records(&journal)? != saved),
        )?;
        std::thread::sleep(Duration::from_secs(1));
        xscreen::screenshot(app.display())?
            .save_png(&shots.join(format!("{name}-01-entry-saved.png")))?;
        let mut moments = vec![scan_tree(
            &[app.pid()],
            &needles,
            "unlocked, entry saved",
            false,
        )?];
        println!("{}", details(&moments[0], &needles));

        // Ctrl+L; then the screen, captured as fast as xwd goes, and the web processes.
        let before = app.web_processes();
        app.keys(&["ctrl+l"])?;
        let pressed = Instant::now();
        let mut frames = Vec::new();
        let mut replaced = None;
        while pressed.elapsed() < Duration::from_millis(2500) {
            let from = pressed.elapsed();
            let raw = xscreen::capture(app.display())?;
            frames.push((from, pressed.elapsed(), raw));
            if replaced.is_none() && app.web_process_replaced(&before) {
                replaced = Some(pressed.elapsed());
            }
        }
        wait("the journal did not lock", Duration::from_secs(10), || {
            Ok(!journal_open(&data)?)
        })?;
        // Printed, not judged, within the 2.5 s of frames: a loaded machine may take longer.
        let replaced = match replaced {
            Some(at) => at,
            None => {
                app.wait_web_process_replaced(&before, Duration::from_secs(10))
                    .context("after Ctrl+L")?;
                pressed.elapsed()
            }
        };
        std::thread::sleep(Duration::from_secs(1));
        let lock_screen = xscreen::screenshot(app.display())?;
        lock_screen.save_png(&shots.join(format!("{name}-02-locked.png")))?;
        lock_screen_timing(&frames, &lock_screen, replaced)?;

        std::thread::sleep(SETTLE.saturating_sub(pressed.elapsed()));
        moments.push(scan_tree(&[app.pid()], &needles, "5 s after Lock", true)?);
        println!("{}", details(&moments[1], &needles));
        ensure!(app.running()?, "the app exited");

        if auto_lock == AutoLock::Too {
            // Unlock, show the entry (Alt+5), then no input at all: the member is away.
            app.unlock(FIXTURE_PASSPHRASE, &data)
                .context("after Ctrl+L")?;
            std::thread::sleep(Duration::from_secs(1));
            app.keys(&["alt+5"])?;
            let idle = Instant::now();
            std::thread::sleep(Duration::from_secs(2));
            moments.push(scan_tree(
                &[app.pid()],
                &needles,
                "unlocked again, entry shown",
                false,
            )?);
            let before = app.web_processes();
            // A minute, plus up to the shell's 5 s check, plus the scan above.
            wait(
                "the journal did not lock itself",
                Duration::from_secs(90),
                || Ok(!journal_open(&data)?),
            )?;
            let locked = idle.elapsed();
            app.wait_web_process_replaced(&before, Duration::from_secs(10))
                .context("after the auto-lock")?;
            println!(
                "auto-locked {:.1} s after the last key",
                locked.as_secs_f64()
            );
            std::thread::sleep(SETTLE);
            xscreen::screenshot(app.display())?
                .save_png(&shots.join(format!("{name}-03-auto-locked.png")))?;
            moments.push(scan_tree(
                &[app.pid()],
                &needles,
                "5 s after the auto-lock",
                true,
            )?);
            println!("{}", details(&moments[3], &needles));
        }
        judge(&moments, Strict::Everywhere)
    })();
    let log = app.log().to_path_buf();
    let closed = app.close();
    result
        .and(closed)
        .with_context(|| format!("app log: {}", log.display()))
}

/// Fail unless the processes of the app started as `src-tauri/src/freed_memory.rs` says: the
/// app itself with glibc's wiping settings and `Malloc=1`, WebKit's processes with `Malloc=1`
/// and without glibc's (each process's environment as it started: `/proc/<pid>/environ`).
fn wiping_as_designed(app: u32) -> Result<()> {
    const GLIBC: [&str; 2] = [
        "MALLOC_PERTURB_=165",
        "GLIBC_TUNABLES=glibc.malloc.tcache_count=0",
    ];
    for p in system::process_tree(app) {
        let environ = std::fs::read(format!("/proc/{}/environ", p.pid))?;
        let vars: Vec<&[u8]> = environ.split(|&b| b == 0).collect();
        let has = |v: &str| vars.contains(&v.as_bytes());
        let who = format!("{} ({})", p.pid, program_name(&p));
        ensure!(has("Malloc=1"), "{who} started without Malloc=1");
        for v in GLIBC {
            ensure!(
                has(v) == (p.pid == app),
                "{who} started {} {v}",
                if p.pid == app { "without" } else { "with" }
            );
        }
    }
    Ok(())
}

/// Print when the lock screen was first on screen: the first frame that differs from the
/// settled lock screen by no more than a caret's blink (under 1 % of the pixels; the page before
/// differs nearly everywhere). A frame is known only to have been taken between the two times
/// it carries (xwd's run).
fn lock_screen_timing(
    frames: &[(Duration, Duration, Vec<u8>)],
    lock_screen: &xscreen::Shot,
    replaced: Duration,
) -> Result<()> {
    let near = (lock_screen.width * lock_screen.height / 100) as usize;
    let mut not_yet = Duration::ZERO;
    for (from, to, raw) in frames {
        if xscreen::decode_xwd(raw)?.differing_pixels(lock_screen) <= near {
            println!(
                "the lock screen was on screen {}–{} ms after Ctrl+L (not yet in a frame \
                 finished at {} ms; the new web process was seen by {} ms)",
                from.as_millis(),
                to.as_millis(),
                not_yet.as_millis(),
                replaced.as_millis()
            );
            return Ok(());
        }
        not_yet = *to;
    }
    println!("the lock screen had not settled 2.5 s after Ctrl+L");
    Ok(())
}
