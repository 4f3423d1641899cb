//! The attendance report: meetings attended in a date range, for a court, a probation officer
//! or a treatment programme, as data and as a printable PDF.
//!
//! Contract: the report lists every meeting in the range (both days included), oldest first,
//! with date, start time, name, formats and place ("Online" for meetings attended online), and
//! totals. It holds nothing else from the journal (no notes, no service, no clean time). The
//! PDF is produced by [`pdf`], a small self-contained writer: no dependency, no fonts embedded.

pub mod pdf;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::export::csv::{attendance_name, check_range, format_name};
use crate::journal::{Journal, MeetingFilter};
use crate::model::Attendance;

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
    /// Its formats, by name.
    pub formats: Vec<String>,
    /// Where it was held, or "Online".
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

/// Where a meeting was, as the report prints it.
fn place_of(attendance: Attendance, place: &str) -> String {
    let place = place.trim();
    match attendance {
        Attendance::Online => "Online".to_owned(),
        Attendance::InPerson => place.to_owned(),
        Attendance::Hybrid if place.is_empty() => "Online".to_owned(),
        Attendance::Hybrid => format!("{place} (also online)"),
    }
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
                    formats: m
                        .formats
                        .iter()
                        .map(|f| format_name(*f).to_owned())
                        .collect(),
                    place: place_of(m.attendance, &m.place),
                    attendance: m.attendance,
                    name: m.name,
                })
                .collect(),
        })
    }
}

/// The words for how a meeting was attended, for the PDF's totals.
pub(crate) fn attendance_word(a: Attendance) -> &'static str {
    attendance_name(a)
}
