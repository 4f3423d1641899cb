//! Property tests: every kind of record survives save → lock → unlock exactly.

use crate::common::*;
use chrono::{NaiveDate, NaiveTime};
use journal_core::*;
use proptest::prelude::*;
use uuid::Uuid;

fn text() -> impl Strategy<Value = String> {
    // Any Unicode, including accents, emoji and control characters, up to a few hundred chars.
    proptest::collection::vec(any::<char>(), 0..300).prop_map(|v| v.into_iter().collect())
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ .'-]{0,40}".prop_map(|s| format!("N{s}"))
}

fn past_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..40_000).prop_map(|d| today() - chrono::Duration::days(d))
}

fn meeting() -> impl Strategy<Value = Meeting> {
    (
        past_date(),
        proptest::option::of((0u32..24, 0u32..60)),
        proptest::option::of(1u32..=1440),
        name(),
        text(),
        proptest::sample::subsequence(
            vec![
                MeetingFormat::Open,
                MeetingFormat::Closed,
                MeetingFormat::Discussion,
                MeetingFormat::Speaker,
                MeetingFormat::StepStudy,
                MeetingFormat::Literature,
                MeetingFormat::Newcomer,
                MeetingFormat::Candlelight,
                MeetingFormat::Other,
            ],
            0..4,
        ),
        any::<bool>(),
        text(),
    )
        .prop_map(
            |(date, time, dur, name, group, formats, shared, notes)| Meeting {
                id: Uuid::nil(),
                date,
                start_time: time.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0)),
                duration_minutes: dur,
                name,
                group: group.chars().take(200).collect(),
                formats,
                attendance: if shared {
                    Attendance::Online
                } else {
                    Attendance::InPerson
                },
                place: String::new(),
                service_role: "GSR".into(),
                shared,
                notes,
            },
        )
}

fn contact() -> impl Strategy<Value = Contact> {
    (
        name(),
        text(),
        proptest::option::of(past_date()),
        proptest::option::of(1u8..=12),
        text(),
    )
        .prop_map(|(name, phone, clean, step, notes)| Contact {
            id: Uuid::nil(),
            name,
            phone: phone.chars().take(200).collect(),
            email: String::new(),
            role: ContactRole::Sponsee,
            clean_date: clean,
            home_group: String::new(),
            service_commitment: String::new(),
            service_term_start: None,
            service_term_end: None,
            sponsee_step: step,
            last_contact: clean,
            notes,
        })
}

fn entry() -> impl Strategy<Value = JournalEntry> {
    (
        past_date(),
        text(),
        proptest::collection::vec(name(), 0..5),
        proptest::option::of(0u8..=10),
        proptest::collection::vec(name(), 0..5),
    )
        .prop_map(|(date, text, feelings, craving, gratitude)| JournalEntry {
            id: Uuid::nil(),
            date,
            text,
            feelings,
            craving,
            gratitude,
        })
}

fn step_records()
-> impl Strategy<Value = (StepNote, StepQuestion, InventoryRow, Amend, NightlyReview)> {
    (1u8..=12, past_date(), text(), text(), name(), text()).prop_map(
        |(step, date, a, b, who, c)| {
            (
                StepNote {
                    id: Uuid::nil(),
                    step,
                    date,
                    title: who.clone(),
                    text: a.clone(),
                },
                StepQuestion {
                    id: Uuid::nil(),
                    step,
                    position: 3,
                    asked_by: AskedBy::Sponsor,
                    question: format!("Q{b}"),
                    answer: c.clone(),
                },
                InventoryRow {
                    id: Uuid::nil(),
                    position: 1,
                    who_or_what: who.clone(),
                    what_happened: a.clone(),
                    affects_me: b.clone(),
                    my_part: c.clone(),
                    fears: a.clone(),
                },
                Amend {
                    id: Uuid::nil(),
                    person: who,
                    harm: b.clone(),
                    status: AmendStatus::NotPossible,
                    date: Some(date),
                    notes: c.clone(),
                },
                NightlyReview {
                    id: Uuid::nil(),
                    date,
                    went_well: a,
                    struggles: b,
                    owe_amends: String::new(),
                    grateful_for: c,
                    tomorrow: "rest".into(),
                },
            )
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_kind_round_trips_through_the_file(
        m in meeting(),
        c in contact(),
        e in entry(),
        (note, question, row, amend, review) in step_records(),
        clean in past_date(),
        clean_note in text(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let Created { mut journal, .. } = new_journal(dir.path());
        let t = today();
        let saved_clean = journal.set_clean_date(clean, &clean_note, t).unwrap();
        let m = journal.save(m, t).unwrap();
        let c = journal.save(c, t).unwrap();
        let e = journal.save(e, t).unwrap();
        let note = journal.save(note, t).unwrap();
        let question = journal.save(question, t).unwrap();
        let row = journal.save(row, t).unwrap();
        let amend = journal.save(amend, t).unwrap();
        let review = journal.save(review, t).unwrap();
        let work = journal.set_step_status(note.step, StepStatus::Working, t).unwrap();
        journal.lock().unwrap();

        let j = Journal::unlock(dir.path(), &pass(PASSPHRASE)).unwrap();
        prop_assert!(j.damaged().is_empty());
        prop_assert_eq!(j.get::<CleanDate>(saved_clean.id), Some(&saved_clean));
        prop_assert_eq!(j.get::<Meeting>(m.id), Some(&m));
        prop_assert_eq!(j.get::<Contact>(c.id), Some(&c));
        prop_assert_eq!(j.get::<JournalEntry>(e.id), Some(&e));
        prop_assert_eq!(j.get::<StepNote>(note.id), Some(&note));
        prop_assert_eq!(j.get::<StepQuestion>(question.id), Some(&question));
        prop_assert_eq!(j.get::<InventoryRow>(row.id), Some(&row));
        prop_assert_eq!(j.get::<Amend>(amend.id), Some(&amend));
        prop_assert_eq!(j.get::<NightlyReview>(review.id), Some(&review));
        prop_assert_eq!(j.get::<StepWork>(work.id), Some(&work));
    }
}
