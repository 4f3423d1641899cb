//! No crate made for talking to the network (or for spawning programs, or for reporting
//! crashes) is in the desktop app's resolved dependency graph. Tauri itself brings `http` (types
//! for its custom protocol) and tokio's socket support; nothing here may add a client, a TLS
//! stack, a resolver, a telemetry SDK or a Tauri plugin.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeSet, HashMap};
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

fn app_graph() -> BTreeSet<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Cargo.toml");
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--manifest-path",
            root,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let nodes: HashMap<&str, &serde_json::Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let app = names
        .iter()
        .find(|(_, n)| **n == "recovery-journal")
        .map(|(id, _)| *id)
        .unwrap();
    // Walk normal (runtime) dependencies only: build scripts and dev-dependencies never ship.
    let mut seen = BTreeSet::new();
    let mut stack = vec![app];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let runtime = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null());
            if runtime {
                stack.push(dep["pkg"].as_str().unwrap());
            }
        }
    }
    seen.into_iter().map(|id| names[id].to_owned()).collect()
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
