//! The deterministic journal generator: the same records, byte for byte, for every engine.
//!
//! A journal of `n` records of about 1 KB of JSON each: 35 % daily journal entries, 20 % step
//! notes, 35 % meetings, 10 % contacts, plus one clean date; every 50th record is a long journal
//! entry of 5–10 KB. Dates spread over the ten years before [`today`]. About 1 % of records hold
//! the rare word of [`SEARCH_QUERY`], so a search finds a few hundred records at N = 100,000.
//! The journal saves these values through its API; the plain engines store each one's serde JSON
//! (the very plaintext the journal encrypts) as a row.

use chrono::{Days, NaiveDate, NaiveTime};
use journal_core::{
    CleanDate, Contact, ContactRole, Entity, JournalEntry, Meeting, MeetingFormat, RecordKind,
    StepNote,
};
use uuid::Uuid;

/// The search every engine runs: every word must appear (a rare word and a common one).
pub const SEARCH_QUERY: &str = "lighthouse serenity";

/// The day the benchmark pretends it is (a Friday).
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

/// SplitMix64: tiny, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// A random version-4 UUID.
    pub fn uuid(&mut self) -> Uuid {
        let hi = self.next_u64().to_be_bytes();
        let lo = self.next_u64().to_be_bytes();
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&hi);
        b[8..].copy_from_slice(&lo);
        uuid::Builder::from_random_bytes(b).into_uuid()
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = usize::try_from(self.below(items.len() as u64)).unwrap_or(0);
        items.get(i).copied().unwrap_or("")
    }

    fn date_back(&mut self, max_days: u64) -> NaiveDate {
        today()
            .checked_sub_days(Days::new(self.below(max_days)))
            .unwrap_or_else(today)
    }
}

const WORDS: &[&str] = &[
    "today",
    "I",
    "went",
    "to",
    "a",
    "meeting",
    "and",
    "shared",
    "about",
    "gratitude",
    "my",
    "sponsor",
    "called",
    "me",
    "after",
    "work",
    "we",
    "talked",
    "step",
    "four",
    "fear",
    "resentment",
    "honesty",
    "open-mindedness",
    "willingness",
    "serenity",
    "prayer",
    "the",
    "literature",
    "just",
    "for",
    "today",
    "was",
    "hard",
    "but",
    "I",
    "stayed",
    "clean",
    "again",
    "home",
    "group",
    "coffee",
    "chair",
    "newcomer",
    "hug",
    "phone",
    "list",
    "cravings",
    "were",
    "low",
    "slept",
    "well",
    "walked",
    "by",
    "the",
    "river",
    "with",
    "a",
    "friend",
    "from",
    "the",
    "fellowship",
    "read",
    "basic",
    "text",
    "page",
    "about",
    "surrender",
    "acceptance",
    "hope",
    "faith",
    "courage",
    "integrity",
    "humility",
    "patience",
    "love",
    "service",
    "unity",
    "keys",
    "tag",
    "anniversary",
    "cake",
    "celebrated",
    "years",
    "months",
    "days",
    "tired",
    "angry",
    "lonely",
    "hungry",
    "halt",
    "checked",
    "in",
    "wrote",
    "inventory",
    "amends",
    "letter",
    "forgive",
    "myself",
    "family",
    "dinner",
    "kids",
    "job",
    "interview",
    "nervous",
    "calm",
    "grateful",
    "sérénité",
    "café",
    "naïve",
    "Zürich",
    "München",
    "spoke",
    "at",
    "speaker",
    "candlelight",
    "discussion",
    "topic",
    "relapse",
    "prevention",
    "plan",
    "trigger",
    "boundary",
    "meditation",
    "morning",
    "evening",
    "review",
    "nightly",
    "tenth",
    "eleventh",
    "twelfth",
    "message",
    "carry",
    "still",
    "suffering",
    "addict",
    "recovery",
    "miracle",
    "happens",
    "keep",
    "coming",
    "back",
    "it",
    "works",
    "if",
    "you",
    "work",
    "it",
    "one",
    "day",
    "at",
    "time",
];

const FEELINGS: &[&str] = &[
    "grateful", "anxious", "calm", "hopeful", "tired", "angry", "lonely", "peaceful", "proud",
    "restless", "sad", "joyful",
];
const GROUPS: &[&str] = &[
    "Serenity Seekers",
    "Just for Today",
    "Miracle Makers",
    "Clean & Free",
    "Hope Group",
    "Freedom Group",
    "New Beginnings",
    "Step Sisters",
];
const PLACES: &[&str] = &[
    "St. Mary's hall",
    "Community centre",
    "Online (Zoom)",
    "Library room 2",
    "Hospital chapel",
    "Youth club",
];
const NAMES: &[&str] = &[
    "Alex P.",
    "Sam K.",
    "Jo M.",
    "Chris D.",
    "Robin L.",
    "Pat S.",
    "Dani R.",
    "Lee T.",
    "Noor A.",
    "Mika H.",
    "Zoë B.",
    "Andrés G.",
];

/// Text of about `chars` characters; with probability `rare_pct` % it holds the rare search
/// word somewhere.
fn prose(rng: &mut Rng, chars: usize, rare_pct: u64) -> String {
    let mut s = String::with_capacity(chars + 16);
    let rare_at = if rng.below(100) < rare_pct {
        Some(usize::try_from(rng.below(chars.max(1) as u64)).unwrap_or(0))
    } else {
        None
    };
    let mut rare_done = false;
    while s.len() < chars {
        if !s.is_empty() {
            s.push(if rng.below(14) == 0 { '.' } else { ' ' });
            if s.ends_with('.') {
                s.push(' ');
            }
        }
        if !rare_done && rare_at.is_some_and(|at| s.len() >= at) {
            s.push_str("lighthouse");
            rare_done = true;
        } else {
            s.push_str(rng.pick(WORDS));
        }
    }
    if rare_at.is_some() && !rare_done {
        s.push_str(" lighthouse");
    }
    s
}

/// One generated journal, by kind.
#[derive(Default)]
pub struct Workload {
    /// The clean date (one).
    pub clean_dates: Vec<CleanDate>,
    /// Daily journal entries, including the long ones.
    pub entries: Vec<JournalEntry>,
    /// Step notes.
    pub notes: Vec<StepNote>,
    /// Meetings.
    pub meetings: Vec<Meeting>,
    /// Contacts.
    pub contacts: Vec<Contact>,
}

/// One record as a plain row: what the plaintext engines store.
pub struct Row {
    /// The record's UUID bytes (the primary key).
    pub id: [u8; 16],
    /// The record kind number, as the journal stores it.
    pub kind: u16,
    /// The record's serde JSON, as the journal would encrypt it.
    pub json: String,
}

impl Workload {
    /// How many records in all.
    pub fn len(&self) -> usize {
        self.clean_dates.len()
            + self.entries.len()
            + self.notes.len()
            + self.meetings.len()
            + self.contacts.len()
    }

    /// Every record as a plain row, in a fixed order.
    pub fn rows(&self) -> Result<Vec<Row>, serde_json::Error> {
        fn add<T: Entity>(out: &mut Vec<Row>, items: &[T]) -> Result<(), serde_json::Error> {
            for r in items {
                out.push(Row {
                    id: *r.id().as_bytes(),
                    kind: T::KIND.number(),
                    json: serde_json::to_string(r)?,
                });
            }
            Ok(())
        }
        let mut out = Vec::with_capacity(self.len());
        add(&mut out, &self.clean_dates)?;
        add(&mut out, &self.entries)?;
        add(&mut out, &self.notes)?;
        add(&mut out, &self.meetings)?;
        add(&mut out, &self.contacts)?;
        Ok(out)
    }
}

/// The journal of `n` records for `seed` (the same every time).
pub fn generate(n: usize, seed: u64) -> Workload {
    let mut rng = Rng::new(seed ^ (n as u64).wrapping_mul(0x1000_0001));
    let mut w = Workload::default();
    w.clean_dates.push(CleanDate {
        id: rng.uuid(),
        date: NaiveDate::from_ymd_opt(2019, 3, 14).unwrap_or_default(),
        note: "The day I walked into my first meeting.".into(),
        recorded_on: NaiveDate::from_ymd_opt(2019, 3, 20).unwrap_or_default(),
    });
    for i in 1..n {
        if i % 50 == 0 {
            let chars = 5_000 + usize::try_from(rng.below(5_000)).unwrap_or(0);
            w.entries.push(entry(&mut rng, chars));
            continue;
        }
        match rng.below(100) {
            0..35 => {
                let chars = 600 + usize::try_from(rng.below(400)).unwrap_or(0);
                w.entries.push(entry(&mut rng, chars));
            }
            35..55 => w.notes.push(StepNote {
                id: rng.uuid(),
                step: u8::try_from(1 + rng.below(12)).unwrap_or(1),
                date: rng.date_back(3650),
                title: prose(&mut rng, 40, 0),
                text: {
                    let len = 750 + usize::try_from(rng.below(300)).unwrap_or(0);
                    prose(&mut rng, len, 1)
                },
            }),
            55..90 => {
                // A third of the meetings fall in the last 90 days, some this week.
                let back = if rng.below(3) == 0 { 90 } else { 3650 };
                w.meetings.push(Meeting {
                    id: rng.uuid(),
                    date: rng.date_back(back),
                    start_time: NaiveTime::from_hms_opt(
                        u32::try_from(7 + rng.below(14)).unwrap_or(19),
                        30,
                        0,
                    ),
                    duration_minutes: Some(60 + 30 * u32::try_from(rng.below(2)).unwrap_or(0)),
                    name: format!("{} {}", rng.pick(GROUPS), rng.pick(&["Monday", "Friday"])),
                    group: rng.pick(GROUPS).to_owned(),
                    formats: vec![MeetingFormat::Open, MeetingFormat::Discussion],
                    attendance: Default::default(),
                    place: rng.pick(PLACES).to_owned(),
                    service_role: rng
                        .pick(&["", "", "chair", "coffee", "secretary"])
                        .to_owned(),
                    shared: rng.below(2) == 0,
                    notes: {
                        let len = 550 + usize::try_from(rng.below(300)).unwrap_or(0);
                        prose(&mut rng, len, 1)
                    },
                });
            }
            _ => {
                let role = match rng.below(6) {
                    0 => ContactRole::Sponsee,
                    1 => ContactRole::Sponsor,
                    2 => ContactRole::HomeGroupMember,
                    _ => ContactRole::Friend,
                };
                w.contacts.push(Contact {
                    id: rng.uuid(),
                    name: rng.pick(NAMES).to_owned(),
                    phone: format!("+44 7700 9{:05}", rng.below(100_000)),
                    email: format!("member{}@example.org", rng.below(10_000)),
                    role,
                    clean_date: Some(rng.date_back(7000)),
                    home_group: rng.pick(GROUPS).to_owned(),
                    service_commitment: rng.pick(&["", "GSR", "treasurer", "H&I"]).to_owned(),
                    service_term_start: None,
                    service_term_end: None,
                    sponsee_step: (role == ContactRole::Sponsee)
                        .then(|| u8::try_from(1 + rng.below(12)).unwrap_or(1)),
                    last_contact: Some(rng.date_back(60)),
                    notes: {
                        let len = 550 + usize::try_from(rng.below(300)).unwrap_or(0);
                        prose(&mut rng, len, 1)
                    },
                });
            }
        }
    }
    w
}

fn entry(rng: &mut Rng, chars: usize) -> JournalEntry {
    let feelings = (0..3).map(|_| rng.pick(FEELINGS).to_owned()).collect();
    let gratitude = (0..3).map(|_| prose(rng, 30, 0)).collect();
    JournalEntry {
        id: rng.uuid(),
        date: rng.date_back(3650),
        text: prose(rng, chars, 1),
        feelings,
        craving: Some(u8::try_from(rng.below(11)).unwrap_or(0)),
        gratitude,
    }
}

/// A fresh ~1 KB journal entry dated today, for the durable-save workload.
pub fn one_entry(rng: &mut Rng) -> JournalEntry {
    let mut e = entry(rng, 800);
    e.date = today();
    e
}

/// The record kind number of journal entries (the "list the latest 50" workload).
pub fn entry_kind() -> u16 {
    RecordKind::JournalEntry.number()
}
