"""Unique vaccination certificate identifiers (UVCI), as the EU DCC guidelines define them.

``URN:UVCI:01:VN:<issuer part>#<check character>``: version 01, the country, an opaque part
of A-Z, 0-9 and ``/``, and a Luhn mod N check character computed over everything before ``#``
with the alphabet the DCC schema FAQ gives (letters first, then digits, ``/`` and ``:``).
"""

from __future__ import annotations

import re
import uuid

from desktop_app.wire.revocations import site_part

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


def make_uvci(site_code: str, dose_id: str, edition: int = 0, country: str = "VN") -> str:
    """The identifier of a certificate the site ``site_code`` issues for a dose.

    The same dose and edition always give the same UVCI, so a reprint is the same
    certificate; the site code (the issuer's) tells who may revoke it. Once a certificate is
    revoked (its dose or person corrected) the next one is a new edition, never the revoked
    identifier again (``db/certificate_issues.py`` picks it).

    >>> make_uvci("HN-0001", "0b9f3c1e-5d2a-4f6b-9e8d-7c6b5a4f3e2d")
    'URN:UVCI:01:VN:HN0001/0B9F3C1E5D2A4F6B9E8D7C6B5A4F3E2D#8'
    >>> make_uvci("HN-0001", "0b9f3c1e-5d2a-4f6b-9e8d-7c6b5a4f3e2d", 2)[:-2]
    'URN:UVCI:01:VN:HN0001/0B9F3C1E5D2A4F6B9E8D7C6B5A4F3E2D/2'
    """
    body = f"{PREFIX}{country}:{site_part(site_code)}/{uuid.UUID(dose_id).hex.upper()}"
    if edition:
        body += f"/{edition}"
    uvci = f"{body}#{check_character(body)}"
    if len(uvci) > MAX_LENGTH:  # never cut: its check character, and its edition, would go
        raise ValueError(f"a UVCI of {len(uvci)} characters (site code {site_code!r})")
    return uvci


def file_code(uvci: str) -> str:
    """A certificate's short code for its file's name: the end of its UVCI (the random end
    of its dose's id, and its edition), which the clerk finds at the end of the ID the
    dialog and the audit trail show. Never the person's ID number or name: a file's name is
    read by anyone who lists its folder or a USB stick.

    >>> file_code("URN:UVCI:01:VN:HN0001/0B9F3C1E5D2A4F6B9E8D7C6B5A4F3E2D#8")
    '5A4F3E2D'
    >>> file_code("URN:UVCI:01:VN:HN0001/0B9F3C1E5D2A4F6B9E8D7C6B5A4F3E2D/2#Q")
    '5A4F3E2D-2'
    """
    parts = uvci.split("#", 1)[0].rsplit(":", 1)[-1].split("/")
    dose, edition = (parts[1], parts[2:]) if len(parts) > 1 else (parts[0], [])
    return "-".join([dose[-8:], *edition])


def is_valid_uvci(text: str) -> bool:
    """True if ``text`` is a well-formed UVCI whose check character matches."""
    if not _SHAPE.match(text) or len(text) > MAX_LENGTH:
        return False
    body, check = text.rsplit("#", 1)
    return check_character(body) == check
