//! A minimal PDF 1.4 writer for the attendance report.
//!
//! Contract:
//! - Output is a complete, self-contained PDF 1.4 file: the base-14 fonts Helvetica and
//!   Helvetica-Bold with `WinAnsiEncoding` (nothing embedded), one uncompressed content stream
//!   per page, a cross-reference table whose offsets point at each `N 0 obj`, ending in
//!   `%%EOF`. Same report and options give the same bytes.
//! - Text is mapped to WinAnsi; a character it lacks prints as `?`. `(`, `)` and `\` are
//!   escaped and bytes above 126 written as octal escapes, so the file is plain ASCII.
//! - A cell too wide for its column is cut to fit (measured with the fonts' AFM widths) and
//!   ends in "...". The table continues over as many pages as needed, with the column headings
//!   repeated and "Page i of n" at the foot of every page; the totals follow the last row.

use std::fmt::Write;

use super::{AttendanceReport, PaperSize, ReportOptions, attendance_word};
use crate::model::Attendance;

/// Helvetica advance widths (1/1000 em) for ASCII 32..=126, from the Adobe AFM.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Helvetica-Bold advance widths (1/1000 em) for ASCII 32..=126, from the Adobe AFM.
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// Width used for WinAnsi characters outside ASCII (most accented letters are close to it;
/// the widest, like Æ or ‰, are rare).
const OTHER_WIDTH: u16 = 667;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> &'static str {
        match self {
            Font::Regular => "/F1",
            Font::Bold => "/F2",
        }
    }
}

/// The WinAnsi byte for `c`, `?` when it has none. Line breaks and tabs become spaces.
fn win_ansi(c: char) -> u8 {
    let n = u32::from(c);
    match c {
        ' '..='~' => n as u8,
        '\t' | '\n' | '\r' => b' ',
        '\u{a0}'..='\u{ff}' => n as u8,
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => b'?',
    }
}

fn width_of(b: u8, font: Font) -> u16 {
    let table = match font {
        Font::Regular => &HELVETICA,
        Font::Bold => &HELVETICA_BOLD,
    };
    match b {
        32..=126 => table[usize::from(b - 32)],
        _ => OTHER_WIDTH,
    }
}

/// Width of WinAnsi bytes in points at `size`.
fn measure(bytes: &[u8], font: Font, size: f32) -> f32 {
    bytes
        .iter()
        .map(|b| f32::from(width_of(*b, font)))
        .sum::<f32>()
        * size
        / 1000.0
}

/// `text` as WinAnsi bytes cut to fit `width` points, ending in "..." when cut.
fn fit(text: &str, font: Font, size: f32, width: f32) -> Vec<u8> {
    let bytes: Vec<u8> = text.trim().chars().map(win_ansi).collect();
    if measure(&bytes, font, size) <= width {
        return bytes;
    }
    let dots = measure(b"...", font, size);
    let mut out = Vec::new();
    let mut used = 0.0;
    for b in bytes {
        let w = f32::from(width_of(b, font)) * size / 1000.0;
        if used + w + dots > width {
            break;
        }
        used += w;
        out.push(b);
    }
    while out.last() == Some(&b' ') {
        out.pop();
    }
    out.extend_from_slice(b"...");
    out
}

/// A PDF string literal: `(`, `)` and `\` escaped, bytes outside printable ASCII in octal.
fn literal(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() + 2);
    s.push('(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(char::from(b));
            }
            32..=126 => s.push(char::from(b)),
            _ => {
                let _ = write!(s, "\\{b:03o}");
            }
        }
    }
    s.push(')');
    s
}

/// One page's drawing operators.
struct Page {
    ops: String,
}

impl Page {
    fn text(&mut self, font: Font, size: f32, x: f32, y: f32, bytes: &[u8]) {
        let _ = writeln!(
            self.ops,
            "BT {} {size:.1} Tf {x:.2} {y:.2} Td {} Tj ET",
            font.name(),
            literal(bytes)
        );
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32, grey: f32) {
        let _ = writeln!(
            self.ops,
            "{grey:.2} G {width:.2} w {x1:.2} {y1:.2} m {x2:.2} {y2:.2} l S"
        );
    }
}

const MARGIN: f32 = 42.0;
const BODY: f32 = 9.0;
const FOOT_Y: f32 = 28.0;

struct Column {
    title: &'static str,
    width: f32,
}

/// The report as a PDF file.
pub fn render_attendance_pdf(report: &AttendanceReport, options: &ReportOptions) -> Vec<u8> {
    let (page_w, page_h) = match options.paper {
        PaperSize::A4 => (595.28_f32, 841.89_f32),
        PaperSize::Letter => (612.0, 792.0),
    };
    let table_w = page_w - 2.0 * MARGIN;
    let sign_w = if options.signature_column { 95.0 } else { 0.0 };
    let mut columns = vec![
        Column {
            title: "Date",
            width: 58.0,
        },
        Column {
            title: "Time",
            width: 34.0,
        },
        Column {
            title: "Meeting",
            width: 0.0,
        },
        Column {
            title: "Format",
            width: 88.0,
        },
        Column {
            title: "Place",
            width: 0.0,
        },
    ];
    let flexible = table_w - 58.0 - 34.0 - 88.0 - sign_w;
    columns[2].width = flexible * 0.45;
    columns[4].width = flexible * 0.55;
    if options.signature_column {
        columns.push(Column {
            title: "Signature",
            width: sign_w,
        });
    }
    let row_h = if options.signature_column { 24.0 } else { 15.0 };

    // Heading block (first page only), then the table.
    let mut heading: Vec<(Font, f32, String)> =
        vec![(Font::Bold, 16.0, "Meeting attendance".into())];
    if let Some(name) = options
        .member_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
    {
        heading.push((Font::Regular, 11.0, format!("Name: {}", name.trim())));
    }
    heading.push((
        Font::Regular,
        11.0,
        format!("Period: {} to {}", report.from, report.to),
    ));
    if let Some(d) = options.prepared_on {
        heading.push((Font::Regular, 11.0, format!("Prepared on: {d}")));
    }
    let top = page_h - MARGIN;
    let heading_h: f32 = heading.iter().map(|(_, s, _)| s + 6.0).sum::<f32>() + 10.0;
    let table_top_first = top - heading_h;
    let table_bottom = FOOT_Y + 24.0;
    let header_h = 18.0;
    let per_page = |table_top: f32| -> usize {
        (((table_top - header_h - table_bottom) / row_h).floor() as usize).max(1)
    };
    let mut totals: Vec<String> = vec![
        format!("Total meetings: {}", report.total),
        format!("Days with a meeting: {}", report.days),
        format!(
            "{}: {}   {}: {}   {}: {}",
            attendance_word(Attendance::InPerson),
            report.in_person,
            attendance_word(Attendance::Online),
            report.online,
            attendance_word(Attendance::Hybrid),
            report.hybrid
        ),
    ];
    if report.rows.is_empty() {
        totals.insert(0, "No meetings were recorded in this period.".into());
    }
    let totals_h = 14.0 * totals.len() as f32 + 12.0;

    // Split the rows into pages.
    let mut pages_rows: Vec<&[super::AttendanceRow]> = Vec::new();
    let mut rest = report.rows.as_slice();
    let mut table_top = table_top_first;
    loop {
        let n = per_page(table_top).min(rest.len());
        let (this, next) = rest.split_at(n);
        pages_rows.push(this);
        rest = next;
        if rest.is_empty() {
            break;
        }
        table_top = top;
    }
    // The totals go under the last rows, or on a page of their own.
    let last_top = if pages_rows.len() == 1 {
        table_top_first
    } else {
        top
    };
    let last_len = pages_rows.last().map_or(0, |r| r.len()) as f32;
    let totals_on_new_page =
        last_top - header_h - last_len * row_h - totals_h < table_bottom && last_len > 0.0;
    let page_count = pages_rows.len() + usize::from(totals_on_new_page);

    let mut pages: Vec<Page> = Vec::new();
    for (i, rows) in pages_rows.iter().enumerate() {
        let mut page = Page { ops: String::new() };
        let mut y = top;
        if i == 0 {
            for (font, size, text) in &heading {
                y -= size;
                page.text(*font, *size, MARGIN, y, &fit(text, *font, *size, table_w));
                y -= 6.0;
            }
            y -= 10.0;
        }
        // Column headings.
        let mut x = MARGIN;
        for c in &columns {
            page.text(
                Font::Bold,
                BODY,
                x + 2.0,
                y - 12.0,
                &fit(c.title, Font::Bold, BODY, c.width - 4.0),
            );
            x += c.width;
        }
        y -= header_h;
        page.line(MARGIN, y, MARGIN + table_w, y, 0.8, 0.0);
        for row in rows.iter() {
            let time = row
                .start_time
                .map(|t| t.format("%H:%M").to_string())
                .unwrap_or_default();
            let cells = [
                row.date.to_string(),
                time,
                row.name.clone(),
                row.formats.join(", "),
                row.place.clone(),
            ];
            let mut x = MARGIN;
            for (c, text) in columns.iter().zip(cells.iter()) {
                page.text(
                    Font::Regular,
                    BODY,
                    x + 2.0,
                    y - row_h + 4.5,
                    &fit(text, Font::Regular, BODY, c.width - 4.0),
                );
                x += c.width;
            }
            y -= row_h;
            page.line(MARGIN, y, MARGIN + table_w, y, 0.3, 0.6);
        }
        if i + 1 == pages_rows.len() && !totals_on_new_page {
            draw_totals(&mut page, &totals, y - 6.0, table_w);
        }
        pages.push(page);
    }
    if totals_on_new_page {
        let mut page = Page { ops: String::new() };
        draw_totals(&mut page, &totals, top, table_w);
        pages.push(page);
    }
    for (i, page) in pages.iter_mut().enumerate() {
        let label = format!("Page {} of {}", i + 1, page_count);
        let bytes = fit(&label, Font::Regular, 8.0, table_w);
        let w = measure(&bytes, Font::Regular, 8.0);
        page.text(Font::Regular, 8.0, (page_w - w) / 2.0, FOOT_Y, &bytes);
    }
    assemble(&pages, page_w, page_h, options)
}

fn draw_totals(page: &mut Page, totals: &[String], mut y: f32, width: f32) {
    for (i, t) in totals.iter().enumerate() {
        y -= 14.0;
        let font = if i == 0 { Font::Bold } else { Font::Regular };
        page.text(font, 10.0, MARGIN, y, &fit(t, font, 10.0, width));
    }
}

/// Write the objects, the cross-reference table and the trailer.
fn assemble(pages: &[Page], page_w: f32, page_h: f32, options: &ReportOptions) -> Vec<u8> {
    // 1 catalog, 2 page tree, 3 and 4 fonts, 5 info, then a page and its contents per page.
    let first_page = 6;
    let mut objects: Vec<Vec<u8>> = Vec::new();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .into_bytes(),
    );
    for base in ["Helvetica", "Helvetica-Bold"] {
        objects.push(
            format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>"
            )
            .into_bytes(),
        );
    }
    let mut info = format!(
        "<< /Title {} /Producer (Recovery Journal)",
        literal(b"Meeting attendance")
    );
    if let Some(d) = options.prepared_on {
        let _ = write!(info, " /CreationDate (D:{})", d.format("%Y%m%d"));
    }
    info.push_str(" >>");
    objects.push(info.into_bytes());
    for (i, page) in pages.iter().enumerate() {
        let contents = first_page + 2 * i + 1;
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w:.2} {page_h:.2}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {contents} 0 R >>"
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", page.ops.len()).into_bytes();
        stream.extend_from_slice(page.ops.as_bytes());
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for off in offsets {
        let _ = writeln!(table, "{off:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(table.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_mapped_escaped_and_cut_to_fit() {
        assert_eq!(literal(b"a(b)c\\"), "(a\\(b\\)c\\\\)");
        let bytes: Vec<u8> = "café – 日本".chars().map(win_ansi).collect();
        assert_eq!(
            bytes,
            [b'c', b'a', b'f', 0xe9, b' ', 0x96, b' ', b'?', b'?']
        );
        assert_eq!(literal(&bytes), "(caf\\351 \\226 ??)");
        // "Hello" in Helvetica 10pt: H 722 e 556 l 222 l 222 o 556 = 2278 → 22.78pt.
        assert!((measure(b"Hello", Font::Regular, 10.0) - 22.78).abs() < 0.01);
        assert_eq!(fit("Hello", Font::Regular, 10.0, 22.78), b"Hello");
        let cut = fit("Hello world, this is long", Font::Regular, 10.0, 40.0);
        assert!(cut.ends_with(b"..."));
        assert!(measure(&cut, Font::Regular, 10.0) <= 40.0);
    }
}
