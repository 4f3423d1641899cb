//! Everything that locks the journal without a click: idle time, screen lock and suspend.
//!
//! Contract: [`lock_now`] is the one way the shell locks; it drops the journal (keys zeroized)
//! and tells the UI with a `journal-locked` event so it clears every decrypted value from the
//! page. The idle watchdog also expires a restore staged from the lock screen after the same
//! idle time, so a backup's secret is never held indefinitely. The D-Bus watchers are
//! optional: without a system or session bus (a minimal desktop, a test under Xvfb) they end
//! quietly and the app works the same.

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

/// Lock the journal and tell the UI, if it was unlocked.
pub fn lock_now(app: &AppHandle, reason: LockReason) {
    let state = app.state::<AppState>();
    if state.0.lock() {
        let _ = app.emit(LOCKED_EVENT, LockedEvent { reason });
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
            let _ = watch_signal(&app, watch).await;
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

async fn watch_signal(app: &AppHandle, watch: &Watch) -> zbus::Result<()> {
    let conn = if watch.system_bus {
        zbus::Connection::system().await?
    } else {
        zbus::Connection::session().await?
    };
    let rule = zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(watch.interface)?
        .member(watch.member)?
        .build();
    let mut stream = zbus::MessageStream::for_match_rule(rule, &conn, Some(16)).await?;
    while let Some(msg) = stream.next().await {
        let Ok(msg) = msg else { continue };
        let fire = !watch.has_bool_arg || msg.body().deserialize::<bool>().unwrap_or(false);
        if fire {
            lock_now(app, watch.reason);
        }
    }
    Ok(())
}
