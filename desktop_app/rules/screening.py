"""The pre-vaccination checklist: its items (data, ``resources/screening_covid19.json``) and
the outcome the answers point to.

Each item says what a "yes" means: postpone (come back later) or refer (to a hospital, not
injected here). The form suggests the gravest outcome of the items answered yes; the
screener may choose another, with a reason, and the reason is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache

from desktop_app.rules.problems import Problem, error


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    POSTPONE = "postpone"
    REFER = "refer"


_GRAVITY = {Outcome.ELIGIBLE: 0, Outcome.POSTPONE: 1, Outcome.REFER: 2}


@dataclass(frozen=True)
class Item:
    code: str
    if_yes: Outcome
    vi: str
    en: str

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@cache
def checklist() -> tuple[Item, ...]:
    """The shipped checklist, in the form's order.

    >>> checklist()[0].code
    'ANAPHYLAXIS_PREVIOUS_DOSE'
    """
    from desktop_app.bundled import load_json

    return tuple(Item(i["code"], Outcome(i["if_yes"]), i["vi"], i["en"])
                 for i in load_json("screening_covid19.json")["items"])


def suggested_outcome(yes: Iterable[str]) -> Outcome:
    """The gravest outcome of the items answered yes; eligible when none is.

    >>> suggested_outcome([]), suggested_outcome(["FEVER"])
    (<Outcome.ELIGIBLE: 'eligible'>, <Outcome.POSTPONE: 'postpone'>)
    >>> suggested_outcome(["FEVER", "ANAPHYLAXIS_PREVIOUS_DOSE"]).value
    'refer'
    """
    by_code = {item.code: item.if_yes for item in checklist()}
    return max((by_code[c] for c in yes if c in by_code), key=_GRAVITY.__getitem__,
               default=Outcome.ELIGIBLE)


def check_screening(yes: Iterable[str], outcome: Outcome, reason: str | None) -> list[Problem]:
    """An unknown item is an error; so is an outcome milder than the answers point to
    without a reason, and postpone or refer without a reason (the person is told why).

    >>> [p.code for p in check_screening(["FEVER"], Outcome.ELIGIBLE, "")]
    ['SCREENING_REASON_REQUIRED']
    >>> check_screening(["FEVER"], Outcome.POSTPONE, "sốt 38 độ")
    []
    """
    answered = list(yes)
    known = {item.code for item in checklist()}
    unknown = [c for c in answered if c not in known]
    if unknown:
        return [error("SCREENING_ITEM_UNKNOWN", "answers", item=", ".join(unknown))]
    milder = _GRAVITY[outcome] < _GRAVITY[suggested_outcome(answered)]
    if (milder or outcome != Outcome.ELIGIBLE) and not (reason or "").strip():
        return [error("SCREENING_REASON_REQUIRED", "reason")]
    return []


def check_screened_today(name: str, latest: Outcome | None, reason: str | None,
                         at: datetime | None, today: date | None = None) -> list[Problem]:
    """No dose today for a person whose latest screening of this visit (``at``, local time:
    today's, or in a night session before midnight) postponed or referred them ("nobody
    postponed or referred is injected"); screened again and found eligible, their latest
    screening says so and the dose is given. One of before ``today`` is said with its date.

    >>> [p.code for p in check_screened_today("Mai", Outcome.REFER, "Sốc phản vệ",
    ...                                        datetime(2026, 12, 1, 9, 1))]
    ['DOSE_REFERRED_TODAY']
    >>> check_screened_today("Mai", Outcome.ELIGIBLE, None, datetime(2026, 12, 1, 11, 0))
    []
    >>> [p.params["time"] for p in check_screened_today(
    ...     "Mai", Outcome.POSTPONE, "Sốt", datetime(2026, 11, 30, 23, 59), date(2026, 12, 1))]
    ['23:59 30/11/2026']
    """
    if latest not in (Outcome.POSTPONE, Outcome.REFER) or at is None:
        return []
    shown = "%H:%M" if today is None or at.date() == today else "%H:%M %d/%m/%Y"
    params = {"name": name, "time": at.strftime(shown), "reason": reason or "—"}
    if latest == Outcome.REFER:
        return [error("DOSE_REFERRED_TODAY", "screening", **params)]
    return [error("DOSE_POSTPONED_TODAY", "screening", **params)]
