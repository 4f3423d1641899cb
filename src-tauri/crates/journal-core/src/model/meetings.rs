//! Meetings attended.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Entity, RecordKind};
use crate::validate::{self, Problem, Valid, ValidationError};

/// A meeting's format. A meeting can have several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum MeetingFormat {
    /// Open to anyone.
    Open,
    /// For addicts only.
    Closed,
    /// Discussion / participation.
    Discussion,
    /// A speaker shares their story.
    Speaker,
    /// Step study.
    StepStudy,
    /// Literature study.
    Literature,
    /// Focused on newcomers.
    Newcomer,
    /// Candlelight.
    Candlelight,
    /// Anything else.
    Other,
}

/// How the member attended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Attendance {
    /// In the room.
    #[default]
    InPerson,
    /// Online.
    Online,
    /// A meeting held both ways.
    Hybrid,
}

/// One meeting attended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Meeting {
    /// Identity.
    pub id: Uuid,
    /// The day of the meeting.
    pub date: NaiveDate,
    /// When it started, if the member noted it.
    #[serde(default)]
    pub start_time: Option<NaiveTime>,
    /// Length in minutes.
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// The meeting's name.
    pub name: String,
    /// The group that holds it.
    #[serde(default)]
    pub group: String,
    /// Formats.
    #[serde(default)]
    pub formats: Vec<MeetingFormat>,
    /// In person, online or hybrid.
    #[serde(default)]
    pub attendance: Attendance,
    /// Where it was held.
    #[serde(default)]
    pub place: String,
    /// Service done at the meeting (chair, coffee, secretary, ...).
    #[serde(default)]
    pub service_role: String,
    /// Whether the member shared.
    #[serde(default)]
    pub shared: bool,
    /// Notes.
    #[serde(default)]
    pub notes: String,
}

impl Meeting {
    /// Longest accepted duration: a whole day (conventions run long).
    pub const MAX_DURATION_MINUTES: u32 = 24 * 60;
}

impl Entity for Meeting {
    super::stored_in!(meetings);
    const KIND: RecordKind = RecordKind::Meeting;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, today: NaiveDate) -> Valid {
        validate::not_future("date", self.date, today)?;
        validate::required_short("name", &self.name)?;
        validate::short("group", &self.group)?;
        validate::short("place", &self.place)?;
        validate::short("serviceRole", &self.service_role)?;
        validate::long("notes", &self.notes)?;
        if let Some(d) = self.duration_minutes {
            validate::in_range("durationMinutes", d, 1, Self::MAX_DURATION_MINUTES)?;
        }
        if self.formats.len() > 16 {
            return Err(ValidationError::new(
                "formats",
                Problem::TooLong { max: 16 },
            ));
        }
        Ok(())
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn date(&self) -> Option<NaiveDate> {
        Some(self.date)
    }
    fn texts(&self) -> Vec<&str> {
        vec![
            &self.name,
            &self.group,
            &self.place,
            &self.service_role,
            &self.notes,
        ]
    }
    /// Versions before the app spoke Spanish stored the English word "Online" as the place of
    /// an online meeting prefilled from the area's list. An online meeting has no place: its
    /// attendance is shown in the member's language.
    fn upgrade(&mut self) {
        if self.attendance == Attendance::Online && self.place.trim() == "Online" {
            self.place.clear();
        }
    }
}
