"""Write resources the way the sync protocol promises: idempotent, versioned, never silent.

Each entry of a batch is answered on its own (``docs/sync-protocol.md``):

* a new id is created (201);
* the same content again is a no-op that answers with the current version (200), so a
  retried request after a lost response changes nothing;
* different content needs ``If-Match`` with the current version (200, a new version);
  without it the create is refused (409), with an old version it is a conflict (412);
  a transfer file's entry may instead name the current content as one it sent before
  (``if_content``: a correction of a record an earlier file carried);
* a site may only write its own records (403); invalid content is refused (400).

A whole batch commits in one transaction: a server killed mid-batch leaves nothing half
written, and the client sends the batch again.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, bindparam, func, insert, select, update

from central_server.dashboard import tally
from central_server.db import commit_order
from central_server.db.models import Resource, ResourceVersion, VersionWriter
from central_server.fhir import dose_history
from central_server.fhir.outcome import outcome
from central_server.fhir.validate import Indexed, Invalid, check_immunization, check_patient
from central_server.register import clashes, elsewhere
from central_server.register.facts import PatientFacts, facts_of, refresh
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.doses import PriorDose
from desktop_app.wire import fhir
from desktop_app.wire.outbox_file import content_digest

TYPES = ("Patient", "Immunization")
CHUNK = 900  # ids per IN (...) query


@dataclass(frozen=True)
class Principal:
    """Who is writing: a site (its code) or central staff (``site_code`` None)."""

    site_code: str | None
    label: str = ""

    @property
    def is_central(self) -> bool:
        return self.site_code is None


@dataclass
class WriteRequest:
    type: str
    id: str
    resource: dict[str, Any]
    if_match: int | None = None
    # Contents (outbox_file.content_digest) the writer sent before and may replace whatever
    # their version: a transfer file's record whose earlier version went in an earlier file.
    if_content: frozenset[str] = frozenset()


@dataclass
class EntryResult:
    status: int
    type: str = ""
    id: str = ""
    version_id: int | None = None
    last_updated: datetime | None = None
    outcome: dict[str, Any] | None = None

    @property
    def location(self) -> str:
        return f"{self.type}/{self.id}/_history/{self.version_id}"


@dataclass
class _Current:
    site_code: str
    version_id: int
    content: str
    last_updated: datetime
    source: str | None


@dataclass
class _Plan:
    inserts: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    updates: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    versions: list[dict[str, Any]] = field(default_factory=list)
    patients: dict[str, PatientFacts] = field(default_factory=dict)  # new versions
    # Where each Immunization written now counts (tally.TallyKey, None if it does not), as
    # its validation read it: parsing the stored text again was half the tally's cost.
    counted: dict[tuple[str, str], tally.TallyKey | None] = field(default_factory=dict)
    # Where each Immunization written now would count as voided before it was sent (its
    # site and day while entered in error, else None), and whether the first version of one
    # made in this batch was entered in error: ``tally.voided_changes`` reads both.
    voided: dict[tuple[str, str], tally.TallyKey | None] = field(default_factory=dict)
    first_voided: dict[tuple[str, str], bool] = field(default_factory=dict)


def canonical(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def write(
    engine: Engine, catalogue: Catalogue, principal: Principal,
    requests: Sequence[WriteRequest | EntryResult],
) -> list[EntryResult]:
    """Apply the requests (an EntryResult in the list is an entry already refused while
    parsing, kept in place) in one transaction; return one result per request."""
    valid = [r for r in requests if isinstance(r, WriteRequest)]
    with engine.begin() as conn:
        # Inside the lock, after the latest stamp: sites page by _lastUpdated, and a change
        # stamped behind one already committed (the clock stepped back) was never pulled.
        commit_order.serialise(conn, commit_order.RESOURCES)
        now = commit_order.after(_latest_stamp(conn), utc_now())
        before = _load_current(conn, [(r.type, r.id) for r in valid])
        dosed = {_patient_id(r.resource) for r in valid if r.type == "Immunization"} - {None}
        births = _birth_dates(conn, sorted(
            p for p in dosed - {r.id for r in valid if r.type == "Patient"} if p), principal)
        # What each dose sent counts as; the numbers each Patient is sent.
        given = [(i, r.id, dose_history.held_of(r.resource)) for i, r in enumerate(requests)
                 if isinstance(r, WriteRequest) and r.type == "Immunization"]
        # A Patient new in this batch has no dose stored: nothing to read for it.
        fresh = {r.id for r in valid if r.type == "Patient" and ("Patient", r.id) not in before}
        numbers: defaultdict[str, set[int]] = defaultdict(set)
        for _i, _id, h in given:
            if h.number and h.patient_id and h.patient_id not in fresh:
                numbers[h.patient_id].add(h.number)
        held = dose_history.load(conn, numbers)
        # The batch's doses as stored, wherever they are now (a merge moves one over).
        held.update((key[1], dose_history.held_of(json.loads(cur.content)))
                    for key, cur in before.items()
                    if key[0] == "Immunization" and key[1] not in held)
        # Doses held already that the batch sends again (or sends twice): they count, for
        # the entries before them, as they will then be. A new dose counts only once taken.
        twice = {id_ for id_, n in Counter(id_ for _i, id_, _h in given).items() if n > 1}
        sent = [g for g in given if g[1] in held or g[1] in twice]
        untrusted: frozenset[str] = frozenset()
        while True:
            # Entries are replaced in these, never changed in place: copies start afresh.
            current, birth, plan = dict(before), dict(births), _Plan()
            doses = _Doses(dose_history.Batch(held, sent, untrusted))
            results = [r if isinstance(r, EntryResult) else _one(
                r, principal, catalogue, current, birth, plan, now, doses.at(i))
                for i, r in enumerate(requests)]
            # Almost never: a dose taken on the word of a later entry that was refused.
            broken = doses.batch.broken({i: r.status in (200, 201)
                                         for i, r in enumerate(results)})
            if broken <= untrusted:
                break
            untrusted |= broken
        if plan.inserts:
            conn.execute(insert(Resource), list(plan.inserts.values()))
        if plan.updates:
            conn.execute(
                update(Resource)
                .where(Resource.type == bindparam("k_type"), Resource.id == bindparam("k_id"))
                .values({c: bindparam(c) for c in _UPDATE_COLUMNS}),
                [dict(v, k_type=k[0], k_id=k[1]) for k, v in plan.updates.items()],
            )
        if plan.versions:
            conn.execute(insert(ResourceVersion), plan.versions)
        if plan.versions and principal.is_central:  # whose staff token: meta.source cannot say
            conn.execute(insert(VersionWriter), [
                {"type": v["type"], "id": v["id"], "version_id": v["version_id"],
                 "label": principal.label} for v in plan.versions])
        # In the same transaction: a Patient is never stored without its verdict and links,
        # nor a citizen's dose number at two sites without its clash (after the links).
        # Who the updated Patients' citizens held before their links are made again: a
        # correction here that breaks a link leaves those Patients' sites to be told.
        linked_before = elsewhere.linked_now(conn, [k[1] for k in plan.updates
                                                   if k[0] == "Patient"])
        refresh(conn, list(plan.patients.values()), now)
        changed = {*plan.patients, *(
            row["patient_id"] for key, row in (*plan.inserts.items(), *plan.updates.items())
            if key[0] == "Immunization" and row["patient_id"])}
        # A dose moved away (a merge, or its undoing): its old Patient's other sites too.
        changed |= {pid for k in plan.updates if k[0] == "Immunization" and k in before
                    and (pid := _patient_id(json.loads(before[k].content)))}
        relinked = [k[1] for k in plan.updates if k[0] == "Patient"]
        clashes.find(conn, changed, [k[1] for k in plan.updates if k[0] == "Immunization"],
                     now, relinked=relinked)
        # And the citizen's other sites told (their laptops take these doses next round),
        # and a Patient told its other sites' doses when its links are new.
        elsewhere.tell(conn, changed, now, relinked={*plan.patients, *linked_before})
        # The dashboard's counts move in the same transaction as the doses they count.
        tally.record(conn, (
            (tally.key_of(before[k].site_code, before[k].content) if k in before else None,
             now_counted) for k, now_counted in plan.counted.items()))
        tally.record_voided(conn, tally.voided_changes(
            conn, {k: (before[k].site_code, before[k].content) for k in plan.voided
                   if k in before}, plan.voided, plan.first_voided))
    return results


_UPDATE_COLUMNS = ("site_code", "version_id", "last_updated", "source", "identifier_system",
                   "identifier_value", "patient_id", "birth_date", "content")


class _Doses:
    """The batch's dose history (``dose_history.Batch``) as ``check_immunization`` reads
    it, for the entry being taken."""

    def __init__(self, batch: dose_history.Batch) -> None:
        self.batch, self.entry_id = batch, ""

    def at(self, position: int) -> _Doses:
        self.batch.at(position)
        return self

    def of(self, patient_id: str, dose_number: int) -> list[PriorDose]:
        return self.batch.history(patient_id, self.entry_id, dose_number)


def _one(
    req: WriteRequest, principal: Principal, catalogue: Catalogue,
    current: dict[tuple[str, str], _Current], birth: dict[str, date | None], plan: _Plan,
    now: datetime, doses: _Doses,
) -> EntryResult:
    key = (req.type, req.id)
    cur = current.get(key)
    content = canonical(fhir.content_of(req.resource))
    try:
        if req.type == "Patient":
            indexed = check_patient(req.resource)
        else:
            doses.entry_id = req.id
            # The same content again (a retry) is not judged against the others again.
            same = cur is not None and cur.content == content
            indexed = check_immunization(req.resource, catalogue, birth,
                                         None if same else doses)
    except Invalid as bad:
        return EntryResult(400, req.type, req.id, outcome=bad.outcome)
    owner = cur.site_code if cur else indexed.site_code
    if not principal.is_central and indexed.site_code != principal.site_code:
        # A laptop names its own site on every record it sends, so a record naming another
        # site means the access code is another site's (or the laptop's site was changed):
        # every record would meet it, and the laptop stops its round instead of having each
        # refused. Decided on what the request says alone, so it tells nothing of the
        # records held.
        return EntryResult(403, req.type, req.id, outcome=outcome(
            "ACCESS_CODE_OTHER_SITE", issue_type="forbidden", site=principal.site_code,
            named=indexed.site_code))
    if not principal.is_central and owner != principal.site_code:
        # The owner is not named: the answer must not tell another site's records apart.
        return EntryResult(403, req.type, req.id, outcome=outcome(
            "FORBIDDEN_SITE", issue_type="forbidden", site=principal.site_code))
    if req.type == "Patient":
        birth[req.id] = indexed.birth_date
    if cur is not None and cur.content == content:
        return EntryResult(200, req.type, req.id, cur.version_id, cur.last_updated)
    # The writer's own earlier content is replaced as with a matching If-Match.
    earlier = cur is not None and _holds_earlier(cur, req)
    if cur is not None and req.if_match is None and not earlier:
        return EntryResult(409, req.type, req.id, cur.version_id, outcome=outcome(
            "ALREADY_EXISTS", issue_type="duplicate", ref=f"{req.type}/{req.id}"))
    if cur is not None and req.if_match != cur.version_id and not earlier:
        return EntryResult(412, req.type, req.id, cur.version_id, outcome=outcome(
            "VERSION_CONFLICT", issue_type="conflict", ref=f"{req.type}/{req.id}",
            current=cur.version_id, given=req.if_match))
    version = cur.version_id + 1 if cur else 1
    source = fhir.CENTRAL_SOURCE if principal.is_central else fhir.site_source(
        principal.site_code, (req.resource.get("meta") or {}).get("source"))
    row = _row(req, indexed, owner, version, now, source, content)
    if key in plan.inserts or cur is None:
        plan.inserts[key] = row  # created earlier in this batch: still one insert
    else:
        plan.updates[key] = {c: row[c] for c in _UPDATE_COLUMNS}
    plan.versions.append({"type": req.type, "id": req.id, "version_id": version,
                          "last_updated": now, "source": source, "content": content})
    current[key] = _Current(owner, version, content, now, source)
    if req.type == "Patient":
        plan.patients[req.id] = facts_of(req.id, owner, version, req.resource)
    else:
        plan.counted[key] = (owner, indexed.counted_day) if indexed.counted_day else None
        plan.voided[key] = (owner, indexed.voided_day) if indexed.voided_day else None
        if cur is None:  # its first version
            plan.first_voided[key] = indexed.voided_day is not None
        given = indexed.dose
        doses.batch.accepted(req.id, dose_history.Held(
            indexed.patient_id, given.dose_number, given.dose_date, given.product_code)
            if given else dose_history.Held(indexed.patient_id))
    return EntryResult(200 if cur else 201, req.type, req.id, version, now)


def _holds_earlier(cur: _Current, req: WriteRequest) -> bool:
    # The stored text is the resource less `meta`: what the writer took its digests of.
    return bool(req.if_content) and content_digest(json.loads(cur.content)) in req.if_content


def _latest_stamp(conn: Any) -> datetime | None:
    """The newest ``_lastUpdated`` of any resource (``ix_resource_updated``)."""
    return conn.execute(select(func.max(Resource.last_updated))).scalar()


def _row(req: WriteRequest, ix: Indexed, owner: str, version: int, now: datetime,
         source: str | None, content: str) -> dict[str, Any]:
    return {
        "type": req.type, "id": req.id, "site_code": owner, "version_id": version,
        "last_updated": now, "source": source, "identifier_system": ix.identifier_system,
        "identifier_value": ix.identifier_value, "patient_id": ix.patient_id,
        "birth_date": ix.birth_date, "content": content,
    }


def _patient_id(res: dict[str, Any]) -> str | None:
    """Read before validation, so of any shape; a malformed one is refused later."""
    patient = res.get("patient")
    ref = patient.get("reference") if isinstance(patient, dict) else None
    return ref.split("/", 1)[1] if isinstance(ref, str) and ref.startswith("Patient/") \
        else None


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


def _load_current(conn: Any, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], _Current]:
    found: dict[tuple[str, str], _Current] = {}
    cols = (Resource.type, Resource.id, Resource.site_code, Resource.version_id,
            Resource.content, Resource.last_updated, Resource.source)
    by_type: dict[str, set[str]] = {}
    for type_, id_ in keys:
        by_type.setdefault(type_, set()).add(id_)
    for type_, ids in sorted(by_type.items()):
        for chunk in _chunks(sorted(ids)):
            # The type with the ids: the primary key (type, id) is then probed per id. On
            # the id alone PostgreSQL scanned the whole table, a scan that grew with every
            # dose received (most of an ingest's time at a few hundred thousand resources).
            # FOR UPDATE: on PostgreSQL, two writers of one record queue up (SQLite: no-op).
            rows = conn.execute(select(*cols).where(Resource.type == type_,
                                                    Resource.id.in_(chunk)).with_for_update())
            for t, i, site, v, content, updated, source in rows:
                found[(t, i)] = _Current(site, v, content, updated, source)
    return found


def _birth_dates(conn: Any, ids: Sequence[str], principal: Principal
                 ) -> dict[str, date | None]:
    """The Patients a dose of ``principal`` may name: its own site's (staff: any). Another
    site's person is as unknown as one nobody has: a site sees them only read-only, through
    the cross-site search, and brings them in as its own person (services/lookup.py)."""
    found: dict[str, date | None] = {}
    for chunk in _chunks(sorted(ids)):
        query = select(Resource.id, Resource.birth_date).where(
            Resource.type == "Patient", Resource.id.in_(chunk))
        if not principal.is_central:
            query = query.where(Resource.site_code == principal.site_code)
        found.update(dict(conn.execute(query).all()))
    return found


def as_resource(type_: str, id_: str, version: int, updated: datetime, source: str | None,
                content: str) -> dict[str, Any]:
    """A stored resource as FHIR JSON, ``meta`` restored."""
    res = json.loads(content)
    meta: dict[str, Any] = {"versionId": str(version), "lastUpdated": instant(updated)}
    if source:
        meta["source"] = source
    return {"resourceType": type_, "id": id_, "meta": meta,
            **{k: v for k, v in res.items() if k not in ("resourceType", "id")}}


def instant(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"
