//! Records to sealed blobs and back: the only code that turns a record into ciphertext or a
//! stored row into a record.
//!
//! Contract:
//! - A record is sealed as its JSON under its kind number and id (both bound into the AAD by
//!   `journal_crypto`); the JSON plaintext is zeroized as soon as it is sealed.
//! - A stored row decodes into [`Records`] only when it opens under the record key, its kind is
//!   known, its JSON is a record of that kind, and the id inside is the row's id. Anything else
//!   is a [`DamagedRecord`] saying why, and the row stays in the file untouched.
//! - Decoding decrypts into a caller's reused zeroizing buffer, so a whole unlock leaves no
//!   plaintext behind but the decoded values.
//! - It knows nothing of the journal or the store: `journal` and `load` both build on it.

use journal_crypto::RecordCipher;
use serde::Serialize;
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::error::{JournalError, Result};
use crate::model::{Entity, RecordKind, Records, with_kind};

/// Why a stored record could not be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Damage {
    /// It failed authentication: changed on disk, moved, or sealed under another key.
    Unreadable,
    /// It decrypted but its contents do not make sense to this version.
    Undecodable,
    /// Its kind is unknown to this version (written by a newer app); it is kept untouched.
    UnknownKind,
}

/// A record that could not be shown. It stays in the file untouched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DamagedRecord {
    /// The record's id, when its id column is well formed.
    pub id: Option<Uuid>,
    /// Its kind, when known.
    pub kind: Option<RecordKind>,
    /// What went wrong.
    pub damage: Damage,
}

/// Serialize a record and seal it under its kind and id; the plaintext is zeroized after.
pub(crate) fn seal_record<T: Entity>(cipher: &RecordCipher, record: &T) -> Result<Vec<u8>> {
    let json = Zeroizing::new(serde_json::to_vec(record).map_err(|_| JournalError::Crypto)?);
    Ok(cipher.seal(T::KIND.number(), record.id().as_bytes(), &json)?)
}

/// Seal every record of `records` (see [`seal_record`]), in order, on every core for a large
/// batch.
pub(crate) fn seal_many<T: Entity + Sync>(
    cipher: &RecordCipher,
    records: &[T],
) -> Result<Vec<Vec<u8>>> {
    on_every_core(records, |part| {
        part.iter().map(|r| seal_record(cipher, r)).collect()
    })
}

/// Run `part` over `items` cut into one chunk per core (at most four), and join what each
/// chunk gives, in order. A small batch, where starting threads costs more than it saves, is
/// one chunk on this thread. The first error wins.
pub(crate) fn on_every_core<I: Sync, O: Send>(
    items: &[I],
    part: impl Fn(&[I]) -> Result<Vec<O>> + Sync,
) -> Result<Vec<O>> {
    const PARALLEL_MIN: usize = 512;
    let threads = if items.len() < PARALLEL_MIN {
        1
    } else {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4)
    };
    if threads == 1 {
        return part(items);
    }
    let per = items.len().div_ceil(threads);
    let part = &part;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per)
            .map(|chunk| scope.spawn(move || part(chunk)))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for handle in handles {
            out.extend(handle.join().map_err(|_| JournalError::Crypto)??);
        }
        Ok(out)
    })
}

/// Decrypt and decode one stored row into `records`, decrypting into `buf` (reused from row to
/// row, zeroizing).
pub(crate) fn decode_into(
    cipher: &RecordCipher,
    id: &[u8],
    kind: u16,
    blob: &[u8],
    records: &mut Records,
    buf: &mut Zeroizing<Vec<u8>>,
) -> std::result::Result<(), DamagedRecord> {
    let known = RecordKind::from_number(kind);
    let id_bytes: Option<[u8; 16]> = id.try_into().ok();
    let uuid = id_bytes.map(Uuid::from_bytes);
    let damaged = |damage| DamagedRecord {
        id: uuid,
        kind: known,
        damage,
    };
    let (Some(kind_enum), Some(id_bytes)) = (known, id_bytes) else {
        return Err(damaged(if known.is_none() {
            Damage::UnknownKind
        } else {
            Damage::Unreadable
        }));
    };
    let plain = cipher
        .open_into(kind, &id_bytes, blob, buf)
        .map_err(|_| damaged(Damage::Unreadable))?;
    let id = Uuid::from_bytes(id_bytes);
    if with_kind!(kind_enum, K => insert::<K>(records, id, plain)) {
        Ok(())
    } else {
        Err(damaged(Damage::Undecodable))
    }
}

/// Decode `plain` as a record of kind `T` with identity `id` into its table; false when it is
/// not one.
fn insert<T: Entity>(records: &mut Records, id: Uuid, plain: &[u8]) -> bool {
    match serde_json::from_slice::<T>(plain) {
        // The id inside must match the row's: the AAD already binds the row id, this guards
        // against a record serialized with another identity.
        Ok(mut record) if record.id() == id => {
            record.upgrade();
            T::table_mut(records).insert(id, record);
            true
        }
        _ => false,
    }
}
