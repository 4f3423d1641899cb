//! Meetings attended: the filtered list, statistics, and suggestions for logging one.
//!
//! Contract: group filters and suggestions compare folded text (case- and accent-insensitive,
//! as search does), so "Grupo Esperanza" and "grupo esperanza" are one group.

use chrono::NaiveDate;
use serde::Serialize;

use super::unlocked::Journal;
use crate::meeting_stats::{MeetingStats, meeting_stats};
use crate::model::{Meeting, MeetingFormat};
use crate::search;

/// Filters for the meeting list. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingFilter {
    /// First day to include.
    pub from: Option<NaiveDate>,
    /// Last day to include.
    pub to: Option<NaiveDate>,
    /// Only this group (case- and accent-insensitive).
    pub group: Option<String>,
    /// Only meetings with this format.
    pub format: Option<MeetingFormat>,
}

/// Names offered when logging a meeting, from earlier entries, most recent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct MeetingSuggestions {
    /// Meeting names.
    pub names: Vec<String>,
    /// Groups.
    pub groups: Vec<String>,
    /// Places.
    pub places: Vec<String>,
    /// Service roles.
    pub service_roles: Vec<String>,
}

impl Journal {
    /// Meetings matching `filter`, newest first.
    pub fn meetings(&self, filter: &MeetingFilter) -> Vec<Meeting> {
        let group = filter.group.as_deref().map(search::fold);
        let mut v: Vec<Meeting> = self
            .all::<Meeting>()
            .filter(|m| filter.from.is_none_or(|f| m.date >= f))
            .filter(|m| filter.to.is_none_or(|t| m.date <= t))
            .filter(|m| filter.format.is_none_or(|f| m.formats.contains(&f)))
            .filter(|m| group.as_deref().is_none_or(|g| search::fold(&m.group) == g))
            .cloned()
            .collect();
        v.sort_by_key(|m| std::cmp::Reverse((m.date, m.start_time)));
        v
    }

    /// Attendance statistics as of `today`.
    pub fn meeting_stats(&self, today: NaiveDate) -> MeetingStats {
        let dates: Vec<NaiveDate> = self.all::<Meeting>().map(|m| m.date).collect();
        meeting_stats(&dates, today, self.settings().ninety_start)
    }

    /// Names, groups, places and service roles used before, most recent first, each once.
    pub fn meeting_suggestions(&self) -> MeetingSuggestions {
        let mut by_recent: Vec<&Meeting> = self.all::<Meeting>().collect();
        by_recent.sort_by_key(|m| std::cmp::Reverse((m.date, m.start_time)));
        let distinct = |pick: fn(&Meeting) -> &str| -> Vec<String> {
            let mut seen = std::collections::HashSet::new();
            by_recent
                .iter()
                .map(|m| pick(m).trim())
                .filter(|s| !s.is_empty() && seen.insert(search::fold(s)))
                .take(50)
                .map(str::to_owned)
                .collect()
        };
        MeetingSuggestions {
            names: distinct(|m| &m.name),
            groups: distinct(|m| &m.group),
            places: distinct(|m| &m.place),
            service_roles: distinct(|m| &m.service_role),
        }
    }
}
