//! Key slots through the public API: unwrap, wrong secrets, tampering, parameter
//! bounds (checked before the KDF), re-wrapping and calibration.

use std::time::{Duration, Instant};

use journal_crypto::{CryptoError, KdfParams, KeySlot, MasterKey, RecoveryKey, SlotKind};

const PASS: &[u8] = b"one day at a time";
const FAST: KdfParams = KdfParams::insecure_for_tests();

fn sealed(secret: &[u8], key_id: u32) -> (MasterKey, KeySlot) {
    let mk = MasterKey::generate().unwrap();
    let slot = KeySlot::seal(SlotKind::Passphrase, secret, FAST, key_id, &mk).unwrap();
    (mk, slot)
}

/// Two master keys are the same iff a blob sealed under one opens under the other.
fn same_key(a: &MasterKey, b: &MasterKey) -> bool {
    let blob = a.record_cipher(1).seal(1, &[0; 16], b"probe").unwrap();
    b.record_cipher(1).open(1, &[0; 16], &blob).is_ok()
}

#[test]
fn seal_open_round_trip() {
    let (mk, slot) = sealed(PASS, 9);
    assert_eq!(slot.kind(), SlotKind::Passphrase);
    assert_eq!(slot.key_id(), 9);
    assert_eq!(slot.params(), FAST);
    let bytes = slot.to_bytes();
    assert_eq!(bytes.len(), 110);
    let parsed = KeySlot::from_bytes(&bytes).unwrap();
    let opened = parsed.open(PASS).unwrap();
    assert!(same_key(&mk, &opened));
    // Control for `same_key`: a different master key is not "the same".
    assert!(!same_key(&mk, &MasterKey::generate().unwrap()));
}

#[test]
fn sealing_twice_gives_different_bytes() {
    let mk = MasterKey::generate().unwrap();
    let a = KeySlot::seal(SlotKind::Passphrase, PASS, FAST, 1, &mk).unwrap();
    let b = KeySlot::seal(SlotKind::Passphrase, PASS, FAST, 1, &mk).unwrap();
    assert_ne!(a.to_bytes()[22..38], b.to_bytes()[22..38], "salt reused");
    assert_ne!(a.to_bytes()[38..62], b.to_bytes()[38..62], "nonce reused");
}

#[test]
fn wrong_passphrase_is_wrong_secret() {
    let (_mk, slot) = sealed(PASS, 1);
    for wrong in [
        &b"one day at a tim"[..],
        b"One day at a time",
        b"",
        b"one day at a time ",
    ] {
        assert_eq!(slot.open(wrong).err(), Some(CryptoError::WrongSecret));
    }
}

#[test]
fn empty_passphrase_still_works_as_a_secret() {
    // Passphrase policy belongs to the caller; the crypto must not break on "".
    let (mk, slot) = sealed(b"", 1);
    assert!(same_key(&mk, &slot.open(b"").unwrap()));
    assert_eq!(slot.open(b"x").err(), Some(CryptoError::WrongSecret));
}

#[test]
fn every_byte_flip_fails() {
    let (_mk, slot) = sealed(PASS, 1);
    let bytes = slot.to_bytes();
    for i in 0..bytes.len() {
        for mask in [0x01u8, 0x80] {
            let mut bad = bytes.clone();
            bad[i] ^= mask;
            let result = KeySlot::from_bytes(&bad).and_then(|s| s.open(PASS));
            match result {
                Ok(_) => panic!("flip {mask:#04x} at byte {i} still opened"),
                Err(
                    CryptoError::MalformedKeySlot
                    | CryptoError::UnsupportedFormat { .. }
                    | CryptoError::KdfParamsOutOfBounds
                    | CryptoError::WrongSecret,
                ) => {}
                Err(other) => panic!("flip at byte {i}: unexpected error {other:?}"),
            }
        }
    }
    // Control: the untouched bytes open.
    assert!(KeySlot::from_bytes(&bytes).unwrap().open(PASS).is_ok());
}

/// Overwrite the (authenticated) KDF parameters of a serialized slot.
fn with_params(bytes: &[u8], m: u32, t: u32, p: u32) -> KeySlot {
    let mut b = bytes.to_vec();
    b[10..14].copy_from_slice(&m.to_be_bytes());
    b[14..18].copy_from_slice(&t.to_be_bytes());
    b[18..22].copy_from_slice(&p.to_be_bytes());
    KeySlot::from_bytes(&b).unwrap()
}

#[test]
fn out_of_bounds_params_are_refused_before_the_kdf() {
    let (_mk, slot) = sealed(PASS, 1);
    let bytes = slot.to_bytes();
    let min = KdfParams::MIN_M_COST_KIB;
    let cases = [
        (64 * 1024 * 1024, 1, 1), // 64 GiB
        (min, 1000, 1),           // would take many seconds if run
        (min, 1, 0),
        (min, 0, 1),
        (min - 1, 1, 1),
        (min, 1, 9),
        (KdfParams::MAX_M_COST_KIB, 5, 1), // each in range, m * t over the cap
        (u32::MAX, u32::MAX, u32::MAX),
    ];
    for (m, t, p) in cases {
        let hostile = with_params(&bytes, m, t, p);
        // Min of three runs, so a scheduler hiccup on a busy machine cannot fail
        // the test; a KDF with any of these parameters would take far longer.
        let mut fastest = Duration::MAX;
        for _ in 0..3 {
            let start = Instant::now();
            let result = hostile.open(PASS);
            fastest = fastest.min(start.elapsed());
            assert_eq!(
                result.err(),
                Some(CryptoError::KdfParamsOutOfBounds),
                "m={m} t={t} p={p}"
            );
        }
        assert!(
            fastest < Duration::from_millis(50),
            "m={m} t={t} p={p}: {fastest:?}"
        );
    }
}

#[test]
fn seal_refuses_out_of_bounds_params() {
    let mk = MasterKey::generate().unwrap();
    let bad = KdfParams {
        m_cost_kib: KdfParams::MIN_M_COST_KIB,
        t_cost: 0,
        p_cost: 1,
    };
    assert_eq!(
        KeySlot::seal(SlotKind::Passphrase, PASS, bad, 1, &mk).err(),
        Some(CryptoError::KdfParamsOutOfBounds)
    );
}

#[test]
fn passphrase_change_needs_no_record_reencryption() {
    let (mk, old_slot) = sealed(b"old passphrase", 1);
    let blob = mk
        .record_cipher(1)
        .seal(7, &[9; 16], b"written last year")
        .unwrap();

    let new_slot = KeySlot::seal(SlotKind::Passphrase, b"new passphrase", FAST, 1, &mk).unwrap();
    drop(mk);

    for (slot, pass) in [
        (&old_slot, &b"old passphrase"[..]),
        (&new_slot, b"new passphrase"),
    ] {
        let mk = KeySlot::from_bytes(&slot.to_bytes())
            .unwrap()
            .open(pass)
            .unwrap();
        let plain = mk.record_cipher(1).open(7, &[9; 16], &blob).unwrap();
        assert_eq!(plain.as_slice(), b"written last year");
    }
    assert_eq!(
        new_slot.open(b"old passphrase").err(),
        Some(CryptoError::WrongSecret)
    );
}

#[test]
fn recovery_slot_opens_with_parsed_key() {
    let mk = MasterKey::generate().unwrap();
    let blob = mk.record_cipher(2).seal(1, &[1; 16], b"entry").unwrap();
    let recovery = RecoveryKey::generate().unwrap();
    let slot = KeySlot::seal(SlotKind::Recovery, recovery.expose_secret(), FAST, 2, &mk).unwrap();
    let shown = {
        use secrecy::ExposeSecret;
        recovery
            .display()
            .expose_secret()
            .to_lowercase()
            .replace('-', " ")
    };
    drop(recovery);

    let typed = RecoveryKey::parse(&shown).unwrap();
    let restored = KeySlot::from_bytes(&slot.to_bytes()).unwrap();
    assert_eq!(restored.kind(), SlotKind::Recovery);
    let mk2 = restored.open(typed.expose_secret()).unwrap();
    assert_eq!(
        mk2.record_cipher(2)
            .open(1, &[1; 16], &blob)
            .unwrap()
            .as_slice(),
        b"entry"
    );
    let other = RecoveryKey::generate().unwrap();
    assert_eq!(
        restored.open(other.expose_secret()).err(),
        Some(CryptoError::WrongSecret)
    );
}

#[test]
fn debug_shows_metadata_only() {
    let (_mk, slot) = sealed(PASS, 3);
    assert_eq!(
        format!("{slot:?}"),
        "KeySlot { kind: Passphrase, key_id: 3, \
         params: KdfParams { m_cost_kib: 8192, t_cost: 1, p_cost: 1 }, .. }"
    );
}

#[test]
fn calibrate_returns_bounded_params() {
    let params = KdfParams::calibrate(Duration::from_millis(300)).unwrap();
    assert_eq!(params.check_bounds(), Ok(()));
    assert!(params.m_cost_kib >= 65_536);
    assert_eq!(params.p_cost, 1);
    assert!((1..=KdfParams::MAX_T_COST).contains(&params.t_cost));
    // A zero target still yields the floor, never less.
    let floor = KdfParams::calibrate(Duration::ZERO).unwrap();
    assert_eq!(floor.t_cost, 1);
    assert_eq!(floor.m_cost_kib, 65_536);
}
