"""The trail up to a day, a page at a time: every entry of that day and before comes once,
however many pages the day fills and whatever order the entries' times were written in (a
clock set back, then put right: later entries with earlier times). The pages are cut at an
entry's number and ordered by it, so a day filter on the time cannot lose or repeat one."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from desktop_app.clock import utc_bounds
from desktop_app.db import store
from desktop_app.db.models import AuditEntry
from desktop_app.services.audit_trail import trail_page

DAY = date(2026, 11, 10)


def _pages(db, actor, **kw) -> list[list[int]]:
    pages, before = [], None
    while True:
        page = trail_page(db, "vi", actor=actor, before=before, size=7, **kw)
        pages.append([e.id for e in page.entries])
        if page.older is None:
            return pages
        before = page.older


def test_a_days_entries_over_many_pages_and_out_of_time_order_come_once_each(db, boss):
    start, end = utc_bounds(DAY, DAY)
    # By number: the day's, the next day's, then a clock set back a week and put right.
    times = ([start + timedelta(minutes=5 * i) for i in range(30)]
             + [end + timedelta(minutes=i) for i in range(10)]
             + [start - timedelta(days=7, minutes=-i) for i in range(10)]
             + [start + timedelta(hours=20, minutes=i) for i in range(10)]
             + [end + timedelta(days=1, minutes=i) for i in range(5)])
    with db.transaction() as s:
        for n, at in enumerate(times):
            s.add(store.audit_entry("export", "file", f"tep-{n}.csv", {"rows": n}, at,
                                    boss.user_id if n % 3 else None))
    for who in (None, boss.user_id):
        with db.reading() as s:
            query = select(AuditEntry.id).where(AuditEntry.at < end).order_by(
                AuditEntry.id.desc())
            if who is not None:
                query = query.where(AuditEntry.user_id == who)
            wanted = list(s.scalars(query))
        pages = _pages(db, boss, until=DAY, user_id=who)
        shown = [i for page in pages for i in page]
        assert len(pages) > 3 and shown == wanted  # each once, newest number first
