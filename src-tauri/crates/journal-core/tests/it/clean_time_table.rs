//! Clean time, key tags and milestones, checked against a table of hand-worked dates and
//! against properties over random dates.

use chrono::{Datelike, Months, NaiveDate};
use journal_core::{CleanTimeDisplay, CleanTimeError, KeyTag, anniversaries, clean_time};
use proptest::prelude::*;

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn days(days: u32) -> CleanTimeDisplay {
    CleanTimeDisplay::Days { days }
}

fn ymd(years: u32, months: u32, days: u32) -> CleanTimeDisplay {
    CleanTimeDisplay::YearsMonthsDays {
        years,
        months,
        days,
    }
}

struct Row {
    clean: NaiveDate,
    today: NaiveDate,
    total_days: u32,
    display: CleanTimeDisplay,
    tag: KeyTag,
    next_tag: KeyTag,
    next_years: u32,
    next_date: NaiveDate,
}

#[allow(clippy::too_many_arguments)]
fn row(
    clean: NaiveDate,
    today: NaiveDate,
    total_days: u32,
    display: CleanTimeDisplay,
    tag: KeyTag,
    next_tag: KeyTag,
    next_years: u32,
    next_date: NaiveDate,
) -> Row {
    Row {
        clean,
        today,
        total_days,
        display,
        tag,
        next_tag,
        next_years,
        next_date,
    }
}

// One row per line reads as a table; rustfmt would spread each row over ten lines.
#[rustfmt::skip]
fn table() -> Vec<Row> {
    use KeyTag::*;
    vec![
        // Clean date of today: day 0, welcome tag.
        row(d(2024, 5, 10), d(2024, 5, 10), 0, days(0), Welcome, ThirtyDays, 0, d(2024, 6, 9)),
        // Clean date of yesterday: day 1.
        row(d(2024, 5, 9), d(2024, 5, 10), 1, days(1), Welcome, ThirtyDays, 0, d(2024, 6, 8)),
        // Day 29: thirty-day tag not yet earned.
        row(d(2024, 1, 1), d(2024, 1, 30), 29, days(29), Welcome, ThirtyDays, 0, d(2024, 1, 31)),
        // Day 30: thirty-day tag earned on the day.
        row(d(2024, 1, 1), d(2024, 1, 31), 30, days(30), ThirtyDays, SixtyDays, 0, d(2024, 3, 1)),
        // Day 59, which is also 29 February of a leap year.
        row(d(2024, 1, 1), d(2024, 2, 29), 59, days(59), ThirtyDays, SixtyDays, 0, d(2024, 3, 1)),
        // Day 60: sixty-day tag earned on the day.
        row(d(2024, 1, 1), d(2024, 3, 1), 60, days(60), SixtyDays, NinetyDays, 0, d(2024, 3, 31)),
        // Day 89: ninety-day tag not yet earned.
        row(d(2024, 1, 1), d(2024, 3, 30), 89, days(89), SixtyDays, NinetyDays, 0, d(2024, 3, 31)),
        // Day 90: ninety-day tag earned, still shown as plain days.
        row(d(2024, 1, 1), d(2024, 3, 31), 90, days(90), NinetyDays, SixMonths, 0, d(2024, 7, 1)),
        // Day 91: first day shown as years/months/days (exactly three months here).
        row(d(2024, 1, 1), d(2024, 4, 1), 91, ymd(0, 3, 0), NinetyDays, SixMonths, 0, d(2024, 7, 1)),
        // Day 91 with leftover days: two months and thirty days.
        row(d(2023, 3, 1), d(2023, 5, 31), 91, ymd(0, 2, 30), NinetyDays, SixMonths, 0, d(2023, 9, 1)),
        // The day before six months.
        row(d(2024, 1, 1), d(2024, 6, 30), 181, ymd(0, 5, 29), NinetyDays, SixMonths, 0, d(2024, 7, 1)),
        // Six months on the day.
        row(d(2024, 1, 1), d(2024, 7, 1), 182, ymd(0, 6, 0), SixMonths, NineMonths, 0, d(2024, 10, 1)),
        // The day before nine months.
        row(d(2024, 1, 1), d(2024, 9, 30), 273, ymd(0, 8, 29), SixMonths, NineMonths, 0, d(2024, 10, 1)),
        // Nine months on the day.
        row(d(2024, 1, 1), d(2024, 10, 1), 274, ymd(0, 9, 0), NineMonths, OneYear, 0, d(2025, 1, 1)),
        // The day before one year, across a year end.
        row(d(2024, 1, 1), d(2024, 12, 31), 365, ymd(0, 11, 30), NineMonths, OneYear, 0, d(2025, 1, 1)),
        // One year on the day (a leap year, so 366 days).
        row(d(2024, 1, 1), d(2025, 1, 1), 366, ymd(1, 0, 0), OneYear, EighteenMonths, 0, d(2025, 7, 1)),
        // The day before eighteen months.
        row(d(2024, 1, 1), d(2025, 6, 30), 546, ymd(1, 5, 29), OneYear, EighteenMonths, 0, d(2025, 7, 1)),
        // Eighteen months on the day; the next milestone is the two-year one, year number 2.
        row(d(2024, 1, 1), d(2025, 7, 1), 547, ymd(1, 6, 0), EighteenMonths, MultipleYears, 2, d(2026, 1, 1)),
        // The day before two years.
        row(d(2024, 1, 1), d(2025, 12, 31), 730, ymd(1, 11, 30), EighteenMonths, MultipleYears, 2, d(2026, 1, 1)),
        // Two years on the day; the next yearly milestone is year 3.
        row(d(2024, 1, 1), d(2026, 1, 1), 731, ymd(2, 0, 0), MultipleYears, MultipleYears, 3, d(2027, 1, 1)),
        // Three years: yearly anniversaries keep coming.
        row(d(2024, 1, 1), d(2027, 1, 1), 1096, ymd(3, 0, 0), MultipleYears, MultipleYears, 4, d(2028, 1, 1)),
        // Leap-day clean date: the first anniversary is 28 February, so 27 February is short of it.
        row(d(2024, 2, 29), d(2025, 2, 27), 364, ymd(0, 11, 29), NineMonths, OneYear, 0, d(2025, 2, 28)),
        // Leap-day clean date: one year on 28 February of a common year.
        row(d(2024, 2, 29), d(2025, 2, 28), 365, ymd(1, 0, 0), OneYear, EighteenMonths, 0, d(2025, 8, 29)),
        // Leap-day clean date: 1 March of a common year is one year and one day.
        row(d(2024, 2, 29), d(2025, 3, 1), 366, ymd(1, 0, 1), OneYear, EighteenMonths, 0, d(2025, 8, 29)),
        // Leap-day clean date: two years on 28 February, no drift from the clamped first year.
        row(d(2024, 2, 29), d(2026, 2, 28), 730, ymd(2, 0, 0), MultipleYears, MultipleYears, 3, d(2027, 2, 28)),
        // Leap-day clean date: the next leap year's anniversary is back on 29 February.
        row(d(2024, 2, 29), d(2027, 3, 1), 1096, ymd(3, 0, 1), MultipleYears, MultipleYears, 4, d(2028, 2, 29)),
        // Leap-day clean date: 28 February of a leap year is the day before the anniversary.
        row(d(2024, 2, 29), d(2028, 2, 28), 1460, ymd(3, 11, 30), MultipleYears, MultipleYears, 4, d(2028, 2, 29)),
        // Leap-day clean date: four years on 29 February again.
        row(d(2024, 2, 29), d(2028, 2, 29), 1461, ymd(4, 0, 0), MultipleYears, MultipleYears, 5, d(2029, 2, 28)),
        // 31 January clean date in February: still plain days, 30 days crosses into March.
        row(d(2023, 1, 31), d(2023, 2, 28), 28, days(28), Welcome, ThirtyDays, 0, d(2023, 3, 2)),
        // 31 January clean date: day 90 lands on 1 May.
        row(d(2023, 1, 31), d(2023, 5, 1), 90, days(90), NinetyDays, SixMonths, 0, d(2023, 7, 31)),
        // 31 January clean date: three months is 30 April (clamped), so 2 May is 3 months 2 days.
        row(d(2023, 1, 31), d(2023, 5, 2), 91, ymd(0, 3, 2), NinetyDays, SixMonths, 0, d(2023, 7, 31)),
        // 31 January clean date: 30 August is short of seven months (31 August).
        row(d(2023, 1, 31), d(2023, 8, 30), 211, ymd(0, 6, 30), SixMonths, NineMonths, 0, d(2023, 10, 31)),
        // 31 August clean date: six months is 29 February in a leap year, not yet reached on the 28th.
        row(d(2023, 8, 31), d(2024, 2, 28), 181, ymd(0, 5, 28), NinetyDays, SixMonths, 0, d(2024, 2, 29)),
        // 31 August clean date: six months reached on the clamped 29 February.
        row(d(2023, 8, 31), d(2024, 2, 29), 182, ymd(0, 6, 0), SixMonths, NineMonths, 0, d(2024, 5, 31)),
        // 31 March clean date: 30 April is 30 days.
        row(d(2024, 3, 31), d(2024, 4, 30), 30, days(30), ThirtyDays, SixtyDays, 0, d(2024, 5, 30)),
        // 31 March clean date: three months is 30 June, so 30 July is 3 months 30 days.
        row(d(2024, 3, 31), d(2024, 7, 30), 121, ymd(0, 3, 30), NinetyDays, SixMonths, 0, d(2024, 9, 30)),
        // 31 March clean date: six months is 30 September, so 1 October is 6 months 1 day.
        row(d(2023, 3, 31), d(2023, 10, 1), 184, ymd(0, 6, 1), SixMonths, NineMonths, 0, d(2023, 12, 31)),
        // 30 January clean date: one month later is clamped to 28 February; day 30 is 1 March.
        row(d(2023, 1, 30), d(2023, 3, 1), 30, days(30), ThirtyDays, SixtyDays, 0, d(2023, 3, 31)),
        // 29 January clean date in a common year: months counted from the 29th, not the 28th.
        row(d(2023, 1, 29), d(2023, 6, 1), 123, ymd(0, 4, 3), NinetyDays, SixMonths, 0, d(2023, 7, 29)),
        // 31 December clean date: 1 January is day 1.
        row(d(2023, 12, 31), d(2024, 1, 1), 1, days(1), Welcome, ThirtyDays, 0, d(2024, 1, 30)),
        // 31 December clean date: one year on the next 31 December.
        row(d(2023, 12, 31), d(2024, 12, 31), 366, ymd(1, 0, 0), OneYear, EighteenMonths, 0, d(2025, 6, 30)),
        // 31 December clean date: eighteen months is the clamped 30 June.
        row(d(2023, 12, 31), d(2025, 6, 30), 547, ymd(1, 6, 0), EighteenMonths, MultipleYears, 2, d(2025, 12, 31)),
        // A clean date in 1950: the day before the 75th anniversary.
        row(d(1950, 6, 15), d(2025, 6, 14), 27393, ymd(74, 11, 30), MultipleYears, MultipleYears, 75, d(2025, 6, 15)),
        // A clean date in 1950: the 75th anniversary on the day.
        row(d(1950, 6, 15), d(2025, 6, 15), 27394, ymd(75, 0, 0), MultipleYears, MultipleYears, 76, d(2026, 6, 15)),
        // Three centuries across several century years (1900 and 2100 are not leap years).
        row(d(1900, 1, 1), d(2199, 12, 31), 109572, ymd(299, 11, 30), MultipleYears, MultipleYears, 300, d(2200, 1, 1)),
    ]
}

#[test]
fn table_of_edges() {
    let rows = table();
    assert!(rows.len() >= 30);
    for row in rows {
        let case = format!("clean {} today {}", row.clean, row.today);
        let counted = clean_time(row.clean, row.today).unwrap();
        assert_eq!(counted.clean_date, row.clean, "{case}");
        assert_eq!(counted.today, row.today, "{case}");
        assert_eq!(counted.total_days, row.total_days, "{case}: total days");
        assert_eq!(counted.display, row.display, "{case}: display");
        assert_eq!(counted.key_tag, row.tag, "{case}: key tag");
        let next = &counted.next_milestone;
        assert_eq!(next.tag, row.next_tag, "{case}: next tag");
        assert_eq!(next.years, row.next_years, "{case}: next years");
        assert_eq!(next.date, row.next_date, "{case}: next date");
        let to_go = (row.next_date - row.today).num_days();
        assert_eq!(i64::from(next.days_to_go), to_go, "{case}: days to go");
        assert_eq!(
            next.days_in_stretch,
            next.days_done_in_stretch + next.days_to_go,
            "{case}: stretch adds up"
        );
    }
}

#[test]
fn progress_ring_counts_from_previous_milestone() {
    // Between the 90-day tag (31 March) and six months (1 July).
    let counted = clean_time(d(2024, 1, 1), d(2024, 5, 1)).unwrap();
    let next = counted.next_milestone;
    assert_eq!(next.tag, KeyTag::SixMonths);
    assert_eq!(next.days_in_stretch, 92);
    assert_eq!(next.days_done_in_stretch, 31);
    assert_eq!(next.days_to_go, 61);

    // Before any milestone, the stretch starts at the clean date.
    let counted = clean_time(d(2024, 1, 1), d(2024, 1, 11)).unwrap();
    let next = counted.next_milestone;
    assert_eq!(
        (
            next.days_in_stretch,
            next.days_done_in_stretch,
            next.days_to_go
        ),
        (30, 10, 20)
    );

    // Between yearly anniversaries the stretch is the year containing today.
    let counted = clean_time(d(2020, 2, 29), d(2024, 2, 28)).unwrap();
    let next = counted.next_milestone;
    assert_eq!((next.years, next.date), (4, d(2024, 2, 29)));
    assert_eq!(
        (
            next.days_in_stretch,
            next.days_done_in_stretch,
            next.days_to_go
        ),
        (366, 365, 1)
    );
}

#[test]
fn future_clean_date_is_rejected() {
    let err = clean_time(d(2024, 5, 11), d(2024, 5, 10)).unwrap_err();
    assert_eq!(err, CleanTimeError::FutureDate);
    assert_eq!(err.to_string(), "A clean date can't be in the future.");
    assert!(clean_time(NaiveDate::MAX, NaiveDate::MIN).is_err());
}

#[test]
fn calendar_limits_do_not_panic() {
    let edges = [
        NaiveDate::MIN,
        NaiveDate::MIN.succ_opt().unwrap(),
        d(-1, 12, 31),
        d(0, 2, 29),
        d(1, 1, 1),
        d(1950, 1, 1),
        d(9999, 12, 31),
        NaiveDate::MAX.pred_opt().unwrap(),
        NaiveDate::MAX,
    ];
    for &clean in &edges {
        for &today in &edges {
            let _ = clean_time(clean, today);
            let _ = anniversaries(clean, today);
        }
    }

    // The earliest supported date still counts normally.
    let counted = clean_time(NaiveDate::MIN, NaiveDate::MIN).unwrap();
    assert_eq!(counted.total_days, 0);
    assert_eq!(counted.key_tag, KeyTag::Welcome);

    // The whole calendar range fits in the day count; only the next anniversary is off the end.
    let whole = clean_time(NaiveDate::MIN, NaiveDate::MAX);
    assert_eq!(whole, Err(CleanTimeError::OutOfRange));

    // On the last supported date, the thirty-day milestone can't be dated.
    let last = clean_time(NaiveDate::MAX, NaiveDate::MAX);
    assert_eq!(last, Err(CleanTimeError::OutOfRange));

    // Close to the end, counting works as long as the next milestone still has a date.
    let today = NaiveDate::MAX.checked_sub_months(Months::new(12)).unwrap();
    let clean = today.checked_sub_months(Months::new(30)).unwrap();
    let counted = clean_time(clean, today).unwrap();
    assert_eq!(counted.key_tag, KeyTag::MultipleYears);
    // The last date is a 31 December, so the clean date is a 30 June: 30 months on is 30 December.
    assert_eq!(counted.display, ymd(2, 6, 1));
    assert_eq!(counted.next_milestone.years, 3);
    let past_the_end = clean_time(clean, NaiveDate::MAX);
    assert_eq!(past_the_end, Err(CleanTimeError::OutOfRange));
}

#[test]
fn anniversaries_up_to_and_including() {
    assert_eq!(anniversaries(d(2024, 2, 29), d(2025, 2, 27)), vec![]);
    assert_eq!(
        anniversaries(d(2024, 2, 29), d(2028, 2, 29)),
        vec![
            (1, d(2025, 2, 28)),
            (2, d(2026, 2, 28)),
            (3, d(2027, 2, 28)),
            (4, d(2028, 2, 29)),
        ]
    );
    assert_eq!(
        anniversaries(d(2020, 12, 31), d(2022, 12, 30)),
        vec![(1, d(2021, 12, 31))]
    );
    // `until` before the clean date.
    assert_eq!(anniversaries(d(2024, 1, 1), d(2023, 1, 1)), vec![]);
    assert_eq!(anniversaries(d(1950, 6, 15), d(2025, 6, 15)).len(), 75);
}

#[test]
fn key_tag_colours_and_labels() {
    use KeyTag::*;
    let tags = [
        Welcome,
        ThirtyDays,
        SixtyDays,
        NinetyDays,
        SixMonths,
        NineMonths,
        OneYear,
        EighteenMonths,
        MultipleYears,
    ];
    let colours: Vec<_> = tags.iter().map(KeyTag::colour).collect();
    assert_eq!(
        colours,
        [
            "white", "orange", "green", "red", "blue", "yellow", "glow", "gray", "black"
        ]
    );
    assert_eq!(Welcome.label_key(), "keytag.welcome");
    assert_eq!(ThirtyDays.label_key(), "keytag.thirtyDays");
    assert_eq!(EighteenMonths.label_key(), "keytag.eighteenMonths");
    assert_eq!(MultipleYears.label_key(), "keytag.multipleYears");
    assert!(tags.windows(2).all(|pair| pair[0] < pair[1]));
}

#[test]
fn serialises_in_camel_case() {
    let counted = clean_time(d(2024, 1, 1), d(2025, 7, 2)).unwrap();
    let json = serde_json::to_value(&counted).unwrap();
    assert_eq!(json["cleanDate"], "2024-01-01");
    assert_eq!(json["totalDays"], 548);
    assert_eq!(json["keyTag"], "eighteenMonths");
    assert_eq!(
        json["display"],
        serde_json::json!({ "yearsMonthsDays": { "years": 1, "months": 6, "days": 1 } })
    );
    assert_eq!(json["nextMilestone"]["tag"], "multipleYears");
    assert_eq!(json["nextMilestone"]["daysInStretch"], 184);
    let back: journal_core::CleanTime = serde_json::from_value(json).unwrap();
    assert_eq!(back, counted);
}

/// Dates from 1900-01-01 up to, not including, 2200-01-01.
fn date_1900_2200() -> impl Strategy<Value = NaiveDate> {
    let first = d(1900, 1, 1);
    let span = (d(2200, 1, 1) - first).num_days();
    (0..span).prop_map(move |offset| first + chrono::Days::new(offset as u64))
}

fn ordered_pair() -> impl Strategy<Value = (NaiveDate, NaiveDate)> {
    (date_1900_2200(), date_1900_2200()).prop_map(|(a, b)| (a.min(b), a.max(b)))
}

proptest! {
    #[test]
    fn counting_is_consistent((clean, today) in ordered_pair()) {
        let counted = clean_time(clean, today).unwrap();
        prop_assert_eq!(i64::from(counted.total_days), (today - clean).num_days());
        match counted.display {
            CleanTimeDisplay::Days { days } => {
                prop_assert!(counted.total_days <= 90);
                prop_assert_eq!(days, counted.total_days);
            }
            CleanTimeDisplay::YearsMonthsDays { years, months, days } => {
                prop_assert!(counted.total_days > 90);
                prop_assert!(months < 12);
                let anchor = clean.checked_add_months(Months::new(years * 12 + months)).unwrap();
                prop_assert_eq!(anchor + chrono::Days::new(u64::from(days)), today);
                // One more month would pass today, so the months are as many as fit.
                let beyond = clean.checked_add_months(Months::new(years * 12 + months + 1)).unwrap();
                prop_assert!(beyond > today);
            }
        }
        let next = &counted.next_milestone;
        prop_assert!(next.date > today);
        prop_assert_eq!(i64::from(next.days_to_go), (next.date - today).num_days());
        prop_assert_eq!(next.days_in_stretch, next.days_done_in_stretch + next.days_to_go);
    }

    #[test]
    fn key_tag_never_decreases((clean, today) in ordered_pair(), later in 0u64..2000) {
        let Some(later_day) = today.checked_add_days(chrono::Days::new(later)) else {
            return Ok(());
        };
        let now = clean_time(clean, today).unwrap();
        let then = clean_time(clean, later_day).unwrap();
        prop_assert!(then.key_tag >= now.key_tag);
        prop_assert!(then.next_milestone.date >= now.next_milestone.date);
    }

    #[test]
    fn anniversaries_match_the_year_count((clean, today) in ordered_pair()) {
        let counted = clean_time(clean, today).unwrap();
        let years = match counted.display {
            CleanTimeDisplay::Days { .. } => 0,
            CleanTimeDisplay::YearsMonthsDays { years, .. } => years,
        };
        let list = anniversaries(clean, today);
        prop_assert_eq!(list.len(), years as usize);
        prop_assert!(list.iter().all(|&(_, date)| date <= today));
    }

    #[test]
    fn any_dates_never_panic(a in any::<i32>(), b in any::<i32>()) {
        let span = i64::from(NaiveDate::MAX.num_days_from_ce() - NaiveDate::MIN.num_days_from_ce());
        let pick = |raw: i32| {
            let offset = i64::from(raw).rem_euclid(span + 1) as u64;
            NaiveDate::MIN + chrono::Days::new(offset)
        };
        let _ = clean_time(pick(a), pick(b));
    }
}
