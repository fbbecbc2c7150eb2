"""Unique vaccination certificate identifiers (UVCI), as the EU DCC guidelines define them.

``URN:UVCI:01:VN:<issuer part>#<check character>``: version 01, the country, an opaque part
of A-Z, 0-9 and ``/``, and a Luhn mod N check character computed over everything before ``#``
with the alphabet the DCC schema FAQ gives (letters first, then digits, ``/`` and ``:``).
"""

from __future__ import annotations

import re
import uuid

PREFIX = "URN:UVCI:01:"
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/:"
_SHAPE = re.compile(r"^URN:UVCI:01:[A-Z]{2}:[A-Z0-9/]+#[A-Z0-9/:]$")
MAX_LENGTH = 80


def check_character(text: str) -> str:
    """Luhn mod N over ``text`` (upper case letters, digits, '/', ':').

    >>> check_character("URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813")
    'B'
    """
    n = len(_ALPHABET)
    factor, total = 2, 0
    for ch in reversed(text):
        addend = factor * _ALPHABET.index(ch)
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return _ALPHABET[(n - total % n) % n]


def make_uvci(site_code: str, dose_id: str, country: str = "VN") -> str:
    """The certificate identifier of a dose: the same dose always gives the same UVCI, so a
    reprint is the same certificate, and the site code tells a reader who issued it.

    >>> make_uvci("HN-0001", "0b9f3c1e-5d2a-4f6b-9e8d-7c6b5a4f3e2d")
    'URN:UVCI:01:VN:HN0001/0B9F3C1E5D2A4F6B9E8D7C6B5A4F3E2D#8'
    """
    site = re.sub(r"[^A-Z0-9]", "", site_code.upper())
    body = f"{PREFIX}{country}:{site}/{uuid.UUID(dose_id).hex.upper()}"
    return f"{body}#{check_character(body)}"[:MAX_LENGTH]


def is_valid_uvci(text: str) -> bool:
    """True if ``text`` is a well-formed UVCI whose check character matches."""
    if not _SHAPE.match(text) or len(text) > MAX_LENGTH:
        return False
    body, check = text.rsplit("#", 1)
    return check_character(body) == check
