"""Which words of a stored full name are the family name, which the given names.

A person has one full name; a certificate (the EU DCC's ``fn``/``gn``) carries the two parts
apart, and a verifier abroad sets the family name beside the passport's surname. Three
signs decide, the strongest first:

1. a run of words typed in capitals at the start or the end of a name otherwise not in
   capitals, as passports and ICAO documents print the surname ("Maria GARCIA LOPEZ",
   "SMITH John Paul"): the clerk copied the passport, whatever the nationality;
2. the holder's nationality: Vietnamese, Chinese, Japanese, Korean, Cambodian and
   Mongolian names are written family name first (no nationality: a Vietnamese citizen);
3. otherwise, given names first and the family name last.

A Vietnamese citizen's name is stored with each word capitalised, as the CCCD and the
searches compare it; a foreigner's keeps the capitals typed (``keeps_capitals``), so the
first sign reaches the certificate.
"""

from __future__ import annotations

from typing import NamedTuple

# ISO 3166 alpha-3, as the desk keeps a passport's nationality.
FAMILY_NAME_FIRST = frozenset({"VNM", "CHN", "TWN", "HKG", "MAC", "JPN", "KOR", "PRK", "KHM",
                               "MNG"})
VIETNAMESE = "VNM"


class NameParts(NamedTuple):
    family: str
    given: str  # empty for a one-word name
    family_first: bool  # the order the full name is written in


def name_parts(full_name: str, nationality: str | None = None) -> NameParts:
    """The family and given names of ``full_name`` (see the module for the rule).

    >>> name_parts("Nguyễn Văn An")
    NameParts(family='Nguyễn', given='Văn An', family_first=True)
    >>> name_parts("Wang Xiaoming", "CHN").family, name_parts("John Paul Smith", "USA").family
    ('Wang', 'Smith')
    >>> name_parts("Maria GARCIA LOPEZ", "ESP")
    NameParts(family='GARCIA LOPEZ', given='Maria', family_first=False)
    >>> name_parts("SMITH John Paul", "USA")
    NameParts(family='SMITH', given='John Paul', family_first=True)
    >>> name_parts("Xiaoming WANG", "CHN").family  # the capitals over the convention
    'WANG'

    All in capitals (or the capitals in the middle) is no sign: the nationality decides.

    >>> name_parts("JOHN PAUL SMITH", "USA").family, name_parts("Ana GARCIA López", "ESP").family
    ('SMITH', 'López')
    >>> name_parts("Hùng")
    NameParts(family='Hùng', given='', family_first=True)
    """
    words = full_name.split()
    if not words:
        raise ValueError("no name")
    run = capitals_run(words)
    if run is not None:
        start, end = run
        family_first = start == 0
        rest = words[end:] if family_first else words[:start]
        return NameParts(" ".join(words[start:end]), " ".join(rest), family_first)
    if len(words) == 1:
        return NameParts(words[0], "", True)
    if (nationality or VIETNAMESE).upper() in FAMILY_NAME_FIRST:
        return NameParts(words[0], " ".join(words[1:]), True)
    return NameParts(words[-1], " ".join(words[:-1]), False)


def capitals_run(words: list[str]) -> tuple[int, int] | None:
    """``(start, end)`` of the words typed in capitals, when they run together from the
    first word or to the last and some other word is not in capitals; else None.

    >>> capitals_run(["Maria", "GARCIA", "LOPEZ"]), capitals_run(["SMITH", "J."])
    ((1, 3), None)
    >>> capitals_run(["O'BRIEN", "Sean"]), capitals_run(["DUPONT-MORETTI", "Éric"])
    ((0, 1), (0, 1))
    """
    if not any(_has_lower(w) for w in words):
        return None  # typed all in capitals (or initials): no word stands out
    marked = [i for i, w in enumerate(words) if in_capitals(w)]
    if not marked or marked != list(range(marked[0], marked[-1] + 1)):
        return None
    start, end = marked[0], marked[-1] + 1
    if start != 0 and end != len(words):
        return None
    return start, end


def in_capitals(word: str) -> bool:
    """A word typed in capitals: two letters or more, none of them lower-case (an initial
    says nothing).

    >>> in_capitals("GARCIA"), in_capitals("GÖßMANN"), in_capitals("Garcia"), in_capitals("J.")
    (True, True, False, False)
    """
    return sum(c.isalpha() for c in word) >= 2 and not _has_lower(word)


def _has_lower(word: str) -> bool:
    return any(c.islower() and c != "ß" for c in word)  # ß has no capital in most type


def keeps_capitals(nationality: str | None) -> bool:
    """Whether a stored name keeps the capitals it was typed in: a foreigner's, whose
    surname the clerk marks as the passport prints it. A Vietnamese citizen's name is
    capitalised word by word, as the CCCD chip and every comparison of names expect.

    >>> keeps_capitals("USA"), keeps_capitals("VNM"), keeps_capitals(None), keeps_capitals("")
    (True, False, False, False)
    """
    return bool(nationality) and nationality.upper() != VIETNAMESE
