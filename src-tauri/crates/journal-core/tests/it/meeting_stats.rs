//! Meeting attendance statistics.

use chrono::{Days, NaiveDate};
use journal_core::{MeetingStats, NinetyInNinety, meeting_stats};

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// One meeting a day (`per_day` of them) from `first` through `last` inclusive.
fn daily(first: NaiveDate, last: NaiveDate, per_day: usize) -> Vec<NaiveDate> {
    first
        .iter_days()
        .take_while(|day| *day <= last)
        .flat_map(|day| std::iter::repeat_n(day, per_day))
        .collect()
}

#[test]
fn empty_input() {
    let stats = meeting_stats(&[], d(2024, 6, 10), None);
    assert_eq!(
        stats,
        MeetingStats {
            total: 0,
            this_week: 0,
            this_month: 0,
            last_90_days: 0,
            longest_streak_days: 0,
            current_streak_days: 0,
            ninety_in_ninety: None,
            by_week: vec![],
            by_month: vec![],
            by_day: vec![],
        }
    );

    // A 90-in-90 that starts today with nothing attended yet is on its first day.
    let stats = meeting_stats(&[], d(2024, 6, 10), Some(d(2024, 6, 10)));
    assert_eq!(
        stats.ninety_in_ninety,
        Some(NinetyInNinety {
            start: d(2024, 6, 10),
            end: d(2024, 9, 7),
            meetings: 0,
            days_elapsed: 1,
            distinct_days: 0,
            complete: false,
        })
    );
}

#[test]
fn several_meetings_on_one_day_each_count() {
    let today = d(2024, 6, 12);
    let stats = meeting_stats(&[today, today, today], today, None);
    assert_eq!(stats.total, 3);
    assert_eq!(stats.this_week, 3);
    assert_eq!(stats.this_month, 3);
    assert_eq!(stats.last_90_days, 3);
    assert_eq!(stats.by_day, vec![(today, 3)]);
    assert_eq!(stats.by_week, vec![(d(2024, 6, 10), 3)]);
    assert_eq!(stats.by_month, vec![(2024, 6, 3)]);
    assert_eq!(stats.longest_streak_days, 1);
    assert_eq!(stats.current_streak_days, 1);
}

#[test]
fn week_runs_monday_to_sunday() {
    // 9 June 2024 is a Sunday, 10 June a Monday.
    let dates = [
        d(2024, 6, 9),
        d(2024, 6, 10),
        d(2024, 6, 16),
        d(2024, 6, 17),
    ];

    // On Monday, Sunday's meeting belongs to last week.
    let monday = meeting_stats(&dates, d(2024, 6, 10), None);
    assert_eq!(monday.this_week, 1);
    assert_eq!(
        monday.by_week,
        vec![(d(2024, 6, 3), 1), (d(2024, 6, 10), 1)]
    );

    // On the following Sunday, Monday and Sunday share the week; the next Monday is ahead.
    let sunday = meeting_stats(&dates, d(2024, 6, 16), None);
    assert_eq!(sunday.this_week, 2);
    assert_eq!(sunday.total, 4);
    assert_eq!(
        sunday.by_week,
        vec![(d(2024, 6, 3), 1), (d(2024, 6, 10), 2)]
    );

    // A week with no meetings yet shows zero even though earlier weeks have some.
    let later = meeting_stats(&dates, d(2024, 6, 26), None);
    assert_eq!(later.this_week, 0);
}

#[test]
fn month_and_year_boundaries() {
    // 31 December 2023 is a Sunday, 1 January 2024 a Monday.
    let dates = [
        d(2023, 11, 30),
        d(2023, 12, 31),
        d(2024, 1, 1),
        d(2024, 1, 1),
    ];
    let stats = meeting_stats(&dates, d(2024, 1, 1), None);
    assert_eq!(stats.this_month, 2);
    assert_eq!(stats.this_week, 2);
    assert_eq!(
        stats.by_month,
        vec![(2023, 11, 1), (2023, 12, 1), (2024, 1, 2)]
    );
    assert_eq!(
        stats.by_week,
        vec![
            (d(2023, 11, 27), 1),
            (d(2023, 12, 25), 1),
            (d(2024, 1, 1), 2)
        ]
    );
    assert_eq!(
        stats.by_day,
        vec![
            (d(2023, 11, 30), 1),
            (d(2023, 12, 31), 1),
            (d(2024, 1, 1), 2)
        ]
    );
    // The streak crosses the year end.
    assert_eq!(stats.current_streak_days, 2);
    assert_eq!(stats.longest_streak_days, 2);

    // A month with no meetings yet.
    let february = meeting_stats(&dates, d(2024, 2, 1), None);
    assert_eq!(february.this_month, 0);
}

#[test]
fn last_90_days_includes_today_and_89_days_before() {
    let today = d(2024, 6, 30);
    let dates = [
        today - Days::new(90),
        today - Days::new(89),
        today - Days::new(1),
        today,
    ];
    let stats = meeting_stats(&dates, today, None);
    assert_eq!(stats.last_90_days, 3);
    assert_eq!(stats.total, 4);
}

#[test]
fn meetings_after_today_count_in_total_only() {
    let today = d(2024, 6, 12);
    let dates = [today, d(2024, 6, 13), d(2024, 6, 14), d(2025, 1, 1)];
    let stats = meeting_stats(&dates, today, Some(d(2024, 6, 1)));
    assert_eq!(stats.total, 4);
    assert_eq!(stats.this_week, 1);
    assert_eq!(stats.this_month, 1);
    assert_eq!(stats.last_90_days, 1);
    assert_eq!(stats.by_day, vec![(today, 1)]);
    assert_eq!(stats.by_week, vec![(d(2024, 6, 10), 1)]);
    assert_eq!(stats.by_month, vec![(2024, 6, 1)]);
    assert_eq!(stats.longest_streak_days, 1);
    assert_eq!(stats.ninety_in_ninety.unwrap().meetings, 1);
}

#[test]
fn ninety_in_ninety_starting_in_the_future() {
    let today = d(2024, 6, 12);
    let dates = daily(d(2024, 6, 1), today, 1);
    let stats = meeting_stats(&dates, today, Some(d(2024, 6, 20)));
    assert_eq!(
        stats.ninety_in_ninety,
        Some(NinetyInNinety {
            start: d(2024, 6, 20),
            end: d(2024, 9, 17),
            meetings: 0,
            days_elapsed: 0,
            distinct_days: 0,
            complete: false,
        })
    );
}

#[test]
fn ninety_in_ninety_in_progress_ignores_meetings_before_start() {
    let today = d(2024, 6, 10);
    // Two a day from 25 May; the window starts 1 June.
    let dates = daily(d(2024, 5, 25), today, 2);
    let stats = meeting_stats(&dates, today, Some(d(2024, 6, 1)));
    assert_eq!(
        stats.ninety_in_ninety,
        Some(NinetyInNinety {
            start: d(2024, 6, 1),
            end: d(2024, 8, 29),
            meetings: 20,
            days_elapsed: 10,
            distinct_days: 10,
            complete: false,
        })
    );
    assert_eq!(stats.total, 34);
}

#[test]
fn ninety_in_ninety_completed() {
    // Every day from 1 January to 30 April 2024; the window is 1 January to 30 March.
    let dates = daily(d(2024, 1, 1), d(2024, 4, 30), 1);
    let stats = meeting_stats(&dates, d(2024, 5, 1), Some(d(2024, 1, 1)));
    assert_eq!(
        stats.ninety_in_ninety,
        Some(NinetyInNinety {
            start: d(2024, 1, 1),
            end: d(2024, 3, 30),
            meetings: 90,
            days_elapsed: 90,
            distinct_days: 90,
            complete: true,
        })
    );

    // 90 meetings can be reached before the 90 days are up.
    let dates = daily(d(2024, 1, 1), d(2024, 2, 14), 2);
    let stats = meeting_stats(&dates, d(2024, 2, 14), Some(d(2024, 1, 1)));
    let progress = stats.ninety_in_ninety.unwrap();
    assert_eq!(progress.meetings, 90);
    assert_eq!(progress.days_elapsed, 45);
    assert_eq!(progress.distinct_days, 45);
    assert!(progress.complete);

    // One short is not complete.
    let mut dates = daily(d(2024, 1, 1), d(2024, 3, 30), 1);
    dates.pop();
    let stats = meeting_stats(&dates, d(2024, 6, 1), Some(d(2024, 1, 1)));
    let progress = stats.ninety_in_ninety.unwrap();
    assert_eq!((progress.meetings, progress.complete), (89, false));
}

#[test]
fn streaks_cross_month_end_and_wait_for_today() {
    let mut dates = daily(d(2024, 1, 29), d(2024, 2, 2), 1);
    dates.extend([d(2024, 2, 10), d(2024, 2, 11)]);
    // Any order is accepted.
    dates.reverse();

    // Nothing yet on 12 February: the run ending yesterday still counts.
    let stats = meeting_stats(&dates, d(2024, 2, 12), None);
    assert_eq!(stats.longest_streak_days, 5);
    assert_eq!(stats.current_streak_days, 2);

    // A meeting today extends it.
    let mut with_today = dates.clone();
    with_today.push(d(2024, 2, 12));
    let stats = meeting_stats(&with_today, d(2024, 2, 12), None);
    assert_eq!(stats.current_streak_days, 3);

    // A whole day missed breaks it.
    let stats = meeting_stats(&dates, d(2024, 2, 13), None);
    assert_eq!(stats.current_streak_days, 0);
    assert_eq!(stats.longest_streak_days, 5);
}

#[test]
fn serialises_in_camel_case() {
    let today = d(2024, 6, 12);
    let stats = meeting_stats(&[today], today, Some(today));
    let json = serde_json::to_value(&stats).unwrap();
    assert_eq!(json["thisWeek"], 1);
    assert_eq!(json["last90Days"], 1);
    assert_eq!(json["currentStreakDays"], 1);
    assert_eq!(json["ninetyInNinety"]["daysElapsed"], 1);
    assert_eq!(json["byDay"], serde_json::json!([["2024-06-12", 1]]));
    assert_eq!(json["byMonth"], serde_json::json!([[2024, 6, 1]]));
    let back: MeetingStats = serde_json::from_value(json).unwrap();
    assert_eq!(back, stats);
}

#[test]
fn calendar_limits_do_not_panic() {
    let dates = [NaiveDate::MIN, NaiveDate::MAX, d(2024, 1, 1)];
    for today in [NaiveDate::MIN, d(2024, 1, 1), NaiveDate::MAX] {
        for start in [NaiveDate::MIN, NaiveDate::MAX] {
            let stats = meeting_stats(&dates, today, Some(start));
            assert_eq!(stats.total, 3);
        }
    }
}

#[test]
fn hundred_thousand_meetings() {
    let first = d(2000, 1, 1);
    // Spread over about 27 years in a scrambled order, with repeats on many days.
    let dates: Vec<NaiveDate> = (0..100_000u64)
        .map(|i| first + Days::new(i * 7_919 % 10_000))
        .collect();
    let today = d(2030, 1, 1);
    let stats = meeting_stats(&dates, today, Some(d(2020, 1, 1)));
    assert_eq!(stats.total, 100_000);
    let sum = |counts: &mut dyn Iterator<Item = u32>| counts.map(u64::from).sum::<u64>();
    assert_eq!(sum(&mut stats.by_day.iter().map(|&(_, n)| n)), 100_000);
    assert_eq!(sum(&mut stats.by_week.iter().map(|&(_, n)| n)), 100_000);
    assert_eq!(sum(&mut stats.by_month.iter().map(|&(_, _, n)| n)), 100_000);
    assert_eq!(stats.by_day.len(), 10_000);
    assert_eq!(stats.longest_streak_days, 10_000);
}
