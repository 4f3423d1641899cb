//! The main window: incognito, with a throwaway webview data directory, and no navigation away
//! from the app.
//!
//! Contract: WebKit is given a fresh private directory for whatever it insists on creating, in
//! incognito mode (an ephemeral data manager: no cookies, local storage, IndexedDB or cache on
//! disk). The directory is removed when the app exits. Every navigation to anything but the
//! app's own origin is refused.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, Url, WebviewUrl, WebviewWindowBuilder};

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

/// Make a private (0700) directory for the webview's data, under the runtime directory when
/// there is one (a tmpfs on most systems, so nothing reaches the disk).
pub fn throwaway_data_dir() -> std::io::Result<PathBuf> {
    use std::os::unix::fs::DirBuilderExt;
    let base = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    for attempt in 0..16u32 {
        let name = format!(
            "recovery-journal-webview-{}-{}-{attempt}",
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
    let automated = std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true");
    !(cfg!(debug_assertions) && automated)
}

/// Build the main window.
pub fn create_main(app: &AppHandle, data_dir: &Path) -> tauri::Result<()> {
    WebviewWindowBuilder::new(app, MAIN_LABEL, WebviewUrl::App("index.html".into()))
        .title("Recovery Journal")
        .inner_size(1024.0, 720.0)
        .min_inner_size(800.0, 600.0)
        .incognito(incognito())
        .data_directory(data_dir.to_path_buf())
        .on_navigation(is_app_url)
        .build()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
