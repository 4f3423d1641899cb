//! `strace -f` logs: the socket calls with an address, the programs run, the pids seen.

use std::collections::BTreeSet;

// ----- strace -----

/// A socket call with an address, from an `strace -f` log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SockCall {
    pub pid: Option<u32>,
    /// connect, sendto, sendmsg, sendmmsg, bind.
    pub syscall: String,
    /// AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, …
    pub family: String,
    /// For AF_INET/AF_INET6: the address and port, as strace wrote them.
    pub ip: Option<String>,
    pub port: Option<u16>,
    /// The whole line (for reports).
    pub line: String,
}

impl SockCall {
    /// An Internet address (IPv4 or IPv6).
    pub fn is_inet(&self) -> bool {
        self.family == "AF_INET" || self.family == "AF_INET6"
    }
}

/// What a `strace -f` log shows.
#[derive(Debug, Default)]
pub struct StraceLog {
    /// Every address-carrying socket call.
    pub calls: Vec<SockCall>,
    /// Every pid that appears.
    pub pids: BTreeSet<u32>,
    /// Programs executed (successful `execve`), with the pid that ran them.
    pub execs: Vec<(Option<u32>, String)>,
}

impl StraceLog {
    /// Calls to Internet addresses.
    pub fn inet(&self) -> Vec<&SockCall> {
        self.calls.iter().filter(|c| c.is_inet()).collect()
    }

    /// How many calls of each family (for reports).
    pub fn families(&self) -> Vec<(String, usize)> {
        let mut m = std::collections::BTreeMap::<String, usize>::new();
        for c in &self.calls {
            *m.entry(format!("{} {}", c.syscall, c.family)).or_default() += 1;
        }
        m.into_iter().collect()
    }
}

/// Blank out the contents of quoted strings (data buffers), so bytes a program sent can never
/// look like an address. Strings that look like IP literals (`inet_addr("1.2.3.4")`,
/// `inet_pton(AF_INET6, "::1", …)`) are kept.
fn mask_quoted(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        let mut s = String::new();
        let mut closed = false;
        while let Some(d) = chars.next() {
            if d == '\\' {
                s.push(d);
                if let Some(e) = chars.next() {
                    s.push(e);
                }
                continue;
            }
            if d == '"' {
                closed = true;
                break;
            }
            s.push(d);
        }
        let ip_like = s.len() <= 45
            && !s.is_empty()
            && s.chars()
                .all(|ch| ch.is_ascii_hexdigit() || ch == '.' || ch == ':' || ch == '%');
        out.push('"');
        if ip_like {
            out.push_str(&s);
        }
        if closed {
            out.push('"');
        }
    }
    out
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// Parse one line of `strace -f` output (with or without the pid prefix).
pub fn parse_strace_line(line: &str) -> (Option<u32>, Option<SockCall>, Option<String>) {
    let trimmed = line.trim_start();
    // "[pid 123] " (strace to a terminal) or "123 " (strace -o with -f).
    let (pid, rest) = if let Some(r) = trimmed.strip_prefix("[pid") {
        let r = r.trim_start();
        let end = r.find(']').unwrap_or(0);
        (r[..end].trim().parse().ok(), r[end + 1..].trim_start())
    } else {
        let digits: String = trimmed.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() && trimmed[digits.len()..].starts_with(' ') {
            (digits.parse().ok(), trimmed[digits.len()..].trim_start())
        } else {
            (None, trimmed)
        }
    };
    // "<... connect resumed>": the address was on the "<unfinished ...>" line.
    if rest.starts_with("<...") || rest.starts_with("+++") || rest.starts_with("---") {
        return (pid, None, None);
    }
    let Some(paren) = rest.find('(') else {
        return (pid, None, None);
    };
    let syscall = &rest[..paren];
    if syscall == "execve" {
        // A failed execve (a PATH lookup that missed: ENOENT) ran nothing; an unfinished one
        // is decided by its "resumed" line (see `parse_strace`).
        if rest.contains(" = -1 ") || rest.trim_end().ends_with("<unfinished ...>") {
            return (pid, None, None);
        }
        let prog = between(rest, "execve(\"", "\"").map(str::to_string);
        return (pid, None, prog);
    }
    if !matches!(
        syscall,
        "connect" | "sendto" | "sendmsg" | "sendmmsg" | "bind"
    ) {
        return (pid, None, None);
    }
    let masked = mask_quoted(rest);
    // The first address in the call (sendmsg: msg_name; sendmmsg: the first message's).
    let Some(fam_at) = masked.find("sa_family=") else {
        return (pid, None, None);
    };
    let fam_str = &masked[fam_at + "sa_family=".len()..];
    let family: String = fam_str
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let (ip, port) = match family.as_str() {
        "AF_INET" => (
            between(fam_str, "inet_addr(\"", "\"").map(str::to_string),
            between(fam_str, "sin_port=htons(", ")").and_then(|p| p.parse().ok()),
        ),
        "AF_INET6" => (
            between(fam_str, "AF_INET6, \"", "\"").map(str::to_string),
            between(fam_str, "sin6_port=htons(", ")").and_then(|p| p.parse().ok()),
        ),
        _ => (None, None),
    };
    (
        pid,
        Some(SockCall {
            pid,
            syscall: syscall.to_string(),
            family,
            ip,
            port,
            line: line.to_string(),
        }),
        None,
    )
}

/// Parse a whole `strace -f` log.
pub fn parse_strace(log: &str) -> StraceLog {
    let mut out = StraceLog::default();
    // execve calls interrupted by another process's line: pid -> program.
    let mut pending = std::collections::HashMap::<Option<u32>, String>::new();
    for line in log.lines() {
        let (pid, call, exec) = parse_strace_line(line);
        if line.contains(" execve(") && line.trim_end().ends_with("<unfinished ...>") {
            if let Some(prog) = between(line, "execve(\"", "\"") {
                pending.insert(pid, prog.to_string());
            }
        } else if line.contains("<... execve resumed>")
            && let Some(prog) = pending.remove(&pid)
            && !line.contains(" = -1 ")
        {
            out.execs.push((pid, prog));
        }
        if let Some(p) = pid {
            out.pids.insert(p);
        }
        if let Some(c) = call {
            out.calls.push(c);
        }
        if let Some(prog) = exec {
            out.execs.push((pid, prog));
        }
    }
    out
}
