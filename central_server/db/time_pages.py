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
              since: datetime | None, count: int,
              beside: Select[Any] | None = None) -> tuple[list[Any], str | None]:
    """The rows of ``query`` at or after ``since`` by ``when`` (of ``site_code`` by ``site``
    when both are given), oldest first, at most ``count``; and the ``next_since`` to ask
    the next page from (None: this is the last). ``beside``: a second query whose rows are
    paged in with them (no row in both), each read through its own index: PostgreSQL reads
    an OR of a site's complaints and the few that left it as a filter over every row
    changed since the cursor."""
    if site is not None and site_code is not None:
        query = query.where(site == site_code)
    parts = [query] if beside is None else [query, beside]
    if since is not None:
        parts = [part.where(when >= since) for part in parts]
    rows = [row for part in parts
            for row in conn.execute(part.order_by(when).limit(count + 1)).all()]
    if beside is not None:  # times strictly increase across the server: no two equal
        rows.sort(key=lambda row: _when(row, when))
        rows = rows[:count + 1]
    if len(rows) <= count:
        return rows, None
    return rows[:count], _when(rows[count], when).isoformat() + "Z"


def _when(row: Any, when: InstrumentedAttribute[datetime]) -> datetime:
    # A row of columns, or of an ORM entity first (a Session's).
    return getattr(row, when.key) if when.key in row._fields else getattr(row[0], when.key)
