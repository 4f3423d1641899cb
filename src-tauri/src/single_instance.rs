//! One running app per journal folder.
//!
//! Contract: [`claim`] is called once at start-up, before the window exists.
//! - It returns [`Claim::First`] when this process now holds an exclusive OS lock (`flock`) on
//!   `<data dir>/app.lock`. The returned [`Instance`] keeps the lock for the process's life
//!   and, once [`Instance::listen`] is called, accepts "show yourself" requests on the Unix
//!   socket `<data dir>/app.sock` (inside the member's 0700 folder: only their own account
//!   can reach it, and it is not a network socket).
//! - It returns [`Claim::Second`] when another process holds the lock: it has asked that one to
//!   bring its window to the front, and this process should exit without opening a window.
//! - The kernel drops the lock when its process ends, however it ends, so a killed app never
//!   blocks the next start; a stale socket file is replaced by whoever holds the lock.
//!
//! Below this, the core refuses a second writer on the same journal (`JournalError::InUse`),
//! so two copies can never both write even if this guard were bypassed.

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The lock file in the data folder.
pub const LOCK_FILE: &str = "app.lock";
/// The socket the first instance listens on.
pub const SOCKET_FILE: &str = "app.sock";
/// The one request there is.
const SHOW: &[u8] = b"show\n";

/// The outcome of [`claim`].
pub enum Claim {
    /// This process is the one app on this folder.
    First(Instance),
    /// Another process is; it was asked to come to the front.
    Second,
}

/// The first instance's hold on its folder.
pub struct Instance {
    _lock: File,
    socket: PathBuf,
}

/// Claim `dir` (created 0700 if missing) for this process; see the module contract.
pub fn claim(dir: &Path) -> std::io::Result<Claim> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let lock = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .open(dir.join(LOCK_FILE))?;
    let socket = dir.join(SOCKET_FILE);
    match lock.try_lock() {
        Ok(()) => Ok(Claim::First(Instance {
            _lock: lock,
            socket,
        })),
        Err(TryLockError::WouldBlock) => {
            // Best effort: if the first instance cannot be reached, it still owns the folder.
            let _ = ask_to_show(&socket);
            Ok(Claim::Second)
        }
        Err(TryLockError::Error(e)) => Err(e),
    }
}

fn ask_to_show(socket: &Path) -> std::io::Result<()> {
    let mut stream = UnixStream::connect(socket)?;
    stream.set_write_timeout(Some(Duration::from_secs(2)))?;
    stream.write_all(SHOW)
}

impl Instance {
    /// Listen for later launches on this folder and call `on_show` for each one, on a thread
    /// of its own. If the socket cannot be made (a path too long for a Unix socket, say), later
    /// launches still exit; they just cannot bring this window forward.
    pub fn listen(&self, on_show: impl Fn() + Send + 'static) {
        // Only the lock holder gets here, so a socket file left by a killed run is stale.
        let _ = fs::remove_file(&self.socket);
        let Ok(listener) = UnixListener::bind(&self.socket) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || {
                for stream in listener.incoming().flatten() {
                    if read_request(stream) {
                        on_show();
                    }
                }
            });
    }
}

fn read_request(mut stream: UnixStream) -> bool {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut buf = [0u8; 8];
    let mut n = 0;
    while n < SHOW.len() {
        match stream.read(&mut buf[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    &buf[..n] == SHOW
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.socket);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn the_second_claim_asks_the_first_to_show_itself() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("new/data");
        let Claim::First(first) = claim(&folder).unwrap() else {
            panic!("the first claim on a new folder must win");
        };
        let (tx, rx) = mpsc::channel();
        first.listen(move || {
            let _ = tx.send(());
        });
        for _ in 0..2 {
            assert!(matches!(claim(&folder).unwrap(), Claim::Second));
            rx.recv_timeout(Duration::from_secs(5))
                .expect("the first instance was asked to show itself");
        }
        // Anything else on the socket is ignored.
        UnixStream::connect(folder.join(SOCKET_FILE))
            .unwrap()
            .write_all(b"hello")
            .unwrap();
        assert!(rx.recv_timeout(Duration::from_millis(500)).is_err());
        drop(first);
        // Once the first is gone, the folder can be claimed again.
        assert!(matches!(claim(&folder).unwrap(), Claim::First(_)));
    }

    #[test]
    fn a_stale_socket_file_does_not_stop_a_new_first_instance() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(SOCKET_FILE), b"left by a killed run").unwrap();
        let Claim::First(first) = claim(dir.path()).unwrap() else {
            panic!("a stale socket file must not block the claim");
        };
        let (tx, rx) = mpsc::channel();
        first.listen(move || {
            let _ = tx.send(());
        });
        assert!(matches!(claim(dir.path()).unwrap(), Claim::Second));
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
    }
}
