//! Property tests: round trips for arbitrary input, and no panics on arbitrary bytes.

use journal_crypto::{KeySlot, MasterKey, RecordCipher};
use proptest::collection::vec;
use proptest::prelude::*;

fn cipher(key_id: u32) -> RecordCipher {
    MasterKey::generate().unwrap().record_cipher(key_id)
}

proptest! {
    // Plaintexts of up to 100 KB are slow to generate in a debug build; 64 cases
    // still cover every padding regime (small buckets, 64 KiB multiples).
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn record_round_trip(
        key_id in any::<u32>(),
        kind in any::<u16>(),
        id in any::<[u8; 16]>(),
        plaintext in vec(any::<u8>(), 0..=100_000),
    ) {
        let rc = cipher(key_id);
        let blob = rc.seal(kind, &id, &plaintext).unwrap();
        let opened = rc.open(kind, &id, &blob).unwrap();
        prop_assert_eq!(opened.as_slice(), plaintext.as_slice());
    }
}

proptest! {
    #[test]
    fn slot_from_bytes_never_panics(bytes in vec(any::<u8>(), 0..200)) {
        let _ = KeySlot::from_bytes(&bytes);
    }

    #[test]
    fn slot_from_bytes_with_valid_magic_never_panics(
        version in prop_oneof![Just(1u8), any::<u8>()],
        rest in vec(any::<u8>(), 0..120),
    ) {
        let mut bytes = b"JKS1".to_vec();
        bytes.push(version);
        bytes.extend_from_slice(&rest);
        if let Ok(slot) = KeySlot::from_bytes(&bytes) {
            // Anything that parses serializes back to the same bytes.
            prop_assert_eq!(slot.to_bytes(), bytes);
        }
    }

    #[test]
    fn record_open_never_panics(
        kind in any::<u16>(),
        id in any::<[u8; 16]>(),
        bytes in vec(any::<u8>(), 0..600),
    ) {
        let rc = cipher(1);
        prop_assert!(rc.open(kind, &id, &bytes).is_err());
    }

    #[test]
    fn record_open_with_valid_header_never_panics(
        kind in any::<u16>(),
        id in any::<[u8; 16]>(),
        body_len in prop_oneof![Just(256usize + 16), 0usize..600],
        seed in any::<u8>(),
    ) {
        let rc = cipher(1);
        let mut bytes = vec![1u8, 0, 0, 0, 1];
        bytes.extend((0..24 + body_len).map(|i| seed.wrapping_add(i as u8)));
        prop_assert!(rc.open(kind, &id, &bytes).is_err());
    }
}
