"""The database side of pushing: take a batch from the outbox, record what the server said.

The sync is a state machine over ``sync_record`` rows, and each step here is one short
transaction, so a crash at any line leaves a state to resume from:

    pending ──claim──▶ sending ──ack──▶ synced
                         │  ├──refused──▶ rejected (fixed by an edit: pending again; one
                         │  │             refused for its number, by a sibling's ack too)
                         │  └──conflict─▶ conflict (a person chooses; then pending/synced)
                         └──(crash, no answer)── stays sending: claimed again next time

A record edited while it was on the wire goes back to pending with the version the server
acknowledged, so the edit is sent next as an update, never lost and never a false conflict.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal_column,
    not_,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session, aliased

from desktop_app.db.database import Database
from desktop_app.db.models import (
    AuditEntry,
    Dose,
    DoseReaction,
    Person,
    SyncRecord,
    VaccineProduct,
)
from desktop_app.sync import own_writes
from desktop_app.wire import fhir, foreign

_T = SyncRecord.__table__  # sending first: what a crash left on the wire goes again
# ``sync_record.foreign_body`` of a record on the platform since before the laptop kept what
# other systems write (migration 0024): read from its server copy before it goes again.
FOREIGN_UNKNOWN = "?"
# What a record is sent from, besides its row (``_outgoing``).
_PICKED = (SyncRecord.record_id, SyncRecord.local_version, SyncRecord.server_version,
           SyncRecord.sent_digests, SyncRecord.foreign_body)


@dataclass(frozen=True)
class Outgoing:
    entity: str  # person | dose
    record_id: str
    version: int  # the local version on the wire
    server_version: str | None
    resource: dict[str, Any]
    sent_digests: str | None = None  # this version's included (own_writes)
    sent_before: bool = False  # an earlier send went unanswered or was acknowledged
    # What other systems wrote on the central copy is not known here (FOREIGN_UNKNOWN):
    # only a transfer file carries such a record, asking central to keep them; with the
    # records merges made here folded the person into (their links on it are the laptop's).
    foreign_unknown: bool = False
    own_folds: tuple[str, ...] = ()

    @property
    def if_match(self) -> str | None:
        return f'W/"{self.server_version}"' if self.server_version else None


@dataclass(frozen=True)
class Ack:
    server_version: str
    received_at: datetime | None


@dataclass(frozen=True)
class Refused:
    issues: list[dict[str, Any]]  # [{code, vi, en, where}]


@dataclass(frozen=True)
class Conflict:
    server_body: dict[str, Any] | None
    issues: list[dict[str, Any]]


@dataclass(frozen=True)
class Adopt:
    """Our own earlier write reached the server but its answer was lost: take its version
    and send the newer local version as an update."""

    server_version: str
    version_on_server: int  # the local version that the server holds


@dataclass(frozen=True)
class Wait:
    """A dose the server refused for not knowing its person: it waits (pending) for them.
    ``resend``: that person, whom the laptop took for sent: the server has lost them, so
    they are no longer taken for sent (their doses wait for them, see ``claim``) and go
    again unless they wait for a person's hand (rejected, in conflict)."""

    resend: str | None = None


@dataclass(frozen=True)
class Defer:
    """Re-read too often this round (the server keeps refusing its version): left for the
    next round, its reason kept, so a round always ends."""

    issues: list[dict[str, Any]]


Outcome = Ack | Refused | Conflict | Adopt | Wait | Defer


# The mark as a literal, not a bound parameter: SQLite takes a partial index only for a
# query whose WHERE it can see implies the index's (ix_sync_record_foreign_unknown, 0025).
_UNKNOWN = SyncRecord.foreign_body == literal_column(f"'{FOREIGN_UNKNOWN}'")


def foreign_unknown(db: Database) -> list[tuple[str, str]]:
    """The queued records whose other systems' elements are not known here yet."""
    with db.reading() as s:  # the state checked here: on it, SQLite took the state index
        return [(e, r) for e, r, state in s.execute(select(
            SyncRecord.entity, SyncRecord.record_id, SyncRecord.state).where(_UNKNOWN))
            if state in ("pending", "sending")]


def requeue_unanswered(db: Database) -> int:
    """At the start of a round, records still 'sending' were on the wire when the last round
    died (crash, power cut, kill): queue them again. Their PUTs are idempotent, so whatever
    the server did with them, sending again is safe."""
    with db.transaction() as s:
        return s.connection().execute(
            update(_T).where(_T.c.state == "sending").values(state="pending")
        ).rowcount


def release(db: Database, batch: Sequence[Outgoing]) -> None:
    """A batch left unanswered (or claimed beside it), queued again within the round to go
    in smaller batches (``engine``), as ``requeue_unanswered`` queues a round's cut off.
    Their digests stay: each goes again as sent before, so a create is looked for on the
    server first (``push._looked_first``), an update meets its ``If-Match``, and whatever
    the server took is known as this laptop's own write (``own_writes``), never twice."""
    if not batch:
        return
    with db.transaction() as s:
        s.connection().execute(
            update(_T).where(_T.c.entity == bindparam("e"), _T.c.record_id == bindparam("rid"),
                             _T.c.state == "sending").values(state="pending"),
            [{"e": o.entity, "rid": o.record_id} for o in batch])


# The platform's refusals of a dose for the person's other doses (``rules.doses``): a
# sibling acknowledged since may be what stood in the way.
SEQUENCE_REFUSALS = ("DOSE_NUMBER_DUPLICATE", "DOSE_ORDER")


def _queue_refused_siblings(conn: Any, acked_doses: list[str], answered: set[str]) -> None:
    """A dose acknowledged: the person's doses the platform refused for their number or
    its order go again. The acknowledged one may be what stood in their way: the void of a
    dose 2 that reached the platform after the dose 2 replacing it (batches on the wire at
    once are answered in any order). Those still on the wire, answered in a batch not
    recorded yet, are marked (``sent_version`` emptied): such a refusal may be of the
    platform before this acknowledgement, and goes again once (``record``) instead of
    waiting for a supervisor's "send again". Not those refused in this very answer
    (``answered``): with the sibling beside them, that refusal was their own."""
    refused = or_(*(_T.c.last_error.contains(f'"{c}"') for c in SEQUENCE_REFUSALS))
    waiting = select(_T.c.record_id).where(_T.c.state == "rejected", _T.c.entity == "dose",
                                           refused)
    if not acked_doses:
        return
    rejected_waiting = conn.execute(waiting.limit(1)).first() is not None
    for i in range(0, len(acked_doses), 900):
        people = select(Dose.person_id).where(Dose.id.in_(acked_doses[i:i + 900]))
        siblings = select(Dose.id).where(Dose.person_id.in_(people))
        if rejected_waiting:
            conn.execute(update(_T).where(
                _T.c.record_id.in_(waiting), _T.c.entity == "dose",
                _T.c.record_id.in_(siblings)).values(state="pending"))
        conn.execute(update(_T).where(
            _T.c.entity == "dose", _T.c.state == "sending", _T.c.record_id.in_(siblings),
            _T.c.record_id.not_in(answered)).values(sent_version=None))


def claim(db: Database, limit: int, site_code: str) -> list[Outgoing]:
    """Mark up to ``limit`` pending records as sending and build their resources.

    People go with their pending doses in the same batch, person first (the server takes a
    batch's entries in order, so the Immunization finds its Patient): a new person's doses
    never wait for another round trip. Doses of people already on the server fill the rest.
    A dose whose person is not on the server and not in this batch (rejected, in conflict)
    is not sent: it would only be refused for an unknown patient."""
    with db.transaction() as s:
        # Only pending: 'sending' rows of this round are on the wire right now.
        people = s.execute(_pending("person").limit(max(1, limit // 3))).all()
        doses = _doses_of(s, [p[0] for p in people]) if people else []
        if len(people) + len(doses) < limit:
            person_sync = aliased(SyncRecord)
            # Not the doses of the people just taken (an edited person already on the
            # server is in both sets).
            doses += s.execute(_pending("dose").where(exists().where(
                Dose.id == SyncRecord.record_id,
                person_sync.entity == "person",
                person_sync.record_id == Dose.person_id,
                person_sync.synced_version > 0,
                person_sync.state != "pending",
            )).limit(limit - len(people) - len(doses))).all()
        picked = [("person", *p) for p in people] + [("dose", *d) for d in doses]
        if not picked:
            return []
        rows = {
            "person": _rows(s, "person", [p[0] for p in people]),
            "dose": _rows(s, "dose", [d[0] for d in doses]),
        }
        # Built before anything leaves, so the digest of what is sent is stored first.
        out = _outgoing(s, db, picked, rows, site_code)
        s.connection().execute(  # Core executemany: one statement for the whole batch
            update(_T)
            .where(_T.c.entity == bindparam("e"), _T.c.record_id == bindparam("rid"))
            .values(state="sending", sent_version=bindparam("v"), attempts=_T.c.attempts + 1,
                    sent_digests=bindparam("sd")),
            [{"e": o.entity, "rid": o.record_id, "v": o.version, "sd": o.sent_digests}
             for o in out],
        )
    return out


def for_transfer(db: Database, site_code: str) -> list[Outgoing]:
    """Every record still to reach the central platform (pending or on the wire), people
    first, as a transfer file carries them. Each version's digest is stored first, as
    ``claim`` stores a push's: central's copy, once the file is imported, is then known at
    the next sync as the laptop's own write, not a change to resolve. Their states are left
    as they are: the next sync sends them again and finds them there."""
    with db.transaction() as s:
        picked = [(e, *r) for e in ("person", "dose") for r in s.execute(
            select(*_PICKED)
            .where(SyncRecord.entity == e, SyncRecord.state.in_(("pending", "sending")))
            .order_by(SyncRecord.changed_at)).all()]
        rows = {e: _rows(s, e, [p[1] for p in picked if p[0] == e]) for e in ("person", "dose")}
        out = _outgoing(s, db, picked, rows, site_code)
        if out:
            s.connection().execute(
                update(_T)
                .where(_T.c.entity == bindparam("e"), _T.c.record_id == bindparam("rid"))
                .values(sent_digests=bindparam("sd")),
                [{"e": o.entity, "rid": o.record_id, "sd": o.sent_digests} for o in out],
            )
    return out


def _outgoing(s: Session, db: Database, picked: list, rows: dict, site_code: str
              ) -> list[Outgoing]:
    out = []
    for entity, rid, version, server_version, digests, theirs in picked:
        row = rows[entity][rid]
        product = db.catalogue.get(row["product_code"]) if entity == "dose" else None
        res = _resource(s, entity, row, version, site_code,
                        product.eu_dcc.mp if product else None, theirs)
        unknown = theirs == FOREIGN_UNKNOWN
        folds = tuple(sorted(_own_folds(s, rid, row))) if unknown and entity == "person" \
            else ()
        out.append(Outgoing(entity, rid, version, server_version, res,
                            own_writes.with_sent(digests, version, res), bool(digests),
                            unknown, folds))
    return out


def as_held(s: Session, entity: str, record_id: str, site_code: str) -> dict[str, Any]:
    """The resource this laptop would send for the record now, as ``claim`` builds it (the
    product's EU code from the catalogue the database holds): what a server copy is
    compared with to tell whether it holds exactly what the laptop holds."""
    sync = s.get(SyncRecord, (entity, record_id))
    row = _rows(s, entity, [record_id])[record_id]
    eu_mp = s.scalar(select(VaccineProduct.eu_mp).where(
        VaccineProduct.code == row["product_code"])) if entity == "dose" else None
    return _resource(s, entity, row, sync.local_version, site_code, eu_mp, sync.foreign_body)


def _resource(s: Session, entity: str, row: dict[str, Any], version: int, site_code: str,
              eu_mp: str | None, theirs: str | None) -> dict[str, Any]:
    res = fhir.patient(row, site_code, version) if entity == "person" else \
        fhir.immunization(row, site_code, version, eu_mp)
    if theirs and theirs != FOREIGN_UNKNOWN:  # what other systems wrote goes back
        kept = json.loads(theirs)
        res = foreign.with_foreign(res, kept, _own_folds(s, row["id"], row) if
                                   entity == "person" and "link" in kept else ())
    return res


def _own_folds(s: Session, person_id: str, row: Any) -> set[str]:
    """The records merges made on this laptop folded the person into, now or before an
    undo (each merge is on the folded record's audit trail, ``services.merges``)."""
    entries = s.scalars(select(AuditEntry.details).where(
        AuditEntry.entity == "person", AuditEntry.entity_id == person_id,
        AuditEntry.action == "merge"))
    folds = {json.loads(d or "{}").get("kept") for d in entries}
    return {f for f in (*folds, row["merged_into"]) if f}


# Not a record whose other systems' elements are unknown: it waits for its copy's read.
_KNOWN = or_(SyncRecord.foreign_body.is_(None), SyncRecord.foreign_body != FOREIGN_UNKNOWN)


def _pending(entity: str) -> Select:
    return (
        select(*_PICKED)
        .where(SyncRecord.entity == entity, SyncRecord.state == "pending", _KNOWN)
        .order_by(SyncRecord.changed_at)
    )


def _doses_of(s: Any, person_ids: list[str]) -> list[Any]:
    found = []
    for i in range(0, len(person_ids), 900):
        chunk = person_ids[i:i + 900]
        found += s.execute(
            select(*_PICKED)
            .join(Dose, Dose.id == SyncRecord.record_id)
            .where(SyncRecord.entity == "dose", SyncRecord.state == "pending", _KNOWN,
                   Dose.person_id.in_(chunk))
        ).all()
    return found


def _rows(s: Any, entity: str, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    table = (Person if entity == "person" else Dose).__table__
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i:i + 900]
        for row in s.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            found[row["id"]] = dict(row)
        if entity == "dose":  # a dose's reactions travel on its Immunization
            reactions = s.execute(select(DoseReaction.__table__)
                                  .where(DoseReaction.dose_id.in_(chunk))
                                  .order_by(DoseReaction.onset_at)).mappings()
            for reaction in reactions:
                found[reaction["dose_id"]].setdefault("reactions", []).append(dict(reaction))
    return found


def record(db: Database, results: Sequence[tuple[Outgoing, Outcome]]) -> int:
    """Store the server's answers, all in one transaction; how many records they left
    synced (an acknowledgement of a version edited since leaves its record pending: it is
    counted when its next version is)."""
    acks, refused, conflicts, adopted, waiting, deferred, lost = [], [], [], [], [], [], []
    for out, outcome in results:
        key = {"e": out.entity, "rid": out.record_id, "v": out.version}
        if isinstance(outcome, Ack):
            acks.append(dict(key, sv=outcome.server_version, at=outcome.received_at,
                             sd=own_writes.after_ack(out.sent_digests, out.version)))
        elif isinstance(outcome, Refused):
            refused.append(dict(key, err=json.dumps(outcome.issues, ensure_ascii=False)))
        elif isinstance(outcome, Conflict):
            conflicts.append(dict(
                key, err=json.dumps(outcome.issues, ensure_ascii=False),
                body=json.dumps(outcome.server_body, ensure_ascii=False)
                if outcome.server_body else None))
        elif isinstance(outcome, Adopt):
            adopted.append(dict(key, sv=outcome.server_version, k=outcome.version_on_server,
                                sd=own_writes.after_ack(out.sent_digests,
                                                        outcome.version_on_server)))
        elif isinstance(outcome, Defer):
            deferred.append(dict(key, err=json.dumps(outcome.issues, ensure_ascii=False)))
        else:
            waiting.append(key)
            if outcome.resend:
                lost.append({"rid": outcome.resend})
    same = _T.c.local_version == bindparam("v")
    mine = (_T.c.entity == bindparam("e"), _T.c.record_id == bindparam("rid"),
            # not IN (...): an expanding list cannot be used in an executemany
            or_(_T.c.state == "sending", _T.c.state == "pending"))
    with db.transaction() as s:
        conn = s.connection()

        def run(values: dict[str, Any], params: list[dict[str, Any]]) -> None:
            if params:
                conn.execute(update(_T).where(*mine).values(values), params)

        run({"state": case((same, "synced"), else_="pending"),
             "synced_version": bindparam("v"), "server_version": bindparam("sv"),
             "server_received_at": bindparam("at"), "last_error": None, "attempts": 0,
             "server_body": None, "sent_digests": bindparam("sd")}, acks)
        settled = sum(conn.execute(select(func.count()).where(
            _T.c.state == "synced", _T.c.record_id.in_([a["rid"] for a in acks[i:i + 900]])
        )).scalar_one() for i in range(0, len(acks), 900))
        # A person now on the server: their doses refused before go again. A server that
        # checks references refuses a dose whose Patient it lacks (the person was refused)
        # with a plain 400 that reads like the dose's own fault; each would otherwise wait
        # for a supervisor's "send again". Not those refused beside the person in this very
        # answer (below): with the person there, that refusal was their own.
        people = [a["rid"] for a in acks if a["e"] == "person"]
        for i in range(0, len(people), 900):
            conn.execute(update(_T).where(
                _T.c.entity == "dose", _T.c.state == "rejected",
                _T.c.record_id.in_(select(Dose.id).where(Dose.person_id.in_(people[i:i + 900])))
            ).values(state="pending"))
        _queue_refused_siblings(conn, [a["rid"] for a in acks if a["e"] == "dose"],
                                {r["rid"] for r in refused})
        # A refusal for the number or order of a dose whose sibling was acknowledged while
        # it was on the wire (marked above, or in an earlier answer) goes again.
        stale = and_(_T.c.sent_version.is_(None), bindparam("seq"))
        run({"state": case((and_(same, not_(stale)), "rejected"), else_="pending"),
             "last_error": bindparam("err")},
            [dict(r, seq=r["e"] == "dose" and any(f'"{c}"' in r["err"]
                                                  for c in SEQUENCE_REFUSALS))
             for r in refused])
        run({"state": "conflict", "last_error": bindparam("err"),
             "server_body": bindparam("body")}, conflicts)
        run({"state": "pending", "server_version": bindparam("sv"),
             "synced_version": bindparam("k"), "sent_digests": bindparam("sd")}, adopted)
        run({"state": "pending"}, waiting)
        if lost:
            conn.execute(update(_T).where(_T.c.entity == "person",
                                          _T.c.record_id == bindparam("rid")).values(
                state=case((_T.c.state == "synced", "pending"), else_=_T.c.state),
                synced_version=0, server_version=None), lost)
        # Left 'sending': not claimed again this round, queued first thing next round.
        run({"state": "sending", "last_error": bindparam("err")}, deferred)
    return settled

