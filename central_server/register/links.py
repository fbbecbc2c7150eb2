"""One citizen across sites: Patients of different sites that share an identifier are one
person when they also share the folded name and the date of birth, or when the register
verified both under that ID number. A pair that shares the identifier and nothing else is
doubtful: it goes on the review list for central staff, never linked by guess.

A Patient has at most one identifier, so a citizen never spans two identifiers and each
identifier's Patients are relinked on their own. The citizen's id is its smallest Patient
id: the same group always gets the same citizen, whatever order its records arrived in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from itertools import combinations
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select, update

from central_server.db.models import LinkDecision, PatientLink, RegisterVerdict, ReviewPair
from central_server.register.facts import PatientFacts
from central_server.register.table import chunks, serialise
from desktop_app.rules.identity import is_well_formed_id
from desktop_app.wire import fhir
from desktop_app.wire.register import VERIFIED

Key = tuple[str, str]  # (identifier system, value)


def id_type_of(system: str) -> str:
    if system == fhir.SYSTEM_CCCD:
        return "CCCD"
    if system == fhir.SYSTEM_CMND:
        return "CMND"
    return "PASSPORT" if system.startswith(fhir.SYSTEM_PASSPORT + "/") else "NONE"


def linkable(p: PatientFacts) -> bool:
    """Only a number shaped like its document can say who someone is: "0" typed where no
    ID was known must not make strangers one person."""
    return bool(p.identifier_system and p.identifier_value
                and is_well_formed_id(id_type_of(p.identifier_system), p.identifier_value))


def relink(conn: Any, patients: Sequence[PatientFacts], now: datetime) -> None:
    ids = [p.patient_id for p in patients]
    touched: set[Key] = set()
    for chunk in chunks(ids):  # a correction may move a Patient off its old identifier
        touched.update((system, value) for system, value in conn.execute(
            select(PatientLink.identifier_system, PatientLink.identifier_value)
            .where(PatientLink.patient_id.in_(chunk))))
        conn.execute(delete(PatientLink).where(PatientLink.patient_id.in_(chunk)))
    mine = [p for p in patients if linkable(p)]
    if mine:
        conn.execute(insert(PatientLink), [_row(p) for p in mine])
    touched.update((p.identifier_system, p.identifier_value) for p in mine)  # type: ignore[misc]
    if touched:
        _relink_groups(conn, touched, now, ids)


def _row(p: PatientFacts) -> dict[str, Any]:
    return {"patient_id": p.patient_id, "citizen_id": p.patient_id, "site_code": p.site_code,
            "identifier_system": p.identifier_system, "identifier_value": p.identifier_value,
            "name_key": p.name_key, "birth_date": p.dob}


def _relink_groups(conn: Any, keys: set[Key], now: datetime, written: Sequence[str]) -> None:
    groups: dict[Key, list[Any]] = defaultdict(list)
    for chunk in chunks(v for _, v in keys):
        for r in conn.execute(select(PatientLink.__table__).where(
                PatientLink.identifier_value.in_(chunk))):
            if (r.identifier_system, r.identifier_value) in keys:
                groups[(r.identifier_system, r.identifier_value)].append(r)
    # Most identifiers are held at one site only: no pair to judge, nothing to decide.
    shared = [g for g in groups.values() if len({r.site_code for r in g}) > 1]
    members = [r.patient_id for g in shared for r in g]
    verified: set[str] = set()
    for chunk in chunks(members):
        verified.update(conn.execute(select(RegisterVerdict.patient_id).where(
            RegisterVerdict.patient_id.in_(chunk), RegisterVerdict.verdict == VERIFIED)
        ).scalars())
    decided = _decisions(conn, members)
    citizen: dict[str, str] = {}
    doubtful: dict[tuple[str, str], dict[str, Any]] = {}
    for (system, value), group in groups.items():
        parent = {r.patient_id: r.patient_id for r in group}
        for a, b in combinations(sorted(group, key=lambda r: r.patient_id), 2):
            if a.site_code == b.site_code:
                continue  # one site's duplicates are that site's to merge
            differ = _differ(a, b)
            decision = decided.get((a.patient_id, b.patient_id))
            if decision == "unlink":
                continue
            if decision == "link" or not differ or {a.patient_id, b.patient_id} <= verified:
                ra, rb = _root(parent, a.patient_id), _root(parent, b.patient_id)
                parent[max(ra, rb)] = min(ra, rb)
            else:
                doubtful[(a.patient_id, b.patient_id)] = {
                    "patient_a": a.patient_id, "patient_b": b.patient_id,
                    "identifier_system": system, "identifier_value": value,
                    "fields": ",".join(differ), "found_at": now}
        for r in group:
            citizen[r.patient_id] = _root(parent, r.patient_id)
    # A written Patient may leave pairs behind in a group it just left.
    _store(conn, groups, citizen, doubtful, [*members, *written])


def _decisions(conn: Any, members: list[str]) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    for chunk in chunks(members):
        for a, b, decision in conn.execute(
                select(LinkDecision.patient_a, LinkDecision.patient_b, LinkDecision.decision)
                .where(LinkDecision.patient_a.in_(chunk))):
            found[(a, b)] = decision
    return found


def decide(conn: Any, one: str, other: str, decision: str, now: datetime) -> None:
    """Record staff's decision on a pair and relink their identifier's Patients at once.
    Raises LookupError unless both are Patients of different sites sharing an identifier."""
    a, b = sorted((one, other))
    rows = {r.patient_id: r for r in conn.execute(
        select(PatientLink.__table__).where(PatientLink.patient_id.in_((a, b))))}
    if len(rows) < 2 or a == b:
        raise LookupError("both must be Patients with a well-formed identifier")
    key = (rows[a].identifier_system, rows[a].identifier_value)
    if key != (rows[b].identifier_system, rows[b].identifier_value) \
            or rows[a].site_code == rows[b].site_code:
        raise LookupError("only two sites' Patients with the same identifier can be decided")
    serialise(conn)
    conn.execute(delete(LinkDecision).where(LinkDecision.patient_a == a,
                                            LinkDecision.patient_b == b))
    conn.execute(insert(LinkDecision).values(patient_a=a, patient_b=b, decision=decision,
                                             decided_at=now))
    _relink_groups(conn, {key}, now, (a, b))


def _differ(a: Any, b: Any) -> tuple[str, ...]:
    return tuple(name for name, same in (("full_name", a.name_key == b.name_key),
                                         ("dob", a.birth_date == b.birth_date)) if not same)


def _root(parent: dict[str, str], x: str) -> str:
    # The larger root always hangs under the smaller, so a root is its component's
    # smallest id.
    while parent[x] != x:
        x = parent[x]
    return x


def _store(conn: Any, groups: dict[Key, list[Any]], citizen: dict[str, str],
           doubtful: dict[tuple[str, str], dict[str, Any]], members: list[str]) -> None:
    changed = [(r.patient_id, citizen[r.patient_id]) for g in groups.values() for r in g
               if r.citizen_id != citizen[r.patient_id]]
    if changed:  # only where a group joined or split
        conn.execute(update(PatientLink).where(PatientLink.patient_id == bindparam("pid"))
                     .values(citizen_id=bindparam("cid")),
                     [{"pid": pid, "cid": cid} for pid, cid in changed])
    kept: dict[tuple[str, str], datetime] = {}
    for chunk in chunks(members):
        pairs = or_(ReviewPair.patient_a.in_(chunk), ReviewPair.patient_b.in_(chunk))
        kept.update(((a, b), at) for a, b, at in conn.execute(
            select(ReviewPair.patient_a, ReviewPair.patient_b, ReviewPair.found_at)
            .where(pairs)))
        conn.execute(delete(ReviewPair).where(pairs))
    if doubtful:
        # A pair still doubtful keeps the time it was first found (the review's age).
        conn.execute(insert(ReviewPair), [
            row | {"found_at": kept.get(pair, row["found_at"])}
            for pair, row in doubtful.items()])


def citizens_of(conn: Any, patient_ids: Sequence[str]) -> dict[str, list[str]]:
    """For each Patient given, the other Patients of the same citizen (maybe none)."""
    citizen: dict[str, str] = {}
    for chunk in chunks(patient_ids):
        for pid, cid in conn.execute(select(PatientLink.patient_id, PatientLink.citizen_id)
                                     .where(PatientLink.patient_id.in_(chunk))):
            citizen[pid] = cid
    members: dict[str, list[str]] = defaultdict(list)
    for chunk in chunks(citizen.values()):
        for pid, cid in conn.execute(select(PatientLink.patient_id, PatientLink.citizen_id)
                                     .where(PatientLink.citizen_id.in_(chunk))):
            members[cid].append(pid)
    return {pid: sorted(m for m in members.get(citizen.get(pid, ""), ()) if m != pid)
            for pid in patient_ids}
