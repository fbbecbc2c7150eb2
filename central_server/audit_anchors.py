"""Sites' audit trails anchored here, and the alarms when one no longer agrees
(wire contract in ``desktop_app/wire/audit_anchor.py``).

Each round a site sends where its hash chain ends (its head: kept as an anchor) and the
hashes its chain holds now for the entries asked last round. Any rewrite of an anchored
entry whose hashes were recomputed after it changes every later hash, the newest anchors'
included, so those are asked every round; a few older ones, drawn at random, catch an
anchored entry edited alone (another entry edited alone breaks the laptop's own check, not
this one). What the round finds goes in ``audit_alarm``:

- ``backwards``: the head is before the newest anchor (entries deleted from the end, an old
  backup put back, a laptop started afresh);
- ``changed`` / ``missing``: the earliest checked entry whose hash differs from its anchor,
  or that the site no longer has (with how many later checked entries differ too).

The anchors past the difference are then dropped (the alarm keeps what they held), so one
rewrite is told once, and the trail as the site holds it now is anchored from there on.
Ask by ``vaxdesk-central audit-alarms [--site CODE]``; the dashboard's overview lists the
sites in its area that have any.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select

from central_server.db.models import AuditAlarm, AuditAnchor
from desktop_app.wire.audit_anchor import AnchorReport

NEWEST = 3  # asked every round: a recomputed chain shows in them whatever was rewritten
OLDER = 2  # drawn at random among the rest
THIN_AFTER = timedelta(days=1)  # older anchors: one an hour (``_thin``)
ALARM_QUIET = timedelta(hours=1)  # one alarm of a kind a site an hour (``_alarm``)
_draw = random.SystemRandom()


def anchor(engine: Engine, site_code: str, report: AnchorReport, now: datetime) -> list[int]:
    """Judge the report against the site's anchors, anchor its head; the ids to ask next."""
    with engine.begin() as conn:
        _judge(conn, site_code, report, now)
        head = report.head
        if head is not None and _anchored(conn, site_code, [head.entry_id]) == []:
            _thin(conn, site_code, now)
            conn.execute(insert(AuditAnchor).values(
                site_code=site_code, entry_id=head.entry_id, hash=head.hash, received_at=now))
        return _to_check(conn, site_code)


def _judge(conn: Connection, site_code: str, report: AnchorReport, now: datetime) -> None:
    head_id = report.head.entry_id if report.head else 0
    newest = conn.execute(select(AuditAnchor).where(AuditAnchor.site_code == site_code)
                          .order_by(AuditAnchor.entry_id.desc()).limit(1)).first()
    if newest is not None and newest.entry_id > head_id:
        _alarm(conn, site_code, now, "backwards", head_id or None,
               {"head": head_id or None, "anchored_up_to": newest.entry_id,
                "anchored_at": _instant(newest.received_at)})
        _drop(conn, site_code, AuditAnchor.entry_id > head_id)
    now_held = {c.entry_id: c.hash for c in report.checks}
    if report.head is not None:
        now_held.setdefault(report.head.entry_id, report.head.hash)
    differing = [a for a in _anchored(conn, site_code, list(now_held))
                 if now_held[a.entry_id] != a.hash]
    if differing:
        first = differing[0]
        held = now_held[first.entry_id]
        _alarm(conn, site_code, now, "missing" if held is None else "changed", first.entry_id,
               {"anchored": first.hash, "anchored_at": _instant(first.received_at),
                "reported": held, "later_differing": len(differing) - 1})
        _drop(conn, site_code, AuditAnchor.entry_id >= first.entry_id)


def _anchored(conn: Connection, site_code: str, ids: list[int]) -> list[Any]:
    if not ids:
        return []
    return list(conn.execute(select(AuditAnchor).where(
        AuditAnchor.site_code == site_code, AuditAnchor.entry_id.in_(ids))
        .order_by(AuditAnchor.entry_id)))


def _thin(conn: Connection, site_code: str, now: datetime) -> None:
    """Anchors a day old kept one an hour, the hour's last. Every round adds an audit entry
    (its own), so a site online all day anchors 1,440 heads a day; a chain recomputed after
    any rewrite changes every later anchor, the hour's last among them. The day before
    ``now`` is looked at each time: a site that syncs at least hourly leaves none behind."""
    rows = conn.execute(select(AuditAnchor.entry_id, AuditAnchor.received_at).where(
        AuditAnchor.site_code == site_code, AuditAnchor.received_at >= now - 2 * THIN_AFTER,
        AuditAnchor.received_at < now - THIN_AFTER).order_by(AuditAnchor.entry_id)).all()
    last_of_hour = {at.replace(minute=0, second=0, microsecond=0): entry_id
                    for entry_id, at in rows}
    kept = set(last_of_hour.values())
    extra = [entry_id for entry_id, _at in rows if entry_id not in kept]
    if extra:
        _drop(conn, site_code, AuditAnchor.entry_id.in_(extra))


def _drop(conn: Connection, site_code: str, which: Any) -> None:
    conn.execute(delete(AuditAnchor).where(AuditAnchor.site_code == site_code, which))


def _alarm(conn: Connection, site_code: str, now: datetime, kind: str, entry_id: int | None,
           details: dict[str, Any]) -> None:
    """Recorded, unless the site had one of this kind within the hour: a token sending
    heads back and forth would otherwise fill the province's view with one story."""
    recent = conn.execute(select(AuditAlarm.id).where(
        AuditAlarm.site_code == site_code, AuditAlarm.kind == kind,
        AuditAlarm.at > now - ALARM_QUIET).limit(1)).first()
    if recent is None:
        conn.execute(insert(AuditAlarm).values(at=now, site_code=site_code, kind=kind,
                                               entry_id=entry_id, details=json.dumps(details)))


def _to_check(conn: Connection, site_code: str) -> list[int]:
    """The newest anchors, and a few older ones: each drawn as the last anchor at or before
    a random id below them, so a draw costs an index lookup however many anchors a site
    has."""
    mine = AuditAnchor.site_code == site_code
    newest = list(conn.execute(select(AuditAnchor.entry_id).where(mine)
                               .order_by(AuditAnchor.entry_id.desc()).limit(NEWEST)).scalars())
    if len(newest) < NEWEST:
        return newest
    floor = newest[-1]
    lowest = conn.execute(select(func.min(AuditAnchor.entry_id)).where(mine)).scalar()
    older: set[int] = set()
    for _ in range(OLDER if lowest < floor else 0):
        at = _draw.randint(lowest, floor - 1)
        older.add(conn.execute(select(func.max(AuditAnchor.entry_id)).where(
            mine, AuditAnchor.entry_id <= at)).scalar())
    return newest + sorted(older)


def _instant(at: datetime) -> str:
    return at.isoformat(timespec="seconds") + "Z"


# --- reading the alarms --------------------------------------------------------------------

def alarms(engine: Engine, site_code: str | None = None, limit: int = 50) -> list[Any]:
    """The latest first, as rows; of one site, or of every site."""
    query = select(AuditAlarm).order_by(AuditAlarm.id.desc()).limit(limit)
    if site_code:
        query = query.where(AuditAlarm.site_code == site_code)
    with engine.connect() as conn:
        return list(conn.execute(query))


def describe(alarm: Any) -> str:
    """What differed, for the operator.

    >>> row = AuditAlarm(kind="changed", entry_id=7, details=json.dumps({
    ...     "anchored": "ab" * 32, "anchored_at": "2026-12-01T08:00:00Z", "reported": "cd" * 32,
    ...     "later_differing": 2}))
    >>> describe(row).split("; ")  # doctest: +NORMALIZE_WHITESPACE
    ['entry 7 differs from its anchor of 2026-12-01T08:00:00Z (abababababab… now
      cdcdcdcdcdcd…)', '2 later checked entries differ too']
    """
    d = json.loads(alarm.details)
    if alarm.kind == "backwards":
        return (f"the trail now ends at entry {d['head'] or 'none'}, before entry "
                f"{d['anchored_up_to']} anchored at {d['anchored_at']}")
    what = f"entry {alarm.entry_id} "
    what += f"is gone, anchored at {d['anchored_at']} ({d['anchored'][:12]}…)" \
        if alarm.kind == "missing" else \
        f"differs from its anchor of {d['anchored_at']} ({d['anchored'][:12]}… now " \
        f"{d['reported'][:12]}…)"
    later = d.get("later_differing") or 0
    return what + (f"; {later} later checked entries differ too" if later else "")


@dataclass(frozen=True)
class SiteAlarms:
    site_code: str
    count: int
    latest_at: datetime
    latest_kind: str


def by_site(engine: Engine, site_codes: set[str]) -> list[SiteAlarms]:
    """Each site of ``site_codes`` that has alarms: how many, and the latest; latest first."""
    if not site_codes:
        return []
    with engine.connect() as conn:
        counts = conn.execute(
            select(AuditAlarm.site_code, func.count(), func.max(AuditAlarm.id))
            .where(AuditAlarm.site_code.in_(site_codes)).group_by(AuditAlarm.site_code)).all()
        latest = {a.id: a for a in conn.execute(select(AuditAlarm).where(
            AuditAlarm.id.in_([last for _s, _n, last in counts])))} if counts else {}
    found = [SiteAlarms(site, n, latest[last].at, latest[last].kind)
             for site, n, last in counts]
    return sorted(found, key=lambda a: a.latest_at, reverse=True)
