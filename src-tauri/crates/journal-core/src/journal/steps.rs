//! The twelve steps: status, notes, questions, and the 4th-, 8th/9th- and 10th-step lists.
//!
//! Contract:
//! - A step without a saved record reads as not started ([`Journal::step_work`]);
//!   [`Journal::set_step_status`] dates the start and the completion from the status.
//! - Word counts are whitespace-separated words; steps 4, 8, 9 and 10 count their lists too.
//! - Reordering questions is one transaction: all move, or none does.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::unlocked::{Journal, count};
use crate::error::{JournalError, Result};
use crate::model::{
    Amend, AmendStatus, Entity, InventoryRow, NightlyReview, STEP_COUNT, StepInfo, StepNote,
    StepQuestion, StepStatus, StepWork, step_info,
};
use crate::search;

/// One step as the overview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepOverview {
    /// Number, summary and usual principle.
    pub info: StepInfo,
    /// The member's status and dates.
    pub work: StepWork,
    /// Notes written on the step.
    pub notes: u32,
    /// Questions on the step.
    pub questions: u32,
    /// Questions with an answer.
    pub answered: u32,
    /// Words written on the step (notes, answers and, for steps 4, 8, 9 and 10, their lists).
    pub words: u32,
}

/// Everything one step's page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepPage {
    /// The step's overview line (number, summary, principle, status, counts).
    pub overview: StepOverview,
    /// Notes, newest first.
    pub notes: Vec<StepNote>,
    /// Questions in the member's order.
    pub questions: Vec<StepQuestion>,
}

impl Journal {
    /// The member's record for `step`, or a fresh one (not yet saved).
    pub fn step_work(&self, step: u8) -> StepWork {
        self.all::<StepWork>()
            .find(|w| w.step == step)
            .cloned()
            .unwrap_or(StepWork {
                id: Uuid::nil(),
                step,
                status: StepStatus::NotStarted,
                started_on: None,
                completed_on: None,
                principle: String::new(),
            })
    }

    /// Set a step's status, dating the start and the completion.
    pub fn set_step_status(
        &mut self,
        step: u8,
        status: StepStatus,
        today: NaiveDate,
    ) -> Result<StepWork> {
        let mut work = self.step_work(step);
        work.status = status;
        match status {
            StepStatus::NotStarted => {
                work.started_on = None;
                work.completed_on = None;
            }
            StepStatus::Working => {
                work.started_on.get_or_insert(today);
                work.completed_on = None;
            }
            StepStatus::Done => {
                work.started_on.get_or_insert(today);
                work.completed_on = Some(today);
            }
        }
        self.save(work, today)
    }

    /// The twelve steps with status and how much has been written on each.
    pub fn steps_overview(&self) -> Vec<StepOverview> {
        (1..=STEP_COUNT)
            .filter_map(|n| {
                let info = step_info(n)?;
                let notes: Vec<&StepNote> =
                    self.all::<StepNote>().filter(|x| x.step == n).collect();
                let questions: Vec<&StepQuestion> =
                    self.all::<StepQuestion>().filter(|x| x.step == n).collect();
                let mut words: usize = notes.iter().map(|x| word_count(&x.text)).sum::<usize>()
                    + questions
                        .iter()
                        .map(|x| word_count(&x.answer))
                        .sum::<usize>();
                words += match n {
                    4 => self.all::<InventoryRow>().map(words_of).sum(),
                    8 | 9 => self.all::<Amend>().map(words_of).sum(),
                    10 => self.all::<NightlyReview>().map(words_of).sum(),
                    _ => 0,
                };
                Some(StepOverview {
                    info,
                    work: self.step_work(n),
                    notes: count(notes.len()),
                    questions: count(questions.len()),
                    answered: count(
                        questions
                            .iter()
                            .filter(|q| !q.answer.trim().is_empty())
                            .count(),
                    ),
                    words: count(words),
                })
            })
            .collect()
    }

    /// One step's page, or `None` for a number outside 1 to 12.
    pub fn step_page(&self, step: u8) -> Option<StepPage> {
        let overview = self
            .steps_overview()
            .into_iter()
            .find(|o| o.info.number == step)?;
        Some(StepPage {
            overview,
            notes: self.step_notes(step),
            questions: self.step_questions(step),
        })
    }

    /// Notes on `step`, newest first.
    pub fn step_notes(&self, step: u8) -> Vec<StepNote> {
        let mut v: Vec<StepNote> = self
            .all::<StepNote>()
            .filter(|n| n.step == step)
            .cloned()
            .collect();
        v.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
        v
    }

    /// Questions on `step`, in the member's order.
    pub fn step_questions(&self, step: u8) -> Vec<StepQuestion> {
        let mut v: Vec<StepQuestion> = self
            .all::<StepQuestion>()
            .filter(|q| q.step == step)
            .cloned()
            .collect();
        v.sort_by_key(|q| (q.position, q.id));
        v
    }

    /// Put the questions of `step` in the order of `ids`, in one transaction. Ids not on the
    /// step are refused; questions not named keep their relative order after the named ones.
    pub fn reorder_questions(&mut self, step: u8, ids: &[Uuid], today: NaiveDate) -> Result<()> {
        let mut current = self.step_questions(step);
        if ids.iter().any(|id| !current.iter().any(|q| q.id == *id)) {
            return Err(JournalError::NotFound);
        }
        current.sort_by_key(|q| ids.iter().position(|id| *id == q.id).unwrap_or(usize::MAX));
        for (pos, q) in current.iter_mut().enumerate() {
            q.position = count(pos);
        }
        // One transaction for the whole new order: a crash never leaves two questions sharing
        // a position.
        self.save_many(current, today)?;
        Ok(())
    }

    /// The 4th-step inventory, in table order.
    pub fn inventory(&self) -> Vec<InventoryRow> {
        let mut v: Vec<InventoryRow> = self.all::<InventoryRow>().cloned().collect();
        v.sort_by_key(|r| (r.position, r.id));
        v
    }

    /// The amends list, optionally only those with `status`, by person.
    pub fn amends(&self, status: Option<AmendStatus>) -> Vec<Amend> {
        let mut v: Vec<Amend> = self
            .all::<Amend>()
            .filter(|a| status.is_none_or(|s| a.status == s))
            .cloned()
            .collect();
        v.sort_by_cached_key(|a| (search::fold(&a.person), a.id));
        v
    }

    /// Nightly reviews, newest first.
    pub fn nightly_reviews(&self) -> Vec<NightlyReview> {
        let mut v: Vec<NightlyReview> = self.all::<NightlyReview>().cloned().collect();
        v.sort_by_key(|x| std::cmp::Reverse(x.date));
        v
    }
}

fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

fn words_of<T: Entity>(record: &T) -> usize {
    record.texts().iter().map(|t| word_count(t)).sum()
}
