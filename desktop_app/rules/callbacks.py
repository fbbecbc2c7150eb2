"""Who to call back: when a person's next dose falls due, by the product's interval and age.

A next dose is *due* from the earliest day it may be given (the product's minimum interval,
or the booster minimum) and *overdue* after the recommended day. A primary dose's
recommended day is the product's; a booster has none (it may be given any day after its
minimum), so it is recommended within the catalogue's ``booster_window_days`` of its first
day. Without that window every booster was overdue the day after it became possible, and
those people, the least urgent, crowded the top of the list (overdue first) above people
who never finished their primary series. A person is listed only if a product of the
catalogue suits their age today and the catalogue has a next dose for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.dates import age_on


class Due(StrEnum):
    DUE = "due"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class NextDose:
    dose_number: int
    earliest: date
    recommended: date


def next_dose(catalogue: Catalogue, product_code: str, last_number: int, last_date: date,
              dob: date | None, today: date) -> NextDose | None:
    """The next dose after ``last_number`` given on ``last_date``, or None (series complete,
    unknown product, or no product for the person's age today).

    >>> from desktop_app.rules.catalogue import default_catalogue
    >>> n = next_dose(default_catalogue(), "VAXZEVRIA", 1, date(2022, 1, 1), date(1990, 1, 1),
    ...               date(2022, 2, 1))
    >>> n.dose_number, n.earliest.isoformat(), n.recommended.isoformat()
    (2, '2022-01-29', '2022-02-26')
    """
    product = catalogue.get(product_code)
    number = last_number + 1
    if product is None or number > catalogue.max_dose_number:
        return None
    if dob is not None and not _some_product_for(catalogue, age_on(dob, today)):
        return None
    if number <= product.primary_doses:
        earliest = last_date + timedelta(days=product.min_interval_days)
        recommended = last_date + timedelta(days=product.recommended_interval_days)
        return NextDose(number, earliest, max(earliest, recommended))
    booster = number - product.primary_doses + 2  # 3 = the first booster
    if booster not in catalogue.booster_min_interval_days:
        return None
    earliest = last_date + timedelta(days=catalogue.min_interval_before(product, number))
    return NextDose(number, earliest, earliest + timedelta(days=catalogue.booster_window_days))


def due_state(nxt: NextDose, today: date, ahead_days: int = 0) -> Due | None:
    """DUE from ``ahead_days`` before the earliest day (call ahead), OVERDUE past the
    recommended day, else None.

    >>> n = NextDose(2, date(2022, 1, 29), date(2022, 2, 26))
    >>> due_state(n, date(2022, 1, 28)), due_state(n, date(2022, 1, 28), ahead_days=3)
    (None, <Due.DUE: 'due'>)
    >>> due_state(n, date(2022, 2, 27)).value
    'overdue'
    """
    if today > nxt.recommended:
        return Due.OVERDUE
    if today + timedelta(days=ahead_days) >= nxt.earliest:
        return Due.DUE
    return None


def _some_product_for(catalogue: Catalogue, age: int) -> bool:
    return any(p.min_age_years <= age and (p.max_age_years is None or age <= p.max_age_years)
               for p in catalogue.products.values())
