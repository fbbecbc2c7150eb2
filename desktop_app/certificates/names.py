"""Names on a certificate: the printed form and the ICAO 9303 machine-readable form.

A verifier abroad compares the standardised name (``fnt``/``gnt``) with the person's passport,
so it must follow ICAO Doc 9303 Part 3: capitals A-Z only, diacritics removed, a few letters
spelled out (Ö → OE, ß → SS, Đ → D), and ``<`` wherever the name has a space or a hyphen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop_app.rules.name_order import name_parts

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
    # A part longer than the schema allows was cut (after a word) in the QR; the paper
    # prints the whole name, so the clerk is told the two differ.
    shortened: bool = False
    family_first: bool = True  # the order the stored name is written in

    def in_order(self) -> str:
        """The name as the QR carries it, in the order it is written."""
        parts = (self.family, self.given) if self.family_first else (self.given, self.family)
        return " ".join(p for p in parts if p)


def icao_transliterate(text: str) -> str:
    """The ICAO 9303 form of a name part, cut after a whole word to the schema's limit.

    >>> icao_transliterate("Nguyễn Thị Ánh")
    'NGUYEN<THI<ANH'
    >>> icao_transliterate("Đặng")
    'DANG'
    >>> icao_transliterate("Musterfrau-Gößinger")
    'MUSTERFRAU<GOESSINGER'
    >>> icao_transliterate("d'Červenková")
    'DCERVENKOVA'
    """
    return shorten(_icao_whole(text), "<")


def _icao_whole(text: str) -> str:
    upper = unicodedata.normalize("NFC", text).upper()
    spelled = "".join(_SPELLED.get(c, c) for c in upper)
    bare = "".join(
        c for c in unicodedata.normalize("NFD", spelled) if not unicodedata.combining(c)
    )
    with_fillers = _FILLERS.sub("<", bare.strip())
    kept = "".join(c for c in with_fillers if "A" <= c <= "Z" or c == "<")
    return _RUNS.sub("<", kept).strip("<")


def shorten(part: str, separator: str = " ", limit: int = MAX_LENGTH) -> str:
    """``part`` cut to ``limit`` characters after its last whole word, never ending in a
    separator (a space, or ICAO's filler ``<``); a single word longer than the limit is
    cut inside it.

    >>> shorten("Bảo Ngọc Quỳnh Hương Xuân", limit=20)
    'Bảo Ngọc Quỳnh Hương'
    >>> shorten("BAO<NGOC<QUYNH<HUONG<XUAN", "<", limit=20)
    'BAO<NGOC<QUYNH<HUONG'
    >>> shorten("Nguyễn", limit=4)
    'Nguy'
    """
    if len(part) <= limit:
        return part
    cut = part[:limit + 1]  # a separator right after the limit ends the last whole word
    at = cut.rfind(separator)
    kept = cut[:at] if at > 0 else part[:limit]
    return kept.rstrip(separator)


def split_name(full_name: str, *, nationality: str | None = None) -> CertificateName:
    """Split a stored full name into family and given names by ``rules.name_order``: a
    surname typed in capitals, else the nationality's order (Vietnamese, Chinese, Japanese,
    Korean… family name first), else the family name last.

    >>> name = split_name("Nguyễn Văn An")
    >>> name.family, name.given, name.family_icao, name.given_icao, name.shortened
    ('Nguyễn', 'Văn An', 'NGUYEN', 'VAN<AN', False)
    >>> split_name("John Paul Smith", nationality="USA").family
    'Smith'
    >>> split_name("Wang Xiaoming", nationality="CHN").family
    'Wang'
    >>> name = split_name("Maria GARCIA LOPEZ", nationality="ESP")
    >>> name.family, name.family_icao, name.given, name.in_order()
    ('GARCIA LOPEZ', 'GARCIA<LOPEZ', 'Maria', 'Maria GARCIA LOPEZ')
    """
    words = unicodedata.normalize("NFC", full_name).split()
    if not words:
        raise ValueError("a certificate needs a name")
    family, given, family_first = name_parts(" ".join(words), nationality)
    whole = (family, given, _icao_whole(family), _icao_whole(given))
    return CertificateName(
        shorten(family), shorten(given),
        icao_transliterate(family), icao_transliterate(given),
        shortened=any(len(part) > MAX_LENGTH for part in whole), family_first=family_first,
    )
