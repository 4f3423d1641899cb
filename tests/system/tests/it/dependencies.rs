//! No crate made for talking to the network (or for spawning programs, or for reporting
//! crashes) is in the desktop app's resolved dependency graph. Tauri itself brings `http` (types
//! for its custom protocol) and tokio's socket support; nothing here may add a client, a TLS
//! stack, a resolver, a telemetry SDK or a Tauri plugin.

use std::collections::BTreeSet;
use std::process::Command;

const BANNED: &[&str] = &[
    "reqwest",
    "hyper",
    "hyper-util",
    "h2",
    "h3",
    "quinn",
    "rustls",
    "native-tls",
    "openssl",
    "ureq",
    "isahc",
    "curl",
    "surf",
    "attohttpc",
    "tungstenite",
    "tokio-tungstenite",
    "hickory-resolver",
    "trust-dns-resolver",
    "sentry",
    "opentelemetry",
    "async-process",
];

/// The platform the app is built for here (the graph differs per platform: Tauri pulls an
/// HTTP client on mobile targets only).
fn host_triple() -> String {
    let out = Command::new("rustc").arg("-vV").output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap()
        .to_owned()
}

/// Every crate in the app's runtime graph on this platform, as `cargo tree` resolves it
/// (features and target-specific dependencies included; build and dev dependencies left out,
/// since they never ship).
fn app_graph() -> BTreeSet<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml");
    let host = host_triple();
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "--locked",
            "--manifest-path",
            root,
            "-p",
            "recovery-journal",
        ])
        .args([
            "-e", "normal", "--target", &host, "--prefix", "none", "-f", "{p}",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn no_network_client_in_the_app() {
    let graph = app_graph();
    assert!(graph.contains("tauri"), "the walk found the app's graph");
    assert!(graph.contains("journal-core"));
    let found: Vec<&String> = graph
        .iter()
        .filter(|n| BANNED.contains(&n.as_str()) || n.starts_with("tauri-plugin"))
        .collect();
    assert!(
        found.is_empty(),
        "network-capable crates in the app: {found:?}"
    );
}
