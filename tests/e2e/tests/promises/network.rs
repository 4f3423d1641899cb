//! Promise 2: no network: no Internet-family call under `strace -f`, and the same journey
//! in a network namespace with only loopback.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, Result, ensure};
use recovery_journal_e2e::Harness;
use recovery_journal_e2e::calendar::{days_from, today};
use recovery_journal_e2e::harness::{LaunchOptions, UI};
use recovery_journal_e2e::journeys::{PASSPHRASE, create_journal, unlock};
use recovery_journal_e2e::page::{NEW_ID, lock_via_ui, save};
use recovery_journal_e2e::screens::{go, iso};
use recovery_journal_e2e::system::{self, parse_strace};
use serde_json::json;

use crate::plaintext::describe_app_tree;
use crate::wait_js;

// ----- promise 2: no network -----

/// The strace parser flags Internet addresses and only them (sample lines as strace 6 writes
/// them), so the network test can fail.
#[test]
fn promise2_strace_parser_self_check() {
    let log = r#"4242 execve("/work/target/debug/recovery-journal", ["recovery-journal", "--data-dir", "/tmp/x"], 0x7ffd /* 30 vars */) = 0
4243 execve("/usr/local/bin/dbus-launch", ["dbus-launch", "--autolaunch"], 0x7ffc /* 70 vars */) = -1 ENOENT (No such file or directory)
4244 execve("/sbin/dbus-launch", ["dbus-launch"], 0x7ffc /* 70 vars */ <unfinished ...>
4242 connect(5, {sa_family=AF_UNIX, sun_path=@"/tmp/.X11-unix/X99"}, 21) = 0
4242 connect(6, {sa_family=AF_UNIX, sun_path="/run/user/0/bus"}, 110) = -1 ENOENT (No such file or directory)
4250 sendto(7, [{nlmsg_len=20, nlmsg_type=RTM_GETADDR, nlmsg_flags=NLM_F_REQUEST|NLM_F_DUMP, nlmsg_seq=1, nlmsg_pid=0}, {ifa_family=AF_UNSPEC}], 20, 0, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 20
4244 <... execve resumed>)              = -1 ENOENT (No such file or directory)
4251 execve("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/WebKitNetworkProcess", ["/usr/lib/x86_64-linux-gnu/webkit"..., "7", "13"], 0x55 /* 31 vars */ <unfinished ...>
4242 connect(7, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT (No such file or directory)
4251 <... execve resumed>)              = 0
4251 connect(9, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16 <unfinished ...>
4251 <... connect resumed>) = -1 ENETUNREACH (Network is unreachable)
[pid  4252] connect(10, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2001:4860:4860::8888", &sin6_addr), sin6_scope_id=0}, 28) = 0
4253 sendmsg(11, {msg_name={sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("10.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="\x12\x34", iov_len=2}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 2
4254 sendto(12, "sa_family=AF_INET, sin_port=htons(80)", 37, MSG_NOSIGNAL, NULL, 0) = 37
4255 sendmsg(13, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="GET / HTTP/1.1", iov_len=14}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, MSG_NOSIGNAL) = 14
4256 bind(14, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr("127.0.0.1")}, 16) = 0
4256 +++ exited with 0 +++
"#;
    let parsed = parse_strace(log);
    let inet = parsed.inet();
    // (syscall, family, address, port, pid)
    type Seen<'a> = (&'a str, &'a str, Option<&'a str>, Option<u16>, Option<u32>);
    let seen: Vec<Seen> = inet
        .iter()
        .map(|c| {
            (
                c.syscall.as_str(),
                c.family.as_str(),
                c.ip.as_deref(),
                c.port,
                c.pid,
            )
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (
                "connect",
                "AF_INET",
                Some("93.184.216.34"),
                Some(443),
                Some(4251)
            ),
            (
                "connect",
                "AF_INET6",
                Some("2001:4860:4860::8888"),
                Some(53),
                Some(4252)
            ),
            ("sendmsg", "AF_INET", Some("10.0.0.1"), Some(53), Some(4253)),
            ("bind", "AF_INET", Some("127.0.0.1"), Some(0), Some(4256)),
        ],
        "{inet:#?}"
    );
    // Unix sockets and netlink are parsed but are not Internet calls; data bytes that look like
    // an address (pid 4254) are not an address.
    let families: Vec<&str> = parsed.calls.iter().map(|c| c.family.as_str()).collect();
    assert_eq!(
        families,
        vec![
            "AF_UNIX",
            "AF_UNIX",
            "AF_NETLINK",
            "AF_UNIX",
            "AF_INET",
            "AF_INET6",
            "AF_INET",
            "AF_INET"
        ]
    );
    assert_eq!(parsed.execs.len(), 2);
    assert!(parsed.execs[1].1.ends_with("WebKitNetworkProcess"));
    assert_eq!(
        parsed.pids,
        [4242, 4243, 4244, 4250, 4251, 4252, 4253, 4254, 4255, 4256]
            .into_iter()
            .collect()
    );
    // And the network check itself fails on this log.
    assert!(!network_violations(&parsed, &[]).is_empty());
}

/// Internet calls that are not the WebDriver automation channel.
fn network_violations<'a>(
    log: &'a system::StraceLog,
    automation: &[(String, u16)],
) -> Vec<&'a system::SockCall> {
    log.inet()
        .into_iter()
        .filter(|c| {
            let loopback = matches!(c.ip.as_deref(), Some("127.0.0.1") | Some("::1"));
            let is_automation =
                loopback && automation.iter().any(|(_, port)| c.port == Some(*port));
            !is_automation
        })
        .collect()
}

/// The journey both network tests run: create, write, search, lock, unlock, then a clean quit.
async fn network_journey(h: &mut Harness) -> Result<()> {
    create_journal(h, PASSPHRASE, days_from(today(), -90)).await?;
    let today_s = iso(today());
    save(
        h,
        "journalEntry",
        json!({ "id": NEW_ID, "date": today_s, "text": "A quiet day, offline", "feelings": ["calm"], "craving": 2, "gratitude": ["tea"] }),
    )
    .await?;
    save(
        h,
        "contact",
        json!({ "id": NEW_ID, "name": "Robin Q", "phone": "555 0199", "email": "", "role": "sponsor",
                "cleanDate": null, "homeGroup": "", "serviceCommitment": "", "serviceTermStart": null,
                "serviceTermEnd": null, "sponseeStep": null, "lastContact": null, "notes": "" }),
    )
    .await?;
    go(h, "meetings", "meetings-screen").await?;
    h.click("log-meeting").await?;
    h.type_into("meeting-name", "Offline Thursday").await?;
    h.click("meeting-save").await?;
    h.wait_for("meeting-saved", UI).await?;
    go(h, "search", "search-screen").await?;
    h.type_into("search-input", "offline").await?;
    wait_js(
        h,
        "search results for 'offline'",
        r#"return document.querySelectorAll('[data-testid="search-result"]').length >= 2;"#,
        vec![],
        UI,
    )
    .await?;
    h.screenshot("search").await?;
    lock_via_ui(h).await?;
    unlock(h, PASSPHRASE).await?;
    h.screenshot("unlocked-again").await?;
    go(h, "contacts", "contacts-screen").await?;
    ensure!(
        h.page_contains("Robin Q").await?,
        "the contact is not shown after unlocking again"
    );
    Ok(())
}

/// A wrapper that runs the app under strace, following every child (WebKit's web and network
/// processes).
fn strace_wrapper(dir: &Path, app: &Path, log: &Path) -> Result<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let q = |p: &Path| format!("'{}'", p.display().to_string().replace('\'', r"'\''"));
    let path = dir.join("app-under-strace.sh");
    fs::write(
        &path,
        format!(
            "#!/bin/sh\n# Started by WebKitWebDriver in place of the app, with the app's arguments.\n\
             exec strace -f -qq -o {} -e trace=connect,sendto,sendmsg,sendmmsg,bind,execve,clone,clone3,vfork {} \"$@\"\n",
            q(log),
            q(app)
        ),
    )?;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755))?;
    Ok(path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn promise2_no_network_under_strace() {
    let dir = tempfile::Builder::new()
        .prefix("recovery-journal-e2e-strace-")
        .tempdir()
        .unwrap();
    let log = dir.path().join("strace.log");
    let app = recovery_journal_e2e::harness::app_binary().expect("the app binary");
    let wrapper = strace_wrapper(dir.path(), &app, &log).unwrap();
    let launch = LaunchOptions {
        wrapper: Some(wrapper),
        ..LaunchOptions::default()
    };
    let mut h = match Harness::start_with("promise2_no_network_under_strace", launch).await {
        Ok(h) => h,
        Err(e) => panic!("could not start the app under strace: {e:#}"),
    };
    let result = async {
        // The automation channel: WebKitWebDriver starts the app with
        // WEBKIT_INSPECTOR_SERVER=127.0.0.1:<port>; the app listens there and WebDriver talks
        // to it. The only Internet-family socket allowed, on loopback, and only because
        // WebDriver is driving the app. (strace and the app carry the same environment.)
        let mut automation: Vec<(String, u16)> = Vec::new();
        for pid in h.app_processes() {
            for (k, v) in system::environ(pid) {
                if k == "WEBKIT_INSPECTOR_SERVER"
                    && let Some(port) = v.rsplit(':').next().and_then(|p| p.parse().ok())
                {
                    let entry = (format!("{k}={v}"), port);
                    if !automation.contains(&entry) {
                        automation.push(entry);
                    }
                }
            }
        }
        h.step(&format!(
            "automation endpoint from the app's environment: {automation:?}"
        ));
        network_journey(&mut h).await?;
        h.step(&format!("app processes: {}", describe_app_tree(&h)));
        h.close_window().await?;
        // strace writes its log as it goes; it exits with the app.
        let text = fs::read_to_string(&log).context("reading the strace log")?;
        // Keep the evidence beside the test's log.
        let kept = h.log_path().with_extension("strace.log");
        fs::write(&kept, &text)?;
        let parsed = parse_strace(&text);
        let mut programs = std::collections::BTreeMap::<String, usize>::new();
        for (_, p) in &parsed.execs {
            *programs
                .entry(p.rsplit('/').next().unwrap_or(p).to_string())
                .or_default() += 1;
        }
        h.step(&format!(
            "strace: {} line(s), {} pid(s), programs run (times): {programs:?}; log kept in {}",
            text.lines().count(),
            parsed.pids.len(),
            kept.display()
        ));
        h.step(&format!("socket calls by family: {:?}", parsed.families()));
        for c in parsed.inet() {
            h.step(&format!("Internet-family call: {}", c.line));
        }
        // strace really followed the app and WebKit's children.
        ensure!(
            parsed.calls.iter().any(|c| c.family == "AF_UNIX"),
            "strace saw no Unix-socket connect at all (X11, D-Bus): did it trace the app?"
        );
        for child in ["WebKitWebProcess", "WebKitNetworkProcess"] {
            ensure!(
                parsed.execs.iter().any(|(_, p)| p.ends_with(child)),
                "strace did not follow {child} (programs run: {:?})",
                parsed.execs
            );
        }
        let bad = network_violations(&parsed, &automation);
        ensure!(
            bad.is_empty(),
            "the app or a WebKit process used an Internet address:\n  {}",
            bad.iter()
                .map(|c| c.line.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        );
        Ok(())
    }
    .await;
    h.finish(result).await;
}

/// How to enter a new network namespace here: `unshare -n` as root, `unshare -rn` otherwise.
fn unshare_prefix() -> Option<Vec<&'static str>> {
    for args in [vec!["-n"], vec!["-rn"]] {
        let ok = Command::new("unshare")
            .args(&args)
            .args(["sh", "-c", "ip link set lo up"])
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(args);
        }
    }
    None
}

/// The same journey, with this test re-run inside a network namespace that has only loopback
/// (for the WebDriver ports): the app cannot reach anything, and works the same.
///
/// One test in two roles: run normally, it re-runs itself (this binary, filtered to this test)
/// under `unshare` with `E2E_NETNS_INNER=1`, and that inner run does the journey. When no
/// namespace can be made here, the test fails, unless `RECOVERY_JOURNAL_ALLOW_SKIP` names
/// `netns`: then it prints a `SKIPPED` line that the run's summary counts.
#[test]
fn promise2_no_network_namespace() {
    if std::env::var("E2E_NETNS_INNER").as_deref() == Ok("1") {
        netns_inner();
        return;
    }
    let Some(prefix) = unshare_prefix() else {
        let why = "`unshare -n` / `unshare -rn` (with `ip link set lo up`) is not permitted here, \
                   so the journey cannot be run without a network";
        if recovery_journal_e2e::skip_allowed("netns") {
            println!("SKIPPED promise2_no_network_namespace: {why} (RECOVERY_JOURNAL_ALLOW_SKIP)");
            return;
        }
        panic!("{why}. Set RECOVERY_JOURNAL_ALLOW_SKIP=netns to allow skipping this test.");
    };
    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let out = Command::new("unshare")
        .args(&prefix)
        .args(["sh", "-c", "ip link set lo up && exec \"$0\" \"$@\""])
        .arg(&exe)
        .args([
            // Its full name in this binary (tests/promises/main.rs: one module per promise).
            "network::promise2_no_network_namespace",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("E2E_NETNS_INNER", "1")
        .output()
        .expect("running the test binary in a network namespace");
    system::print_inner_run(
        &format!(
            "inside `unshare {}` ({:.1}s)",
            prefix.join(" "),
            started.elapsed().as_secs_f64()
        ),
        &out,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the journey failed inside the network namespace"
    );
    assert!(
        stdout.contains("NETNS JOURNEY OK"),
        "the inner test did not run (no marker in its output)"
    );
}

/// The inner role of [`promise2_no_network_namespace`], inside the namespace.
fn netns_inner() {
    let ifaces = system::net_interfaces();
    assert_eq!(
        ifaces,
        vec!["lo".to_string()],
        "the namespace should have loopback only"
    );
    println!("network interfaces in this namespace: {ifaces:?}");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let mut h = match Harness::start("promise2_netns_inner").await {
            Ok(h) => h,
            Err(e) => panic!("could not start the app in the network namespace: {e:#}"),
        };
        let result = async {
            // The app really runs in this namespace (not in the machine's).
            let mine = fs::read_link("/proc/self/ns/net")?;
            for pid in h.app_processes() {
                let its = fs::read_link(format!("/proc/{pid}/ns/net"))?;
                ensure!(
                    its == mine,
                    "app pid {pid} is in network namespace {its:?}, not {mine:?}"
                );
            }
            network_journey(&mut h).await
        }
        .await;
        let ok = result.is_ok();
        h.finish(result).await;
        if ok {
            println!("NETNS JOURNEY OK");
        }
    });
}
