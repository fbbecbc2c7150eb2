"""The one write API of the site database.

Every function here writes a record *and* its audit entry *and* its outbox (``sync_record``)
row through the caller's session, so they commit together or not at all: there is no state in
which a dose exists but the sync does not know about it, or changed without a trace.
Callers (the services) own the transaction; nothing here commits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, insert, select, update
from sqlalchemy.orm import Session

from desktop_app.db import certificate_issues
from desktop_app.db.ids import new_id
from desktop_app.db.models import AuditEntry, Dose, ElsewhereCheck, ExternalDose, Person, SyncRecord
from desktop_app.rules.certificates import changes_printed_dose, changes_printed_person
from desktop_app.rules.name_order import keeps_capitals
from desktop_app.rules.names import normalize_name, search_key
from desktop_app.wire.revocations import DOSE_CORRECTED, DOSE_VOIDED, PERSON_CORRECTED

PERSON_FIELDS = (
    "full_name", "dob", "sex", "id_type", "id_number", "no_id_reason", "nationality",
    "phone", "address", "old_id_number",
)
# Set only by the central platform, through the sync; never typed at the desk.
CENTRAL_PERSON_FIELDS = ("identity_verified",)
DOSE_FIELDS = (
    "product_code", "lot_number", "dose_number", "dose_date", "vaccinator", "source",
)
# Another site's dose as the central platform lists it (``external_dose``); every one is
# printed on the person's certificates (the giving site by its name).
EXTERNAL_DOSE_FIELDS = ("site_code", "product_code", "dose_number", "dose_date", "lot_number")


def add_person(
    session: Session, site_id: str, values: Mapping[str, Any], *, now: datetime,
    user_id: str | None = None, record_id: str | None = None,
    origin: Mapping[str, Any] | None = None,
) -> Person:
    """``origin``: where the person came from, when not typed here (the central platform's
    cross-site search); it goes into the creation's audit entry."""
    data = created_details(values)
    person = Person(
        id=record_id or new_id(), site_id=site_id, name_key=search_key(data["full_name"]),
        created_at=now, updated_at=now, **data,
    )
    session.add(person)
    session.flush()  # constraint failures surface here, inside the caller's transaction
    _audit(session, "create", "person", person.id,
           dict(data, origin=origin) if origin else data, now, user_id)
    _mark_changed(session, "person", person.id, now)
    return person


def created_details(values: Mapping[str, Any]) -> dict[str, Any]:
    """A new person's identity as stored and as their "create" audit entry says it: every
    person field (None where not given), the name in its stored form. The desk's
    ``add_person`` and a paper form's person (``services.paper_backfill``) write the same.

    >>> created_details({"full_name": "  lê văn  tám", "id_type": "CCCD"})["full_name"]
    'Lê Văn Tám'
    """
    data = {k: values.get(k) for k in PERSON_FIELDS}
    data["full_name"] = normalize_name(data["full_name"] or "",
                                       keep_capitals=keeps_capitals(data.get("nationality")))
    return data


def update_person(
    session: Session, person: Person, changes: Mapping[str, Any], *, now: datetime,
    user_id: str | None = None, action: str = "update", note: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Apply changes; return the fields that really changed (old, new). No-op changes are
    not audited and do not queue a sync. ``action`` "central" marks a change pulled from
    the central platform in the audit; ``note``: more the audit entry keeps (why)."""
    changed: dict[str, Any] = {}
    for key, new in changes.items():
        if key not in PERSON_FIELDS and not (action == "central" and key in CENTRAL_PERSON_FIELDS):
            raise KeyError(f"not a person field: {key}")
        if key == "full_name":
            nationality = changes.get("nationality", person.nationality)
            new = normalize_name(new or "", keep_capitals=keeps_capitals(nationality))
        old = getattr(person, key)
        if old != new:
            changed[key] = [old, new]
            setattr(person, key, new)
    if not changed:
        return changed
    person.name_key = search_key(person.full_name)
    person.updated_at = now
    session.flush()
    _audit(session, action, "person", person.id, {**changed, **(note or {})}, now, user_id)
    _mark_changed(session, "person", person.id, now)
    if changes_printed_person(changed):
        _revoked(session, person.id, certificate_issues.revoke_for_person(
            session, person.id, PERSON_CORRECTED, now), PERSON_CORRECTED, now, user_id)
    return changed


def add_dose(
    session: Session, person_id: str, site_id: str, values: Mapping[str, Any], *,
    now: datetime, user_id: str | None = None, record_id: str | None = None,
    confirmed_warnings: list[str] | None = None, age_override: str | None = None,
    origin: Mapping[str, Any] | None = None, void_reason: str | None = None,
) -> Dose:
    """``origin``: where the dose came from, when not typed here (the platform, after a
    restore: ``sync/own_records.py``), with ``void_reason`` if it came voided."""
    data = {k: values.get(k) for k in DOSE_FIELDS}
    dose = Dose(
        id=record_id or new_id(), person_id=person_id, site_id=site_id, recorded_by=user_id,
        status="voided" if void_reason else "active", void_reason=void_reason,
        entered_at=now, updated_at=now, **data,
    )
    session.add(dose)
    session.flush()
    details = dict(data, person_id=person_id)
    if void_reason:
        details["void_reason"] = void_reason
    if origin:
        details["origin"] = origin
    if confirmed_warnings:
        details["confirmed_warnings"] = confirmed_warnings
    if age_override:  # a supervisor let a product outside its ages through, and why
        details["age_override"] = age_override
    _audit(session, "create", "dose", dose.id, details, now, user_id)
    _mark_changed(session, "dose", dose.id, now)
    return dose


def update_dose(
    session: Session, dose: Dose, changes: Mapping[str, Any], *, now: datetime,
    user_id: str | None = None, action: str = "update",
) -> dict[str, Any]:
    """Correct a dose's fields; return those that really changed (old, new). As for a
    person, a no-op correction is neither audited nor queued for the sync."""
    changed: dict[str, Any] = {}
    for key, new in changes.items():
        if key not in DOSE_FIELDS:
            raise KeyError(f"not a dose field: {key}")
        old = getattr(dose, key)
        if old != new:
            changed[key] = [old, new]
            setattr(dose, key, new)
    if not changed:
        return changed
    dose.updated_at = now
    session.flush()
    _audit(session, action, "dose", dose.id, changed, now, user_id)
    _mark_changed(session, "dose", dose.id, now)
    if changes_printed_dose(changed):
        _revoked(session, dose.person_id, certificate_issues.revoke_for_dose(
            session, dose, DOSE_CORRECTED, now), DOSE_CORRECTED, now, user_id)
    return changed


def void_dose(
    session: Session, dose: Dose, reason: str, *, now: datetime, user_id: str | None = None,
    given_to_another: bool = False,
) -> None:
    """Mark a dose as entered in error. Nothing is deleted: the sync sends it as
    ``entered-in-error`` and the audit keeps who did it and why, and whether the injection
    was another person's (where its reactions may move: ``services/reactions``)."""
    if not reason.strip():
        raise ValueError("a void needs a reason")
    dose.status = "voided"
    dose.void_reason = reason.strip()
    dose.updated_at = now
    session.flush()
    details = {"reason": dose.void_reason}
    if given_to_another:
        details["given_to_another"] = True
    _audit(session, "void", "dose", dose.id, details, now, user_id)
    _mark_changed(session, "dose", dose.id, now)
    _revoked(session, dose.person_id, certificate_issues.revoke_for_dose(
        session, dose, DOSE_VOIDED, now), DOSE_VOIDED, now, user_id)


def void_doses(session: Session, dose_ids: list[str], reason: str, *, now: datetime,
               user_id: str | None = None) -> None:
    """``void_dose`` for many active doses at once (an import undone): the same columns, an
    audit entry and an outbox bump each, in a few statements instead of a few a dose. The
    caller leaves out the doses whose void would revoke a certificate: none is revoked."""
    if not reason.strip():
        raise ValueError("a void needs a reason")
    session.execute(update(Dose).where(Dose.id.in_(dose_ids))
                    .values(status="voided", void_reason=reason.strip(), updated_at=now)
                    .execution_options(synchronize_session=False))
    details = json.dumps({"reason": reason.strip()}, ensure_ascii=False)
    session.execute(insert(AuditEntry), [
        {"at": now, "user_id": user_id, "action": "void", "entity": "dose", "entity_id": i,
         "details": details} for i in dose_ids])
    bumped = session.execute(update(SyncRecord).where(
        SyncRecord.entity == "dose", SyncRecord.record_id.in_(dose_ids)).values(_bumped(now))
        .execution_options(synchronize_session=False)).rowcount
    if bumped < len(dose_ids):  # an import queues every dose; any other, as _mark_changed
        queued = set(session.scalars(select(SyncRecord.record_id).where(
            SyncRecord.entity == "dose", SyncRecord.record_id.in_(dose_ids))))
        for dose_id in sorted(set(dose_ids) - queued):
            _mark_changed(session, "dose", dose_id, now)


def restore_dose(session: Session, dose: Dose, *, now: datetime,
                 user_id: str | None = None) -> None:
    """Take back a void (central staff found the dose was given after all). The caller
    makes sure no other active dose of the person holds its number (the unique index)."""
    dose.status = "active"
    dose.void_reason = None
    dose.updated_at = now
    session.flush()
    _audit(session, "unvoid", "dose", dose.id, {}, now, user_id)
    _mark_changed(session, "dose", dose.id, now)


def update_external_dose(
    session: Session, ext: ExternalDose, changes: Mapping[str, Any], *, now: datetime,
    user_id: str | None = None,
) -> dict[str, Any]:
    """Another site's dose as the central platform holds it now (corrected there). The
    certificates printed since it was brought, which list it, are revoked, as a correction
    of a dose here revokes them. Returns the fields that changed (old, new): the caller
    audits them with the look-up that brought them."""
    changed: dict[str, Any] = {}
    for key, new in changes.items():
        if key not in EXTERNAL_DOSE_FIELDS:
            raise KeyError(f"not a field of another site's dose: {key}")
        old = getattr(ext, key)
        if old != new:
            changed[key] = [old, new]
            setattr(ext, key, new)
    if not changed:
        return changed
    since, ext.fetched_at = ext.fetched_at, now  # papers printed from now list it as it is
    session.flush()
    _revoked(session, ext.person_id, certificate_issues.revoke_issued_since(
        session, ext.person_id, since, DOSE_CORRECTED, now), DOSE_CORRECTED, now, user_id)
    return changed


def drop_external_dose(session: Session, ext: ExternalDose, *, now: datetime,
                       user_id: str | None = None, since: datetime | None = None,
                       reason: str = DOSE_VOIDED) -> None:
    """Forget another site's dose the central platform no longer lists (voided there, as
    entered in error, or gone). The certificates printed since it was brought, which list
    it, are revoked, as a void of a dose here revokes them; the caller audits the drop with
    the look-up that found it. ``since`` and ``reason``: the papers revoked are those
    printed since then, for that reason (a row that was this site's own dose twice:
    ``sync/doubled_doses.py``)."""
    _revoked(session, ext.person_id, certificate_issues.revoke_issued_since(
        session, ext.person_id, since or ext.fetched_at, reason, now), reason, now, user_id)
    session.delete(ext)
    session.flush()


def _revoked(session: Session, person_id: str, uvcis: list[str], reason: str, now: datetime,
             user_id: str | None) -> None:
    """The certificates a change revoked, in the person's audit trail (none: no entry), and
    among the transaction's ``revoked_in``."""
    if uvcis:
        _audit(session, "revoke", "person", person_id, {"uvcis": uvcis, "reason": reason},
               now, user_id)
        session.info.setdefault(_REVOKED_IN, []).extend(uvcis)


_REVOKED_IN = "revoked certificates"


def revoked_in(session: Session) -> tuple[str, ...]:
    """The certificates this session's changes have revoked so far (a correction, a void):
    the person who made them is told to print anew and take the old papers back."""
    return tuple(session.info.get(_REVOKED_IN, ()))


def fold_person(
    session: Session, folded: Person, kept: Person, *, now: datetime,
    user_id: str | None = None,
) -> tuple[list[str], list[str]]:
    """Fold one record of a person into another: the folded one's doses move to the kept
    one (each audited and queued), so do the doses other sites gave it (``external_dose``:
    not ours to queue; the caller's merge entry names them), and the folded person is
    marked merged (queued, so the central platform gets it as replaced-by), its
    certificates revoked. Returns the moved doses' ids and the moved external doses' ids."""
    moved = list(session.scalars(select(Dose.id).where(Dose.person_id == folded.id)))
    external = list(session.scalars(
        select(ExternalDose.id).where(ExternalDose.person_id == folded.id)))
    _move_doses(session, moved, external, folded.id, kept.id, now, user_id)
    _carry_check(session, folded.id, kept.id)
    folded.merged_into = kept.id
    folded.updated_at = now
    session.flush()
    _mark_changed(session, "person", folded.id, now)
    # Its papers certify a record that stands for nobody now, perhaps with the birth date
    # the merge found wrong: the kept record prints the whole history afresh.
    _revoked(session, folded.id, certificate_issues.revoke_for_person(
        session, folded.id, PERSON_CORRECTED, now), PERSON_CORRECTED, now, user_id)
    return moved, external


def unfold_person(
    session: Session, folded: Person, kept: Person, dose_ids: list[str],
    external_ids: list[str], *, merged_at: datetime, now: datetime,
    user_id: str | None = None,
) -> tuple[list[str], list[str], list[str]]:
    """Undo ``fold_person`` (done at ``merged_at``): the doses it moved that the kept record
    still holds go back (each audited and queued), so do the other sites' doses, the folded
    record stands again (queued: the central platform gets it active, with no replaced-by),
    and the kept one's certificates issued since the merge, which print those doses, are
    revoked. Returns the doses and external doses moved back, and the revoked UVCIs."""
    back = list(session.scalars(select(Dose.id).where(
        Dose.id.in_(dose_ids), Dose.person_id == kept.id)))
    external = list(session.scalars(select(ExternalDose.id).where(
        ExternalDose.id.in_(external_ids), ExternalDose.person_id == kept.id)))
    _move_doses(session, back, external, kept.id, folded.id, now, user_id)
    folded.merged_into = None
    folded.updated_at = now
    session.flush()
    _mark_changed(session, "person", folded.id, now)
    revoked = certificate_issues.revoke_issued_since(session, kept.id, merged_at,
                                                     DOSE_CORRECTED, now)
    _revoked(session, kept.id, revoked, DOSE_CORRECTED, now, user_id)
    return back, external, revoked


def _carry_check(session: Session, source: str, target: str) -> None:
    """The other sites' doses moved with when the platform last answered for them
    (``elsewhere_check``): the kept record's hold as of the older answer of the two."""
    moved = session.get(ElsewhereCheck, source)
    if moved is None:
        return
    held = session.get(ElsewhereCheck, target)
    if held is None:
        session.add(ElsewhereCheck(person_id=target, confirmed_at=moved.confirmed_at,
                                   asked_at=moved.asked_at))
        return
    held.confirmed_at = min(held.confirmed_at, moved.confirmed_at)
    held.asked_at = min(held.asked_at, moved.asked_at)


def _move_doses(session: Session, dose_ids: list[str], external_ids: list[str], source: str,
                target: str, now: datetime, user_id: str | None) -> None:
    """Doses from one person to another, each audited and queued; the other sites' doses
    (``external_dose``: not ours to queue or audit one by one) with them."""
    for dose in session.scalars(select(Dose).where(Dose.id.in_(dose_ids))
                                .order_by(Dose.dose_date, Dose.dose_number)):
        dose.person_id = target
        dose.updated_at = now
        session.flush()
        _audit(session, "update", "dose", dose.id, {"person_id": [source, target]}, now,
               user_id)
        _mark_changed(session, "dose", dose.id, now)
    # An Immunization's id is the row's key: each is held by one person, so it moves once.
    if external_ids:
        session.execute(update(ExternalDose).where(ExternalDose.id.in_(external_ids))
                        .values(person_id=target))


def move_dose_by_central(session: Session, dose: Dose, person_id: str, *,
                         now: datetime) -> None:
    """A dose another system moved to another person on the server, taken here as it is
    there (not queued: the server holds it so): audited as central's, and the certificates
    that printed it for the person it left revoked."""
    source = dose.person_id
    revoked = certificate_issues.revoke_for_dose(session, dose, DOSE_CORRECTED, now)
    dose.person_id = person_id
    dose.updated_at = now
    session.flush()
    _audit(session, "central", "dose", dose.id, {"person_id": [source, person_id]}, now,
           None)
    _revoked(session, source, revoked, DOSE_CORRECTED, now, None)


def kept_record(session: Session, person_id: str) -> str:
    """The record that stands for ``person_id``: itself, or the one a merge folded it into
    (and on, should that one have been folded in its turn)."""
    seen = {person_id}
    while (into := session.scalar(select(Person.merged_into).where(Person.id == person_id))) \
            and into not in seen:
        seen.add(into)
        person_id = into
    return person_id


def queue_again(session: Session, entity: str, record_id: str, now: datetime) -> None:
    """Send a record again as it is here (the sync, when a server's copy it took lacks
    something only this laptop holds)."""
    _mark_changed(session, entity, record_id, now)


def _mark_changed(session: Session, entity: str, record_id: str, now: datetime) -> None:
    """Queue a record for the sync: a new local version, state pending. A record in conflict
    stays in conflict: a person must resolve it before it is sent again. A record on the
    wire stays 'sending': one version at a time, or the older one could land after the
    newer; its answer (outbox.record) makes it pending again, the new version then sent as
    an update of what the server acknowledged."""
    bumped = session.execute(
        update(SyncRecord)
        .where(SyncRecord.entity == entity, SyncRecord.record_id == record_id)
        .values(_bumped(now))
    )
    if bumped.rowcount == 0:
        session.add(
            SyncRecord(
                entity=entity, record_id=record_id, state="pending", local_version=1,
                synced_version=0, attempts=0, changed_at=now,
            )
        )


def _bumped(now: datetime) -> dict[str, Any]:
    """An outbox row's values after a change (``_mark_changed``)."""
    return {"local_version": SyncRecord.local_version + 1, "changed_at": now,
            "state": case((SyncRecord.state.in_(("conflict", "sending")), SyncRecord.state),
                          else_="pending")}


def _audit(
    session: Session, action: str, entity: str, entity_id: str, details: Mapping[str, Any],
    now: datetime, user_id: str | None,
) -> None:
    session.add(audit_entry(action, entity, entity_id, details, now, user_id))


def audit_entry(
    action: str, entity: str, entity_id: str, details: Mapping[str, Any], now: datetime,
    user_id: str | None = None,
) -> AuditEntry:
    return AuditEntry(
        at=now, user_id=user_id, action=action, entity=entity, entity_id=entity_id,
        details=json.dumps(details, default=json_default, ensure_ascii=False),
    )


def json_default(value: object) -> str:
    """How the audit's JSON writes a value it has no type for: dates as ISO text."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def add_reaction(
    session: Session, dose: Dose, values: Mapping[str, Any], *, now: datetime,
    user_id: str | None = None,
) -> str:
    """A reaction after ``dose``: audited on the dose, and the dose queued again, since the
    reaction travels on its Immunization."""
    from desktop_app.db.models import DoseReaction

    reaction = DoseReaction(id=new_id(), dose_id=dose.id, recorded_at=now, recorded_by=user_id,
                            **values)
    session.add(reaction)
    session.flush()
    _audit(session, "reaction", "dose", dose.id, dict(values, reaction_id=reaction.id), now,
           user_id)
    _mark_changed(session, "dose", dose.id, now)
    return reaction.id


def move_reactions(session: Session, source: Dose, target: Dose, *, now: datetime,
                   user_id: str | None) -> int:
    """``source``'s reactions put on ``target`` (the injection they followed was recorded
    on the wrong person): audited on both doses, both queued again, since each
    Immunization carries its reactions. How many moved."""
    from desktop_app.db.models import DoseReaction, Person

    moved = session.execute(update(DoseReaction).where(DoseReaction.dose_id == source.id)
                            .values(dose_id=target.id)).rowcount
    if moved:
        # Each side names the other record's person: the history reads names, not ids.
        name = {d.id: session.get(Person, d.person_id).full_name for d in (source, target)}
        _audit(session, "reaction_moved", "dose", source.id, {
            "to_dose_id": target.id, "full_name": name[target.id], "count": moved},
            now, user_id)
        _audit(session, "reaction_moved", "dose", target.id, {
            "from_dose_id": source.id, "full_name": name[source.id], "count": moved},
            now, user_id)
        _mark_changed(session, "dose", source.id, now)
        _mark_changed(session, "dose", target.id, now)
    return moved


def add_central_reaction(
    session: Session, dose: Dose, values: Mapping[str, Any], *, now: datetime,
) -> str:
    """A reaction the central platform's copy of ``dose`` carries and this laptop lacks
    (central staff recorded one the hospital reported): stored with no author here
    (``recorded_by`` empty, nobody at this site recorded it) and audited as a central
    change, never as a clerk's. Not queued: it came from the server (the sync decides
    whether the dose goes again)."""
    from desktop_app.db.models import DoseReaction

    reaction = DoseReaction(id=new_id(), dose_id=dose.id, recorded_at=now, recorded_by=None,
                            **values)
    session.add(reaction)
    session.flush()
    _audit(session, "central", "dose", dose.id,
           {**{k: [None, v] for k, v in values.items()}, "reaction_id": reaction.id}, now,
           None)
    return reaction.id
