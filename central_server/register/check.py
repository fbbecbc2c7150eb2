"""A Patient against the population register: verified, not_found, or a mismatch naming
the fields that differ. One verdict per Patient, for its current version.

Only CCCD and CMND numbers are in the register: a passport or no document gets no verdict.
A verdict that would say the same again about the same version is not rewritten, so a
reload of an unchanged register sends the sites nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select

from central_server.db.models import RegisterVerdict
from central_server.register.facts import PatientFacts
from central_server.register.table import chunks, register_loaded, register_table
from desktop_app.wire import fhir
from desktop_app.wire.register import MISMATCH, NOT_FOUND, VERIFIED

CHECKED_SYSTEMS = (fhir.SYSTEM_CCCD, fhir.SYSTEM_CMND)
_TICK = timedelta(microseconds=1)


def judge(p: PatientFacts, entry: Any | None) -> tuple[str, tuple[str, ...]]:
    """The verdict on one Patient, given its register entry (None: not in the register)."""
    if entry is None:
        return NOT_FOUND, ()
    differ = tuple(name for name, same in (
        ("full_name", entry.name_key == p.name_key),
        ("dob", entry.dob == p.dob),
        ("sex", entry.sex == p.sex),
    ) if not same)
    return (MISMATCH, differ) if differ else (VERIFIED, ())


def record_verdicts(conn: Any, patients: Sequence[PatientFacts], now: datetime) -> None:
    if not register_loaded(conn):
        return
    table = register_table()
    checked = [p for p in patients if p.identifier_system in CHECKED_SYSTEMS]
    entries: dict[str, Any] = {}
    for chunk in chunks(p.identifier_value for p in checked if p.identifier_value):
        rows = conn.execute(select(table.c.id_number, table.c.name_key, table.c.dob,
                                   table.c.sex).where(table.c.id_number.in_(chunk)))
        entries.update((r.id_number, r) for r in rows)
    before: dict[str, tuple[str, str, int]] = {}
    for chunk in chunks(p.patient_id for p in patients):
        rows = conn.execute(select(RegisterVerdict.patient_id, RegisterVerdict.verdict,
                                   RegisterVerdict.fields, RegisterVerdict.version_id)
                            .where(RegisterVerdict.patient_id.in_(chunk)))
        before.update((r[0], tuple(r[1:])) for r in rows)
    fresh: dict[str, dict[str, Any]] = {}
    for p in checked:
        verdict, fields = judge(p, entries.get(p.identifier_value or ""))
        if before.get(p.patient_id) != (verdict, ",".join(fields), p.version_id):
            fresh[p.patient_id] = {"patient_id": p.patient_id, "site_code": p.site_code,
                                   "verdict": verdict, "fields": ",".join(fields),
                                   "version_id": p.version_id}
    # A Patient corrected to a passport (or no document) no longer has a verdict.
    gone = set(before) - {p.patient_id for p in checked}
    stale = [pid for pid in before if pid in fresh or pid in gone]
    for chunk in chunks(stale):
        conn.execute(delete(RegisterVerdict).where(RegisterVerdict.patient_id.in_(chunk)))
    if fresh:
        at = _first_time(conn, now)
        rows = []
        for i, pid in enumerate(sorted(fresh)):
            rows.append(fresh[pid] | {"checked_at": at + i * _TICK})
        conn.execute(insert(RegisterVerdict), rows)


def _first_time(conn: Any, now: datetime) -> datetime:
    """A time after every verdict already given: ``since`` paging needs strictly
    increasing times even when the clock steps back or two batches share a microsecond."""
    latest = conn.execute(select(func.max(RegisterVerdict.checked_at))).scalar()
    return max(now, latest + _TICK) if latest else now
