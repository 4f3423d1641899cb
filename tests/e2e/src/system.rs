//! System-level evidence for the privacy promises (`tests/promises.rs`, `tests/memory.rs`):
//! canary phrases and a scanner that looks for them in files, an isolated set of home/XDG/temp
//! directories for the app, a parser for `strace` output, a look at process trees through
//! `/proc`, and a scanner of a running process's readable memory (`/proc/<pid>/maps` + `mem`).
//!
//! Nothing here prints a canary: whatever the test prints may land in a file under `/tmp`,
//! which the scanner then reads.

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

// ----- process memory -----

/// One mapping of a process's address space, as a line of `/proc/<pid>/maps` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub start: u64,
    pub end: u64,
    /// `rw-p`, `r--s`, …
    pub perms: String,
    /// The mapped file, `[heap]`, `[stack]`, `/memfd:… (deleted)`, …; empty when anonymous.
    pub path: String,
}

impl Region {
    /// Size in bytes.
    pub fn len(&self) -> u64 {
        self.end - self.start
    }

    /// Whether the mapping is empty (never, for a real mapping).
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// What kind of memory this is, for reports: its path, or `anon rw-p` for an anonymous
    /// mapping.
    pub fn kind(&self) -> String {
        if self.path.is_empty() {
            format!("anon {}", self.perms)
        } else {
            format!("{} {}", self.path, self.perms)
        }
    }

    /// The mapping for reports: its kind, where it starts and how big it is.
    pub fn describe(&self) -> String {
        let size = if self.len() >= 1 << 20 {
            format!("{} MiB", self.len() >> 20)
        } else {
            format!("{} KiB", self.len() >> 10)
        };
        format!("{} at {:#x} ({size})", self.kind(), self.start)
    }

    /// Whether [`scan_memory`] reads it: readable, and not a kernel page ([vvar], [vsyscall])
    /// or a device mapping (`/dev/…` other than `/dev/shm/…`), whose reads fail or have side
    /// effects and which never hold what a program wrote.
    pub fn scanned(&self) -> bool {
        let device = self.path.starts_with("/dev/") && !self.path.starts_with("/dev/shm/");
        let kernel = matches!(
            self.path.as_str(),
            "[vvar]" | "[vvar_vclock]" | "[vsyscall]"
        );
        self.perms.starts_with('r') && !kernel && !device
    }
}

/// Parse one line of `/proc/<pid>/maps`: `start-end perms offset dev inode [path]`.
pub fn parse_maps_line(line: &str) -> Option<Region> {
    let mut fields = line.splitn(6, ' ');
    let range = fields.next()?;
    let perms = fields.next()?.to_string();
    let (_offset, _dev, _inode) = (fields.next()?, fields.next()?, fields.next()?);
    let path = fields.next().unwrap_or("").trim_start().to_string();
    let (start, end) = range.split_once('-')?;
    Some(Region {
        start: u64::from_str_radix(start, 16).ok()?,
        end: u64::from_str_radix(end, 16).ok()?,
        perms,
        path,
    })
}

/// The mappings of process `pid` (empty for a zombie, which has no memory left).
pub fn memory_regions(pid: u32) -> std::io::Result<Vec<Region>> {
    Ok(fs::read_to_string(format!("/proc/{pid}/maps"))?
        .lines()
        .filter_map(parse_maps_line)
        .collect())
}

/// A needle found in a process's memory.
#[derive(Debug, Clone)]
pub struct MemHit {
    /// The [`Needle::label`].
    pub needle: String,
    /// Its address in the process.
    pub address: u64,
    /// The mapping that holds it.
    pub region: Region,
    /// Up to [`CONTEXT`] bytes just before it, when they were read in the same chunk: a hint
    /// at what holds it (JSON, a form's data, …). Masked like the needles (each byte XOR the
    /// scan's mask), since they may hold (part of) another copy.
    pub before: Vec<u8>,
}

/// How many bytes before a hit [`scan_memory`] keeps in [`MemHit::before`].
pub const CONTEXT: usize = 32;

/// What [`scan_memory`] read in one process and found.
#[derive(Debug, Default)]
pub struct MemScan {
    pub pid: u32,
    /// Mappings with at least one page in memory that were read.
    pub regions: usize,
    /// Bytes read (pages in memory).
    pub bytes: u64,
    /// Bytes of scanned mappings not in memory (never touched, or dropped file pages): not
    /// read, since they hold nothing the process wrote (and reading them would fault them in).
    pub absent: u64,
    /// Mappings with pages in memory of which none could be read (not counted in `regions`).
    pub unreadable: usize,
    /// Mappings left out on purpose (not readable, kernel or device pages: [`Region::scanned`]).
    pub skipped: usize,
    /// Every occurrence of every needle.
    pub hits: Vec<MemHit>,
}

impl MemScan {
    /// How many hits of the needle labelled `label`.
    pub fn count(&self, label: &str) -> usize {
        self.hits.iter().filter(|h| h.needle == label).count()
    }

    /// Where the hits are: `(needle in mapping, hits)`, most first (for reports).
    pub fn places(&self) -> Vec<(String, usize)> {
        let mut m = std::collections::BTreeMap::<String, usize>::new();
        for h in &self.hits {
            *m.entry(format!("{} in {}", h.needle, h.region.describe()))
                .or_default() += 1;
        }
        let mut v: Vec<_> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        v
    }
}

/// XOR every byte of `buf` with `mask`, 16 bytes at a time (this crate builds unoptimised,
/// and a byte at a time would make the scan of a WebKit process take many seconds).
fn xor_in_place(buf: &mut [u8], mask: u8) {
    if mask == 0 {
        return;
    }
    let wide = u128::from_ne_bytes([mask; 16]);
    // SAFETY: every bit pattern is a valid u128, and align_to_mut keeps the parts in bounds.
    let (head, mid, tail) = unsafe { buf.align_to_mut::<u128>() };
    for w in mid {
        *w ^= wide;
    }
    for b in head.iter_mut().chain(tail.iter_mut()) {
        *b ^= mask;
    }
}

/// The parts of `region` that are in memory (present, or swapped out), as address ranges,
/// from the process's `/proc/<pid>/pagemap` (bit 63: present, bit 62: swapped).
fn resident_runs(pagemap: &File, region: &Region, page: u64) -> std::io::Result<Vec<(u64, u64)>> {
    use std::os::unix::fs::FileExt;

    const BATCH: usize = 1 << 16; // pages per pagemap read (512 KiB of entries)
    let mut runs: Vec<(u64, u64)> = Vec::new();
    let mut entries = vec![0u64; BATCH];
    let mut first = region.start / page;
    let last = region.end.div_ceil(page);
    while first < last {
        let n = BATCH.min((last - first) as usize);
        // SAFETY: the bytes of `entries[..n]`, which any bytes are valid values for.
        let bytes =
            unsafe { std::slice::from_raw_parts_mut(entries.as_mut_ptr().cast::<u8>(), n * 8) };
        let got = pagemap.read_at(bytes, first * 8)? / 8;
        if got == 0 {
            break;
        }
        for (i, &bits) in entries[..got].iter().enumerate() {
            if bits >> 62 == 0 {
                continue;
            }
            let at = (first + i as u64) * page;
            match runs.last_mut() {
                Some(last_run) if last_run.1 == at => last_run.1 = at + page,
                _ => runs.push((at, at + page)),
            }
        }
        first += got as u64;
    }
    Ok(runs)
}

/// Search the memory of process `pid` for `needles`: every readable mapping of
/// `/proc/<pid>/maps`, the pages of it that are in memory (per `/proc/<pid>/pagemap`: WebKit
/// reserves tens of GiB it never touches), read through `/proc/<pid>/mem`. That needs ptrace
/// read access (root, `CAP_SYS_PTRACE`, or the same user with Yama allowing it); anything else
/// is an error that says so. Long runs of pages are read in chunks, with an overlap so a
/// needle across two chunks is found once; a page that cannot be read ends its run.
///
/// `mask`: each byte read is XOR-ed with it before the search, so `needles` are given masked
/// (`needle byte ^ mask`) and the caller never needs to hold the plain text it looks for (a
/// canary it typed into the app, say). Use 0 to search for plain bytes. The memory read is
/// only ever held masked, except for the moment between a read and its masking.
pub fn scan_memory(pid: u32, needles: &[Needle], mask: u8) -> Result<MemScan> {
    use std::os::unix::fs::FileExt;

    const CHUNK: u64 = 8 << 20;
    let mut scan = MemScan {
        pid,
        ..MemScan::default()
    };
    let regions = match memory_regions(pid) {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(scan), // gone
        Err(e) => return Err(e).with_context(|| format!("reading /proc/{pid}/maps")),
    };
    let open = |what: &str| -> Result<Option<File>> {
        match File::open(format!("/proc/{pid}/{what}")) {
            Ok(f) => Ok(Some(f)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) if matches!(e.raw_os_error(), Some(libc::EACCES) | Some(libc::EPERM)) => {
                anyhow::bail!(
                    "reading the memory of process {pid} (/proc/{pid}/{what}) was refused \
                     ({e}): this needs ptrace read access to the app's processes; run as root \
                     (or with CAP_SYS_PTRACE), or as the app's user with \
                     kernel.yama.ptrace_scope allowing it"
                )
            }
            Err(e) => Err(e).with_context(|| format!("opening /proc/{pid}/{what}")),
        }
    };
    let (Some(mem), Some(pagemap)) = (open("mem")?, open("pagemap")?) else {
        return Ok(scan); // gone meanwhile
    };
    // SAFETY: sysconf has no preconditions.
    let page = match unsafe { libc::sysconf(libc::_SC_PAGESIZE) } {
        n if n > 0 => n as u64,
        _ => 4096,
    };
    let longest = needles.iter().map(|n| n.bytes.len()).max().unwrap_or(0);
    if longest == 0 {
        return Ok(scan);
    }
    let overlap = longest - 1;
    let mut buf = vec![0u8; overlap + CHUNK as usize];
    for region in regions {
        if !region.scanned() {
            scan.skipped += 1;
            continue;
        }
        let runs = match resident_runs(&pagemap, &region, page) {
            Ok(r) => r,
            Err(_) => {
                scan.unreadable += 1;
                continue;
            }
        };
        let resident: u64 = runs.iter().map(|(a, b)| b - a).sum();
        scan.absent += region.len().saturating_sub(resident);
        if runs.is_empty() {
            continue;
        }
        let mut read_any = false;
        for (run_start, run_end) in runs {
            // buf[..carried]: the (masked) end of the previous chunk of this run.
            let mut carried = 0usize;
            let mut addr = run_start;
            while addr < run_end {
                let want = CHUNK.min(run_end - addr) as usize;
                // An error (EIO: the page went away) ends this run like a short read does.
                let n = mem
                    .read_at(&mut buf[carried..carried + want], addr)
                    .unwrap_or(0);
                if n == 0 {
                    break;
                }
                read_any = true;
                scan.bytes += n as u64;
                xor_in_place(&mut buf[carried..carried + n], mask);
                let window = &buf[..carried + n];
                for needle in needles {
                    for at in find_all(window, &needle.bytes) {
                        // Wholly inside the carried bytes: found in the previous round.
                        if at + needle.bytes.len() <= carried {
                            continue;
                        }
                        scan.hits.push(MemHit {
                            needle: needle.label.clone(),
                            address: addr - carried as u64 + at as u64,
                            region: region.clone(),
                            before: window[at.saturating_sub(CONTEXT)..at].to_vec(),
                        });
                    }
                }
                let keep = overlap.min(carried + n);
                buf.copy_within(carried + n - keep..carried + n, 0);
                carried = keep;
                addr += n as u64;
            }
        }
        if read_any {
            scan.regions += 1;
        } else {
            scan.unreadable += 1;
        }
    }
    Ok(scan)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_maps_lines() {
        let r = parse_maps_line("7f3a1c000000-7f3a1c021000 rw-p 00000000 00:00 0 ").unwrap();
        assert_eq!(
            (r.start, r.end, r.perms.as_str()),
            (0x7f3a1c000000, 0x7f3a1c021000, "rw-p")
        );
        assert_eq!(r.path, "");
        assert!(r.scanned());
        let r =
            parse_maps_line("55d0c0a00000-55d0c0a21000 r--p 00001000 08:01 1234   /usr/lib/a b.so")
                .unwrap();
        assert_eq!(r.path, "/usr/lib/a b.so");
        assert!(
            !parse_maps_line("7ffd1000-7ffd3000 r--p 00000000 00:00 0  [vvar]")
                .unwrap()
                .scanned()
        );
        assert!(
            !parse_maps_line("7ffd1000-7ffd3000 ---p 00000000 00:00 0 ")
                .unwrap()
                .scanned()
        );
    }

    #[test]
    fn xor_masks_every_byte_at_any_alignment() {
        let data: Vec<u8> = (0..100u8).collect();
        for start in 0..17 {
            let mut buf = data.clone();
            xor_in_place(&mut buf[start..], 0x5A);
            let want: Vec<u8> = (0..100u8)
                .map(|b| if usize::from(b) < start { b } else { b ^ 0x5A })
                .collect();
            assert_eq!(buf, want, "from {start}");
        }
    }

    #[test]
    fn finds_a_masked_needle_in_own_memory() {
        const MASK: u8 = 0x5A;
        // The literal is also in the binary's read-only data (another hit); the test looks
        // for the heap copy.
        let masked: Vec<u8> = b"MemCanaryQWZXPLMKOJ".iter().map(|b| b ^ MASK).collect();
        let plain: Vec<u8> = masked.iter().map(|b| b ^ MASK).collect();
        let needle = [Needle {
            label: "utf-8".into(),
            bytes: masked.clone(),
        }];
        let scan = scan_memory(std::process::id(), &needle, MASK).unwrap();
        assert!(scan.bytes > 0 && scan.regions > 0, "{scan:?}");
        let address = plain.as_ptr() as u64;
        assert!(
            scan.hits.iter().any(|h| h.address == address),
            "the planted copy at {address:#x} was not found: {:?}",
            scan.places()
        );
        std::hint::black_box(&plain);
    }

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
