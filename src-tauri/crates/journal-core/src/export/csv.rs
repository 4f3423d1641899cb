//! Meetings attended as CSV (RFC 4180), for a date range.
//!
//! Contract: one header row, then one row per meeting in the range, oldest first, CRLF line
//! ends, every field quoted when it holds a comma, quote, CR or LF. A cell that a spreadsheet
//! would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a CR) is prefixed with a
//! single quote, so opening the file never executes anything a meeting's name or note carried.

use chrono::NaiveDate;

use crate::error::{JournalError, Result};
use crate::journal::{Journal, MeetingFilter};
use crate::model::{Attendance, MeetingFormat};
use crate::validate::{Problem, ValidationError};

/// The CSV's header row.
const HEADER: [&str; 11] = [
    "Date",
    "Start time",
    "Minutes",
    "Name",
    "Group",
    "Formats",
    "Attended",
    "Place",
    "Service",
    "Shared",
    "Notes",
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

/// The English name of a format, as exports and the attendance report print it.
pub(crate) fn format_name(f: MeetingFormat) -> &'static str {
    match f {
        MeetingFormat::Open => "Open",
        MeetingFormat::Closed => "Closed",
        MeetingFormat::Discussion => "Discussion",
        MeetingFormat::Speaker => "Speaker",
        MeetingFormat::StepStudy => "Step study",
        MeetingFormat::Literature => "Literature",
        MeetingFormat::Newcomer => "Newcomer",
        MeetingFormat::Candlelight => "Candlelight",
        MeetingFormat::Other => "Other",
    }
}

/// The English word for how the member attended.
pub(crate) fn attendance_name(a: Attendance) -> &'static str {
    match a {
        Attendance::InPerson => "In person",
        Attendance::Online => "Online",
        Attendance::Hybrid => "Hybrid",
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
    /// Meetings from `from` to `to` (both included) as CSV; see the module contract.
    pub fn export_meetings_csv(&self, from: NaiveDate, to: NaiveDate) -> Result<String> {
        check_range(from, to)?;
        let mut meetings = self.meetings(&MeetingFilter {
            from: Some(from),
            to: Some(to),
            ..MeetingFilter::default()
        });
        meetings.reverse();
        let mut out = HEADER.join(",");
        out.push_str("\r\n");
        for m in meetings {
            let formats: Vec<&str> = m.formats.iter().map(|f| format_name(*f)).collect();
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
                attendance_name(m.attendance).to_owned(),
                m.place,
                m.service_role,
                if m.shared { "yes" } else { "no" }.to_owned(),
                m.notes,
            ];
            let cells: Vec<String> = row.iter().map(|v| cell(v)).collect();
            out.push_str(&cells.join(","));
            out.push_str("\r\n");
        }
        Ok(out)
    }
}
