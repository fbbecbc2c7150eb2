"""Sites' audit trails anchored here, and the alarms when one no longer agrees
(wire contract in ``desktop_app/wire/audit_anchor.py``).

Each round a site sends where its hash chain ends (its head: kept as an anchor), the
hashes its chain holds now for the entries asked last round, and the segments asked last
round walked again. Any rewrite of an anchored entry whose hashes were recomputed after it
changes every later hash, the newest anchors' included, so those are asked every round; a
few older ones, drawn at random, catch an anchored entry edited alone. An entry between two
anchors edited alone (its later hashes not recomputed) changes no anchored hash: a segment
catches it, the entries between two consecutive anchors walked by content from the first
one's hash, which must end on the second one's. What the round finds goes in
``audit_alarm``:

- ``backwards``: the head is before the newest anchor (entries deleted from the end, an old
  backup put back, a laptop started afresh);
- ``changed`` / ``missing``: the earliest checked entry whose hash differs from its anchor,
  or that the site no longer has (with how many later checked entries differ too);
- ``segment``: a walk that does not end on its anchor, or finds no entry there (an entry
  inside edited, added or deleted), with the two ends, the hash reported and how many
  entries were walked.

After ``backwards``, ``changed`` or ``missing`` the anchors past the difference are dropped
(the alarm keeps what they held), so one rewrite is told once, and the trail as the site
holds it now is anchored from there on. After ``segment`` no anchor is dropped: the hashes
the site stores were not recomputed, so its later anchors still agree, and dropping them
would not help, as any walk through the edited entry differs for good, whatever anchors it
runs between. Instead, no segment is drawn or judged again across an entry already told
(inside a ``segment`` alarm's ends, or a ``changed``/``missing`` alarm's entry): one edit is
told once, at the price of not walking again the anchors' span around it.

Segments are drawn by entry, not by pair: a random id between the lowest and the newest
anchor, and the two anchors around it (two index lookups). Every entry is as likely to be
walked, however the anchors around it are spaced; the minute-apart pairs of a busy day are
thinned into hour-long ones within two days (``_thin``), which are then drawn often. Which
pairs were already walked is not kept: it would need a column (``create_all`` adds none to a
store made before) or a table written every round. A pair more than ``MAX_SEGMENT_ENTRIES``
ids apart (a big import between two rounds) is never asked.

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
from desktop_app.wire.audit_anchor import (
    MAX_SEGMENT_ENTRIES,
    AnchorAnswer,
    AnchorReport,
    SegmentAsked,
    SegmentWalked,
)

NEWEST = 3  # asked every round: a recomputed chain shows in them whatever was rewritten
OLDER = 2  # drawn at random among the rest
SEGMENTS = 2  # pairs of consecutive anchors drawn, walked whole by the site next round
TOLD_LOOKED_AT = 500  # the latest alarms whose entries no segment crosses again
THIN_AFTER = timedelta(days=1)  # older anchors: one an hour (``_thin``)
ALARM_QUIET = timedelta(hours=1)  # one alarm of a kind a site an hour (``_alarm``)
_draw = random.SystemRandom()


def anchor(engine: Engine, site_code: str, report: AnchorReport, now: datetime
           ) -> AnchorAnswer:
    """Judge the report against the site's anchors, anchor its head; what to ask next."""
    with engine.begin() as conn:
        _judge(conn, site_code, report, now)
        _judge_segments(conn, site_code, report.segments, now)
        head = report.head
        if head is not None and _anchored(conn, site_code, [head.entry_id]) == []:
            _thin(conn, site_code, now)
            conn.execute(insert(AuditAnchor).values(
                site_code=site_code, entry_id=head.entry_id, hash=head.hash, received_at=now))
        return AnchorAnswer(tuple(_to_check(conn, site_code)),
                            tuple(_segments(conn, site_code)))


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


def _judge_segments(conn: Connection, site_code: str, walked: tuple[SegmentWalked, ...],
                    now: datetime) -> None:
    """Each walk against the anchor it should end on. Only a pair of consecutive anchors is
    judged, as asked: one whose end is no longer anchored was dropped (a difference told
    above), and a ``from`` that is not the anchor just below ``to`` was never asked (a site
    choosing its own span would mark it told, and no segment across it asked again)."""
    told = _told(conn, site_code) if walked else []
    for segment in walked:
        end = _anchored(conn, site_code, [segment.to_id])
        if not end or end[0].hash == segment.hash \
                or _anchor_below(conn, site_code, segment.to_id) != segment.from_id \
                or _crosses(segment.from_id, segment.to_id, told):
            continue
        _alarm(conn, site_code, now, "segment", segment.to_id,
               {"from": segment.from_id, "to": segment.to_id, "anchored": end[0].hash,
                "anchored_at": _instant(end[0].received_at), "reported": segment.hash,
                "entries": segment.entries})
        told = _told(conn, site_code)


def _anchor_below(conn: Connection, site_code: str, entry_id: int) -> int | None:
    return conn.execute(select(func.max(AuditAnchor.entry_id)).where(
        AuditAnchor.site_code == site_code, AuditAnchor.entry_id < entry_id)).scalar()


def _told(conn: Connection, site_code: str) -> list[tuple[int, int]]:
    """The entries already told, as ``(after, up_to)`` id spans: a walk across one differs
    for good, so none is asked or judged again."""
    rows = conn.execute(select(AuditAlarm.kind, AuditAlarm.entry_id, AuditAlarm.details).where(
        AuditAlarm.site_code == site_code,
        AuditAlarm.kind.in_(("changed", "missing", "segment")))
        .order_by(AuditAlarm.id.desc()).limit(TOLD_LOOKED_AT)).all()
    spans = []
    for kind, entry_id, details in rows:
        if kind == "segment":
            d = json.loads(details)
            spans.append((d["from"], d["to"]))
        else:
            spans.append((entry_id - 1, entry_id))
    return spans


def _crosses(after: int, up_to: int, told: list[tuple[int, int]]) -> bool:
    return any(after < told_up_to and told_after < up_to for told_after, told_up_to in told)


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


def _segments(conn: Connection, site_code: str) -> list[SegmentAsked]:
    """A few pairs of consecutive anchors, each the pair around a random entry id (see the
    module's docstring); too long or across a told entry: not asked this round."""
    mine = AuditAnchor.site_code == site_code
    lowest, newest = conn.execute(select(func.min(AuditAnchor.entry_id),
                                         func.max(AuditAnchor.entry_id)).where(mine)).one()
    if lowest is None or lowest == newest:
        return []
    told = _told(conn, site_code)
    found: dict[int, SegmentAsked] = {}
    for _ in range(SEGMENTS):
        at = _draw.randint(lowest + 1, newest)
        end = conn.execute(select(func.min(AuditAnchor.entry_id)).where(
            mine, AuditAnchor.entry_id >= at)).scalar()
        start = conn.execute(select(AuditAnchor.entry_id, AuditAnchor.hash).where(
            mine, AuditAnchor.entry_id < end).order_by(AuditAnchor.entry_id.desc()).limit(1)
        ).one()
        if end - start.entry_id <= MAX_SEGMENT_ENTRIES \
                and not _crosses(start.entry_id, end, told):
            found[start.entry_id] = SegmentAsked(start.entry_id, start.hash, end)
    return [found[k] for k in sorted(found)]


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
    >>> describe(AuditAlarm(kind="segment", entry_id=9, details=json.dumps({
    ...     "from": 4, "to": 9, "anchored": "ab" * 32, "anchored_at": "2026-12-01T08:00:00Z",
    ...     "reported": None, "entries": 4})))  # doctest: +NORMALIZE_WHITESPACE
    'entries 5 to 9 no longer chain to the anchor of entry 9 of 2026-12-01T08:00:00Z
     (abababababab…; walked 4 of 5 ids, entry 9 is gone)'
    """
    d = json.loads(alarm.details)
    if alarm.kind == "backwards":
        return (f"the trail now ends at entry {d['head'] or 'none'}, before entry "
                f"{d['anchored_up_to']} anchored at {d['anchored_at']}")
    if alarm.kind == "segment":
        ended = f"entry {d['to']} is gone" if d["reported"] is None else \
            f"ended on {d['reported'][:12]}…"
        return (f"entries {d['from'] + 1} to {d['to']} no longer chain to the anchor of entry "
                f"{d['to']} of {d['anchored_at']} ({d['anchored'][:12]}…; walked "
                f"{d['entries']} of {d['to'] - d['from']} ids, {ended})")
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
