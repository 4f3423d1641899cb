//! Unlock's read: every record decrypted and decoded once, on every core.
//!
//! Contract:
//! - The calling thread reads the encrypted rows from SQLite in chunks of ciphertext; worker
//!   threads (one per core, at most [`MAX_WORKERS`]) each decrypt into one reused zeroizing
//!   buffer and decode into their own [`Records`], merged at the end. No plaintext is ever in a
//!   chunk; it exists only in the workers' zeroizing buffers and in the decoded values, which
//!   the [`crate::Journal`] owns and drops on lock.
//! - The result is the same as reading row by row: every record that opens is loaded, and the
//!   damaged ones are reported in row order, never hiding the others.
//! - Decoding one row is `crate::codec`'s; this module only spreads the rows over the cores.

use std::ops::Range;
use std::sync::{Mutex, mpsc};

use journal_crypto::RecordCipher;
use zeroize::Zeroizing;

use crate::codec::{DamagedRecord, decode_into};
use crate::error::{JournalError, Result, StorageFailure};
use crate::model::Records;
use crate::store::Store;

/// Most worker threads used, whatever the machine.
const MAX_WORKERS: usize = 4;

/// Rows per chunk handed to a worker: large enough that the hand-over costs nothing, small
/// enough that every core gets work on a small journal.
const CHUNK_ROWS: usize = 128;

/// A run of encrypted rows, copied out of SQLite into one buffer.
struct Chunk {
    /// The chunk's position in the read, to report damaged records in row order.
    seq: usize,
    bytes: Vec<u8>,
    rows: Vec<(Range<usize>, u16, Range<usize>)>,
}

impl Chunk {
    fn new(seq: usize) -> Chunk {
        Chunk {
            seq,
            bytes: Vec::new(),
            rows: Vec::with_capacity(CHUNK_ROWS),
        }
    }
}

/// What one worker decoded, and where it found damage (chunk, row within it).
type Part = (Records, Vec<((usize, usize), DamagedRecord)>);

/// Decrypt and decode every record of `store`.
pub(crate) fn decrypt_all(
    store: &Store,
    cipher: &RecordCipher,
) -> Result<(Records, Vec<DamagedRecord>)> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_WORKERS);
    let (tx, rx) = mpsc::sync_channel::<Chunk>(workers * 2);
    let rx = Mutex::new(rx);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| scope.spawn(|| work(cipher, &rx)))
            .collect();
        let read = read_chunks(store, &tx);
        // Closing the channel ends the workers once they have drained it.
        drop(tx);
        let mut records: Option<Records> = None;
        let mut damaged = Vec::new();
        for handle in handles {
            let (part, part_damaged) = handle
                .join()
                .map_err(|_| JournalError::Storage(StorageFailure::Other))?;
            // The first part is kept as it is; only the others are re-inserted.
            match &mut records {
                None => records = Some(part),
                Some(records) => records.extend(part),
            }
            damaged.extend(part_damaged);
        }
        read?;
        let records = records.unwrap_or_default();
        damaged.sort_by_key(|(at, _)| *at);
        Ok((records, damaged.into_iter().map(|(_, d)| d).collect()))
    })
}

/// Read every row into chunks and send them to the workers.
fn read_chunks(store: &Store, tx: &mpsc::SyncSender<Chunk>) -> Result<()> {
    let mut chunk = Chunk::new(0);
    store.for_each_record(|id, kind, blob| {
        let at = chunk.bytes.len();
        chunk.bytes.extend_from_slice(id);
        chunk.bytes.extend_from_slice(blob);
        let id_end = at + id.len();
        chunk
            .rows
            .push((at..id_end, kind, id_end..id_end + blob.len()));
        if chunk.rows.len() == CHUNK_ROWS {
            let next = Chunk::new(chunk.seq + 1);
            send(tx, std::mem::replace(&mut chunk, next))?;
        }
        Ok(())
    })?;
    if !chunk.rows.is_empty() {
        send(tx, chunk)?;
    }
    Ok(())
}

fn send(tx: &mpsc::SyncSender<Chunk>, chunk: Chunk) -> Result<()> {
    // Every worker gone means every worker failed: reported by the join.
    tx.send(chunk)
        .map_err(|_| JournalError::Storage(StorageFailure::Other))
}

/// One worker: take chunks until the channel closes; decode each row into its own records.
fn work(cipher: &RecordCipher, rx: &Mutex<mpsc::Receiver<Chunk>>) -> Part {
    let mut buf = Zeroizing::new(Vec::new());
    let mut records = Records::default();
    let mut damaged = Vec::new();
    loop {
        let next = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => break,
        };
        let Ok(chunk) = next else { break };
        for (i, (id, kind, blob)) in chunk.rows.iter().enumerate() {
            let (Some(id), Some(blob)) =
                (chunk.bytes.get(id.clone()), chunk.bytes.get(blob.clone()))
            else {
                continue;
            };
            if let Err(d) = decode_into(cipher, id, *kind, blob, &mut records, &mut buf) {
                damaged.push(((chunk.seq, i), d));
            }
        }
    }
    (records, damaged)
}
