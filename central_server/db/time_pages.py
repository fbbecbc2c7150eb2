"""One page of a list a site pulls by time (``since`` inclusive, ``_count``, ``next_since``):
the register's verdicts, the dose clashes, the people told of other sites, the complaints.
Each list's times strictly increase across the server (``commit_order``), so the first row
left out starts the next page exactly: nothing is sent twice, nothing skipped."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute


def time_page(conn: Any, query: Select[Any], when: InstrumentedAttribute[datetime], *,
              site: InstrumentedAttribute[str] | None = None, site_code: str | None = None,
              since: datetime | None, count: int) -> tuple[list[Any], str | None]:
    """The rows of ``query`` at or after ``since`` by ``when`` (of ``site_code`` by ``site``
    when both are given), oldest first, at most ``count``; and the ``next_since`` to ask
    the next page from (None: this is the last)."""
    if site is not None and site_code is not None:
        query = query.where(site == site_code)
    if since is not None:
        query = query.where(when >= since)
    rows = conn.execute(query.order_by(when).limit(count + 1)).all()
    if len(rows) <= count:
        return rows, None
    left = rows[count]  # a row of columns, or of an ORM entity first (a Session's)
    at = getattr(left, when.key) if when.key in left._fields else getattr(left[0], when.key)
    return rows[:count], at.isoformat() + "Z"
