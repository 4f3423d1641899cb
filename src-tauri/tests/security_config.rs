//! The security configuration is what we mean: a strict CSP, one minimal capability that
//! grants exactly the app's commands, every command ACL-declared, and no plugin at all.
//! Each assertion guards a line of `Tauri.toml`, `capabilities/main.toml`, `commands.list` or
//! `Cargo.toml` that a careless edit could loosen.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn toml(rel: &str) -> toml::Table {
    read(rel).parse::<toml::Table>().unwrap()
}

/// The command names from `commands.list` (a Rust array literal with comments).
fn commands() -> Vec<String> {
    read("commands.list")
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with('"'))
        .map(|l| l.trim_end_matches(',').trim_matches('"').to_owned())
        .collect()
}

#[test]
fn csp_is_strict() {
    let conf = toml("Tauri.toml");
    let security = conf["app"]["security"].as_table().unwrap();
    assert_eq!(security["freezePrototype"].as_bool(), Some(true));
    let csp = security["csp"].as_table().unwrap();
    let get = |k: &str| {
        csp.get(k)
            .and_then(|v| v.as_str())
            .unwrap_or_else(|| panic!("CSP lacks {k}"))
    };
    assert_eq!(get("default-src"), "'self'");
    assert_eq!(get("script-src"), "'self'");
    assert_eq!(get("style-src"), "'self'");
    assert_eq!(get("object-src"), "'none'");
    assert_eq!(get("frame-src"), "'none'");
    assert_eq!(get("base-uri"), "'none'");
    assert_eq!(get("form-action"), "'none'");
    assert_eq!(get("connect-src"), "ipc: http://ipc.localhost");
    for (directive, value) in csp {
        let v = value.as_str().unwrap();
        assert!(
            !v.contains("unsafe-inline") && !v.contains("unsafe-eval"),
            "{directive}: {v}"
        );
        assert!(
            !v.contains("https:") && !v.contains('*'),
            "{directive} allows remote: {v}"
        );
        for token in v.split_whitespace() {
            let remote = token.starts_with("http") && token != "http://ipc.localhost";
            assert!(!remote, "{directive} allows a remote origin: {token}");
        }
    }
    // No dev server URL: the app never loads over http.
    assert!(conf["build"].get("devUrl").is_none());
    assert_eq!(conf["app"]["withGlobalTauri"].as_bool(), Some(false));
    // Windows are created in code, incognito with a throwaway data directory.
    assert!(conf["app"]["windows"].as_array().unwrap().is_empty());
    let window_rs = read("src/window.rs");
    assert!(window_rs.contains(".incognito(incognito())"));
    // Incognito can only be lifted in debug builds under WebDriver, never in release.
    assert!(window_rs.contains("!(cfg!(debug_assertions) && automation_requested())"));
    assert!(window_rs.contains(".data_directory("));
    assert!(window_rs.contains(".on_navigation("));
}

#[test]
fn one_capability_grants_exactly_the_app_commands() {
    let caps: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
    assert_eq!(caps.len(), 1, "exactly one capability file: {caps:?}");
    let cap = toml("capabilities/main.toml");
    assert_eq!(cap["windows"].as_array().unwrap().len(), 1);
    assert_eq!(cap["windows"][0].as_str(), Some("main"));
    assert!(cap.get("remote").is_none(), "no remote URLs may reach IPC");
    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    let mut expected: BTreeSet<String> = commands()
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    expected.insert("core:event:allow-listen".into());
    expected.insert("core:event:allow-unlisten".into());
    assert_eq!(granted, expected);
}

#[test]
fn every_registered_command_is_declared_for_the_acl() {
    let main = read("src/main.rs");
    let start = main.find("generate_handler![").unwrap();
    let end = start + main[start..].find(']').unwrap();
    let registered: Vec<String> = main[start..end]
        .split("commands::")
        .skip(1)
        .map(|s| {
            let path = s
                .split(|c: char| c == ',' || c.is_whitespace())
                .next()
                .unwrap();
            // `keeping::back_up_now` is registered as `back_up_now`.
            path.rsplit("::").next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        registered,
        commands(),
        "generate_handler! and commands.list must list the same commands in the same order"
    );
    assert!(read("build.rs").contains("include!(\"commands.list\")"));
}

#[test]
fn no_plugins_and_no_network_crates_in_the_shell() {
    let cargo = toml("Cargo.toml");
    let deps = cargo["dependencies"].as_table().unwrap();
    for name in deps.keys() {
        assert!(
            !name.starts_with("tauri-plugin"),
            "no Tauri plugins: {name}"
        );
        for banned in [
            "reqwest",
            "hyper",
            "ureq",
            "isahc",
            "surf",
            "curl",
            "sentry",
            "tokio-tungstenite",
        ] {
            assert_ne!(name, banned, "{name} talks to the network");
        }
    }
    // Devtools stay out of release builds: the feature that would enable them is not on.
    let tauri = deps["tauri"].as_table().unwrap();
    let features: Vec<&str> = tauri["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert!(!features.contains(&"devtools"));
}
