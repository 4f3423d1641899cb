//! The attendance report: meetings attended in a date range, for a court, a probation officer
//! or a treatment programme, as data and as a printable PDF.
//!
//! Contract:
//! - The report lists every meeting in the range (both days included), oldest first, with
//!   date, start time, name, formats, place and how it was attended, and totals. It holds
//!   nothing else from the journal (no notes, no service, no clean time): whoever receives it
//!   learns only that the member went to meetings.
//! - It is built from the unlocked journal's records in memory; nothing here reads the file.
//! - The PDF is drawn by [`pdf`] (krilla, with an embedded Unicode font) from rows and words
//!   that are already formatted ([`pdf::ReportLine`], [`pdf::ReportText`]): this module decides
//!   what the report holds, and [`report_text`] gives its words in the member's language, from
//!   the same locale keys the screen uses, so the columns and dates read the same on screen and
//!   on paper.

pub mod pdf;

pub use pdf::{ReportColumns, ReportLine, ReportText};

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::export::csv::{attendance_key, check_range, format_key};
use crate::journal::{Journal, MeetingFilter};
use crate::model::{Attendance, MeetingFormat};
use crate::words::Words;

/// One meeting on the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttendanceRow {
    /// The day.
    pub date: NaiveDate,
    /// The start time, if noted.
    pub start_time: Option<NaiveTime>,
    /// The meeting's name.
    pub name: String,
    /// Its formats.
    pub formats: Vec<MeetingFormat>,
    /// Where it was held, as the member wrote it (empty for a meeting attended online); shown
    /// with the attendance through [`place_text`] or the UI's same words.
    pub place: String,
    /// How the member attended.
    pub attendance: Attendance,
}

/// Meetings attended in a date range, with totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AttendanceReport {
    /// First day of the range.
    pub from: NaiveDate,
    /// Last day of the range.
    pub to: NaiveDate,
    /// Every meeting in the range, oldest first.
    pub rows: Vec<AttendanceRow>,
    /// How many meetings.
    pub total: u32,
    /// On how many different days.
    pub days: u32,
    /// Attended in person.
    pub in_person: u32,
    /// Attended online.
    pub online: u32,
    /// Held both ways.
    pub hybrid: u32,
}

/// Paper size of the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum PaperSize {
    /// ISO A4, 210 × 297 mm (the default: most of the world).
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// Choices for the printed report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReportOptions {
    /// Add an empty column for a chairperson's or secretary's signature.
    pub signature_column: bool,
    /// The member's name as it should appear on the report (none: no name line).
    pub member_name: Option<String>,
    /// Paper size.
    pub paper: PaperSize,
    /// The day the report is made, printed on it.
    pub prepared_on: Option<NaiveDate>,
}

impl Journal {
    /// The attendance report for `from` to `to`, both included. An end before the start is
    /// refused as an invalid `to`.
    pub fn attendance_report(&self, from: NaiveDate, to: NaiveDate) -> Result<AttendanceReport> {
        check_range(from, to)?;
        let mut meetings = self.meetings(&MeetingFilter {
            from: Some(from),
            to: Some(to),
            ..MeetingFilter::default()
        });
        meetings.sort_by(|a, b| {
            (a.date, a.start_time, &a.name, a.id).cmp(&(b.date, b.start_time, &b.name, b.id))
        });
        let count = |a: Attendance| {
            u32::try_from(meetings.iter().filter(|m| m.attendance == a).count()).unwrap_or(u32::MAX)
        };
        let mut days: Vec<NaiveDate> = meetings.iter().map(|m| m.date).collect();
        days.dedup();
        Ok(AttendanceReport {
            from,
            to,
            total: u32::try_from(meetings.len()).unwrap_or(u32::MAX),
            days: u32::try_from(days.len()).unwrap_or(u32::MAX),
            in_person: count(Attendance::InPerson),
            online: count(Attendance::Online),
            hybrid: count(Attendance::Hybrid),
            rows: meetings
                .into_iter()
                .map(|m| AttendanceRow {
                    date: m.date,
                    start_time: m.start_time,
                    formats: m.formats,
                    place: m.place.trim().to_owned(),
                    attendance: m.attendance,
                    name: m.name,
                })
                .collect(),
        })
    }
}

/// The report's rows and words in the language of `words`, as the screen shows them (the
/// same keys: `keeping.report.*`, `meetings.formats.*`), ready for [`pdf::render_attendance_pdf`].
/// `producer` names the app in the PDF's metadata: the app's name, or its plain name in
/// discreet mode. `options` gives the member's name and the day the report was made.
pub fn report_text(
    report: &AttendanceReport,
    options: &ReportOptions,
    words: &Words,
    producer: &str,
) -> (Vec<ReportLine>, ReportText) {
    let text = |key: &str| words.text(key, &[]);
    let lines = report
        .rows
        .iter()
        .map(|row| ReportLine {
            date: words.date(row.date),
            time: row.start_time.map(|t| words.time(t)).unwrap_or_default(),
            name: row.name.clone(),
            formats: row
                .formats
                .iter()
                .map(|f| text(format_key(*f)))
                .collect::<Vec<_>>()
                .join(", "),
            place: place_text(words, row.attendance, &row.place),
        })
        .collect();
    let count = |key: &str, n: u32| words.count(key, u64::from(n), &[]);
    let totals = if report.total == 0 {
        vec![text("keeping.report.empty")]
    } else {
        vec![
            format!(
                "{} {}",
                count("keeping.report.total", report.total),
                count("keeping.report.days", report.days)
            ),
            [
                (Attendance::InPerson, report.in_person),
                (Attendance::Online, report.online),
                (Attendance::Hybrid, report.hybrid),
            ]
            .iter()
            .map(|(a, n)| {
                format!(
                    "{}: {}",
                    text(attendance_key(*a)),
                    words.number(u64::from(*n))
                )
            })
            .collect::<Vec<_>>()
            .join("   "),
        ]
    };
    let pages = *words;
    let report_text = ReportText {
        title: text("keeping.report.heading"),
        producer: producer.to_owned(),
        member_line: options
            .member_name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| words.text("keeping.report.for", &[("name", n)])),
        range_line: words.text(
            "keeping.report.period",
            &[
                ("from", &words.date(report.from)),
                ("to", &words.date(report.to)),
            ],
        ),
        prepared_line: options
            .prepared_on
            .map(|d| words.text("keeping.report.prepared", &[("date", &words.date(d))])),
        columns: ReportColumns {
            date: text("keeping.report.colDate"),
            time: text("keeping.report.colTime"),
            name: text("keeping.report.colMeeting"),
            formats: text("keeping.report.colFormats"),
            place: text("keeping.report.colPlace"),
            signature: text("keeping.report.colSignature"),
        },
        totals,
        page_of: Box::new(move |page, of| {
            pages.text(
                "keeping.report.pageOf",
                &[
                    ("page", &pages.number(page as u64)),
                    ("pages", &pages.number(of as u64)),
                ],
            )
        }),
        footer_note: None,
    };
    (lines, report_text)
}

/// Where a meeting was, in words: its place, or "online" in the member's language (and both for
/// a hybrid one), as the screen says it.
pub fn place_text(words: &Words, attendance: Attendance, place: &str) -> String {
    let place = place.trim();
    match attendance {
        Attendance::InPerson => place.to_owned(),
        Attendance::Online => words.text("keeping.meetingList.online", &[]),
        Attendance::Hybrid if place.is_empty() => words.text("keeping.meetingList.online", &[]),
        Attendance::Hybrid => words.text("keeping.meetingList.alsoOnline", &[("place", place)]),
    }
}
