//! What the dashboard should say, worked out with plain calendar arithmetic.
//!
//! Clean time is counted the way members count it: whole calendar months from the clean date
//! (a month after 31 January is the last day of February), then the remaining days.

use chrono::{Datelike, Local, NaiveDate};

/// Today in the local time zone, as the app sees it.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// `date` shifted by `days` (negative: into the past).
pub fn days_from(date: NaiveDate, days: i64) -> NaiveDate {
    date + chrono::Duration::days(days)
}

/// Clean time in years, months and days, plus the total in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CleanTime {
    /// Whole years.
    pub years: u32,
    /// Whole months after the years.
    pub months: u32,
    /// Days after the months.
    pub days: u32,
    /// Days since the clean date.
    pub total_days: i64,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => unreachable!("month {month}"),
    }
}

/// `date` plus `months` calendar months, the day clamped to the end of the target month.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    let index = date.year() * 12 + (date.month() as i32 - 1) + months as i32;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
    let day = date.day().min(days_in_month(year, month));
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid calendar date")
}

/// Clean time from `clean_date` to `today` (both local dates, `clean_date <= today`).
pub fn clean_time(clean_date: NaiveDate, today: NaiveDate) -> CleanTime {
    assert!(
        clean_date <= today,
        "clean date {clean_date} is after {today}"
    );
    let mut months = ((today.year() - clean_date.year()) * 12 + today.month() as i32
        - clean_date.month() as i32)
        .max(0) as u32;
    while months > 0 && add_months(clean_date, months) > today {
        months -= 1;
    }
    let anchor = add_months(clean_date, months);
    CleanTime {
        years: months / 12,
        months: months % 12,
        days: (today - anchor).num_days() as u32,
        total_days: (today - clean_date).num_days(),
    }
}

/// The key tag (`data-tag`) for this much clean time.
pub fn key_tag(ct: CleanTime) -> &'static str {
    let months = ct.years * 12 + ct.months;
    match () {
        _ if ct.total_days < 30 => "welcome",
        _ if ct.total_days < 60 => "thirtyDays",
        _ if ct.total_days < 90 => "sixtyDays",
        _ if months < 6 => "ninetyDays",
        _ if months < 9 => "sixMonths",
        _ if months < 12 => "nineMonths",
        _ if months < 18 => "oneYear",
        _ if months < 24 => "eighteenMonths",
        _ => "multipleYears",
    }
}

/// "1 year", "4 days": a number with its unit, plural unless it is one.
pub fn amount(n: u32, unit: &str) -> String {
    if n == 1 {
        format!("1 {unit}")
    } else {
        format!("{n} {unit}s")
    }
}

/// The parts a member should read in the clean-time text ("1 year", "1 month", "4 days");
/// zero parts are left out, except that zero clean time reads "0 days".
pub fn display_parts(ct: CleanTime) -> Vec<String> {
    let mut parts = Vec::new();
    if ct.years > 0 {
        parts.push(amount(ct.years, "year"));
    }
    if ct.months > 0 {
        parts.push(amount(ct.months, "month"));
    }
    if ct.days > 0 || parts.is_empty() {
        parts.push(amount(ct.days, "day"));
    }
    parts
}

/// Ways a date might be written in the page (ISO, and the usual English long forms).
pub fn date_spellings(date: NaiveDate) -> Vec<String> {
    vec![
        date.format("%Y-%m-%d").to_string(),
        date.format("%-d %B %Y").to_string(),
        date.format("%B %-d, %Y").to_string(),
        date.format("%-d %b %Y").to_string(),
        date.format("%b %-d, %Y").to_string(),
        date.format("%d/%m/%Y").to_string(),
        date.format("%m/%d/%Y").to_string(),
        date.format("%-m/%-d/%Y").to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ymd(ct: CleanTime) -> (u32, u32, u32) {
        (ct.years, ct.months, ct.days)
    }

    #[test]
    fn whole_years_months_days() {
        assert_eq!(ymd(clean_time(d(2025, 10, 17), d(2026, 11, 21))), (1, 1, 4));
        assert_eq!(clean_time(d(2025, 10, 17), d(2026, 11, 21)).total_days, 400);
        assert_eq!(ymd(clean_time(d(2026, 11, 21), d(2026, 11, 21))), (0, 0, 0));
        assert_eq!(ymd(clean_time(d(2026, 10, 7), d(2026, 11, 21))), (0, 1, 14));
        assert_eq!(ymd(clean_time(d(2024, 3, 10), d(2026, 3, 9))), (1, 11, 27));
    }

    #[test]
    fn month_ends_and_leap_days() {
        assert_eq!(add_months(d(2025, 1, 31), 1), d(2025, 2, 28));
        assert_eq!(add_months(d(2024, 1, 31), 1), d(2024, 2, 29));
        assert_eq!(add_months(d(2024, 2, 29), 12), d(2025, 2, 28));
        assert_eq!(add_months(d(2024, 11, 30), 3), d(2025, 2, 28));
        assert_eq!(ymd(clean_time(d(2025, 1, 31), d(2025, 3, 1))), (0, 1, 1));
        assert_eq!(ymd(clean_time(d(2024, 2, 29), d(2025, 2, 28))), (1, 0, 0));
        assert_eq!(ymd(clean_time(d(2024, 2, 29), d(2025, 2, 27))), (0, 11, 29));
    }

    #[test]
    fn key_tags() {
        let tag = |from: NaiveDate, to: NaiveDate| key_tag(clean_time(from, to));
        assert_eq!(tag(d(2026, 1, 1), d(2026, 1, 1)), "welcome");
        assert_eq!(tag(d(2026, 1, 1), d(2026, 1, 31)), "thirtyDays");
        assert_eq!(tag(d(2026, 1, 1), d(2026, 4, 1)), "ninetyDays");
        assert_eq!(tag(d(2025, 10, 17), d(2026, 11, 21)), "oneYear");
        assert_eq!(tag(d(2020, 10, 17), d(2026, 11, 21)), "multipleYears");
    }

    #[test]
    fn words() {
        let ct = clean_time(d(2025, 10, 17), d(2026, 11, 21));
        assert_eq!(display_parts(ct), ["1 year", "1 month", "4 days"]);
        let zero = clean_time(d(2026, 11, 21), d(2026, 11, 21));
        assert_eq!(display_parts(zero), ["0 days"]);
        assert_eq!(date_spellings(d(2025, 10, 7))[1], "7 October 2025");
    }
}
