//! The comparators: the same records as plain rows in SQLite (the floor) or in SQLCipher.
//!
//! Same schema shape as the journal (`record(id BLOB PRIMARY KEY, kind INTEGER, blob)`, the
//! blob holding the record's JSON as text) and the same pragmas as the journal's
//! `open_connection` (WAL, `synchronous=FULL`, `secure_delete`, in-memory temp store, foreign
//! keys, `cell_size_check`). What the journal does in memory after unlock, these do the fastest
//! way SQL allows on that shape: `json_extract` in the query, `LIKE` for search (ASCII
//! case-insensitive only; the journal also folds accents, which is more work).
//!
//! SQLCipher keeps its defaults (SQLCipher 4: AES-256-CBC, HMAC-SHA512 per page, PBKDF2-SHA512
//! with 256,000 iterations, 4 KiB pages). Its workloads are keyed with a raw 256-bit key, which
//! skips PBKDF2, so that, like the journal's, its figures exclude the KDF; the KDF is timed on its
//! own (`kdf` workload).

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use journal_core::{CleanDate, Contact, Entity, JournalEntry, Meeting, StepNote};
use rusqlite::{Connection, params};
use uuid::Uuid;

use crate::workload::{Row, entry_kind, today};
use crate::{BenchResult, err};

/// The raw SQLCipher key used for every keyed workload (64 hex digits = 256 bits).
const RAW_KEY: &str = "x'2DD29CA851E7B56E4697B0E1F08507293D761A05CE4D1B628663F411A8086D99'";

/// The passphrase for the SQLCipher KDF measurement.
const PASSPHRASE: &str = "correct horse battery staple";

/// The engine's key: none (floor), or SQLCipher's raw key or passphrase.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Plain SQLite.
    None,
    /// SQLCipher with a raw key (no PBKDF2).
    Raw,
    /// SQLCipher with a passphrase (PBKDF2, SQLCipher's default KDF).
    Passphrase,
}

/// Open and configure a connection as the journal's `open_connection` does.
pub fn open(path: &Path, key: Key) -> BenchResult<Connection> {
    let conn = Connection::open(path)?;
    match key {
        Key::None => {}
        Key::Raw => conn.execute_batch(&format!("PRAGMA key = \"{RAW_KEY}\";"))?,
        Key::Passphrase => conn.execute_batch(&format!("PRAGMA key = '{PASSPHRASE}';"))?,
    }
    if key != Key::None {
        // Plain SQLite ignores an unknown pragma: insist that this really is SQLCipher.
        let version: Option<String> = conn
            .query_row("PRAGMA cipher_version", [], |r| r.get(0))
            .ok();
        if version.is_none() {
            return Err(err(
                "the sqlcipher engine must run from the sqlcipher-bench binary",
            ));
        }
    }
    // Exactly the journal's own settings, from the same code.
    journal_core::apply_pragmas(&conn)?;
    Ok(conn)
}

/// Create the schema (the journal's, version 1).
pub fn create(path: &Path, key: Key) -> BenchResult<Connection> {
    let conn = open(path, key)?;
    conn.execute_batch(
        "PRAGMA application_id = 1313491505;
         CREATE TABLE key_slot (kind INTEGER PRIMARY KEY NOT NULL, slot BLOB NOT NULL);
         CREATE TABLE record (
            id BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 16),
            kind INTEGER NOT NULL,
            blob BLOB NOT NULL
         );
         PRAGMA user_version = 1;",
    )?;
    Ok(conn)
}

const UPSERT: &str = "INSERT INTO record (id, kind, blob) VALUES (?1, ?2, ?3)
     ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, blob = excluded.blob";

/// Bulk import: every row in one transaction.
pub fn import(conn: &mut Connection, rows: &[Row]) -> BenchResult<()> {
    let tx = conn.transaction()?;
    {
        let mut stmt = tx.prepare_cached(UPSERT)?;
        for r in rows {
            stmt.execute(params![&r.id[..], r.kind, r.json])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// A durable save of one record: its own transaction, fsynced on commit.
pub fn save(conn: &mut Connection, row: &Row) -> BenchResult<()> {
    let tx = conn.transaction()?;
    tx.prepare_cached(UPSERT)?
        .execute(params![&row.id[..], row.kind, row.json])?;
    tx.commit()?;
    Ok(())
}

/// Fold the WAL into the file (as the journal does on lock).
pub fn checkpoint(conn: &Connection) -> BenchResult<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// What the dashboard needs, computed by SQL on the plain rows.
#[allow(dead_code)] // Computed to be measured (kept alive with `black_box`), not read.
pub struct Dashboard {
    /// The current clean date.
    pub clean_date: Option<CleanDate>,
    /// Meetings this week.
    pub this_week: u32,
    /// Meetings in the last 90 days.
    pub last_90_days: u32,
    /// The latest journal entry's date.
    pub last_journal_date: Option<String>,
    /// The sponsee not called for the longest.
    pub sponsee: Option<Contact>,
}

/// The dashboard's data, straight from SQL.
pub fn dashboard(conn: &Connection) -> BenchResult<Dashboard> {
    let t = today();
    let monday = t
        .checked_sub_days(Days::new(u64::from(t.weekday().num_days_from_monday())))
        .unwrap_or(t);
    let d90 = t.checked_sub_days(Days::new(89)).unwrap_or(t);
    let clean_date = conn
        .prepare_cached(
            "SELECT blob FROM record WHERE kind = 1
             ORDER BY json_extract(blob, '$.date') DESC, json_extract(blob, '$.recordedOn') DESC
             LIMIT 1",
        )?
        .query_map([], |r| r.get::<_, String>(0))?
        .next()
        .transpose()?
        .map(|s| serde_json::from_str::<CleanDate>(&s))
        .transpose()?;
    let count = |from: NaiveDate| -> BenchResult<u32> {
        Ok(conn
            .prepare_cached(
                "SELECT count(*) FROM record WHERE kind = 8
                 AND json_extract(blob, '$.date') BETWEEN ?1 AND ?2",
            )?
            .query_row(params![from.to_string(), t.to_string()], |r| r.get(0))?)
    };
    let last_journal_date: Option<String> = conn
        .prepare_cached("SELECT max(json_extract(blob, '$.date')) FROM record WHERE kind = 10")?
        .query_row([], |r| r.get(0))?;
    let sponsee = conn
        .prepare_cached(
            "SELECT blob FROM record WHERE kind = 9 AND json_extract(blob, '$.role') = 'sponsee'
             ORDER BY json_extract(blob, '$.lastContact') LIMIT 1",
        )?
        .query_map([], |r| r.get::<_, String>(0))?
        .next()
        .transpose()?
        .map(|s| serde_json::from_str::<Contact>(&s))
        .transpose()?;
    Ok(Dashboard {
        clean_date,
        this_week: count(monday)?,
        last_90_days: count(d90)?,
        last_journal_date,
        sponsee,
    })
}

/// The latest `limit` journal entries, decoded.
pub fn latest_entries(conn: &Connection, limit: usize) -> BenchResult<Vec<JournalEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT blob FROM record WHERE kind = ?1
         ORDER BY json_extract(blob, '$.date') DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![entry_kind(), limit as i64], |r| {
        r.get::<_, String>(0)
    })?;
    let mut out = Vec::with_capacity(limit);
    for json in rows {
        out.push(serde_json::from_str(&json?)?);
    }
    Ok(out)
}

/// One search hit: id, kind, date and the record's JSON.
pub type Hit = (Vec<u8>, u16, Option<String>, String);

/// Records containing every word of `query` (`LIKE`, ASCII case-insensitive), grouped by kind
/// and newest first, up to `limit`.
pub fn search(conn: &Connection, query: &str, limit: usize) -> BenchResult<Vec<Hit>> {
    let words: Vec<String> = query.split_whitespace().map(|w| format!("%{w}%")).collect();
    let mut sql = String::from(
        "SELECT id, kind, json_extract(blob, '$.date') AS d, blob FROM record WHERE 1",
    );
    for i in 0..words.len() {
        sql.push_str(&format!(" AND blob LIKE ?{}", i + 1));
    }
    sql.push_str(&format!(" ORDER BY kind, d DESC LIMIT {limit}"));
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(words.iter()), |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every record, read and decoded into the same Rust values the journal holds, by kind.
#[derive(Default)]
pub struct All {
    /// Clean dates.
    pub clean_dates: HashMap<Uuid, CleanDate>,
    /// Journal entries.
    pub entries: HashMap<Uuid, JournalEntry>,
    /// Step notes.
    pub notes: HashMap<Uuid, StepNote>,
    /// Meetings.
    pub meetings: HashMap<Uuid, Meeting>,
    /// Contacts.
    pub contacts: HashMap<Uuid, Contact>,
}

impl All {
    /// How many records.
    pub fn len(&self) -> usize {
        self.clean_dates.len()
            + self.entries.len()
            + self.notes.len()
            + self.meetings.len()
            + self.contacts.len()
    }
}

/// Read every row in one query and decode each (the export path, in the clear).
pub fn read_all(conn: &Connection) -> BenchResult<All> {
    fn put<T: Entity>(map: &mut HashMap<Uuid, T>, json: &[u8]) -> BenchResult<()> {
        let r: T = serde_json::from_slice(json)?;
        map.insert(r.id(), r);
        Ok(())
    }
    let mut all = All::default();
    let mut stmt = conn.prepare_cached("SELECT kind, blob FROM record")?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let kind: u16 = row.get(0)?;
        let json = row.get_ref(1)?.as_bytes()?;
        match kind {
            1 => put(&mut all.clean_dates, json)?,
            3 => put(&mut all.notes, json)?,
            8 => put(&mut all.meetings, json)?,
            9 => put(&mut all.contacts, json)?,
            10 => put(&mut all.entries, json)?,
            _ => return Err(err("unexpected kind")),
        }
    }
    Ok(all)
}
