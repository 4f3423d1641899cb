//! The clipboard: what the app puts there, and taking it back.
//!
//! Contract:
//! - [`Clipboard::copy`] puts text (a phone number) on the desktop clipboard and remembers a
//!   SHA-256 digest of it, never the text itself.
//! - [`CLEAR_AFTER`] later, and on every lock, the clipboard is emptied **if it still holds
//!   exactly that text**. Anything the member copied since, in this app or another, is left
//!   alone. A later copy replaces the earlier one, whose timer then does nothing.
//! - The desktop side (GTK, which must run on the main thread) is behind [`Desktop`], so the
//!   rules above are tested here without a display; the end-to-end suite checks the real
//!   clipboard under X.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use sha2::{Digest, Sha256};

/// How long a copied number stays on the clipboard.
pub const CLEAR_AFTER: Duration = Duration::from_secs(30);

/// A SHA-256 digest of what the app put on the clipboard.
pub type Fingerprint = [u8; 32];

/// The desktop's clipboard, as this module needs it.
pub trait Desktop: Send + Sync {
    /// Put `text` on the clipboard.
    fn set(&self, text: &str);
    /// Empty the clipboard if what it holds now has fingerprint `ours`.
    fn clear_if(&self, ours: Fingerprint);
}

/// What the app last put on the clipboard, and the desktop to take it back from.
#[derive(Default)]
pub struct Clipboard {
    desktop: OnceLock<Arc<dyn Desktop>>,
    /// The last copy: its number and fingerprint.
    ours: Mutex<Option<(u64, Fingerprint)>>,
    copies: AtomicU64,
}

/// The fingerprint of `text`.
pub fn fingerprint(text: &str) -> Fingerprint {
    Sha256::digest(text.as_bytes()).into()
}

impl Clipboard {
    /// Connect the desktop's clipboard (once, at start-up).
    pub fn connect(&self, desktop: Arc<dyn Desktop>) {
        let _ = self.desktop.set(desktop);
    }

    /// Put `text` on the clipboard, and take it back after `clear_after` unless something
    /// else was copied meanwhile. Returns `false` when no desktop clipboard is connected.
    pub fn copy(self: &Arc<Self>, text: &str, clear_after: Duration) -> bool {
        let Some(desktop) = self.desktop.get() else {
            return false;
        };
        let copy = self.copies.fetch_add(1, Ordering::Relaxed) + 1;
        if let Ok(mut ours) = self.ours.lock() {
            *ours = Some((copy, fingerprint(text)));
        }
        desktop.set(text);
        let me = Arc::clone(self);
        std::thread::spawn(move || {
            std::thread::sleep(clear_after);
            me.take_back(Some(copy));
        });
        true
    }

    /// On lock: take back whatever the app put on the clipboard.
    pub fn on_lock(&self) {
        self.take_back(None);
    }

    /// Empty the clipboard if it still holds the app's copy (copy number `only`, or any).
    fn take_back(&self, only: Option<u64>) {
        let taken = match self.ours.lock() {
            Ok(mut ours) => match *ours {
                Some((copy, print)) if only.is_none_or(|o| o == copy) => {
                    *ours = None;
                    Some(print)
                }
                _ => None,
            },
            Err(_) => None,
        };
        if let (Some(print), Some(desktop)) = (taken, self.desktop.get()) {
            desktop.clear_if(print);
        }
    }
}

/// The real desktop clipboard: GTK's CLIPBOARD selection, on the main thread.
pub struct Gtk(pub tauri::AppHandle);

impl Desktop for Gtk {
    fn set(&self, text: &str) {
        let text = zeroize::Zeroizing::new(text.to_owned());
        let _ = self.0.run_on_main_thread(move || {
            gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD).set_text(&text);
        });
    }

    fn clear_if(&self, ours: Fingerprint) {
        let _ = self.0.run_on_main_thread(move || {
            let clipboard = gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD);
            // Asks whoever owns the clipboard now; when it is still us, GTK answers at once.
            clipboard.request_text(move |clipboard, text| {
                if text.is_some_and(|t| fingerprint(t) == ours) {
                    clipboard.set_text("");
                    clipboard.clear();
                }
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clipboard in memory, shared with "other apps".
    #[derive(Default)]
    struct Fake(Mutex<String>);

    impl Fake {
        fn holds(&self) -> String {
            self.0.lock().unwrap().clone()
        }
    }

    impl Desktop for Fake {
        fn set(&self, text: &str) {
            *self.0.lock().unwrap() = text.to_owned();
        }
        fn clear_if(&self, ours: Fingerprint) {
            let mut now = self.0.lock().unwrap();
            if fingerprint(&now) == ours {
                now.clear();
            }
        }
    }

    fn connected() -> (Arc<Clipboard>, Arc<Fake>) {
        let clipboard = Arc::new(Clipboard::default());
        let fake = Arc::new(Fake::default());
        clipboard.connect(fake.clone());
        (clipboard, fake)
    }

    const SOON: Duration = Duration::from_millis(50);
    const LATER: Duration = Duration::from_millis(300);

    #[test]
    fn a_copy_is_taken_back_after_the_delay() {
        let (clipboard, fake) = connected();
        assert!(clipboard.copy("555 0100", SOON));
        assert_eq!(fake.holds(), "555 0100");
        std::thread::sleep(LATER);
        assert_eq!(fake.holds(), "");
    }

    #[test]
    fn a_copy_is_taken_back_on_lock() {
        let (clipboard, fake) = connected();
        clipboard.copy("555 0100", Duration::from_secs(60));
        clipboard.on_lock();
        assert_eq!(fake.holds(), "");
    }

    #[test]
    fn what_the_member_copied_since_is_left_alone() {
        let (clipboard, fake) = connected();
        clipboard.copy("555 0100", SOON);
        fake.set("a shopping list");
        std::thread::sleep(LATER);
        assert_eq!(fake.holds(), "a shopping list");
        clipboard.on_lock();
        assert_eq!(fake.holds(), "a shopping list");
    }

    #[test]
    fn a_later_copy_gets_its_own_full_delay() {
        let (clipboard, fake) = connected();
        clipboard.copy("555 0100", SOON);
        clipboard.copy("555 0199", Duration::from_secs(60));
        // The first copy's timer runs out, but the clipboard holds the second one.
        std::thread::sleep(LATER);
        assert_eq!(fake.holds(), "555 0199");
        clipboard.on_lock();
        assert_eq!(fake.holds(), "");
    }

    #[test]
    fn without_a_desktop_nothing_is_copied() {
        let clipboard = Arc::new(Clipboard::default());
        assert!(!clipboard.copy("555 0100", SOON));
    }
}
