//! Search across every searched kind of record.
//!
//! Contract: which kinds are searched, and which step page a hit opens, is the record kinds
//! table's `search` column (`Stored::SEARCH_STEP`); the index is built on the first search
//! after unlock (or after an import drops it) and kept current by every save and delete.

use super::unlocked::Journal;
use crate::model::{Entity, RecordKind, Records, Stored, with_kind};
use crate::search::{self, SearchHit, SearchIndex};

impl Journal {
    /// Records containing every word of `query`, case- and accent-insensitive, up to `limit`,
    /// grouped by kind and newest first within a kind.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<SearchHit> {
        let index = self.index.get_or_insert_with(|| build_index(&self.records));
        let ids = index.matching(query);
        let r = &self.records;
        let mut hits: Vec<search::PendingHit<'_>> = ids
            .iter()
            .filter_map(|id| {
                RecordKind::ALL.into_iter().find_map(|kind| {
                    with_kind!(kind, K => {
                        let step = K::SEARCH_STEP?;
                        K::table(r).get(id).map(|x| search::hit(x, query, step(x)))
                    })
                })
            })
            .collect();
        hits.sort_by(|a, b| {
            let (a, b) = (&a.hit, &b.hit);
            a.kind
                .cmp(&b.kind)
                .then(b.date.cmp(&a.date))
                .then(a.title.cmp(&b.title))
        });
        hits.truncate(limit);
        // Snippets only for the hits shown.
        hits.into_iter().map(|h| h.finish(query)).collect()
    }
}

/// The search index of every searched kind, in kind order.
fn build_index(records: &Records) -> SearchIndex {
    let mut index = SearchIndex::default();
    for kind in RecordKind::ALL {
        with_kind!(kind, K => {
            if K::SEARCH_STEP.is_some() {
                index.put_all(K::table(records));
            }
        });
    }
    index
}
