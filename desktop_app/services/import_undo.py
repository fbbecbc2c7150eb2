"""Undo an import (the wrong file, a wrong column mapping): a supervisor's, audited. Its
doses are voided as a void at the desk voids one (``store.void_doses``: the reason, an audit
entry each naming who, each queued so the sync sends it as entered-in-error), a chunk a
transaction with progress, so the desk's saves wait a moment at most.

Left as they are, each counted by why (``WHY``), since a person relies on them now:
- voided since (by a person, or by the central platform);
- changed since (a correction, a merge that moved it, the platform's copy taken);
- printed on a certificate still in force (its QR, or a paper issued since that lists it);
- counted on by a dose recorded since for the same person (numbered after it).

The people the import created stay, those left with no active dose too: nothing is deleted
here (models.py), their voided doses point at them, and the sync may have sent them already.
Those left with no active dose are put on the cleaning list (``UNDONE_NO_DOSE``, audited as
the supervisor's, sent again so the platform holds the flag too): such a record may be a
wrong identity the corrected file does not name again (a CCCD with a digit wrong), and
nobody would look at it otherwise. A dose stored for them since takes the flag off
(``Known._unflag``: the corrected file imported again).
Corrections the import made to people already recorded are taken back, each as a
supervisor's correction at the desk, unless the person was corrected again since
(``import_undo_corrections``). A re-import of a file once undone imports again
(``import_batches.undone_batches``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, distinct, exists, func, literal_column, or_, select
from sqlalchemy.orm import aliased

from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, CertificateIssue, Dose, ImportBatch, Person
from desktop_app.rules.cleaning import UNDONE_NO_DOSE
from desktop_app.services import import_batches
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.import_batches import (
    ImportSummary,
    import_summary,
    importing,
    undo_reason,
)
from desktop_app.services.import_undo_corrections import (
    BACK,
    LEFT,
    TAKE,
    Correction,
    corrections_of,
    state,
    take_back,
)

CHUNK = 2_000  # doses a transaction: the write lock held for a fraction of a second
PEOPLE_CHUNK = 100  # people put back a transaction: each is a desk correction, ~3 ms
VOID = "void"
WHY = ("voided", "changed", "certified", "counted_on")  # what leaves a dose as it is


@dataclass(frozen=True)
class UndoPlan:
    """What undoing an import would do, for the question asked first."""

    batch: ImportSummary
    to_void: int
    left: dict[str, int] = field(default_factory=dict)  # by WHY, only those met
    people: int = 0  # people the import created (they stay)
    # People already recorded the import corrected: to put back as they were before it,
    # and those left as they are by why (import_undo_corrections.LEFT, only those met).
    corrections: int = 0
    corrections_left: dict[str, int] = field(default_factory=dict)
    # Every correction naming the import, put back already or not (a stopped undo).
    found: tuple[Correction, ...] = field(default=(), repr=False, compare=False)

    @property
    def corrections_untold(self) -> int:
        """Corrections an import made before they named it in the audit (undone by none)."""
        return 0 if self.found else self.batch.counts.get("corrected", 0)


@dataclass(frozen=True)
class UndoProgress:
    voided: int
    total: int
    people: int = 0  # people put back so far, of
    people_total: int = 0


@dataclass(frozen=True)
class UndoOutcome:
    plan: UndoPlan
    voided: int
    people_without_doses: int  # of the people it created, those with no active dose now
    stopped: bool = False
    corrections_back: int = 0  # people put back as they were before the import
    # Of those it corrected, people left as they are, by why (as UndoPlan's).
    corrections_left: dict[str, int] = field(default_factory=dict)


def plan_undo(db: Database, batch_id: int) -> UndoPlan:
    """How many of the import's doses an undo would void, and how many it would leave and
    why; the same of the people it corrected. RecordNotFound when there is no such import;
    ChangeRefused while an import runs (this one: its later chunks are not written yet;
    another: its rows are judged against the doses the undo would void)."""
    batch = import_summary(db, batch_id)
    running = batch.file_name if batch.outcome == "running" else importing(db)
    if running is not None:
        raise ChangeRefused("IMPORT_UNDO_WHILE_IMPORTING", file=running)
    why = _why().label("why")
    with db.reading() as s:
        counts = dict(s.execute(select(why, func.count()).where(
            Dose.import_batch_id == batch_id).group_by(why)).all())
        people = s.scalar(select(func.count(distinct(Person.id))).join(
            Dose, Dose.person_id == Person.id).where(Dose.import_batch_id == batch_id,
                                                     Person.import_batch_id == batch_id))
        found = tuple(corrections_of(s, batch_id, batch.started_at))
        states = Counter(state(s, c) for c in found)
    return UndoPlan(batch, counts.pop(VOID, 0), {w: counts[w] for w in WHY if counts.get(w)},
                    people or 0, states[TAKE], {w: states[w] for w in LEFT if states[w]},
                    found)


def undo_import(db: Database, batch_id: int, *, actor: Actor, lang: str = "vi",
                chunk: int = CHUNK) -> Generator[UndoProgress, None, UndoOutcome]:
    """Void the import's doses that nothing relies on (see the module), yielding progress
    after each chunk; closing it (Stop) stops before the next. What was voided stays voided
    and an undo run again takes the rest. Returns what it did."""
    require(actor, *SUPERVISORS)
    batch = import_summary(db, batch_id)
    # No import starts while it runs (``import_batches.claim``), none runs when it starts.
    running = import_batches.claim(db, import_batches.UNDO, batch.file_name)
    if running is not None:
        raise ChangeRefused("IMPORT_UNDO_WHILE_IMPORTING", file=running)
    try:
        return (yield from _undo(db, batch_id, actor, lang, chunk))
    finally:
        import_batches.release(db, import_batches.UNDO, batch.file_name)


def _undo(db: Database, batch_id: int, actor: Actor, lang: str, chunk: int
          ) -> Generator[UndoProgress, None, UndoOutcome]:
    plan = plan_undo(db, batch_id)
    reason = undo_reason(plan.batch, lang)
    now = utc_now()
    voided, after, stopped, back, began = 0, 0, True, 0, False
    left: Counter[str] = Counter()
    try:
        while ids := _void_chunk(db, batch_id, after, chunk, reason, now, actor, began):
            after, began = ids[-1][0], True
            voided += len(ids)
            yield UndoProgress(voided, plan.to_void, 0, plan.corrections)
        while _flag_chunk(db, batch_id, chunk, now, actor):
            yield UndoProgress(voided, plan.to_void, 0, plan.corrections)
        why = {"undo_of": {"import": batch_id, "file": plan.batch.file_name}}
        people = min(chunk, PEOPLE_CHUNK)
        for start in range(0, len(plan.found), people):
            with db.transaction() as s:
                if not began:  # the undo's first change: it began (see _void_chunk)
                    s.add(_began(batch_id, reason, now, actor))
                    began = True
                found = Counter(take_back(s, c, actor=actor, now=now, why=why)
                                for c in plan.found[start:start + people])
            back += found.pop(TAKE, 0)
            found.pop(BACK, None)
            left.update(found)
            yield UndoProgress(voided, plan.to_void, back, plan.corrections)
        stopped = False
    finally:  # a Stop too: the audit says who undid how much of which import
        _finish(db, plan, voided, stopped, reason, now, actor, back)
    return UndoOutcome(plan, voided, _people_without_doses(db, batch_id), stopped, back,
                       {w: left[w] for w in LEFT if left[w]})


def _void_chunk(db: Database, batch_id: int, after: int, chunk: int, reason: str,
                now: datetime, actor: Actor, began: bool) -> list[tuple[int, str]]:
    """The next ``chunk`` doses to void (by rowid, past ``after``), voided; judged in the
    transaction that voids them, so a correction made meanwhile is seen."""
    rowid = literal_column("dose.rowid")
    with db.transaction() as s:
        rows = [tuple(r) for r in s.execute(
            select(rowid, Dose.id).where(Dose.import_batch_id == batch_id, rowid > after,
                                         _why() == VOID).order_by(rowid).limit(chunk))]
        if rows:
            store.void_doses(s, [r[1] for r in rows], reason, now=now, user_id=actor.user_id)
            if not began:
                s.add(_began(batch_id, reason, now, actor))
    return rows


def _began(batch_id: int, reason: str, now: datetime, actor: Actor) -> AuditEntry:
    """Written with the undo's first change (a void, or a person put back): an undo cut
    by a power cut or a kill (its own entry, ``_finish``, never written) is still listed
    as partly undone."""
    return store.audit_entry("undo_began", "import", str(batch_id), {"reason": reason}, now,
                             actor.user_id)


def _finish(db: Database, plan: UndoPlan, voided: int, stopped: bool, reason: str,
            now: datetime, actor: Actor, back: int) -> None:
    """The import marked undone (unless stopped) and one entry for the whole undo."""
    with db.transaction() as s:
        if not stopped:
            batch = s.get(ImportBatch, plan.batch.id)
            batch.undone_at, batch.undone_by = now, actor.user_id
        s.add(store.audit_entry(
            "undo_import", "import", str(plan.batch.id),
            {"file": plan.batch.file_name, "sheet": plan.batch.sheet, "voided": voided,
             "left": plan.left, "stopped": stopped, "reason": reason,
             "corrections_back": back}, now, actor.user_id))


def _people_without_doses(db: Database, batch_id: int) -> int:
    """People the import created who have no active dose now."""
    with db.reading() as s:
        return s.scalar(select(func.count(Person.id)).where(*_without_doses(batch_id))) or 0


def _flag_chunk(db: Database, batch_id: int, chunk: int, now: datetime, actor: Actor) -> int:
    """Up to ``chunk`` of the people the import created, left with no active dose and not
    flagged yet, put on the cleaning list (``cleaning_store.raise_flag``: audited, sent
    again, a closed case opened again); how many. A transaction a chunk, as the voids."""
    with db.transaction() as s:
        people = s.scalars(select(Person).where(
            *_without_doses(batch_id), Person.merged_into.is_(None),
            or_(Person.cleaning_reason.is_(None),
                ~Person.cleaning_reason.contains(UNDONE_NO_DOSE, autoescape=True)))
            .limit(chunk)).all()
        for person in people:
            cleaning_store.raise_flag(s, person, UNDONE_NO_DOSE, None, news=False, now=now,
                                      user_id=actor.user_id, why="import_undo")
    return len(people)


def _without_doses(batch_id: int) -> tuple:
    """A person the import created, a dose of theirs the import's, none active now."""
    theirs, active = aliased(Dose), aliased(Dose)
    return (Person.import_batch_id == batch_id,
            exists().where(theirs.person_id == Person.id, theirs.import_batch_id == batch_id),
            ~exists().where(active.person_id == Person.id, active.status == "active"))


def _why():  # type: ignore[no-untyped-def] - a CASE over the dose row
    """Why a dose of an import stays as it is (one of WHY), or VOID."""
    return case((Dose.status != "active", "voided"),
                (Dose.updated_at != Dose.entered_at, "changed"),  # both the import's moment
                (_certified(), "certified"),
                (_counted_on(), "counted_on"), else_=VOID)


def _certified():  # type: ignore[no-untyped-def]
    """A certificate in force prints it: its QR carries it, or its paper, issued since the
    dose was entered (printed again since, at the latest), lists it (as
    ``certificate_issues.revoke_for_dose`` finds them)."""
    issue = aliased(CertificateIssue)
    entered = func.substr(Dose.entered_at, 1, 19)  # to the second, as revoke_for_dose
    return or_(
        exists().where(issue.dose_id == Dose.id, issue.revoked_at.is_(None)),
        exists().where(issue.person_id == Dose.person_id, issue.revoked_at.is_(None),
                       func.coalesce(issue.printed_at, issue.issued_at) >= entered))


def _counted_on():  # type: ignore[no-untyped-def]
    """Another active dose of the person recorded since (an import's doses all share its
    moment, so none of this one's), numbered after it: an earlier dose typed in since from
    its paper relies on nothing the import gave (a wrong dose 3 was kept, and the desk
    went on to suggest dose 4)."""
    later = aliased(Dose)
    return exists().where(later.person_id == Dose.person_id, later.status == "active",
                          later.entered_at > Dose.entered_at,
                          later.dose_number > Dose.dose_number)
