"""Doses received per site, day, product and dose number, kept exact as Immunizations are
written, so the dashboard never counts the raw resources.

The FHIR store calls ``record`` once per batch, inside the batch's transaction, with where
each written Immunization counted before and counts now (its validation read the new one;
``key_of`` reads a stored one): a new completed dose adds one; a change of date or product
moves the one; ``entered-in-error`` or ``not-done`` takes it away. Changes are
added up per key in Python first, so a batch costs one upsert per key touched, not per dose.

    >>> key_of("HN-0001", '{"status": "entered-in-error"}') is None
    True
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Table, text

from central_server.db.models import DoseTally, ReceivedDay
from desktop_app.wire import fhir

TallyKey = tuple[str, date, str, int]  # site_code, day, product_code, dose_number


def key_of(site_code: str, content: str | None) -> TallyKey | None:
    """Where a stored Immunization counts, or None when it does not (absent, voided,
    not done)."""
    if content is None:
        return None
    res = json.loads(content)
    if res.get("status") != "completed":
        return None
    dose = fhir.immunization_fields(res)
    return (site_code, dose.dose_date, dose.product_code, dose.dose_number)


def deltas(changes: Iterable[tuple[TallyKey | None, TallyKey | None]]) -> Counter[TallyKey]:
    """``changes``: (where it counted before, where it counts now) per Immunization
    written, None for nowhere; the net change per key, zeros left out."""
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
    """Apply a batch's changes to ``dose_tally`` and ``received_day`` on ``conn`` (the
    batch's own transaction)."""
    net = deltas(changes)
    if not net:
        return
    per_day: Counter[tuple[str, date]] = Counter()
    for (site, day, _product, _dose), n in net.items():
        per_day[(site, day)] += n
    _add(conn, DoseTally.__table__, ("site_code", "day", "product_code", "dose_number"),
         [{"site_code": s, "day": d, "product_code": p, "dose_number": n, "count": c}
          for (s, d, p, n), c in net.items()])
    _add(conn, ReceivedDay.__table__, ("site_code", "day"),
         [{"site_code": s, "day": d, "count": c} for (s, d), c in per_day.items() if c])


def _add(conn: Any, table: Table, key: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    # Sorted: two batches touching the same keys lock them in one order and never deadlock.
    rows.sort(key=lambda r: tuple(r[k] for k in key))
    columns = [*key, "count"]
    if conn.dialect.name == "postgresql":
        # One statement over arrays: one round trip and no per-row SQL to compile, where
        # executemany or a VALUES list cost as much as the batch's own writes.
        arrays = ", ".join(f"CAST(:{c} AS {_PG_TYPES[c]}[])" for c in columns)
        conn.execute(text(
            f"INSERT INTO {table.name} ({', '.join(columns)}) SELECT * FROM unnest({arrays}) "
            f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET count = {table.name}.count + "
            "EXCLUDED.count"), {c: [r[c] for r in rows] for c in columns})
        return
    from sqlalchemy.dialects.sqlite import insert

    stmt = insert(table)
    conn.execute(stmt.on_conflict_do_update(
        index_elements=list(key), set_={"count": table.c.count + stmt.excluded.count}), rows)


_PG_TYPES = {"site_code": "text", "day": "date", "product_code": "text",
             "dose_number": "integer", "count": "integer"}
