"""Times that follow commit order, whatever the server's clock does.

Sites page through changes by time (``_lastUpdated``, a complaint's ``changed_at``, a
verdict's ``checked_at``) from where they stopped. A change stamped earlier than one already
committed is never seen: it happens when the clock steps back (an NTP correction) or, on
PostgreSQL, when two writers take their times and commit in the other order. So each writer
of such a stream takes the stream's lock first (SQLite's BEGIN IMMEDIATE already is one)
and stamps strictly after the latest time the stream holds.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text

TICK = timedelta(microseconds=1)
# PostgreSQL advisory locks, one a stream.
REGISTER = 0x7A8D_0015  # the register/link step (issue 15)
COMPLAINTS = 0x5641584350  # one complaint writer at a time
RESOURCES = 0x5641_5844_4652  # FHIR writes: _lastUpdated in commit order


def serialise(conn: Any, stream: int) -> None:
    """Hold ``stream``'s lock until the transaction ends (a Connection or a Session)."""
    bind = conn.get_bind() if hasattr(conn, "get_bind") else conn
    if bind.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": stream})


def after(latest: datetime | None, now: datetime) -> datetime:
    """``now``, or just after ``latest`` when the clock stands behind it.

    >>> t = datetime(2026, 12, 1, 8)
    >>> after(t, t - timedelta(minutes=5)) == t + TICK, after(None, t) == t
    (True, True)
    """
    return max(now, latest + TICK) if latest else now
