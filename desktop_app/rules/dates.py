"""Dates as clerks type them (dd/mm/yyyy) and the rules on dates of birth and of doses.

Every rule takes ``today`` as an argument: a rule never reads the clock, so tests pin it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from desktop_app.rules.problems import Problem, error

FIRST_COVID_DOSE_VN = date(2021, 3, 8)
MAX_AGE_YEARS = 120

_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_COMPACT = re.compile(r"^\s*(\d{2})(\d{2})(\d{4})\s*$")


def parse_date(text: str, this_year: int | None = None) -> date | None:
    """Parse a typed date; day first, as Vietnamese forms write it. None if it is no date.

    A year of two digits ("05/09/90", what a sheet formatted dd/mm/yy writes into a CSV) is
    read only when ``this_year`` is given, as ``full_year`` says; without it, no date.

    >>> parse_date("05/09/1990"), parse_date("5-9-1990"), parse_date("1990-09-05")
    (datetime.date(1990, 9, 5), datetime.date(1990, 9, 5), datetime.date(1990, 9, 5))
    >>> parse_date("31/02/2000") is None, parse_date("5/9/90") is None
    (True, True)
    >>> parse_date("5/9/90", 2026), parse_date("5/9/21", 2026)
    (datetime.date(1990, 9, 5), datetime.date(2021, 9, 5))
    """
    for pattern, order in ((_DMY, "dmy"), (_ISO, "ymd"), (_COMPACT, "dmy")):
        m = pattern.match(text or "")
        if m:
            parts = dict(zip(order, (int(g) for g in m.groups()), strict=True))
            if len(m.group(3)) == 2 and order == "dmy":
                if this_year is None:
                    return None
                parts["y"] = full_year(parts["y"], this_year)
            try:
                return date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                return None
    return None


def full_year(two_digits: int, this_year: int) -> int:
    """A year written with two digits, as the last year ending so that is not after
    ``this_year``: a date of birth or a dose is never in a year to come, so "90" is 1990
    and "21" is 2021. (Excel's fixed window would make "28" 2028, a birth not yet due.)

    >>> full_year(90, 2026), full_year(21, 2026), full_year(26, 2026), full_year(27, 2026)
    (1990, 2021, 2026, 1927)
    """
    year = this_year - this_year % 100 + two_digits
    return year if year <= this_year else year - 100


SHORT_YEAR = re.compile(r"\D\d{2}\s*$")  # a date written with a two-digit year


def in_century_of(read: date, written: str, year: int) -> date:
    """A date whose year was ``written`` with two digits (``full_year`` read it), moved to
    the century of ``year`` when that year ends in the same two digits: a birth's "24" is
    1924 when the row's CCCD says 1924, not the 2024 the window reads. Otherwise ``read``.

    >>> in_century_of(date(2024, 9, 5), "05/09/24", 1924)
    datetime.date(1924, 9, 5)
    >>> in_century_of(date(2024, 9, 5), "05/09/2024", 1924), in_century_of(date(2024, 9, 5),
    ...     "05/09/24", 1925)
    (datetime.date(2024, 9, 5), datetime.date(2024, 9, 5))
    >>> in_century_of(date(2000, 2, 29), "29/02/00", 1900)  # no 29 February in 1900
    datetime.date(2000, 2, 29)
    """
    if year % 100 != read.year % 100 or year == read.year or not SHORT_YEAR.search(written):
        return read
    try:
        return read.replace(year=year)
    except ValueError:
        return read


def format_date(d: date) -> str:
    """The display form, dd/mm/yyyy."""
    return d.strftime("%d/%m/%Y")


def last_at(hour: int, minute: int, now: datetime) -> datetime:
    """The last time the clock read hh:mm, not after ``now``: an hour typed without its
    day, for something that has already happened (23:55 typed at 00:10 is yesterday's).

    >>> last_at(23, 55, datetime(2026, 12, 2, 0, 10))
    datetime.datetime(2026, 12, 1, 23, 55)
    >>> last_at(0, 5, datetime(2026, 12, 2, 0, 10))
    datetime.datetime(2026, 12, 2, 0, 5)
    """
    at = datetime.combine(now.date(), time(hour, minute))
    return at - timedelta(days=1) if at > now else at


def age_on(dob: date, on: date) -> int:
    """Whole years of age on a given day."""
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def check_dob(dob: date | None, today: date) -> list[Problem]:
    if dob is None:
        return [error("DOB_REQUIRED", "dob")]
    if dob > today:
        return [error("DOB_IN_FUTURE", "dob", dob=format_date(dob))]
    if age_on(dob, today) > MAX_AGE_YEARS:
        return [error("DOB_TOO_OLD", "dob", dob=format_date(dob), max_age=MAX_AGE_YEARS)]
    return []


def check_dose_date(
    dose_date: date | None, dob: date | None, today: date, *, covid: bool = True
) -> list[Problem]:
    """Not in the future, not before birth, and not before the programme began."""
    if dose_date is None:
        return [error("DOSE_DATE_REQUIRED", "dose_date")]
    shown = format_date(dose_date)
    if dose_date > today:
        return [error("DOSE_DATE_IN_FUTURE", "dose_date", dose_date=shown)]
    if dob is not None and dose_date < dob:
        return [error("DOSE_BEFORE_BIRTH", "dose_date", dose_date=shown, dob=format_date(dob))]
    if covid and dose_date < FIRST_COVID_DOSE_VN:
        return [
            error(
                "DOSE_BEFORE_PROGRAMME",
                "dose_date",
                dose_date=shown,
                first=format_date(FIRST_COVID_DOSE_VN),
            )
        ]
    return []
