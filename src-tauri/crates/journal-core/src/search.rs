//! Search across every kind of record, case- and accent-insensitive.
//!
//! Contract: text is folded (Unicode NFKD, combining marks removed, lower-cased) both when
//! indexed and when queried, so "Gratitude", "GRATITUDE" and "gratitüde" meet. Every word of the
//! query must appear in the record (in any field). The index lives only in memory, is built on
//! the first search after unlock and dropped on lock.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
use uuid::Uuid;

use crate::model::{Entity, RecordKind};

/// Fold text for comparison: decompose, drop accents, lower-case.
pub fn fold(text: &str) -> String {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
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

/// The folded text of every record, by id.
#[derive(Default)]
pub(crate) struct SearchIndex {
    entries: HashMap<Uuid, String>,
}

impl SearchIndex {
    /// Index (or re-index) one record.
    pub fn put<T: Entity>(&mut self, record: &T) {
        let joined = record.texts().join("\n");
        self.entries.insert(record.id(), fold(&joined));
    }

    /// Forget a record.
    pub fn remove(&mut self, id: &Uuid) {
        self.entries.remove(id);
    }

    /// Ids of records whose text contains every word of `query`.
    pub fn matching(&self, query: &str) -> Vec<Uuid> {
        let words: Vec<String> = fold(query).split_whitespace().map(str::to_owned).collect();
        if words.is_empty() {
            return Vec::new();
        }
        self.entries
            .iter()
            .filter(|(_, text)| words.iter().all(|w| text.contains(w.as_str())))
            .map(|(id, _)| *id)
            .collect()
    }
}

/// Build a hit for `record`, with a snippet around the first word of the query.
pub(crate) fn hit<T: Entity>(record: &T, query: &str, step: Option<u8>) -> SearchHit {
    let first = fold(query)
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned();
    let snippet = record
        .texts()
        .into_iter()
        .find_map(|t| snippet_around(t, &first))
        .unwrap_or_default();
    SearchHit {
        kind: T::KIND,
        id: record.id(),
        title: record.title(),
        date: record.date(),
        snippet,
        step,
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
