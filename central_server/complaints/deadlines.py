"""The 48 hours in SQL, one way for the store and the dashboard's figures: when a
complaint's count starts (its receipt, or its latest reopening) and which open ones are
past it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from central_server.db.models import Complaint as Row
from central_server.db.models import ComplaintReopening
from desktop_app.wire.complaints import DEADLINE_HOURS


def overdue_before(now: datetime) -> datetime:
    return now - timedelta(hours=DEADLINE_HOURS)



def latest_reopening() -> Any:
    """The complaint's latest reopening (None: never), per row of a query of complaints,
    by the reopenings' index (code, id)."""
    return (select(func.max(ComplaintReopening.at))
            .where(ComplaintReopening.code == Row.code)
            .correlate(Row).scalar_subquery())



def counted_from_sql() -> Any:
    """When each complaint's 48 hours start (``wire.counted_from``), in SQL."""
    return func.coalesce(latest_reopening(), Row.received_at)



def past_deadline(now: datetime) -> tuple[Any, ...]:
    """Open past its 48 hours: received before them (by the status index), and not
    reopened since (a reopening is never before the receipt)."""
    before = overdue_before(now)
    return Row.received_at < before, counted_from_sql() < before

