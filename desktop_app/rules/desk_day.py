"""Which day of the desk a screening or a reaction counts on when a session runs past
midnight: the desk's visit and its observation do not end at 00:00, and the day's tally
and the daily reports follow them. Times here are local wall times.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

# A screening stands for the visit it was made in: the calendar day, or these hours back
# when a session runs past midnight (yesterday morning's postponement is another visit).
VISIT_HOURS = 12

OBSERVATION = timedelta(minutes=30)  # the Ministry of Health's minimum after a dose


def same_visit(earlier: datetime, later: datetime) -> bool:
    """Whether a person screened at ``earlier`` and again at ``later`` was at the desk in
    one visit: the same day, or a night session across midnight.

    >>> same_visit(datetime(2026, 11, 20, 23, 55), datetime(2026, 11, 21, 0, 10))
    True
    >>> same_visit(datetime(2026, 11, 20, 9, 0), datetime(2026, 11, 21, 21, 0))
    False
    """
    return earlier.date() == later.date() or \
        later - earlier <= timedelta(hours=VISIT_HOURS)


def reaction_day(onset: datetime, dose_date: date, observed_until: datetime | None) -> date:
    """The day a reaction is reported on: its dose's when it began while the person was
    still watched after the dose (a 00:10 reaction after a 23:55 dose is the night
    session's), else the day it began (days later, at home: that day's report is the
    first to carry it). ``observed_until``: None for a dose with no observation here.

    >>> reaction_day(datetime(2026, 11, 21, 0, 10), date(2026, 11, 20),
    ...              datetime(2026, 11, 21, 0, 25))
    datetime.date(2026, 11, 20)
    >>> reaction_day(datetime(2026, 11, 12, 8, 30), date(2026, 11, 10),
    ...              datetime(2026, 11, 10, 9, 30))
    datetime.date(2026, 11, 12)
    """
    if observed_until is not None and onset <= observed_until:
        return dose_date
    return onset.date()
