//! The attendance report as a PDF, drawn with `krilla` in a font that ships with the app.
//!
//! Contract:
//! - [`render_attendance_pdf`] prints exactly the words and cells it is given ([`ReportText`],
//!   [`ReportLine`]); it adds no word of its own, so the member's language and discreet mode
//!   are decided by the caller. Nothing here reads the journal, the clock or the network.
//! - The text is set in DejaVu Sans Condensed (regular and bold, `assets/fonts/`, licence
//!   beside them), compiled into the binary and embedded in the file as subsets: Latin, Greek,
//!   Cyrillic, Hebrew and Arabic print as written, on any computer. Each cell is put in visual
//!   order with the Unicode bidirectional algorithm (`unicode-bidi`) and shaped with
//!   `rustybuzz`, so Arabic letters join. A character the font lacks (CJK, Indic scripts,
//!   emoji) prints as the font's empty box.
//! - A cell too wide for its column is cut at a character (grapheme) boundary, measured with
//!   the font's own advances after shaping, and ends in "…". The date and time columns are as
//!   wide as their widest cell (within bounds); the name and place columns share the rest.
//! - The table continues over as many pages as needed, with the column headings repeated;
//!   [`ReportText::page_of`] is printed at the foot of every page; the totals follow the last
//!   row (on a page of their own when they do not fit under it); the optional footer note is
//!   printed at the foot of the last page.
//! - Metadata: `/Title` is [`ReportText::title`], `/Producer` and `/Creator` are
//!   [`ReportText::producer`]; no author, no dates, no XMP packet. The file ID is a hash of the
//!   content, so the same input gives the same bytes.
//! - Failures of the PDF library come back as an error, never a panic.
//!
//! The page layout is here; setting a cell's text in the font (bidi, shaping, cutting to
//! width) is in `shape`.

mod shape;

use krilla::color::luma;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;
use krilla::{Document, SerializeSettings};

use self::shape::{BOLD, Face, Fonts, REGULAR, Shaped, Weight, fit, one_line, shape};
use super::{PaperSize, ReportOptions};
use crate::error::{JournalError, Result};

/// Every word and form the printed report uses, already in the member's language.
pub struct ReportText {
    /// The document heading and the PDF's `/Title`, e.g. "Meeting attendance".
    pub title: String,
    /// The PDF's `/Producer` and `/Creator`; may be neutral in discreet mode.
    pub producer: String,
    /// The name line already formatted, e.g. "Name: Ana"; `None`: no name line.
    pub member_line: Option<String>,
    /// The period, e.g. "From March 1, 2026 to March 31, 2026".
    pub range_line: String,
    /// When the report was made, e.g. "Prepared on December 7, 2026"; `None`: no such line.
    pub prepared_line: Option<String>,
    /// The column headings.
    pub columns: ReportColumns,
    /// The total lines already formatted, printed after the last row (the first in bold).
    pub totals: Vec<String>,
    /// The page label at the foot of every page, from the page number (1-based) and the page
    /// count: "Page 1 of 3".
    pub page_of: Box<dyn Fn(usize, usize) -> String>,
    /// An optional line printed at the foot of the last page.
    pub footer_note: Option<String>,
}

/// The column headings of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportColumns {
    /// Heading of the date column.
    pub date: String,
    /// Heading of the start-time column.
    pub time: String,
    /// Heading of the meeting-name column.
    pub name: String,
    /// Heading of the formats column.
    pub formats: String,
    /// Heading of the place column.
    pub place: String,
    /// Heading of the empty signature column (printed only when the options ask for it).
    pub signature: String,
}

/// One printed row, every cell already formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportLine {
    /// The day, as it should be printed.
    pub date: String,
    /// The start time, or empty.
    pub time: String,
    /// The meeting's name.
    pub name: String,
    /// Its formats, joined.
    pub formats: String,
    /// Where it was held.
    pub place: String,
}

/// The error for a failure inside the PDF library or a font that does not load (neither
/// happens with the shipped fonts; there is no better-fitting variant than a failed write).
fn render_failed() -> JournalError {
    JournalError::Io(std::io::ErrorKind::Other)
}

const MARGIN: f32 = 42.0;
const BODY: f32 = 9.0;
/// Baseline of the page label, from the bottom edge.
const FOOT_Y: f32 = 28.0;
/// Baseline of the footer note, from the bottom edge.
const NOTE_Y: f32 = 42.0;
/// The table stops this far from the bottom edge.
const TABLE_BOTTOM: f32 = 54.0;
const HEADER_H: f32 = 18.0;
const CELL_PAD: f32 = 2.0;
const FORMATS_W: f32 = 88.0;
const SIGNATURE_W: f32 = 95.0;

/// What is drawn on one page, in points from the top-left corner.
struct Painter<'a, 'b> {
    surface: Surface<'a>,
    fonts: &'b Fonts,
}

impl Painter<'_, '_> {
    fn text(&mut self, weight: Weight, size: f32, x: f32, baseline: f32, shaped: &Shaped) {
        if shaped.glyphs.is_empty() {
            return;
        }
        self.surface.set_fill(Some(Fill::default()));
        self.surface.draw_glyphs(
            Point::from_xy(x, baseline),
            &shaped.glyphs,
            self.fonts.face(weight).pdf.clone(),
            &shaped.text,
            size,
            false,
        );
    }

    /// A horizontal rule `thickness` points thick, centred on `y`, in grey `lightness`.
    fn rule(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, lightness: u8) {
        let mut path = PathBuilder::new();
        let (top, bottom) = (y - thickness / 2.0, y + thickness / 2.0);
        path.move_to(x1, top);
        path.line_to(x2, top);
        path.line_to(x2, bottom);
        path.line_to(x1, bottom);
        path.close();
        if let Some(path) = path.finish() {
            self.surface.set_fill(Some(Fill {
                paint: luma::Color::new(lightness).into(),
                opacity: NormalizedF32::ONE,
                rule: FillRule::NonZero,
            }));
            self.surface.draw_path(&path);
        }
    }
}

/// The report as a PDF file: `lines` in a table under the heading words of `text`, on the
/// paper and with the signature column `options` ask for (its other fields are in `text`).
pub fn render_attendance_pdf(
    lines: &[ReportLine],
    options: &ReportOptions,
    text: &ReportText,
) -> Result<Vec<u8>> {
    let fonts = Fonts {
        regular: Face::load(REGULAR)?,
        bold: Face::load(BOLD)?,
    };
    let (page_w, page_h) = match options.paper {
        PaperSize::A4 => (595.28_f32, 841.89_f32),
        PaperSize::Letter => (612.0, 792.0),
    };
    let table_w = page_w - 2.0 * MARGIN;
    let cols = &text.columns;

    // Column widths: date and time as wide as their widest cell, the rest shared.
    let widest = |heading: &str, cell: &dyn Fn(&ReportLine) -> &str| -> f32 {
        let head = shape(&fonts.bold, one_line(heading)).width(BODY);
        lines
            .iter()
            .map(|l| shape(&fonts.regular, one_line(cell(l))).width(BODY))
            .fold(head, f32::max)
            + 2.0 * CELL_PAD
            + 2.0
    };
    let date_w = widest(&cols.date, &|l| &l.date).clamp(40.0, 120.0);
    let time_w = widest(&cols.time, &|l| &l.time).clamp(28.0, 70.0);
    let sign_w = if options.signature_column {
        SIGNATURE_W
    } else {
        0.0
    };
    let flexible = (table_w - date_w - time_w - FORMATS_W - sign_w).max(60.0);
    let mut columns: Vec<(&str, f32)> = vec![
        (&cols.date, date_w),
        (&cols.time, time_w),
        (&cols.name, flexible * 0.45),
        (&cols.formats, FORMATS_W),
        (&cols.place, flexible * 0.55),
    ];
    if options.signature_column {
        columns.push((&cols.signature, sign_w));
    }
    let row_h = if options.signature_column { 24.0 } else { 15.0 };

    // The heading block, on the first page only.
    let mut heading: Vec<(Weight, f32, &str)> = vec![(Weight::Bold, 16.0, &text.title)];
    if let Some(line) = text.member_line.as_deref() {
        heading.push((Weight::Regular, 11.0, line));
    }
    heading.push((Weight::Regular, 11.0, &text.range_line));
    if let Some(line) = text.prepared_line.as_deref() {
        heading.push((Weight::Regular, 11.0, line));
    }
    let top = MARGIN;
    let heading_h: f32 = heading.iter().map(|(_, s, _)| s + 6.0).sum::<f32>() + 10.0;
    let bottom = page_h - TABLE_BOTTOM;
    let per_page =
        |table_top: f32| (((bottom - table_top - HEADER_H) / row_h).floor() as usize).max(1);
    let totals_h = 14.0 * text.totals.len() as f32 + 12.0;

    // Split the rows into pages; the totals go under the last rows, or on a page of their own.
    let mut pages_rows: Vec<&[ReportLine]> = Vec::new();
    let mut rest = lines;
    let mut table_top = top + heading_h;
    loop {
        let (this, next) = rest.split_at(per_page(table_top).min(rest.len()));
        pages_rows.push(this);
        rest = next;
        if rest.is_empty() {
            break;
        }
        table_top = top;
    }
    let last_top = if pages_rows.len() == 1 {
        top + heading_h
    } else {
        top
    };
    let last_len = pages_rows.last().map_or(0, |r| r.len());
    let totals_on_new_page =
        last_len > 0 && last_top + HEADER_H + last_len as f32 * row_h + totals_h > bottom;
    let page_count = pages_rows.len() + usize::from(totals_on_new_page);

    let settings = SerializeSettings {
        compress_content_streams: true,
        xmp_metadata: false,
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let page_settings = PageSettings::from_wh(page_w, page_h).ok_or_else(render_failed)?;
    for index in 0..page_count {
        let mut page = document.start_page_with(page_settings.clone());
        {
            let mut p = Painter {
                surface: page.surface(),
                fonts: &fonts,
            };
            let mut y = top;
            if index == 0 {
                for (weight, size, line) in &heading {
                    y += size;
                    let shaped = fit(fonts.face(*weight), line, *size, table_w);
                    p.text(*weight, *size, MARGIN, y, &shaped);
                    y += 6.0;
                }
                y += 10.0;
            }
            if let Some(rows) = pages_rows.get(index) {
                let mut x = MARGIN;
                for (title, width) in &columns {
                    let shaped = fit(&fonts.bold, title, BODY, width - 2.0 * CELL_PAD);
                    p.text(Weight::Bold, BODY, x + CELL_PAD, y + 12.0, &shaped);
                    x += width;
                }
                y += HEADER_H;
                p.rule(MARGIN, MARGIN + table_w, y, 0.8, 0);
                for row in rows.iter() {
                    let cells = [&row.date, &row.time, &row.name, &row.formats, &row.place];
                    let mut x = MARGIN;
                    for ((_, width), cell) in columns.iter().zip(cells) {
                        let shaped = fit(&fonts.regular, cell, BODY, width - 2.0 * CELL_PAD);
                        p.text(
                            Weight::Regular,
                            BODY,
                            x + CELL_PAD,
                            y + row_h - 4.5,
                            &shaped,
                        );
                        x += width;
                    }
                    y += row_h;
                    p.rule(MARGIN, MARGIN + table_w, y, 0.3, 153);
                }
                y += 6.0;
            }
            let last = index + 1 == page_count;
            if last {
                for (i, line) in text.totals.iter().enumerate() {
                    y += 14.0;
                    let weight = if i == 0 {
                        Weight::Bold
                    } else {
                        Weight::Regular
                    };
                    let shaped = fit(fonts.face(weight), line, 10.0, table_w);
                    p.text(weight, 10.0, MARGIN, y, &shaped);
                }
                if let Some(note) = text.footer_note.as_deref() {
                    let shaped = fit(&fonts.regular, note, 8.0, table_w);
                    p.text(Weight::Regular, 8.0, MARGIN, page_h - NOTE_Y, &shaped);
                }
            }
            let label = fit(
                &fonts.regular,
                &(text.page_of)(index + 1, page_count),
                8.0,
                table_w,
            );
            let x = (page_w - label.width(8.0)) / 2.0;
            p.text(Weight::Regular, 8.0, x, page_h - FOOT_Y, &label);
        } // The surface ends here, before its page.
        page.finish();
    }
    document.set_metadata(
        Metadata::new()
            .title(one_line(&text.title))
            .producer(text.producer.clone())
            .creator(text.producer.clone()),
    );
    document.finish().map_err(|_| render_failed())
}
