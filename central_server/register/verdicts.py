"""Reading the verdicts back for a site, oldest first, paged by ``checked_at``
(``desktop_app/wire/register.py`` is the contract)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from central_server.db.models import RegisterVerdict
from central_server.db.time_pages import time_page
from central_server.fhir.store import Principal
from central_server.register.table import register_loaded
from desktop_app.wire.register import Verdict


class NoRegister(LookupError):
    """No register was ever loaded: a site then simply has no verdicts."""


def verdicts_since(engine: Engine, principal: Principal, since: datetime | None,
                   count: int) -> dict[str, Any]:
    with engine.connect() as conn:
        if not register_loaded(conn):
            raise NoRegister
        rows, following = time_page(
            conn, select(RegisterVerdict), RegisterVerdict.checked_at,
            site=RegisterVerdict.site_code,
            site_code=None if principal.is_central else principal.site_code, since=since,
            count=count)
    page = [Verdict(r.patient_id, r.verdict, tuple(filter(None, r.fields.split(","))),
                    r.checked_at, r.version_id) for r in rows]
    return {"verdicts": [v.as_json() for v in page], "next_since": following}
