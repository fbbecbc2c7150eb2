"""Who to call back: when a person's next dose falls due, by the product's interval and age.

A next dose is *due* from the earliest day it may be given (the product's minimum interval,
or the booster minimum), *upcoming* in the few days before it that the list calls ahead,
and *overdue* after the recommended day. A primary dose's
recommended day is the product's; a booster has none (it may be given any day after its
minimum), so it is recommended within the catalogue's ``booster_window_days`` of its first
day. Without that window every booster was overdue the day after it became possible, and
those people, the least urgent, crowded the top of the list (overdue first) above people
who never finished their primary series. A person is listed only if a product of the
catalogue suits their age today and the catalogue has a next dose for them.

Each next dose names its vaccine (``next_product``) by the desk's age rule on the day it
may be given: a boy given Comirnaty 5-11 at 11 and 12 since was listed beside the
orange-cap vial alone, booked into the children's session and refused it there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from desktop_app.rules.catalogue import Catalogue, Product, booster_key
from desktop_app.rules.dates import age_on


class Due(StrEnum):
    UPCOMING = "upcoming"  # listed to be called ahead; not yet possible
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class NextDose:
    dose_number: int
    earliest: date
    recommended: date


def next_dose(catalogue: Catalogue, product_code: str, last_number: int, last_date: date,
              dob: date | None, today: date, first_code: str | None = None
              ) -> NextDose | None:
    """The next dose after ``last_number`` of ``product_code`` given on ``last_date``, or
    None (series complete, unknown product, or no product for the person's age today).
    ``first_code``, the product of dose 1, sets the primary series (``Catalogue.series``):
    after Abdala's three doses and a Comirnaty booster, the next is the second booster.
    The catalogue's booster intervals say which boosters are called for; a later one may
    still be given and recorded, but nobody is called for it.

    >>> from desktop_app.rules.catalogue import default_catalogue
    >>> n = next_dose(default_catalogue(), "VAXZEVRIA", 1, date(2022, 1, 1), date(1990, 1, 1),
    ...               date(2022, 2, 1))
    >>> n.dose_number, n.earliest.isoformat(), n.recommended.isoformat()
    (2, '2022-01-29', '2022-02-26')
    """
    series = catalogue.series(first_code, product_code)
    number = last_number + 1
    if series is None or catalogue.get(product_code) is None or \
            number > catalogue.max_dose_number:
        return None
    if dob is not None and not _some_product_for(catalogue, age_on(dob, today)):
        return None
    if number <= series.primary_doses:
        earliest = last_date + timedelta(days=series.min_interval_days)
        recommended = last_date + timedelta(days=series.recommended_interval_days)
        return NextDose(number, earliest, max(earliest, recommended))
    if booster_key(series, number) not in catalogue.booster_min_interval_days:
        return None
    earliest = last_date + timedelta(days=catalogue.min_interval_before(series, number))
    return NextDose(number, earliest, earliest + timedelta(days=catalogue.booster_window_days))


def due_state(nxt: NextDose, today: date, ahead_days: int = 0) -> Due | None:
    """DUE from the earliest day, OVERDUE past the recommended day, UPCOMING in the
    ``ahead_days`` before the earliest (called ahead, told the day they may come: "due"
    sent them to the desk for a dose under the minimum interval), else None.

    >>> n = NextDose(2, date(2022, 1, 29), date(2022, 2, 26))
    >>> due_state(n, date(2022, 1, 28)), due_state(n, date(2022, 1, 28), ahead_days=3)
    (None, <Due.UPCOMING: 'upcoming'>)
    >>> due_state(n, date(2022, 1, 29)).value, due_state(n, date(2022, 2, 27)).value
    ('due', 'overdue')
    """
    if today > nxt.recommended:
        return Due.OVERDUE
    if today >= nxt.earliest:
        return Due.DUE
    if today + timedelta(days=ahead_days) >= nxt.earliest:
        return Due.UPCOMING
    return None


def next_product(catalogue: Catalogue, nxt: NextDose, last_code: str, first_code: str | None,
                 dob: date | None, today: date) -> Product | None:
    """The product the next dose is to be: a primary dose continues the series begun with
    dose 1 (``Catalogue.series``), a booster the vaccine last given (after Abdala's three
    doses and a Comirnaty booster, the next is Comirnaty). While the person's age on the
    day they may come (the dose's first day, or today once it has passed) is within that
    product's ages (the desk's rule, ``Product.suits_age``), it is that product; otherwise the
    one formulation of the same vaccine that the age suits (``Catalogue.formulations``),
    or None when none or several do: naming one the desk refuses sends the person home.
    An unknown date of birth keeps the product: the desk judges their age.

    >>> from desktop_app.rules.catalogue import default_catalogue
    >>> cat, dob = default_catalogue(), date(2014, 11, 20)  # 12 on 20/11/2026
    >>> nxt = next_dose(cat, "COMIRNATY_PAED", 1, date(2026, 11, 5), dob, date(2026, 12, 1))
    >>> next_product(cat, nxt, "COMIRNATY_PAED", None, dob, date(2026, 12, 1)).code
    'COMIRNATY'
    """
    series = catalogue.series(first_code, last_code)
    primary = series is not None and nxt.dose_number <= series.primary_doses
    usual = series if primary else catalogue.get(last_code)
    if usual is None or dob is None:
        return usual
    age = age_on(dob, max(today, nxt.earliest))
    if usual.suits_age(age):
        return usual
    fits = [p for p in catalogue.formulations(usual) if p.suits_age(age)]
    return fits[0] if len(fits) == 1 else None


def _some_product_for(catalogue: Catalogue, age: int) -> bool:
    return any(p.suits_age(age) for p in catalogue.products.values())
