//! Meeting attendance statistics.
//!
//! Contract:
//! - The input is one date per meeting attended, in any order; several meetings on the same
//!   day are allowed and each counts.
//! - Meetings dated after `today` count towards `total` only; every other figure, including
//!   the per-day, per-week and per-month tallies, considers meetings up to and including
//!   `today`.
//! - Weeks are ISO weeks (Monday to Sunday) and are keyed by their Monday.
//! - Streaks count consecutive calendar days with at least one meeting. The current streak
//!   is the run ending today, or ending yesterday when there has been no meeting yet today,
//!   so a streak is not shown as broken before the day is over.
//! - A "90 in 90" window runs from its start date through start + 89 days; only meetings in
//!   that window and not after today count towards it.
//! - The input is sorted once, so the work is O(n log n); no input panics.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Progress towards ninety meetings in ninety days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NinetyInNinety {
    /// First day of the window.
    pub start: NaiveDate,
    /// Last day of the window: `start` + 89 days.
    pub end: NaiveDate,
    /// Meetings attended from `start` through the earlier of `end` and today.
    pub meetings: u32,
    /// Days of the window that have begun, counting today (1..=90); 0 if the window starts
    /// after today.
    pub days_elapsed: u32,
    /// Distinct days in the window with at least one meeting.
    pub distinct_days: u32,
    /// Whether at least 90 meetings were attended in the window.
    pub complete: bool,
}

/// Attendance figures as of a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MeetingStats {
    /// Every meeting given, including any dated after today.
    pub total: u32,
    /// Meetings in the ISO week (Monday to Sunday) containing today, up to today.
    pub this_week: u32,
    /// Meetings in today's calendar month, up to today.
    pub this_month: u32,
    /// Meetings in the 90 days ending today, today included.
    pub last_90_days: u32,
    /// The longest run of consecutive days with at least one meeting.
    pub longest_streak_days: u32,
    /// The run of consecutive days ending today, or ending yesterday if there has been no
    /// meeting yet today; 0 otherwise.
    pub current_streak_days: u32,
    /// Progress towards 90 meetings in 90 days, when a start date was given.
    pub ninety_in_ninety: Option<NinetyInNinety>,
    /// Meetings per ISO week, keyed by the week's Monday, oldest first; weeks without
    /// meetings are left out.
    pub by_week: Vec<(NaiveDate, u32)>,
    /// Meetings per calendar month as (year, month 1–12, count), oldest first; months
    /// without meetings are left out.
    pub by_month: Vec<(i32, u32, u32)>,
    /// Meetings per day for every day with at least one, oldest first.
    pub by_day: Vec<(NaiveDate, u32)>,
}

/// Length of the "last 90 days" window and of a 90-in-90 window.
const WINDOW_DAYS: u32 = 90;

fn count_u32(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// The Monday of the ISO week containing `date`.
fn week_start(date: NaiveDate) -> NaiveDate {
    let back = Days::new(u64::from(date.weekday().num_days_from_monday()));
    // Only the first few days the calendar supports have no Monday before them; the earliest
    // date stands in for it so they still group together.
    date.checked_sub_days(back).unwrap_or(NaiveDate::MIN)
}

/// Run-length counts of equal neighbouring keys, in input order.
fn tally<K: PartialEq>(keys: impl Iterator<Item = K>) -> Vec<(K, u32)> {
    let mut counts: Vec<(K, u32)> = Vec::new();
    for key in keys {
        match counts.last_mut() {
            Some((last, count)) if *last == key => *count = count.saturating_add(1),
            _ => counts.push((key, 1)),
        }
    }
    counts
}

/// Lengths of the runs of consecutive days in `days`, which must be ascending and distinct.
fn streaks(days: &[(NaiveDate, u32)]) -> (u32, Option<(NaiveDate, u32)>) {
    let mut longest = 0;
    let mut run: Option<(NaiveDate, u32)> = None;
    for &(day, _) in days {
        let length = match run {
            Some((last, length)) if last.succ_opt() == Some(day) => length.saturating_add(1),
            _ => 1,
        };
        run = Some((day, length));
        longest = longest.max(length);
    }
    (longest, run)
}

fn ninety_in_ninety(attended: &[NaiveDate], today: NaiveDate, start: NaiveDate) -> NinetyInNinety {
    let end = start
        .checked_add_days(Days::new(u64::from(WINDOW_DAYS - 1)))
        .unwrap_or(NaiveDate::MAX);
    if start > today {
        return NinetyInNinety {
            start,
            end,
            meetings: 0,
            days_elapsed: 0,
            distinct_days: 0,
            complete: false,
        };
    }
    let window_end = end.min(today);
    let first = attended.partition_point(|date| *date < start);
    let past_end = attended.partition_point(|date| *date <= window_end);
    let in_window = attended.get(first..past_end).unwrap_or(&[]);
    let meetings = count_u32(in_window.len());
    let distinct_days = count_u32(tally(in_window.iter()).len());
    let days_elapsed = u32::try_from(window_end.signed_duration_since(start).num_days())
        .map_or(0, |days| days.saturating_add(1));
    NinetyInNinety {
        start,
        end,
        meetings,
        days_elapsed,
        distinct_days,
        complete: meetings >= WINDOW_DAYS,
    }
}

/// Attendance statistics for `dates` (one entry per meeting attended, several per day
/// allowed, any order) as of `today`. Meetings dated after today count in `total` only.
///
/// `ninety_start`, when given, is the first day of a "90 meetings in 90 days" window.
pub fn meeting_stats(
    dates: &[NaiveDate],
    today: NaiveDate,
    ninety_start: Option<NaiveDate>,
) -> MeetingStats {
    let mut attended: Vec<NaiveDate> = dates.iter().copied().filter(|d| *d <= today).collect();
    attended.sort_unstable();

    let by_day = tally(attended.iter().copied());
    let by_week = tally(attended.iter().map(|date| week_start(*date)));
    let by_month: Vec<(i32, u32, u32)> = tally(attended.iter().map(|d| (d.year(), d.month())))
        .into_iter()
        .map(|((year, month), count)| (year, month, count))
        .collect();

    // Nothing is after today, so today's week and month can only be the last entries.
    let this_week = match by_week.last() {
        Some(&(monday, count)) if monday == week_start(today) => count,
        _ => 0,
    };
    let this_month = match by_month.last() {
        Some(&(year, month, count)) if (year, month) == (today.year(), today.month()) => count,
        _ => 0,
    };
    let older_than_window = attended.partition_point(|date| {
        today.signed_duration_since(*date).num_days() >= i64::from(WINDOW_DAYS)
    });
    let last_90_days = count_u32(attended.len().saturating_sub(older_than_window));

    let (longest_streak_days, last_run) = streaks(&by_day);
    let current_streak_days = match last_run {
        Some((last, length)) if last == today || Some(last) == today.pred_opt() => length,
        _ => 0,
    };

    MeetingStats {
        total: count_u32(dates.len()),
        this_week,
        this_month,
        last_90_days,
        longest_streak_days,
        current_streak_days,
        ninety_in_ninety: ninety_start.map(|start| ninety_in_ninety(&attended, today, start)),
        by_week,
        by_month,
        by_day,
    }
}
