"""Instants as they travel: ISO 8601 text in, naive UTC out, the form every stored time
takes here and on the central platform. The one reader of them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

# Dose days are Vietnam's (UTC+7, no summer time), whoever sends or counts them.
VIETNAM_OFFSET = timedelta(hours=7)


def read_instant(text: Any) -> datetime:
    """ISO 8601 text as naive UTC; without a zone it is taken as UTC. Anything else raises
    ValueError, a year shifted past 1..9999 by its zone included (it raised OverflowError,
    a 500 on the platform).

    >>> read_instant("2026-12-02T06:30:00+07:00"), read_instant("2026-12-01T23:30:00Z")
    (datetime.datetime(2026, 12, 1, 23, 30), datetime.datetime(2026, 12, 1, 23, 30))
    >>> read_instant("0001-01-01T00:00:00+01:00")
    Traceback (most recent call last):
    ...
    ValueError: not a time: '0001-01-01T00:00:00+01:00'
    """
    if not isinstance(text, str):
        raise ValueError(f"not a time: {text!r}")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
    except OverflowError:
        raise ValueError(f"not a time: {text[:40]!r}") from None


def vietnam_day(text: Any) -> date:
    """The day in Vietnam of a FHIR ``dateTime`` that must name a day: a plain date as it
    is (what the desk sends), a time converted from its zone first, so another system's
    "2021-09-01T17:30:00Z" is 2 September as the site lived it, not the 1st. A partial
    date ("2021-09") or anything else raises ValueError.

    >>> vietnam_day("2021-09-01"), vietnam_day("2021-09-01T17:30:00Z")
    (datetime.date(2021, 9, 1), datetime.date(2021, 9, 2))
    >>> vietnam_day("2021-09-01T08:00:00+07:00")
    datetime.date(2021, 9, 1)
    >>> vietnam_day("9999-12-31T23:00:00Z")  # past the last day once in Vietnam: a 400
    Traceback (most recent call last):
    ...
    ValueError: not a day: '9999-12-31T23:00:00Z'
    """
    if not isinstance(text, str) or len(text) < 10:
        raise ValueError(f"not a day: {text!r}")
    if len(text) == 10:
        return date.fromisoformat(text)
    if datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is None:
        return date.fromisoformat(text[:10])  # FHIR wants a zone with a time; as written
    try:
        return (read_instant(text) + VIETNAM_OFFSET).date()
    except OverflowError:
        raise ValueError(f"not a day: {text[:40]!r}") from None
