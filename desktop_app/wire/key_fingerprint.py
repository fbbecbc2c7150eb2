"""A signing key's fingerprint: how a site and central staff agree, over the phone, that the
key waiting for approval is the one the site made and not one a thief sent with its token.

The site shows it (sync, the certificates screen), the central platform lists it
(``vaxdesk-central pending-keys``) and ``approve-key --fingerprint`` checks it; both sides
take it from here so they cannot compute it differently.

``desktop_app.rules.fingerprints`` is not this: it hashes text to tell audit entries apart,
in 12 hex digits. A thief could search for a key matching 48 bits; 64 bits is out of reach,
and hashing the DER key (not its PEM text) gives the same answer however the PEM is wrapped.
"""

from __future__ import annotations

import hashlib
import re

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

SHOWN_DIGITS = 16  # 64 bits, in four groups of four: short enough to read out
_SEPARATORS = re.compile(r"[\s:-]")


def key_sha256(key: PublicKeyTypes) -> str:
    """The SHA-256 of the key's DER SubjectPublicKeyInfo, in lower-case hex."""
    der = key.public_bytes(serialization.Encoding.DER,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def readable_fingerprint(public_key_pem: str) -> str:
    """The start of ``key_sha256``, upper case, grouped: what people read and type.

    >>> pem = ("-----BEGIN PUBLIC KEY-----\\n"
    ...        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvwo1IvpUcacQkqxGVenhTskwBz65\\n"
    ...        "PIEH4o/TOx52PRqBlCW/L/puKIhBjIugO4DwSBWoxckzrZbXB/e8/9A5bw==\\n"
    ...        "-----END PUBLIC KEY-----\\n")
    >>> readable_fingerprint(pem)
    '837D 6D8A BACC 8BB3'
    """
    return grouped(key_sha256(serialization.load_pem_public_key(public_key_pem.encode("ascii"))))


def grouped(sha256_hex: str) -> str:
    """A ``key_sha256`` as people read it (``readable_fingerprint`` of a key already read)."""
    digits = sha256_hex[:SHOWN_DIGITS].upper()
    return " ".join(digits[i:i + 4] for i in range(0, SHOWN_DIGITS, 4))


def same_fingerprint(typed: str, shown: str) -> bool:
    """Whether what staff typed is the fingerprint shown, in any case, with or without the
    spaces, colons or dashes people put between groups.

    >>> same_fingerprint("83:7d:6d:8a:ba:cc:8b:b3", "837D 6D8A BACC 8BB3")
    True
    >>> same_fingerprint("837D 6D8A", "837D 6D8A BACC 8BB3")
    False
    """
    return _SEPARATORS.sub("", typed).lower() == _SEPARATORS.sub("", shown).lower()
