"""Names on a certificate: the printed form and the ICAO 9303 machine-readable form.

A verifier abroad compares the standardised name (``fnt``/``gnt``) with the person's passport,
so it must follow ICAO Doc 9303 Part 3: capitals A-Z only, diacritics removed, a few letters
spelled out (Ö → OE, ß → SS, Đ → D), and ``<`` wherever the name has a space or a hyphen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MAX_LENGTH = 80  # the EU DCC schema's limit for every name field

# ICAO 9303 Part 3, section 6 (transliteration of Latin letters with diacritics); the rest
# lose their marks by Unicode decomposition.
_SPELLED = {
    "Ä": "AE", "Ö": "OE", "Ü": "UE", "ß": "SS", "Æ": "AE", "Œ": "OE", "Ø": "OE", "Å": "AA",
    "Þ": "TH", "Ĳ": "IJ", "Đ": "D", "Ð": "D", "Ł": "L", "Ħ": "H", "Ŧ": "T", "Ŀ": "L",
}
_FILLERS = re.compile(r"[\s\-‐]+")
_RUNS = re.compile(r"<{2,}")


@dataclass(frozen=True)
class CertificateName:
    family: str  # fn: as printed, with diacritics
    given: str  # gn: may be empty (a one-word name)
    family_icao: str  # fnt
    given_icao: str  # gnt


def icao_transliterate(text: str) -> str:
    """The ICAO 9303 form of a name part.

    >>> icao_transliterate("Nguyễn Thị Ánh")
    'NGUYEN<THI<ANH'
    >>> icao_transliterate("Đặng")
    'DANG'
    >>> icao_transliterate("Musterfrau-Gößinger")
    'MUSTERFRAU<GOESSINGER'
    >>> icao_transliterate("d'Červenková")
    'DCERVENKOVA'
    """
    upper = unicodedata.normalize("NFC", text).upper()
    spelled = "".join(_SPELLED.get(c, c) for c in upper)
    bare = "".join(
        c for c in unicodedata.normalize("NFD", spelled) if not unicodedata.combining(c)
    )
    with_fillers = _FILLERS.sub("<", bare.strip())
    kept = "".join(c for c in with_fillers if "A" <= c <= "Z" or c == "<")
    return _RUNS.sub("<", kept).strip("<")[:MAX_LENGTH]


def split_name(full_name: str, *, family_first: bool = True) -> CertificateName:
    """Split a stored full name into family and given names.

    Vietnamese names are written family name first ("Nguyễn Văn An": family "Nguyễn");
    a foreign passport holder's name is taken as written given names first.

    >>> split_name("Nguyễn Văn An")
    CertificateName(family='Nguyễn', given='Văn An', family_icao='NGUYEN', given_icao='VAN<AN')
    >>> split_name("John Paul Smith", family_first=False).family
    'Smith'
    """
    words = unicodedata.normalize("NFC", full_name).split()
    if not words:
        raise ValueError("a certificate needs a name")
    if len(words) == 1:
        family, given = words[0], ""
    elif family_first:
        family, given = words[0], " ".join(words[1:])
    else:
        family, given = words[-1], " ".join(words[:-1])
    return CertificateName(
        family[:MAX_LENGTH], given[:MAX_LENGTH],
        icao_transliterate(family), icao_transliterate(given),
    )
