"""One citizen across sites: Patients of different sites that share an identifier are one
person when they also share the folded name and the date of birth, or when the register
verified both under that ID number. A pair that shares the identifier and nothing else is
doubtful: it goes on the review list for central staff, never linked by guess.

An identifier is a Patient's own or the old CMND its chip card names (FHIR use "old"): a
citizen recorded by a CMND at one site and by the CCCD that replaced it at another is one
person through that old number. So a citizen may span identifiers, and the Patients are
relinked as the whole connected set of identifiers the written ones reach. The citizen's id
is its smallest Patient id: the same set always gets the same citizen, whatever order its
records arrived in.

Staff's word on a pair (``decisions.py``) outweighs the rule; their link may join two
Patients that share no identifier at all, so the set also reaches across such links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime
from itertools import combinations
from typing import Any

from sqlalchemy import bindparam, delete, insert, or_, select, update

from central_server.db.models import LinkDecision, PatientLink, RegisterVerdict, ReviewPair
from central_server.register.facts import PatientFacts
from central_server.register.table import chunks
from desktop_app.rules.identity import is_well_formed_id
from desktop_app.wire import fhir
from desktop_app.wire.register import VERIFIED

# What a review pair "differs" in when nothing differs but joining it would join a pair
# staff unlinked.
KEPT_APART = "linked_elsewhere_unlinked"
# What a pair a correction parted differs in: they share no number now, so it is theirs
# alone among review pairs (a doubtful pair shares the number it is listed under).
PARTED = "id_number"

Key = tuple[str, str]  # (identifier system, value)


def id_type_of(system: str) -> str:
    if system == fhir.SYSTEM_CCCD:
        return "CCCD"
    if system == fhir.SYSTEM_CMND:
        return "CMND"
    return "PASSPORT" if system.startswith(fhir.SYSTEM_PASSPORT + "/") else "NONE"


def linkable(system: str | None, value: str | None) -> bool:
    """Only a number shaped like its document can say who someone is: "0" typed where no
    ID was known must not make strangers one person."""
    return bool(system and value and is_well_formed_id(id_type_of(system), value))


def identifiers(p: PatientFacts) -> list[tuple[Key, bool]]:
    """The Patient's identifiers that can link it, each with whether it is the old CMND."""
    own, old = (p.identifier_system, p.identifier_value), (fhir.SYSTEM_CMND, p.old_cmnd)
    found = [(own, False)] if linkable(*own) else []
    if linkable(*old) and old != own:
        found.append((old, True))
    return found  # type: ignore[return-value] - linkable() ruled out the Nones


def relink(conn: Any, patients: Sequence[PatientFacts], now: datetime) -> None:
    ids = [p.patient_id for p in patients]
    linked = {pid: others for pid, others in citizens_of(conn, ids).items() if others}
    held: dict[str, set[Key]] = defaultdict(set)
    for chunk in chunks(ids):  # a correction may move a Patient off its old identifier
        for pid, system, value in conn.execute(
                select(PatientLink.patient_id, PatientLink.identifier_system,
                       PatientLink.identifier_value).where(PatientLink.patient_id.in_(chunk))):
            held[pid].add((system, value))
        conn.execute(delete(PatientLink).where(PatientLink.patient_id.in_(chunk)))
    touched = {key for keys in held.values() for key in keys} | _write(conn, patients)
    if touched:
        relink_groups(conn, touched, now, ids)
    if linked:
        _review_parted(conn, patients, linked, held, now)


def _review_parted(conn: Any, patients: Sequence[PatientFacts], linked: dict[str, list[str]],
                   held: dict[str, set[Key]], now: datetime) -> None:
    """A written Patient taken off a number it shared with another site's Patient linked
    to it (an ID number corrected at one site, the other keeping the old one): the two
    share nothing now, so no rule puts them on the review list, yet one of the two
    numbers is wrong and each site has dropped the other's doses. Staff review the pair
    under the number they shared; it stays on the list, whatever either site writes later,
    until staff decide it (``_still_parted``)."""
    now_linked = citizens_of(conn, list(linked))
    others = sorted({o for members in linked.values() for o in members})
    rows: dict[str, list[Any]] = defaultdict(list)
    for chunk in chunks(others):
        for r in conn.execute(select(PatientLink.__table__).where(
                PatientLink.patient_id.in_(chunk))):
            rows[r.patient_id].append(r)
    mine = {p.patient_id: p for p in patients}
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for pid, members in linked.items():
        p, keys_now = mine[pid], {key for key, _old in identifiers(mine[pid])}
        for other in set(members) - set(now_linked.get(pid, ())):
            there = rows.get(other, [])
            left = sorted({(r.identifier_system, r.identifier_value) for r in there
                           if r.site_code != p.site_code} & (held[pid] - keys_now))
            if not left:
                continue
            r = there[0]
            differ = [PARTED, *(name for name, same in (
                ("full_name", r.name_key == p.name_key), ("dob", r.birth_date == p.dob))
                if not same)]
            a, b = sorted((pid, other))
            pairs[(a, b)] = {"patient_a": a, "patient_b": b, "identifier_system": left[0][0],
                             "identifier_value": left[0][1], "fields": ",".join(differ),
                             "found_at": now}
    if not pairs:
        return
    firsts = {a for a, _b in pairs}
    present = {tuple(r) for r in conn.execute(select(
        ReviewPair.patient_a, ReviewPair.patient_b).where(ReviewPair.patient_a.in_(firsts)))}
    present |= {tuple(r) for r in conn.execute(select(
        LinkDecision.patient_a, LinkDecision.patient_b).where(
        LinkDecision.patient_a.in_(firsts), LinkDecision.decision == "unlink"))}
    fresh = [row for pair, row in pairs.items() if pair not in present]
    if fresh:
        conn.execute(insert(ReviewPair), fresh)


def relink_all(conn: Any, pages: Iterable[Sequence[PatientFacts]], now: datetime) -> None:
    """Links for a ``patient_link`` made empty, in the caller's transaction: every page's
    rows written first, then every identifier relinked a chunk at a time. Each chunk then
    sees whole groups, so a doubtful pair is found again in the call that drops it and
    keeps the time it was first found (the review list's age)."""
    keys: set[Key] = set()
    for page in pages:
        keys |= _write(conn, page)
    for chunk in chunks(keys):
        relink_groups(conn, set(chunk), now, ())


def _write(conn: Any, patients: Sequence[PatientFacts]) -> set[Key]:
    """The Patients' link rows, each its own citizen for now; their identifiers."""
    rows = [_row(p, key, old) for p in patients for key, old in identifiers(p)]
    if rows:
        conn.execute(insert(PatientLink), rows)
    return {(r["identifier_system"], r["identifier_value"]) for r in rows}


def _row(p: PatientFacts, key: Key, old: bool) -> dict[str, Any]:
    return {"patient_id": p.patient_id, "citizen_id": p.patient_id, "site_code": p.site_code,
            "identifier_system": key[0], "identifier_value": key[1], "old": old,
            "name_key": p.name_key, "birth_date": p.dob}


def _groups(conn: Any, keys: set[Key]) -> tuple[dict[Key, list[Any]], set[tuple[str, str]]]:
    """The rows of every identifier in ``keys``, and of every identifier their Patients
    hold besides or the Patients staff linked to them hold, until the set is closed: a
    Patient's citizen depends on all of them. With the pairs staff linked among them."""
    groups: dict[Key, list[Any]] = defaultdict(list)
    linked: set[tuple[str, str]] = set()
    wanted, seen = set(keys), set[str]()
    while wanted:
        reached: set[str] = set()
        for chunk in chunks(v for _, v in wanted):
            for r in conn.execute(select(PatientLink.__table__).where(
                    PatientLink.identifier_value.in_(chunk))):
                if (r.identifier_system, r.identifier_value) in wanted:
                    groups[(r.identifier_system, r.identifier_value)].append(r)
                    reached.add(r.patient_id)
        reached -= seen
        seen |= reached
        pairs = _staff_links(conn, reached)
        linked |= pairs
        wanted = set()
        for chunk in chunks(reached | {pid for pair in pairs for pid in pair}):
            wanted.update((system, value) for system, value in conn.execute(
                select(PatientLink.identifier_system, PatientLink.identifier_value)
                .where(PatientLink.patient_id.in_(chunk))) if (system, value) not in groups)
    return groups, linked


def _staff_links(conn: Any, patient_ids: set[str]) -> set[tuple[str, str]]:
    """The pairs staff linked that hold one of these Patients: a pair may share no
    identifier (``decide``), so the identifiers alone would not reach the other."""
    found: set[tuple[str, str]] = set()
    for chunk in chunks(patient_ids):
        found.update((a, b) for a, b in conn.execute(
            select(LinkDecision.patient_a, LinkDecision.patient_b).where(
                LinkDecision.decision == "link",
                or_(LinkDecision.patient_a.in_(chunk), LinkDecision.patient_b.in_(chunk)))))
    return found


def relink_groups(conn: Any, keys: set[Key], now: datetime, written: Sequence[str]) -> None:
    """The citizens and the review pairs of the Patients these identifiers reach, as the
    rule and staff's decisions (``decisions.decide``) make them; ``written``: Patients
    that may have left a group, whose old review pairs are looked at again."""
    groups, staff_linked = _groups(conn, keys)
    # Most identifiers are held at one site only: no pair to judge, nothing to decide.
    shared = [g for g in groups.values() if len({r.site_code for r in g}) > 1]
    held: dict[str, list[Any]] = defaultdict(list)
    for r in (r for g in groups.values() for r in g):
        held[r.patient_id].append(r)
    # Staff linked these across numbers: no identifier's group holds both.
    across = sorted((a, b) for a, b in staff_linked if a in held and b in held and not (
        {(r.identifier_system, r.identifier_value) for r in held[a]}
        & {(r.identifier_system, r.identifier_value) for r in held[b]}))
    members = sorted({r.patient_id for g in shared for r in g}
                     | {pid for pair in across for pid in pair})
    verified: set[str] = set()
    for chunk in chunks(members):
        verified.update(conn.execute(select(RegisterVerdict.patient_id).where(
            RegisterVerdict.patient_id.in_(chunk), RegisterVerdict.verdict == VERIFIED)
        ).scalars())
    decided = _decisions(conn, members)
    apart = [pair for pair, decision in decided.items() if decision == "unlink"]
    parent = {r.patient_id: r.patient_id for g in groups.values() for r in g}
    doubtful: dict[tuple[str, str], dict[str, Any]] = {}
    for a_id, b_id in across:  # staff's word first, as it outweighs the rule
        if not _join(parent, apart, a_id, b_id):
            # Through others it would join a pair staff unlinked: staff decide which.
            own = min(held[a_id], key=lambda r: r.old)  # the Patient's own number first
            doubtful[(a_id, b_id)] = {
                "patient_a": a_id, "patient_b": b_id, "identifier_system": own.identifier_system,
                "identifier_value": own.identifier_value, "fields": KEPT_APART, "found_at": now}
    for (system, value), group in groups.items():
        for a, b in combinations(sorted(group, key=lambda r: r.patient_id), 2):
            if a.site_code == b.site_code:
                continue  # one site's duplicates are that site's to merge
            differ = _differ(a, b)
            decision = decided.get((a.patient_id, b.patient_id))
            if decision == "unlink":
                continue
            # The register verified each Patient's own number, not an old one it names.
            vouched = not (a.old or b.old) and {a.patient_id, b.patient_id} <= verified
            if decision == "link" or not differ or vouched:
                if _join(parent, apart, a.patient_id, b.patient_id):
                    continue
                # Joining would put a pair staff unlinked back into one citizen, through
                # a record like both: staff decide this pair too.
                differ = differ or (KEPT_APART,)
            if (a.patient_id, b.patient_id) not in doubtful or not (a.old or b.old):
                # A pair sharing both numbers is named by their own, not the old one.
                doubtful[(a.patient_id, b.patient_id)] = {
                    "patient_a": a.patient_id, "patient_b": b.patient_id,
                    "identifier_system": system, "identifier_value": value,
                    "fields": ",".join(differ), "found_at": now}
    citizen = {pid: _root(parent, pid) for pid in parent}
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


def _differ(a: Any, b: Any) -> tuple[str, ...]:
    return tuple(name for name, same in (("full_name", a.name_key == b.name_key),
                                         ("dob", a.birth_date == b.birth_date)) if not same)


def _join(parent: dict[str, str], apart: list[tuple[str, str]], a: str, b: str) -> bool:
    """Put ``a`` and ``b`` in one citizen unless that joins a pair staff unlinked; False
    then. The grouping is transitive, so an unlinked pair is checked on the groups, not
    only on the pair itself."""
    ra, rb = _root(parent, a), _root(parent, b)
    if ra == rb:
        return True
    if any({_root(parent, x), _root(parent, y)} == {ra, rb} for x, y in apart):
        return False
    parent[max(ra, rb)] = min(ra, rb)
    return True


def _root(parent: dict[str, str], x: str) -> str:
    # The larger root always hangs under the smaller, so a root is its component's
    # smallest id.
    while parent[x] != x:
        x = parent[x]
    return x


def _store(conn: Any, groups: dict[Key, list[Any]], citizen: dict[str, str],
           doubtful: dict[tuple[str, str], dict[str, Any]], members: list[str]) -> None:
    changed = {r.patient_id: citizen[r.patient_id] for g in groups.values() for r in g
               if r.citizen_id != citizen[r.patient_id]}
    if changed:  # only where a group joined or split; every row of the Patient
        conn.execute(update(PatientLink).where(PatientLink.patient_id == bindparam("pid"))
                     .values(citizen_id=bindparam("cid")),
                     [{"pid": pid, "cid": cid} for pid, cid in changed.items()])
    kept: dict[tuple[str, str], dict[str, Any]] = {}
    for chunk in chunks(members):
        pairs = or_(ReviewPair.patient_a.in_(chunk), ReviewPair.patient_b.in_(chunk))
        kept.update(((r.patient_a, r.patient_b), dict(r._mapping)) for r in conn.execute(
            select(ReviewPair.__table__).where(pairs)))
        conn.execute(delete(ReviewPair).where(pairs))
    # A pair still doubtful keeps the time it was first found (the review's age).
    rows = [row | {"found_at": kept[pair]["found_at"] if pair in kept else row["found_at"]}
            for pair, row in doubtful.items()]
    rows += _still_parted(conn, {pair: row for pair, row in kept.items()
                                 if pair not in doubtful}, citizen)
    if rows:
        conn.execute(insert(ReviewPair), rows)


def _still_parted(conn: Any, kept: dict[tuple[str, str], dict[str, Any]],
                  citizen: dict[str, str]) -> list[dict[str, Any]]:
    """The pairs a correction parted (``_review_parted``) among those taken off the list:
    sharing no number, no rule finds them again, so they stay as they were until staff
    decide them or the two are one citizen again (a correction undone, staff's link)."""
    parted = {pair: row for pair, row in kept.items()
              if PARTED in row["fields"].split(",")
              and not (pair[0] in citizen and citizen[pair[0]] == citizen.get(pair[1]))}
    if parted:
        decided = _decisions(conn, sorted({a for a, _b in parted}))
        parted = {pair: row for pair, row in parted.items() if pair not in decided}
    return list(parted.values())


def citizens_of(conn: Any, patient_ids: Sequence[str]) -> dict[str, list[str]]:
    """For each Patient given, the other Patients of the same citizen (maybe none)."""
    citizen: dict[str, str] = {}
    for chunk in chunks(patient_ids):
        for pid, cid in conn.execute(select(PatientLink.patient_id, PatientLink.citizen_id)
                                     .where(PatientLink.patient_id.in_(chunk))):
            citizen[pid] = cid
    members: dict[str, set[str]] = defaultdict(set)  # a Patient has a row per identifier
    for chunk in chunks(set(citizen.values())):
        for pid, cid in conn.execute(select(PatientLink.patient_id, PatientLink.citizen_id)
                                     .where(PatientLink.citizen_id.in_(chunk))):
            members[cid].add(pid)
    return {pid: sorted(m for m in members.get(citizen.get(pid, ""), ()) if m != pid)
            for pid in patient_ids}
