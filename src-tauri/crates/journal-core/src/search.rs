//! Search across every kind of record, case- and accent-insensitive.
//!
//! Contract: text is folded (Unicode NFKD, combining marks removed, lower-cased) both when
//! indexed and when queried, so "Gratitude", "GRATITUDE" and "gratitüde" meet. Every word of the
//! query must appear in the record (in any field). The index lives only in memory, is built on
//! the first search after unlock and dropped on lock.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use unicode_normalization::char::{decompose_compatible, is_combining_mark};
use uuid::Uuid;

use crate::model::{Entity, RecordKind};

/// Fold text for comparison: decompose, drop accents, lower-case.
///
/// Char by char, with a fast path for ASCII: NFKD leaves ASCII alone, and since every combining
/// mark is dropped, the canonical reordering of marks that NFKD does across characters cannot
/// change the result. So this equals `nfkd → drop marks → lower-case` over the whole text
/// (tested against exactly that).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    fold_into(&mut out, text);
    out
}

/// Append the folded `text` to `out` (see [`fold`]).
fn fold_into(out: &mut String, text: &str) {
    if text.is_ascii() {
        let start = out.len();
        out.push_str(text);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
        return;
    }
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else {
            decompose_compatible(c, |d| {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            });
        }
    }
}

/// The folded text of a record: its texts folded, one per line, in one allocation. Folding is
/// per character, so this equals folding the joined text.
fn folded_texts<T: Entity>(record: &T) -> String {
    let texts = record.texts();
    let mut out = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        fold_into(&mut out, t);
    }
    out
}

/// One record that matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SearchHit {
    /// What kind of record it is (the UI groups by this).
    pub kind: RecordKind,
    /// The record.
    pub id: Uuid,
    /// Its title.
    pub title: String,
    /// Its date, if it has one.
    pub date: Option<NaiveDate>,
    /// A short piece of the text around the first match.
    pub snippet: String,
    /// For step records, the step number (so the UI can open the right page).
    pub step: Option<u8>,
}

/// Fewest records for which a search scan, or an index build, is split across threads.
const PARALLEL_MIN: usize = 2048;

/// Most threads a search uses.
const MAX_THREADS: usize = 4;

fn threads_for(len: usize) -> usize {
    if len < PARALLEL_MIN {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_THREADS)
}

/// The folded text of every record. In memory only: built on the first search, dropped with
/// the journal.
#[derive(Default)]
pub(crate) struct SearchIndex {
    /// Record id and its folded text, in no particular order.
    entries: Vec<(Uuid, String)>,
    /// Where each id is in `entries`.
    position: HashMap<Uuid, usize>,
}

impl SearchIndex {
    /// Index (or re-index) one record.
    pub fn put<T: Entity>(&mut self, record: &T) {
        self.insert(record.id(), folded_texts(record));
    }

    fn insert(&mut self, id: Uuid, folded: String) {
        match self.position.get(&id) {
            Some(&at) => {
                if let Some(entry) = self.entries.get_mut(at) {
                    entry.1 = folded;
                }
            }
            None => {
                self.position.insert(id, self.entries.len());
                self.entries.push((id, folded));
            }
        }
    }

    /// Index every record of a table, folding on every core for a large one.
    pub fn put_all<T: Entity + Sync>(&mut self, table: &HashMap<Uuid, T>) {
        let records: Vec<&T> = table.values().collect();
        let threads = threads_for(records.len());
        let per = records.len().div_ceil(threads).max(1);
        let folded: Vec<Vec<(Uuid, String)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = records
                .chunks(per)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|r| (r.id(), folded_texts(*r)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            // A folding thread cannot fail short of a bug; its part is then left unindexed
            // rather than taking the journal down.
            handles.into_iter().filter_map(|h| h.join().ok()).collect()
        });
        self.entries.reserve(records.len());
        self.position.reserve(records.len());
        for (id, text) in folded.into_iter().flatten() {
            self.insert(id, text);
        }
    }

    /// Forget a record.
    pub fn remove(&mut self, id: &Uuid) {
        if let Some(at) = self.position.remove(id) {
            self.entries.swap_remove(at);
            if let Some((moved, _)) = self.entries.get(at) {
                self.position.insert(*moved, at);
            }
        }
    }

    /// Ids of records whose text contains every word of `query`.
    pub fn matching(&self, query: &str) -> Vec<Uuid> {
        let words: Vec<String> = fold(query).split_whitespace().map(str::to_owned).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let scan = |part: &[(Uuid, String)]| -> Vec<Uuid> {
            part.iter()
                .filter(|(_, text)| words.iter().all(|w| text.contains(w.as_str())))
                .map(|(id, _)| *id)
                .collect()
        };
        let threads = threads_for(self.entries.len());
        if threads == 1 {
            return scan(&self.entries);
        }
        let per = self.entries.len().div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = self
                .entries
                .chunks(per)
                .map(|part| scope.spawn(move || scan(part)))
                .collect();
            handles
                .into_iter()
                .filter_map(|h| h.join().ok())
                .flatten()
                .collect()
        })
    }
}

/// A match, before its snippet is made: snippets are made only for the hits that are shown.
pub(crate) struct PendingHit<'a> {
    /// The hit, without its snippet.
    pub hit: SearchHit,
    texts: Vec<&'a str>,
}

impl PendingHit<'_> {
    /// The hit with a snippet around the first word of `query`.
    pub fn finish(self, query: &str) -> SearchHit {
        let first = fold(query)
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_owned();
        let snippet = self
            .texts
            .into_iter()
            .find_map(|t| snippet_around(t, &first))
            .unwrap_or_default();
        SearchHit {
            snippet,
            ..self.hit
        }
    }
}

/// A hit for `record` (its snippet is made by [`PendingHit::finish`]).
pub(crate) fn hit<'a, T: Entity>(record: &'a T, _query: &str, step: Option<u8>) -> PendingHit<'a> {
    PendingHit {
        hit: SearchHit {
            kind: T::KIND,
            id: record.id(),
            title: record.title(),
            date: record.date(),
            snippet: String::new(),
            step,
        },
        texts: record.texts(),
    }
}

/// Up to about 120 characters of `text` around the first match of the folded `word`.
fn snippet_around(text: &str, word: &str) -> Option<String> {
    if word.is_empty() {
        return None;
    }
    // Fold char by char so positions in the folded text map back to chars of the original.
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<String> = chars.iter().map(|c| fold(&c.to_string())).collect();
    let word_chars: Vec<char> = word.chars().collect();
    let flat: Vec<(usize, char)> = folded
        .iter()
        .enumerate()
        .flat_map(|(i, f)| f.chars().map(move |c| (i, c)))
        .collect();
    let start = (0..flat.len()).find(|&s| {
        flat.len() - s >= word_chars.len()
            && word_chars
                .iter()
                .enumerate()
                .all(|(k, c)| flat[s + k].1 == *c)
    })?;
    let at = flat[start].0;
    let from = at.saturating_sub(40);
    let to = (at + 80).min(chars.len());
    let mut s: String = chars[from..to].iter().collect();
    s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if from > 0 {
        s.insert(0, '…');
    }
    if to < chars.len() {
        s.push('…');
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition: NFKD over the whole text, marks dropped, lower-cased.
    fn fold_reference(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        text.nfkd()
            .filter(|c| !is_combining_mark(*c))
            .flat_map(char::to_lowercase)
            .collect()
    }

    #[test]
    fn fast_fold_equals_the_definition() {
        for text in [
            "",
            "plain ASCII, With Capitals 123!",
            "Gratitüde ÉLAN sérénité naïve Zürich München",
            "ﬁne ½ ² Ⅻ ㎏ ﬀ",
            "e\u{301}\u{323} a\u{323}\u{301} ệ ḗ",
            "İstanbul ΣΊΣΥΦΟΣ ß ǅ",
            "한국어 日本語 Ελληνικά русский",
            "emoji 👍🏽 and \u{200d} joiners",
        ] {
            assert_eq!(fold(text), fold_reference(text), "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_fold_equals_the_definition_on_any_text(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(fold(&text), fold_reference(&text));
        }
    }

    #[test]
    fn a_record_is_folded_as_its_joined_text() {
        let entry = crate::model::JournalEntry {
            id: Uuid::nil(),
            date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            text: "Sérénité AND Calm".into(),
            feelings: vec!["GRATEFUL".into(), "ﬁne".into()],
            craving: None,
            gratitude: vec!["my Sponsor".into()],
        };
        assert_eq!(folded_texts(&entry), fold(&entry.texts().join("\n")));
    }

    #[test]
    fn index_puts_replaces_removes_and_scans_in_parallel() {
        let mut index = SearchIndex::default();
        let ids: Vec<Uuid> = (0..5000u128).map(Uuid::from_u128).collect();
        for (i, id) in ids.iter().enumerate() {
            let text = if i % 10 == 0 {
                "lighthouse serenity"
            } else {
                "serenity"
            };
            index.insert(*id, text.to_owned());
        }
        assert_eq!(index.matching("LIGHTHOUSE Serenity").len(), 500);
        index.remove(&ids[0]);
        index.remove(&ids[10]);
        index.insert(ids[1], "a lighthouse, serenity".into());
        index.remove(&Uuid::from_u128(99_999));
        let mut found = index.matching("lighthouse serenity");
        found.sort();
        let mut expected: Vec<Uuid> = ids
            .iter()
            .enumerate()
            .filter(|(i, _)| (i % 10 == 0 && *i != 0 && *i != 10) || *i == 1)
            .map(|(_, id)| *id)
            .collect();
        expected.sort();
        assert_eq!(found, expected);
        assert_eq!(index.entries.len(), 4998);
        for (at, (id, _)) in index.entries.iter().enumerate() {
            assert_eq!(index.position[id], at);
        }
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Gratitüde ÉLAN"), "gratitude elan");
        assert_eq!(fold("ﬁne"), "fine", "compatibility forms fold too");
    }

    #[test]
    fn snippet_points_at_the_accented_original() {
        let text = "Today at the meeting I talked about sérénité and calm.";
        let s = snippet_around(text, &fold("SERENITE")).unwrap();
        assert!(s.contains("sérénité"), "{s}");
    }
}
