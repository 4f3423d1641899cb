//! Recovery-key text: round trips, forgiving input, and typo detection before any
//! key derivation.

use journal_crypto::{CryptoError, RecoveryKey};
use secrecy::ExposeSecret;

const ALPHABET: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

fn shown(key: &RecoveryKey) -> String {
    key.display().expose_secret().to_owned()
}

/// The 36 significant characters of a displayed key.
fn chars_of(text: &str) -> Vec<char> {
    text.chars().filter(|&c| c != '-').collect()
}

fn grouped(chars: &[char]) -> String {
    chars
        .chunks(4)
        .map(|g| g.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[test]
fn display_shape() {
    let text = shown(&RecoveryKey::generate().unwrap());
    assert_eq!(text.len(), 44);
    let groups: Vec<&str> = text.split('-').collect();
    assert_eq!(groups.len(), 9);
    for g in groups {
        assert_eq!(g.len(), 4);
        assert!(g.chars().all(|c| ALPHABET.contains(c)), "{g}");
    }
}

#[test]
fn display_round_trips_in_many_spellings() {
    let key = RecoveryKey::generate().unwrap();
    let text = shown(&key);
    let spellings = [
        text.clone(),
        text.to_lowercase(),
        text.replace('-', ""),
        text.to_lowercase().replace('-', ""),
        text.replace('-', " "),
        format!("  {}\n", text.replace('-', " - ")),
    ];
    for s in spellings {
        let parsed = RecoveryKey::parse(&s).unwrap();
        assert_eq!(parsed.expose_secret(), key.expose_secret(), "{s:?}");
    }
    assert_eq!(key.expose_secret().len(), 20);
}

#[test]
fn generated_keys_differ() {
    let a = RecoveryKey::generate().unwrap();
    let b = RecoveryKey::generate().unwrap();
    assert_ne!(a.expose_secret(), b.expose_secret());
}

#[test]
fn every_single_substitution_is_a_typo() {
    let key = RecoveryKey::generate().unwrap();
    let chars = chars_of(&shown(&key));
    assert_eq!(chars.len(), 36);
    let mut tried = 0;
    let mut caught = 0;
    let mut positions_fully_caught = 0;
    for pos in 0..chars.len() {
        let mut all_caught = true;
        for sub in ALPHABET.chars().filter(|&c| c != chars[pos]) {
            let mut typo = chars.clone();
            typo[pos] = sub;
            tried += 1;
            match RecoveryKey::parse(&grouped(&typo)) {
                Err(CryptoError::RecoveryKeyTypo) => caught += 1,
                Err(other) => panic!("position {pos}: unexpected {other:?}"),
                Ok(_) => all_caught = false,
            }
        }
        if all_caught {
            positions_fully_caught += 1;
        }
    }
    assert_eq!(tried, 36 * 31);
    // A 20-bit checksum misses a random change with probability 2^-20, so in
    // practice every one is caught; allow one unlucky miss to keep this deterministic
    // enough for CI.
    assert!(
        positions_fully_caught >= 35,
        "{positions_fully_caught} of 36 positions"
    );
    assert!(caught >= tried - 1, "{caught} of {tried}");
}

#[test]
fn adjacent_swaps_are_typos() {
    let key = RecoveryKey::generate().unwrap();
    let chars = chars_of(&shown(&key));
    let mut swaps = 0;
    let mut caught = 0;
    for i in 0..chars.len() - 1 {
        if chars[i] == chars[i + 1] {
            continue;
        }
        let mut swapped = chars.clone();
        swapped.swap(i, i + 1);
        swaps += 1;
        if RecoveryKey::parse(&grouped(&swapped)).err() == Some(CryptoError::RecoveryKeyTypo) {
            caught += 1;
        }
    }
    assert!(swaps > 20);
    assert!(caught >= swaps - 1, "{caught} of {swaps}");
}

#[test]
fn look_alike_letters_are_read_as_digits() {
    // Find a key whose text contains both a 0 and a 1 (most do).
    let (key, text) = (0..1000)
        .map(|_| {
            let k = RecoveryKey::generate().unwrap();
            let t = shown(&k);
            (k, t)
        })
        .find(|(_, t)| t.contains('0') && t.contains('1'))
        .unwrap();
    for typed in [
        text.replace('0', "O"),
        text.replace('0', "o"),
        text.replace('1', "I"),
        text.replace('1', "i"),
        text.replace('1', "L"),
        text.replace('1', "l"),
    ] {
        let parsed = RecoveryKey::parse(&typed).unwrap();
        assert_eq!(parsed.expose_secret(), key.expose_secret(), "{typed}");
    }
}

#[test]
fn wrong_length_or_alphabet_is_a_format_error() {
    let text = shown(&RecoveryKey::generate().unwrap());
    let chars = chars_of(&text);
    let format = Some(CryptoError::RecoveryKeyFormat);

    assert_eq!(RecoveryKey::parse("").err(), format);
    assert_eq!(RecoveryKey::parse("----  --").err(), format);
    assert_eq!(RecoveryKey::parse(&grouped(&chars[..35])).err(), format);
    let mut longer = chars.clone();
    longer.push('0');
    assert_eq!(RecoveryKey::parse(&grouped(&longer)).err(), format);
    assert_eq!(RecoveryKey::parse(&format!("{text}{text}")).err(), format);

    for bad in ['U', 'u', '*', '_', '.', 'é', 'Ü'] {
        let mut typo = chars.clone();
        typo[10] = bad;
        assert_eq!(RecoveryKey::parse(&grouped(&typo)).err(), format, "{bad}");
    }
}
