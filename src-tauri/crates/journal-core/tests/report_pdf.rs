//! The attendance report: every meeting in the range and none outside it, in a PDF whose
//! structure is checked by our own parser and by `qpdf --check` and `pdftotext` (poppler-utils
//! and qpdf are in scripts/debian-packages.txt).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use chrono::{NaiveDate, NaiveTime};
use common::*;
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

/// Undo a PDF string literal's escapes and map WinAnsi back to text (enough for our output).
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            let next = b[i + 1];
            if next.is_ascii_digit() {
                let code = u8::from_str_radix(&s[i + 1..i + 4], 8).unwrap();
                out.push(char::from(code)); // Latin-1 agrees with WinAnsi for é
                i += 4;
            } else {
                out.push(char::from(next));
                i += 2;
            }
        } else {
            out.push(char::from(b[i]));
            i += 1;
        }
    }
    out
}

/// The file as text, one char per byte (our output is ASCII after its binary-marker line).
fn ascii(pdf: &[u8]) -> String {
    pdf.iter()
        .map(|&b| if b.is_ascii() { char::from(b) } else { '?' })
        .collect()
}

/// Every string shown with `Tj`, in order.
fn shown_strings(pdf: &[u8]) -> Vec<String> {
    let text = ascii(pdf);
    text.lines()
        .filter(|l| l.ends_with(" Tj ET"))
        .map(|l| {
            let open = l.find('(').unwrap();
            let close = l.rfind(") Tj").unwrap();
            unescape(&l[open + 1..close])
        })
        .collect()
}

fn check_structure(pdf: &[u8]) -> usize {
    assert!(pdf.starts_with(b"%PDF-1.4\n"));
    assert!(pdf.ends_with(b"%%EOF\n"));
    let text = ascii(pdf);
    let startxref: usize = text
        .rsplit("startxref\n")
        .next()
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(pdf[startxref..].starts_with(b"xref\n0 "));
    let xref = &text[startxref..];
    let count: usize = xref.lines().nth(1).unwrap()[2..].parse().unwrap();
    for (n, line) in xref.lines().skip(3).take(count - 1).enumerate() {
        assert_eq!(line.len(), 19, "an xref entry is 20 bytes with its newline");
        let offset: usize = line[..10].parse().unwrap();
        let expected = format!("{} 0 obj\n", n + 1);
        assert!(
            pdf[offset..].starts_with(expected.as_bytes()),
            "object {} is not at {offset}",
            n + 1
        );
    }
    // Every stream's /Length is its exact size.
    for (i, _) in text.match_indices("/Length ") {
        let rest = &text[i + 8..];
        let len: usize = rest[..rest.find(' ').unwrap()].parse().unwrap();
        let start = i + 8 + rest.find("stream\n").unwrap() + 7;
        assert_eq!(&pdf[start + len..start + len + 10], b"\nendstream");
    }
    count - 1
}

fn page_count(pdf: &[u8]) -> usize {
    let text = ascii(pdf);
    let at = text.find("/Count ").unwrap() + 7;
    text[at..].split(' ').next().unwrap().parse().unwrap()
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
    assert_eq!(report.rows[1].place, "Online");
    assert_eq!(report.rows[0].place, "Church hall, 3 Elm Road");
    assert_eq!(
        report.rows[2].place,
        "Church hall, 3 Elm Road (also online)"
    );
    assert_eq!(report.rows[0].formats, ["Open", "Discussion"]);
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
        let pdf = render_attendance_pdf(&report, &options);
        check_structure(&pdf);
        let shown = shown_strings(&pdf);
        for i in 0..120 {
            let name = if i == 7 {
                "Café (Hope) \\ Unity".to_owned()
            } else {
                format!("Meeting {i:03} (Hope)")
            };
            assert_eq!(
                shown.iter().filter(|s| **s == name).count(),
                1,
                "{name} should appear once"
            );
        }
        for outside in [
            "Outside before",
            "Outside after",
            "Outside last year",
            "Outside later",
        ] {
            assert!(!shown.iter().any(|s| s.contains(outside)), "{outside}");
        }
        assert!(
            !shown.iter().any(|s| s.contains("Never printed")),
            "group, service and notes stay off the report"
        );
        let dates = shown.iter().filter(|s| s.starts_with("2026-")).count();
        assert_eq!(dates, 120);
        let pages = page_count(&pdf);
        assert!(pages >= 3, "{pages} pages");
        for p in 1..=pages {
            assert!(shown.contains(&format!("Page {p} of {pages}")));
        }
        // The column headings repeat on every page.
        assert_eq!(shown.iter().filter(|s| *s == "Meeting").count(), pages);
        assert_eq!(
            shown.iter().filter(|s| *s == "Signature").count(),
            if signature_column { pages } else { 0 }
        );
        assert!(shown.contains(&"Name: Sam R.".to_owned()));
        assert!(shown.contains(&"Period: 2026-08-01 to 2026-10-31".to_owned()));
        assert!(shown.contains(&"Total meetings: 120".to_owned()));
        assert!(shown.contains(&"Days with a meeting: 92".to_owned()));
        assert_eq!(
            render_attendance_pdf(&report, &options),
            pdf,
            "deterministic"
        );
        external_tools_agree(
            &pdf,
            pages,
            &dir.path().join(format!("r{signature_column}.pdf")),
        );
    }
}

fn external_tools_agree(pdf: &[u8], pages: usize, path: &std::path::Path) {
    std::fs::write(path, pdf).unwrap();
    let qpdf = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf is in scripts/debian-packages.txt");
    assert!(
        qpdf.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&qpdf.stdout)
    );
    let stdout = String::from_utf8_lossy(&qpdf.stdout);
    assert!(!stdout.contains("WARNING"), "{stdout}");
    let text = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is in scripts/debian-packages.txt");
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    for i in (0..120).filter(|i| *i != 7) {
        assert!(
            text.contains(&format!("Meeting {i:03} (Hope)")),
            "pdftotext lost {i}"
        );
    }
    assert!(text.contains("Café (Hope) \\ Unity"));
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    assert!(!text.contains("Outside"));
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
    let pdf = render_attendance_pdf(&empty, &ReportOptions::default());
    check_structure(&pdf);
    let shown = shown_strings(&pdf);
    assert!(shown.contains(&"No meetings were recorded in this period.".to_owned()));
    assert!(shown.contains(&"Page 1 of 1".to_owned()));

    let one = j
        .attendance_report(date(2026, 3, 1), date(2026, 3, 31))
        .unwrap();
    let options = ReportOptions {
        paper: PaperSize::Letter,
        ..ReportOptions::default()
    };
    let pdf = render_attendance_pdf(&one, &options);
    check_structure(&pdf);
    assert!(ascii(&pdf).contains("/MediaBox [0 0 612.00 792.00]"));
    let shown = shown_strings(&pdf);
    let cut = shown.iter().find(|s| s.starts_with("A very long")).unwrap();
    assert!(cut.ends_with("...") && cut.len() < long.len(), "{cut}");
}
