"""Encrypted files under a passphrase: work packages and score files.

Layout: ``MAGIC`` · 4-byte big-endian header length · header (UTF-8 JSON, not
secret: format, kind, expert id, KDF salt and parameters, nonce) · AES-256-GCM
ciphertext of the payload, with the header as associated data (so it cannot be
altered either). The key comes from the passphrase through scrypt with the
expert's salt; the chair's database and the expert's review keep the derived
key, so merging 25 score files does not run scrypt 25 times. A wrong
passphrase and a tampered file are indistinguishable by design: both fail the
GCM tag check.

``cryptography`` does the AES-GCM and the scrypt (a well-kept, audited
library: we write no cipher code).
"""

from __future__ import annotations

import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.errors import ReviewerError

MAGIC = b"RVWR-ENVELOPE\x00\x01"
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_HEADER = 64 * 1024


class EnvelopeError(ReviewerError):
    """A package or score file that cannot be opened: damaged, foreign, or the wrong passphrase."""


@dataclass(frozen=True)
class Envelope:
    header: dict[str, Any]
    payload: bytes


@dataclass(frozen=True)
class Secret:
    """A key derived from a passphrase, with the salt it was derived with."""

    salt: bytes
    key: bytes

    def to_text(self) -> str:
        return f"{self.salt.hex()}:{self.key.hex()}"

    @classmethod
    def from_text(cls, text: str) -> "Secret":
        salt, key = text.split(":")
        return cls(bytes.fromhex(salt), bytes.fromhex(key))


def derive(passphrase: str, salt: bytes | None = None) -> Secret:
    salt = salt or os.urandom(16)
    return Secret(salt, _key(passphrase, salt, SCRYPT))


def seal(payload: bytes, secret: Secret, header: dict[str, Any]) -> bytes:
    """Encrypt ``payload``; ``header`` (public) is stored in clear and authenticated."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    full = {**header, "kdf": "scrypt", **SCRYPT, "salt": secret.salt.hex(), "nonce": nonce.hex()}
    head = json.dumps(full, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return MAGIC + struct.pack(">I", len(head)) + head + AESGCM(secret.key).encrypt(nonce, payload, head)


def read_header(data: bytes, path: Path) -> dict[str, Any]:
    """The public header, without the passphrase; a file that is not an envelope is refused."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise EnvelopeError("envelope_foreign", path)
    (length,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    if length > MAX_HEADER or len(data) < len(MAGIC) + 4 + length:
        raise EnvelopeError("envelope_truncated", path)
    try:
        header = json.loads(data[len(MAGIC) + 4:len(MAGIC) + 4 + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EnvelopeError("envelope_truncated", path) from None
    if not isinstance(header, dict):
        raise EnvelopeError("envelope_foreign", path)
    return header


def open_envelope(data: bytes, key: str | Secret, path: Path) -> Envelope:
    """Decrypt with a passphrase or a derived key; a wrong one or any change to the file raises EnvelopeError."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = read_header(data, path)
    start = len(MAGIC) + 4
    (length,) = struct.unpack(">I", data[len(MAGIC):start])
    head, body = data[start:start + length], data[start + length:]
    try:
        salt = bytes.fromhex(header["salt"])
        raw = key.key if isinstance(key, Secret) and key.salt == salt else _key(_passphrase(key), salt, header)
        payload = AESGCM(raw).decrypt(bytes.fromhex(header["nonce"]), body, head)
    except (InvalidTag, KeyError, ValueError):
        raise EnvelopeError("envelope_passphrase", path) from None
    return Envelope(header, payload)


def _passphrase(key: str | Secret) -> str:
    if isinstance(key, Secret):
        raise ValueError("the file was sealed with another salt")
    return key


def _key(passphrase: str, salt: bytes, params: dict[str, Any]) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # RFC 7914, as hashlib.scrypt

    return Scrypt(salt=salt, length=32, n=int(params["n"]), r=int(params["r"]), p=int(params["p"])).derive(
        passphrase.encode("utf-8"))


def new_passphrase() -> str:
    """A passphrase a chair can read out or print: 6 groups of 4 characters, no look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = os.urandom(24)
    return "-".join("".join(alphabet[b % len(alphabet)] for b in raw[i:i + 4]) for i in range(0, 24, 4))
