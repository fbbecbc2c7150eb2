"""Two records of one person made one (a complaint's merge), and a merge undone.

A merge folds one record into the other: its doses (and the doses other sites gave it) move
over, it stays as an inactive record "replaced-by" the kept one, and a field the kept
record lacks is taken from it. Undoing it (two people merged by mistake) reads what the
merge did from its own audit entries and takes back what still stands of it. A merge, or a
merge undone, that the platform holds and a restored copy lacks is made again (``refold``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.clock import local_today, utc_now
from desktop_app.db import cleaning_store, complaint_store, store
from desktop_app.db.catalogue_sync import current_catalogue
from desktop_app.db.database import Database
from desktop_app.db.models import (
    AuditEntry,
    CertificateIssue,
    Dose,
    Person,
    SyncRecord,
)
from desktop_app.rules.cleaning import POSSIBLE_SAME_PERSON
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import Words, text
from desktop_app.rules.person import (
    id_numbers_conflict,
    merge_differences,
    merge_fill,
    one_number_mistyped,
)
from desktop_app.rules.problems import Problem
from desktop_app.services.actor import SUPERVISORS, Actor, Role, require
from desktop_app.services.complaint_reopen import reopen_merge_answers
from desktop_app.services.errors import ChangeRefused, RecordNotFound
from desktop_app.services.merge_doses import doses_of_both, flag_joined, joined, unflag_joined

# Who makes a merge (or undoes one) again after a restore, as the platform holds it: nobody
# here (its entries name no account, as the platform's changes do), in the role it needs.
REFOLDED = Actor(None, "", Role.SUPERVISOR)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MergeOutcome:
    kept_id: str
    folded_id: str
    dose_ids: tuple[str, ...]  # the folded record's doses, now the kept one's
    filled: dict[str, Any] = field(default_factory=dict)  # kept's empty fields, from folded
    # The cleaning codes the doses joined put on the kept record (``merge_doses``).
    flagged: tuple[str, ...] = ()


class PeopleDiffer(ChangeRefused):
    """A merge of two records whose sex or date of birth differ, not confirmed: each
    difference is a warning (``rules.person.merge_differences``), all named in the refusal."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("MERGE_PEOPLE_DIFFER", differences=self._listed("en"))

    def _listed(self, lang: str) -> str:
        return " ".join(p.message(lang) for p in self.problems)

    def message(self, lang: str = "vi") -> str:
        return text("MERGE_PEOPLE_DIFFER", lang, differences=self._listed(lang))


def merge_people(db: Database, keep_id: str, fold_id: str, *, actor: Actor,
                 confirm_differences: bool = False, folded_number_wrong: bool = False,
                 now: datetime | None = None) -> MergeOutcome:
    """Fold ``fold_id`` into ``keep_id``: its doses (and the doses other sites gave it) move
    over, it stays as an inactive record "replaced-by" the kept one, and a field the kept
    record lacks is taken from it (``rules.person.merge_fill``: a record that carries an ID
    number takes no reason for having none). Both records' audit trails say so.

    Two records of one citizen's old CMND and new CCCD (one's ID number the other's old
    number) merge: the kept record carries the CCCD, the CMND as its old number.

    Refused (ChangeRefused, nothing changed) when the two carry different ID numbers, when
    both hold a dose of the same number, when either record or a dose that would move is in
    a sync conflict (taking the platform's copy would quietly undo the merge), and, unless
    ``confirm_differences``, when their sex or date of birth differ (PeopleDiffer).
    ``folded_number_wrong``: the supervisor says the folded record's ID number is the kept
    one's typed wrong (``rules.person.typo_apart``: one digit other, two swapped; of one
    kind): they merge, the wrong number kept nowhere but on the folded record and in the
    trail (an old number it is not).

    Doses the two records join out of date order, or closer than their vaccine's interval
    (one injection recorded on each, as dose 1 and dose 2), put the kept record on the
    cleaning list (``merge_doses``: the codes in ``MergeOutcome.flagged`` and the audit
    entry's ``flagged``); its certificate is not held back for them, as for an import's."""
    require(actor, *SUPERVISORS)  # before waiting for the write lock
    with db.transaction() as s:
        return merge_people_in(s, keep_id, fold_id, actor=actor,
                               confirm_differences=confirm_differences,
                               folded_number_wrong=folded_number_wrong, now=now)


def merge_people_in(s: Session, keep_id: str, fold_id: str, *, actor: Actor,
                    confirm_differences: bool = False, folded_number_wrong: bool = False,
                    now: datetime | None = None) -> MergeOutcome:
    """``merge_people`` inside the caller's transaction (a complaint's merge commits with
    its resolution: a merge standing with the complaint still open could not be made
    again, nor undone from the complaint)."""
    require(actor, *SUPERVISORS)
    if keep_id == fold_id:
        raise ChangeRefused("MERGE_SAME_RECORD")
    moment = now or utc_now()
    kept, folded = s.get(Person, keep_id), s.get(Person, fold_id)
    if kept is None or folded is None:
        raise RecordNotFound(keep_id if kept is None else fold_id)
    if kept.merged_into or folded.merged_into:
        raise ChangeRefused("MERGE_ALREADY_MERGED",
                            name=(kept if kept.merged_into else folded).full_name)
    # One's old CMND being the other's ID is one citizen's two numbers, not a wrong one.
    typo = folded_number_wrong and one_number_mistyped(kept, folded)
    if id_numbers_conflict(kept, folded) and not typo:
        kinds = {kept.id_type, folded.id_type}
        if kinds == {"CMND", "CCCD"}:  # an old card and the new: most likely one citizen
            cccd, cmnd = (kept, folded) if kept.id_type == "CCCD" else (folded, kept)
            raise ChangeRefused("MERGE_CMND_AND_CCCD", cmnd=cmnd.id_number,
                                cccd=cccd.id_number, name=cccd.full_name)
        raise ChangeRefused("MERGE_ID_DIFFERS", kept=kept.id_number,
                            folded=folded.id_number)
    clash = _dose_clash(s, keep_id, fold_id)
    if clash is not None:
        raise clash
    settling = _in_conflict(s, keep_id, fold_id)
    if settling is not None:
        raise ChangeRefused("MERGE_IN_CONFLICT",
                            name=(kept if settling == keep_id else folded).full_name)
    differences = merge_differences(kept, folded)
    if differences and not confirm_differences:
        raise PeopleDiffer(differences)
    before = {"kept": _person_facts(kept), "folded": _person_facts(folded)}
    problems = joined(s, keep_id, fold_id)  # read before the doses move
    fill = merge_fill(kept, folded, store.PERSON_FIELDS)
    moved, external = store.fold_person(s, folded, kept, now=moment,
                                        user_id=actor.user_id)
    # Nobody is to clean a record that no longer stands: its open case closes; the
    # complaints about it are about the kept one.
    cleaning_store.close_folded(s, folded.id, now=moment, user_id=actor.user_id)
    relinked = complaint_store.relink(s, folded.id, kept.id)
    changed = store.update_person(s, kept, fill, now=moment, user_id=actor.user_id) \
        if fill else {}
    if changed:
        cleaning_store.after_correction(s, kept, changed, today=local_today(),
                                        now=moment, user_id=actor.user_id)
    # Flagged before the question below is settled: a case left with these is not fixed.
    flagged = flag_joined(s, kept, problems, now=moment, user_id=actor.user_id)
    # "The same person as another record?" is what the merge answers (the desk's flag).
    cleaning_store.settle_flag(s, kept, POSSIBLE_SAME_PERSON, today=local_today(), now=moment,
                               user_id=actor.user_id, why="merge")
    merge = {"kept": kept.id, "folded": folded.id, "doses": moved,
             "external_doses": external, "complaints": relinked,
             "names": _names(kept, folded)}
    if flagged:  # what its undoing takes back
        merge["flagged"] = flagged
    if differences:  # merged although they differ: the values are in "before"
        merge["confirmed_differences"] = [p.code for p in differences]
    if typo and id_numbers_conflict(kept, folded):  # said wrong by the supervisor
        merge["wrong_number"] = folded.id_number
    s.add(store.audit_entry("merge", "person", kept.id, {
        **merge, "before": before,
        "after": {"kept": _person_facts(kept), "folded": _person_facts(folded)},
    }, moment, actor.user_id))
    # The folded record's own trail ends with whom it now lives on.
    s.add(store.audit_entry("merge", "person", folded.id, merge, moment, actor.user_id))
    return MergeOutcome(keep_id, fold_id, tuple(moved), changed, tuple(flagged))


def dose_clash(db: Database, keep_id: str, fold_id: str) -> ChangeRefused | None:
    """The refusal a merge of these two would meet for a dose number both hold, asked
    before the supervisor confirms (the merge dialog said it only after the last word)."""
    with db.reading() as s:
        return _dose_clash(s, keep_id, fold_id)


def _dose_clash(s: Session, keep_id: str, fold_id: str) -> ChangeRefused | None:
    twice = _doses_on_both(s, keep_id, fold_id)
    return ChangeRefused("MERGE_DUPLICATE_DOSE", doses=twice) if twice else None


def _doses_on_both(s: Session, keep_id: str, fold_id: str) -> Words | None:
    """The dose numbers both records hold (their active doses and the doses other sites
    gave them, which move with a merge too), each with what each record says of it: the
    supervisor tells one dose typed twice (void one) from two doses under one number (a
    third dose recorded as a first: correct its number) by the products and dates."""
    numbers: dict[int, dict[str, tuple[str, date]]] = {}
    for pid, number, given, product in doses_of_both(s, keep_id, fold_id):
        numbers.setdefault(number, {})[pid] = (product, given)
    both = sorted((n, held) for n, held in numbers.items() if len(held) > 1)
    if not both:
        return None
    catalogue = current_catalogue(s)

    def said(lang: str) -> str:
        def dose(pid: str, held: dict[str, tuple[str, date]]) -> str:
            product, given = held[pid]
            return text("MERGE_DOSE_HELD", lang, product=catalogue.name_of(product, lang),
                        date=format_date(given))
        return "; ".join(text("MERGE_DOSE_ON_BOTH", lang, number=n, kept=dose(keep_id, held),
                              folded=dose(fold_id, held)) for n, held in both)
    return Words(said("vi"), said("en"))


def _in_conflict(s: Session, keep_id: str, fold_id: str, moving: Any = None) -> str | None:
    """Which of the two people has a record a merge (or its undoing) touches in sync
    conflict (either person, or a dose that would move: by default the folded one's):
    None when neither. A dose is reported as the folded person's."""
    if moving is None:
        moving = select(Dose.id).where(Dose.person_id == fold_id)
    found = s.execute(
        select(SyncRecord.entity, SyncRecord.record_id).where(
            SyncRecord.state == "conflict",
            or_(and_(SyncRecord.entity == "person",
                     SyncRecord.record_id.in_((keep_id, fold_id))),
                and_(SyncRecord.entity == "dose", SyncRecord.record_id.in_(moving))))
        .limit(1)).first()
    if found is None:
        return None
    return found.record_id if found.entity == "person" else fold_id


def _names(kept: Person, folded: Person) -> dict[str, dict[str, str | None]]:
    """Both records as the history says them (audit.describe): no one reads a UUID."""
    return {side: {"full_name": p.full_name, "id_number": p.id_number}
            for side, p in (("kept", kept), ("folded", folded))}


def _person_facts(p: Person) -> dict[str, Any]:
    facts = {k: getattr(p, k) for k in store.PERSON_FIELDS}
    facts["merged_into"] = p.merged_into
    return facts


# -- a merge undone --------------------------------------------------------------------------
@dataclass(frozen=True)
class UnmergeOutcome:
    kept_id: str
    folded_id: str
    dose_ids: tuple[str, ...]  # moved back to the folded record
    restored: dict[str, Any] = field(default_factory=dict)  # kept's filled fields emptied
    revoked: tuple[str, ...] = ()  # the kept record's certificates printed since the merge
    # The folded record's certificates the merge revoked: a revocation is published and
    # stays, so they are to be printed again (the person's card at check-in said "revoked").
    folded_revoked: tuple[str, ...] = ()
    # The complaints this merge answered, open again (``complaint_reopen``), by code.
    reopened: tuple[str, ...] = ()


def unmerge_people(db: Database, folded_id: str, *, actor: Actor, kept_id: str | None = None,
                   now: datetime | None = None) -> UnmergeOutcome:
    """Undo the merge that folded ``folded_id`` (two people merged by mistake): the doses
    it moved that the kept record still holds go back, so do the other sites' doses, the
    folded record stands again, the fields the kept record took from it are emptied again
    unless corrected since, the cleaning codes the merge's joined doses put on the kept
    record come off (``merge_doses``), its cleaning case is back where the merge found it,
    and the kept record's certificates issued since the merge are revoked (they print doses
    it no longer holds). Doses recorded on the kept record since the merge stay with it; the
    complaints the merge moved to it go back, and those it answered are open again, the
    next sync telling central (``complaint_reopen``).

    Refused (ChangeRefused, nothing changed) when the record is not folded (or, with
    ``kept_id``, not into that record: a screen's button for a merge split elsewhere since,
    and the record merged again, must not undo the later merge), when the kept one was
    folded in its turn since (undo that merge first), when no merge entry says what was
    moved, and when a record that would change is in a sync conflict."""
    require(actor, *SUPERVISORS)
    moment = now or utc_now()
    with db.transaction() as s:
        folded = s.get(Person, folded_id)
        if folded is None:
            raise RecordNotFound(folded_id)
        if folded.merged_into is None:
            raise ChangeRefused("UNMERGE_NOT_MERGED", name=folded.full_name)
        if kept_id not in (None, folded.merged_into):
            raise ChangeRefused("UNMERGE_NOT_INTO", name=folded.full_name)
        kept = s.get(Person, folded.merged_into)
        if kept is None:
            raise RecordNotFound(folded.merged_into)
        if kept.merged_into is not None:
            raise ChangeRefused("UNMERGE_KEPT_MERGED", name=kept.full_name)
        merged = _merge_entry(s, kept.id, folded.id)
        if merged is None:
            raise ChangeRefused("UNMERGE_NO_TRAIL", name=folded.full_name)
        merged_at, done = merged
        settling = _in_conflict(s, kept.id, folded.id, moving=done.get("doses") or [])
        if settling is not None:
            raise ChangeRefused("UNMERGE_IN_CONFLICT",
                                name=(kept if settling == kept.id else folded).full_name)
        back, external, revoked = store.unfold_person(
            s, folded, kept, list(done.get("doses") or ()),
            list(done.get("external_doses") or ()), merged_at=merged_at, now=moment,
            user_id=actor.user_id)
        restored = _filled_still(kept, done)
        changed = store.update_person(s, kept, restored, now=moment,
                                      user_id=actor.user_id) if restored else {}
        if changed:
            cleaning_store.after_correction(s, kept, changed, today=local_today(),
                                            now=moment, user_id=actor.user_id)
        cleaning_store.reopen_unfolded(s, folded.id, merged_at, now=moment,
                                       user_id=actor.user_id)
        unflagged = unflag_joined(s, kept, done.get("flagged") or (), now=moment,
                                  user_id=actor.user_id)
        complaint_store.relink(s, kept.id, folded.id, only=done.get("complaints") or [])
        reopened = reopen_merge_answers(s, kept.id, folded.id, actor=actor, now=moment)
        undone = {"kept": kept.id, "folded": folded.id, "doses": back,
                  "external_doses": external, "restored": changed,
                  "names": _names(kept, folded)}
        if unflagged:
            undone["unflagged"] = unflagged
        s.add(store.audit_entry("unmerge", "person", kept.id, undone, moment, actor.user_id))
        s.add(store.audit_entry("unmerge", "person", folded.id, undone, moment,
                                actor.user_id))
        by_merge = tuple(s.scalars(select(CertificateIssue.uvci).where(
            CertificateIssue.person_id == folded.id,
            CertificateIssue.revoked_at.between(merged_at - timedelta(seconds=1),
                                                merged_at + timedelta(seconds=1)))))
    return UnmergeOutcome(kept.id, folded.id, tuple(back), changed, tuple(revoked), by_merge,
                          reopened)


def _merge_entry(s: Session, kept_id: str, folded_id: str) -> tuple[datetime, dict] | None:
    """When the merge of ``folded_id`` into ``kept_id`` was made and what it did (the kept
    record's entry, with the fields before and after), or None if no entry says so."""
    for at, details in s.execute(
            select(AuditEntry.at, AuditEntry.details).where(
                AuditEntry.entity == "person", AuditEntry.entity_id == kept_id,
                AuditEntry.action == "merge").order_by(AuditEntry.id.desc())):
        done = json.loads(details or "{}")
        if done.get("folded") == folded_id:
            return at, done
    return None


def _filled_still(kept: Person, done: dict[str, Any]) -> dict[str, Any]:
    """The fields the merge changed on the kept record (those it filled from the folded one,
    and the numbers it took from a record of the citizen's newer CCCD), with the value they
    had before, where the kept record still holds what the merge put there (a field
    corrected since is the supervisor's, and stays)."""
    before = (done.get("before") or {}).get("kept") or {}
    after = (done.get("after") or {}).get("kept") or {}
    # The merge wrote nothing else, so what differs between its "before" and "after" is
    # what it changed (the number and its kind went together).
    filled = {k for k in store.PERSON_FIELDS if before.get(k) != after.get(k)}
    return {k: before.get(k) for k in sorted(filled)
            if k in before and _as_audited(getattr(kept, k)) == after.get(k)}


def _as_audited(value: Any) -> Any:
    """A field's value as the audit entry's JSON holds it (dates as ISO text)."""
    return json.loads(json.dumps(value, default=store.json_default))


# -- after a restore -------------------------------------------------------------------------
def refold(db: Database) -> int:
    """The merges, and merges undone, that the platform holds and a restored copy lacks
    (noted by the pull after the restore: ``sync/own_records``), made again here the one
    way each is made (doses moved, cleaning case and complaints followed, audited, the
    records sent again as the platform has them), in the order noted: a record folded
    before the one it was folded into. One refused is left, logged: the records stay as
    the copy had them; while one of them is in a sync conflict, it is tried again each
    round. Returns how many were made."""
    with db.reading() as s:
        noted = settings.read(s, settings.RESTORE_REFOLDS)
    if not noted:
        return 0
    made, waiting = 0, []
    for kept, folded in noted:
        try:
            if kept is None:
                unmerge_people(db, folded, actor=REFOLDED)
            else:
                merge_people(db, kept, folded, actor=REFOLDED, confirm_differences=True)
            made += 1
        except (ChangeRefused, RecordNotFound) as refused:
            log.warning("the platform's %s of %s not made here: %s",
                        "merge" if kept else "unmerge", folded, refused)
            if refused.code in ("MERGE_IN_CONFLICT", "UNMERGE_IN_CONFLICT"):
                waiting.append([kept, folded])  # made once a person settles it
    with db.transaction() as s:  # those noted meanwhile (a pull beside this) stay noted
        left = [p for p in settings.read(s, settings.RESTORE_REFOLDS) or ()
                if p not in noted or p in waiting]
        settings.write(s, settings.RESTORE_REFOLDS, left or None)
    return made


def merge_stands(db: Database, folded_id: str, kept_id: str) -> bool:
    """Whether ``folded_id`` is still folded into ``kept_id`` (a screen's way back from a
    merge it made stays offered only while so)."""
    with db.reading() as s:
        folded = s.get(Person, folded_id)
        return folded is not None and folded.merged_into == kept_id
