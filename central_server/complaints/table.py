"""``vaxdesk-central complaints``: the complaints as a plain table for staff at a terminal
(times in Vietnam time, as the citizen was told)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from central_server.complaints.store import listing
from central_server.fhir.store import utc_now
from central_server.vietnam_time import shown
from desktop_app.wire.complaints import OPEN, is_overdue

HEADER = ("code", "kind", "received", "due", "status", "site")


def print_table(engine: Engine, *, site_code: str | None = None,
                overdue_only: bool = False, now: datetime | None = None) -> None:
    now = now or utc_now()
    rows = [HEADER]
    for c in listing(engine, now, site_code=site_code, overdue_only=overdue_only):
        state = c.status
        if is_overdue(c.counted_from, c.status, now):
            state = "OVERDUE" + (" (province)" if c.escalated else "")
        elif c.status == OPEN and c.escalated:
            state = "open (province)"
        rows.append((c.code, c.submission.kind, shown(c.received_at), shown(c.due_at),
                     state, c.site_code or f"province {c.province_code or '?'}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    for r in rows:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
    print(f"{len(rows) - 1} complaint(s)")
