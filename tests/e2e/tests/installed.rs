//! The app as a member gets it: the `.deb` that `tauri build` makes, installed with `apt-get`,
//! started from its installed path the way its menu entry starts it, used for a first run, and
//! removed again.
//!
//! | test | promise |
//! | --- | --- |
//! | `installed_deb_first_run_and_removal` | the package installs; its menu entry starts the installed binary and names an installed icon; on a new home folder the first-run screen comes up (screenshot) and a journal can be created with the keyboard alone; the app exits on its own when its window is closed; removing the package leaves nothing of it on the system, and in the home folder only the member's data folder |
//!
//! The release webview is incognito, which WebKitGTK never lets WebDriver automate, so this
//! journey looks at the screen and types keys at the X level (`src/xscreen.rs`).
//!
//! Installing needs root (or `sudo -n`). Where neither is possible, the test fails unless
//! `RECOVERY_JOURNAL_ALLOW_SKIP` names `deb`. It refuses to run when the package is already
//! installed: it never removes a member's own installation.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail, ensure};
use recovery_journal_e2e::eventually::eventually;
use recovery_journal_e2e::harness::{screenshot_dir, target_dir};
use recovery_journal_e2e::plain_app::PlainApp;
use recovery_journal_e2e::{skip_allowed, system, xscreen};

const PASSPHRASE: &str = "installed from the package";
/// The data folder a member gets by default, under `$HOME/.local/share`.
const APP_ID: &str = "app.recoveryjournal.desktop";

/// The newest `.deb` under `target/release/bundle/deb/`, or `$E2E_DEB`.
fn deb_file() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("E2E_DEB").filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p).canonicalize()?);
    }
    let dir = target_dir().join("release/bundle/deb");
    let mut debs: Vec<(std::time::SystemTime, PathBuf)> = fs::read_dir(&dir)
        .with_context(|| {
            format!(
                "{} is missing: build the package with scripts/e2e (tauri build --bundles deb)",
                dir.display()
            )
        })?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "deb"))
        .filter_map(|p| Some((fs::metadata(&p).ok()?.modified().ok()?, p)))
        .collect();
    debs.sort();
    debs.pop()
        .map(|(_, p)| p)
        .with_context(|| format!("no .deb in {}", dir.display()))
}

fn run(cmd: &mut Command) -> Result<String> {
    let out = cmd.output().with_context(|| format!("running {cmd:?}"))?;
    ensure!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// How to run a command as root here: directly, through `sudo -n`, or not at all.
fn root_prefix() -> Option<Vec<&'static str>> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 {
        return Some(vec![]);
    }
    let sudo = Command::new("sudo")
        .args(["-n", "true"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .status();
    sudo.is_ok_and(|s| s.success()).then(|| vec!["sudo", "-n"])
}

fn as_root(prefix: &[&str], args: &[&str]) -> Command {
    let all: Vec<&str> = prefix.iter().chain(args).copied().collect();
    let mut cmd = Command::new(all[0]);
    cmd.args(&all[1..])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null());
    cmd
}

fn installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

/// Removes the package on drop if the test installed it and did not get to remove it.
struct Installation {
    prefix: Vec<&'static str>,
    package: String,
}

impl Drop for Installation {
    fn drop(&mut self) {
        if installed(&self.package) {
            let _ = as_root(
                &self.prefix,
                &["apt-get", "remove", "-y", "-qq", &self.package],
            )
            .status();
        }
    }
}

/// The keys of a `.desktop` file's `[Desktop Entry]` group.
fn desktop_entry(text: &str) -> Vec<(String, String)> {
    text.lines()
        .skip_while(|l| l.trim() != "[Desktop Entry]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

fn files_under(root: &Path) -> BTreeSet<PathBuf> {
    system::list_files(root)
        .into_iter()
        .map(|(p, _)| p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p))
        .collect()
}

#[test]
fn installed_deb_first_run_and_removal() -> Result<()> {
    let Some(prefix) = root_prefix() else {
        let why = "installing a package needs root or passwordless sudo, and neither is available";
        if skip_allowed("deb") {
            println!(
                "SKIPPED installed_deb_first_run_and_removal: {why} (RECOVERY_JOURNAL_ALLOW_SKIP)"
            );
            return Ok(());
        }
        bail!("{why}. Set RECOVERY_JOURNAL_ALLOW_SKIP=deb to allow skipping this test.");
    };
    let deb = deb_file()?;
    let package = run(Command::new("dpkg-deb")
        .args(["-f"])
        .arg(&deb)
        .arg("Package"))?
    .trim()
    .to_string();
    ensure!(
        !installed(&package),
        "the package {package} is already installed on this machine; this test installs and \
         removes it, and never removes a member's own installation: remove it first \
         (apt-get remove {package})"
    );

    // ----- install -----
    println!("installing {}", deb.display());
    let deb_arg = deb.to_string_lossy().into_owned();
    let guard = Installation {
        prefix: prefix.clone(),
        package: package.clone(),
    };
    run(&mut as_root(
        &prefix,
        &[
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            &deb_arg,
        ],
    ))?;
    ensure!(installed(&package), "apt-get did not install {package}");
    let files: Vec<PathBuf> = run(Command::new("dpkg").args(["-L", &package]))?
        .lines()
        .map(PathBuf::from)
        .filter(|p| p.is_file())
        .collect();
    println!("installed files: {files:?}");

    // The menu entry: named after the app, starting the installed binary, with an icon.
    let desktop = files
        .iter()
        .find(|p| {
            p.starts_with("/usr/share/applications")
                && p.extension().is_some_and(|x| x == "desktop")
        })
        .context("the package installs no menu entry under /usr/share/applications")?;
    let entry = desktop_entry(&fs::read_to_string(desktop)?);
    let get = |k: &str| {
        entry
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .with_context(|| format!("{} has no {k}=", desktop.display()))
    };
    ensure!(get("Type")? == "Application" && !get("Name")?.is_empty());
    let exec = get("Exec")?;
    let program = exec
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    let binary = if program.starts_with('/') {
        PathBuf::from(&program)
    } else {
        PathBuf::from("/usr/bin").join(&program)
    };
    ensure!(
        files.contains(&binary),
        "the menu entry runs {exec:?}, which is not a file of the package"
    );
    ensure!(
        fs::metadata(&binary)?.permissions().mode() & 0o111 != 0,
        "{} is not executable",
        binary.display()
    );
    let icon = get("Icon")?;
    let icons: Vec<&PathBuf> = files
        .iter()
        .filter(|p| {
            p.starts_with("/usr/share/icons/hicolor")
                && p.file_stem().is_some_and(|s| s.to_string_lossy() == icon)
        })
        .collect();
    ensure!(
        !icons.is_empty(),
        "the menu entry's icon {icon:?} is not installed under /usr/share/icons/hicolor"
    );
    for p in &icons {
        let bytes = fs::read(p)?;
        ensure!(
            bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            "{} is not a PNG",
            p.display()
        );
    }

    // ----- first run, from the installed path, on a new home folder -----
    let work = tempfile::tempdir()?;
    let mut app = PlainApp::start(
        &binary,
        &[],
        work.path(),
        "installed_deb_first_run_and_removal",
    )?;
    let (home, runtime) = (app.home().to_path_buf(), app.runtime().to_path_buf());
    let dpy = app.display().to_string();
    let result = (|| -> Result<()> {
        let shots = screenshot_dir();
        let first = xscreen::settled(&dpy, 50, Duration::from_secs(2), Duration::from_secs(60))
            .context("the first-run screen never came up")?;
        first.save_png(&shots.join("installed-01-first-run.png"))?;
        ensure!(app.running()?, "the installed app exited on its own");

        // The welcome screen focuses its heading; the next stop is "Get started". On the
        // passphrase screen: the field, its Show toggle, the confirmation, then Return submits.
        app.keys(&["Tab", "Return"])?;
        xscreen::settled(&dpy, 50, Duration::from_secs(1), Duration::from_secs(20))?
            .save_png(&shots.join("installed-02-passphrase.png"))?;
        app.keys(&["Tab"])?;
        app.type_text(PASSPHRASE)?;
        app.keys(&["Tab", "Tab"])?;
        app.type_text(PASSPHRASE)?;
        app.keys(&["Return"])?;

        // The journal is made in the default data folder, in a few seconds (key derivation).
        let data = home.join(".local/share").join(APP_ID);
        let journal = data.join("journal.sqlite");
        eventually(
            format!(
                "no journal in {} 60 s after submitting the passphrase (see {})",
                data.display(),
                app.log().display()
            ),
            Duration::from_secs(60),
            Duration::from_millis(200),
            || Ok(journal.is_file().then_some(())),
        )?;
        // Once the recovery key is shown, the journal holds its two key slots.
        std::thread::sleep(Duration::from_secs(2));
        xscreen::settled(&dpy, 50, Duration::from_secs(1), Duration::from_secs(60))?
            .save_png(&shots.join("installed-03-recovery-key.png"))?;
        let slots: i64 = rusqlite::Connection::open_with_flags(
            &journal,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )?
        .query_row("SELECT count(*) FROM key_slot", [], |r| r.get(0))?;
        ensure!(
            slots == 2,
            "the new journal holds {slots} key slots, not 2 (passphrase and recovery key)"
        );
        let bytes = fs::read(&journal)?;
        ensure!(
            system::find_all(&bytes, PASSPHRASE.as_bytes()).is_empty(),
            "the passphrase is in the journal file"
        );
        Ok(())
    })();
    // Closing the window ends the app on its own (it locks and cleans up first).
    let log = app.log().to_path_buf();
    let closed = app.close();
    result
        .and(closed)
        .with_context(|| format!("app log: {}", log.display()))?;

    // ----- the home folder holds the member's data folder and nothing else -----
    let left: BTreeSet<PathBuf> = files_under(&home)
        .into_iter()
        .filter(|p| !p.starts_with(Path::new(".local/share").join(APP_ID)))
        .collect();
    ensure!(
        left.is_empty(),
        "the app left files in the home folder outside its data folder: {left:?}"
    );
    let left_runtime = files_under(&runtime);
    ensure!(
        left_runtime.is_empty(),
        "the app left files in XDG_RUNTIME_DIR: {left_runtime:?}"
    );

    // ----- remove: nothing of the package stays -----
    run(&mut as_root(
        &prefix,
        &["apt-get", "remove", "-y", "-qq", &package],
    ))?;
    ensure!(!installed(&package), "{package} is still installed");
    let remaining: Vec<&PathBuf> = files.iter().filter(|p| p.exists()).collect();
    ensure!(
        remaining.is_empty(),
        "files of the removed package are still there: {remaining:?}"
    );
    let status = Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", &package])
        .output()?;
    let status = String::from_utf8_lossy(&status.stdout);
    ensure!(
        !status.contains("config-files"),
        "the removed package left configuration files behind ({status})"
    );
    ensure!(
        home.join(".local/share")
            .join(APP_ID)
            .join("journal.sqlite")
            .is_file(),
        "removing the package removed the member's journal"
    );
    drop(guard);
    Ok(())
}
