"""What was done to a complaint's record since the complaint came, as the audit trail holds
it: a correction (in Records, or answering another complaint of the same citizen about the
same thing), a merge (answering another complaint). A citizen who complained twice, by
phone and on the web, had the first answered by the correction or the merge, and the
second answerable only by "Không chấp nhận": correcting again changes nothing and merging
again is refused. That second one is answered naming the change already made
(``complaints.resolve_correct``, ``complaints.resolve_merge``), as a dose added twice is
(``resolve_add_dose``'s ``already``) and a dose voided since (``complaint_voids``).

Only changes made at or after the complaint's receipt count: a correction made before it
is not what the citizen complains of."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop_app.clock import local_time
from desktop_app.db import complaint_store
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, Complaint, Dose, Person, User
from desktop_app.db.store import DOSE_FIELDS, PERSON_FIELDS
from desktop_app.rules.field_values import account_words, field_label, field_names, shown_value
from desktop_app.rules.messages import text
from desktop_app.services.complaint_voids import VoidedDose, void_note


@dataclass(frozen=True)
class ChangeSince:
    """One field of the record as changed since the complaint came: its value then, its
    value now, the last change's time and author."""
    field: str
    old: Any  # as the audit's JSON keeps it (a date in ISO)
    new: Any
    at: datetime  # UTC
    by: str  # the account, as the audit trail names it ('' for the laptop's own work)
    dose_id: str | None = None  # a dose's field; None: the person's


@dataclass(frozen=True)
class MergeSince:
    """The merge that folded another record into the complaint's since it came, standing."""
    kept_id: str
    folded_id: str
    folded_name: str
    folded_id_number: str | None
    at: datetime  # UTC
    by: str
    dose_ids: tuple[str, ...]  # the folded record's doses it moved


def changes_answering(db: Database, ref: str) -> tuple[ChangeSince, ...]:
    """The complaint's record's fields changed since it came: what a correction with
    nothing edited answers it by."""
    with db.reading() as s:
        row = complaint_store.find(s, ref)
        return changes_since(s, row) if row is not None else ()


def merge_answering(db: Database, ref: str) -> MergeSince | None:
    """The merge made into the complaint's record since it came, while it stands: what
    ``resolve_merge`` of the same two records answers it by. None once it is answered."""
    with db.reading() as s:
        row = complaint_store.find(s, ref)
        return merge_since(s, row) if row is not None and row.action is None else None


def changes_since(s: Session, row: Complaint) -> tuple[ChangeSince, ...]:
    """``changes_answering`` in the caller's session. A field changed and changed back
    since is no change; a dose moved by a merge is the merge's, not a correction."""
    if row.person_id is None:
        return ()
    doses = select(Dose.id).where(Dose.person_id == row.person_id)
    entries = s.execute(
        select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.details, AuditEntry.at,
               User.username, User.full_name)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.action == "update", AuditEntry.at >= row.received_at,
               or_((AuditEntry.entity == "person") & (AuditEntry.entity_id == row.person_id),
                   (AuditEntry.entity == "dose") & AuditEntry.entity_id.in_(doses)))
        .order_by(AuditEntry.id))
    found: dict[tuple[str | None, str], ChangeSince] = {}
    for entity, entity_id, details, at, username, full_name in entries:
        fields = PERSON_FIELDS if entity == "person" else DOSE_FIELDS
        dose_id = entity_id if entity == "dose" else None
        for field, value in json.loads(details or "{}").items():
            if field not in fields or not isinstance(value, list) or len(value) != 2:
                continue  # the entry's notes (why), not a field
            first = found.get((dose_id, field))
            found[(dose_id, field)] = ChangeSince(
                field, value[0] if first is None else first.old, value[1], at,
                account_words(username, full_name), dose_id)
    return tuple(c for c in found.values() if c.old != c.new)


def merge_since(s: Session, row: Complaint) -> MergeSince | None:
    """``merge_answering`` in the caller's session (answered or not)."""
    if row.person_id is None:
        return None
    entries = s.execute(
        select(AuditEntry.details, AuditEntry.at, User.username, User.full_name)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(AuditEntry.action == "merge", AuditEntry.entity == "person",
               AuditEntry.entity_id == row.person_id, AuditEntry.at >= row.received_at)
        .order_by(AuditEntry.id.desc()))
    for details, at, username, full_name in entries:
        merge = json.loads(details or "{}")
        folded = s.get(Person, merge.get("folded") or "")
        if merge.get("kept") != row.person_id or folded is None or \
                folded.merged_into != row.person_id:
            continue  # the other side's entry, or split since
        return MergeSince(row.person_id, folded.id, folded.full_name, folded.id_number, at,
                          account_words(username, full_name), tuple(merge.get("doses") or ()))
    return None


def changes_said(changes: Iterable[ChangeSince], lang: str) -> str:
    """The changes as the supervisor reads them at the desk (values shown: the citizen's
    note names the fields only, ``COMPLAINT_NOTE_CORRECT``)."""
    return "; ".join(text(
        "COMPLAINT_CHANGED_FIELD", lang, field=field_label(c.field, lang),
        old=shown_value(c.field, c.old, lang), new=shown_value(c.field, c.new, lang),
        at=local_time(c.at), by=c.by or "—") for c in changes)


def merge_said(made: MergeSince, lang: str) -> str:
    """The merge as the supervisor reads it at the desk: which record, when, by whom."""
    return text("COMPLAINT_MERGED_SINCE", lang, name=made.folded_name,
                id_number=made.folded_id_number or "—", at=local_time(made.at),
                by=made.by or "—")


def since_note(voided: tuple[VoidedDose, ...], changes: Iterable[ChangeSince],
               lang: str) -> str:
    """The note the citizen reads by default: the doses voided since, the fields corrected
    since (named, never their values: anyone holding the code reads it)."""
    said = [void_note(voided, lang)] if voided else []
    fields = list(dict.fromkeys(c.field for c in changes))
    if fields:
        said.append(text("COMPLAINT_NOTE_CORRECT", lang, changes=field_names(fields, lang)))
    return " ".join(said)
