"""Encrypted files under a passphrase: work packages and score files (format 2).

Layout: ``MAGIC`` · 4-byte big-endian header length · header (UTF-8 JSON, not
secret) · AES-256-GCM ciphertext of the payload, with the header as associated
data (so it cannot be altered either) · for a score file, the expert's Ed25519
signature (64 bytes) over everything before it. The key comes from the
passphrase through scrypt with the expert's salt; the chair's database and the
expert's review keep the derived key, so merging 25 score files does not run
scrypt 25 times. A wrong passphrase and a tampered ciphertext are
indistinguishable by design: both fail the GCM tag check.

The header is read from a file nobody vouches for, so it is checked before
any work is done with it: its exact fields and their types, and the KDF
parameters, which must be the ones this program writes (a header asking for
gigabytes of scrypt memory is refused at once). It carries no name: a lost
stick shows a package number, not whose it is.

``cryptography`` does the AES-GCM, the scrypt and the Ed25519 (a well-kept,
audited library: we write no cipher code).
"""

from __future__ import annotations

import json
import os
import re
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reviewer.errors import ReviewerError

PREFIX = b"RVWR-ENVELOPE\x00"
FORMAT = 2
MAGIC = PREFIX + bytes([FORMAT])
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_HEADER = 4096
SIGNATURE_BYTES = 64
KINDS = ("work_package", "score_file")

_HEX = re.compile(r"^[0-9a-f]*$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_IGNORED = re.compile(r"[\s\-‐‑‒–—―_]+")

#: Every header field: its type and, for text, how long in hex (0 = a package id).
_FIELDS: dict[str, tuple[type, int]] = {
    "format": (int, -1), "kind": (str, -1), "kdf": (str, -1), "n": (int, -1), "r": (int, -1), "p": (int, -1),
    "salt": (str, 32), "nonce": (str, 24), "package_id": (str, 0),
}
_SCORE_FIELDS: dict[str, tuple[type, int]] = {"expert_id": (int, -1), "seq": (int, -1), "signer": (str, 64)}


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


def normalise_passphrase(text: str) -> str:
    """What a passphrase means: case, spaces and dashes (any width) do not count."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text)).upper()


def derive(passphrase: str, salt: bytes | None = None) -> Secret:
    salt = salt or os.urandom(16)
    return Secret(salt, _key(passphrase, salt))


def seal(payload: bytes, secret: Secret, header: dict[str, Any], signing_key: str = "") -> bytes:
    """Encrypt ``payload``; ``header`` (public) is stored in clear and authenticated. With ``signing_key`` (a
    private Ed25519 key, hex) the file is signed: its header names the signer and its last 64 bytes are the
    signature over all before them."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from reviewer.panel import signing

    nonce = os.urandom(12)
    full = {**header, "format": FORMAT, "kdf": "scrypt", **SCRYPT, "salt": secret.salt.hex(), "nonce": nonce.hex()}
    if signing_key:
        full["signer"] = signing.public_of(signing_key)
    head = json.dumps(full, ensure_ascii=False, sort_keys=True).encode("utf-8")
    sealed = MAGIC + struct.pack(">I", len(head)) + head + AESGCM(secret.key).encrypt(nonce, payload, head)
    return sealed + (signing.sign(signing_key, sealed) if signing_key else b"")


def read_header(data: bytes, path: Path, kind: str | None = None) -> dict[str, Any]:
    """The public header, checked field by field; a file that is not a format-2 envelope is refused."""
    if data.startswith(PREFIX) and len(data) > len(PREFIX) and data[len(PREFIX)] != FORMAT:
        raise EnvelopeError("envelope_format", path, found=data[len(PREFIX)], expected=FORMAT)
    if not data.startswith(MAGIC):
        raise EnvelopeError("envelope_foreign", path)
    start = len(MAGIC) + 4
    if len(data) < start:
        raise EnvelopeError("envelope_truncated", path)
    (length,) = struct.unpack(">I", data[len(MAGIC):start])
    if length > MAX_HEADER:
        raise EnvelopeError("envelope_header", path, field="-", why=f"header of {length} bytes")
    if len(data) < start + length + 16:
        raise EnvelopeError("envelope_truncated", path)
    try:
        header = json.loads(data[start:start + length].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise EnvelopeError("envelope_truncated", path) from None
    _check_header(header, path)
    if kind is not None and header["kind"] != kind:
        code = "package_not_package" if kind == "work_package" else "score_not_score_file"
        raise EnvelopeError(code, path, kind=header["kind"])
    if header["kind"] == "score_file" and len(data) < start + length + 16 + SIGNATURE_BYTES:
        raise EnvelopeError("envelope_truncated", path)
    return header


def _check_header(header: Any, path: Path) -> None:
    if not isinstance(header, dict):
        raise EnvelopeError("envelope_header", path, field="-", why="not an object")
    kind = header.get("kind")
    if kind not in KINDS:
        raise EnvelopeError("envelope_header", path, field="kind", why=repr(kind)[:40])
    fields = {**_FIELDS, **(_SCORE_FIELDS if kind == "score_file" else {})}
    if set(header) != set(fields):
        odd = sorted(set(header) ^ set(fields))
        raise EnvelopeError("envelope_header", path, field=", ".join(odd)[:80], why="unexpected or missing")
    for name, (kind_of, hex_length) in fields.items():
        value = header[name]
        if type(value) is not kind_of:  # noqa: E721 — bool is not an int here
            raise EnvelopeError("envelope_header", path, field=name, why=type(value).__name__)
        if kind_of is str and not _text_ok(value, hex_length):
            raise EnvelopeError("envelope_header", path, field=name, why=repr(value)[:40])
    if header["format"] != FORMAT:
        raise EnvelopeError("envelope_format", path, found=header["format"], expected=FORMAT)
    if header["kdf"] != "scrypt" or any(header[k] != v for k, v in SCRYPT.items()):
        raise EnvelopeError("envelope_kdf", path, found=f"{header['kdf']} n={header['n']} r={header['r']} p={header['p']}")
    if kind == "score_file" and not (0 < header["expert_id"] < 2**31 and 0 < header["seq"] < 2**53):
        raise EnvelopeError("envelope_header", path, field="expert_id/seq", why="out of range")


def _text_ok(value: str, hex_length: int) -> bool:
    if hex_length == 0:
        return bool(_UUID.match(value))
    if hex_length > 0:
        return len(value) == hex_length and bool(_HEX.match(value))
    return len(value) <= 40


def _parts(data: bytes, header: dict[str, Any]) -> tuple[bytes, bytes, bytes]:
    """(the header's bytes, the ciphertext, the signature) of a checked envelope."""
    start = len(MAGIC) + 4
    (length,) = struct.unpack(">I", data[len(MAGIC):start])
    end = len(data) - (SIGNATURE_BYTES if "signer" in header else 0)
    return data[start:start + length], data[start + length:end], data[end:]


def check_signature(data: bytes, header: dict[str, Any], path: Path) -> str:
    """The signer's public key (hex) when the signature holds; EnvelopeError when it does not."""
    from reviewer.panel import signing

    if "signer" not in header:
        raise EnvelopeError("envelope_unsigned", path)
    signed, signature = data[:len(data) - SIGNATURE_BYTES], data[len(data) - SIGNATURE_BYTES:]
    if not signing.verify(header["signer"], signed, signature):
        raise EnvelopeError("envelope_signature", path)
    return str(header["signer"])


def open_envelope(data: bytes, key: str | Secret, path: Path, kind: str | None = None) -> Envelope:
    """Decrypt with a passphrase or a derived key; a wrong one or any change to the file raises EnvelopeError."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    header = read_header(data, path, kind)
    head, body, _signature = _parts(data, header)
    salt = bytes.fromhex(header["salt"])
    if isinstance(key, Secret) and key.salt != salt:
        raise EnvelopeError("envelope_passphrase", path)
    raw = key.key if isinstance(key, Secret) else _key(key, salt)
    try:
        payload = AESGCM(raw).decrypt(bytes.fromhex(header["nonce"]), body, head)
    except InvalidTag:
        raise EnvelopeError("envelope_passphrase", path) from None
    return Envelope(header, payload)


def _key(passphrase: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # RFC 7914, as hashlib.scrypt

    return Scrypt(salt=salt, length=32, **SCRYPT).derive(normalise_passphrase(passphrase).encode("utf-8"))


def new_passphrase() -> str:
    """A passphrase a chair can read out or print: 6 groups of 4 characters, no look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = os.urandom(24)
    return "-".join("".join(alphabet[b % len(alphabet)] for b in raw[i:i + 4]) for i in range(0, 24, 4))
