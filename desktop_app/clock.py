"""The device clock, in one place, so services can be given a fixed time in tests."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc_now() -> datetime:
    """Naive UTC, as stored in SQLite (which has no time-zone type)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_today() -> date:
    return date.today()
