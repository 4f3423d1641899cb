//! Record envelope behaviour through the public API: binding to kind, id and key
//! generation, tamper detection, nonce freshness and padding buckets.

use std::collections::HashSet;

use journal_crypto::{CryptoError, MAX_RECORD_LEN, MasterKey, RecordCipher};

const KIND: u16 = 4;
const ID: [u8; 16] = *b"0123456789abcdef";
const HEADER_LEN: usize = 1 + 4 + 24;
const TAG_LEN: usize = 16;

fn cipher(key_id: u32) -> (MasterKey, RecordCipher) {
    let mk = MasterKey::generate().unwrap();
    let rc = mk.record_cipher(key_id);
    (mk, rc)
}

#[test]
fn round_trip_and_key_id() {
    let (_mk, rc) = cipher(42);
    assert_eq!(rc.key_id(), 42);
    let blob = rc.seal(KIND, &ID, b"a quiet morning").unwrap();
    assert_eq!(blob[0], 1);
    assert_eq!(blob[1..5], 42u32.to_be_bytes());
    assert_eq!(
        rc.open(KIND, &ID, &blob).unwrap().as_slice(),
        b"a quiet morning"
    );
}

#[test]
fn plaintext_does_not_appear_in_blob() {
    let (_mk, rc) = cipher(1);
    let secret = b"my sponsor's phone number is 555-0100";
    let blob = rc.seal(KIND, &ID, secret).unwrap();
    assert!(!blob.windows(8).any(|w| secret.windows(8).any(|s| s == w)));
}

#[test]
fn every_byte_flip_fails_to_open() {
    let (_mk, rc) = cipher(3);
    let blob = rc.seal(KIND, &ID, &[0x5c; 300]).unwrap();
    for i in 0..blob.len() {
        for mask in [0x01u8, 0x80] {
            let mut bad = blob.clone();
            bad[i] ^= mask;
            assert!(
                rc.open(KIND, &ID, &bad).is_err(),
                "flip {mask:#04x} at byte {i} still opened"
            );
        }
    }
    // Control: the untouched blob still opens.
    assert_eq!(rc.open(KIND, &ID, &blob).unwrap().len(), 300);
}

#[test]
fn truncated_or_extended_blob_fails() {
    let (_mk, rc) = cipher(3);
    let blob = rc.seal(KIND, &ID, b"x").unwrap();
    for len in 0..blob.len() {
        assert!(
            rc.open(KIND, &ID, &blob[..len]).is_err(),
            "prefix of {len} opened"
        );
    }
    let mut longer = blob.clone();
    longer.push(0);
    assert!(rc.open(KIND, &ID, &longer).is_err());
}

#[test]
fn bound_to_kind_id_and_key_id() {
    let (mk, rc) = cipher(5);
    let blob = rc.seal(KIND, &ID, b"step four").unwrap();

    assert_eq!(
        rc.open(KIND + 1, &ID, &blob).err(),
        Some(CryptoError::RecordAuthentication)
    );
    let mut other_id = ID;
    other_id[15] ^= 1;
    assert_eq!(
        rc.open(KIND, &other_id, &blob).err(),
        Some(CryptoError::RecordAuthentication)
    );

    // A cipher of another key generation refuses before authenticating...
    let rc6 = mk.record_cipher(6);
    assert_eq!(
        rc6.open(KIND, &ID, &blob).err(),
        Some(CryptoError::WrongKeyId {
            expected: 6,
            found: 5
        })
    );
    // ...and relabelling the blob's key id does not help, because the key id is
    // authenticated as associated data.
    let mut relabelled = blob.clone();
    relabelled[1..5].copy_from_slice(&6u32.to_be_bytes());
    assert_eq!(
        rc6.open(KIND, &ID, &relabelled).err(),
        Some(CryptoError::RecordAuthentication)
    );
}

#[test]
fn another_master_key_fails() {
    let (_mk, rc) = cipher(1);
    let (_other_mk, other) = cipher(1);
    let blob = rc.seal(KIND, &ID, b"hello").unwrap();
    assert_eq!(
        other.open(KIND, &ID, &blob).err(),
        Some(CryptoError::RecordAuthentication)
    );
}

#[test]
fn unknown_version_is_reported() {
    let (_mk, rc) = cipher(1);
    let mut blob = rc.seal(KIND, &ID, b"hello").unwrap();
    blob[0] = 2;
    assert_eq!(
        rc.open(KIND, &ID, &blob).err(),
        Some(CryptoError::UnsupportedFormat { version: 2 })
    );
}

#[test]
fn hundred_thousand_seals_use_distinct_nonces() {
    let (_mk, rc) = cipher(1);
    let mut nonces = HashSet::with_capacity(100_000);
    let mut bodies = HashSet::new();
    for i in 0..100_000 {
        let blob = rc.seal(KIND, &ID, b"same plaintext every time").unwrap();
        let nonce: [u8; 24] = blob[5..29].try_into().unwrap();
        assert!(nonces.insert(nonce), "nonce repeated after {i} seals");
        if i < 100 {
            bodies.insert(blob[29..].to_vec());
        }
    }
    assert_eq!(nonces.len(), 100_000);
    // Fresh nonces mean the same plaintext never produces the same ciphertext.
    assert_eq!(bodies.len(), 100);
}

#[test]
fn padding_buckets() {
    let (_mk, rc) = cipher(1);
    let cases = [
        (0usize, 256usize),
        (1, 256),
        (252, 256),
        (253, 512),
        (65_532, 65_536),
        (65_533, 131_072),
        (200_000, 262_144),
    ];
    for (len, padded) in cases {
        let plaintext = vec![0xabu8; len];
        let blob = rc.seal(KIND, &ID, &plaintext).unwrap();
        assert_eq!(
            blob.len(),
            HEADER_LEN + padded + TAG_LEN,
            "plaintext of {len} bytes"
        );
        assert_eq!(
            rc.open(KIND, &ID, &blob).unwrap().as_slice(),
            plaintext.as_slice()
        );
    }
}

#[test]
fn size_limit() {
    let (_mk, rc) = cipher(1);
    let too_big = vec![0u8; MAX_RECORD_LEN + 1];
    assert_eq!(
        rc.seal(KIND, &ID, &too_big).err(),
        Some(CryptoError::RecordTooLarge)
    );
    let max = vec![0u8; MAX_RECORD_LEN];
    let blob = rc.seal(KIND, &ID, &max).unwrap();
    assert_eq!(
        blob.len(),
        HEADER_LEN + MAX_RECORD_LEN + 64 * 1024 + TAG_LEN
    );
    assert_eq!(rc.open(KIND, &ID, &blob).unwrap().len(), MAX_RECORD_LEN);
}
