//! The record envelope: XChaCha20-Poly1305 over a length-padded plaintext.
//!
//! Contract:
//! - every call to [`RecordCipher::seal`] draws a fresh random 24-byte nonce; callers
//!   cannot choose one;
//! - the associated data binds a blob to its record kind, record id and key
//!   generation, so a blob copied to another row, table or key generation fails to
//!   open;
//! - plaintext lengths are hidden up to a size bucket (see `padded_len`);
//! - decrypted plaintext is only ever handed out inside [`Zeroizing`].
//!
//! Blob format v1:
//! `version u8 = 1 | key_id u32 BE | nonce [24] | ciphertext | tag [16]`,
//! where the ciphertext covers `len u32 LE | plaintext | zero padding`.

use chacha20poly1305::aead::{AeadInPlace, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use zeroize::{Zeroize, Zeroizing};

use crate::CryptoError;
use crate::random;

/// Largest plaintext [`RecordCipher::seal`] accepts: 16 MiB.
pub const MAX_RECORD_LEN: usize = 16 * 1024 * 1024;

/// Length of the record-encryption key.
pub(crate) const RECORD_KEY_LEN: usize = 32;

const VERSION: u8 = 1;
const KEY_ID_LEN: usize = 4;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const HEADER_LEN: usize = 1 + KEY_ID_LEN + NONCE_LEN;
const LEN_PREFIX: usize = 4;
const MIN_BUCKET: usize = 256;
const LARGE_STEP: usize = 64 * 1024;

/// Domain separator at the start of the associated data, so a record blob can never
/// be confused with any other AEAD output keyed from the same master key.
const AAD_DOMAIN: &[u8; 14] = b"journal-record";
const AAD_LEN: usize = AAD_DOMAIN.len() + 1 + KEY_ID_LEN + 2 + 16;

/// Size of the padded plaintext (length prefix + plaintext + zeros) for a plaintext
/// of `len` bytes: the smallest power of two from 256 to 64 KiB that fits, and above
/// 64 KiB the next multiple of 64 KiB. Coarse buckets keep the size of, say, a
/// journal entry from telling an observer how much was written.
pub(crate) fn padded_len(len: usize) -> usize {
    let needed = len.saturating_add(LEN_PREFIX);
    if needed <= LARGE_STEP {
        needed.max(MIN_BUCKET).next_power_of_two()
    } else {
        needed.div_ceil(LARGE_STEP).saturating_mul(LARGE_STEP)
    }
}

/// Bytes of stack overwritten after each record's AEAD operation: a few times what the
/// operation's frames use. Unoptimised builds instantiate the AEAD's generic code without
/// optimisation and its frames are much larger (in the test profile 8 KiB was not enough and
/// 16 KiB was; optimised, the temporaries stay in registers).
const STACK_WIPE: usize = if cfg!(debug_assertions) {
    32 * 1024
} else {
    4 * 1024
};

/// Run `op`, an in-place AEAD operation on a record, in a frame of its own, then overwrite the
/// stack it used. The ChaCha20 backends XOR the keystream into the data through temporaries
/// (up to four 64-byte blocks at a time) that can land on the stack, so the last blocks of the
/// last record sealed or opened would otherwise stay there in plaintext after every buffer was
/// wiped, until later calls happen to overwrite them; a worker thread's stack even outlives
/// the thread, in the C library's cache of stacks. Found by journal-core's
/// `tests/heap_canary.rs`.
pub(crate) fn wiping_stack<T>(op: impl FnOnce() -> T) -> T {
    let out = in_own_frame(op);
    // Called from the same frame as `in_own_frame`, so its array covers that call's frames.
    overwrite_stack();
    out
}

#[inline(never)]
fn in_own_frame<T>(op: impl FnOnce() -> T) -> T {
    op()
}

#[inline(never)]
fn overwrite_stack() {
    let mut area = [0u8; STACK_WIPE];
    // The zeros are written (a memset) and must stay: `black_box` makes them observable.
    std::hint::black_box(&mut area);
}

/// Seals and opens record blobs under one derived record key and key generation.
///
/// Obtained from [`crate::MasterKey::record_cipher`]. The key is wiped on drop; the
/// type has no `Debug` or `Clone`.
pub struct RecordCipher {
    key: Zeroizing<[u8; RECORD_KEY_LEN]>,
    key_id: u32,
}

impl RecordCipher {
    pub(crate) fn new(key: Zeroizing<[u8; RECORD_KEY_LEN]>, key_id: u32) -> RecordCipher {
        RecordCipher { key, key_id }
    }

    /// The key generation this cipher writes into, and expects in, every blob.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// Seal one record of record kind `kind` (the table number) with record id `id`
    /// (the row's UUID bytes). A fresh random nonce is drawn on every call.
    ///
    /// # Errors
    /// [`CryptoError::RecordTooLarge`] if `plaintext` exceeds [`MAX_RECORD_LEN`];
    /// [`CryptoError::Random`] if no nonce can be drawn.
    pub fn seal(&self, kind: u16, id: &[u8; 16], plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let mut nonce = [0u8; NONCE_LEN];
        random::fill(&mut nonce)?;
        self.seal_with_nonce(kind, id, plaintext, &nonce)
    }

    /// Seal with a given nonce. Private so that only tests (golden vectors) and
    /// [`RecordCipher::seal`], which always passes a fresh random one, can call it.
    fn seal_with_nonce(
        &self,
        kind: u16,
        id: &[u8; 16],
        plaintext: &[u8],
        nonce: &[u8; NONCE_LEN],
    ) -> Result<Vec<u8>, CryptoError> {
        if plaintext.len() > MAX_RECORD_LEN {
            return Err(CryptoError::RecordTooLarge);
        }
        let len_prefix = u32::try_from(plaintext.len()).map_err(|_| CryptoError::RecordTooLarge)?;
        self.encrypt_parts(
            kind,
            id,
            nonce,
            len_prefix.to_le_bytes(),
            plaintext,
            padded_len(plaintext.len()),
        )
    }

    /// Build `header | prefix | content | zeros up to padded` and encrypt the part
    /// after the header in place. Split out so tests can produce authentic blobs
    /// whose length prefix or padding is wrong.
    fn encrypt_parts(
        &self,
        kind: u16,
        id: &[u8; 16],
        nonce: &[u8; NONCE_LEN],
        prefix: [u8; LEN_PREFIX],
        content: &[u8],
        padded: usize,
    ) -> Result<Vec<u8>, CryptoError> {
        // The plaintext is copied straight into the output buffer (sized exactly, so
        // it never reallocates) and encrypted there; `Zeroizing` wipes it if we
        // return early.
        let mut blob = Zeroizing::new(Vec::with_capacity(HEADER_LEN + padded + TAG_LEN));
        blob.push(VERSION);
        blob.extend_from_slice(&self.key_id.to_be_bytes());
        blob.extend_from_slice(nonce);
        blob.extend_from_slice(&prefix);
        blob.extend_from_slice(content);
        blob.resize(HEADER_LEN + padded, 0);

        let aad = associated_data(self.key_id, kind, id);
        let body = blob.get_mut(HEADER_LEN..).ok_or(CryptoError::Encryption)?;
        let tag = wiping_stack(|| {
            self.aead()
                .encrypt_in_place_detached(XNonce::from_slice(nonce), &aad, body)
        })
        .map_err(|_| CryptoError::Encryption)?;
        blob.extend_from_slice(&tag);
        Ok(std::mem::take(&mut *blob))
    }

    /// Open a blob sealed for record kind `kind` and record id `id`.
    ///
    /// Checks, in order: the format version, the key generation, the structure, the
    /// authentication tag, and finally the length prefix and padding.
    ///
    /// # Errors
    /// [`CryptoError::UnsupportedFormat`] for an unknown version byte;
    /// [`CryptoError::WrongKeyId`] if the blob names another key generation;
    /// [`CryptoError::MalformedRecord`] if the blob is truncated or has an impossible
    /// size, or the authentic plaintext has a bad length prefix or padding;
    /// [`CryptoError::RecordAuthentication`] if authentication fails.
    pub fn open(
        &self,
        kind: u16,
        id: &[u8; 16],
        blob: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let mut body = Zeroizing::new(Vec::new());
        let len = self.open_into(kind, id, blob, &mut body)?.len();
        body.copy_within(LEN_PREFIX..LEN_PREFIX + len, 0);
        // Truncation leaves the old bytes in spare capacity; `Zeroizing<Vec<u8>>` wipes
        // the whole capacity on drop.
        body.truncate(len);
        Ok(body)
    }

    /// Open a blob as [`RecordCipher::open`] does, decrypting into `buf` (cleared first, and
    /// grown only when too small), and return the plaintext, a slice of `buf`. Reusing one
    /// buffer for many records saves an allocation per record at unlock. `buf` holds
    /// plaintext afterwards: it is zeroizing, and wiped whole when dropped.
    ///
    /// # Errors
    /// As [`RecordCipher::open`].
    pub fn open_into<'b>(
        &self,
        kind: u16,
        id: &[u8; 16],
        blob: &[u8],
        buf: &'b mut Zeroizing<Vec<u8>>,
    ) -> Result<&'b [u8], CryptoError> {
        let (&version, rest) = blob.split_first().ok_or(CryptoError::MalformedRecord)?;
        if version != VERSION {
            return Err(CryptoError::UnsupportedFormat { version });
        }
        let (key_id, rest) = rest
            .split_first_chunk::<KEY_ID_LEN>()
            .ok_or(CryptoError::MalformedRecord)?;
        let found = u32::from_be_bytes(*key_id);
        if found != self.key_id {
            return Err(CryptoError::WrongKeyId {
                expected: self.key_id,
                found,
            });
        }
        let (nonce, rest) = rest
            .split_first_chunk::<NONCE_LEN>()
            .ok_or(CryptoError::MalformedRecord)?;
        let (ciphertext, tag) = rest
            .split_last_chunk::<TAG_LEN>()
            .ok_or(CryptoError::MalformedRecord)?;
        // Every blob we write has a bucket-sized body; anything else is rejected
        // before spending time (and an allocation) on it.
        if !is_bucket_size(ciphertext.len()) {
            return Err(CryptoError::MalformedRecord);
        }

        if buf.capacity() < ciphertext.len() {
            // Growing would leave the old plaintext in a freed allocation: wipe it first.
            buf.zeroize();
            **buf = Vec::with_capacity(ciphertext.len());
        }
        buf.clear();
        buf.extend_from_slice(ciphertext);
        let aad = associated_data(self.key_id, kind, id);
        let opened = wiping_stack(|| {
            self.aead().decrypt_in_place_detached(
                XNonce::from_slice(nonce),
                &aad,
                buf.as_mut_slice(),
                Tag::from_slice(tag),
            )
        });
        if opened.is_err() {
            // Nothing unauthenticated is left behind as if it were plaintext.
            buf.zeroize();
            return Err(CryptoError::RecordAuthentication);
        }
        let body: &'b [u8] = buf;
        unpad(body)
    }

    fn aead(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new(self.key.as_ref().into())
    }
}

/// `b"journal-record" | version | key_id BE | kind BE | id`.
fn associated_data(key_id: u32, kind: u16, id: &[u8; 16]) -> [u8; AAD_LEN] {
    let mut aad = [0u8; AAD_LEN];
    let parts: [&[u8]; 5] = [
        AAD_DOMAIN,
        &[VERSION],
        &key_id.to_be_bytes(),
        &kind.to_be_bytes(),
        id,
    ];
    let mut at = 0;
    for part in parts {
        let end = at + part.len();
        if let Some(dst) = aad.get_mut(at..end) {
            dst.copy_from_slice(part);
        }
        at = end;
    }
    aad
}

fn is_bucket_size(n: usize) -> bool {
    if n > padded_len(MAX_RECORD_LEN) || n < MIN_BUCKET {
        return false;
    }
    if n <= LARGE_STEP {
        n.is_power_of_two()
    } else {
        n.is_multiple_of(LARGE_STEP)
    }
}

/// Check the length prefix and padding of an authentic padded plaintext and return the
/// plaintext inside it.
fn unpad(body: &[u8]) -> Result<&[u8], CryptoError> {
    let (prefix, rest) = body
        .split_first_chunk::<LEN_PREFIX>()
        .ok_or(CryptoError::MalformedRecord)?;
    let len =
        usize::try_from(u32::from_le_bytes(*prefix)).map_err(|_| CryptoError::MalformedRecord)?;
    if len > rest.len() {
        return Err(CryptoError::MalformedRecord);
    }
    let (plain, padding) = rest.split_at(len);
    // OR-ing every byte (rather than stopping at the first non-zero one) vectorises: padding
    // is often most of a small record.
    if padding.iter().fold(0u8, |acc, &b| acc | b) != 0 {
        return Err(CryptoError::MalformedRecord);
    }
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MasterKey;

    const RECORD_GOLDEN: &str = include_str!("../testdata/record_v1.hex");

    const GOLDEN_KEY_ID: u32 = 7;
    const GOLDEN_KIND: u16 = 3;
    const GOLDEN_ID: [u8; 16] = [
        0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae,
        0xaf,
    ];
    const GOLDEN_PLAINTEXT: &[u8] = b"Just for today: called my sponsor, went to a meeting.";

    fn golden_nonce() -> [u8; NONCE_LEN] {
        let mut n = [0u8; NONCE_LEN];
        for (i, b) in n.iter_mut().enumerate() {
            *b = 0x40 + u8::try_from(i).unwrap();
        }
        n
    }

    fn golden_cipher() -> RecordCipher {
        MasterKey::fixed_for_tests().record_cipher(GOLDEN_KEY_ID)
    }

    #[test]
    fn blob_matches_golden() {
        let blob = golden_cipher()
            .seal_with_nonce(GOLDEN_KIND, &GOLDEN_ID, GOLDEN_PLAINTEXT, &golden_nonce())
            .unwrap();
        assert_eq!(hex::encode(&blob), RECORD_GOLDEN.trim());
    }

    #[test]
    fn golden_blob_opens() {
        let blob = hex::decode(RECORD_GOLDEN.trim()).unwrap();
        let plain = golden_cipher()
            .open(GOLDEN_KIND, &GOLDEN_ID, &blob)
            .unwrap();
        assert_eq!(plain.as_slice(), GOLDEN_PLAINTEXT);
    }

    #[test]
    fn open_into_reuses_one_buffer_and_matches_open() {
        let cipher = golden_cipher();
        let mut buf = Zeroizing::new(Vec::new());
        let long = vec![b'x'; 3000];
        for plain in [&b"short"[..], &long[..], b"short again", b""] {
            let blob = cipher.seal(GOLDEN_KIND, &GOLDEN_ID, plain).unwrap();
            let opened = cipher
                .open_into(GOLDEN_KIND, &GOLDEN_ID, &blob, &mut buf)
                .unwrap();
            assert_eq!(opened, plain);
            assert_eq!(
                cipher
                    .open(GOLDEN_KIND, &GOLDEN_ID, &blob)
                    .unwrap()
                    .as_slice(),
                plain
            );
        }
        // The buffer grew once, for the long record, and was reused after.
        assert!(buf.capacity() >= 4096);
        let mut blob = cipher.seal(GOLDEN_KIND, &GOLDEN_ID, b"tampered").unwrap();
        blob[40] ^= 1;
        assert_eq!(
            cipher
                .open_into(GOLDEN_KIND, &GOLDEN_ID, &blob, &mut buf)
                .err(),
            Some(CryptoError::RecordAuthentication)
        );
        assert!(
            buf.iter().all(|&b| b == 0),
            "nothing is left after a failed open"
        );
    }

    #[test]
    fn golden_layout() {
        let blob = hex::decode(RECORD_GOLDEN.trim()).unwrap();
        assert_eq!(blob.len(), HEADER_LEN + 256 + TAG_LEN);
        assert_eq!(blob[0], VERSION);
        assert_eq!(blob[1..5], GOLDEN_KEY_ID.to_be_bytes());
        assert_eq!(blob[5..29], golden_nonce());
    }

    #[test]
    fn aad_layout() {
        let aad = associated_data(0x0102_0304, 0x0506, &[0xee; 16]);
        let mut expected = b"journal-record".to_vec();
        expected.extend_from_slice(&[1, 1, 2, 3, 4, 5, 6]);
        expected.extend_from_slice(&[0xee; 16]);
        assert_eq!(aad.as_slice(), expected.as_slice());
    }

    #[test]
    fn padded_len_buckets() {
        assert_eq!(padded_len(0), 256);
        assert_eq!(padded_len(252), 256);
        assert_eq!(padded_len(253), 512);
        assert_eq!(padded_len(1020), 1024);
        assert_eq!(padded_len(1021), 2048);
        assert_eq!(padded_len(65532), 65536);
        assert_eq!(padded_len(65533), 131_072);
        assert_eq!(padded_len(131_068), 131_072);
        assert_eq!(padded_len(131_069), 196_608);
        assert_eq!(padded_len(MAX_RECORD_LEN), MAX_RECORD_LEN + LARGE_STEP);
        for len in [0, 1, 300, 70_000, MAX_RECORD_LEN] {
            assert!(is_bucket_size(padded_len(len)));
        }
        assert!(!is_bucket_size(255));
        assert!(!is_bucket_size(300));
        assert!(!is_bucket_size(65536 + 256));
        assert!(!is_bucket_size(MAX_RECORD_LEN + 2 * LARGE_STEP));
    }

    #[test]
    fn authentic_but_bad_padding_is_malformed() {
        let cipher = golden_cipher();
        let seal = |prefix: u32, content: &[u8]| {
            cipher
                .encrypt_parts(
                    GOLDEN_KIND,
                    &GOLDEN_ID,
                    &golden_nonce(),
                    prefix.to_le_bytes(),
                    content,
                    256,
                )
                .unwrap()
        };
        let open = |blob: &[u8]| cipher.open(GOLDEN_KIND, &GOLDEN_ID, blob);

        // Length prefix larger than the body.
        assert_eq!(
            open(&seal(253, &[])).err(),
            Some(CryptoError::MalformedRecord)
        );
        assert_eq!(
            open(&seal(u32::MAX, &[])).err(),
            Some(CryptoError::MalformedRecord)
        );

        // A non-zero byte in the padding, at its start and at its end.
        let mut content = vec![0u8; 252];
        content[3] = 1;
        assert_eq!(
            open(&seal(3, &content)).err(),
            Some(CryptoError::MalformedRecord)
        );
        let mut content = vec![0u8; 252];
        content[251] = 1;
        assert_eq!(
            open(&seal(3, &content)).err(),
            Some(CryptoError::MalformedRecord)
        );

        // Control: the same construction with correct padding opens, and a plaintext
        // that fills the bucket exactly is fine.
        let mut content = vec![0u8; 252];
        content[2] = 9;
        assert_eq!(open(&seal(3, &content)).unwrap().as_slice(), &[0, 0, 9]);
        assert_eq!(
            open(&seal(252, &[7; 252])).unwrap().as_slice(),
            &[7u8; 252][..]
        );
    }

    #[test]
    fn structural_errors() {
        let cipher = golden_cipher();
        let open = |blob: &[u8]| cipher.open(GOLDEN_KIND, &GOLDEN_ID, blob).err();
        assert_eq!(open(&[]), Some(CryptoError::MalformedRecord));
        assert_eq!(open(&[1]), Some(CryptoError::MalformedRecord));
        assert_eq!(
            open(&[2, 0, 0]),
            Some(CryptoError::UnsupportedFormat { version: 2 })
        );
        assert_eq!(
            open(&[0]),
            Some(CryptoError::UnsupportedFormat { version: 0 })
        );
        assert_eq!(open(&[1, 0, 0, 0, 7]), Some(CryptoError::MalformedRecord));
        assert_eq!(
            open(&[1, 0, 0, 0, 8]),
            Some(CryptoError::WrongKeyId {
                expected: 7,
                found: 8
            })
        );
        // Header and tag present but no body.
        let mut blob = vec![1, 0, 0, 0, 7];
        blob.extend_from_slice(&[0; NONCE_LEN + TAG_LEN]);
        assert_eq!(open(&blob), Some(CryptoError::MalformedRecord));
        // Truncating a real blob by one byte breaks the bucket size.
        let real = hex::decode(RECORD_GOLDEN.trim()).unwrap();
        assert_eq!(
            open(&real[..real.len() - 1]),
            Some(CryptoError::MalformedRecord)
        );
    }
}
