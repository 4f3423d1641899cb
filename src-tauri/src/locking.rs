//! Everything that locks the journal without a click: idle time, screen lock and suspend.
//!
//! Contract: [`lock_now`] is the one way the shell locks; it drops the journal (keys zeroized),
//! tells the UI with a `journal-locked` event, and ends the page's web process, loading the app
//! into a fresh one, so nothing decrypted survives in the page either. The idle watchdog also expires a restore staged from the lock screen after the same
//! idle time, so a backup's secret is never held indefinitely. The D-Bus watchers are
//! optional: without a system or session bus (a minimal desktop, a test under Xvfb) they end
//! quietly and the app works the same.
//!
//! Suspend: while unlocked the app holds a logind delay inhibitor (`sleep_inhibitor.rs`), so
//! the system waits for `PrepareForSleep(true)` to be handled. Locking releases it, after the
//! journal is dropped (`Shared::lock`): the system sleeps only once the keys are gone.

use std::time::Duration;

use futures_util::StreamExt;
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};

use crate::state::AppState;

/// The event the UI listens for.
pub const LOCKED_EVENT: &str = "journal-locked";

/// Why the journal locked, for the lock screen's words.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum LockReason {
    /// No activity for the auto-lock time.
    Idle,
    /// The screen was locked or the screensaver started.
    ScreenLocked,
    /// The computer is going to sleep.
    Suspend,
    /// A confirmed restore could not be finished; the journal (old or restored) is locked.
    RestoreFailed,
}

/// Payload of [`LOCKED_EVENT`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct LockedEvent {
    /// Why.
    pub reason: LockReason,
}

/// Lock the journal and tell the UI, if it was unlocked. Releases the sleep inhibitor, and
/// starts the page afresh in a new web process ([`crate::window::fresh_page`]).
pub fn lock_now(app: &AppHandle, reason: LockReason) {
    let state = app.state::<AppState>();
    if state.0.lock() {
        tell_locked(app, reason);
    }
}

/// The journal was locked without the page asking (`reason`): tell the page with the
/// `journal-locked` event, then start it afresh ([`crate::window::fresh_page`]).
pub fn tell_locked(app: &AppHandle, reason: LockReason) {
    let _ = app.emit(LOCKED_EVENT, LockedEvent { reason });
    crate::window::fresh_page(app, Some(reason.as_str()));
}

impl LockReason {
    /// The reason as the fresh page reads it from its address (`?locked=<this>`): the same
    /// camelCase name the `journal-locked` event carries.
    pub fn as_str(self) -> &'static str {
        match self {
            LockReason::Idle => "idle",
            LockReason::ScreenLocked => "screenLocked",
            LockReason::Suspend => "suspend",
            LockReason::RestoreFailed => "restoreFailed",
        }
    }
}

/// Start the idle watchdog and the D-Bus watchers.
pub fn start(app: &AppHandle) {
    let idle_app = app.clone();
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(IDLE_CHECK);
            let state = idle_app.state::<AppState>();
            if state.0.idle_too_long() {
                if state.0.is_unlocked() {
                    // Locking also drops a staged restore.
                    lock_now(&idle_app, LockReason::Idle);
                } else {
                    // A restore staged from the lock screen holds the backup's secret: it
                    // expires after the same idle time. Confirming it later asks for the file
                    // again.
                    state.0.expire_staged_restore_if_idle();
                }
            }
        }
    });
    for watch in &WATCHES {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            // An absent bus or a missing service just ends this watcher.
            let conn = if watch.system_bus {
                zbus::Connection::system().await
            } else {
                zbus::Connection::session().await
            };
            let Ok(conn) = conn else { return };
            let Ok(signals) = subscribe(&conn, watch).await else {
                return;
            };
            fire_on(signals, watch, |reason| lock_now(&app, reason)).await;
        });
    }
}

/// How often the idle watchdog looks: the journal locks at most this late.
const IDLE_CHECK: Duration = Duration::from_secs(5);

/// One D-Bus signal that means "lock now" when its boolean argument (if any) is true.
struct Watch {
    system_bus: bool,
    interface: &'static str,
    member: &'static str,
    has_bool_arg: bool,
    reason: LockReason,
}

static WATCHES: [Watch; 5] = [
    // logind: about to suspend or hibernate (true = going down).
    Watch {
        system_bus: true,
        interface: "org.freedesktop.login1.Manager",
        member: "PrepareForSleep",
        has_bool_arg: true,
        reason: LockReason::Suspend,
    },
    // logind: the session was asked to lock (loginctl lock-session, lid close policies).
    Watch {
        system_bus: true,
        interface: "org.freedesktop.login1.Session",
        member: "Lock",
        has_bool_arg: false,
        reason: LockReason::ScreenLocked,
    },
    // Screensavers (freedesktop, GNOME, MATE, Cinnamon): true = screen locked or blanked.
    Watch {
        system_bus: false,
        interface: "org.freedesktop.ScreenSaver",
        member: "ActiveChanged",
        has_bool_arg: true,
        reason: LockReason::ScreenLocked,
    },
    Watch {
        system_bus: false,
        interface: "org.gnome.ScreenSaver",
        member: "ActiveChanged",
        has_bool_arg: true,
        reason: LockReason::ScreenLocked,
    },
    Watch {
        system_bus: false,
        interface: "org.cinnamon.ScreenSaver",
        member: "ActiveChanged",
        has_bool_arg: true,
        reason: LockReason::ScreenLocked,
    },
];

/// The signals of `watch` on `conn`, from now on (the match rule is in place on return).
async fn subscribe(conn: &zbus::Connection, watch: &Watch) -> zbus::Result<zbus::MessageStream> {
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(watch.interface)?
        .member(watch.member)?
        .build();
    zbus::MessageStream::for_match_rule(rule, conn, Some(16)).await
}

/// Call `lock` for every signal that means "lock now", until the bus goes away.
async fn fire_on(mut signals: zbus::MessageStream, watch: &Watch, lock: impl Fn(LockReason)) {
    while let Some(msg) = signals.next().await {
        let Ok(msg) = msg else { continue };
        let fire = !watch.has_bool_arg || msg.body().deserialize::<bool>().unwrap_or(false);
        if fire {
            lock(watch.reason);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::time::Duration;

    use journal_core::{Journal, KdfParams, SecretString};
    use tauri::async_runtime::block_on;

    use super::*;
    use crate::sleep_inhibitor::SleepInhibitor;
    use crate::sleep_inhibitor::mock_logind::MockLogind;

    /// What the sleep watcher's lock did, seen from the test.
    enum Step {
        AboutToLock(LockReason),
        Locked {
            was_unlocked: bool,
            unlocked_now: bool,
        },
    }

    /// The order that keeps a hibernation image free of the journal: Inhibit (taken at
    /// unlock) → PrepareForSleep(true) → journal locked → descriptor closed (released). Fails if
    /// the inhibitor is never taken, is released before the lock, or is never released.
    #[test]
    fn inhibitor_is_taken_while_unlocked_and_released_after_the_lock_on_sleep() {
        let logind = MockLogind::start();
        let dir = tempfile::tempdir().unwrap();
        let state = AppState::with_sleep_inhibitor(
            dir.path().to_path_buf(),
            SleepInhibitor::on_bus(logind.address()),
        );
        let pass = SecretString::from("a passphrase for sleeping".to_owned());
        let journal = Journal::create(dir.path(), &pass, KdfParams::insecure_for_tests())
            .unwrap()
            .journal;

        // Unlock: the inhibitor is taken.
        state.0.set_unlocked(journal).unwrap();
        logind.wait_until("the unlock takes the inhibitor", |l| {
            l.inhibitors().len() == 1
        });

        // The real sleep watcher, on the mock's bus, with the test's stand-in for `lock_now`
        // (which needs a whole app): it stops before locking so the test can look at logind.
        let watch = WATCHES
            .iter()
            .find(|w| w.member == "PrepareForSleep")
            .unwrap();
        let signals = block_on(subscribe(&logind.connection(), watch)).unwrap();
        let (steps, seen) = mpsc::channel();
        let (go_on, wait_for_test) = mpsc::channel::<()>();
        let locker = state.clone();
        // On a thread of its own: the lock blocks while the test looks, and must not hold up
        // the runtime's workers that carry the bus traffic.
        std::thread::spawn(move || {
            block_on(fire_on(signals, watch, move |reason| {
                let _ = steps.send(Step::AboutToLock(reason));
                let _ = wait_for_test.recv();
                let was_unlocked = locker.0.lock();
                let _ = steps.send(Step::Locked {
                    was_unlocked,
                    unlocked_now: locker.0.is_unlocked(),
                });
            }));
        });

        logind.emit_prepare_for_sleep(true);
        let patience = Duration::from_secs(10);
        match seen.recv_timeout(patience) {
            Ok(Step::AboutToLock(LockReason::Suspend)) => {}
            Ok(_) => panic!("PrepareForSleep(true) did not ask for a lock for suspend"),
            Err(_) => panic!("PrepareForSleep(true) did not lock the journal"),
        }
        assert_eq!(
            logind.inhibitors().len(),
            1,
            "the inhibitor was released before the lock ran: the system could sleep unlocked"
        );
        go_on.send(()).unwrap();
        match seen.recv_timeout(patience) {
            Ok(Step::Locked {
                was_unlocked: true,
                unlocked_now: false,
            }) => {}
            Ok(_) => panic!("the journal was not locked by PrepareForSleep(true)"),
            Err(_) => panic!("the lock on PrepareForSleep(true) did not finish"),
        }
        // Released: logind sees the descriptor's hang-up and drops the inhibitor.
        logind.wait_until("the inhibitor is released after the lock", |l| {
            l.inhibitors().is_empty()
        });

        // Resume asks for nothing: no lock, and no inhibitor until the next unlock.
        logind.emit_prepare_for_sleep(false);
        assert!(seen.recv_timeout(Duration::from_millis(300)).is_err());
        assert_eq!(logind.inhibit_calls(), 1);
        assert!(logind.inhibitors().is_empty());
    }
}
