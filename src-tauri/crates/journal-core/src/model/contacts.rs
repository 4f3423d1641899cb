//! The member's people: sponsor, sponsees, phone list, home group, friends.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Entity, RecordKind};
use crate::validate::{self, Problem, Valid, ValidationError};

/// A contact's role in the member's recovery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ContactRole {
    /// The member's sponsor.
    Sponsor,
    /// Someone the member sponsors.
    Sponsee,
    /// A member of the home group.
    HomeGroupMember,
    /// A friend in the fellowship.
    #[default]
    Friend,
    /// Anyone else.
    Other,
}

/// A person on the member's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contact {
    /// Identity.
    pub id: Uuid,
    /// The name as the member writes it (often a first name and an initial).
    pub name: String,
    /// Phone number, as written.
    #[serde(default)]
    pub phone: String,
    /// Email address, as written.
    #[serde(default)]
    pub email: String,
    /// Role.
    #[serde(default)]
    pub role: ContactRole,
    /// Their clean date, if known.
    #[serde(default)]
    pub clean_date: Option<NaiveDate>,
    /// Their home group.
    #[serde(default)]
    pub home_group: String,
    /// Their service commitment.
    #[serde(default)]
    pub service_commitment: String,
    /// Start of the service term.
    #[serde(default)]
    pub service_term_start: Option<NaiveDate>,
    /// End of the service term.
    #[serde(default)]
    pub service_term_end: Option<NaiveDate>,
    /// For a sponsee: the step they are working.
    #[serde(default)]
    pub sponsee_step: Option<u8>,
    /// The last day the member talked with them.
    #[serde(default)]
    pub last_contact: Option<NaiveDate>,
    /// Notes.
    #[serde(default)]
    pub notes: String,
}

impl Entity for Contact {
    super::stored_in!(contacts);
    const KIND: RecordKind = RecordKind::Contact;
    fn id(&self) -> Uuid {
        self.id
    }
    fn validate(&self, today: NaiveDate) -> Valid {
        validate::required_short("name", &self.name)?;
        validate::short("phone", &self.phone)?;
        validate::short("email", &self.email)?;
        validate::short("homeGroup", &self.home_group)?;
        validate::short("serviceCommitment", &self.service_commitment)?;
        validate::long("notes", &self.notes)?;
        if let Some(d) = self.clean_date {
            validate::not_future("cleanDate", d, today)?;
        }
        if let Some(d) = self.last_contact {
            validate::not_future("lastContact", d, today)?;
        }
        if let Some(step) = self.sponsee_step {
            validate::in_range("sponseeStep", u32::from(step), 1, 12)?;
        }
        if let (Some(start), Some(end)) = (self.service_term_start, self.service_term_end)
            && end < start
        {
            return Err(ValidationError::new("serviceTermEnd", Problem::DateOrder));
        }
        Ok(())
    }
    fn title(&self) -> String {
        self.name.clone()
    }
    fn date(&self) -> Option<NaiveDate> {
        self.last_contact
    }
    fn texts(&self) -> Vec<&str> {
        vec![
            &self.name,
            &self.phone,
            &self.email,
            &self.home_group,
            &self.service_commitment,
            &self.notes,
        ]
    }
}
