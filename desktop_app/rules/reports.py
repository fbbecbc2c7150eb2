"""The reports' pure rules: age groups on the day of the dose, and which date ranges a
report can be asked for.

The groups follow the vaccination programme's own: small children, the 5-11 and 12-17
campaigns (their own products and schedules), adults, and the older groups that were
prioritised.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop_app.rules.messages import text
from desktop_app.wire.complaints import due_at

# (first age, last age or None for "and older"), in years on the day of the dose.
AGE_GROUPS: tuple[tuple[int, int | None], ...] = (
    (0, 4), (5, 11), (12, 17), (18, 49), (50, 64), (65, None))
# No date of birth, or one after the dose: a record for the cleaning list. The queries' key;
# a reader is told it in words (``group_shown``).
UNKNOWN_AGE = "?"


def group_label(first: int, last: int | None) -> str:
    """
    >>> group_label(18, 49), group_label(65, None)
    ('18–49', '65+')
    """
    return f"{first}+" if last is None else f"{first}–{last}"


GROUP_LABELS: tuple[str, ...] = (*(group_label(a, b) for a, b in AGE_GROUPS), UNKNOWN_AGE)


def age_group(age: int | None) -> str:
    """The group of an age in whole years (``rules.dates.age_on``); -1 or None: unknown.

    >>> [age_group(a) for a in (0, 4, 5, 17, 18, 64, 65, 101, -1, None)]
    ['0–4', '0–4', '5–11', '12–17', '18–49', '50–64', '65+', '65+', '?', '?']
    """
    if age is None or age < 0:
        return UNKNOWN_AGE
    for first, last in AGE_GROUPS:
        if first <= age and (last is None or age <= last):
            return group_label(first, last)
    return UNKNOWN_AGE


def group_shown(group: str, lang: str) -> str:
    """An age group as a reader sees it: the unknown one in words, not a bare "?".

    >>> group_shown(UNKNOWN_AGE, "vi"), group_shown(UNKNOWN_AGE, "en"), group_shown("65+", "vi")
    ('không rõ', 'unknown', '65+')
    """
    return text("REPORT_AGE_UNKNOWN", lang) if group == UNKNOWN_AGE else group


def range_problem(start: date | None, end: date | None) -> str | None:
    """The catalogue code of what is wrong with a report's date range, or None.

    >>> range_problem(date(2021, 10, 1), date(2021, 10, 31)) is None
    True
    >>> range_problem(date(2021, 10, 31), date(2021, 10, 1)), range_problem(None, None)
    ('REPORT_RANGE_BACKWARDS', 'REPORT_DATE_INVALID')
    """
    if start is None or end is None:
        return "REPORT_DATE_INVALID"
    if start > end:
        return "REPORT_RANGE_BACKWARDS"
    return None


# Where a complaint stands against its 48-hour deadline, in the order the report lists them.
DEADLINE_BUCKETS = ("overdue", "under_12h", "under_24h", "under_48h", "closed_in_time",
                    "closed_late")


def deadline_bucket(received_at: datetime, resolved_at: datetime | None, now: datetime) -> str:
    """
    >>> t = datetime(2026, 12, 1, 8)
    >>> [deadline_bucket(t, None, t + timedelta(hours=h)) for h in (49, 40, 30, 1)]
    ['overdue', 'under_12h', 'under_24h', 'under_48h']
    >>> deadline_bucket(t, t + timedelta(hours=47), t), deadline_bucket(t, t + timedelta(days=3), t)
    ('closed_in_time', 'closed_late')
    """
    due = due_at(received_at)
    if resolved_at is not None:
        return "closed_in_time" if resolved_at <= due else "closed_late"
    left = due - now
    if left < timedelta(0):
        return "overdue"
    if left < timedelta(hours=12):
        return "under_12h"
    return "under_24h" if left < timedelta(hours=24) else "under_48h"
