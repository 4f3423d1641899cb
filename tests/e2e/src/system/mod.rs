//! System-level evidence for the privacy promises (`tests/promises/`, `tests/memory/`):
//! canary phrases and a scanner that looks for them in files, an isolated set of home/XDG/temp
//! directories for the app, a parser for `strace` output, a look at process trees through
//! `/proc`, and a scanner of a running process's readable memory (`/proc/<pid>/maps` + `mem`).
//!
//! Nothing here prints a canary: whatever the test prints may land in a file under `/tmp`,
//! which the scanner then reads.
//!
//! Here: canaries, the file scanner, the fake system, processes and closing a window;
//! `memory.rs` (a running process's memory) and `strace.rs` (its log parser) are re-exported.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File};
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{Context, Result};
use tempfile::TempDir;

mod memory;
mod strace;

pub use memory::*;
pub use strace::*;

// ----- canaries -----

/// `n` random lower-case ASCII letters from the kernel's random source.
pub fn random_letters(n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut urandom = File::open("/dev/urandom").expect("/dev/urandom");
    let mut buf = [0u8; 64];
    while out.len() < n {
        urandom.read_exact(&mut buf).expect("reading /dev/urandom");
        // 26 * 9 = 234: reject the top values so every letter is equally likely.
        for b in buf {
            if b < 234 && out.len() < n {
                out.push((b'a' + b % 26) as char);
            }
        }
    }
    out
}

/// A fresh canary phrase: "Canary" and 12 random letters. Never print it.
pub fn new_canary() -> String {
    format!("Canary{}", random_letters(12))
}

/// What may be printed about a canary: its first characters only.
pub fn hint(canary: &str) -> String {
    format!("{}…", &canary[..canary.len().min(8)])
}

/// One byte pattern to look for, and how it was encoded.
#[derive(Debug, Clone)]
pub struct Needle {
    /// "utf-8", "utf-16le", "utf-8 lower-case", …
    pub label: String,
    pub bytes: Vec<u8>,
}

/// UTF-16LE bytes of `s`.
pub fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

/// The canary as the app or WebKit might store it: UTF-8 and UTF-16LE (JavaScript strings,
/// WebKit's storage), each as written, lower-case and upper-case (search indexes fold case).
pub fn needles(canary: &str) -> Vec<Needle> {
    let mut out = Vec::new();
    for (case, text) in [
        ("", canary.to_string()),
        (" lower-case", canary.to_lowercase()),
        (" upper-case", canary.to_uppercase()),
    ] {
        out.push(Needle {
            label: format!("utf-8{case}"),
            bytes: text.as_bytes().to_vec(),
        });
        out.push(Needle {
            label: format!("utf-16le{case}"),
            bytes: utf16le(&text),
        });
    }
    out
}

// ----- scanning -----

/// A needle found in a file.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: PathBuf,
    pub needle: String,
    pub offset: u64,
}

impl fmt::Display for Hit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at byte {} of {}",
            self.needle,
            self.offset,
            self.path.display()
        )
    }
}

/// Which files to read.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// Only files modified (or whose inode changed) at or after this time; `None`: every file.
    pub since: Option<SystemTime>,
    /// Larger files are listed in [`ScanReport::too_big`] and not read.
    pub max_file_bytes: u64,
    /// Stop walking after this many directory entries (huge foreign trees).
    pub max_entries: usize,
    /// Paths not to enter (already scanned elsewhere, or not ours to read).
    pub skip: Vec<PathBuf>,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            since: None,
            max_file_bytes: 1 << 30,
            max_entries: 500_000,
            skip: Vec::new(),
        }
    }
}

/// What a scan looked at and found.
#[derive(Debug, Default)]
pub struct ScanReport {
    /// Regular files read.
    pub files: usize,
    /// Bytes read.
    pub bytes: u64,
    pub hits: Vec<Hit>,
    /// Files that could not be opened or read.
    pub unreadable: Vec<PathBuf>,
    /// Files over the size limit (not read).
    pub too_big: Vec<PathBuf>,
    /// The walk stopped at `max_entries`.
    pub truncated: bool,
    /// Paths read (for the report).
    pub read: Vec<PathBuf>,
}

impl ScanReport {
    /// Add another report's findings to this one.
    pub fn merge(&mut self, other: ScanReport) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.hits.extend(other.hits);
        self.unreadable.extend(other.unreadable);
        self.too_big.extend(other.too_big);
        self.truncated |= other.truncated;
        self.read.extend(other.read);
    }

    /// One line: how much was read and what was found.
    pub fn summary(&self) -> String {
        format!(
            "{} file(s), {} KiB read; {} hit(s); {} unreadable; {} over the size limit{}",
            self.files,
            self.bytes / 1024,
            self.hits.len(),
            self.unreadable.len(),
            self.too_big.len(),
            if self.truncated {
                "; walk truncated"
            } else {
                ""
            }
        )
    }
}

/// Every offset of `needle` in `hay`.
pub fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    if needle.is_empty() {
        return Vec::new();
    }
    memchr::memmem::find_iter(hay, needle).collect()
}

/// Search one regular file for every needle, reading it in chunks (with an overlap so a needle
/// across a chunk boundary is found).
pub fn scan_file(path: &Path, needles: &[Needle]) -> std::io::Result<(u64, Vec<Hit>)> {
    const CHUNK: usize = 8 << 20;
    let overlap = needles.iter().map(|n| n.bytes.len()).max().unwrap_or(1) - 1;
    let mut file = File::open(path)?;
    let mut hits = Vec::new();
    let mut buf: Vec<u8> = Vec::new();
    // Offset in the file of buf[0].
    let mut base: u64 = 0;
    let mut total: u64 = 0;
    let mut seen: BTreeSet<(usize, u64)> = BTreeSet::new();
    let mut chunk = Vec::new();
    loop {
        chunk.clear();
        let n = (&mut file).take(CHUNK as u64).read_to_end(&mut chunk)?;
        if n == 0 && total > 0 {
            break; // end of file (the kept tail was searched already)
        }
        buf.extend_from_slice(&chunk);
        total += n as u64;
        for (i, needle) in needles.iter().enumerate() {
            for at in find_all(&buf, &needle.bytes) {
                let offset = base + at as u64;
                if seen.insert((i, offset)) {
                    hits.push(Hit {
                        path: path.to_path_buf(),
                        needle: needle.label.clone(),
                        offset,
                    });
                }
            }
        }
        if n < CHUNK {
            break; // a short read from take(): end of file
        }
        // Keep the tail for the next round.
        let tail = buf.len().saturating_sub(overlap);
        base += tail as u64;
        buf.drain(..tail);
    }
    Ok((total, hits))
}

fn changed_since(meta: &fs::Metadata, since: SystemTime) -> bool {
    let secs = since
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    // Whole seconds, rounded down, so a file written in the test's first second counts.
    meta.mtime() >= secs || meta.ctime() >= secs
}

/// Walk `root` (not following symlinks, not leaving its file system) and search every regular
/// file that passes `opts`. A missing root is an empty report. Sockets, FIFOs and devices are
/// never opened.
pub fn scan_tree(root: &Path, needles: &[Needle], opts: &ScanOptions) -> ScanReport {
    let mut report = ScanReport::default();
    let Ok(root_meta) = fs::symlink_metadata(root) else {
        return report;
    };
    let dev = root_meta.dev();
    let mut stack = vec![root.to_path_buf()];
    let mut entries = 0usize;
    while let Some(path) = stack.pop() {
        if opts.skip.iter().any(|s| path.starts_with(s)) {
            continue;
        }
        let Ok(meta) = fs::symlink_metadata(&path) else {
            continue;
        };
        let ft = meta.file_type();
        if ft.is_dir() {
            if meta.dev() != dev {
                continue;
            }
            let Ok(rd) = fs::read_dir(&path) else {
                report.unreadable.push(path);
                continue;
            };
            for e in rd.flatten() {
                entries += 1;
                if entries > opts.max_entries {
                    report.truncated = true;
                    return report;
                }
                stack.push(e.path());
            }
        } else if ft.is_file() {
            if let Some(since) = opts.since
                && !changed_since(&meta, since)
            {
                continue;
            }
            if meta.len() > opts.max_file_bytes {
                report.too_big.push(path);
                continue;
            }
            match scan_file(&path, needles) {
                Ok((n, hits)) => {
                    report.files += 1;
                    report.bytes += n;
                    report.hits.extend(hits);
                    report.read.push(path);
                }
                Err(_) => report.unreadable.push(path),
            }
        }
    }
    report
}

/// Every regular file under `dir` (recursively), with its size; for reports.
pub fn list_files(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        let Ok(meta) = fs::symlink_metadata(&p) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(rd) = fs::read_dir(&p) {
                stack.extend(rd.flatten().map(|e| e.path()));
            }
        } else if meta.is_file() {
            out.push((p, meta.len()));
        }
    }
    out.sort();
    out
}

// ----- an isolated system for the app -----

/// Its own HOME, XDG directories, runtime directory (0700) and TMPDIR, all under one temporary
/// directory, so every place the app, WebKitGTK, GLib, fontconfig or Mesa could write is known.
pub struct FakeSystem {
    root: TempDir,
}

impl FakeSystem {
    pub fn new() -> Result<Self> {
        let root = tempfile::Builder::new()
            .prefix("recovery-journal-e2e-sys-")
            .tempdir()?;
        let fs_ = FakeSystem { root };
        for dir in [
            fs_.home(),
            fs_.data_home(),
            fs_.cache_home(),
            fs_.config_home(),
            fs_.state_home(),
            fs_.tmp(),
        ] {
            fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        fs::DirBuilder::new()
            .mode(0o700)
            .create(fs_.runtime())
            .context("creating the runtime directory")?;
        Ok(fs_)
    }

    pub fn root(&self) -> &Path {
        self.root.path()
    }
    pub fn home(&self) -> PathBuf {
        self.root().join("home")
    }
    pub fn data_home(&self) -> PathBuf {
        self.home().join(".local/share")
    }
    pub fn cache_home(&self) -> PathBuf {
        self.home().join(".cache")
    }
    pub fn config_home(&self) -> PathBuf {
        self.home().join(".config")
    }
    pub fn state_home(&self) -> PathBuf {
        self.home().join(".local/state")
    }
    pub fn runtime(&self) -> PathBuf {
        self.root().join("run")
    }
    pub fn tmp(&self) -> PathBuf {
        self.root().join("tmp")
    }

    /// The environment to give `tauri-driver` (WebKitWebDriver and the app inherit it).
    pub fn env(&self) -> Vec<(String, OsString)> {
        vec![
            ("HOME".into(), self.home().into()),
            ("XDG_DATA_HOME".into(), self.data_home().into()),
            ("XDG_CACHE_HOME".into(), self.cache_home().into()),
            ("XDG_CONFIG_HOME".into(), self.config_home().into()),
            ("XDG_STATE_HOME".into(), self.state_home().into()),
            ("XDG_RUNTIME_DIR".into(), self.runtime().into()),
            ("TMPDIR".into(), self.tmp().into()),
        ]
    }

    /// The app's `recovery-journal-webview-*` directories (in the runtime directory, or the
    /// temp directory when there is none).
    pub fn webview_dirs(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for base in [self.runtime(), self.tmp()] {
            if let Ok(rd) = fs::read_dir(&base) {
                for e in rd.flatten() {
                    if e.file_name()
                        .to_string_lossy()
                        .starts_with("recovery-journal-webview-")
                    {
                        out.push(e.path());
                    }
                }
            }
        }
        out.sort();
        out
    }
}

// ----- processes -----

/// One process, as `/proc` shows it.
#[derive(Debug, Clone)]
pub struct Proc {
    pub pid: u32,
    pub ppid: u32,
    /// The short name (`comm`).
    pub name: String,
    pub cmdline: Vec<String>,
}

fn read_proc(pid: u32) -> Option<Proc> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    let open = stat.find('(')?;
    let close = stat.rfind(')')?;
    let name = stat[open + 1..close].to_string();
    let rest: Vec<&str> = stat[close + 1..].split_whitespace().collect();
    let ppid = rest.get(1)?.parse().ok()?;
    let cmdline = fs::read(format!("/proc/{pid}/cmdline"))
        .map(|b| {
            b.split(|c| *c == 0)
                .filter(|a| !a.is_empty())
                .map(|a| String::from_utf8_lossy(a).into_owned())
                .collect()
        })
        .unwrap_or_default();
    Some(Proc {
        pid,
        ppid,
        name,
        cmdline,
    })
}

/// Print what a test run again inside a namespace (`unshare`) printed, between `--- {heading}
/// ---` and `--- end ---`. Indented, so the inner run's own "test result:" line is not counted
/// twice by scripts/test.
pub fn print_inner_run(heading: &str, out: &std::process::Output) {
    let indent = |b: &[u8]| {
        String::from_utf8_lossy(b)
            .lines()
            .map(|l| format!("    {l}\n"))
            .collect::<String>()
    };
    println!(
        "--- {heading} ---\n{}{}--- end ---",
        indent(&out.stdout),
        indent(&out.stderr)
    );
}

/// Every process now running.
pub fn processes() -> Vec<Proc> {
    let Ok(rd) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    rd.flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(read_proc)
        .collect()
}

/// `root` and all its descendants, parents first.
pub fn process_tree(root: u32) -> Vec<Proc> {
    let all = processes();
    let mut out: Vec<Proc> = all.iter().filter(|p| p.pid == root).cloned().collect();
    let mut i = 0;
    while i < out.len() {
        let parent = out[i].pid;
        out.extend(all.iter().filter(|p| p.ppid == parent).cloned());
        i += 1;
    }
    out
}

/// A process's environment (empty if it cannot be read).
pub fn environ(pid: u32) -> Vec<(String, String)> {
    fs::read(format!("/proc/{pid}/environ"))
        .map(|b| {
            b.split(|c| *c == 0)
                .filter_map(|kv| {
                    let kv = String::from_utf8_lossy(kv);
                    let (k, v) = kv.split_once('=')?;
                    Some((k.to_string(), v.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The names of the network interfaces in this process's network namespace
/// (`/proc/net/dev` is per namespace; `/sys/class/net` is not, unless sysfs is remounted).
pub fn net_interfaces() -> Vec<String> {
    fs::read_to_string("/proc/net/dev")
        .unwrap_or_default()
        .lines()
        .skip(2)
        .filter_map(|l| Some(l.split(':').next()?.trim().to_string()))
        .filter(|n| !n.is_empty())
        .collect()
}

// ----- closing a window as a member does -----

/// Ask every top-level window of process `pid` on X display `display` to close, as a window
/// manager's close button does: a `WM_PROTOCOLS`/`WM_DELETE_WINDOW` client message. The app
/// then runs its own exit path (lock, remove the webview directory). Returns how many windows
/// were asked.
///
/// Closing the window through WebDriver cannot do this: WebKitWebDriver ends the browser
/// process it started with SIGKILL when its last window closes.
pub fn request_close(display: &str, pid: u32) -> Result<usize> {
    use std::ffi::CString;
    use std::os::raw::{c_int, c_uchar, c_ulong};
    use x11_dl::xlib;

    let x = xlib::Xlib::open().map_err(|e| anyhow::anyhow!("loading libX11: {e}"))?;
    let name = CString::new(display)?;
    // SAFETY: plain Xlib calls on a display we open and close here; every pointer Xlib returns
    // is checked for null and freed with XFree.
    unsafe {
        let dpy = (x.XOpenDisplay)(name.as_ptr());
        if dpy.is_null() {
            anyhow::bail!("cannot open X display {display}");
        }
        let atom = |n: &str| {
            let c = CString::new(n).expect("atom name");
            (x.XInternAtom)(dpy, c.as_ptr(), xlib::False)
        };
        let net_wm_pid = atom("_NET_WM_PID");
        let wm_protocols = atom("WM_PROTOCOLS");
        let wm_delete = atom("WM_DELETE_WINDOW");
        let mut stack = vec![(x.XDefaultRootWindow)(dpy)];
        let mut targets = Vec::new();
        while let Some(w) = stack.pop() {
            let mut actual_type: c_ulong = 0;
            let mut actual_format: c_int = 0;
            let mut nitems: c_ulong = 0;
            let mut after: c_ulong = 0;
            let mut prop: *mut c_uchar = std::ptr::null_mut();
            let st = (x.XGetWindowProperty)(
                dpy,
                w,
                net_wm_pid,
                0,
                1,
                xlib::False,
                xlib::XA_CARDINAL,
                &mut actual_type,
                &mut actual_format,
                &mut nitems,
                &mut after,
                &mut prop,
            );
            if st == 0 && !prop.is_null() {
                if nitems == 1 && actual_format == 32 && *(prop as *const c_ulong) as u32 == pid {
                    targets.push(w);
                }
                (x.XFree)(prop.cast());
            }
            let mut root = 0;
            let mut parent = 0;
            let mut children: *mut c_ulong = std::ptr::null_mut();
            let mut n: u32 = 0;
            if (x.XQueryTree)(dpy, w, &mut root, &mut parent, &mut children, &mut n) != 0
                && !children.is_null()
            {
                stack.extend(std::slice::from_raw_parts(children, n as usize));
                (x.XFree)(children.cast());
            }
        }
        for &w in &targets {
            let mut data = xlib::ClientMessageData::new();
            data.set_long(0, wm_delete as i64);
            data.set_long(1, xlib::CurrentTime as i64);
            let ev = xlib::XClientMessageEvent {
                type_: xlib::ClientMessage,
                serial: 0,
                send_event: xlib::True,
                display: dpy,
                window: w,
                message_type: wm_protocols,
                format: 32,
                data,
            };
            let mut ev = xlib::XEvent::from(ev);
            (x.XSendEvent)(dpy, w, xlib::False, xlib::NoEventMask, &mut ev);
        }
        (x.XSync)(dpy, xlib::False);
        (x.XCloseDisplay)(dpy);
        Ok(targets.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_across_chunk_boundaries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        let canary = "CanaryABCDEFGHIJKL";
        let mut data = vec![b'x'; (8 << 20) - 5];
        data.extend_from_slice(canary.as_bytes());
        data.extend_from_slice(&[b'y'; 100]);
        fs::write(&path, &data).unwrap();
        let (n, hits) = scan_file(&path, &needles(canary)).unwrap();
        assert_eq!(n, data.len() as u64);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].offset, (8 << 20) - 5);
    }
}
