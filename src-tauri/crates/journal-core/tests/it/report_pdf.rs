//! The attendance report: every meeting in the range and none outside it, in a PDF that
//! `qpdf --check` accepts and whose text `pdftotext` reads back exactly, in every script the
//! shipped font covers; its pages, paper and metadata as `pdfinfo` sees them. The tools are
//! required, never skipped (poppler-utils and qpdf are in scripts/debian-packages.txt).

use std::path::Path;
use std::process::Command;

use crate::common::*;
use chrono::{NaiveDate, NaiveTime};
use journal_core::*;
use uuid::Uuid;

fn meeting(date: NaiveDate, name: String, attendance: Attendance, place: &str) -> Meeting {
    Meeting {
        id: Uuid::nil(),
        date,
        start_time: NaiveTime::from_hms_opt(19, 30, 0),
        duration_minutes: Some(60),
        name,
        group: "Never printed group".into(),
        formats: vec![MeetingFormat::Open, MeetingFormat::Discussion],
        attendance,
        place: place.into(),
        service_role: "Never printed role".into(),
        shared: false,
        notes: "Never printed note".into(),
    }
}

/// 120 meetings from 1 August to 31 October 2026 (some days twice), and four outside.
fn journal(dir: &std::path::Path) -> Journal {
    let mut j = new_journal(dir).journal;
    let start = date(2026, 8, 1);
    let mut batch = Vec::new();
    for i in 0..120u32 {
        let day = start + chrono::Duration::days(i64::from(i * 92 / 120));
        let attendance = match i % 3 {
            0 => Attendance::InPerson,
            1 => Attendance::Online,
            _ => Attendance::Hybrid,
        };
        let name = if i == 7 {
            "Café (Hope) \\ Unity".to_owned()
        } else {
            format!("Meeting {i:03} (Hope)")
        };
        batch.push(meeting(day, name, attendance, "Church hall, 3 Elm Road"));
    }
    batch.push(meeting(
        date(2026, 7, 31),
        "Outside before".into(),
        Attendance::InPerson,
        "x",
    ));
    batch.push(meeting(
        date(2026, 11, 1),
        "Outside after".into(),
        Attendance::InPerson,
        "x",
    ));
    batch.push(meeting(
        date(2025, 9, 1),
        "Outside last year".into(),
        Attendance::Online,
        "",
    ));
    batch.push(meeting(
        date(2026, 11, 20),
        "Outside later".into(),
        Attendance::Online,
        "",
    ));
    for m in batch {
        j.save(m, today()).unwrap();
    }
    j
}

/// The report in English, as the app names itself.
fn render(report: &AttendanceReport, options: &ReportOptions) -> Vec<u8> {
    let (lines, text) = report_text(
        report,
        options,
        &Words::new(Language::En),
        "Recovery Journal",
    );
    render_attendance_pdf(&lines, options, &text).unwrap()
}

/// Run a poppler or qpdf tool on `pdf` (written to `path`); its stdout, after checking it ran.
fn tool(program: &str, args: &[&str], pdf: &[u8], path: &Path) -> String {
    std::fs::write(path, pdf).unwrap();
    let out = Command::new(program)
        .args(args)
        .arg(path)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} must be installed (scripts/debian-packages.txt): {e}")
        });
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The text of every page, in reading order (`pdftotext` ends each page with a form feed).
fn pages_text(pdf: &[u8], dir: &Path) -> Vec<String> {
    let path = dir.join("text.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed: scripts/debian-packages.txt");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut pages: Vec<String> = text.split('\u{c}').map(without_bidi_marks).collect();
    assert_eq!(
        pages.pop().as_deref(),
        Some(""),
        "a form feed ends the last page"
    );
    pages
}

/// pdftotext wraps right-to-left runs in embedding marks; the words themselves are what count.
fn without_bidi_marks(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// `qpdf --check` finds nothing wrong, not even a warning.
fn qpdf_accepts(pdf: &[u8], dir: &Path) {
    let out = tool("qpdf", &["--check"], pdf, &dir.join("check.pdf"));
    assert!(!out.contains("WARNING"), "{out}");
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "{out}"
    );
}

/// `pdfinfo`'s fields, by name.
fn pdfinfo(pdf: &[u8], dir: &Path) -> Vec<(String, String)> {
    tool("pdfinfo", &["-enc", "UTF-8"], pdf, &dir.join("info.pdf"))
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect()
}

fn info_field<'a>(info: &'a [(String, String)], key: &str) -> Option<&'a str> {
    info.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The words of a line (pdftotext's layout spaces cells out, with one space or more).
fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split_whitespace()
}

/// Whether `phrase` stands in `line` as whole words.
fn has_words(line: &str, phrase: &str) -> bool {
    let line: Vec<&str> = words(line).collect();
    let phrase: Vec<&str> = words(phrase).collect();
    line.windows(phrase.len()).any(|w| w == phrase)
}

/// How often `needle` occurs in `hay`, not overlapping.
fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn the_report_lists_every_meeting_in_the_range_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(dir.path());
    let report = j
        .attendance_report(date(2026, 8, 1), date(2026, 10, 31))
        .unwrap();
    assert_eq!(report.total, 120);
    assert_eq!(report.rows.len(), 120);
    assert_eq!(
        (report.in_person, report.online, report.hybrid),
        (40, 40, 40)
    );
    assert_eq!(report.days, 92);
    assert!(
        report.rows.windows(2).all(|w| w[0].date <= w[1].date),
        "oldest first"
    );
    // The report holds the member's place and the codes; the words come with the language.
    assert_eq!(report.rows[0].place, "Church hall, 3 Elm Road");
    assert_eq!(report.rows[2].place, "Church hall, 3 Elm Road");
    assert_eq!(
        report.rows[0].formats,
        [MeetingFormat::Open, MeetingFormat::Discussion]
    );
    let (en, es) = (Words::new(Language::En), Words::new(Language::Es));
    let shown =
        |w: &Words, i: usize| place_text(w, report.rows[i].attendance, &report.rows[i].place);
    assert_eq!(shown(&en, 1), "Online");
    assert_eq!(shown(&en, 2), "Church hall, 3 Elm Road (also online)");
    assert_eq!(shown(&es, 1), "En línea");
    assert_eq!(
        j.attendance_report(date(2026, 9, 1), date(2026, 8, 1))
            .unwrap_err()
            .code(),
        ErrorCode::Invalid
    );
}

#[test]
fn the_pdf_holds_every_meeting_of_the_range_on_numbered_pages() {
    let dir = tempfile::tempdir().unwrap();
    let j = journal(dir.path());
    let report = j
        .attendance_report(date(2026, 8, 1), date(2026, 10, 31))
        .unwrap();
    for signature_column in [false, true] {
        let options = ReportOptions {
            signature_column,
            member_name: Some("Sam R.".into()),
            paper: PaperSize::A4,
            prepared_on: Some(today()),
        };
        let pdf = render(&report, &options);
        qpdf_accepts(&pdf, dir.path());
        let pages = pages_text(&pdf, dir.path());
        let all = pages.concat();
        for (i, row) in report.rows.iter().enumerate() {
            let name = if i == 7 {
                "Café (Hope) \\ Unity".to_owned()
            } else {
                format!("Meeting {i:03} (Hope)")
            };
            assert_eq!(count(&all, &name), 1, "{name} should appear once");
            let line = all.lines().find(|l| l.contains(&name)).unwrap();
            let en = Words::new(Language::En);
            assert!(line.starts_with(&en.date(row.date)), "{line}");
            assert!(line.contains("7:30 PM"), "{line}");
            assert!(line.contains("Open, Discussion"), "{line}");
            let shown = place_text(&en, row.attendance, &row.place);
            // The signature column leaves the place too narrow for "… (also online)".
            let place = if signature_column && shown.len() > 30 {
                "Church hall, 3 Elm Road"
            } else {
                &shown
            };
            assert!(line.contains(place), "{line}");
        }
        assert!(!all.contains("Outside"), "meetings outside the range");
        assert!(
            !all.contains("Never printed"),
            "group, service and notes stay off the report"
        );
        let n = pages.len();
        assert!(n >= 3, "{n} pages");
        assert_eq!(
            info_field(&pdfinfo(&pdf, dir.path()), "Pages"),
            Some(&*n.to_string())
        );
        for (p, page) in pages.iter().enumerate() {
            assert!(page.contains(&format!("Page {} of {n}", p + 1)), "page {p}");
            // The column headings repeat on every page that has rows.
            let headings = page
                .lines()
                .find(|l| l.trim_start().starts_with("Date"))
                .unwrap_or_else(|| panic!("no headings on page {p}"));
            // The same column names as on screen (keeping.report.col*).
            for h in ["Time", "Meeting", "Kind", "Place"] {
                assert!(headings.contains(h), "{headings}");
            }
            assert_eq!(headings.contains("Signature"), signature_column);
        }
        assert!(pages[0].contains("Meeting attendance"));
        assert!(pages[0].contains("For Sam R."));
        assert!(pages[0].contains("From August 1, 2026 to October 31, 2026"));
        assert!(pages[0].contains("Prepared on November 21, 2026"));
        let last = &pages[n - 1];
        assert!(last.contains("120 meetings on 92 different days"), "{last}");
        let by_kind = last.lines().find(|l| l.contains("Online: 40")).unwrap();
        assert!(
            words(by_kind).eq(words("In person: 40   Online: 40   Hybrid: 40")),
            "{last}"
        );
        assert_eq!(count(&all, "120 meetings"), 1);
        assert_eq!(render(&report, &options), pdf, "deterministic");
    }
}

#[test]
fn an_empty_range_still_makes_a_report_and_long_names_are_cut() {
    let dir = tempfile::tempdir().unwrap();
    let mut j = new_journal(dir.path()).journal;
    let long = "A very long meeting name that goes on and on well past any column width";
    j.save(
        meeting(date(2026, 3, 3), long.into(), Attendance::InPerson, "Hall"),
        today(),
    )
    .unwrap();
    let empty = j
        .attendance_report(date(2026, 1, 1), date(2026, 1, 31))
        .unwrap();
    let pdf = render(&empty, &ReportOptions::default());
    qpdf_accepts(&pdf, dir.path());
    let pages = pages_text(&pdf, dir.path());
    assert_eq!(pages.len(), 1);
    assert!(pages[0].contains("No meetings noted in these days."));
    assert!(pages[0].contains("Page 1 of 1"));
    let info = pdfinfo(&pdf, dir.path());
    assert!(info_field(&info, "Page size").unwrap().contains("(A4)"));

    let one = j
        .attendance_report(date(2026, 3, 1), date(2026, 3, 31))
        .unwrap();
    let options = ReportOptions {
        paper: PaperSize::Letter,
        ..ReportOptions::default()
    };
    let pdf = render(&one, &options);
    qpdf_accepts(&pdf, dir.path());
    let info = pdfinfo(&pdf, dir.path());
    assert_eq!(
        info_field(&info, "Page size"),
        Some("612 x 792 pts (letter)")
    );
    let text = pages_text(&pdf, dir.path()).concat();
    let line = text.lines().find(|l| l.contains("A very long")).unwrap();
    assert!(!line.contains(long), "{line}");
    let start = line.find("A very long").unwrap();
    let end = line.find('…').expect("the cut cell ends in an ellipsis");
    assert!(long.starts_with(&line[start..end]), "{line}");
    assert!(
        line[end..].contains("Open, Discussion"),
        "the next cell follows: {line}"
    );
}

/// Words in Spanish (none of them English), for reports of rows built here, without a journal.
fn spanish_text(producer: &str) -> ReportText {
    ReportText {
        title: "Asistencia a reuniones".into(),
        producer: producer.into(),
        member_line: Some("Nombre: Мария".into()),
        range_line: "Del 1 de marzo de 2026 al 31 de marzo de 2026".into(),
        prepared_line: Some("Preparado el 7 de diciembre de 2026".into()),
        columns: ReportColumns {
            date: "Fecha".into(),
            time: "Hora".into(),
            name: "Reunión".into(),
            formats: "Formato".into(),
            place: "Lugar".into(),
            signature: "Firma".into(),
        },
        totals: vec!["Reuniones: 6".into(), "Días con reunión: 6".into()],
        page_of: Box::new(|i, n| format!("Página {i} de {n}")),
        footer_note: Some("Hecho con notas propias".into()),
    }
}

fn row(day: u32, name: &str, place: &str) -> ReportLine {
    ReportLine {
        date: format!("{day} mar 2026"),
        time: "19:30".into(),
        name: name.into(),
        formats: "Abierta".into(),
        place: place.into(),
    }
}

#[test]
fn names_in_every_script_come_out_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let names = ["Мария", "Ελένη", "مريم", "José Núñez", "Zoë", "Łukasz"];
    let lines: Vec<ReportLine> = names
        .iter()
        .enumerate()
        .map(|(i, n)| row(u32::try_from(i).unwrap() + 1, n, &format!("Sala {n}")))
        .collect();
    let options = ReportOptions {
        signature_column: true,
        ..ReportOptions::default()
    };
    let pdf = render_attendance_pdf(&lines, &options, &spanish_text("Notas")).unwrap();
    qpdf_accepts(&pdf, dir.path());
    let pages = pages_text(&pdf, dir.path());
    assert_eq!(pages.len(), 1);
    let page = &pages[0];
    for (i, name) in names.iter().enumerate() {
        // Each name is one cell of its row, exactly as written (the Arabic joined in the
        // drawing, its letters given back in logical order), and again in the place cell.
        let line = page
            .lines()
            .find(|l| l.starts_with(&format!("{} mar 2026", i + 1)))
            .unwrap_or_else(|| panic!("no row for {name}:\n{page}"));
        assert!(has_words(line, name), "{name} in {line}");
        assert!(has_words(line, &format!("Sala {name}")), "{name} in {line}");
        // Its row's two cells, and the name line for Мария.
        let expected = 2 + usize::from(*name == "Мария");
        assert_eq!(count(page, name), expected, "{name}:\n{page}");
    }
    // Both faces are embedded, as subsets, with a Unicode map (so any viewer shows the same).
    let fonts = tool("pdffonts", &[], &pdf, &dir.path().join("fonts.pdf"));
    let faces: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(faces.len(), 2, "{fonts}");
    for face in faces {
        assert!(face.contains("DejaVuSansCondensed"), "{face}");
        assert!(has_words(face, "Identity-H yes yes yes"), "{face}");
    }
    let heading = page.lines().find(|l| l.starts_with("Nombre")).unwrap();
    assert_eq!(heading.trim_end(), "Nombre: Мария");
    // Only the words given: none of the English the adapter would have printed.
    for word in [
        "Fecha",
        "Hora",
        "Reunión",
        "Formato",
        "Lugar",
        "Firma",
        "Página 1 de 1",
    ] {
        assert!(page.contains(word), "{word}");
    }
    assert!(page.contains("Hecho con notas propias"));
    for english in ["Page", "Date", "Meeting", "Total", "Name", "Signature"] {
        assert!(!page.contains(english), "{english}");
    }
}

#[test]
fn many_rows_continue_over_numbered_pages_with_the_headings_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let lines: Vec<ReportLine> = (0..500)
        .map(|i| row(i % 28 + 1, &format!("Grupo {i:03}"), "Sala"))
        .collect();
    for signature_column in [false, true] {
        let options = ReportOptions {
            signature_column,
            paper: PaperSize::Letter,
            ..ReportOptions::default()
        };
        let text = spanish_text("Notas");
        let pdf = render_attendance_pdf(&lines, &options, &text).unwrap();
        qpdf_accepts(&pdf, dir.path());
        let pages = pages_text(&pdf, dir.path());
        let n = pages.len();
        // 15-point rows on Letter: about 44 a page; 24-point rows (signature): about 27.
        let expected = if signature_column { 19..=20 } else { 11..=13 };
        assert!(expected.contains(&n), "{n} pages");
        let all = pages.concat();
        for i in 0..500 {
            assert_eq!(count(&all, &format!("Grupo {i:03}")), 1, "row {i}");
        }
        let mut previous = None;
        for (p, page) in pages.iter().enumerate() {
            assert!(
                page.contains(&format!("Página {} de {n}", p + 1)),
                "page {p}"
            );
            let rows: Vec<usize> = page
                .lines()
                .filter_map(|l| l.find("Grupo ").map(|at| &l[at + 6..at + 9]))
                .map(|i| i.parse().unwrap())
                .collect();
            if rows.is_empty() {
                assert_eq!(
                    p,
                    n - 1,
                    "only the totals may stand alone, on the last page"
                );
                continue;
            }
            assert!(
                page.lines().any(|l| l.trim_start().starts_with("Fecha")
                    && l.contains("Lugar")
                    && l.contains("Firma") == signature_column),
                "headings on page {p}"
            );
            // Oldest first, continuing where the previous page stopped.
            assert!(rows.windows(2).all(|w| w[1] == w[0] + 1), "page {p}");
            assert_eq!(rows[0], previous.map_or(0, |r: usize| r + 1), "page {p}");
            previous = rows.last().copied();
        }
        assert_eq!(previous, Some(499));
        assert_eq!(count(&all, "Reuniones: 6"), 1);
        assert!(pages[n - 1].contains("Reuniones: 6"));
        assert!(pages[n - 1].contains("Hecho con notas propias"));
        assert_eq!(
            count(&all, "Hecho con notas propias"),
            1,
            "on the last page only"
        );
        assert_eq!(count(&all, "Asistencia a reuniones"), 1, "the heading once");
    }
}

#[test]
fn the_metadata_holds_the_given_title_and_producer_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let lines = vec![row(1, "Мария", "Sala")];
    let mut text = spanish_text("Notes");
    text.title = "Attendance".into();
    let pdf = render_attendance_pdf(&lines, &ReportOptions::default(), &text).unwrap();
    let info = pdfinfo(&pdf, dir.path());
    assert_eq!(info_field(&info, "Title"), Some("Attendance"));
    assert_eq!(info_field(&info, "Producer"), Some("Notes"));
    assert_eq!(info_field(&info, "Creator"), Some("Notes"));
    for absent in ["Author", "Subject", "Keywords", "CreationDate", "ModDate"] {
        assert_eq!(info_field(&info, absent), None, "{absent}");
    }
    assert_eq!(
        info_field(&info, "Metadata Stream"),
        Some("no"),
        "no XMP packet"
    );

    // Nowhere in the file, its streams uncompressed, does it name the app or the library.
    let path = dir.path().join("meta.pdf");
    let plain = dir.path().join("plain.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let status = Command::new("qpdf")
        .args([
            "--qdf",
            "--object-streams=disable",
            "--stream-data=uncompress",
        ])
        .arg(&path)
        .arg(&plain)
        .status()
        .expect("qpdf must be installed (scripts/debian-packages.txt)");
    assert!(status.success());
    let bytes = std::fs::read(&plain).unwrap();
    let plain = String::from_utf8_lossy(&bytes).to_lowercase();
    assert!(
        plain.contains("/producer (notes)"),
        "the check reads the metadata"
    );
    for word in ["recovery", "journal", "krilla", "xmp", "narcotics"] {
        assert!(!plain.contains(word), "{word} in the file");
    }
}
