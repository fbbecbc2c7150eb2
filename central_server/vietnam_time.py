"""Times as people in Vietnam read them. The central platform stores UTC and runs on a
server in any zone; citizens and staff are told Vietnam time (UTC+7, no summer time).

    >>> from datetime import datetime
    >>> shown(datetime(2026, 12, 1, 20, 30)), today(datetime(2026, 12, 1, 20, 30))
    ('02/12/2026 03:30', datetime.date(2026, 12, 2))
"""

from __future__ import annotations

from datetime import date, datetime

from desktop_app.wire.instants import VIETNAM_OFFSET as OFFSET


def shown(at: datetime) -> str:
    """A stored UTC time as dd/mm/yyyy HH:MM in Vietnam."""
    return (at + OFFSET).strftime("%d/%m/%Y %H:%M")


def today(now: datetime) -> date:
    """The date in Vietnam at the UTC moment ``now``."""
    return (now + OFFSET).date()
