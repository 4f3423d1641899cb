//! Clean time, counted the way members of Narcotics Anonymous count it.
//!
//! Contract:
//! - `total_days` is the number of calendar days from the clean date to today: a clean date
//!   of today is day 0, a clean date of yesterday is day 1. A clean date after today is
//!   rejected with [`CleanTimeError::FutureDate`].
//! - Up to and including day 90 the time is shown as plain days. From day 91 on it is shown
//!   as years, months and days, where `years * 12 + months` is the largest whole number of
//!   months that can be added to the clean date without passing today, and `days` is what
//!   is left over.
//! - Months are always added to the *original* clean date, and a day that does not exist in
//!   the target month is clamped to that month's last day (31 January + 1 month = 28 or 29
//!   February; 29 February + 12 months = 28 February in a common year). Counting from the
//!   original date rather than step by step keeps long stretches from drifting.
//! - Milestones, in order: the welcome tag on the clean date, then 30, 60 and 90 days, then
//!   6, 9, 12, 18 and 24 months, then every further yearly anniversary. The key tag shown is
//!   the highest one whose date has arrived; the next milestone is the first one still ahead.
//! - No input date panics. When a result cannot be represented (for example the next
//!   milestone would fall after the last date the calendar library supports), the call
//!   returns [`CleanTimeError::OutOfRange`] instead.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The key tags handed out at meetings, lowest first.
///
/// The derived ordering follows the order in which the tags are earned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum KeyTag {
    /// Welcome: from the clean date itself.
    Welcome,
    /// Thirty days clean.
    ThirtyDays,
    /// Sixty days clean.
    SixtyDays,
    /// Ninety days clean.
    NinetyDays,
    /// Six months clean.
    SixMonths,
    /// Nine months clean.
    NineMonths,
    /// One year clean.
    OneYear,
    /// Eighteen months clean.
    EighteenMonths,
    /// Two years or more clean.
    MultipleYears,
}

impl KeyTag {
    /// The colour of the physical tag, as a stable lowercase English word the UI can map
    /// to a swatch.
    pub fn colour(&self) -> &'static str {
        match self {
            KeyTag::Welcome => "white",
            KeyTag::ThirtyDays => "orange",
            KeyTag::SixtyDays => "green",
            KeyTag::NinetyDays => "red",
            KeyTag::SixMonths => "blue",
            KeyTag::NineMonths => "yellow",
            KeyTag::OneYear => "glow",
            KeyTag::EighteenMonths => "gray",
            KeyTag::MultipleYears => "black",
        }
    }

    /// A stable key for looking up the tag's name in the UI's locale files.
    pub fn label_key(&self) -> &'static str {
        match self {
            KeyTag::Welcome => "keytag.welcome",
            KeyTag::ThirtyDays => "keytag.thirtyDays",
            KeyTag::SixtyDays => "keytag.sixtyDays",
            KeyTag::NinetyDays => "keytag.ninetyDays",
            KeyTag::SixMonths => "keytag.sixMonths",
            KeyTag::NineMonths => "keytag.nineMonths",
            KeyTag::OneYear => "keytag.oneYear",
            KeyTag::EighteenMonths => "keytag.eighteenMonths",
            KeyTag::MultipleYears => "keytag.multipleYears",
        }
    }
}

/// How the clean time should be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CleanTimeDisplay {
    /// Plain days, used up to and including day 90.
    Days {
        /// Days since the clean date (0 on the clean date itself).
        days: u32,
    },
    /// Calendar years, months and days, used from day 91 on.
    YearsMonthsDays {
        /// Whole years.
        years: u32,
        /// Whole months beyond the years (0..=11).
        months: u32,
        /// Days beyond the whole months.
        days: u32,
    },
}

/// A milestone still ahead, with what the UI needs to draw a progress ring towards it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Milestone {
    /// The key tag earned at this milestone.
    pub tag: KeyTag,
    /// For yearly anniversaries from the second on, the year number (2, 3, ...); otherwise 0.
    pub years: u32,
    /// The date the milestone is reached.
    pub date: NaiveDate,
    /// Days from today until `date` (always at least 1).
    pub days_to_go: u32,
    /// Days from the previous milestone (or the clean date) to this one.
    pub days_in_stretch: u32,
    /// Days from the previous milestone (or the clean date) to today.
    pub days_done_in_stretch: u32,
}

/// Clean time as of a given day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CleanTime {
    /// The clean date the count starts from.
    pub clean_date: NaiveDate,
    /// The day the count was made for.
    pub today: NaiveDate,
    /// Calendar days from the clean date to today.
    pub total_days: u32,
    /// The form the UI should show.
    pub display: CleanTimeDisplay,
    /// The highest key tag already earned.
    pub key_tag: KeyTag,
    /// The first milestone still ahead.
    pub next_milestone: Milestone,
}

/// Why clean time could not be counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CleanTimeError {
    /// The clean date is after today.
    #[error("A clean date can't be in the future.")]
    FutureDate,
    /// The dates are so far from the present that the calendar can't count them.
    #[error("That date is too far from today for the calendar to count.")]
    OutOfRange,
}

/// Up to and including this many days, clean time is shown as plain days.
const PLAIN_DAYS_LIMIT: u32 = 90;

/// How far after the clean date a fixed milestone falls.
#[derive(Clone, Copy)]
enum Offset {
    Days(u64),
    Months(u32),
}

/// The milestones before the open-ended run of yearly anniversaries: (tag, year number,
/// offset). The two-year tag carries its year number so it matches the yearly ones after it.
const FIXED_MILESTONES: [(KeyTag, u32, Offset); 9] = [
    (KeyTag::Welcome, 0, Offset::Days(0)),
    (KeyTag::ThirtyDays, 0, Offset::Days(30)),
    (KeyTag::SixtyDays, 0, Offset::Days(60)),
    (KeyTag::NinetyDays, 0, Offset::Days(90)),
    (KeyTag::SixMonths, 0, Offset::Months(6)),
    (KeyTag::NineMonths, 0, Offset::Months(9)),
    (KeyTag::OneYear, 0, Offset::Months(12)),
    (KeyTag::EighteenMonths, 0, Offset::Months(18)),
    (KeyTag::MultipleYears, 2, Offset::Months(24)),
];

/// A milestone before the progress numbers are worked out.
#[derive(Clone, Copy)]
struct Point {
    tag: KeyTag,
    years: u32,
    date: NaiveDate,
}

fn add_months(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(months))
}

fn offset_date(clean_date: NaiveDate, offset: Offset) -> Option<NaiveDate> {
    match offset {
        Offset::Days(days) => clean_date.checked_add_days(Days::new(days)),
        Offset::Months(months) => add_months(clean_date, months),
    }
}

/// Days from `from` to `to`; `None` if `to` is earlier or the count does not fit.
fn days_between(from: NaiveDate, to: NaiveDate) -> Option<u32> {
    u32::try_from(to.signed_duration_since(from).num_days()).ok()
}

/// The largest `m` with `clean_date + m months <= today`, for `clean_date <= today`.
///
/// Adding months moves to the same calendar month offset, so `clean_date + estimate` lands
/// in today's month; it can only overshoot by landing on a later day of that month, in which
/// case one month fewer lands in the previous month and is certainly not after today.
fn whole_months(clean_date: NaiveDate, today: NaiveDate) -> u32 {
    let years = i64::from(today.year()) - i64::from(clean_date.year());
    let months = i64::from(today.month()) - i64::from(clean_date.month());
    let estimate = u32::try_from(years * 12 + months).unwrap_or(0);
    match add_months(clean_date, estimate) {
        Some(date) if date <= today => estimate,
        _ => estimate.saturating_sub(1),
    }
}

/// The latest milestone reached and the first one still ahead.
fn surrounding_milestones(
    clean_date: NaiveDate,
    today: NaiveDate,
    months_clean: u32,
) -> Result<(Point, Point), CleanTimeError> {
    let mut previous = Point {
        tag: KeyTag::Welcome,
        years: 0,
        date: clean_date,
    };
    for &(tag, years, offset) in FIXED_MILESTONES.iter().skip(1) {
        // A milestone past the calendar's last date is still ahead, but has no date to show.
        let date = offset_date(clean_date, offset).ok_or(CleanTimeError::OutOfRange)?;
        let point = Point { tag, years, date };
        if date > today {
            return Ok((previous, point));
        }
        previous = point;
    }

    // Past the two-year tag every milestone is a yearly anniversary, so jump straight to the
    // right one instead of walking through decades of them.
    let year = months_clean / 12;
    let yearly = |year: u32| -> Result<Point, CleanTimeError> {
        let date = year
            .checked_mul(12)
            .and_then(|months| add_months(clean_date, months))
            .ok_or(CleanTimeError::OutOfRange)?;
        Ok(Point {
            tag: KeyTag::MultipleYears,
            years: year,
            date,
        })
    };
    let next_year = year.checked_add(1).ok_or(CleanTimeError::OutOfRange)?;
    Ok((yearly(year)?, yearly(next_year)?))
}

/// Counts clean time from `clean_date` as of `today`.
///
/// # Errors
///
/// [`CleanTimeError::FutureDate`] if `clean_date` is after `today`;
/// [`CleanTimeError::OutOfRange`] if the next milestone would fall outside the dates the
/// calendar supports.
pub fn clean_time(clean_date: NaiveDate, today: NaiveDate) -> Result<CleanTime, CleanTimeError> {
    if clean_date > today {
        return Err(CleanTimeError::FutureDate);
    }
    let total_days = days_between(clean_date, today).ok_or(CleanTimeError::OutOfRange)?;
    let months_clean = whole_months(clean_date, today);

    let display = if total_days <= PLAIN_DAYS_LIMIT {
        CleanTimeDisplay::Days { days: total_days }
    } else {
        let month_anchor =
            add_months(clean_date, months_clean).ok_or(CleanTimeError::OutOfRange)?;
        CleanTimeDisplay::YearsMonthsDays {
            years: months_clean / 12,
            months: months_clean % 12,
            days: days_between(month_anchor, today).ok_or(CleanTimeError::OutOfRange)?,
        }
    };

    let (previous, next) = surrounding_milestones(clean_date, today, months_clean)?;
    let span =
        |from: NaiveDate, to: NaiveDate| days_between(from, to).ok_or(CleanTimeError::OutOfRange);
    let next_milestone = Milestone {
        tag: next.tag,
        years: next.years,
        date: next.date,
        days_to_go: span(today, next.date)?,
        days_in_stretch: span(previous.date, next.date)?,
        days_done_in_stretch: span(previous.date, today)?,
    };

    Ok(CleanTime {
        clean_date,
        today,
        total_days,
        display,
        key_tag: previous.tag,
        next_milestone,
    })
}

/// Yearly anniversaries from the clean date up to and including `until` (1st, 2nd, ...), as
/// (year number, date). Empty if `until` is before the first anniversary.
pub fn anniversaries(clean_date: NaiveDate, until: NaiveDate) -> Vec<(u32, NaiveDate)> {
    if until < clean_date {
        return Vec::new();
    }
    let count = whole_months(clean_date, until) / 12;
    (1..=count)
        .filter_map(|year| {
            year.checked_mul(12)
                .and_then(|months| add_months(clean_date, months))
                .map(|date| (year, date))
        })
        .collect()
}
