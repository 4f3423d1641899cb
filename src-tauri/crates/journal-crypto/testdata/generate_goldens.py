#!/usr/bin/env python3
"""Regenerate the golden vectors in this directory from an independent implementation.

The Rust tests compare the crate's output against these files, so the files must not
come from the crate itself: this script builds every vector with pyca/cryptography
(Argon2id, ChaCha20-Poly1305), the standard library (HMAC-SHA256, SHA-256) and a
small HChaCha20 written here to extend ChaCha20-Poly1305 to XChaCha20-Poly1305.

Needs `cryptography` >= 44 (for Argon2id). Run from anywhere:
    python3 generate_goldens.py
The vectors are frozen: if a Rust test disagrees with them, fix the Rust code, not
the vectors (a format change means a new format version and new files).
"""
import hashlib
import hmac
import os
import struct

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

HERE = os.path.dirname(os.path.abspath(__file__))


def rotl(v, c):
    return ((v << c) & 0xFFFFFFFF) | (v >> (32 - c))


def quarter_round(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 7)


def hchacha20(key, nonce16):
    s = (list(struct.unpack("<4I", b"expand 32-byte k"))
         + list(struct.unpack("<8I", key))
         + list(struct.unpack("<4I", nonce16)))
    for _ in range(10):
        quarter_round(s, 0, 4, 8, 12); quarter_round(s, 1, 5, 9, 13)
        quarter_round(s, 2, 6, 10, 14); quarter_round(s, 3, 7, 11, 15)
        quarter_round(s, 0, 5, 10, 15); quarter_round(s, 1, 6, 11, 12)
        quarter_round(s, 2, 7, 8, 13); quarter_round(s, 3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def xchacha20poly1305_seal(key, nonce24, plaintext, aad):
    subkey = hchacha20(key, nonce24[:16])
    return ChaCha20Poly1305(subkey).encrypt(b"\0" * 4 + nonce24[16:], plaintext, aad)


def argon2id(password, salt, m_kib, t, p):
    return Argon2id(salt=salt, length=32, iterations=t, lanes=p, memory_cost=m_kib).derive(password)


def write(name, text):
    with open(os.path.join(HERE, name), "w") as f:
        f.write(text + "\n")


# HChaCha20 test vector, draft-irtf-cfrg-xchacha-03 section 2.2.1.
assert hchacha20(bytes(range(32)), bytes.fromhex("000000090000004a0000000031415927")).hex() == (
    "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc")

# RFC 9106 section 5.3 (checked against the RFC text, not just copied).
rfc = Argon2id(salt=b"\x02" * 16, length=32, iterations=3, lanes=4, memory_cost=32,
               ad=b"\x04" * 12, secret=b"\x03" * 8).derive(b"\x01" * 32)
assert rfc.hex() == "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"
write("rfc9106_argon2id.hex", rfc.hex())

MASTER_KEY = bytes(range(32))
PASSPHRASE = b"correct horse battery staple"
SALT = b"\x5a" * 16
INSECURE = (8192, 1, 1)  # KdfParams::insecure_for_tests()

kek = argon2id(PASSPHRASE, SALT, *INSECURE)
write("kek_insecure.hex", kek.hex())

# HKDF-SHA256, no salt (= 32 zero bytes), one output block.
prk = hmac.new(b"\0" * 32, MASTER_KEY, hashlib.sha256).digest()
record_key = hmac.new(prk, b"journal/v1/record-key" + b"\x01", hashlib.sha256).digest()
write("record_key.hex", record_key.hex())

key_id, kind = 7, 3
record_id = bytes(range(0xA0, 0xB0))
plaintext = b"Just for today: called my sponsor, went to a meeting."
nonce = bytes(0x40 + i for i in range(24))
padded = struct.pack("<I", len(plaintext)) + plaintext
padded += b"\0" * (256 - len(padded))
aad = b"journal-record" + bytes([1]) + struct.pack(">IH", key_id, kind) + record_id
blob = bytes([1]) + struct.pack(">I", key_id) + nonce + xchacha20poly1305_seal(record_key, nonce, padded, aad)
write("record_v1.hex", blob.hex())

header = b"JKS1" + bytes([1, 1]) + struct.pack(">IIII", 1, *INSECURE) + SALT
slot_nonce = bytes(0x80 + i for i in range(24))
slot = header + slot_nonce + xchacha20poly1305_seal(kek, slot_nonce, MASTER_KEY, header)
assert len(slot) == 110
write("slot_v1.hex", slot.hex())

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
recovery = bytes(i * 13 for i in range(20))
bits = "".join(f"{b:08b}" for b in recovery)
check_bits = "".join(f"{b:08b}" for b in hashlib.sha256(b"journal-recovery" + recovery).digest()[:3])[:20]
digits = [int(bits[i:i + 5], 2) for i in range(0, 160, 5)] + [int(check_bits[i:i + 5], 2) for i in range(0, 20, 5)]
text = "".join(ALPHABET[d] for d in digits)
write("recovery_display.txt", "-".join(text[i:i + 4] for i in range(0, 36, 4)))
