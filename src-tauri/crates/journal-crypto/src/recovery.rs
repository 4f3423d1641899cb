//! The recovery key: 160 random bits the member writes down once, used as the
//! secret of a [`crate::SlotKind::Recovery`] key slot.
//!
//! Contract:
//! - shown as 36 Crockford base32 characters (32 for the key, 4 for a checksum) in
//!   nine dash-separated groups of four, e.g. `ABCD-EFGH-...`;
//! - parsing is forgiving about what people do (case, spaces, dashes, `O` for `0`,
//!   `I`/`L` for `1`) and strict about everything else;
//! - the checksum catches typing mistakes *before* any key derivation runs, so a typo
//!   is reported as a typo instead of as a wrong key after a slow KDF;
//! - the key bytes are wiped on drop and never printed; the displayed text is handed
//!   out only as a [`SecretString`].

use secrecy::SecretString;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::{CryptoError, random};

const KEY_LEN: usize = 20;
const DATA_CHARS: usize = KEY_LEN * 8 / 5;
const CHECK_CHARS: usize = 4;
const TOTAL_CHARS: usize = DATA_CHARS + CHECK_CHARS;
const GROUP: usize = 4;
const DISPLAY_LEN: usize = TOTAL_CHARS + TOTAL_CHARS / GROUP - 1;

/// Crockford's base32 alphabet: no I, L, O or U, so fewer look-alikes.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Domain separator for the checksum hash.
const CHECKSUM_DOMAIN: &[u8] = b"journal-recovery";

/// A 160-bit recovery key, wiped on drop. No `Debug`, `Clone` or `Display`; use
/// [`RecoveryKey::display`] to obtain the text form.
pub struct RecoveryKey {
    bytes: Zeroizing<[u8; KEY_LEN]>,
}

impl RecoveryKey {
    /// Generate a fresh recovery key from the operating system's random generator.
    ///
    /// # Errors
    /// [`CryptoError::Random`] if the operating system cannot provide randomness.
    pub fn generate() -> Result<RecoveryKey, CryptoError> {
        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        random::fill(bytes.as_mut_slice())?;
        Ok(RecoveryKey { bytes })
    }

    /// The text shown to the member once: Crockford base32 of the 20 key bytes
    /// (32 characters) followed by 4 checksum characters (the first 20 bits of
    /// SHA-256(`"journal-recovery"` || key)), as 9 groups of 4 joined by `-`.
    #[must_use]
    pub fn display(&self) -> SecretString {
        let mut digits = Zeroizing::new([0u8; TOTAL_CHARS]);
        encode_key(&self.bytes, &mut digits);
        // Sized exactly so the string never reallocates and leaves a copy behind,
        // and so the conversion into `SecretString` does not either.
        let mut text = String::with_capacity(DISPLAY_LEN);
        for (i, &d) in digits.iter().enumerate() {
            if i > 0 && i % GROUP == 0 {
                text.push('-');
            }
            text.push(char::from(alphabet_char(d)));
        }
        SecretString::from(text)
    }

    /// Parse what a person typed.
    ///
    /// Case, whitespace and dashes are ignored; `O` reads as `0` and `I`/`L` as `1`.
    /// No key derivation runs here.
    ///
    /// # Errors
    /// [`CryptoError::RecoveryKeyFormat`] if, after normalising, the text is not 36
    /// characters of the alphabet; [`CryptoError::RecoveryKeyTypo`] if the checksum
    /// does not match.
    pub fn parse(text: &str) -> Result<RecoveryKey, CryptoError> {
        let mut digits = Zeroizing::new([0u8; TOTAL_CHARS]);
        let mut count = 0usize;
        for c in text.chars() {
            if c == '-' || c.is_whitespace() {
                continue;
            }
            let value = decode_char(c).ok_or(CryptoError::RecoveryKeyFormat)?;
            let slot = digits
                .get_mut(count)
                .ok_or(CryptoError::RecoveryKeyFormat)?;
            *slot = value;
            count += 1;
        }
        if count != TOTAL_CHARS {
            return Err(CryptoError::RecoveryKeyFormat);
        }

        let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
        for (i, &d) in digits.iter().take(DATA_CHARS).enumerate() {
            write_bits(bytes.as_mut_slice(), i * 5, d);
        }
        let expected = checksum_digits(&bytes);
        let typed = digits.iter().skip(DATA_CHARS);
        // Compare all four characters regardless of where the first mismatch is.
        let mismatch = expected
            .iter()
            .zip(typed)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        if mismatch != 0 {
            return Err(CryptoError::RecoveryKeyTypo);
        }
        Ok(RecoveryKey { bytes })
    }

    /// The 20 key bytes, used as the secret of the recovery key slot.
    pub fn expose_secret(&self) -> &[u8] {
        self.bytes.as_slice()
    }

    #[cfg(test)]
    fn from_bytes(bytes: [u8; KEY_LEN]) -> RecoveryKey {
        RecoveryKey {
            bytes: Zeroizing::new(bytes),
        }
    }
}

/// Key bytes to 32 data digits plus 4 checksum digits (5-bit values).
fn encode_key(bytes: &[u8; KEY_LEN], digits: &mut [u8; TOTAL_CHARS]) {
    let (data, check) = digits.split_at_mut(DATA_CHARS);
    for (i, d) in data.iter_mut().enumerate() {
        *d = read_bits(bytes, i * 5);
    }
    check.copy_from_slice(&checksum_digits(bytes));
}

/// The first 20 bits of SHA-256(domain || key), as four 5-bit digits.
fn checksum_digits(bytes: &[u8; KEY_LEN]) -> [u8; CHECK_CHARS] {
    let digest = Sha256::new()
        .chain_update(CHECKSUM_DOMAIN)
        .chain_update(bytes)
        .finalize();
    let mut out = [0u8; CHECK_CHARS];
    for (i, d) in out.iter_mut().enumerate() {
        *d = read_bits(&digest, i * 5);
    }
    out
}

/// The 5-bit big-endian value starting at bit `start` of `bytes`; bits past the end
/// read as zero.
fn read_bits(bytes: &[u8], start: usize) -> u8 {
    (0..5).fold(0u8, |acc, j| {
        let bit = start + j;
        let byte = bytes.get(bit / 8).copied().unwrap_or(0);
        (acc << 1) | ((byte >> (7 - bit % 8)) & 1)
    })
}

/// Write the 5-bit value `value` at bit `start` of `bytes` (which start zeroed);
/// bits past the end are dropped.
fn write_bits(bytes: &mut [u8], start: usize, value: u8) {
    for j in 0..5 {
        let bit = start + j;
        if (value >> (4 - j)) & 1 == 1
            && let Some(byte) = bytes.get_mut(bit / 8)
        {
            *byte |= 1 << (7 - bit % 8);
        }
    }
}

fn alphabet_char(digit: u8) -> u8 {
    ALPHABET.get(usize::from(digit)).copied().unwrap_or(b'0')
}

/// Crockford decoding of one typed character, including its look-alike rules.
fn decode_char(c: char) -> Option<u8> {
    if !c.is_ascii() {
        return None;
    }
    let upper = match c.to_ascii_uppercase() {
        'O' => '0',
        'I' | 'L' => '1',
        other => other,
    };
    let pos = ALPHABET.iter().position(|&a| char::from(a) == upper)?;
    u8::try_from(pos).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use secrecy::ExposeSecret;

    const DISPLAY_GOLDEN: &str = include_str!("../testdata/recovery_display.txt");

    fn fixed_key() -> RecoveryKey {
        let mut bytes = [0u8; KEY_LEN];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = u8::try_from(i).unwrap() * 13;
        }
        RecoveryKey::from_bytes(bytes)
    }

    #[test]
    fn display_matches_golden() {
        let shown = fixed_key().display();
        assert_eq!(shown.expose_secret(), DISPLAY_GOLDEN.trim());
        assert_eq!(shown.expose_secret().len(), DISPLAY_LEN);
        let parsed = RecoveryKey::parse(DISPLAY_GOLDEN.trim()).unwrap();
        assert_eq!(parsed.expose_secret(), fixed_key().expose_secret());
    }

    #[test]
    fn bit_helpers_round_trip() {
        let bytes: [u8; KEY_LEN] = core::array::from_fn(|i| u8::try_from(i * 37 % 256).unwrap());
        let mut back = [0u8; KEY_LEN];
        for i in 0..DATA_CHARS {
            write_bits(&mut back, i * 5, read_bits(&bytes, i * 5));
        }
        assert_eq!(back, bytes);
        assert_eq!(read_bits(&[0b1010_1100], 0), 0b10101);
        assert_eq!(read_bits(&[0b1010_1100], 5), 0b10000);
    }

    #[test]
    fn crockford_look_alikes() {
        assert_eq!(decode_char('o'), Some(0));
        assert_eq!(decode_char('O'), Some(0));
        assert_eq!(decode_char('i'), Some(1));
        assert_eq!(decode_char('L'), Some(1));
        assert_eq!(decode_char('z'), Some(31));
        assert_eq!(decode_char('U'), None);
        assert_eq!(decode_char('u'), None);
        assert_eq!(decode_char('é'), None);
        assert_eq!(decode_char('_'), None);
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(bytes in any::<[u8; KEY_LEN]>()) {
            let key = RecoveryKey::from_bytes(bytes);
            let shown = key.display();
            let parsed = RecoveryKey::parse(shown.expose_secret()).unwrap();
            prop_assert_eq!(parsed.expose_secret(), &bytes[..]);
            let sloppy = shown.expose_secret().to_lowercase().replace('-', " ");
            let parsed = RecoveryKey::parse(&sloppy).unwrap();
            prop_assert_eq!(parsed.expose_secret(), &bytes[..]);
        }

        #[test]
        fn parse_never_panics(text in ".{0,64}") {
            let _ = RecoveryKey::parse(&text);
        }

        #[test]
        fn parse_never_panics_on_alphabet_text(text in "[0-9A-Za-z -]{30,50}") {
            let _ = RecoveryKey::parse(&text);
        }
    }
}
