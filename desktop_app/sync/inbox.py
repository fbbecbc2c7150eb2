"""The database side of pulling: central changes applied, conflicts kept for a person.

Every server version this laptop did not write is a central change, whoever made it (the
central platform, another tool): a version is ours when the push got it back, or when its
content is what we sent (``own_writes``). A central change is applied to
the local record when the laptop has no unsent edit of it. When it has one, neither side
wins silently: the record goes to ``conflict`` with the server's copy kept beside it, and
``resolve`` applies the choice a person made.

A central version is applied or kept for a person, never raised: a copy the database here
cannot store (a dose number another dose of the person holds, a value it refuses) is a
conflict too, so the pull goes on with the rest of the page, and every step after it runs.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.clock import utc_now, utc_to_local
from desktop_app.db import cleaning_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, DoseReaction, Person, SyncRecord
from desktop_app.rules.field_values import EMPTY
from desktop_app.rules.messages import UserError, text
from desktop_app.sync import own_writes
from desktop_app.sync.verdicts import pull_held_again
from desktop_app.wire import fhir, foreign

ENTITY = {"Patient": "person", "Immunization": "dose"}
# What a cleaning case's move says moved it when the platform's copy of a person did.
CENTRAL = "central"
log = logging.getLogger(__name__)


class Applied(StrEnum):
    APPLIED = "applied"  # the local record now matches the server
    CONFLICT = "conflict"  # kept for a person to resolve
    SEEN = "seen"  # nothing new (already applied, or our own write)
    UNKNOWN = "unknown"  # not a record of this laptop
    BROUGHT_BACK = "brought_back"  # this site's own, lacking after a restore (own_records)


def known_version(s: Session, resource: dict[str, Any]) -> bool:
    """Whether a search hit without ``meta.versionId`` can be judged without reading it
    (for its ``ETag``): not ours, or exactly the version the laptop last synced."""
    sync = s.get(SyncRecord, (ENTITY[resource["resourceType"]], resource["id"]))
    return sync is None or (
        sync.server_version is not None and sync.state == "synced"
        and own_writes.written_by_us(sync.sent_digests, resource) == sync.synced_version)


def apply_page(s: Session, resources: Sequence[dict[str, Any]], now: datetime
               ) -> Counter[Applied]:
    """One page of central changes, in one transaction; what each came to, counted.

    A dose renumbered onto a number another dose of the person holds here waits for the
    rest of the page: central staff who renumber a series (two doses' numbers swapped, the
    dates typed on the wrong ones; a series moved along) send every dose of it, and each
    is taken once the number it takes is free, or, when they take each other's, together.
    A dose of the move the pull met before (a page earlier, a round earlier: its conflict
    kept) is taken with it. What still clashes is a conflict for a person."""
    counts: Counter[Applied] = Counter()
    waiting: list[dict[str, Any]] = []
    for res in resources:
        if (outcome := apply_central(s, res, now, clashes=waiting)) is not None:
            counts[outcome] += 1
    while waiting:  # each round applies those whose number another one freed
        tried, waiting = waiting, []
        for res in tried:
            if (outcome := apply_central(s, res, now, clashes=waiting)) is not None:
                counts[outcome] += 1
        if len(waiting) == len(tried):
            break
    if waiting and _take_together(s, _with_held_moves(s, waiting), now):
        counts[Applied.APPLIED] += len(waiting)
        waiting = []
    for res in waiting:  # a conflict each, saying which number is held
        counts[apply_central(s, res, now) or Applied.CONFLICT] += 1
    return counts


def apply_central(s: Session, resource: dict[str, Any], now: datetime,
                  clashes: list[dict[str, Any]] | None = None, *,
                  unsent_is_there: bool = False) -> Applied | None:
    """Apply one central version, or keep it in conflict. With ``clashes``, a dose whose
    new number another dose holds is put there instead (None: nothing done yet), for
    ``apply_page`` to try again once the page's other doses have moved.
    ``unsent_is_there``: the edit the laptop holds unsent reached the platform already,
    and this version is that edit or came after it (a restored copy's record, the lost
    laptop having sent it: ``own_records``), so taking it loses nothing of the laptop's."""
    entity = ENTITY[resource["resourceType"]]
    sync = s.get(SyncRecord, (entity, resource["id"]))
    if sync is None:
        return Applied.UNKNOWN
    version = str((resource.get("meta") or {}).get("versionId") or "")
    if not version or sync.server_version == version:
        return Applied.SEEN
    if sync.state == "conflict" and _kept_version(sync) == version:
        # Kept for a person already: a pull meeting it again (its cursor is inclusive)
        # leaves it as it is, and why it waits (a number held here, say, not "edited on
        # both sides").
        return Applied.SEEN
    written = own_writes.written_by_us(sync.sent_digests, resource)
    if written is not None and written >= sync.synced_version and sync.state != "conflict":
        _adopt_own(sync, version, written)
        return Applied.SEEN
    if not readable(entity, resource):
        # Valid FHIR this laptop cannot take (another tool's doseNumberString, say): kept
        # for a person beside ours. Raised instead, it stopped every later pull at this
        # record, and every step after the pull, round after round.
        log.warning("central %s/%s v%s not readable here", resource["resourceType"],
                    resource["id"], version)
        _in_conflict(sync, resource, "CENTRAL_UNREADABLE")
        return Applied.CONFLICT
    if entity == "dose" and _not_given_there(s, resource):
        # Another system says the injection was not given (``not-done``): a state this
        # laptop has no room for. Taken as an ordinary change, the dose stayed counted here,
        # and the next edit sent it back as ``completed`` over their word. A supervisor
        # says which is true: given (kept, sent back as given), or not (voided here).
        _in_conflict(sync, resource, "CENTRAL_NOT_DONE", reason=fhir.immunization_fields(
            resource).void_reason or EMPTY)
        return Applied.CONFLICT
    # A record kept in conflict with no edit made here since (a number held here, a copy
    # this laptop could not read) takes a newer central version as any other record does.
    unsent = not unsent_is_there and (sync.local_version != sync.synced_version or
                                      sync.state not in ("synced", "conflict"))
    if unsent:
        _in_conflict(sync, resource, "CENTRAL_EDIT_CONFLICT")
        return Applied.CONFLICT
    try:
        with s.begin_nested():  # a copy the database refuses leaves nothing behind
            _take_server_copy(s, entity, resource, now)
    except NumberClash as clash:  # raised before anything is changed
        if clashes is not None:
            clashes.append(resource)
            return None
        _in_conflict(sync, resource, clash.code, **clash.params)
        return Applied.CONFLICT
    except IntegrityError as exc:
        # A value the database here refuses (a vaccine product it does not know, …):
        # raised, it stopped the pull at this record, round after round.
        log.warning("central %s/%s v%s not storable here: %s", resource["resourceType"],
                    resource["id"], version, exc.orig)
        _in_conflict(s.get(SyncRecord, (entity, resource["id"])), resource,
                     "CENTRAL_NOT_STORABLE")
        return Applied.CONFLICT
    return Applied.APPLIED


def readable(entity: str, resource: dict[str, Any]) -> bool:
    """Whether the laptop can read the server's copy into its record."""
    try:
        (fhir.patient_fields if entity == "person" else fhir.immunization_fields)(resource)
    except (KeyError, IndexError, StopIteration, TypeError, ValueError, AttributeError):
        return False
    return True


def _not_given_there(s: Session, resource: dict[str, Any]) -> bool:
    """Whether the server's copy says not done of a dose counted here as given."""
    dose = s.get(Dose, resource["id"])
    return dose is not None and dose.status == "active" and \
        fhir.immunization_fields(resource).not_done


def _in_conflict(sync: SyncRecord, resource: dict[str, Any], code: str, **params: Any) -> None:
    """Kept for a person to settle: the server's copy beside ours, and why."""
    sync.state = "conflict"
    sync.server_body = json.dumps(resource, ensure_ascii=False)
    sync.last_error = json.dumps([{
        "code": code, "vi": text(code, "vi", **params), "en": text(code, "en", **params),
        "where": None,
    }], ensure_ascii=False)


def keep_foreign(sync: SyncRecord, resource: dict[str, Any]) -> None:
    """Keep what other tools wrote on a central copy the laptop takes, for its updates of
    the record to carry back (``wire/foreign.py``)."""
    theirs = foreign.foreign_part(resource)
    sync.foreign_body = json.dumps(theirs, ensure_ascii=False) if theirs else None


def _adopt_own(sync: SyncRecord, version: str, written: int) -> None:
    """A server version holding what we sent as local version ``written`` (its answer lost,
    or a no-change update): take the version, as a push acknowledgement would."""
    sync.server_version = version
    sync.sent_digests = own_writes.after_ack(sync.sent_digests, written)
    if written >= sync.synced_version:
        sync.synced_version = written
    if sync.local_version == written:
        sync.state = "synced"
        sync.last_error = None
    elif sync.state == "sending":
        sync.state = "pending"


class NumberClash(UserError):
    """The central version gives a dose a number another active dose of the person holds
    here (``uq_dose_person_number_active`` would refuse it): a person must say which is
    right, unless the holder moves away in the same pull (``apply_page``)."""


class RestoreClash(NumberClash):
    """Central staff took back a dose's void, but the person has another active dose of that
    number (recorded since, as the right one): a person must say which was given."""


def _holder(s: Session, dose: Dose, number: int) -> str | None:
    """The other active dose of the person that holds ``number`` here, if any."""
    return s.scalar(select(Dose.id).where(
        Dose.person_id == dose.person_id, Dose.dose_number == number,
        Dose.status == "active", Dose.id != dose.id).limit(1))


def _check_number(s: Session, dose: Dose, fields: fhir.ImmunizationFields) -> None:
    """Raise a ``NumberClash`` if the central version would make the dose active under a
    number another active dose of the person holds (a void taken back, or a renumbering)."""
    if not fields.given:
        return
    restored = dose.status == "voided"
    if not restored and fields.dose_number == dose.dose_number:
        return
    if _holder(s, dose, fields.dose_number) is not None:
        raise RestoreClash("CENTRAL_RESTORE_CLASH", number=fields.dose_number) if restored \
            else NumberClash("CENTRAL_NUMBER_CLASH", number=fields.dose_number)


def _with_held_moves(s: Session, resources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The doses' central versions, and those of the doses holding the numbers they take
    when the holder's own central version, kept in conflict only because its number was
    held (a swap split over two pages, or two rounds), moves it: the two go together.
    Never one with an edit made here since: that conflict is a person's to settle."""
    group = {r["id"]: r for r in resources}
    for res in resources:
        dose = s.get(Dose, res["id"])
        holder = _holder(s, dose, fhir.immunization_fields(res).dose_number)
        sync = s.get(SyncRecord, ("dose", holder)) if holder else None
        if holder in group or sync is None or sync.state != "conflict" \
                or not sync.server_body or sync.local_version != sync.synced_version \
                or _conflict_code(sync) != "CENTRAL_NUMBER_CLASH":
            continue
        body = json.loads(sync.server_body)
        if readable("dose", body):
            group[holder] = body
    return list(group.values())


def _kept_version(sync: SyncRecord) -> str | None:
    """The version of the server's copy a conflict keeps beside ours, if any."""
    try:
        return str(json.loads(sync.server_body or "null")["meta"]["versionId"])
    except (ValueError, LookupError, TypeError):
        return None


def _conflict_code(sync: SyncRecord) -> str | None:
    try:
        return json.loads(sync.last_error or "[]")[0]["code"]
    except (ValueError, LookupError, TypeError):
        return None


def _take_together(s: Session, resources: list[dict[str, Any]], now: datetime) -> bool:
    """Take these doses' central versions at once (numbers exchanged between them), or
    none. SQLite checks a unique index row by row, so the doses that change number are first
    set aside under numbers no dose has (their own, negative), then each takes its new one
    (what the audit and the record's history say is the old number, kept in memory, to the
    new). False, nothing changed, when one still clashes or the database refuses one."""
    # Held here until the end: the session keeps only weak references to unchanged rows,
    # and one read again would say the number set aside.
    doses = [s.get(Dose, res["id"]) for res in resources]
    moving = [d.id for d, res in zip(doses, resources, strict=True) if d.status == "active"
              and d.dose_number != fhir.immunization_fields(res).dose_number]
    try:
        with s.begin_nested():
            s.execute(update(Dose).where(Dose.id.in_(moving))
                      .values(dose_number=-Dose.dose_number)
                      .execution_options(synchronize_session=False))
            for res in resources:
                sync = s.get(SyncRecord, ("dose", res["id"]))
                if sync.state == "conflict":  # settled by this: changed as resolve() does
                    sync.state = "pending"
                _take_server_copy(s, "dose", res, now)
    except (NumberClash, IntegrityError):
        return False
    return True


def _take_server_copy(s: Session, entity: str, resource: dict[str, Any], now: datetime) -> None:
    """Make the local record equal to the server's copy; it is then synced at that version."""
    flagged = False  # the person's cleaning flags changed with their copy
    if entity == "person":
        person = s.get(Person, resource["id"])
        changed = store.update_person(s, person, fhir.patient_fields(resource).as_changes(),
                                      now=now, action="central")
        flagged = _rules_after_central(s, person, changed, now)
    else:
        dose = s.get(Dose, resource["id"])
        fields = fhir.immunization_fields(resource)
        restored = fields.given and dose.status == "voided"
        _check_number(s, dose, fields)
        moved_to = _moved_on_server(s, dose, resource, fields)  # checked before any change
        # First: a void frees its number. Not done is not counted either, and has no state
        # of its own here: taken (a supervisor's choice, ``apply_central``) as a void.
        if not fields.given and dose.status != "voided":
            store.void_dose(s, dose, fields.reason_here, now=now)
        if moved_to is not None:  # another system gave it to another person: kept
            store.move_dose_by_central(s, dose, moved_to, now=now)
        store.update_dose(s, dose, fields.as_changes(), now=now, action="central")
        if restored:
            store.restore_dose(s, dose, now=now)
        _keep_their_reactions(s, dose, fields, now)
    s.flush()
    sync = s.get(SyncRecord, (entity, resource["id"]))
    s.refresh(sync)
    sync.synced_version = sync.local_version
    sync.state = "synced"
    sync.server_version = str(resource["meta"]["versionId"])
    sync.server_body = None
    sync.last_error = None
    sync.sent_digests = None  # nothing of ours is on the server now
    keep_foreign(sync, resource)
    if flagged:  # the platform holds the flags too (its needs-cleaning mark): sent again
        store.queue_again(s, entity, resource["id"], now)
    if _merge_not_on_server(s, entity, resource) or \
            _reactions_not_on_server(s, entity, resource):
        # Their fields are taken, but a merge made here (a folded person, a dose moved to
        # the kept one), or a reaction recorded here, is not in their copy and is not undone
        # by it: the record goes again, their fields with our merge and both sides'
        # reactions (theirs are stored here first), as an update of their version. (A
        # reaction is never deleted here: one the platform's copy lacks is one it never
        # had, or one an edit there lost.) Once the union is on both sides, a pull finds
        # nothing missing either way and nothing goes again.
        store.queue_again(s, entity, resource["id"], now)


def _rules_after_central(s: Session, person: Person, changed: dict[str, Any],
                         now: datetime) -> bool:
    """The identity rules on a person whose fields the platform's copy changed, the one way
    a correction typed at the desk runs them (``cleaning_store.after_correction``): the
    codes that still apply kept, a fixed one's dropped, the case opened again or closed as
    ``rules.cleaning.status_after`` says, a stale register verdict let go; audited with no
    account and ``why``: central. Not on a record a merge folded: the desk corrects only
    the kept one, and its case was closed by the merge. Returns whether the flags changed."""
    if not changed or person.merged_into is not None:
        return False
    had = person.cleaning_reason
    cleaning_store.after_correction(s, person, changed, today=utc_to_local(now).date(),
                                    now=now, user_id=None, why=CENTRAL)
    return person.cleaning_reason != had


def _moved_on_server(s: Session, dose: Dose, resource: dict[str, Any],
                     fields: fhir.ImmunizationFields) -> str | None:
    """The person the server's copy gives a dose to, when another system moved it there
    (the province's tool correcting a dose recorded on the wrong person): a standing record
    here, not one this laptop folded into the dose's own (that is a merge made here, sent
    again: ``_merge_not_on_server``). It was moved back by the next round, the other
    system's correction undone without a word. None: the dose stays where it is. Raises
    ``NumberClash`` when that person holds an active dose of its number here: a person
    must say which is right."""
    theirs = fhir.reference_id((resource.get("patient") or {}).get("reference"))
    if not theirs or theirs == dose.person_id:
        return None
    person = s.get(Person, theirs)
    if person is None or person.merged_into is not None:
        return None
    if _refold_noted(s, theirs, dose.person_id):
        return None  # the platform's merge a restored copy lacks: made again as a merge
    if fields.given and s.scalar(select(Dose.id).where(
            Dose.person_id == theirs, Dose.status == "active", Dose.id != dose.id,
            Dose.dose_number == fields.dose_number).limit(1)) is not None:
        raise NumberClash("CENTRAL_NUMBER_CLASH", number=fields.dose_number)
    return theirs


def _merge_not_on_server(s: Session, entity: str, resource: dict[str, Any]) -> bool:
    if entity == "person":
        into = s.get(Person, resource["id"]).merged_into
        replaced = {fhir.reference_id((link.get("other") or {}).get("reference"))
                    for link in resource.get("link") or () if link.get("type") == "replaced-by"}
        return into is not None and (resource.get("active") is not False or into not in replaced)
    theirs = fhir.reference_id((resource.get("patient") or {}).get("reference"))
    ours = s.get(Dose, resource["id"]).person_id
    # A dose the platform holds under the person a restored copy's is folded into there:
    # the merge is made again here once the pull is done (``services.merges.refold``).
    # Queued now, it went in the same round's push, before the refold, and put the copy's
    # person back on the platform's dose until the next round.
    return ours != theirs and not _refold_noted(s, theirs, ours)


def _refold_noted(s: Session, kept: str | None, folded: str) -> bool:
    """Whether the pull after a restore noted the platform's merge of ``folded`` into
    ``kept`` to be made again here (``own_records._note_fold``)."""
    return [kept, folded] in (settings.read(s, settings.RESTORE_REFOLDS) or ())


def reactions_here(s: Session, dose_id: str) -> tuple[fhir.ReactionFields, ...]:
    """The reactions recorded here on a dose, as they read back from its Immunization
    (what the server's copy is compared with), oldest first."""
    rows = s.execute(select(DoseReaction.__table__).where(DoseReaction.dose_id == dose_id)
                     .order_by(DoseReaction.onset_at)).mappings()
    return tuple(fhir.reaction_fields(fhir.reaction(row)) for row in rows)


def _keep_their_reactions(s: Session, dose: Dose, fields: fhir.ImmunizationFields,
                          now: datetime) -> None:
    """Store the reactions the server's copy carries that this laptop lacks (one central
    staff recorded): taking their version keeps them here, and a dose sent again (with a
    reaction only this laptop has) carries both sides', never only ours over theirs."""
    have = set(reactions_here(s, dose.id))
    for r in fields.reactions:
        if r not in have:
            store.add_central_reaction(s, dose, {
                "severity": r.severity, "onset_at": r.onset_at,
                "description": r.description, "action_taken": r.action_taken}, now=now)
            have.add(r)


def _reactions_not_on_server(s: Session, entity: str, resource: dict[str, Any]) -> bool:
    """Whether a reaction recorded here is missing from the server's copy of the dose."""
    if entity != "dose":
        return False
    theirs = set(fhir.immunization_fields(resource).reactions)
    return any(r not in theirs for r in reactions_here(s, resource["id"]))


class Choice(StrEnum):
    MINE = "mine"  # send the laptop's version over the server's
    THEIRS = "theirs"  # take the central platform's version


def resolve(db: Database, entity: str, record_id: str, choice: Choice,
            user_id: str | None = None) -> None:
    """Settle a conflict as a person decided. Keeping ours sends it as an update of the
    server's current version (a deliberate overwrite, recorded in the audit)."""
    with db.transaction() as s:
        sync = s.get(SyncRecord, (entity, record_id))
        if sync is None or sync.state != "conflict":
            raise ValueError(f"{entity} {record_id} is not in conflict")
        server = json.loads(sync.server_body) if sync.server_body else None
        now = utc_now()
        if choice is Choice.THEIRS:
            if server is None:
                raise ValueError("the server's copy is not known; keep yours or sync again")
            if not readable(entity, server):
                raise UserError("CENTRAL_UNREADABLE_THEIRS")
            sync.state = "pending"  # lets the update below go through normally
            try:
                _take_server_copy(s, entity, server, now)
            except NumberClash:  # taken with the dose whose central copy frees the number
                if entity != "dose" or not _take_together(s, _with_held_moves(s, [server]), now):
                    raise
            except IntegrityError as exc:
                raise UserError("CENTRAL_NOT_STORABLE") from exc
        else:
            # Over the server's current version; with no copy there (deleted), as a new
            # record: an update of a deleted version would only be refused again.
            sync.server_version = str(server["meta"]["versionId"]) if server else None
            if server:  # ours over their version: what only they write stays on it
                keep_foreign(sync, server)
            sync.state = "pending"
            sync.server_body = None
            sync.last_error = None
        s.add(store.audit_entry("resolve", entity, record_id, {"kept": choice.value}, now,
                                user_id))
        if entity == "person":  # a register verdict held while in conflict may count now
            pull_held_again(s)
