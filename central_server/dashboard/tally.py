"""Doses received per site and day of injection, kept exact as Immunizations are written, so
the dashboard's completeness never counts the raw resources.

The FHIR store calls ``record`` once per batch, inside the batch's transaction, with where
each written Immunization counted before and counts now (its validation read the new day;
``key_of`` reads a stored one): a new completed dose adds one; a change of date moves the
one; ``entered-in-error`` or ``not-done`` takes it away. Changes are added up per key in
Python first, so a batch costs one upsert per site-day touched, not per dose.

Doses whose first version arrives entered in error (voided on the laptop before they were
sent) are counted apart while they stay so (``voided_changes``, ``record_voided``): they are
on neither side of completeness. One restored later counts as received, and only there.

Only what a page reads is kept on the write path: a per-product, per-dose-number table was
kept here too and read by no page, yet cost more than half of the tally's time in ingest.

    >>> key_of("HN-0001", '{"status": "entered-in-error"}') is None
    True
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import text

from central_server.db.models import ReceivedDay, VoidedOnArrivalDay
from desktop_app.wire import fhir

TallyKey = tuple[str, date]  # site_code, day of injection


def key_of(site_code: str, content: str | None) -> TallyKey | None:
    """Where a stored Immunization counts, or None when it does not (absent, voided,
    not done)."""
    if content is None:
        return None
    res = json.loads(content)
    if res.get("status") != "completed":
        return None
    return (site_code, fhir.immunization_fields(res).dose_date)


def deltas(changes: Iterable[tuple[TallyKey | None, TallyKey | None]]) -> Counter[TallyKey]:
    """``changes``: (where it counted before, where it counts now) per Immunization
    written, None for nowhere; the net change per key, zeros left out.

    >>> a, b = ("HN-0001", date(2021, 9, 1)), ("HN-0001", date(2021, 9, 2))
    >>> dict(deltas([(None, a), (None, a), (a, b), (b, None), (a, a)]))
    {('HN-0001', datetime.date(2021, 9, 1)): 1}
    """
    net: Counter[TallyKey] = Counter()
    for old, new in changes:
        if old == new:
            continue
        if old is not None:
            net[old] -= 1
        if new is not None:
            net[new] += 1
    return Counter({k: n for k, n in net.items() if n})


def record(conn: Any, changes: Iterable[tuple[TallyKey | None, TallyKey | None]]) -> None:
    """Apply a batch's changes to ``received_day`` on ``conn`` (the batch's own
    transaction)."""
    _add(conn, ReceivedDay.__table__, deltas(changes))


# How the store's canonical JSON writes a voided status: a cheap look before a parse.
_VOIDED = '"status":"entered-in-error"'


def voided_key_of(site_code: str, content: str | None) -> TallyKey | None:
    """Where a stored Immunization would count as voided before it was sent: its site and
    day of injection while it is entered in error, else None.

    >>> voided_key_of("HN-0001", '{"status":"completed"}') is None
    True
    """
    if content is None or _VOIDED not in content:
        return None
    res = json.loads(content)
    if res.get("status") != "entered-in-error":
        return None
    return (site_code, fhir.immunization_fields(res).dose_date)


def voided_changes(conn: Any, stored: dict[tuple[str, str], tuple[str, str]],
                   now: dict[tuple[str, str], TallyKey | None],
                   first_new: dict[tuple[str, str], bool]) -> Counter[TallyKey]:
    """The net change a batch makes to the doses voided before they were sent: those whose
    first version arrived entered in error and that are so now. ``now``: where each
    Immunization written would count if its first version was voided (``voided_key_of`` of
    what it is now); ``stored``: the (site, content) held before the batch of those it had;
    ``first_new``: whether the first version of each made in this batch was voided. The
    first version of one held before is read only when it is voided before or after (a
    restore, a void again, a changed day): rare, so one query for the batch."""
    was = {k: voided_key_of(site, content) for k, (site, content) in stored.items()}
    voided_first = _first_voided(conn, [k[1] for k in stored if was[k] or now[k]])
    changes = []
    for key, counts in now.items():
        if key in stored:
            first = key[1] in voided_first
            changes.append((was[key] if first else None, counts if first else None))
        else:
            changes.append((None, counts if first_new.get(key) else None))
    return deltas(changes)


def _first_voided(conn: Any, ids: list[str]) -> set[str]:
    """Which of these Immunizations' first versions (kept whole) were entered in error."""
    if not ids:
        return set()
    from sqlalchemy import select  # noqa: PLC0415 - only a restore or a re-void needs it

    from central_server.db.models import ResourceVersion

    rows = conn.execute(select(ResourceVersion.id, ResourceVersion.content).where(
        ResourceVersion.type == "Immunization", ResourceVersion.version_id == 1,
        ResourceVersion.id.in_(ids), ResourceVersion.content.contains(_VOIDED)))
    return {id_ for id_, content in rows if voided_key_of("", content) is not None}


def record_voided(conn: Any, net: Counter[TallyKey]) -> None:
    """Apply a batch's ``voided_changes`` to ``voided_unsent_day``, in the batch's
    transaction."""
    _add(conn, VoidedOnArrivalDay.__table__, net)


def _add(conn: Any, table: Any, net: Counter[TallyKey]) -> None:
    """Add ``net`` to a (site_code, day, count) tally, one statement for the batch."""
    if not net:
        return
    # Sorted: two batches touching the same keys lock them in one order and never deadlock.
    rows = sorted(net.items())
    if conn.dialect.name == "postgresql":
        # One statement over arrays: one round trip and no per-row SQL to compile, where
        # executemany or a VALUES list cost as much as the batch's own writes.
        conn.execute(text(
            f"INSERT INTO {table.name} (site_code, day, count) "
            "SELECT * FROM unnest(CAST(:site AS text[]), CAST(:day AS date[]), "
            "CAST(:n AS integer[])) "
            f"ON CONFLICT (site_code, day) DO UPDATE SET count = {table.name}.count + "
            "EXCLUDED.count"),
            {"site": [s for (s, _), _ in rows], "day": [d for (_, d), _ in rows],
             "n": [n for _, n in rows]})
        return
    from sqlalchemy.dialects.sqlite import insert

    stmt = insert(table)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=["site_code", "day"], set_={"count": table.c.count + stmt.excluded.count}),
        [{"site_code": s, "day": d, "count": n} for (s, d), n in rows])


def count_voided_on_arrival(engine: Any) -> int:
    """Count ``voided_unsent_day`` again from nothing: every Immunization whose first
    version (kept whole, ``fhir_resource_version``) was entered in error and that is so
    now, by its site and day of injection; returns how many. Run when the table is made (a
    store from before it was kept). Exact whenever it runs; it holds
    the FHIR writers' lock (``commit_order.RESOURCES``) so that a write beside it is counted
    once, by the scan or by its own tally, never by both (a CLI command or a second server
    starting with the upgrade). The text is the store's canonical JSON: its status reads as
    one exact string."""
    from sqlalchemy import delete, select  # noqa: PLC0415 - the write path needs neither

    from central_server.db import commit_order
    from central_server.db.models import Resource, ResourceVersion

    first = (select(Resource.site_code, Resource.content, ResourceVersion.content)
             .join(ResourceVersion, (ResourceVersion.type == Resource.type)
                   & (ResourceVersion.id == Resource.id))
             .where(Resource.type == "Immunization", ResourceVersion.version_id == 1,
                    ResourceVersion.content.contains(_VOIDED),
                    Resource.content.contains(_VOIDED)))
    arrived: Counter[TallyKey] = Counter()
    with engine.begin() as conn:
        commit_order.serialise(conn, commit_order.RESOURCES)
        conn.execute(delete(VoidedOnArrivalDay))
        for site_code, content, first_content in conn.execute(first):
            key = voided_key_of(site_code, content)
            if key is not None and voided_key_of(site_code, first_content) is not None:
                arrived[key] += 1
        _add(conn, VoidedOnArrivalDay.__table__, arrived)
    return sum(arrived.values())
