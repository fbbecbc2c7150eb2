"""All the rules on one person's identity data, in the order a clerk fills the form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from desktop_app.rules.dates import check_dob, format_date
from desktop_app.rules.identity import IdType, Sex, check_identity, check_phone
from desktop_app.rules.messages import Part
from desktop_app.rules.names import check_diacritics, check_name
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


def merge_differences(kept: Identified, folded: Identified) -> list[Problem]:
    """What says two records are two people, not one typed twice: a sex or a date of birth
    both give and give differently. A misspelt name, another phone or no ID are what a merge
    mends; these are not, and a merge is not undone, so each needs a person's yes.

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
    return found
