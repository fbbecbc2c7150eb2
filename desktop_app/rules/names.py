"""Vietnamese personal names: one canonical spelling to store, one folded key to search by.

The same name arrives composed (NFC) or decomposed (NFD), in capitals, with doubled spaces;
people search without accents. ``normalize_name`` gives the stored form and ``search_key`` the
form both sides of a search are reduced to, so "nguyen thi nhung" finds "Nguyễn Thị Nhung".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from desktop_app.rules.name_order import capitals_run
from desktop_app.rules.problems import Problem, error, warning

MAX_NAME_LENGTH = 100
_SPACES = re.compile(r"\s+")
# Letters (of the Latin script: ``not_latin``), spaces, and the few punctuation marks real
# names carry (apostrophes and hyphens in foreign names, dots in initials).
_ALLOWED_PUNCT = set(" '-.’")


def normalize_name(raw: str, *, keep_capitals: bool = False) -> str:
    """Canonical stored form: NFC, single spaces, each word capitalised.

    ``keep_capitals`` (a foreigner's name: ``name_order.keeps_capitals``): a surname typed
    in capitals, as the passport prints it, stays in capitals, since it tells the
    certificate which words are the family name (``name_order.name_parts``).

    >>> normalize_name("  NGUYỄN   thị  nhung ")
    'Nguyễn Thị Nhung'
    >>> normalize_name(unicodedata.normalize("NFD", "đặng văn lâm")) == "Đặng Văn Lâm"
    True
    >>> normalize_name("maria  GARCIA LOPEZ", keep_capitals=True)
    'Maria GARCIA LOPEZ'
    >>> normalize_name("JOHN SMITH", keep_capitals=True)  # all capitals: nothing marked
    'John Smith'
    >>> normalize_name("a AA", keep_capitals=True)  # capitalised, no word stands out
    'A Aa'
    """
    words = unicodedata.normalize("NFC", raw).split()
    run = capitals_run(words) if keep_capitals else None
    if run is not None:
        start, end = run
        kept = [w if start <= i < end else _capitalize_word(w) for i, w in enumerate(words)]
        # Kept only if the stored form still shows that run: "a AA" would be stored
        # "A AA", all in capitals, and saved again "A Aa" (a stored name must be a fixed
        # point, or each save changes it and revokes its certificate).
        if capitals_run(kept) == run:
            return " ".join(kept)
    return " ".join(map(_capitalize_word, words))


# Names are a few thousand words recombined: caching per word makes a million-row import's
# names nearly free. Bounded, so a file of garbage cannot grow them without end.
@lru_cache(maxsize=1 << 16)
def _capitalize_word(word: str) -> str:
    """Hyphenated parts are capitalised separately ("Jean-Pierre"), and so is what follows
    a one- or two-letter prefix and its apostrophe: Ê Đê and Jrai names as the CCCD writes
    them ("H'Hen Niê", "Ksor H'Bia"; were stored "H'hen"), and "O'Brien". str.title() would
    capitalise inside words with digits, which names don't want.

    >>> normalize_name("KSOR H'BIA"), normalize_name("h’hen niê"), normalize_name("o'brien")
    ("Ksor H'Bia", 'H’Hen Niê', "O'Brien")
    """
    return "-".join(_capitalize_part(p) for p in word.split("-"))


_APOSTROPHES = re.compile(r"(['’])")


def _capitalize_part(part: str) -> str:
    pieces = _APOSTROPHES.split(part)  # [prefix, "'", rest, ...]
    if len(pieces) >= 3 and 1 <= len(pieces[0]) <= 2:
        return "".join(p[:1].upper() + p[1:].lower() for p in pieces)
    return part[:1].upper() + part[1:].lower()


def fold(text: str) -> str:
    """Lower-case ASCII with diacritics removed and đ folded to d; whitespace collapsed.

    >>> fold("Nguyễn Thị  Nhung")
    'nguyen thi nhung'
    >>> fold("ĐẶNG")
    'dang'
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", stripped.lower()).strip()


# The five tone marks (huyền, sắc, hỏi, ngã, nặng): a syllable carries one at most, on one
# of its vowels, and two styles place it differently (Unikey's old "hoà, thuý", the new
# "hòa, thúy"). The other marks (circumflex, breve, horn) belong to their letter.
_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}


def same_spelling(a: str, b: str) -> bool:
    """Whether two names are written alike, whatever the style of tone placement and the
    composition or capitals: what a person typing either means by one name.

    >>> same_spelling("Nguyễn Thị Hoà", "NGUYỄN THỊ HÒA"), same_spelling("Thuý", "Thúy")
    (True, True)
    >>> same_spelling("Hòa", "Hóa"), same_spelling("Hòa", "Hoa")
    (False, False)
    """
    return _spelled(a) == _spelled(b)


def _spelled(name: str) -> tuple[tuple[str, str], ...]:
    """Each word as its letters (marks other than the tone kept) and its tone."""
    return tuple(_syllable(w) for w in normalize_name(name).lower().split())


@lru_cache(maxsize=1 << 16)
def _syllable(word: str) -> tuple[str, str]:
    decomposed = unicodedata.normalize("NFD", word)
    tones = "".join(c for c in decomposed if c in _TONES)
    letters = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return letters, tones


def search_key(name: str) -> str:
    """The key a name is indexed and searched by: ``fold`` without punctuation.

    >>> search_key("Nguyễn Thị Nhung") == search_key("NGUYEN THI NHUNG")
    True
    """
    return " ".join(filter(None, map(_word_key, name.split())))


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str:
    # Folding works letter by letter, so a name's key is its words' keys joined.
    kept = "".join(c if c.isalnum() else " " for c in fold(word))
    return " ".join(kept.split())


def check_name(raw: str | None) -> list[Problem]:
    """Problems with a full name as typed (before normalisation).

    Letters of the Latin script only, which Vietnamese is written in and a passport's
    machine-readable line spells a foreigner's name in: a name typed in its own script
    ("Иван Петров") printed blank on the certificate and left its QR without the ICAO name
    every verifier needs.

    >>> [(p.code, p.params) for p in check_name("Иван Петров")]
    [('NAME_NOT_LATIN', {'chars': 'ИПавенорт'})]
    >>> check_name("Nguyễn Thị Ánh"), check_name("Jürgen Ørsted")
    ([], [])
    """
    name = normalize_name(raw or "")
    if not name:
        return [error("NAME_REQUIRED", "full_name")]
    problems: list[Problem] = []
    if len(name) > MAX_NAME_LENGTH:
        problems.append(
            error("NAME_TOO_LONG", "full_name", length=len(name), max=MAX_NAME_LENGTH)
        )
    bad = sorted({c for c in name if not (c.isalpha() or c in _ALLOWED_PUNCT)})
    if bad:
        problems.append(error("NAME_INVALID_CHARS", "full_name", chars="".join(bad)))
    elif " " not in name:
        problems.append(warning("NAME_SINGLE_WORD", "full_name"))
    foreign = not_latin(name)
    if foreign:
        problems.append(error("NAME_NOT_LATIN", "full_name", chars=foreign))
    return problems


# Past the Latin blocks Vietnamese uses (Basic Latin to Latin Extended-B, Latin Extended
# Additional): a character to look at; one C-level search for the names that have none.
_PAST_LATIN = re.compile("[^\x00-\u024f\u1e00-\u1eff]")


def not_latin(name: str) -> str:
    """The letters of ``name`` that are not of the Latin script, sorted, once each.

    >>> not_latin("Đặng Thị Ơn"), not_latin("Müller 李明"), not_latin("Zoë ꞰꞱ")
    ('', '明李', '')
    """
    past = _PAST_LATIN.findall(name)
    return "".join(sorted({c for c in past if c.isalpha()
                           and not unicodedata.name(c, "").startswith("LATIN ")}))


# What a stored name may be flagged for: not its absence (the importer rejects that row),
# nor the single-word warning (no cleaning needed).
NAME_ERRORS = ("NAME_TOO_LONG", "NAME_INVALID_CHARS", "NAME_NOT_LATIN")


def name_errors(name: str) -> tuple[Problem, ...]:
    """``check_name``'s errors for a normalised, non-empty name (too long, a character no
    name has), at the cost of one C-level test for a name that has neither: the importer
    checks every distinct name of a million-row file. The verdict is ``check_name``'s own:
    a name whose letters are all letters once its spaces are gone has no bad character;
    any other (with a hyphen, an apostrophe, or a formula) is checked character by character.

    >>> name_errors("Nguyễn Thị Hoa"), name_errors("O'Brien Jean-Pierre")
    ((), ())
    >>> [(p.code, p.params) for p in name_errors('=Hyperlink("x")')]
    [('NAME_INVALID_CHARS', {'chars': '"()='})]
    """
    if len(name) <= MAX_NAME_LENGTH and name.replace(" ", "").isalpha() \
            and not _PAST_LATIN.search(name):
        return ()  # the one empty tuple: a cache of 200,000 names holds no 200,000 lists
    return tuple(p for p in check_name(name) if p.code in NAME_ERRORS)


def lacks_diacritics(name: str) -> bool:
    """Whether a Vietnamese full name was typed without its diacritics.

    A stored name without its marks prints wrong on certificates and joins no one at the
    population database; a search box typed without accents is where such names come from.
    Yet "Lan", "Minh", "Anh", "Kim", "Mai", "Cao" have none, and a few full names ("Mai Kim
    Anh") none at all: so it is a warning the clerk confirms, and only for a name of two or
    more words of which none carries a mark (nor đ). A single word is already warned about.

    >>> lacks_diacritics("Tran Thi Mai"), lacks_diacritics("Trần Thị Mai")
    (True, False)
    >>> lacks_diacritics("Lan"), lacks_diacritics("Nguyễn Lan Anh")
    (False, False)
    """
    words = normalize_name(name).split()
    return len(words) >= 2 and all(c.isascii() for c in "".join(words))


def check_diacritics(raw: str | None) -> list[Problem]:
    """The warning for a Vietnamese name typed without diacritics (not for foreigners,
    whose passports spell their names in plain Latin letters)."""
    return [warning("NAME_NO_DIACRITICS", "full_name")] if lacks_diacritics(raw or "") else []


def diacritics_flags(name: str) -> tuple[Problem, ...]:
    """``check_diacritics``'s warning for a name already normalised (``normalize_name``),
    at the cost of two C-level tests: the importer checks every distinct name of a
    million-row file, and a province's has half a million (``lacks_diacritics`` would
    normalise each again, ten times the cost).

    >>> names = ("tran thi mai", "Trần Thị Mai", "Lan", "  MAI  KIM\tANH ", "Đinh Van A", "")
    >>> [diacritics_flags(normalize_name(n)) == tuple(check_diacritics(n)) for n in names]
    [True, True, True, True, True, True]
    """
    return _NO_DIACRITICS if " " in name and name.isascii() else ()


_NO_DIACRITICS = (warning("NAME_NO_DIACRITICS", "full_name"),)  # frozen: one for every row
