//! Meetings from an area's meeting list (imported from a BMLT file), to pick from when logging
//! attendance.
//!
//! Contract: a listed meeting is *the list*, not something the member attended. Reimporting a
//! list adds, updates and removes listed meetings only; [`super::Meeting`] records (attendance)
//! are never touched by it. Listed meetings are stored encrypted like every other record (which
//! meetings a member keeps a list of says where they live).

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Attendance, Entity, MeetingFormat, RecordKind};
use crate::validate::{self, Problem, Valid, ValidationError};

/// Longest online link kept, in characters (meeting links carry long tokens).
pub const LINK_MAX: usize = 2000;

/// One meeting of an imported meeting list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ListedMeeting {
    /// Identity in this journal.
    pub id: Uuid,
    /// The meeting's id in the list it came from (BMLT `id_bigint`); reimports match on it
    /// together with [`ListedMeeting::source`].
    pub source_id: String,
    /// Where the list came from: the BMLT root server id and service body when the file names
    /// them, otherwise `"imported"`.
    #[serde(default)]
    pub source: String,
    /// The meeting's name.
    pub name: String,
    /// Day of the week, ISO numbering: 1 Monday to 7 Sunday.
    pub weekday: u8,
    /// Start time, local to the meeting.
    #[serde(default)]
    pub start_time: Option<NaiveTime>,
    /// Length in minutes.
    #[serde(default)]
    pub duration_minutes: Option<u32>,
    /// Where it is held (venue, street, town, directions), empty for online-only meetings.
    #[serde(default)]
    pub place: String,
    /// The link to join online, if any.
    #[serde(default)]
    pub online_link: String,
    /// The phone number (and code) to join by phone, if any.
    #[serde(default)]
    pub phone: String,
    /// In person, online or hybrid.
    #[serde(default)]
    pub attendance: Attendance,
    /// Formats this app knows, decoded from the list's codes.
    #[serde(default)]
    pub formats: Vec<MeetingFormat>,
    /// Every format of the meeting by name as the list gives it (or its code when the list's
    /// formats file was not given).
    #[serde(default)]
    pub format_names: Vec<String>,
    /// The day the list holding this meeting was imported.
    pub imported_on: NaiveDate,
}

impl Entity for ListedMeeting {
    super::stored_in!(listed_meetings);
    const KIND: RecordKind = RecordKind::ListedMeeting;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, today: NaiveDate) -> Valid {
        validate::required_short("sourceId", &self.source_id)?;
        validate::short("source", &self.source)?;
        validate::required_short("name", &self.name)?;
        validate::in_range("weekday", u32::from(self.weekday), 1, 7)?;
        if let Some(d) = self.duration_minutes {
            validate::in_range(
                "durationMinutes",
                d,
                1,
                super::Meeting::MAX_DURATION_MINUTES,
            )?;
        }
        validate::short("place", &self.place)?;
        if self.online_link.chars().count() > LINK_MAX {
            return Err(ValidationError::new(
                "onlineLink",
                Problem::TooLong {
                    max: LINK_MAX as u32,
                },
            ));
        }
        validate::short("phone", &self.phone)?;
        if self.formats.len() > 16 {
            return Err(ValidationError::new(
                "formats",
                Problem::TooLong { max: 16 },
            ));
        }
        validate::short_list("formatNames", &self.format_names)?;
        validate::not_future("importedOn", self.imported_on, today)
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn date(&self) -> Option<NaiveDate> {
        None
    }
    fn texts(&self) -> Vec<&str> {
        vec![&self.name, &self.place]
    }
}
