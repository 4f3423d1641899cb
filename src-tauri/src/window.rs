//! The main window: incognito, with a throwaway webview data directory, and no navigation away
//! from the app.
//!
//! Contract: WebKit is given a fresh private directory for whatever it insists on creating, in
//! incognito mode (an ephemeral data manager: no cookies, local storage, IndexedDB or cache on
//! disk). The directory is removed when the app exits. Every navigation to anything but the
//! app's own origin is refused. Every lock ends the page's web process and starts the app in a
//! fresh one ([`fresh_page`]).

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Manager, Url, WebviewUrl, WebviewWindowBuilder};

/// The label the capability grants to.
pub const MAIN_LABEL: &str = "main";

/// Whether `url` is the app's own content. On Linux the bundled UI is served at
/// `tauri://localhost`; elsewhere at `http(s)://tauri.localhost`.
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

/// Prefix of every throwaway webview directory.
const DIR_PREFIX: &str = "recovery-journal-webview-";

/// Where throwaway webview directories go: the runtime directory when there is one (a tmpfs
/// on most systems, so nothing reaches the disk), else the temp directory.
fn throwaway_base() -> PathBuf {
    std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .unwrap_or_else(std::env::temp_dir)
}

/// Remove throwaway directories left by earlier runs that crashed or were killed (their
/// process no longer exists), so what WebKit wrote there does not linger.
pub fn sweep_stale_data_dirs() {
    sweep_stale_in(&throwaway_base(), |pid| {
        Path::new("/proc").join(pid.to_string()).exists()
    });
}

fn sweep_stale_in(base: &Path, alive: impl Fn(u32) -> bool) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(DIR_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        // Only real directories (never follow a symlink someone planted), only of dead runs.
        let is_dir = entry.file_type().map(|t| t.is_dir()).unwrap_or(false);
        if is_dir && !alive(pid) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Make a private (0700) directory for the webview's data under [`throwaway_base`].
pub fn throwaway_data_dir() -> std::io::Result<PathBuf> {
    use std::os::unix::fs::DirBuilderExt;
    let base = throwaway_base();
    for attempt in 0..16u32 {
        let name = format!(
            "{DIR_PREFIX}{}-{}-{attempt}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        );
        let dir = base.join(name);
        match std::fs::DirBuilder::new().mode(0o700).create(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "no free name for the webview directory",
    ))
}

/// Remove the throwaway directory and everything WebKit put in it.
pub fn remove_data_dir(dir: &Path) {
    let _ = std::fs::remove_dir_all(dir);
}

/// Whether the webview runs incognito. Always in release builds. WebKitGTK never lets
/// WebDriver automate an ephemeral (incognito) context, so a *debug* build started by
/// `tauri-driver` (which sets `TAURI_WEBVIEW_AUTOMATION=true`) uses a normal context in its
/// throwaway data directory instead; the end-to-end tests then check that directory too.
pub fn incognito() -> bool {
    !(cfg!(debug_assertions) && automation_requested())
}

/// Whether the app was started by tauri-driver for WebDriver automation.
pub fn automation_requested() -> bool {
    std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true")
}

/// Build the main window, titled `title` (the app's name, or its neutral name in discreet
/// mode: never a fixed string, see appearance.rs).
pub fn create_main(app: &AppHandle, data_dir: &Path, title: &str) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, MAIN_LABEL, WebviewUrl::App("index.html".into()))
        .title(title)
        .inner_size(1024.0, 720.0)
        .min_inner_size(800.0, 600.0)
        .incognito(incognito())
        .data_directory(data_dir.to_path_buf())
        .on_navigation(is_app_url)
        .build()?;
    Ok(())
}

/// After a lock: end WebKit's web process, and with it everything the page held while the
/// journal was open (its JavaScript heap, the DOM, IPC buffers), then load the app into a fresh
/// process, which asks the shell and shows the unlock screen. `reason` (why the shell locked)
/// travels in the address's query (`?locked=idle`), so the unlock screen can say it calmly. The app's own
/// address is kept, so the navigation filter lets it through. Runs on the main thread.
pub fn fresh_page(app: &AppHandle, reason: Option<&str>) {
    let app = app.clone();
    let reason = reason.map(str::to_owned);
    std::thread::spawn(move || fresh_page_now(&app, reason.as_deref()));
}

/// How long [`fresh_page`] waits before ending the page's process.
const FRESH_PAGE_DELAY: std::time::Duration = std::time::Duration::from_millis(100);

fn fresh_page_now(app: &AppHandle, reason: Option<&str>) {
    let handle = app.clone();
    // A query, not a fragment: an address that differs from the page's only in its fragment
    // would be a same-document navigation, which keeps the old page.
    let query = reason.map(|r| format!("?locked={r}")).unwrap_or_default();
    // A moment first, so the page's own answer to the lock (its lock screen, the reply to the
    // Lock button's command) is delivered before its process ends.
    std::thread::sleep(FRESH_PAGE_DELAY);
    let _ = app.run_on_main_thread(move || {
        let Some(window) = handle.get_webview_window(MAIN_LABEL) else {
            return;
        };
        let _ = window.with_webview(move |platform| {
            use webkit2gtk::WebViewExt;
            let view = platform.inner();
            let Some(uri) = view.uri() else {
                return;
            };
            let base = uri.split(['?', '#']).next().unwrap_or_default().to_owned();
            // WebKit's WebDriver loses its session when the page's process ends, so a debug
            // build driven by the end-to-end tests reloads the page in the same process
            // instead (a new JavaScript heap and DOM, not a new process). Release builds are
            // never automated, and always end the process.
            if !(cfg!(debug_assertions) && automation_requested()) {
                view.terminate_web_process();
            }
            view.load_uri(&format!("{base}{query}"));
        });
    });
}

/// Show the main window, un-minimised, in front with the keyboard focus (a second launch of
/// the app asked for it). Runs on the main thread, as GTK requires.
pub fn bring_to_front(app: &AppHandle) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || {
        if let Some(window) = handle.get_webview_window(MAIN_LABEL) {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_directories_of_dead_runs_are_swept() {
        let base = std::env::temp_dir().join(format!("sweep-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&base).unwrap();
        let dead = base.join(format!("{DIR_PREFIX}111-abc-0"));
        let live = base.join(format!("{DIR_PREFIX}222-def-0"));
        let other = base.join("something-else-111");
        for d in [&dead, &live, &other] {
            std::fs::create_dir_all(d).unwrap();
            std::fs::write(d.join("file"), b"x").unwrap();
        }
        sweep_stale_in(&base, |pid| pid == 222);
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(other.exists());
        std::fs::remove_dir_all(&base).unwrap();
    }

    #[test]
    fn only_the_app_origin_is_allowed() {
        let ok = |s: &str| is_app_url(&Url::parse(s).unwrap());
        assert!(ok("tauri://localhost/index.html"));
        assert!(ok("http://tauri.localhost/"));
        assert!(!ok("https://example.org/"));
        assert!(!ok("http://localhost:5173/"));
        assert!(!ok("file:///etc/passwd"));
        assert!(!ok("tauri://evil/"));
        assert!(!ok("data:text/html,hi"));
    }
}
