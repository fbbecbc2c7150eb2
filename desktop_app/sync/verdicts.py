"""Pulling the population register's verdicts on this site's people (``wire/register.py``).

A server with no register, or one that is not ours (any other FHIR server), answers 404: the
site then has no verdicts and the round goes on. The cursor is inclusive and a verdict
already kept is recognised by its time, so a page cut anywhere loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store
from desktop_app.db.database import Database
from desktop_app.sync.client import ProtocolError, SyncClient
from desktop_app.wire import register

PAGE = 1000


def pull_verdicts(db: Database, client: SyncClient) -> Iterator[int]:
    """Keep the verdicts page by page; yields how many were new so far."""
    with db.reading() as s:
        since = settings.read(s, settings.REGISTER_VERDICT_CURSOR)
    kept = 0
    while since is not None:
        answer = client.api_response("GET", register.PATH,
                                     params={"since": since, "_count": str(PAGE)})
        if answer.status_code == 404:
            return
        if not answer.ok:
            raise ProtocolError(f"HTTP {answer.status_code} from {register.PATH}")
        page = answer.json()
        verdicts = [register.verdict_from_json(v) for v in page.get("verdicts") or ()]
        with db.transaction() as s:
            now = utc_now()
            kept += sum(cleaning_store.record_verdict(s, v, now) for v in verdicts)
            newest = max((v.checked_at for v in verdicts), default=None)
            if newest is not None:
                settings.write(s, settings.REGISTER_VERDICT_CURSOR, newest.isoformat() + "Z")
        yield kept
        following = page.get("next_since")
        since = following if following and following != since else None
