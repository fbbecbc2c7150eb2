"""All the rules on one person's identity data, in the order a clerk fills the form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Any, Protocol

from desktop_app.rules.dates import check_dob, format_date
from desktop_app.rules.identity import IdType, Sex, check_identity, check_phone
from desktop_app.rules.messages import Part
from desktop_app.rules.names import check_diacritics, check_name, fold, search_key
from desktop_app.rules.problems import Problem, error, warning


@dataclass(frozen=True)
class PersonFacts:
    full_name: str
    dob: date | None
    sex: Sex | None
    id_type: IdType | None
    id_number: str | None = None
    no_id_reason: str | None = None
    nationality: str | None = None
    phone: str | None = None


def check_person(facts: PersonFacts, today: date) -> list[Problem]:
    """Mandatory fields (Official Letter 8938/BYT-DP): full name, date of birth, sex, and an ID
    number or the recorded reason there is none; then the cross-checks between them.

    >>> check_person(PersonFacts("Lê Văn Tám", date(1990, 1, 1), Sex.MALE, IdType.CCCD,
    ...                          "001090000001"), date(2024, 1, 1))
    []
    """
    problems = check_name(facts.full_name)
    if facts.id_type != IdType.PASSPORT:
        problems += check_diacritics(facts.full_name)
    problems += check_dob(facts.dob, today)
    if facts.sex is None:
        problems.append(error("SEX_REQUIRED", "sex"))
    problems += check_identity(
        facts.id_type,
        facts.id_number,
        sex=facts.sex,
        dob=facts.dob,
        today=today,
        no_id_reason=facts.no_id_reason,
        nationality=facts.nationality,
    )
    problems += check_phone(facts.phone)
    return problems


class Identified(Protocol):
    """What a record says of who its person is, read by ``merge_differences``."""

    @property
    def sex(self) -> str | None: ...

    @property
    def dob(self) -> date | None: ...

    @property
    def full_name(self) -> str: ...


def merge_differences(kept: Identified, folded: Identified) -> list[Problem]:
    """What says two records are two people, not one typed twice: a sex or a date of birth
    both give and give differently, or names that are not one name misspelt. A misspelt
    name, another phone or no ID are what a merge mends; these are not, and a merge is not
    undone lightly, so each needs a supervisor's yes.

    >>> from types import SimpleNamespace as R
    >>> [p.message("en") for p in merge_differences(R(sex="F", dob=date(1985, 3, 12)),
    ...                                             R(sex="M", dob=None))]
    ['Different sex: the kept record says female, the folded one male.']
    """
    found = []
    if kept.sex and folded.sex and kept.sex != folded.sex:
        found.append(warning("MERGE_SEX_DIFFERS", "sex", kept=Part(f"SEX_{kept.sex}"),
                             folded=Part(f"SEX_{folded.sex}")))
    if kept.dob and folded.dob and kept.dob != folded.dob:
        found.append(warning("MERGE_DOB_DIFFERS", "dob", kept=format_date(kept.dob),
                             folded=format_date(folded.dob)))
    kept_name, folded_name = getattr(kept, "full_name", None), getattr(folded, "full_name", None)
    if kept_name and folded_name and names_differ(kept_name, folded_name):
        found.append(warning("MERGE_NAME_DIFFERS", "full_name", kept=kept_name,
                             folded=folded_name))
    return found


# How alike two folded names must be to read as one name mistyped (a letter or a tone
# missed, "Dung"/"Dũng"/"Dunh"); two people's names are far below it.
NAMES_ALIKE = 0.8


def names_differ(a: str, b: str) -> bool:
    """Whether two names are two people's, not one name typed differently: diacritics,
    case, spacing, the words' order and a slip of a letter or two do not count.

    >>> names_differ("Nguyễn Thị Dung", "NGUYEN THI  DUNH"), names_differ("Dung Nguyễn Thị",
    ...                                                                   "Nguyễn Thị Dung")
    (False, False)
    >>> names_differ("Đỗ Minh Vân", "Nguyễn Thị Dung")
    True
    """
    ka, kb = search_key(a), search_key(b)
    if sorted(ka.split()) == sorted(kb.split()):
        return False
    return SequenceMatcher(None, ka, kb).ratio() < NAMES_ALIKE


class Numbered(Protocol):
    """What a record says of its citizen numbers and who holds them (a local person, a
    platform's Patient): read by ``numbers_link``, ``renumbered`` and ``merged_numbers``."""

    @property
    def id_number(self) -> str | None: ...

    @property
    def old_id_number(self) -> str | None: ...

    @property
    def id_type(self) -> str | None: ...

    @property
    def full_name(self) -> str: ...

    @property
    def dob(self) -> date | None: ...


SAME_NUMBER, OLD_NUMBER = "same", "old"


def renumbered(a: Numbered, b: Numbered) -> bool:
    """Whether one record's ID number is the other's old one: a citizen's old CMND at one
    site and the CCCD that replaced it, with that CMND beside it, at another.

    >>> from types import SimpleNamespace as R
    >>> renumbered(R(id_number="123456789", old_id_number=None),
    ...            R(id_number="001080000111", old_id_number="123456789"))
    True
    >>> renumbered(R(id_number="001080000111", old_id_number="123456789"),
    ...            R(id_number="001080000222", old_id_number="123456789"))
    False
    """
    return bool((a.id_number and a.id_number == b.old_id_number) or
                (b.id_number and b.id_number == a.old_id_number))


def numbers_link(here: Numbered, there: Numbered) -> str | None:
    """How two records' citizen numbers say they are one citizen: ``SAME_NUMBER`` (one ID
    number), ``OLD_NUMBER`` (one's ID is the other's old number, or both name one old
    number: the numbers say so, the name and date of birth must agree too), or None.

    >>> from types import SimpleNamespace as R
    >>> cmnd = R(id_number="123456789", old_id_number=None)
    >>> cccd = R(id_number="001080000111", old_id_number="123456789")
    >>> numbers_link(cmnd, cccd), numbers_link(cccd, cccd), numbers_link(cmnd, R(
    ...     id_number="987654321", old_id_number=None))
    ('old', 'same', None)
    """
    if here.id_number and here.id_number == there.id_number:
        return SAME_NUMBER
    if renumbered(here, there) or (here.old_id_number and
                                   here.old_id_number == there.old_id_number):
        return OLD_NUMBER
    return None


def same_name_and_birth(a: Numbered, b: Numbered) -> bool:
    """The folded name and the date of birth agree (and are known): what the platform also
    asks before it takes two records under related numbers as one citizen.

    >>> from types import SimpleNamespace as R
    >>> same_name_and_birth(R(full_name="Nguyễn Văn Bình", dob=date(1980, 5, 1)),
    ...                     R(full_name="NGUYEN VAN  BINH", dob=date(1980, 5, 1)))
    True
    """
    return a.dob is not None and a.dob == b.dob and \
        fold(a.full_name or "") == fold(b.full_name or "")


def id_numbers_conflict(kept: Numbered, folded: Numbered) -> bool:
    """Two records a merge must not make one: both carry an ID number, another one, and
    neither is the other's old number (two current numbers: one of them is wrong, or they
    are two people).

    >>> from types import SimpleNamespace as R
    >>> id_numbers_conflict(R(id_number="123456789", old_id_number=None),
    ...                     R(id_number="001080000111", old_id_number="123456789"))
    False
    >>> id_numbers_conflict(R(id_number="001080000111", old_id_number=None),
    ...                     R(id_number="001080000222", old_id_number=None))
    True
    """
    return bool(kept.id_number and folded.id_number and kept.id_number != folded.id_number
                and not renumbered(kept, folded))


def typo_apart(a: str | None, b: str | None) -> bool:
    """Two ID numbers one slip of the keyboard makes of one: the same length, and one digit
    other or two neighbours swapped. Two such numbers on records of one name and birth are
    one number typed wrong, which a merge may drop once a supervisor says which is wrong.

    >>> typo_apart("001090012345", "001090012346"), typo_apart("001090012345", "001090012354")
    (True, True)
    >>> typo_apart("001090012345", "001090099999"), typo_apart("001090012345", "01090012345")
    (False, False)
    """
    if not a or not b or len(a) != len(b) or a == b:
        return False
    other = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(other) == 1 or (len(other) == 2 and other[1] == other[0] + 1
                               and a[other[0]] == b[other[1]] and a[other[1]] == b[other[0]])


def one_number_mistyped(kept: Any, folded: Any) -> bool:
    """Whether two records are one person but for a number typed wrong, so a merge may drop
    the folded one's (the supervisor saying so): numbers of one kind one slip apart
    (``typo_apart``), one name, and no other sex or birth (``merge_differences``). Two
    names with numbers in sequence are likely twins.

    >>> from types import SimpleNamespace as R
    >>> a = R(id_type="CCCD", id_number="001190000102", full_name="Trần Thị Bích", sex="F",
    ...       dob=date(1990, 6, 5))
    >>> one_number_mistyped(a, R(**{**vars(a), "id_number": "001190000103"}))
    True
    >>> one_number_mistyped(a, R(**{**vars(a), "id_number": "001190000103",
    ...                             "full_name": "Trần Thị Bình"}))
    False
    """
    return (kept.id_type == folded.id_type and typo_apart(kept.id_number, folded.id_number)
            and fold(kept.full_name) == fold(folded.full_name)
            and not merge_differences(kept, folded))


def merged_numbers(kept: Numbered, folded: Numbered) -> dict[str, str | None]:
    """The kept record's numbers after a merge with a record of the citizen's newer number:
    it takes the new ID (the CCCD) and its kind, its own number becoming the old one. Empty
    when the kept record already carries the newer number (or the two share one).

    >>> from types import SimpleNamespace as R
    >>> merged_numbers(R(id_type="CMND", id_number="123456789", old_id_number=None),
    ...                R(id_type="CCCD", id_number="001080000111", old_id_number="123456789"))
    {'id_type': 'CCCD', 'id_number': '001080000111', 'old_id_number': '123456789'}
    """
    if not kept.id_number or kept.id_number == folded.id_number or \
            folded.old_id_number != kept.id_number:
        return {}
    return {"id_type": folded.id_type, "id_number": folded.id_number,
            "old_id_number": kept.id_number}


class Folded(Numbered, Protocol):
    """A record as a merge reads it: its numbers, and the reason it has none."""

    @property
    def no_id_reason(self) -> str | None: ...


def merge_fill(kept: Folded, folded: Folded, fields: Sequence[str]) -> dict[str, Any]:
    """What a merge writes on the kept record: each of ``fields`` it lacks that the folded
    one gives (an ID number with its kind), the citizen's newer number (``merged_numbers``),
    and, once it carries an ID number, no reason for having none: the folded record's
    "unknown identity" read on a record with a CCCD.

    >>> from types import SimpleNamespace as R
    >>> cccd = R(id_type="CCCD", id_number="001190000123", old_id_number=None,
    ...          no_id_reason=None, phone=None)
    >>> none = R(id_type="NONE", id_number=None, old_id_number=None,
    ...          no_id_reason="UNKNOWN_IDENTITY", phone="0912345678")
    >>> fields = ("id_type", "id_number", "no_id_reason", "phone")
    >>> merge_fill(cccd, none, fields)
    {'phone': '0912345678'}
    >>> merge_fill(none, cccd, fields)
    {'id_number': '001190000123', 'id_type': 'CCCD', 'no_id_reason': None}
    """
    fill = {k: getattr(folded, k) for k in fields
            if getattr(kept, k) in (None, "") and getattr(folded, k) not in (None, "")}
    if "id_number" in fill:  # the number and its kind travel together
        fill["id_type"] = folded.id_type
    fill.update(merged_numbers(kept, folded))
    if fill.get("id_number") or kept.id_number:
        fill.pop("no_id_reason", None)
        if kept.no_id_reason:
            fill["no_id_reason"] = None
    return fill
