//! Randomness, all of it from the operating system.
//!
//! Contract: every nonce, salt and key in this crate comes from here, i.e. from
//! `getrandom`. There is no user-space generator to seed, fork or get wrong.

use crate::CryptoError;

/// Fill `buf` from the operating system's random number generator.
pub(crate) fn fill(buf: &mut [u8]) -> Result<(), CryptoError> {
    getrandom::getrandom(buf).map_err(|_| CryptoError::Random)
}

/// `N` bytes from the operating system's random number generator.
///
/// Meant for non-secret identifiers and salts (the returned array is not wiped on
/// drop; wrap it in [`zeroize::Zeroizing`] if it is used as a key).
///
/// # Errors
/// [`CryptoError::Random`] if the operating system cannot provide randomness.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut out = [0u8; N];
    fill(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_bytes_differ() {
        let a: [u8; 32] = random_bytes().unwrap();
        let b: [u8; 32] = random_bytes().unwrap();
        assert_ne!(a, b);
        let empty: [u8; 0] = random_bytes().unwrap();
        assert_eq!(empty.len(), 0);
    }
}
