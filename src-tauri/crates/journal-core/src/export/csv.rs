//! Meetings attended as CSV (RFC 4180), for a date range.
//!
//! Contract: words (headers, formats, how attended, yes/no) are in the member's language;
//! dates stay ISO 8601 and times 24-hour, so a spreadsheet reads them as dates. One header
//! row, then one row per meeting in the range, oldest first, CRLF line ends, every field
//! quoted when it holds a comma, quote, CR or LF. A cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a CR) is prefixed with a single quote,
//! so opening the file never executes anything a meeting's name or note carried.

use chrono::NaiveDate;

use crate::error::{JournalError, Result};
use crate::journal::{Journal, MeetingFilter};
use crate::model::{Attendance, MeetingFormat};
use crate::validate::{Problem, ValidationError};
use crate::words::Words;

/// The CSV's header row, as keys under `exports.csv`.
const HEADER: [&str; 11] = [
    "date",
    "startTime",
    "minutes",
    "name",
    "group",
    "formats",
    "attended",
    "place",
    "service",
    "shared",
    "notes",
];

/// One cell, neutralised against formula injection and quoted per RFC 4180 when needed.
pub(crate) fn cell(value: &str) -> String {
    let mut v = String::with_capacity(value.len() + 3);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        v.push('\'');
    }
    v.push_str(value);
    if v.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// The locale key naming a format, the same on screen, in exports and on the report.
pub(crate) fn format_key(f: MeetingFormat) -> &'static str {
    match f {
        MeetingFormat::Open => "meetings.formats.open",
        MeetingFormat::Closed => "meetings.formats.closed",
        MeetingFormat::Discussion => "meetings.formats.discussion",
        MeetingFormat::Speaker => "meetings.formats.speaker",
        MeetingFormat::StepStudy => "meetings.formats.stepStudy",
        MeetingFormat::Literature => "meetings.formats.literature",
        MeetingFormat::Newcomer => "meetings.formats.newcomer",
        MeetingFormat::Candlelight => "meetings.formats.candlelight",
        MeetingFormat::Other => "meetings.formats.other",
    }
}

/// The locale key for how the member attended.
pub(crate) fn attendance_key(a: Attendance) -> &'static str {
    match a {
        Attendance::InPerson => "meetings.attendance.inPerson",
        Attendance::Online => "meetings.attendance.online",
        Attendance::Hybrid => "meetings.attendance.hybrid",
    }
}

/// Refuse a range whose end is before its start.
pub(crate) fn check_range(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(JournalError::Invalid(ValidationError::new(
            "to",
            Problem::DateOrder,
        )));
    }
    Ok(())
}

impl Journal {
    /// Meetings from `from` to `to` (both included) as CSV, headers and words in the language
    /// of `words`; see the module contract.
    pub fn export_meetings_csv(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        words: &Words,
    ) -> Result<String> {
        check_range(from, to)?;
        let mut meetings = self.meetings(&MeetingFilter {
            from: Some(from),
            to: Some(to),
            ..MeetingFilter::default()
        });
        meetings.reverse();
        let text = |key: &str| words.text(key, &[]);
        let header: Vec<String> = HEADER
            .iter()
            .map(|k| cell(&text(&format!("exports.csv.{k}"))))
            .collect();
        let mut out = header.join(",");
        out.push_str("\r\n");
        for m in meetings {
            let formats: Vec<String> = m.formats.iter().map(|f| text(format_key(*f))).collect();
            let row = [
                m.date.to_string(),
                m.start_time
                    .map(|t| t.format("%H:%M").to_string())
                    .unwrap_or_default(),
                m.duration_minutes
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                m.name,
                m.group,
                formats.join("; "),
                text(attendance_key(m.attendance)),
                m.place,
                m.service_role,
                text(if m.shared {
                    "exports.csv.yes"
                } else {
                    "exports.csv.no"
                }),
                m.notes,
            ];
            let cells: Vec<String> = row.iter().map(|v| cell(v)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        Ok(out)
    }
}
