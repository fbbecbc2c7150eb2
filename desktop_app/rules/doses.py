"""Rules for one dose against the person's earlier doses and the vaccine catalogue.

A same-numbered dose twice is an error (one of them is wrong). A dose number beyond what the
history explains, or an interval shorter than the product's minimum, is a warning: the earlier
dose may simply not be backfilled yet, or the person was vaccinated elsewhere, and a dose that
was given is a fact to record, with the reason the clerk confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from desktop_app.rules.catalogue import Catalogue, Product
from desktop_app.rules.cccd_qr import SEPARATOR
from desktop_app.rules.dates import age_on, check_dose_date, format_date
from desktop_app.rules.lots import check_lot_format
from desktop_app.rules.messages import Part
from desktop_app.rules.problems import Problem, error, warning


@dataclass(frozen=True)
class PriorDose:
    """An earlier, non-voided dose of the same person."""

    dose_number: int
    dose_date: date
    product_code: str


def suggest_dose_number(history: Sequence[PriorDose]) -> int:
    """The next dose number: one after the highest recorded.

    >>> suggest_dose_number([PriorDose(1, date(2021, 8, 1), "VAXZEVRIA")])
    2
    """
    return max((d.dose_number for d in history), default=0) + 1


def number_by_date(day: date, doses: Iterable[tuple[int, date]]) -> int | None:
    """The number a historical dose given without one takes by its ``day`` among the
    person's other doses (number, day): one more than those dated before it, when no dose
    has that number and it keeps them in order (no lower number later, no higher one
    earlier). None when its day leaves no number free: the caller then gives the next one
    (``suggest_dose_number``) and flags the order, for numbers already recorded are never
    moved.

    A 2021 ledger's dose 1, typed after the desk recorded dose 2:

    >>> number_by_date(date(2021, 9, 2), [(2, date(2021, 10, 1))])
    1
    >>> number_by_date(date(2022, 3, 1), [(1, date(2021, 8, 1)), (2, date(2021, 10, 1))])
    3

    Between the recorded doses 1 and 2, or after a lone dose 3 (2 would come after it):

    >>> number_by_date(date(2021, 9, 1), [(1, date(2021, 8, 1)), (2, date(2021, 10, 1))])
    >>> number_by_date(date(2022, 9, 1), [(3, date(2022, 6, 1))])
    """
    doses = list(doses)
    number = 1 + sum(1 for _n, when in doses if when < day)
    for other, when in doses:
        if other == number or (other < number) != (when < day):
            return None
    return number


def check_dose(
    *,
    product_code: str | None,
    dose_number: int | None,
    dose_date: date | None,
    dob: date | None,
    history: Sequence[PriorDose],
    catalogue: Catalogue,
    today: date,
    lot_number: str | None = None,
    vaccinator: str | None = None,
    at_desk: bool = True,
    injecting: bool | None = None,
    birth_year: int | None = None,
) -> list[Problem]:
    """Every problem with a dose. ``at_desk`` adds what a live entry must have (lot, vaccinator)
    and makes a product outside its eligible ages an error (a supervisor may override it, with
    a reason); a historical dose from paper may lack them and is still a dose that happened.
    ``injecting`` (default: ``at_desk``) is False when correcting a dose already given: its
    age problem is then a warning to confirm, as for history. ``birth_year``: a record with
    no date of birth (backfilled) whose CCCD says the year: the age rule holds when every
    day of that year puts the person outside the product's ages."""
    problems: list[Problem] = []
    product = catalogue.get(product_code or "")
    if not product_code:
        problems.append(error("PRODUCT_REQUIRED", "product_code"))
    elif product is None:
        problems.append(error("PRODUCT_UNKNOWN", "product_code", value=product_code))
    if at_desk and not (lot_number or "").strip():
        problems.append(error("LOT_REQUIRED", "lot_number"))
    elif at_desk:
        problems += check_lot_format(lot_number)
    if at_desk and not (vaccinator or "").strip():
        problems.append(error("VACCINATOR_REQUIRED", "vaccinator"))
    elif at_desk and SEPARATOR in (vaccinator or ""):  # a card's QR scanned into the field
        problems.append(error("VACCINATOR_NOT_A_NAME", "vaccinator"))
    problems += check_dose_date(dose_date, dob, today)
    if dose_number is None or not 1 <= dose_number <= catalogue.max_dose_number:
        problems.append(
            error(
                "DOSE_NUMBER_INVALID",
                "dose_number",
                value="" if dose_number is None else dose_number,
                max=catalogue.max_dose_number,
            )
        )
        return problems
    if dose_date is None:
        return problems
    problems += _check_sequence(dose_number, dose_date, history, catalogue, product)
    stopping = at_desk if injecting is None else injecting
    if product is not None and dob is not None and dose_date >= dob:
        problems += _check_age(product, age_on(dob, dose_date), stopping)
    elif product is not None and dob is None and birth_year is not None and \
            date(birth_year, 12, 31) <= dose_date:
        youngest, oldest = (_check_age(product, age_on(date(birth_year, m, d), dose_date),
                                       stopping) for m, d in ((12, 31), (1, 1)))
        if youngest and oldest:  # outside on the same side whatever the day
            young, old = youngest[0].params["age"], oldest[0].params["age"]
            said = young if young == old else f"{young}–{old}"  # not known to the year
            problems.append(replace(youngest[0], params={**youngest[0].params, "age": said}))
    return problems


def _check_sequence(
    number: int,
    when: date,
    history: Sequence[PriorDose],
    catalogue: Catalogue,
    product: Product | None,
) -> list[Problem]:
    for prior in history:
        if prior.dose_number == number:
            return [
                error(
                    "DOSE_NUMBER_DUPLICATE",
                    "dose_number",
                    dose_number=number,
                    other_date=format_date(prior.dose_date),
                )
            ]
    for prior in history:
        out_of_order = (prior.dose_number < number and prior.dose_date > when) or (
            prior.dose_number > number and prior.dose_date < when
        )
        if out_of_order:
            return [
                error(
                    "DOSE_ORDER",
                    "dose_date",
                    dose_number=number,
                    dose_date=format_date(when),
                    other_number=prior.dose_number,
                    other_date=format_date(prior.dose_date),
                )
            ]
    earlier = sorted((d for d in history if d.dose_number < number), key=lambda d: d.dose_number)
    problems: list[Problem] = []
    if len(earlier) < number - 1:
        problems.append(
            warning("DOSE_NUMBER_GAP", "dose_number", dose_number=number, previous=len(earlier))
        )
    if earlier and earlier[-1].dose_number == number - 1:
        problems += _check_interval(number, when, earlier, catalogue, product)
    return problems


def _check_interval(
    number: int,
    when: date,
    earlier: list[PriorDose],
    catalogue: Catalogue,
    product: Product | None,
) -> list[Problem]:
    # The primary series (its length and spacing) is set by the product of the first dose.
    series = catalogue.series(earlier[0].product_code if earlier[0].dose_number == 1 else None,
                              product.code if product else None)
    if series is None:
        return []
    min_days = catalogue.min_interval_before(series, number)
    days = (when - earlier[-1].dose_date).days
    if days >= min_days:
        return []
    if number <= series.primary_doses:
        return [
            warning(
                "DOSE_INTERVAL_SHORT", "dose_date", dose_number=number, days=days,
                min_days=min_days, product=series.names,
            )
        ]
    return [
        warning(
            "BOOSTER_INTERVAL_SHORT", "dose_date", dose_number=number, days=days,
            min_days=min_days,
        )
    ]


# What a merge's joined doses are flagged for (``joined_problems``): the desk's sequence
# rules between doses that no one checked against each other.
JOINED_CODES = ("DOSE_ORDER", "DOSE_INTERVAL_SHORT", "BOOSTER_INTERVAL_SHORT")


def joined_problems(kept: Sequence[PriorDose], folded: Sequence[PriorDose],
                    catalogue: Catalogue) -> list[Problem]:
    """The desk's sequence rules (``check_dose``) between the doses of two records of one
    person that a merge joins: each dose against the other record's lower-numbered ones,
    so a pair within one record (checked, and confirmed, when it was recorded) is not
    said again. Only what makes the history wrong is kept (``JOINED_CODES``): a gap is
    no news. A dose number both hold is the merge's refusal, not a problem here.

    One injection recorded on each record, as dose 1 and as dose 2 on the same day:

    >>> from desktop_app.rules.catalogue import default_catalogue
    >>> one = [PriorDose(1, date(2021, 8, 1), "COMIRNATY")]
    >>> [p.code for p in joined_problems(one, [PriorDose(2, date(2021, 8, 1), "COMIRNATY")],
    ...                                  default_catalogue())]
    ['DOSE_INTERVAL_SHORT']
    >>> [p.code for p in joined_problems(one, [PriorDose(2, date(2021, 7, 1), "COMIRNATY")],
    ...                                  default_catalogue())]
    ['DOSE_ORDER']
    >>> joined_problems(one, [PriorDose(2, date(2021, 8, 29), "COMIRNATY")],
    ...                 default_catalogue())
    []
    """
    found: list[Problem] = []
    for mine, theirs in ((kept, folded), (folded, kept)):
        for dose in mine:
            lower = [d for d in theirs if d.dose_number < dose.dose_number]
            if not lower:
                continue
            found += [p for p in _check_sequence(
                dose.dose_number, dose.dose_date, lower, catalogue,
                catalogue.get(dose.product_code)) if p.code in JOINED_CODES]
    return found


def check_age_on(product: Product, dob: date, dose_date: date) -> list[Problem]:
    """A dose already given outside its product's ages: the desk's warning, which a
    backfilled dose carries as a flag for cleaning (it happened; the record may be wrong).

    >>> from desktop_app.rules.catalogue import default_catalogue
    >>> adult = default_catalogue().get("COMIRNATY")
    >>> [p.code for p in check_age_on(adult, date(2015, 6, 1), date(2022, 5, 10))]
    ['DOSE_AGE_OUTSIDE']
    """
    return _check_age(product, age_on(dob, dose_date), injecting=False)


def doses_outside_ages(catalogue: Catalogue, dob: date,
                       doses: Iterable[tuple[str, date]]) -> list[Problem]:
    """Which of a person's doses (product code, date) were given outside their product's
    ages (``check_age_on``), once a product: what a corrected date of birth is checked
    against. A product the catalogue does not know is not judged.

    >>> from desktop_app.rules.catalogue import default_catalogue
    >>> doses = [("VAXZEVRIA", date(2021, 8, 1)), ("VAXZEVRIA", date(2021, 10, 1))]
    >>> [p.code for p in doses_outside_ages(default_catalogue(), date(2014, 6, 8), doses)]
    ['DOSE_AGE_OUTSIDE']
    >>> doses_outside_ages(default_catalogue(), date(1990, 5, 4), doses)
    []
    """
    found: dict[str, list[Problem]] = {}
    for code, given in doses:
        product = catalogue.get(code)
        if product is not None and code not in found:
            outside = check_age_on(product, dob, given)
            if outside:
                found[code] = outside
    return [p for problems in found.values() for p in problems]


def _check_age(product: Product, age: int, injecting: bool) -> list[Problem]:
    if product.suits_age(age):
        return []
    upper = product.max_age_years
    # About to inject: the wrong product for the age is stopped, not merely flagged.
    problem = error if injecting else warning
    return [
        problem(
            "DOSE_AGE_OUTSIDE",
            "product_code",
            product=product.names,
            ages=Part("AGES_FROM", min_age=product.min_age_years) if upper is None else
            Part("AGES_BETWEEN", min_age=product.min_age_years, max_age=upper),
            age=age,
        )
    ]
