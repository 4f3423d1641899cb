//! The table of record kinds: the one place that lists them, and everything generated from it.
//!
//! Contract:
//! - [`record_kinds!`] holds one row per kind. Every per-kind list of the crate is generated
//!   from it: [`RecordKind`] (with `ALL` and the stored numbers), [`Records`], [`AnyRecord`],
//!   the crate-private [`Stored`] facts per record type, and the dispatch macros
//!   [`with_kind!`] (a kind to its type) and [`for_any!`] (an [`AnyRecord`] to its record).
//!   Code that must do something for every kind goes through these, never through a `match`
//!   of its own, so that a new row reaches it.
//! - A row reads `Name = number in field, search: …;` under the kind's doc comment:
//!   - `Name` is the record type (its `model/<kind>.rs`), and the variant of [`RecordKind`]
//!     and [`AnyRecord`]. It is serialized camelCase (the IPC tag, exports, search hits):
//!     renaming it breaks the UI and every export ever written.
//!   - `number` is stored in the clear beside every blob and bound into its AAD: append-only,
//!     never changed or reused, or every journal written before stops opening.
//!   - `field` is the [`Records`] table holding the kind in memory; it must be the field the
//!     type's `Entity` impl names (`stored_in!`), which the compiler checks.
//!   - `search` is `None` for a kind never searched, or `Some(|record| step)`: searched, and a
//!     hit opens that step's page (`None` for a record not about a step).
//! - Each type's `Entity::KIND` must be its own row's variant; a compile-time assertion holds
//!   them together.
//! - Rows are in number order, which is the order of `RecordKind::ALL` and of `RecordKind`'s `Ord`
//!   (search results are grouped in it).

use std::collections::HashMap;

use uuid::Uuid;

use super::Entity;

/// Calls the macro in brackets with `args` followed by every row of the table (see the module
/// contract for a row's parts).
macro_rules! record_kinds {
    ([$($then:tt)*] $args:tt) => {
        $($then)*! { $args
            /// A clean date, current or earlier.
            CleanDate = 1 in clean_dates, search: Some(|_| None);
            /// Status and principle of one step.
            StepWork = 2 in step_work, search: Some(|x| Some(x.step));
            /// A dated note on a step.
            StepNote = 3 in step_notes, search: Some(|x| Some(x.step));
            /// A question on a step and its answer.
            StepQuestion = 4 in step_questions, search: Some(|x| Some(x.step));
            /// A row of the 4th-step inventory.
            InventoryRow = 5 in inventory, search: Some(|_| Some(4));
            /// An entry of the 8th/9th-step amends list.
            Amend = 6 in amends, search: Some(|_| Some(9));
            /// A 10th-step nightly review.
            NightlyReview = 7 in reviews, search: Some(|_| Some(10));
            /// A meeting attended.
            Meeting = 8 in meetings, search: Some(|_| None);
            /// A person on the phone list.
            Contact = 9 in contacts, search: Some(|_| None);
            /// A daily journal entry.
            JournalEntry = 10 in entries, search: Some(|_| None);
            /// The member's settings.
            Settings = 11 in settings, search: None;
            /// A meeting of an imported meeting list (not an attendance).
            ListedMeeting = 12 in listed_meetings, search: None;
        }
    };
}
pub(crate) use record_kinds;

/// Generates the types of the table: [`RecordKind`], [`Records`], [`AnyRecord`] and the
/// [`Stored`] impls.
macro_rules! kind_types {
    (() $($(#[$doc:meta])* $name:ident = $number:literal in $field:ident, search: $search:expr;)*) => {
        /// The kind of a stored record. The number is written in the clear beside the blob.
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize,
            serde::Deserialize,
        )]
        #[serde(rename_all = "camelCase")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[repr(u16)]
        pub enum RecordKind {
            $($(#[$doc])* $name = $number,)*
        }

        /// How many kinds the table has.
        const KIND_COUNT: usize = [$($number as u16),*].len();

        impl RecordKind {
            /// Every kind, in number order.
            pub const ALL: [RecordKind; KIND_COUNT] = [$(Self::$name),*];
        }

        /// The decrypted records of an unlocked journal, held in memory only and dropped on lock.
        #[derive(Default)]
        pub struct Records {
            $(pub(crate) $field: HashMap<Uuid, super::$name>,)*
        }

        /// Any one record, tagged by its kind: how records cross the app's IPC boundary, so one
        /// save and one delete command serve every kind.
        #[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "kind", content = "record", rename_all = "camelCase")]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum AnyRecord {
            $($(#[$doc])* $name(super::$name),)*
        }

        $(
            impl Stored for super::$name {
                const SEARCH_STEP: Option<fn(&Self) -> Option<u8>> = $search;
                fn into_any(self) -> AnyRecord {
                    AnyRecord::$name(self)
                }
            }
            // A type stored under another kind's number would seal its records under the wrong
            // AAD and load them into the wrong table.
            const _: () = assert!(matches!(
                <super::$name as Entity>::KIND,
                RecordKind::$name
            ));
        )*
    };
}
record_kinds!([kind_types]());

/// What the table says of one record type, beyond [`Entity`]. Implemented by the table for every
/// row, and only there.
pub(crate) trait Stored: Entity + Sync {
    /// `None` when records of this kind are never searched; otherwise the step page a search hit
    /// opens, if the record is about a step.
    const SEARCH_STEP: Option<fn(&Self) -> Option<u8>>;
    /// The record, tagged with its kind.
    fn into_any(self) -> AnyRecord;
}

/// The `match` behind [`with_kind!`].
macro_rules! with_kind_arms {
    (($kind:expr, $t:ident, $body:expr) $($(#[$doc:meta])* $name:ident = $number:literal in $field:ident, search: $search:expr;)*) => {
        match $kind {
            $($crate::model::RecordKind::$name => {
                type $t = $crate::model::$name;
                $body
            })*
        }
    };
}
pub(crate) use with_kind_arms;

/// Runs `$body` with `$t` naming the record type of the [`RecordKind`] `$kind`: how code that
/// holds a kind number reaches the generic, typed code (`Entity`, [`Stored`]).
macro_rules! with_kind {
    ($kind:expr, $t:ident => $body:expr) => {
        $crate::model::record_kinds!([$crate::model::with_kind_arms]($kind, $t, $body))
    };
}
pub(crate) use with_kind;

/// The `match` behind [`for_any!`].
macro_rules! for_any_arms {
    (($any:expr, $r:ident, $body:expr) $($(#[$doc:meta])* $name:ident = $number:literal in $field:ident, search: $search:expr;)*) => {
        match $any {
            $($crate::model::AnyRecord::$name($r) => $body,)*
        }
    };
}
pub(crate) use for_any_arms;

/// Runs `$body` with `$r` bound to the record inside an [`AnyRecord`], whatever its kind.
macro_rules! for_any {
    ($any:expr, $r:ident => $body:expr) => {
        $crate::model::record_kinds!([$crate::model::for_any_arms]($any, $r, $body))
    };
}
pub(crate) use for_any;

impl RecordKind {
    /// The number stored for this kind.
    pub fn number(self) -> u16 {
        self as u16
    }

    /// The kind stored as `n`, if known.
    pub fn from_number(n: u16) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.number() == n)
    }
}

impl Records {
    /// Whether the table of `kind` holds `id`.
    pub(crate) fn holds(&self, kind: RecordKind, id: &Uuid) -> bool {
        with_kind!(kind, K => K::table(self).contains_key(id))
    }

    /// Forget the record `id` of `kind`, if held.
    pub(crate) fn remove(&mut self, kind: RecordKind, id: &Uuid) {
        with_kind!(kind, K => {
            K::table_mut(self).remove(id);
        });
    }

    /// Move every record of `other` into these tables.
    pub(crate) fn extend(&mut self, mut other: Records) {
        for kind in RecordKind::ALL {
            with_kind!(kind, K => {
                let moved = std::mem::take(K::table_mut(&mut other));
                K::table_mut(self).extend(moved);
            });
        }
    }
}

impl AnyRecord {
    /// The record's kind.
    pub fn kind(&self) -> RecordKind {
        fn kind_of<T: Entity>(_: &T) -> RecordKind {
            T::KIND
        }
        for_any!(self, r => kind_of(r))
    }

    /// The record's identity.
    pub fn id(&self) -> Uuid {
        for_any!(self, r => r.id())
    }
}
