"""The audit trail's head anchored at the central platform after each round
(``wire/audit_anchor.py``), with the entries it asked to see last round.

A check's hash is what the entry's content and its link to the one before give, computed
here as the chain's trigger does: an entry edited without recomputing shows as well as one
whose whole chain was recomputed. The platform judges; the site is told only what to send
next time (kept in ``settings.AUDIT_ANCHOR_CHECKS``).

Like the site report, it never stops a round: a server that does not know the path (404)
is skipped, and any other failure is forgotten (the checks asked stay for the next round;
a Stop still stops).
"""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlalchemy import text as sql

from desktop_app import settings
from desktop_app.db.audit_chain import HEAD_SQL, entry_hash
from desktop_app.db.database import Database
from desktop_app.progress import Cancelled
from desktop_app.sync.client import SyncClient
from desktop_app.wire.audit_anchor import (
    MAX_CHECKS,
    PATH,
    Anchor,
    AnchorReport,
    checks_from_json,
)

_ENTRIES_SQL = sql("SELECT id, prev_hash, at, user_id, action, entity, entity_id, details "
                   "FROM audit_entry WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True))


def build_anchor(db: Database) -> AnchorReport:
    """The chain's head and the asked entries' hashes, read in one snapshot."""
    with db.reading() as s:
        asked = [i for i in settings.read(s, settings.AUDIT_ANCHOR_CHECKS)
                 if isinstance(i, int) and i > 0][:MAX_CHECKS]
        _n, last_id, head_hash = s.execute(sql(HEAD_SQL)).one()
        rows = s.execute(_ENTRIES_SQL, {"ids": asked}).all() if asked else []
    found = {row[0]: entry_hash(*row[1:]) for row in rows}
    head = Anchor(last_id, head_hash) if last_id is not None and head_hash else None
    return AnchorReport(head, tuple(Anchor(i, found.get(i)) for i in dict.fromkeys(asked)))


def push_anchor(db: Database, client: SyncClient) -> bool | None:
    """True when the platform took the anchor, None when it takes none (404), False when
    sending failed (told, never raised)."""
    report = build_anchor(db)
    try:
        answer = client.api_response("POST", PATH, json=report.as_json())
        if answer.status_code == 404:
            return None
        if not answer.ok:
            return False
        asked = checks_from_json(answer.json())
    except Cancelled:
        raise
    except Exception:  # noqa: BLE001 - anchored again next round; the round goes on
        return False
    with db.transaction() as s:
        settings.write(s, settings.AUDIT_ANCHOR_CHECKS, asked)
    return True
