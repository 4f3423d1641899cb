//! Step work: the twelve steps, their status, notes, questions, the 4th-step inventory, the
//! 8th/9th-step amends list and the 10th-step nightly review.
//!
//! The step summaries are our own plain words, not NA literature, and live in the locale files
//! (`steps.about`); members write their own answers.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Entity, RecordKind};
use crate::validate::{self, Problem, Valid, ValidationError};

/// How many steps there are.
pub const STEP_COUNT: u8 = 12;

/// Fixed facts about one step. Its summary (our own plain words, not NA literature) and the
/// principle usually linked with it are words, kept with every other word in the locale files
/// (`steps.about.<number>.summary` and `.principle`), so they follow the member's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepInfo {
    /// 1 to 12.
    pub number: u8,
}

/// The facts about step `number` (1 to 12).
pub fn step_info(number: u8) -> Option<StepInfo> {
    (1..=STEP_COUNT)
        .contains(&number)
        .then_some(StepInfo { number })
}

fn valid_step(field: &str, step: u8) -> Valid {
    validate::in_range(field, u32::from(step), 1, u32::from(STEP_COUNT))
}

/// Where the member is with a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum StepStatus {
    /// Not begun.
    #[default]
    NotStarted,
    /// Being worked now.
    Working,
    /// Done, for now: steps are often worked again.
    Done,
}

/// The member's status on one step. At most one record per step number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepWork {
    /// Identity.
    pub id: Uuid,
    /// 1 to 12.
    pub step: u8,
    /// Status.
    pub status: StepStatus,
    /// When work on the step began.
    #[serde(default)]
    pub started_on: Option<NaiveDate>,
    /// When the step was marked done.
    #[serde(default)]
    pub completed_on: Option<NaiveDate>,
    /// The member's own principle for the step; empty means the usual one.
    #[serde(default)]
    pub principle: String,
}

impl Entity for StepWork {
    super::stored_in!(step_work);
    const KIND: RecordKind = RecordKind::StepWork;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, today: NaiveDate) -> Valid {
        valid_step("step", self.step)?;
        if let Some(d) = self.started_on {
            validate::not_future("startedOn", d, today)?;
        }
        if let Some(d) = self.completed_on {
            validate::not_future("completedOn", d, today)?;
            if self.started_on.is_some_and(|s| d < s) {
                return Err(ValidationError::new("completedOn", Problem::DateOrder));
            }
        }
        validate::short("principle", &self.principle)
    }
    fn title(&self) -> String {
        format!("Step {}", self.step)
    }
    fn date(&self) -> Option<NaiveDate> {
        self.completed_on.or(self.started_on)
    }
    fn texts(&self) -> Vec<&str> {
        vec![&self.principle]
    }
}

/// A dated note or piece of free writing on a step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepNote {
    /// Identity.
    pub id: Uuid,
    /// 1 to 12.
    pub step: u8,
    /// The day it is about.
    pub date: NaiveDate,
    /// An optional title.
    #[serde(default)]
    pub title: String,
    /// The writing itself.
    pub text: String,
}

impl Entity for StepNote {
    super::stored_in!(step_notes);
    const KIND: RecordKind = RecordKind::StepNote;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, today: NaiveDate) -> Valid {
        valid_step("step", self.step)?;
        validate::not_future("date", self.date, today)?;
        validate::short("title", &self.title)?;
        validate::long("text", &self.text)
    }
    fn title(&self) -> String {
        if self.title.trim().is_empty() {
            format!("Step {} note", self.step)
        } else {
            self.title.clone()
        }
    }
    fn date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    fn texts(&self) -> Vec<&str> {
        vec![&self.title, &self.text]
    }
}

/// Who asked a step question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AskedBy {
    /// The member wrote it.
    #[default]
    Me,
    /// The member's sponsor gave it.
    Sponsor,
}

/// A question on a step and the member's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StepQuestion {
    /// Identity.
    pub id: Uuid,
    /// 1 to 12.
    pub step: u8,
    /// Order within the step (smaller first).
    pub position: u32,
    /// Who asked it.
    #[serde(default)]
    pub asked_by: AskedBy,
    /// The question.
    pub question: String,
    /// The answer so far.
    #[serde(default)]
    pub answer: String,
}

impl Entity for StepQuestion {
    super::stored_in!(step_questions);
    const KIND: RecordKind = RecordKind::StepQuestion;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, _today: NaiveDate) -> Valid {
        valid_step("step", self.step)?;
        validate::required_long("question", &self.question)?;
        validate::long("answer", &self.answer)
    }
    fn title(&self) -> String {
        self.question.chars().take(80).collect()
    }
    fn date(&self) -> Option<NaiveDate> {
        None
    }
    fn texts(&self) -> Vec<&str> {
        vec![&self.question, &self.answer]
    }
}

/// A row of the 4th-step inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct InventoryRow {
    /// Identity.
    pub id: Uuid,
    /// Order in the table.
    pub position: u32,
    /// Who or what (a person, an institution, a principle).
    pub who_or_what: String,
    /// What happened.
    #[serde(default)]
    pub what_happened: String,
    /// How it affects me.
    #[serde(default)]
    pub affects_me: String,
    /// My part in it.
    #[serde(default)]
    pub my_part: String,
    /// Fears behind it.
    #[serde(default)]
    pub fears: String,
}

impl Entity for InventoryRow {
    super::stored_in!(inventory);
    const KIND: RecordKind = RecordKind::InventoryRow;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, _today: NaiveDate) -> Valid {
        validate::required_short("whoOrWhat", &self.who_or_what)?;
        validate::long("whatHappened", &self.what_happened)?;
        validate::long("affectsMe", &self.affects_me)?;
        validate::long("myPart", &self.my_part)?;
        validate::long("fears", &self.fears)
    }
    fn title(&self) -> String {
        self.who_or_what.clone()
    }
    fn date(&self) -> Option<NaiveDate> {
        None
    }
    fn texts(&self) -> Vec<&str> {
        vec![
            &self.who_or_what,
            &self.what_happened,
            &self.affects_me,
            &self.my_part,
            &self.fears,
        ]
    }
}

/// Where an amend stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum AmendStatus {
    /// Planned, not yet made.
    #[default]
    Planned,
    /// Made.
    Made,
    /// Not possible directly (the person is gone, or it would cause harm).
    NotPossible,
}

/// An entry of the amends list (steps 8 and 9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Amend {
    /// Identity.
    pub id: Uuid,
    /// The person, as the member writes it.
    pub person: String,
    /// The harm done.
    #[serde(default)]
    pub harm: String,
    /// Status.
    #[serde(default)]
    pub status: AmendStatus,
    /// When it was made or is planned; may be in the future.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Notes.
    #[serde(default)]
    pub notes: String,
}

impl Entity for Amend {
    super::stored_in!(amends);
    const KIND: RecordKind = RecordKind::Amend;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, today: NaiveDate) -> Valid {
        validate::required_short("person", &self.person)?;
        validate::long("harm", &self.harm)?;
        validate::long("notes", &self.notes)?;
        match (self.status, self.date) {
            // An amend already made cannot be dated in the future.
            (AmendStatus::Made, Some(d)) => validate::not_future("date", d, today),
            _ => Ok(()),
        }
    }
    fn title(&self) -> String {
        self.person.clone()
    }
    fn date(&self) -> Option<NaiveDate> {
        self.date
    }
    fn texts(&self) -> Vec<&str> {
        vec![&self.person, &self.harm, &self.notes]
    }
}

/// A 10th-step nightly review. The prompts are ours; the answers are the member's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NightlyReview {
    /// Identity.
    pub id: Uuid,
    /// The day reviewed.
    pub date: NaiveDate,
    /// What went well today.
    #[serde(default)]
    pub went_well: String,
    /// Where resentment, fear, selfishness or dishonesty showed up.
    #[serde(default)]
    pub struggles: String,
    /// Anyone I owe an apology or amends.
    #[serde(default)]
    pub owe_amends: String,
    /// What I am grateful for.
    #[serde(default)]
    pub grateful_for: String,
    /// What I want to do differently tomorrow.
    #[serde(default)]
    pub tomorrow: String,
}

impl Entity for NightlyReview {
    super::stored_in!(reviews);
    const KIND: RecordKind = RecordKind::NightlyReview;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, today: NaiveDate) -> Valid {
        validate::not_future("date", self.date, today)?;
        validate::long("wentWell", &self.went_well)?;
        validate::long("struggles", &self.struggles)?;
        validate::long("oweAmends", &self.owe_amends)?;
        validate::long("gratefulFor", &self.grateful_for)?;
        validate::long("tomorrow", &self.tomorrow)
    }
    fn title(&self) -> String {
        format!("Nightly review {}", self.date)
    }
    fn date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    fn texts(&self) -> Vec<&str> {
        vec![
            &self.went_well,
            &self.struggles,
            &self.owe_amends,
            &self.grateful_for,
            &self.tomorrow,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_steps_numbered_in_order() {
        for n in 1..=STEP_COUNT {
            assert_eq!(step_info(n).map(|s| s.number), Some(n));
        }
        assert!(step_info(0).is_none());
        assert!(step_info(13).is_none());
    }
}
