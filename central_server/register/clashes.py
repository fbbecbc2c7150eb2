"""One citizen's dose number at two sites: found as records are written, kept, and told to
both sites.

Two sites that were offline can each give (or backfill) the same citizen's "dose 2". The
platform takes both: each is a fact its site recorded, and refusing the second would
strand that site's backlog with nothing the site could do about it. Instead the clash is
kept here (``DoseClash``, once from each side) and each site pulls its own
(``desktop_app/wire/dose_clashes.py``), which puts the person on its cleaning worklist:
the sites find out which dose is wrong and void or correct it there.

One citizen is what the links say (``links.py``): Patients of different sites sharing an
identifier and the person's facts, or that staff linked. A clash is looked for where it
can start or end: in the transaction that writes Patients and doses, after the links are
made (the Patients written, and the Patients of the doses written), after staff link or
unlink a pair, and after a register load's check again (two verified records link). A
clash no longer true (a dose voided or renumbered, the records unlinked) is dropped then.
``scan`` looks at every citizen of two sites or more, for a store from before this
version.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import permutations
from typing import Any

from sqlalchemy import Engine, bindparam, delete, func, insert, select

from central_server.db import commit_order
from central_server.db.models import DoseClash, PatientLink, Resource
from central_server.db.time_pages import time_page
from central_server.fhir.dose_history import held_of
from central_server.register.table import chunks, serialise
from desktop_app.wire.dose_clashes import Clash

_VALUES = ("patient_id", "site_code", "dose_number", "dose_date", "other_patient_id",
           "other_site_code", "other_dose_date")


@dataclass(frozen=True)
class _Dose:
    id: str
    patient_id: str
    site_code: str
    number: int
    day: date


def find(conn: Any, patient_ids: Iterable[str], immunization_ids: Iterable[str],
         now: datetime, *, relinked: Iterable[str] | None = None) -> int:
    """Keep the clashes of these Patients' citizens as they stand now, in the caller's
    transaction: new ones recorded, those no longer true dropped, with those of
    ``immunization_ids`` (doses changed, which may have left the citizen or their number).
    ``relinked``: the Patients whose links may have changed (by default all given): a
    clash of theirs may have ended with the citizen. Returns how many were new. Most
    Patients are one site's only: two indexed reads a 900 of them, nothing written."""
    patients = set(patient_ids)
    doses_changed = set(immunization_ids)
    if not patients and not doses_changed:
        return 0
    groups = citizens_across_sites(conn, patients)
    site_of = {pid: site for members in groups for pid, site in members.items()}
    wanted = _clashing(conn, groups, site_of)
    # A clash is kept on both its Patients: on a citizen of two sites still, or on one
    # whose links changed (the other side of a stale one is dropped with it).
    scope = (patients if relinked is None else set(relinked)) | set(site_of)
    held: dict[tuple[str, str], dict[str, Any]] = {}
    for column, ids in ((DoseClash.patient_id, scope),
                        (DoseClash.immunization_id, doses_changed)):
        for chunk in chunks(ids):
            for row in conn.execute(select(DoseClash.__table__).where(column.in_(chunk))):
                held[(row.immunization_id, row.other_immunization_id)] = dict(row._mapping)
    stale = [pair for pair, row in held.items()
             if pair not in wanted or any(wanted[pair][k] != row[k] for k in _VALUES)]
    gone = {p for a, b in stale for p in ((a, b), (b, a))}  # each side's row
    fresh = [row for pair, row in sorted(wanted.items()) if pair not in held or pair in gone]
    if not gone and not fresh:
        return 0  # nearly always: nothing to write, no lock to take
    # The register and links' lock: their writers write clashes too, and ``found_at`` is
    # handed out in commit order (sites page by it).
    serialise(conn)
    if gone:
        conn.execute(delete(DoseClash).where(
            DoseClash.immunization_id == bindparam("a"),
            DoseClash.other_immunization_id == bindparam("b")),
            [{"a": a, "b": b} for a, b in sorted(gone)])
    if fresh:
        first = _first_time(conn, now)
        conn.execute(insert(DoseClash), [
            row | {"found_at": first + i * commit_order.TICK} for i, row in enumerate(fresh)])
    return len(fresh)


def citizens_across_sites(conn: Any, patients: set[str]) -> list[dict[str, str]]:
    """The citizens of these Patients that span two sites or more: each its Patients'
    sites, by Patient id. Found in the database (``patient_link``'s primary key, then
    ``ix_link_citizen``) so that the citizens of one site, nearly all, cost no row here."""
    citizens: set[str] = set()
    for chunk in chunks(patients):
        citizens.update(conn.execute(select(PatientLink.citizen_id).where(
            PatientLink.patient_id.in_(chunk))).scalars())
    spread: set[str] = set()
    for chunk in chunks(citizens):
        spread.update(conn.execute(
            select(PatientLink.citizen_id).where(PatientLink.citizen_id.in_(chunk))
            .group_by(PatientLink.citizen_id)
            .having(func.count(PatientLink.site_code.distinct()) > 1)).scalars())
    members: defaultdict[str, dict[str, str]] = defaultdict(dict)
    for chunk in chunks(spread):
        for pid, cid, site in conn.execute(
                select(PatientLink.patient_id, PatientLink.citizen_id, PatientLink.site_code)
                .where(PatientLink.citizen_id.in_(chunk))):
            members[cid][pid] = site
    return list(members.values())


def _clashing(conn: Any, groups: list[dict[str, str]], site_of: dict[str, str]
              ) -> dict[tuple[str, str], dict[str, Any]]:
    """Each pair of two sites' completed doses of one citizen under one number, both ways."""
    doses: defaultdict[str, list[_Dose]] = defaultdict(list)  # by Patient
    for chunk in chunks(site_of):
        # By the patient index alone (``dose_history.load`` says why).
        for type_, id_, content in conn.execute(
                select(Resource.type, Resource.id, Resource.content)
                .where(Resource.patient_id.in_(chunk))):
            held = held_of(json.loads(content)) if type_ == "Immunization" else None
            if held is not None and held.number is not None and held.patient_id in site_of:
                doses[held.patient_id].append(_Dose(
                    id_, held.patient_id, site_of[held.patient_id], held.number,
                    held.prior().dose_date))
    wanted: dict[tuple[str, str], dict[str, Any]] = {}
    for members in groups:
        by_number: defaultdict[int, list[_Dose]] = defaultdict(list)
        for pid in members:
            for d in doses.get(pid, ()):
                by_number[d.number].append(d)
        for same in by_number.values():
            for a, b in permutations(same, 2):
                if a.site_code != b.site_code:
                    wanted[(a.id, b.id)] = {
                        "immunization_id": a.id, "other_immunization_id": b.id,
                        "patient_id": a.patient_id, "site_code": a.site_code,
                        "dose_number": a.number, "dose_date": a.day,
                        "other_patient_id": b.patient_id, "other_site_code": b.site_code,
                        "other_dose_date": b.day}
    return wanted


def _first_time(conn: Any, now: datetime) -> datetime:
    """A time after every clash already kept: sites page by it (``check._first_time``)."""
    latest = conn.execute(select(func.max(DoseClash.found_at))).scalar()
    return commit_order.after(latest, now)


def spread_pages(engine: Engine) -> Iterator[tuple[Any, list[str]]]:
    """The Patients of every citizen of two sites or more, 900 citizens' at a time, each
    page in a transaction of its own: (connection, Patient ids)."""
    with engine.connect() as conn:
        spread = conn.execute(
            select(PatientLink.citizen_id).group_by(PatientLink.citizen_id)
            .having(func.count(PatientLink.site_code.distinct()) > 1)).scalars().all()
    for citizens in chunks(spread):
        with engine.begin() as conn:
            yield conn, list(conn.execute(select(PatientLink.patient_id).where(
                PatientLink.citizen_id.in_(citizens))).scalars())


def scan(engine: Engine, now: datetime) -> int:
    """Every citizen of two sites or more looked at (a store from before clashes were
    kept), a page a transaction; returns how many clashes were new."""
    return sum(find(conn, patients, (), now) for conn, patients in spread_pages(engine))


def clashes_since(engine: Engine, site_code: str | None, since: datetime | None,
                  count: int) -> dict[str, Any]:
    """A page of ``wire.dose_clashes``: the site's clashes (``site_code`` None: every
    site's) found at or after ``since``, oldest first."""
    with engine.connect() as conn:
        rows, following = time_page(conn, select(DoseClash), DoseClash.found_at,
                                    site=DoseClash.site_code, site_code=site_code, since=since,
                                    count=count)
    return {"clashes": [_clash(r).as_json() for r in rows], "next_since": following}


def _clash(row: Any) -> Clash:
    return Clash(row.patient_id, row.immunization_id, row.dose_number, row.dose_date,
                 row.other_site_code, row.other_immunization_id, row.other_dose_date,
                 row.found_at)


def clash_list(engine: Engine, site_code: str | None = None) -> list[str]:
    """One line per clash, oldest first (``vaxdesk-central dose-clashes``): when, the dose
    number, and each side's site, Patient, Immunization and date. Each clash once; with a
    site, that site's side first."""
    query = select(DoseClash).order_by(DoseClash.found_at, DoseClash.immunization_id)
    if site_code is not None:
        query = query.where(DoseClash.site_code == site_code)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [f"{r.found_at:%Y-%m-%d %H:%M}  dose {r.dose_number}  |  {r.site_code} "
            f"Patient/{r.patient_id} Immunization/{r.immunization_id} {r.dose_date}  |  "
            f"{r.other_site_code} Patient/{r.other_patient_id} "
            f"Immunization/{r.other_immunization_id} {r.other_dose_date}"
            for r in rows
            if site_code is not None or (r.site_code, r.immunization_id)
            < (r.other_site_code, r.other_immunization_id)]
