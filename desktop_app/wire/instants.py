"""Instants as they travel: ISO 8601 text in, naive UTC out, the form every stored time
takes here and on the central platform. The one reader of them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


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
