//! Shared test fixtures: a fast KDF, fixed dates, and one record of every kind.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use chrono::{NaiveDate, NaiveTime};
use journal_core::*;
use uuid::Uuid;

pub fn params() -> KdfParams {
    KdfParams::insecure_for_tests()
}

pub fn pass(s: &str) -> SecretString {
    SecretString::from(s.to_owned())
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub const TODAY: (i32, u32, u32) = (2026, 11, 21);

/// The moment a change of secrets happens (names the fresh automatic backup).
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc::now()
}

pub fn today() -> NaiveDate {
    date(TODAY.0, TODAY.1, TODAY.2)
}

pub const PASSPHRASE: &str = "correct horse battery staple";

pub fn new_journal(dir: &Path) -> Created {
    Journal::create(dir, &pass(PASSPHRASE), params()).unwrap()
}

/// Write `text` into every text field of every kind of record. Returns how many records.
pub fn write_everything(j: &mut Journal, text: &str) -> usize {
    let t = today();
    j.save(
        CleanDate {
            id: Uuid::nil(),
            date: date(2024, 2, 29),
            note: format!("clean note {text}"),
            recorded_on: t,
        },
        t,
    )
    .unwrap();
    j.set_step_status(1, StepStatus::Done, t).unwrap();
    let mut work = j.step_work(2);
    work.principle = format!("principle {text}");
    j.save(work, t).unwrap();
    j.save(
        StepNote {
            id: Uuid::nil(),
            step: 1,
            date: t,
            title: format!("title {text}"),
            text: format!("note {text}"),
        },
        t,
    )
    .unwrap();
    j.save(
        StepQuestion {
            id: Uuid::nil(),
            step: 3,
            position: 0,
            asked_by: AskedBy::Sponsor,
            question: format!("question {text}"),
            answer: format!("answer {text}"),
        },
        t,
    )
    .unwrap();
    j.save(
        InventoryRow {
            id: Uuid::nil(),
            position: 0,
            who_or_what: format!("who {text}"),
            what_happened: format!("happened {text}"),
            affects_me: format!("affects {text}"),
            my_part: format!("part {text}"),
            fears: format!("fears {text}"),
        },
        t,
    )
    .unwrap();
    j.save(
        Amend {
            id: Uuid::nil(),
            person: format!("person {text}"),
            harm: format!("harm {text}"),
            status: AmendStatus::Planned,
            date: None,
            notes: format!("amend notes {text}"),
        },
        t,
    )
    .unwrap();
    j.save(
        NightlyReview {
            id: Uuid::nil(),
            date: t,
            went_well: format!("well {text}"),
            struggles: format!("struggles {text}"),
            owe_amends: format!("owe {text}"),
            grateful_for: format!("grateful {text}"),
            tomorrow: format!("tomorrow {text}"),
        },
        t,
    )
    .unwrap();
    j.save(
        Meeting {
            id: Uuid::nil(),
            date: t,
            start_time: NaiveTime::from_hms_opt(19, 30, 0),
            duration_minutes: Some(90),
            name: format!("meeting {text}"),
            group: format!("group {text}"),
            formats: vec![MeetingFormat::Open, MeetingFormat::Speaker],
            attendance: Attendance::Hybrid,
            place: format!("place {text}"),
            service_role: format!("role {text}"),
            shared: true,
            notes: format!("meeting notes {text}"),
        },
        t,
    )
    .unwrap();
    j.save(
        Contact {
            id: Uuid::nil(),
            name: format!("name {text}"),
            phone: format!("555 {text}"),
            email: format!("{text}@example.invalid"),
            role: ContactRole::Sponsee,
            clean_date: Some(date(2020, 1, 31)),
            home_group: format!("home {text}"),
            service_commitment: format!("gsr {text}"),
            service_term_start: Some(date(2026, 1, 1)),
            service_term_end: Some(date(2027, 1, 1)),
            sponsee_step: Some(3),
            last_contact: Some(date(2026, 11, 1)),
            notes: format!("contact notes {text}"),
        },
        t,
    )
    .unwrap();
    j.save(
        JournalEntry {
            id: Uuid::nil(),
            date: t,
            text: format!("journal {text}"),
            feelings: vec![format!("feeling {text}"), "calm".into()],
            craving: Some(3),
            gratitude: vec![format!("gratitude {text}"), "coffee".into(), "sun".into()],
        },
        t,
    )
    .unwrap();
    j.save(
        Settings {
            auto_lock_minutes: 7,
            theme: Theme::Dark,
            ninety_start: Some(date(2026, 10, 1)),
            home_group: format!("settings group {text}"),
            ..Settings::default()
        },
        t,
    )
    .unwrap();
    12
}
