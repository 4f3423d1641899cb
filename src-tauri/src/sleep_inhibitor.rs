//! A logind *delay* sleep inhibitor, held while the journal is unlocked.
//!
//! Contract: [`SleepInhibitor::take`] asks logind (`org.freedesktop.login1.Manager.Inhibit`,
//! what = "sleep", mode = "delay") for the inhibitor and returns at once; the file descriptor
//! logind answers with arrives in the background and is kept. [`SleepInhibitor::release`]
//! closes it, which is what releases the inhibitor. Both are idempotent and never fail: without
//! a system bus or without logind nothing is held, nothing is said, and the app works the same.
//! The only callers are `Shared::set_unlocked` (take) and `Shared::lock` (release, after the
//! journal and its keys are dropped), so "held" follows "unlocked" and every way of locking
//! (idle, screen lock, the Lock button, exit, suspend) releases it. A restore's
//! `Shared::take_journal` keeps it, since the restore still holds the keys; if the restore
//! fails, the next lock or `PrepareForSleep` releases it.
//!
//! Why: `PrepareForSleep(true)` is only a notice. Without a delay inhibitor the system may
//! suspend or hibernate before the watcher in `locking.rs` has locked, and a hibernation image
//! would then hold the unlocked journal. With it, logind waits (at most its
//! `InhibitDelayMaxSec`, 5 s by default) until the lock has run and the descriptor is closed.
//!
//! The words logind shows (`systemd-inhibit --list`, desktop power dialogs) are deliberately
//! plain: the app must not announce what it is on a shared computer.

use std::os::fd::OwnedFd;
use std::sync::{Arc, Mutex, PoisonError};

/// Who holds the inhibitor, as logind lists it.
const WHO: &str = "Journal";
/// Why, as logind lists it.
const WHY: &str = "Locking before sleep";

/// The delay sleep inhibitor of one app. Holds at most one descriptor.
pub struct SleepInhibitor {
    bus: Bus,
    slot: Arc<Mutex<Slot>>,
}

/// Where logind is reached.
#[derive(Clone)]
enum Bus {
    /// The system bus (`DBUS_SYSTEM_BUS_ADDRESS`, else the standard socket).
    System,
    /// A private bus at this address (tests run a mock logind on one).
    #[cfg(test)]
    Address(String),
}

#[derive(Default)]
struct Slot {
    /// Whether the journal is unlocked, so an inhibitor should be held.
    wanted: bool,
    /// Counts takes, so that the answer to an older request (one released before logind
    /// answered) is closed instead of kept.
    request: u64,
    /// The descriptor logind gave: holding it open holds the inhibitor.
    fd: Option<OwnedFd>,
}

impl SleepInhibitor {
    /// An inhibitor taken from logind on the system bus.
    pub fn on_system_bus() -> Self {
        Self::new(Bus::System)
    }

    /// An inhibitor taken from the logind on the bus at `address` (tests).
    #[cfg(test)]
    pub fn on_bus(address: &str) -> Self {
        Self::new(Bus::Address(address.to_owned()))
    }

    fn new(bus: Bus) -> Self {
        Self {
            bus,
            slot: Arc::new(Mutex::new(Slot::default())),
        }
    }

    /// Ask for the inhibitor (the journal was unlocked). Returns at once: unlocking never
    /// waits on the bus. Nothing happens if it is already held or on its way.
    pub fn take(&self) {
        let request = {
            let mut slot = lock(&self.slot);
            if slot.wanted {
                return;
            }
            slot.wanted = true;
            slot.request += 1;
            slot.request
        };
        let bus = self.bus.clone();
        let slot = Arc::clone(&self.slot);
        tauri::async_runtime::spawn(async move {
            // No bus, no logind, or a refusal: no inhibitor, and nothing to say about it.
            let Ok(fd) = inhibit(&bus).await else { return };
            let mut slot = lock(&slot);
            if slot.wanted && slot.request == request {
                slot.fd = Some(fd);
            }
            // Otherwise the journal was locked while logind was answering: `fd` is dropped
            // here, which closes it and releases the inhibitor at once.
        });
    }

    /// Release the inhibitor (the journal is locked): the system may sleep now.
    pub fn release(&self) {
        let fd = {
            let mut slot = lock(&self.slot);
            slot.wanted = false;
            slot.fd.take()
        };
        // Closing the descriptor is the release; logind notices it at once.
        drop(fd);
    }
}

/// The slot even if a thread panicked while holding it: a descriptor must still be closable.
fn lock(slot: &Mutex<Slot>) -> std::sync::MutexGuard<'_, Slot> {
    slot.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One `Inhibit` call on a connection of its own. logind ties the inhibitor to the descriptor,
/// not to the connection, so the connection can go once the answer is in.
async fn inhibit(bus: &Bus) -> zbus::Result<OwnedFd> {
    let conn = match bus {
        Bus::System => zbus::Connection::system().await?,
        #[cfg(test)]
        Bus::Address(address) => {
            zbus::connection::Builder::address(address.as_str())?
                .build()
                .await?
        }
    };
    let reply = conn
        .call_method(
            Some("org.freedesktop.login1"),
            "/org/freedesktop/login1",
            Some("org.freedesktop.login1.Manager"),
            "Inhibit",
            &("sleep", WHO, WHY, "delay"),
        )
        .await?;
    // The copy kept is close-on-exec (zvariant duplicates the received descriptor with
    // F_DUPFD_CLOEXEC): a program the app starts (WebKit starts some) must not inherit it, or
    // it would keep the inhibitor after the release and every suspend would wait out logind's
    // whole delay. `a_program_started_while_unlocked_does_not_keep_the_inhibitor` guards this.
    let fd: zbus::zvariant::OwnedFd = reply.body().deserialize()?;
    Ok(fd.into())
}

/// A private bus with python-dbusmock's logind on it, for tests of the inhibitor and of the
/// sleep watcher. Missing `dbus-daemon` or `python3-dbusmock` fails the test that starts it,
/// with the package to install: a test that cannot run must not pass.
#[cfg(test)]
pub mod mock_logind {
    use std::io::{BufRead, BufReader};
    use std::path::Path;
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use tauri::async_runtime::block_on;
    use zbus::zvariant::{OwnedValue, Value};

    /// What `ListInhibitors` lists: what, who, why, mode, uid, pid.
    pub type Inhibitor = (String, String, String, String, u32, u32);

    const LOGIND: &str = "org.freedesktop.login1";
    const PATH: &str = "/org/freedesktop/login1";
    const MANAGER: &str = "org.freedesktop.login1.Manager";
    const MOCK: &str = "org.freedesktop.DBus.Mock";
    /// How long anything asked of the mock may take before the test fails.
    const PATIENCE: Duration = Duration::from_secs(10);

    /// A running `dbus-daemon` and dbusmock's logind template on it; both end on drop.
    pub struct MockLogind {
        address: String,
        conn: zbus::Connection,
        daemon: Child,
        mock: Child,
        dir: tempfile::TempDir,
    }

    impl MockLogind {
        /// Start a private bus and the mock, and wait until the mock answers.
        pub fn start() -> Self {
            let dir = tempfile::tempdir().unwrap();
            let (daemon, address) = start_bus(dir.path());
            let mock_log = std::fs::File::create(dir.path().join("dbusmock.log")).unwrap();
            // Debian's python3-dbusmock is installed for the system Python: a `python3` found
            // first on PATH (pyenv, a virtualenv) would not have it.
            let mock = Command::new("/usr/bin/python3")
                .args(["-m", "dbusmock", "--template", "logind"])
                .env("DBUS_SYSTEM_BUS_ADDRESS", &address)
                .stdin(Stdio::null())
                .stdout(mock_log.try_clone().unwrap())
                .stderr(mock_log)
                .spawn()
                .unwrap_or_else(|e| {
                    panic!(
                        "cannot run /usr/bin/python3 for the mock logind ({e}): install the \
                         Debian package python3-dbusmock (scripts/debian-packages.txt)"
                    )
                });
            let conn = block_on(async {
                zbus::connection::Builder::address(address.as_str())?
                    .build()
                    .await
            })
            .unwrap();
            let mut logind = Self {
                address,
                conn,
                daemon,
                mock,
                dir,
            };
            logind.wait_for_the_mock();
            logind
        }

        /// The bus address, for the code under test.
        pub fn address(&self) -> &str {
            &self.address
        }

        /// A connection to the private bus.
        pub fn connection(&self) -> zbus::Connection {
            self.conn.clone()
        }

        /// The inhibitors the mock holds now: one stays listed until every copy of its
        /// descriptor is closed (the template watches the pipe for the hang-up).
        pub fn inhibitors(&self) -> Vec<Inhibitor> {
            self.call(MANAGER, "ListInhibitors", &())
                .body()
                .deserialize()
                .unwrap()
        }

        /// How many times `Inhibit` was called (the mock's call log).
        pub fn inhibit_calls(&self) -> usize {
            let calls: Vec<(u64, Vec<OwnedValue>)> = self
                .call(MOCK, "GetMethodCalls", &("Inhibit",))
                .body()
                .deserialize()
                .unwrap();
            calls.len()
        }

        /// Emit logind's `PrepareForSleep(going_down)`.
        pub fn emit_prepare_for_sleep(&self, going_down: bool) {
            self.call(
                MOCK,
                "EmitSignal",
                &(
                    MANAGER,
                    "PrepareForSleep",
                    "b",
                    vec![Value::from(going_down)],
                ),
            );
        }

        /// Wait until `done` holds, failing the test with `what` after [`PATIENCE`].
        pub fn wait_until(&self, what: &str, done: impl Fn(&Self) -> bool) {
            let start = Instant::now();
            while !done(self) {
                assert!(start.elapsed() < PATIENCE, "timed out waiting until {what}");
                std::thread::sleep(Duration::from_millis(10));
            }
        }

        fn call<B>(&self, interface: &str, method: &str, body: &B) -> zbus::Message
        where
            B: serde::Serialize + zbus::zvariant::DynamicType,
        {
            block_on(
                self.conn
                    .call_method(Some(LOGIND), PATH, Some(interface), method, body),
            )
            .unwrap_or_else(|e| panic!("the mock logind's {method} failed: {e}"))
        }

        fn wait_for_the_mock(&mut self) {
            let start = Instant::now();
            loop {
                let owned: bool = block_on(self.conn.call_method(
                    Some("org.freedesktop.DBus"),
                    "/org/freedesktop/DBus",
                    Some("org.freedesktop.DBus"),
                    "NameHasOwner",
                    &(LOGIND,),
                ))
                .and_then(|reply| reply.body().deserialize())
                .unwrap();
                if owned {
                    return;
                }
                if let Ok(Some(status)) = self.mock.try_wait() {
                    let log = std::fs::read_to_string(self.dir.path().join("dbusmock.log"))
                        .unwrap_or_default();
                    panic!(
                        "the mock logind ended ({status}); is the Debian package \
                         python3-dbusmock installed (scripts/debian-packages.txt)?\n{log}"
                    );
                }
                assert!(start.elapsed() < PATIENCE, "the mock logind did not start");
                std::thread::sleep(Duration::from_millis(20));
            }
        }
    }

    impl Drop for MockLogind {
        fn drop(&mut self) {
            for child in [&mut self.mock, &mut self.daemon] {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }

    /// A `dbus-daemon` listening on a socket in `dir`, with a configuration of its own: no
    /// service activation (a missing name fails at once), no TCP, nothing outside `dir`.
    fn start_bus(dir: &Path) -> (Child, String) {
        let config = dir.join("bus.conf");
        std::fs::write(
            &config,
            format!(
                r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <listen>unix:path={}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
                dir.join("system_bus_socket").display()
            ),
        )
        .unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run dbus-daemon ({e}): install the Debian package python3-dbusmock, \
                     which brings it (scripts/debian-packages.txt)"
                )
            });
        // The address is printed once the daemon listens.
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        assert!(!address.is_empty(), "dbus-daemon printed no address");
        (daemon, address)
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use journal_core::{Journal, KdfParams, SecretString};

    use super::mock_logind::MockLogind;
    use super::*;
    use crate::state::AppState;

    fn pass() -> SecretString {
        SecretString::from("a passphrase for the inhibitor".to_owned())
    }

    fn journal(dir: &Path) -> Journal {
        Journal::create(dir, &pass(), KdfParams::insecure_for_tests())
            .unwrap()
            .journal
    }

    #[test]
    fn the_inhibitor_asks_logind_for_a_delay_on_sleep_in_plain_words() {
        let logind = MockLogind::start();
        let inhibitor = SleepInhibitor::on_bus(logind.address());
        inhibitor.take();
        logind.wait_until("the inhibitor is taken", |l| l.inhibitors().len() == 1);
        let (what, who, why, mode, _, _) = logind.inhibitors().remove(0);
        assert_eq!(
            (what.as_str(), who.as_str(), why.as_str(), mode.as_str()),
            ("sleep", "Journal", "Locking before sleep", "delay")
        );
        // Discreet on a shared computer: nothing says what the app is for.
        for word in [&who, &why] {
            assert!(!word.to_lowercase().contains("recovery"), "{word}");
        }
        inhibitor.release();
        logind.wait_until("the inhibitor is released", |l| l.inhibitors().is_empty());
    }

    #[test]
    fn a_program_started_while_unlocked_does_not_keep_the_inhibitor() {
        let logind = MockLogind::start();
        let inhibitor = SleepInhibitor::on_bus(logind.address());
        inhibitor.take();
        logind.wait_until("the inhibitor is taken", |l| l.inhibitors().len() == 1);
        let _child = Running(
            std::process::Command::new("sleep")
                .arg("30")
                .spawn()
                .unwrap(),
        );
        inhibitor.release();
        logind.wait_until(
            "the release, with a child running (did it inherit the fd?)",
            |l| l.inhibitors().is_empty(),
        );
    }

    /// A child process, ended when the test ends (passed or failed).
    struct Running(std::process::Child);

    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    #[test]
    fn the_lock_button_releases_the_inhibitor_and_the_next_unlock_takes_it_again() {
        let logind = MockLogind::start();
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::with_sleep_inhibitor(
            dir.path().to_path_buf(),
            SleepInhibitor::on_bus(logind.address()),
        );
        for round in 1..=2 {
            state
                .0
                .set_unlocked(journal_for(dir.path(), round))
                .unwrap();
            logind.wait_until("the unlock takes the inhibitor", |l| {
                l.inhibit_calls() == round && l.inhibitors().len() == 1
            });
            // What the Lock button (and the idle and screen-lock paths) call.
            assert!(state.0.lock());
            logind.wait_until("the lock releases it", |l| l.inhibitors().is_empty());
        }
    }

    /// The journal created in round 1, unlocked again in later rounds.
    fn journal_for(dir: &Path, round: usize) -> Journal {
        if round == 1 {
            journal(dir)
        } else {
            Journal::unlock(dir, &pass()).unwrap()
        }
    }

    #[test]
    fn a_lock_that_comes_before_logind_answers_still_releases_the_inhibitor() {
        let logind = MockLogind::start();
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::with_sleep_inhibitor(
            dir.path().to_path_buf(),
            SleepInhibitor::on_bus(logind.address()),
        );
        // Unlock and lock at once: the request is still on its way when the lock releases.
        state.0.set_unlocked(journal(dir.path())).unwrap();
        assert!(state.0.lock());
        // Once logind has answered (the mock lists the inhibitor from then until the
        // descriptor is closed), the late descriptor must be closed, not kept.
        logind.wait_until("logind is asked", |l| l.inhibit_calls() == 1);
        logind.wait_until("the late inhibitor is released", |l| {
            l.inhibitors().is_empty()
        });
    }

    #[test]
    fn without_a_system_bus_unlocking_and_locking_work_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let nowhere = format!("unix:path={}", dir.path().join("no-bus-here").display());
        let state = AppState::with_sleep_inhibitor(
            dir.path().to_path_buf(),
            SleepInhibitor::on_bus(&nowhere),
        );
        state.0.set_unlocked(journal(dir.path())).unwrap();
        assert!(state.0.is_unlocked());
        assert!(state.0.lock());
        assert!(!state.0.is_unlocked());
        // And again, with the failed request behind it.
        state.0.set_unlocked(journal_for(dir.path(), 2)).unwrap();
        assert!(state.0.lock());
    }
}
