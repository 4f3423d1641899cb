//! Step work as Markdown: one step or all twelve.
//!
//! Contract: the member's text is written as they wrote it (Markdown in it stays Markdown);
//! headings, labels, step summaries and dates are in the member's language ([`Words`]).
//! Steps 4, 8/9 and 10 include their lists (inventory, amends, nightly reviews). Output ends
//! with a newline and is deterministic.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::error::{JournalError, Result};
use crate::journal::Journal;
use crate::model::{AmendStatus, AskedBy, STEP_COUNT, StepStatus};
use crate::validate::{Problem, ValidationError};
use crate::words::Words;

fn status_line(
    w: &Words,
    status: StepStatus,
    started: Option<NaiveDate>,
    done: Option<NaiveDate>,
) -> String {
    let mut s = w.text(
        match status {
            StepStatus::NotStarted => "exports.markdown.notStarted",
            StepStatus::Working => "exports.markdown.working",
            StepStatus::Done => "exports.markdown.done",
        },
        &[],
    );
    if let Some(d) = started {
        let date = w.date(d);
        let _ = write!(
            s,
            ", {}",
            w.text("exports.markdown.started", &[("date", &date)])
        );
    }
    if let Some(d) = done {
        let date = w.date(d);
        let _ = write!(
            s,
            ", {}",
            w.text("exports.markdown.completed", &[("date", &date)])
        );
    }
    s
}

/// A single line for a heading: line breaks become spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A labelled field; `label` is a key under `exports.markdown`.
fn field(out: &mut String, w: &Words, label: &str, text: &str) {
    if !text.trim().is_empty() {
        let label = w.text(&format!("exports.markdown.{label}"), &[]);
        let _ = write!(out, "**{label}:** {}\n\n", text.trim());
    }
}

impl Journal {
    /// Step work as Markdown in the language of `words`: `Some(n)` for step `n` only, `None`
    /// for all twelve. A number outside 1 to 12 is refused as an invalid `step`.
    pub fn export_steps_markdown(&self, step: Option<u8>, words: &Words) -> Result<String> {
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
            let _ = write!(out, "# {}\n\n", words.text("exports.markdown.title", &[]));
        }
        let level = if step.is_none() { "##" } else { "#" };
        for n in steps {
            self.step_markdown(words, n, level, &mut out);
        }
        Ok(out)
    }

    fn step_markdown(&self, w: &Words, n: u8, h: &str, out: &mut String) {
        let work = self.step_work(n);
        let number = n.to_string();
        let text = |key: &str| w.text(key, &[]);
        let _ = write!(
            out,
            "{h} {}\n\n> {}\n\n",
            w.text("exports.markdown.step", &[("number", &number)]),
            text(&format!("steps.about.{n}.summary"))
        );
        let _ = write!(
            out,
            "**{}:** {}\n\n",
            text("exports.markdown.status"),
            status_line(w, work.status, work.started_on, work.completed_on)
        );
        let _ = write!(
            out,
            "**{}:** {}\n\n",
            text("exports.markdown.principle"),
            text(&format!("steps.about.{n}.principle"))
        );
        field(out, w, "principleMine", &work.principle);
        let questions = self.step_questions(n);
        if !questions.is_empty() {
            let _ = write!(out, "{h}# {}\n\n", text("exports.markdown.questions"));
            for q in questions {
                let by = match q.asked_by {
                    AskedBy::Me => String::new(),
                    AskedBy::Sponsor => format!(" ({})", text("exports.markdown.fromSponsor")),
                };
                let _ = write!(out, "{h}## {}{by}\n\n", one_line(&q.question));
                if q.answer.trim().is_empty() {
                    let _ = write!(out, "*{}*\n\n", text("exports.markdown.notAnswered"));
                } else {
                    let _ = write!(out, "{}\n\n", q.answer.trim());
                }
            }
        }
        let notes = self.step_notes(n);
        if !notes.is_empty() {
            let _ = write!(out, "{h}# {}\n\n", text("exports.markdown.notes"));
            for note in notes {
                let title = one_line(&note.title);
                let sep = if title.is_empty() { "" } else { ": " };
                let _ = write!(out, "{h}## {}{sep}{title}\n\n", w.date(note.date));
                let _ = write!(out, "{}\n\n", note.text.trim());
            }
        }
        match n {
            4 => {
                let rows = self.inventory();
                if !rows.is_empty() {
                    let _ = write!(out, "{h}# {}\n\n", text("exports.markdown.inventory"));
                }
                for r in rows {
                    let _ = write!(out, "{h}## {}\n\n", one_line(&r.who_or_what));
                    field(out, w, "whatHappened", &r.what_happened);
                    field(out, w, "affectsMe", &r.affects_me);
                    field(out, w, "myPart", &r.my_part);
                    field(out, w, "fears", &r.fears);
                }
            }
            8 | 9 => {
                let amends = self.amends(None);
                if !amends.is_empty() {
                    let _ = write!(out, "{h}# {}\n\n", text("exports.markdown.amends"));
                }
                for a in amends {
                    let status = match a.status {
                        AmendStatus::Planned => text("exports.markdown.planned"),
                        AmendStatus::Made => match a.date {
                            Some(d) => w.text("exports.markdown.madeOn", &[("date", &w.date(d))]),
                            None => text("exports.markdown.made"),
                        },
                        AmendStatus::NotPossible => text("exports.markdown.notPossible"),
                    };
                    let _ = write!(out, "{h}## {} ({status})\n\n", one_line(&a.person));
                    field(out, w, "harm", &a.harm);
                    field(out, w, "notes", &a.notes);
                }
            }
            10 => {
                let reviews = self.nightly_reviews();
                if !reviews.is_empty() {
                    let _ = write!(out, "{h}# {}\n\n", text("exports.markdown.reviews"));
                }
                for r in reviews {
                    let _ = write!(out, "{h}## {}\n\n", w.date(r.date));
                    field(out, w, "wentWell", &r.went_well);
                    field(out, w, "struggles", &r.struggles);
                    field(out, w, "oweAmends", &r.owe_amends);
                    field(out, w, "gratefulFor", &r.grateful_for);
                    field(out, w, "tomorrow", &r.tomorrow);
                }
            }
            _ => {}
        }
    }
}
