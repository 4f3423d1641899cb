//! Declares every app command so Tauri's ACL checks each IPC call against the capability
//! (`capabilities/main.toml`). A command missing here cannot be called from the webview.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(&include!("commands.list"))),
    )
    .unwrap_or_else(|e| {
        // Build scripts report failure by panicking; there is no caller to return to.
        #[allow(clippy::panic)]
        {
            panic!("tauri-build failed: {e}")
        }
    });
}
