//! The phone list: contacts, and the sponsee to call next.
//!
//! Contract: a sponsee never contacted counts as the longest since contact.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::unlocked::Journal;
use crate::error::{JournalError, Result};
use crate::model::{Contact, ContactRole, Entity};
use crate::search;

/// A sponsee and how long since the member talked with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SponseeToCall {
    /// The contact.
    pub id: Uuid,
    /// Their name.
    pub name: String,
    /// The last day they talked, if ever recorded.
    pub last_contact: Option<NaiveDate>,
    /// Days since then (none if never recorded).
    pub days_since: Option<u32>,
}

impl Journal {
    /// Contacts whose name, phone or notes contain `query` (all when empty), by name.
    pub fn contacts(&self, query: &str) -> Vec<Contact> {
        let q = search::fold(query.trim());
        let mut v: Vec<Contact> = self
            .all::<Contact>()
            .filter(|c| q.is_empty() || c.texts().iter().any(|t| search::fold(t).contains(&q)))
            .cloned()
            .collect();
        v.sort_by_cached_key(|c| (search::fold(&c.name), c.id));
        v
    }

    /// Record that the member talked with a contact today.
    pub fn mark_contacted(&mut self, id: Uuid, today: NaiveDate) -> Result<Contact> {
        let mut contact = self
            .get::<Contact>(id)
            .cloned()
            .ok_or(JournalError::NotFound)?;
        contact.last_contact = Some(today);
        self.save(contact, today)
    }

    /// The sponsee the member has not talked with for the longest (never counts as longest).
    pub fn sponsee_to_call(&self, today: NaiveDate) -> Option<SponseeToCall> {
        self.all::<Contact>()
            .filter(|c| c.role == ContactRole::Sponsee)
            .min_by_key(|c| (c.last_contact, search::fold(&c.name)))
            .map(|c| SponseeToCall {
                id: c.id,
                name: c.name.clone(),
                last_contact: c.last_contact,
                days_since: c
                    .last_contact
                    .and_then(|d| u32::try_from((today - d).num_days()).ok()),
            })
    }
}
