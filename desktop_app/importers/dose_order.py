"""A person's doses, numbered in the order they were given: dose 2 is not dated before dose 1.
A file that says otherwise has a date or a number wrong (a month-first date read day first
did exactly that), and the import flags the dose for someone to check (``DOSE_ORDER``, the
desk's rule): a dose that happened is never refused for it.

The import meets a million doses, so each person's doses so far are one int, not a list:
each dose is its number and its day (``date.toordinal``) in ``_BITS`` bits, most recent
lowest. Adding a dose is a shift and an or; checking one walks the person's two or three.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

_NUMBER_BITS = 8  # dose numbers up to 255 (the catalogue's highest is a few)
_BITS = _NUMBER_BITS + 20  # days up to 1,048,575: the year 2871
_NUMBER = (1 << _NUMBER_BITS) - 1
_DOSE = (1 << _BITS) - 1


def with_dose(doses: int, number: int, day: date) -> int:
    """``doses`` (0: none yet) with one more.

    >>> doses = with_dose(with_dose(0, 1, date(2021, 5, 9)), 2, date(2021, 8, 1))
    >>> list(each(doses))
    [(2, datetime.date(2021, 8, 1)), (1, datetime.date(2021, 5, 9))]
    """
    return doses << _BITS | day.toordinal() << _NUMBER_BITS | (number & _NUMBER)


def each(doses: int) -> Iterator[tuple[int, date]]:
    """(number, day) of each dose, the last added first."""
    while doses:
        dose = doses & _DOSE
        yield dose & _NUMBER, date.fromordinal(dose >> _NUMBER_BITS)
        doses >>= _BITS


def out_of_order(doses: int, number: int, day: date) -> tuple[int, date] | None:
    """The first of ``doses`` that dose ``number`` on ``day`` is out of order with: a lower
    number on a later day, or a higher one on an earlier day; None when it is in order.

    >>> doses = with_dose(0, 1, date(2021, 9, 5))
    >>> out_of_order(doses, 2, date(2021, 3, 10)), out_of_order(doses, 2, date(2021, 10, 3))
    ((1, datetime.date(2021, 9, 5)), None)
    """
    when = day.toordinal()
    while doses:
        dose = doses & _DOSE
        other, other_day = dose & _NUMBER, dose >> _NUMBER_BITS
        if (other < number and other_day > when) or (other > number and other_day < when):
            return other, date.fromordinal(other_day)
        doses >>= _BITS
    return None
