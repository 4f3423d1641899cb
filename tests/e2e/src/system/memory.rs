//! A running process's readable memory (`/proc/<pid>/maps`, `pagemap` and `mem`), scanned for
//! masked canaries.

use std::fs::{self, File};

use anyhow::{Context, Result};

use super::{Needle, find_all};

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
}
