"""The pre-vaccination checklists: their items (data, ``resources/screening_covid19.json``
for adults, ``resources/screening_covid19_children.json`` for children under 18) and the
outcome the answers point to.

Each item says what a "yes" means: postpone (come back later), refer (to a hospital, not
injected here) or eligible (kept on the record: vaccinated here, with care). The form
suggests the gravest outcome of the items answered yes; the screener may choose another,
with a reason, and the reason is kept. Which checklist is asked follows the person's age on
the day (``checklist``); an item of the other one is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cache

from desktop_app.rules.dates import age_on
from desktop_app.rules.identity import CHILD_MAX_AGE
from desktop_app.rules.messages import Words, text
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


@dataclass(frozen=True)
class Checklist:
    """One form: its title (vi, en) and its items in the form's order."""

    vi: str
    en: str
    items: tuple[Item, ...]

    def title(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en

    def codes(self) -> set[str]:
        return {item.code for item in self.items}


@cache
def _form(name: str) -> Checklist:
    from desktop_app.bundled import load_json

    data = load_json(name)
    return Checklist(data["title"]["vi"], data["title"]["en"], tuple(
        Item(i["code"], Outcome(i["if_yes"]), i["vi"], i["en"]) for i in data["items"]))


def age_on_day(dob: date | None, day: date) -> int | None:
    """The age a checklist is chosen by; None when the date of birth is not known.

    >>> age_on_day(date(2019, 1, 15), date(2026, 12, 1)), age_on_day(None, date(2026, 12, 1))
    (7, None)
    """
    return None if dob is None or dob > day else age_on(dob, day)


@cache
def checklist(age: int | None) -> Checklist:
    """The checklist for a person of ``age`` on the day: the children's under 18 (no
    pregnancy item), the adult one from 18. Age not known (a record with no date of birth,
    a new person's not typed yet): every item of both, the adult ones first, since either
    form's items may apply.

    >>> [checklist(7).items[i].code for i in (0, 4)]
    ['ANAPHYLAXIS_PREVIOUS_DOSE', 'CONGENITAL_OR_CHRONIC_DISEASE']
    >>> checklist(18).items[-1].code, "PREGNANT_UNDER_13_WEEKS" in checklist(17).codes()
    ('VITAL_SIGNS_ABNORMAL', False)
    """
    adult, child = _form("screening_covid19.json"), _form("screening_covid19_children.json")
    if age is None:
        return Checklist(text("SCREENING_CHECKLIST_AGE_UNKNOWN", "vi"),
                         text("SCREENING_CHECKLIST_AGE_UNKNOWN", "en"),
                         adult.items + tuple(i for i in child.items
                                             if i.code not in adult.codes()))
    return child if age < CHILD_MAX_AGE else adult


def suggested_outcome(yes: Iterable[str]) -> Outcome:
    """The gravest outcome of the items answered yes; eligible when none is.

    >>> suggested_outcome([]), suggested_outcome(["FEVER"])
    (<Outcome.ELIGIBLE: 'eligible'>, <Outcome.POSTPONE: 'postpone'>)
    >>> suggested_outcome(["FEVER", "ANAPHYLAXIS_PREVIOUS_DOSE"]).value
    'refer'
    """
    by_code = {item.code: item.if_yes for item in checklist(None).items}
    return max((by_code[c] for c in yes if c in by_code), key=_GRAVITY.__getitem__,
               default=Outcome.ELIGIBLE)


def check_screening(yes: Iterable[str], outcome: Outcome, reason: str | None,
                    age: int | None) -> list[Problem]:
    """An item not of the checklist ``age`` gets (``checklist``) is an error; so is an
    outcome milder than the answers point to without a reason, and postpone or refer
    without a reason (the person is told why).

    >>> [p.code for p in check_screening(["FEVER"], Outcome.ELIGIBLE, "", 40)]
    ['SCREENING_REASON_REQUIRED']
    >>> check_screening(["FEVER"], Outcome.POSTPONE, "sốt 38 độ", 40)
    []
    >>> [p.code for p in check_screening(["PREGNANT_UNDER_13_WEEKS"], Outcome.POSTPONE, "?", 7)]
    ['SCREENING_ITEM_NOT_FOR_AGE']
    """
    answered = list(yes)
    asked = checklist(age).codes()
    unknown = [c for c in answered if c not in checklist(None).codes()]
    if unknown:
        return [error("SCREENING_ITEM_UNKNOWN", "answers", item=", ".join(unknown))]
    other = [i for i in checklist(None).items if i.code in answered and i.code not in asked]
    if other:  # named as the form words them: a clerk reads no item code
        named = Words("; ".join(f"“{i.vi}”" for i in other),
                      "; ".join(f"“{i.en}”" for i in other))
        return [error("SCREENING_ITEM_NOT_FOR_AGE", "answers", item=named, age=age)]
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
