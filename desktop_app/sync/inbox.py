"""The database side of pulling: central changes applied, conflicts kept for a person.

Every server version this laptop did not write is a central change, whoever made it (the
central platform, another tool): a version is ours when the push got it back, or when its
content is what we sent (``own_writes``). A central change is applied to
the local record when the laptop has no unsent edit of it. When it has one, neither side
wins silently: the record goes to ``conflict`` with the server's copy kept beside it, and
``resolve`` applies the choice a person made.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Person, SyncRecord
from desktop_app.rules.messages import UserError, text
from desktop_app.sync import own_writes
from desktop_app.sync.verdicts import pull_held_again
from desktop_app.wire import fhir

ENTITY = {"Patient": "person", "Immunization": "dose"}
log = logging.getLogger(__name__)


class Applied(StrEnum):
    APPLIED = "applied"  # the local record now matches the server
    CONFLICT = "conflict"  # kept for a person to resolve
    SEEN = "seen"  # nothing new (already applied, or our own write)
    UNKNOWN = "unknown"  # not a record of this laptop


def known_version(s: Session, resource: dict[str, Any]) -> bool:
    """Whether a search hit without ``meta.versionId`` can be judged without reading it
    (for its ``ETag``): not ours, or exactly the version the laptop last synced."""
    sync = s.get(SyncRecord, (ENTITY[resource["resourceType"]], resource["id"]))
    return sync is None or (
        sync.server_version is not None and sync.state == "synced"
        and own_writes.written_by_us(sync.sent_digests, resource) == sync.synced_version)


def apply_central(s: Session, resource: dict[str, Any], now: datetime) -> Applied:
    entity = ENTITY[resource["resourceType"]]
    sync = s.get(SyncRecord, (entity, resource["id"]))
    if sync is None:
        return Applied.UNKNOWN
    version = str((resource.get("meta") or {}).get("versionId") or "")
    if not version or sync.server_version == version:
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
    unsent = sync.local_version != sync.synced_version or sync.state != "synced"
    if unsent:
        _in_conflict(sync, resource, "CENTRAL_EDIT_CONFLICT")
        return Applied.CONFLICT
    try:
        _take_server_copy(s, entity, resource, now)
    except RestoreClash as clash:  # raised before anything is changed
        _in_conflict(sync, resource, clash.code, **clash.params)
        return Applied.CONFLICT
    return Applied.APPLIED


def readable(entity: str, resource: dict[str, Any]) -> bool:
    """Whether the laptop can read the server's copy into its record."""
    try:
        (fhir.patient_fields if entity == "person" else fhir.immunization_fields)(resource)
    except (KeyError, IndexError, StopIteration, TypeError, ValueError, AttributeError):
        return False
    return True


def _in_conflict(sync: SyncRecord, resource: dict[str, Any], code: str, **params: Any) -> None:
    """Kept for a person to settle: the server's copy beside ours, and why."""
    sync.state = "conflict"
    sync.server_body = json.dumps(resource, ensure_ascii=False)
    sync.last_error = json.dumps([{
        "code": code, "vi": text(code, "vi", **params), "en": text(code, "en", **params),
        "where": None,
    }], ensure_ascii=False)


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


class RestoreClash(UserError):
    """Central staff took back a dose's void, but the person has another active dose of that
    number (recorded since, as the right one): a person must say which was given."""


def _number_taken(s: Session, dose: Dose, number: int) -> bool:
    return s.scalar(select(Dose.id).where(
        Dose.person_id == dose.person_id, Dose.dose_number == number,
        Dose.status == "active", Dose.id != dose.id).limit(1)) is not None


def _take_server_copy(s: Session, entity: str, resource: dict[str, Any], now: datetime) -> None:
    """Make the local record equal to the server's copy; it is then synced at that version."""
    if entity == "person":
        person = s.get(Person, resource["id"])
        store.update_person(s, person, fhir.patient_fields(resource).as_changes(), now=now,
                            action="central")
    else:
        dose = s.get(Dose, resource["id"])
        fields = fhir.immunization_fields(resource)
        restored = not fields.voided and dose.status == "voided"
        if restored and _number_taken(s, dose, fields.dose_number):
            raise RestoreClash("CENTRAL_RESTORE_CLASH", number=fields.dose_number)
        store.update_dose(s, dose, fields.as_changes(), now=now, action="central")
        if fields.voided and dose.status != "voided":
            store.void_dose(s, dose, fields.void_reason or "central", now=now)
        elif restored:
            store.restore_dose(s, dose, now=now)
    s.flush()
    sync = s.get(SyncRecord, (entity, resource["id"]))
    s.refresh(sync)
    sync.synced_version = sync.local_version
    sync.state = "synced"
    sync.server_version = str(resource["meta"]["versionId"])
    sync.server_body = None
    sync.last_error = None
    sync.sent_digests = None  # nothing of ours is on the server now
    if _merge_not_on_server(s, entity, resource):
        # Their fields are taken, but a merge made here (a folded person, a dose moved to
        # the kept one) is not in their copy and is not undone by it: the record goes
        # again, their fields with our merge, as an update of their version.
        store.queue_again(s, entity, resource["id"], now)


def _merge_not_on_server(s: Session, entity: str, resource: dict[str, Any]) -> bool:
    if entity == "person":
        into = s.get(Person, resource["id"]).merged_into
        replaced = {fhir.reference_id((link.get("other") or {}).get("reference"))
                    for link in resource.get("link") or () if link.get("type") == "replaced-by"}
        return into is not None and (resource.get("active") is not False or into not in replaced)
    theirs = fhir.reference_id((resource.get("patient") or {}).get("reference"))
    return s.get(Dose, resource["id"]).person_id != theirs


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
            _take_server_copy(s, entity, server, now)
        else:
            # Over the server's current version; with no copy there (deleted), as a new
            # record: an update of a deleted version would only be refused again.
            sync.server_version = str(server["meta"]["versionId"]) if server else None
            sync.state = "pending"
            sync.server_body = None
            sync.last_error = None
        s.add(store.audit_entry("resolve", entity, record_id, {"kept": choice.value}, now,
                                user_id))
        if entity == "person":  # a register verdict held while in conflict may count now
            pull_held_again(s)
