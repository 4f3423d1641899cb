//! The release app's own hardening, observed from outside the process, each beside a control
//! that shows the check can fail.
//!
//! | test | promise |
//! | --- | --- |
//! | `promise5_release_has_no_devtools` | the release binary imports no WebKit inspector function, so there is no code path that could open devtools; the debug build does import them (the control) |
//! | `promise5_release_process_hardened` | the running release app, started with a generous core-file limit and as an ordinary user: its core-file limit is 0/0 (WebKit's processes inherit it) and it is not dumpable (the files in its `/proc/<pid>` belong to root); the debug build started the same way keeps the limit and stays dumpable (the control) |
//!
//! Both need `target/release/recovery-journal`: `scripts/e2e` builds it.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use recovery_journal_e2e::eventually::within;
use recovery_journal_e2e::harness::{Display, log_dir, release_binary, target_dir};

/// The core-file limit the app is started with, so that lowering it is visible.
const GENEROUS_CORE_LIMIT: u64 = 4 << 20;
/// `nobody`: when the tests run as root, the app runs as this user so that "owned by root"
/// in `/proc` means "not dumpable" and not just "started by root".
const NOBODY: u32 = 65534;

fn debug_binary() -> Result<PathBuf> {
    let path = target_dir().join("debug/recovery-journal");
    ensure!(
        path.is_file(),
        "{} is missing: build it with `cargo build -p recovery-journal` (scripts/e2e does)",
        path.display()
    );
    Ok(path)
}

/// The dynamic symbols `binary` takes from shared libraries.
fn imported_symbols(binary: &Path) -> Result<Vec<String>> {
    let out = Command::new("nm")
        .args(["-D", "--undefined-only", "--format=posix"])
        .arg(binary)
        .output()
        .context("running nm (Debian package binutils, part of build-essential)")?;
    ensure!(out.status.success(), "nm failed on {}", binary.display());
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_string)
        .collect())
}

fn inspector_symbols(binary: &Path) -> Result<Vec<String>> {
    Ok(imported_symbols(binary)?
        .into_iter()
        .filter(|s| s.starts_with("webkit_web_inspector_") || s == "webkit_web_view_get_inspector")
        .collect())
}

#[test]
fn promise5_release_has_no_devtools() -> Result<()> {
    let control = inspector_symbols(&debug_binary()?)?;
    ensure!(
        control.iter().any(|s| s == "webkit_web_inspector_show"),
        "control failed: the debug build should import webkit_web_inspector_show (it has devtools), \
         found {control:?}; the check below would prove nothing"
    );
    let release = release_binary()?;
    let found = inspector_symbols(&release)?;
    ensure!(
        found.is_empty(),
        "the release binary imports WebKit inspector functions {found:?}: devtools are compiled in"
    );
    println!(
        "debug build imports {} inspector functions, the release build none",
        control.len()
    );
    Ok(())
}

/// What was observed of one running app.
#[derive(Debug)]
struct Observed {
    /// Soft and hard core-file limits of the app process.
    core_limit: (String, String),
    /// Owner of `/proc/<pid>/mem`: root when the process is not dumpable. (The directory
    /// `/proc/<pid>` itself keeps its owner; the files in it change.)
    proc_owner: u32,
    /// The real user the app runs as.
    runs_as: u32,
    /// Core-file limits of its WebKit child processes.
    children_core_limits: Vec<(String, String)>,
}

fn core_limit(pid: u32) -> Result<(String, String)> {
    let limits = fs::read_to_string(format!("/proc/{pid}/limits"))?;
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .context("no core file size in /proc/<pid>/limits")?;
    let fields: Vec<&str> = line["Max core file size".len()..]
        .split_whitespace()
        .collect();
    ensure!(fields.len() >= 2, "unexpected limits line {line:?}");
    Ok((fields[0].to_string(), fields[1].to_string()))
}

fn real_uid(pid: u32) -> Result<u32> {
    let status = fs::read_to_string(format!("/proc/{pid}/status"))?;
    let line = status
        .lines()
        .find(|l| l.starts_with("Uid:"))
        .context("no Uid in /proc/<pid>/status")?;
    Ok(line
        .split_whitespace()
        .nth(1)
        .context("empty Uid line")?
        .parse()?)
}

fn children(pid: u32) -> Vec<u32> {
    let mut out = Vec::new();
    if let Ok(tasks) = fs::read_dir(format!("/proc/{pid}/task")) {
        for t in tasks.flatten() {
            if let Ok(list) = fs::read_to_string(t.path().join("children")) {
                out.extend(
                    list.split_whitespace()
                        .filter_map(|p| p.parse::<u32>().ok()),
                );
            }
        }
    }
    out
}

fn comm(pid: u32) -> String {
    fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let exited = within(Duration::from_secs(5), Duration::from_millis(100), || {
        Ok(matches!(child.try_wait(), Ok(Some(_))).then_some(()))
    });
    if let Ok(Some(())) = exited {
        return;
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Start `binary` with a generous core-file limit, as `nobody` when we are root, in a home of
/// its own on `display`; wait until its web content process runs; look at it; stop it.
fn observe(name: &str, binary: &Path, display: &Display, harden_env: bool) -> Result<Observed> {
    let work = tempfile::Builder::new()
        .prefix(&format!("recovery-journal-e2e-{name}-"))
        .tempdir()?;
    fs::set_permissions(work.path(), fs::Permissions::from_mode(0o755))?;
    let as_root = fs::metadata("/proc/self")?.uid() == 0;
    let user = if as_root {
        NOBODY
    } else {
        real_uid(std::process::id())?
    };
    // A copy of the binary where any user can run it (the checkout may be private).
    let bin = work.path().join("recovery-journal");
    fs::copy(binary, &bin)?;
    fs::set_permissions(&bin, fs::Permissions::from_mode(0o755))?;
    let home = work.path().join("home");
    let runtime = work.path().join("runtime");
    for dir in [&home, &runtime] {
        fs::create_dir(dir)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
        std::os::unix::fs::chown(dir, Some(user), Some(user))?;
    }
    let log = fs::File::create(log_dir().join(format!("{name}.log")))?;
    let mut cmd = Command::new("prlimit");
    cmd.arg(format!(
        "--core={GENEROUS_CORE_LIMIT}:{GENEROUS_CORE_LIMIT}"
    ))
    .arg("--");
    if as_root {
        cmd.args([
            "setpriv",
            &format!("--reuid={NOBODY}"),
            &format!("--regid={NOBODY}"),
            "--clear-groups",
            "--",
        ]);
    }
    cmd.arg(&bin)
        .arg("--data-dir")
        .arg(home.join("data"))
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", &home)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("XDG_DATA_HOME", home.join(".local/share"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("XDG_CACHE_HOME", home.join(".cache"))
        .env("TMPDIR", &home)
        .env("DISPLAY", display.name())
        .env("DBUS_SESSION_BUS_ADDRESS", "disabled:")
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    if harden_env {
        cmd.env("RECOVERY_JOURNAL_HARDEN", "1");
    }
    let mut child = cmd.spawn().context("starting the app under prlimit")?;
    let pid = child.id();
    let result = (|| {
        // prlimit and setpriv exec into the app: same pid. Wait for the web content process,
        // which means the app got through its start-up (hardening is the first thing it does).
        let web = within(Duration::from_secs(30), Duration::from_millis(100), || {
            if let Ok(Some(status)) = child.try_wait() {
                bail!("the app exited during start-up ({status}); see target/e2e-logs/{name}.log");
            }
            let kids: Vec<u32> = children(pid)
                .into_iter()
                .filter(|k| comm(*k).starts_with("WebKit"))
                .collect();
            Ok((comm(pid) == "recovery-journa" && !kids.is_empty()).then_some(kids))
        })?;
        let Some(web) = web else {
            bail!(
                "no WebKit process after 30 s (app is {:?}); see target/e2e-logs/{name}.log",
                comm(pid)
            );
        };
        // Let start-up settle: the numbers must hold while the app runs, not only at first.
        std::thread::sleep(Duration::from_secs(2));
        Ok(Observed {
            core_limit: core_limit(pid)?,
            proc_owner: fs::metadata(format!("/proc/{pid}/mem"))?.uid(),
            runs_as: real_uid(pid)?,
            children_core_limits: web.iter().map(|k| core_limit(*k)).collect::<Result<_>>()?,
        })
    })();
    stop(&mut child);
    let observed = result?;
    println!("{name}: {observed:?}");
    ensure!(
        observed.runs_as == user,
        "{name}: the app runs as uid {}, not {user}",
        observed.runs_as
    );
    Ok(observed)
}

#[test]
fn promise5_release_process_hardened() -> Result<()> {
    let release = release_binary()?;
    let debug = debug_binary()?;
    fs::create_dir_all(log_dir())?;
    let xlog = fs::File::create(log_dir().join("promise5_release_process_hardened-xvfb.log"))?;
    // A private Xvfb (or $DISPLAY with E2E_SHOW=1, as for the journeys).
    let display = Display::start(&xlog)?;
    let generous = GENEROUS_CORE_LIMIT.to_string();

    // The control: the debug build, not asked to harden, keeps what it was given.
    let control = observe("promise5-control-debug", &debug, &display, false)?;
    ensure!(
        control.core_limit == (generous.clone(), generous.clone()),
        "control failed: the unhardened debug build has core limit {:?}, expected the {generous} it was started with",
        control.core_limit
    );
    ensure!(
        control.proc_owner == control.runs_as,
        "control failed: /proc/<pid>/mem of the unhardened app belongs to uid {}, not to its user {}: \
         the dumpable check below would prove nothing",
        control.proc_owner,
        control.runs_as
    );

    let seen = observe("promise5-release", &release, &display, false)?;
    ensure!(
        seen.core_limit == ("0".to_string(), "0".to_string()),
        "the release app's core file size limit is {:?}, not 0/0",
        seen.core_limit
    );
    ensure!(
        seen.proc_owner == 0,
        "/proc/<pid>/mem of the release app belongs to uid {} (its own user): it is dumpable",
        seen.proc_owner
    );
    ensure!(
        !seen.children_core_limits.is_empty()
            && seen
                .children_core_limits
                .iter()
                .all(|l| l == &("0".to_string(), "0".to_string())),
        "WebKit processes of the release app have core limits {:?}",
        seen.children_core_limits
    );
    Ok(())
}
