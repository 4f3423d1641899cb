//! Known-answer test for the Argon2id primitive itself (RFC 9106, section 5.3).
//!
//! Goes through the `argon2` crate directly, bypassing our bounds (32 KiB is far
//! below them), so that a broken or mis-configured primitive is caught even if our
//! own goldens were regenerated with it.

use argon2::{Algorithm, Argon2, AssociatedData, ParamsBuilder, Version};

const RFC9106_TAG: &str = include_str!("../../testdata/rfc9106_argon2id.hex");

#[test]
fn rfc9106_argon2id_vector() {
    let password = [0x01u8; 32];
    let salt = [0x02u8; 16];
    let secret = [0x03u8; 8];
    let ad = AssociatedData::new(&[0x04u8; 12]).unwrap();
    let params = ParamsBuilder::new()
        .m_cost(32)
        .t_cost(3)
        .p_cost(4)
        .data(ad)
        .output_len(32)
        .build()
        .unwrap();
    let argon =
        Argon2::new_with_secret(&secret, Algorithm::Argon2id, Version::V0x13, params).unwrap();
    let mut tag = [0u8; 32];
    argon
        .hash_password_into(&password, &salt, &mut tag)
        .unwrap();
    assert_eq!(hex::encode(tag), RFC9106_TAG.trim());
}
