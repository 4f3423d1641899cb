//! The screen as a person sees it, for the app WebDriver cannot drive: the release build's
//! webview is incognito, and WebKitGTK never automates an incognito webview
//! (docs/decisions.md). Screenshots of the whole X display come from `xwd` (Debian package
//! x11-apps) and are written as PNG; keys are typed with `xdotool` into the app's window. Both
//! programs are in scripts/debian-packages.txt.
//!
//! Contract: every function takes the `DISPLAY` name explicitly and never reads `$DISPLAY`, so
//! a test cannot type into, or photograph, the developer's own desktop by accident.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};

use crate::eventually::{eventually, within};

/// One screenshot of the whole display: 8-bit RGB, row by row.
#[derive(Clone, PartialEq, Eq)]
pub struct Shot {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 3` bytes.
    pub rgb: Vec<u8>,
}

impl Shot {
    /// How many distinct colours the picture has: a blank or one-colour screen has 1, a page
    /// of text has hundreds (anti-aliasing).
    pub fn colours(&self) -> usize {
        let mut seen = std::collections::HashSet::new();
        for px in self.rgb.chunks_exact(3) {
            seen.insert((px[0], px[1], px[2]));
        }
        seen.len()
    }

    /// How many pixels differ from `other` (every pixel, when the sizes differ).
    pub fn differing_pixels(&self, other: &Shot) -> usize {
        if (self.width, self.height) != (other.width, other.height) {
            return (self.width * self.height) as usize;
        }
        self.rgb
            .chunks_exact(3)
            .zip(other.rgb.chunks_exact(3))
            .filter(|(a, b)| a != b)
            .count()
    }

    /// Write the picture as a PNG file.
    pub fn save_png(&self, path: &Path) -> Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file =
            std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
        let mut enc = png::Encoder::new(std::io::BufWriter::new(file), self.width, self.height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header()?;
        w.write_image_data(&self.rgb)?;
        w.finish()?;
        Ok(())
    }
}

fn be32(b: &[u8], at: usize) -> Result<u32> {
    let bytes: [u8; 4] = b
        .get(at..at + 4)
        .context("xwd output too short")?
        .try_into()?;
    Ok(u32::from_be_bytes(bytes))
}

/// Decode `xwd` output of a 24-bit colour display (Xvfb's `1280x800x24`): 3 or 4 bytes a
/// pixel, channels found through the header's colour masks.
pub fn decode_xwd(data: &[u8]) -> Result<Shot> {
    let header = be32(data, 0)? as usize;
    let format = be32(data, 8)?;
    let (width, height) = (be32(data, 16)?, be32(data, 20)?);
    let byte_order = be32(data, 28)?;
    let bits_per_pixel = be32(data, 44)?;
    let bytes_per_line = be32(data, 48)? as usize;
    let masks = [be32(data, 56)?, be32(data, 60)?, be32(data, 64)?];
    let ncolours = be32(data, 76)? as usize;
    // Xvfb reports 32 bits per pixel, or 24 with lines padded to 4 bytes a pixel: a pixel
    // is whatever a line holds per column, 3 or 4 bytes.
    let pixel = bytes_per_line / (width.max(1) as usize);
    ensure!(
        format == 2 && (pixel == 3 || pixel == 4) && pixel * 8 >= bits_per_pixel as usize,
        "xwd: only 24-bit colour in ZPixmap format is read (format {format}, {bits_per_pixel} \
         bits per pixel, {bytes_per_line} bytes a line)"
    );
    let pixels = data
        .get(header + ncolours * 12..)
        .context("xwd output has no pixels")?;
    ensure!(
        pixels.len() >= bytes_per_line * height as usize,
        "xwd output is cut short"
    );
    let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
    for row in 0..height as usize {
        let line = &pixels[row * bytes_per_line..];
        for x in 0..width as usize {
            let px = &line[x * pixel..x * pixel + pixel];
            let v = px.iter().enumerate().fold(0u32, |v, (i, b)| {
                if byte_order == 0 {
                    v | u32::from(*b) << (8 * i)
                } else {
                    v << 8 | u32::from(*b)
                }
            });
            for mask in masks {
                rgb.push(((v & mask) >> mask.trailing_zeros()) as u8);
            }
        }
    }
    Ok(Shot { width, height, rgb })
}

/// A screenshot of the whole display `display` (e.g. `:123`).
pub fn screenshot(display: &str) -> Result<Shot> {
    decode_xwd(&capture(display)?)
}

/// The whole display `display` as `xwd` writes it, not yet decoded (see [`decode_xwd`]): for
/// frames taken as fast as `xwd` goes.
pub fn capture(display: &str) -> Result<Vec<u8>> {
    let out = Command::new("xwd")
        .args(["-root", "-silent", "-display", display])
        .output()
        .context("running xwd (Debian package x11-apps)")?;
    ensure!(
        out.status.success(),
        "xwd failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(out.stdout)
}

/// Wait until the display shows a page (more than `min_colours` colours) that has stayed the
/// same for `quiet`; return it.
pub fn settled(
    display: &str,
    min_colours: usize,
    quiet: Duration,
    timeout: Duration,
) -> Result<Shot> {
    let mut last: Option<(Shot, Instant)> = None;
    let page = within(timeout, Duration::from_millis(200), || {
        let shot = screenshot(display)?;
        match &last {
            Some((prev, since)) if *prev == shot => {
                if since.elapsed() >= quiet && shot.colours() > min_colours {
                    return Ok(Some(shot));
                }
            }
            _ => last = Some((shot, Instant::now())),
        }
        Ok(None)
    })?;
    match page {
        Some(shot) => Ok(shot),
        None => bail!(
            "the display never settled on a page within {timeout:?} (last: {} colours)",
            last.map(|(s, _)| s.colours()).unwrap_or(0)
        ),
    }
}

fn xdotool(display: &str, args: &[&str]) -> Result<String> {
    let out = Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        .output()
        .context("running xdotool (Debian package xdotool)")?;
    ensure!(
        out.status.success(),
        "xdotool {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Give keyboard focus to the visible window of process `pid` (no window manager needed).
pub fn focus_window_of(display: &str, pid: u32, timeout: Duration) -> Result<()> {
    let id = eventually(
        format!("no visible window of pid {pid} on {display} within {timeout:?}"),
        timeout,
        Duration::from_millis(200),
        || {
            let found = xdotool(
                display,
                &["search", "--onlyvisible", "--pid", &pid.to_string()],
            );
            Ok(found
                .ok()
                .and_then(|s| s.lines().next().map(str::to_string)))
        },
    )?;
    xdotool(display, &["windowfocus", "--sync", &id])?;
    Ok(())
}

/// Press keys, e.g. `["Tab", "Return"]`, one after another, into the focused window.
pub fn keys(display: &str, keys: &[&str]) -> Result<()> {
    for key in keys {
        xdotool(display, &["key", "--delay", "60", key])?;
        std::thread::sleep(Duration::from_millis(150));
    }
    Ok(())
}

/// Type `text` into the focused window.
pub fn type_text(display: &str, text: &str) -> Result<()> {
    xdotool(display, &["type", "--delay", "20", text])?;
    Ok(())
}

/// The window that has the keyboard focus.
pub fn focused_window(display: &str) -> Result<u64> {
    let out = xdotool(display, &["getwindowfocus", "-f"])?;
    out.trim()
        .parse()
        .with_context(|| format!("xdotool getwindowfocus said {out:?}"))
}

/// The top-level windows of process `pid` (by `_NET_WM_PID`), visible or not.
pub fn windows_of(display: &str, pid: u32) -> Vec<u64> {
    xdotool(display, &["search", "--pid", &pid.to_string()])
        .map(|s| s.lines().filter_map(|l| l.trim().parse().ok()).collect())
        .unwrap_or_default()
}

/// Give keyboard focus to window `id`.
pub fn focus(display: &str, id: u64) -> Result<()> {
    xdotool(display, &["windowfocus", "--sync", &id.to_string()])?;
    Ok(())
}
