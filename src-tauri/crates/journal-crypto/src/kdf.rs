//! Argon2id parameters, their bounds, calibration, and key-encryption-key derivation.
//!
//! Contract: [`derive_kek`] refuses parameters outside [`KdfParams::check_bounds`]
//! *before* allocating or hashing anything, because parameters are read back from a
//! file that an attacker may have edited. The derived key and Argon2's working memory
//! are zeroized when they are dropped.

use std::time::{Duration, Instant};

use argon2::{Algorithm, Argon2, Block, Params, Version};
use zeroize::Zeroizing;

use crate::CryptoError;

/// Length of the key-encryption key produced by [`derive_kek`].
pub(crate) const KEK_LEN: usize = 32;

/// Length of the Argon2 salt stored in every key slot.
pub(crate) const SALT_LEN: usize = 16;

/// Argon2id cost parameters, stored in clear in every key slot.
///
/// These are public metadata: knowing them does not help an attacker, and the slot
/// needs them to re-derive its key. They are untrusted on the way back in, hence
/// [`KdfParams::check_bounds`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory cost in KiB.
    pub m_cost_kib: u32,
    /// Number of passes over the memory.
    pub t_cost: u32,
    /// Degree of parallelism (lanes).
    pub p_cost: u32,
}

impl KdfParams {
    /// Smallest accepted memory cost: 8 MiB.
    pub const MIN_M_COST_KIB: u32 = 8 * 1024;
    /// Largest accepted memory cost: 1 GiB.
    pub const MAX_M_COST_KIB: u32 = 1024 * 1024;
    /// Largest accepted number of passes.
    pub const MAX_T_COST: u32 = 16;
    /// Largest accepted degree of parallelism.
    pub const MAX_P_COST: u32 = 8;
    /// Cap on `m_cost_kib * t_cost`, so that a file cannot make us spin for minutes
    /// even with each parameter individually in range.
    pub const MAX_WORK_KIB: u64 = 4 * 1024 * 1024;

    /// Memory cost used by [`KdfParams::calibrate`] and [`KdfParams::interactive_default`]: 64 MiB.
    const CALIBRATION_M_COST_KIB: u32 = 64 * 1024;

    /// Accept the parameters only if `1 <= t_cost <= MAX_T_COST`,
    /// `1 <= p_cost <= MAX_P_COST`, `MIN_M_COST_KIB <= m_cost_kib <= MAX_M_COST_KIB`
    /// and `m_cost_kib * t_cost <= MAX_WORK_KIB`.
    ///
    /// # Errors
    /// [`CryptoError::KdfParamsOutOfBounds`] if any of these fails.
    pub fn check_bounds(&self) -> Result<(), CryptoError> {
        let m_ok = (Self::MIN_M_COST_KIB..=Self::MAX_M_COST_KIB).contains(&self.m_cost_kib);
        let t_ok = (1..=Self::MAX_T_COST).contains(&self.t_cost);
        let p_ok = (1..=Self::MAX_P_COST).contains(&self.p_cost);
        let work = u64::from(self.m_cost_kib) * u64::from(self.t_cost);
        if m_ok && t_ok && p_ok && work <= Self::MAX_WORK_KIB {
            Ok(())
        } else {
            Err(CryptoError::KdfParamsOutOfBounds)
        }
    }

    /// Pick parameters so that one derivation on this machine takes about `target`.
    ///
    /// Memory is fixed at 64 MiB and parallelism at 1; only the pass count `t_cost`
    /// is tuned, because time grows linearly with it. The procedure:
    ///
    /// 1. Time one derivation, starting at `t_cost = 1`.
    /// 2. If it took less than `target / 2` and `t_cost` can still grow, jump to the
    ///    pass count that the measurement predicts would take `target / 2` (at least
    ///    one more pass) and measure again. Measurements shorter than that are too
    ///    dominated by allocation and timer noise to extrapolate far from.
    /// 3. Scale the last measurement linearly to `target`, rounding to the nearest
    ///    pass count, and clamp to `1..=MAX_T_COST` (and the work cap).
    ///
    /// Because the allocation cost is counted as if it were per-pass time, the result
    /// errs towards slightly *under* `target`. The result is never weaker than
    /// 64 MiB with one pass, however slow the machine. Calibration itself costs
    /// roughly between `target / 2` and `1.5 * target` of wall time.
    ///
    /// # Errors
    /// [`CryptoError::Kdf`] if Argon2 fails, which should not happen.
    pub fn calibrate(target: Duration) -> Result<KdfParams, CryptoError> {
        let m_cost_kib = Self::CALIBRATION_M_COST_KIB;
        let work_cap = Self::MAX_WORK_KIB / u64::from(m_cost_kib);
        let max_t = u32::try_from(work_cap)
            .unwrap_or(u32::MAX)
            .clamp(1, Self::MAX_T_COST);
        let target_ns = target.as_nanos();
        let half_ns = target_ns / 2;

        let mut params = KdfParams {
            m_cost_kib,
            t_cost: 1,
            p_cost: 1,
        };
        loop {
            let t = params.t_cost;
            let start = Instant::now();
            derive_kek(b"journal-calibration", &[0u8; SALT_LEN], params)?;
            // A zero reading (coarse clock) must not divide by zero below.
            let elapsed_ns = start.elapsed().as_nanos().max(1);

            if elapsed_ns >= half_ns || t >= max_t {
                let scaled = (u128::from(t) * target_ns + elapsed_ns / 2) / elapsed_ns;
                params.t_cost = clamp_passes(scaled, max_t);
                return Ok(params);
            }
            let predicted = (u128::from(t) * half_ns).div_ceil(elapsed_ns);
            params.t_cost = clamp_passes(predicted, max_t).max(t + 1).min(max_t);
        }
    }

    /// Parameters to use when calibration is skipped: 64 MiB, 3 passes, 1 lane.
    #[must_use]
    pub const fn interactive_default() -> KdfParams {
        KdfParams {
            m_cost_kib: Self::CALIBRATION_M_COST_KIB,
            t_cost: 3,
            p_cost: 1,
        }
    }

    /// The cheapest parameters that pass the bounds check (8 MiB, 1 pass, 1 lane).
    ///
    /// **For tests only.** They keep test suites fast; a real passphrase slot sealed
    /// with them would be far easier to brute-force.
    #[must_use]
    pub const fn insecure_for_tests() -> KdfParams {
        KdfParams {
            m_cost_kib: Self::MIN_M_COST_KIB,
            t_cost: 1,
            p_cost: 1,
        }
    }
}

fn clamp_passes(passes: u128, max_t: u32) -> u32 {
    u32::try_from(passes).unwrap_or(u32::MAX).clamp(1, max_t)
}

/// Derive a 32-byte key-encryption key with Argon2id (v1.3) from `secret` and `salt`.
///
/// The bounds check runs first, so out-of-range parameters cost nothing.
pub(crate) fn derive_kek(
    secret: &[u8],
    salt: &[u8; SALT_LEN],
    params: KdfParams,
) -> Result<Zeroizing<[u8; KEK_LEN]>, CryptoError> {
    params.check_bounds()?;
    let argon_params = Params::new(
        params.m_cost_kib,
        params.t_cost,
        params.p_cost,
        Some(KEK_LEN),
    )
    .map_err(|_| CryptoError::Kdf)?;
    // Argon2's own allocation is freed without being wiped; the working memory is
    // a function of the passphrase, so we provide it ourselves and wipe it.
    let mut memory = Zeroizing::new(vec![Block::default(); argon_params.block_count()]);
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, argon_params);
    let mut kek = Zeroizing::new([0u8; KEK_LEN]);
    argon
        .hash_password_into_with_memory(secret, salt, kek.as_mut_slice(), memory.as_mut_slice())
        .map_err(|_| CryptoError::Kdf)?;
    Ok(kek)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEK_GOLDEN: &str = include_str!("../testdata/kek_insecure.hex");

    #[test]
    fn kek_matches_golden() {
        let kek = derive_kek(
            b"correct horse battery staple",
            &[0x5a; SALT_LEN],
            KdfParams::insecure_for_tests(),
        )
        .unwrap();
        assert_eq!(hex::encode(kek.as_slice()), KEK_GOLDEN.trim());
    }

    #[test]
    fn kek_depends_on_every_input() {
        let p = KdfParams::insecure_for_tests();
        let base = derive_kek(b"pass", &[1; SALT_LEN], p).unwrap();
        let other_secret = derive_kek(b"pasS", &[1; SALT_LEN], p).unwrap();
        let other_salt = derive_kek(b"pass", &[2; SALT_LEN], p).unwrap();
        let other_params = derive_kek(
            b"pass",
            &[1; SALT_LEN],
            KdfParams {
                t_cost: 2,
                ..KdfParams::insecure_for_tests()
            },
        )
        .unwrap();
        assert_ne!(*base, *other_secret);
        assert_ne!(*base, *other_salt);
        assert_ne!(*base, *other_params);
    }

    #[test]
    fn bounds_edges() {
        let ok = |m, t, p| {
            KdfParams {
                m_cost_kib: m,
                t_cost: t,
                p_cost: p,
            }
            .check_bounds()
        };
        assert_eq!(ok(KdfParams::MIN_M_COST_KIB, 1, 1), Ok(()));
        assert_eq!(ok(KdfParams::MAX_M_COST_KIB, 4, 8), Ok(()));
        assert_eq!(ok(64 * 1024, 16, 1), Ok(()));
        let out = Err(CryptoError::KdfParamsOutOfBounds);
        assert_eq!(ok(KdfParams::MIN_M_COST_KIB - 1, 1, 1), out);
        assert_eq!(ok(KdfParams::MAX_M_COST_KIB + 1, 1, 1), out);
        assert_eq!(ok(KdfParams::MAX_M_COST_KIB, 5, 1), out);
        assert_eq!(ok(64 * 1024, 17, 1), out);
        assert_eq!(ok(64 * 1024, 0, 1), out);
        assert_eq!(ok(64 * 1024, 1, 0), out);
        assert_eq!(ok(64 * 1024, 1, 9), out);
        assert_eq!(ok(u32::MAX, u32::MAX, u32::MAX), out);
    }

    #[test]
    fn presets_are_in_bounds() {
        assert_eq!(KdfParams::interactive_default().check_bounds(), Ok(()));
        assert_eq!(KdfParams::insecure_for_tests().check_bounds(), Ok(()));
    }

    #[test]
    fn derive_refuses_out_of_bounds_params() {
        let huge = KdfParams {
            m_cost_kib: u32::MAX,
            t_cost: 1,
            p_cost: 1,
        };
        assert_eq!(
            derive_kek(b"x", &[0; SALT_LEN], huge).err(),
            Some(CryptoError::KdfParamsOutOfBounds)
        );
    }

    #[test]
    fn clamp_passes_limits() {
        assert_eq!(clamp_passes(0, 16), 1);
        assert_eq!(clamp_passes(7, 16), 7);
        assert_eq!(clamp_passes(u128::MAX, 16), 16);
    }
}
