"""What a site learns of the hotline calls it filed that went elsewhere: each one's status
and outcome by its code, as anyone holding the code reads them on the public status page
(``web/complaint_pages.status_page``), never where it went, who answered, or the records
the answer touched. Likewise the complaints that left the site (handed back as not its own,
or moved by the province): its desk keeps their code and follows them by it.

The site that took the call is the one the citizen calls back; without this its copy stayed
open and overdue for good, and its clerk had no answer to give. A complaint that came back
to the filer (or routed back to a site it left) is not here: the site's pull brings it
whole (``store.since_for_site``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from central_server.db.models import Complaint as Row
from central_server.db.models import ComplaintDeparture, ComplaintEntry
from desktop_app.wire.complaints import FiledStatus, resolution_from_json


def filed_elsewhere(engine: Engine, site_code: str, codes: Sequence[str]) -> list[FiledStatus]:
    """Of ``codes``, those ``site_code`` filed (its hotline entries) or that left it, and
    that another site or the province holds now, oldest change first; a code it neither
    filed nor held, or one unknown, is left out as if it were not asked."""
    if not codes:
        return []
    filed = select(ComplaintEntry.code).where(ComplaintEntry.site_code == site_code)
    left = select(ComplaintDeparture.code).where(ComplaintDeparture.site_code == site_code)
    query = (select(Row.code, Row.status, Row.escalated, Row.changed_at, Row.resolution)
             .where(Row.code.in_(list(codes)),
                    or_(Row.code.in_(filed), Row.code.in_(left)),
                    or_(Row.site_code.is_(None), Row.site_code != site_code))
             .order_by(Row.changed_at))
    with Session(engine) as s:
        rows = s.execute(query).all()
    told = []
    for code, status, escalated, changed_at, resolution in rows:
        r = resolution_from_json(json.loads(resolution)) if resolution else None
        told.append(FiledStatus(code, status, bool(escalated), changed_at,
                                r.action if r else None, r.note if r else "",
                                r.resolved_at if r else None))
    return told
