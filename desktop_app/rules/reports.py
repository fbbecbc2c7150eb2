"""The reports' pure rules: age groups on the day of the dose, which date ranges a report
can be asked for, and a chart's counts' axis.

The groups follow the vaccination programme's own: small children, the 5-11 and 12-17
campaigns (their own products and schedules), adults, and the older groups that were
prioritised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from math import ceil

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


def counts_axis(series: Iterable[Sequence[float]], stacked: bool,
                most: int = 6) -> tuple[int, int]:
    """A chart's counts' axis from 0, the screen's and the PDF's: its step, the least round
    one (1, 2, 5, 10, 20…) reaching the tallest bar (a stack's sum) in ``most`` steps, and
    its end, whole steps up to at least 1. Counts are whole: ticks at 0.2 read "0 0 0 0 0 1",
    and an axis of zeros read 0.002, 0.004…

    >>> [counts_axis([[t]], False) for t in (0, 1, 6, 7, 30, 37, 1234)]
    [(1, 1), (1, 1), (1, 6), (2, 8), (5, 30), (10, 40), (500, 1500)]
    >>> counts_axis([[1, 1], [0, 1]], True), counts_axis([[1, 1], [0, 1]], False)
    ((1, 2), (1, 1))
    """
    columns = list(zip(*series, strict=True)) or [(0.0,)]
    top = max((sum(c) if stacked else max(c)) for c in columns)
    magnitude = 1
    while True:
        for k in (1, 2, 5):
            step = k * magnitude
            if top <= step * most:
                return step, max(1, ceil(top / step)) * step
        magnitude *= 10


def thinned(days: Sequence[str], most: int, back: int = 0) -> list[str]:
    """A chart's day labels, at most ``most`` named: every k-th, counted back from the
    latest day less ``back`` (a label wider than a bar cannot be drawn centred under the
    last one: the latest whose label fits), the others blank. Blank labels differ
    (zero-width spaces): a category axis takes equal ones for one category.

    >>> thinned(["01", "02", "03"], 5)
    ['01', '02', '03']
    >>> shown = thinned([f"{i:02}" for i in range(1, 8)], 3)
    >>> [d.strip("\u200b") or "·" for d in shown], len(set(shown))
    (['01', '·', '·', '04', '·', '·', '07'], 7)
    >>> [d.strip("\u200b") or "·" for d in thinned([f"{i:02}" for i in range(1, 8)], 3, 1)]
    ['·', '·', '03', '·', '·', '06', '·']
    """
    if len(days) <= most and not back:
        return list(days)
    step = ceil(len(days) / max(most, 1))
    last = len(days) - 1 - back
    return [day if i <= last and (last - i) % step == 0 else "\u200b" * (i + 1)
            for i, day in enumerate(days)]


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
