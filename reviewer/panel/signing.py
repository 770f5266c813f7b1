"""The expert's signing key: Ed25519 (``cryptography``), made on the expert's laptop when the package is opened.

The private key stays in the expert's review database; the chair's database
holds public keys only, so a score file the chair could make from everything
it holds does not carry the expert's signature. People compare keys by their
fingerprint: the first 16 bytes of the public key's SHA-256, as 8 groups of 4
hex digits — what the expert's app shows and the 个人评分表 the expert signs
by hand prints.
"""

from __future__ import annotations

import hashlib


def new_key() -> str:
    """A new private key (hex, 32 bytes)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return _raw_private(Ed25519PrivateKey.generate()).hex()


def public_of(private_hex: str) -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex))
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return raw.hex()


def sign(private_hex: str, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(private_hex)).sign(data)


def verify(public_hex: str, data: bytes, signature: bytes) -> bool:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def fingerprint(public_hex: str) -> str:
    """"3F2A 91C0 …": what people read aloud and compare on paper."""
    digest = hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:32].upper()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def _raw_private(key: object) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,  # type: ignore[attr-defined]
                             serialization.NoEncryption())
