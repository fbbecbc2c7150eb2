"""Reading the verdicts back for a site, oldest first, paged by ``checked_at``
(``desktop_app/wire/register.py`` is the contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from central_server.db.models import RegisterVerdict
from central_server.fhir.store import Principal
from central_server.register.table import register_loaded
from desktop_app.wire.register import Verdict


class NoRegister(LookupError):
    """No register was ever loaded: a site then simply has no verdicts."""


def verdicts_since(engine: Engine, principal: Principal, since: datetime | None,
                   count: int) -> dict[str, Any]:
    query = select(RegisterVerdict)
    if not principal.is_central:
        query = query.where(RegisterVerdict.site_code == principal.site_code)
    if since is not None:
        query = query.where(RegisterVerdict.checked_at >= since)
    with engine.connect() as conn:
        if not register_loaded(conn):
            raise NoRegister
        rows = conn.execute(query.order_by(RegisterVerdict.checked_at).limit(count + 1)).all()
    page = [Verdict(r.patient_id, r.verdict, tuple(filter(None, r.fields.split(","))),
                    r.checked_at, r.version_id) for r in rows[:count]]
    # Times are strictly increasing, so the first verdict left out starts the next page
    # exactly: nothing is sent twice, nothing skipped.
    following = rows[count].checked_at.isoformat() + "Z" if len(rows) > count else None
    return {"verdicts": [v.as_json() for v in page], "next_since": following}
