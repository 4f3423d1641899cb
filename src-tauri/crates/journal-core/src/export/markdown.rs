//! Step work as Markdown: one step or all twelve.
//!
//! Contract: the member's text is written as they wrote it (Markdown in it stays Markdown);
//! headings and labels come from this module. Steps 4, 8/9 and 10 include their lists
//! (inventory, amends, nightly reviews). Output ends with a newline and is deterministic.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::error::{JournalError, Result};
use crate::journal::Journal;
use crate::model::{AmendStatus, AskedBy, STEP_COUNT, StepStatus, step_info};
use crate::validate::{Problem, ValidationError};

fn status_line(status: StepStatus, started: Option<NaiveDate>, done: Option<NaiveDate>) -> String {
    let mut s = match status {
        StepStatus::NotStarted => "Not started".to_owned(),
        StepStatus::Working => "Working on it".to_owned(),
        StepStatus::Done => "Done".to_owned(),
    };
    if let Some(d) = started {
        let _ = write!(s, ", started {d}");
    }
    if let Some(d) = done {
        let _ = write!(s, ", completed {d}");
    }
    s
}

/// A single line for a heading: line breaks become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn field(out: &mut String, label: &str, text: &str) {
    if !text.trim().is_empty() {
        let _ = write!(out, "**{label}:** {}\n\n", text.trim());
    }
}

impl Journal {
    /// Step work as Markdown: `Some(n)` for step `n` only, `None` for all twelve. A number
    /// outside 1 to 12 is refused as an invalid `step`.
    pub fn export_steps_markdown(&self, step: Option<u8>) -> Result<String> {
        let steps: Vec<u8> = match step {
            Some(n) if (1..=STEP_COUNT).contains(&n) => vec![n],
            Some(_) => {
                return Err(JournalError::Invalid(ValidationError::new(
                    "step",
                    Problem::OutOfRange {
                        min: 1,
                        max: u32::from(STEP_COUNT),
                    },
                )));
            }
            None => (1..=STEP_COUNT).collect(),
        };
        let mut out = String::new();
        if step.is_none() {
            out.push_str("# My step work\n\n");
        }
        let level = if step.is_none() { "##" } else { "#" };
        for n in steps {
            self.step_markdown(n, level, &mut out);
        }
        Ok(out)
    }

    fn step_markdown(&self, n: u8, h: &str, out: &mut String) {
        let Some(info) = step_info(n) else {
            return;
        };
        let work = self.step_work(n);
        let _ = write!(out, "{h} Step {n}\n\n> {}\n\n", info.summary);
        let _ = write!(
            out,
            "**Status:** {}\n\n",
            status_line(work.status, work.started_on, work.completed_on)
        );
        let _ = write!(out, "**Principle:** {}\n\n", info.principle);
        field(out, "What the principle means to me", &work.principle);
        let questions = self.step_questions(n);
        if !questions.is_empty() {
            let _ = write!(out, "{h}# Questions\n\n");
            for q in questions {
                let by = match q.asked_by {
                    AskedBy::Me => "",
                    AskedBy::Sponsor => " (from my sponsor)",
                };
                let _ = write!(out, "{h}## {}{by}\n\n", one_line(&q.question));
                if q.answer.trim().is_empty() {
                    out.push_str("*Not answered yet.*\n\n");
                } else {
                    let _ = write!(out, "{}\n\n", q.answer.trim());
                }
            }
        }
        let notes = self.step_notes(n);
        if !notes.is_empty() {
            let _ = write!(out, "{h}# Notes\n\n");
            for note in notes {
                let title = one_line(&note.title);
                let sep = if title.is_empty() { "" } else { ": " };
                let _ = write!(out, "{h}## {}{sep}{title}\n\n", note.date);
                let _ = write!(out, "{}\n\n", note.text.trim());
            }
        }
        match n {
            4 => {
                let rows = self.inventory();
                if !rows.is_empty() {
                    let _ = write!(out, "{h}# Inventory\n\n");
                }
                for r in rows {
                    let _ = write!(out, "{h}## {}\n\n", one_line(&r.who_or_what));
                    field(out, "What happened", &r.what_happened);
                    field(out, "How it affects me", &r.affects_me);
                    field(out, "My part", &r.my_part);
                    field(out, "Fears", &r.fears);
                }
            }
            8 | 9 => {
                let amends = self.amends(None);
                if !amends.is_empty() {
                    let _ = write!(out, "{h}# Amends list\n\n");
                }
                for a in amends {
                    let status = match a.status {
                        AmendStatus::Planned => "planned".to_owned(),
                        AmendStatus::Made => match a.date {
                            Some(d) => format!("made on {d}"),
                            None => "made".to_owned(),
                        },
                        AmendStatus::NotPossible => "not possible directly".to_owned(),
                    };
                    let _ = write!(out, "{h}## {} ({status})\n\n", one_line(&a.person));
                    field(out, "The harm", &a.harm);
                    field(out, "Notes", &a.notes);
                }
            }
            10 => {
                let reviews = self.nightly_reviews();
                if !reviews.is_empty() {
                    let _ = write!(out, "{h}# Nightly reviews\n\n");
                }
                for r in reviews {
                    let _ = write!(out, "{h}## {}\n\n", r.date);
                    field(out, "What went well", &r.went_well);
                    field(out, "Struggles", &r.struggles);
                    field(out, "Amends I owe", &r.owe_amends);
                    field(out, "Grateful for", &r.grateful_for);
                    field(out, "Tomorrow", &r.tomorrow);
                }
            }
            _ => {}
        }
    }
}
