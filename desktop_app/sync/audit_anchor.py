"""The audit trail's head anchored at the central platform after each round
(``wire/audit_anchor.py``), with the entries and segments it asked to see last round.

A check's hash is what the entry's content and its link to the one before give, computed
here as the chain's trigger does: an entry edited without recomputing shows as well as one
whose whole chain was recomputed. A segment is walked by content alone, from the hash the
platform gave for its first end, the stored ``prev_hash``/``hash`` never read: an entry
between two anchors edited, added or deleted (which changes no anchored hash) shows in the
hash the walk ends on. The platform judges; the site is told only what to send next time
(kept in ``settings.AUDIT_ANCHOR_CHECKS`` and ``settings.AUDIT_ANCHOR_SEGMENTS``).

The work is bounded: at most ``MAX_SEGMENTS`` segments of at most ``MAX_SEGMENT_ENTRIES``
ids each (a longer one asked is not walked, and not reported), read in the same snapshot as
the head and the checks; 20,000 entries walk in about 60 ms.

Like the site report, it never stops a round: a server that does not know the path (404)
is skipped, and any other failure raises for the round's ``step`` to tell in the summary
(the checks and segments asked stay for the next round; a Stop still stops).
"""

from __future__ import annotations

from sqlalchemy import bindparam
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.db.audit_chain import HEAD_SQL, entry_hash
from desktop_app.db.database import Database
from desktop_app.sync.answers import answer_json
from desktop_app.sync.client import SyncClient
from desktop_app.sync.errors import ProtocolError
from desktop_app.wire.audit_anchor import (
    MAX_CHECKS,
    MAX_SEGMENT_ENTRIES,
    MAX_SEGMENTS,
    PATH,
    Anchor,
    AnchorReport,
    SegmentAsked,
    SegmentWalked,
    answer_from_json,
)

_ENTRIES_SQL = sql("SELECT id, prev_hash, at, user_id, action, entity, entity_id, details "
                   "FROM audit_entry WHERE id IN :ids").bindparams(
    bindparam("ids", expanding=True))
_SEGMENT_SQL = sql("SELECT id, at, user_id, action, entity, entity_id, details "
                   "FROM audit_entry WHERE id > :after AND id <= :to ORDER BY id")


def build_anchor(db: Database) -> AnchorReport:
    """The chain's head, the asked entries' hashes and the asked segments walked, read in one
    snapshot."""
    with db.reading() as s:
        asked = [i for i in settings.read(s, settings.AUDIT_ANCHOR_CHECKS)
                 if isinstance(i, int) and i > 0][:MAX_CHECKS]
        _n, last_id, head_hash = s.execute(sql(HEAD_SQL)).one()
        rows = s.execute(_ENTRIES_SQL, {"ids": asked}).all() if asked else []
        walked = tuple(_walk(s, segment) for segment in _segments_asked(s))
    found = {row[0]: entry_hash(*row[1:]) for row in rows}
    head = Anchor(last_id, head_hash) if last_id is not None and head_hash else None
    return AnchorReport(head, tuple(Anchor(i, found.get(i)) for i in dict.fromkeys(asked)),
                        walked)


def _segments_asked(s: Session) -> list[SegmentAsked]:
    try:  # kept as the platform sent them, so read back by the wire's own reader
        stored = settings.read(s, settings.AUDIT_ANCHOR_SEGMENTS)[:MAX_SEGMENTS]
        asked = answer_from_json({"check": [], "segments": stored}).segments
    except (ValueError, KeyError, TypeError):
        return []
    return [a for a in asked if a.to_id - a.from_id <= MAX_SEGMENT_ENTRIES]


def _walk(s: Session, segment: SegmentAsked) -> SegmentWalked:
    """Each entry's hash from the one before as walked, never as stored."""
    walked, last_id, h = 0, None, segment.from_hash
    for row in s.execute(_SEGMENT_SQL, {"after": segment.from_id, "to": segment.to_id}):
        h = entry_hash(h, *row[1:])
        walked, last_id = walked + 1, row[0]
    return SegmentWalked(segment.from_id, segment.to_id,
                         h if last_id == segment.to_id else None, walked)


def push_anchor(db: Database, client: SyncClient) -> bool | None:
    """True when the platform took the anchor, None when it takes none (404); a failure
    raises (SyncError, ProtocolError, ValueError for a malformed answer)."""
    report = build_anchor(db)
    answer = client.api_response("POST", PATH, json=report.as_json())
    if answer.status_code == 404:
        return None
    if not answer.ok:
        raise ProtocolError(f"HTTP {answer.status_code} from POST {PATH}")
    asked = answer_from_json(answer_json(answer))
    with db.transaction() as s:
        settings.write(s, settings.AUDIT_ANCHOR_CHECKS, list(asked.check))
        settings.write(s, settings.AUDIT_ANCHOR_SEGMENTS,
                       [segment.as_json() for segment in asked.segments])
    return True
