//! Setting a cell's text in the shipped font: bidirectional reordering, shaping and cutting to
//! a column's width (the contract is the report PDF's, in the parent module). Kept apart from
//! the page layout because it is the part that knows about fonts and scripts.

use std::ops::Range;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use unicode_bidi::BidiInfo;
use unicode_segmentation::UnicodeSegmentation;

use super::render_failed;
use crate::error::Result;

/// DejaVu Sans Condensed 2.37 (Debian's fonts-dejavu-core), licence in
/// `assets/fonts/LICENSE-DejaVu.txt`.
pub(super) static REGULAR: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../assets/fonts/DejaVuSansCondensed.ttf"
));
/// DejaVu Sans Condensed Bold 2.37, same origin and licence.
pub(super) static BOLD: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../assets/fonts/DejaVuSansCondensed-Bold.ttf"
));

/// One face of the shipped font, as krilla embeds it and as rustybuzz shapes with it.
pub(super) struct Face {
    pub(super) pdf: Font,
    shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
}

impl Face {
    pub(super) fn load(data: &'static [u8]) -> Result<Self> {
        let pdf = Font::new(data.into(), 0).ok_or_else(render_failed)?;
        let shaper = rustybuzz::Face::from_slice(data, 0).ok_or_else(render_failed)?;
        let units_per_em = shaper.units_per_em() as f32;
        if units_per_em <= 0.0 {
            return Err(render_failed());
        }
        Ok(Self {
            pdf,
            shaper,
            units_per_em,
        })
    }
}

pub(super) struct Fonts {
    pub(super) regular: Face,
    pub(super) bold: Face,
}

#[derive(Clone, Copy)]
pub(super) enum Weight {
    Regular,
    Bold,
}

impl Fonts {
    pub(super) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }
}

/// A line of text ready to draw: its glyphs in visual order, each pointing at the bytes of
/// `text` it stands for (so the PDF's text layer gives back `text`).
pub(super) struct Shaped {
    pub(super) text: String,
    pub(super) glyphs: Vec<KrillaGlyph>,
    /// Advance width in em.
    width_em: f32,
}

impl Shaped {
    pub(super) fn width(&self, size: f32) -> f32 {
        self.width_em * size
    }
}

/// `text` on one line: control characters and line or paragraph breaks become spaces, and
/// surrounding white space goes.
pub(super) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// Lay out `text` (already one line): bidi runs in visual order, each shaped in its direction.
pub(super) fn shape(face: &Face, text: String) -> Shaped {
    let mut glyphs = Vec::new();
    let mut advance = 0.0_f32;
    let bidi = BidiInfo::new(&text, None);
    for para in &bidi.paragraphs {
        if para.range.is_empty() {
            continue;
        }
        let (levels, runs) = bidi.visual_runs(para, para.range.clone());
        for run in runs {
            if run.is_empty() {
                continue;
            }
            let rtl = levels.get(run.start).is_some_and(|l| l.is_rtl());
            advance += shape_run(face, &text, run, rtl, &mut glyphs);
        }
    }
    Shaped {
        text,
        glyphs,
        width_em: advance,
    }
}

/// Shape `text[run]` in one direction, appending its glyphs; returns its advance in em.
fn shape_run(
    face: &Face,
    text: &str,
    run: Range<usize>,
    rtl: bool,
    out: &mut Vec<KrillaGlyph>,
) -> f32 {
    let Some(part) = text.get(run.clone()) else {
        return 0.0;
    };
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(part);
    buffer.guess_segment_properties();
    buffer.set_direction(if rtl {
        rustybuzz::Direction::RightToLeft
    } else {
        rustybuzz::Direction::LeftToRight
    });
    let shaped = rustybuzz::shape(&face.shaper, &[], buffer);
    // A glyph covers its cluster: from its cluster's start to the next cluster's start.
    let mut starts: Vec<usize> = shaped
        .glyph_infos()
        .iter()
        .map(|i| i.cluster as usize)
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let upem = face.units_per_em;
    let mut advance = 0.0;
    for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        let start = info.cluster as usize;
        let end = starts
            .iter()
            .find(|s| **s > start)
            .copied()
            .unwrap_or(part.len());
        let x_advance = pos.x_advance as f32 / upem;
        advance += x_advance;
        out.push(KrillaGlyph::new(
            GlyphId::new(info.glyph_id),
            x_advance,
            pos.x_offset as f32 / upem,
            pos.y_offset as f32 / upem,
            pos.y_advance as f32 / upem,
            run.start + start..run.start + end,
            None,
        ));
    }
    advance
}

const ELLIPSIS: &str = "…";

/// `text` on one line, cut at a grapheme boundary to fit `width` points and ending in "…"
/// when cut.
pub(super) fn fit(face: &Face, text: &str, size: f32, width: f32) -> Shaped {
    let text = one_line(text);
    let full = shape(face, text.clone());
    if full.width(size) <= width {
        return full;
    }
    // Byte offsets after each grapheme but the last: the places a cut may end.
    let ends: Vec<usize> = text
        .grapheme_indices(true)
        .skip(1)
        .map(|(i, _)| i)
        .collect();
    let cut = |kept: usize| -> Shaped {
        let head = match kept {
            0 => "",
            n => text.get(..ends[n - 1]).unwrap_or("").trim_end(),
        };
        shape(face, format!("{head}{ELLIPSIS}"))
    };
    // The most graphemes that fit with the ellipsis (widths grow with the prefix).
    let (mut lo, mut hi) = (0, ends.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if cut(mid).width(size) <= width {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    cut(lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regular() -> Face {
        Face::load(REGULAR).unwrap()
    }

    #[test]
    fn text_is_shaped_with_the_fonts_advances_and_cut_to_fit() {
        let face = regular();
        // The advances are the font's own (its hmtx table, read here with ttf-parser).
        let ttf = rustybuzz::ttf_parser::Face::parse(REGULAR, 0).unwrap();
        let advance =
            |c: char| f32::from(ttf.glyph_hor_advance(ttf.glyph_index(c).unwrap()).unwrap());
        let ho = shape(&face, "Ho".into());
        assert!((ho.width(2048.0) - (advance('H') + advance('o'))).abs() < 0.01);
        assert_eq!(ho.glyphs.len(), 2);
        assert_eq!(ho.glyphs[1].text_range, 1..2);

        let fits = fit(&face, "Hello", 10.0, 100.0);
        assert_eq!(fits.text, "Hello");
        let long = "Hello world, this is long";
        let cut = fit(&face, long, 10.0, 40.0);
        assert!(
            cut.text.ends_with('…') && cut.text.len() < long.len(),
            "{}",
            cut.text
        );
        assert!(cut.width(10.0) <= 40.0);
        // The next longer cut (white space is not kept before the ellipsis) would not fit.
        let kept = cut.text.trim_end_matches('…');
        let longer = (kept.len() + 1..=long.len())
            .filter_map(|n| long.get(..n))
            .map(str::trim_end)
            .find(|s| s.len() > kept.len())
            .unwrap();
        assert!(shape(&face, format!("{longer}…")).width(10.0) > 40.0);
        // Too narrow for anything but the ellipsis.
        assert_eq!(fit(&face, long, 10.0, 1.0).text, "…");
        // Line breaks and tabs become spaces.
        assert_eq!(fit(&face, " a\nb\tc ", 10.0, 100.0).text, "a b c");
    }

    #[test]
    fn arabic_is_joined_and_set_right_to_left_within_a_left_to_right_line() {
        let face = regular();
        let isolated: Vec<u32> = "مريم"
            .chars()
            .map(|c| shape(&face, c.to_string()).glyphs[0].glyph_id.to_u32())
            .collect();
        let joined = shape(&face, "مريم".into());
        assert_eq!(joined.glyphs.len(), 4);
        let ids: Vec<u32> = joined.glyphs.iter().map(|g| g.glyph_id.to_u32()).collect();
        // Visual order is right to left: the first glyph drawn is the last letter, in its
        // final (joined) form, not its isolated one.
        assert_eq!(joined.glyphs[0].text_range, 6..8);
        assert_ne!(ids[0], isolated[3], "final form of م");
        assert_ne!(ids[3], isolated[0], "initial form of م");
        // In a left-to-right line, the Latin comes first and the Arabic run keeps its order.
        let mixed = shape(&face, "Name: مريم".into());
        assert_eq!(mixed.glyphs[0].text_range, 0..1);
        let arabic: Vec<u32> = mixed.glyphs[6..]
            .iter()
            .map(|g| g.glyph_id.to_u32())
            .collect();
        assert_eq!(arabic, ids);
    }
}
