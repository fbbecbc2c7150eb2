"""After a restore (or on a replacement laptop started fresh): this site's own records the
platform holds and the laptop lacks, brought back as the site's own.

A copy holds the records as they were when it was made. What the desk recorded after it,
and synced, is on the platform and nowhere on the laptop once the copy is restored; the
ordinary pull never brings it back (it asks only for central edits, and a record the laptop
has no trace of is not one of its own to update). So a restore marks the copy
(``mark_after_restore``): from the newest platform time the copy knew (less a margin), the
next rounds search each type without the ``_source`` filter, i.e. every record of this
site changed since, and ``apply_own_page`` takes each: a record the laptop has goes the
ordinary way (``inbox.apply_central``: a version it did not write is taken, unless it was
edited here since), and one it lacks, of this site, is stored as the site's own record,
synced at the platform's version, editable as if typed here (never as another site's dose).
A dose whose person the laptop lacks, or that it cannot store (a number another active
dose of the person holds here, a product it does not know), is left on the platform and
logged: the round goes on. Once a type's search has read every page, its mark is dropped.
A look-up made while a mark is set (``bringing_back``: after the restore, before that
round has read every page) takes the records of this site in the platform's answer that
the laptop lacks the same way (``take_lacking``). Never outside that window: a record of
this site the laptop never had is another laptop's, not one a restore lost.

A replacement laptop started fresh (its backup lost with the old one) is marked the same
way once its sync is set up (``mark_if_never_synced``): a database that never synced
knew no platform time, so every record of its site comes back, as its own. The engine
makes these searches before its push (``engine``), and a person brought back whose ID
number a record here holds too (recorded meanwhile) goes on the cleaning worklist with
it as POSSIBLE_SAME_PERSON (``_flag_same_number``), for a supervisor to merge.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.db import cleaning_store, restored_issues, store
from desktop_app.db.models import AuditEntry, Dose, Person, Site, SyncRecord
from desktop_app.rules.cleaning import POSSIBLE_SAME_PERSON
from desktop_app.sync import own_writes
from desktop_app.sync.inbox import Applied, apply_central, keep_foreign, readable
from desktop_app.sync.outbox import as_held
from desktop_app.wire import fhir
from desktop_app.wire.instants import read_instant

TYPES = ("Patient", "Immunization")
# Before the newest platform time the copy knew: a server's clocks (its web front's Date,
# its database's stamps) may differ a little; a record seen twice is only seen.
MARGIN = timedelta(hours=1)
log = logging.getLogger(__name__)


def mark_after_restore(conn: Any) -> bool:
    """Mark a restored copy, open on the DB-API ``conn`` in the caller's transaction, for
    its next rounds to bring back this site's records sent after it was made. Only a copy
    with a sync server set has any; False for the others. A mark the copy has already (a
    copy of a file restored, not synced since) is kept if older."""
    tables = {name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"setting", "sync_record"} <= tables or not _setting(conn, settings.SERVER_URL):
        return False
    since = _since(conn)
    for type_ in TYPES:
        key = settings.own_records_cursor(type_)
        earlier = _setting(conn, key)
        conn.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key)"
                     " DO UPDATE SET value = excluded.value",
                     (key.key, json.dumps(min(earlier, since) if earlier else since)))
    return True


def mark_if_never_synced(conn: Any) -> bool:
    """Mark a database that never synced with a platform, open on the DB-API ``conn`` in
    the caller's transaction, as a restore marks a copy (``mark_after_restore``), once its
    sync is set up (``services.sync.save_config``): a replacement laptop started fresh, no
    backup restored, gets its site's records the lost one synced back as its own at its
    first round, from the very start. Never synced: no record the platform acknowledged,
    no pull cursor, no platform clock seen (``LAST_SERVER_TIME``) and no round finished
    (``LAST_SYNC``); such a database knew no platform time, so ``_since`` is the start.
    One that synced before, given another address or token, is not marked: a record of
    this site it never had is another laptop's. False when not marked."""
    if _moments(conn) or _setting(conn, settings.LAST_SYNC):
        return False
    return mark_after_restore(conn)


def bringing_back(s: Session) -> bool:
    """Whether a mark is still set (``mark_after_restore``, or ``mark_if_never_synced`` on
    a replacement started fresh): the next rounds have not yet read every page of this
    site's records sent after the copy (all of them, for a fresh one). Only then is a
    record of this site the laptop lacks one the laptop lost (``take_lacking``)."""
    return any(settings.read(s, settings.own_records_cursor(t)) is not None for t in TYPES)


def _since(conn: Any) -> str:
    """The newest platform time the copy knew (an acknowledgement's, the pull cursors',
    the last answer's clock), less ``MARGIN``; the very start when it knew none."""
    moments = _moments(conn)
    if not moments:
        return settings.PULL_CURSOR_DEFAULT
    return (max(moments) - MARGIN).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _moments(conn: Any) -> list[datetime]:
    """The platform times the database knew: an acknowledgement's, the pull cursors' (a
    cursor never moved is the default, no time), the last answer's clock."""
    known = [conn.execute("SELECT max(server_received_at) FROM sync_record").fetchone()[0],
             _setting(conn, settings.LAST_SERVER_TIME),
             *(_setting(conn, settings.pull_cursor(t)) for t in TYPES)]
    moments = []
    for value in known:
        if value == settings.PULL_CURSOR_DEFAULT:
            continue
        try:
            moments.append(read_instant(str(value).replace(" ", "T")))
        except ValueError:
            continue
    return moments


def _setting(conn: Any, setting: settings.Setting) -> Any:
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (setting.key,)).fetchone()
    return json.loads(row[0]) if row else None


def apply_own_page(s: Session, resources: Sequence[dict[str, Any]], now: datetime,
                   site_code: str) -> Counter[Applied]:
    """One page of this site's records, in one transaction: each the laptop has, applied
    as a central version is; each it lacks, stored as its own (``BROUGHT_BACK``). A person
    a merge folded, or a merge undone stood up again, since the copy is noted for that to
    be made again here (``_note_fold``)."""
    counts: Counter[Applied] = Counter()
    site_id = s.scalar(select(Site.id).where(Site.code == site_code))
    restored_at = _restore_entry(s)
    for res in resources:
        entity = _entity(res)
        if (sync := s.get(SyncRecord, (entity, res["id"]))) is not None:
            there = _unsent_sent_since(s, sync, res, site_code, restored_at)
            outcome = apply_central(s, res, now, unsent_is_there=there) or Applied.CONFLICT
            if outcome is Applied.APPLIED and entity == "person":
                _note_fold(s, res, site_code)
            counts[outcome] += 1
        else:
            counts[_lacking(s, entity, res, site_id, site_code, now)] += 1
    return counts


def _unsent_sent_since(s: Session, sync: SyncRecord, res: dict[str, Any], site_code: str,
                       restored_at: int | None) -> bool:
    """Whether a record the restored copy holds unsent (waiting at the copy, so with no
    digest of anything sent: ``own_writes``) reached the platform after the copy was made,
    and this version is that or a later write of this site: the lost laptop's, which went
    on from the copy's. Then it is taken with no conflict: "edited both here and
    centrally" asked the clerk to choose, round after round, between the platform's copy
    of the laptop's own record and itself, and "keep this laptop's" put back what the site
    changed since (a void undone: a dose on the wrong citizen again).

    Known by content (the platform holds exactly what the laptop holds), else by
    ``meta.source`` naming this site and a local version no older than the copy's: the
    copy never sent the versions after it, so no digest of them is here, and the label
    is the only trace of them. A label another tool copied onto its own edit still says
    the laptop's version reached the platform before that edit, which is then taken as
    any central change is. Never a record edited here since the restore (an audit entry
    after the restore's): that edit is the clerk's, and a person chooses."""
    if sync.state in ("synced", "conflict") and sync.local_version == sync.synced_version:
        return False  # nothing unsent: the ordinary judgement
    if sync.state == "conflict" or restored_at is None or s.scalar(
            select(AuditEntry.id).where(AuditEntry.entity == sync.entity,
                                        AuditEntry.entity_id == sync.record_id,
                                        AuditEntry.id > restored_at).limit(1)) is not None:
        return False
    if own_writes.digest(res) == own_writes.digest(
            as_held(s, sync.entity, sync.record_id, site_code)):
        return True
    written = fhir.parse_source((res.get("meta") or {}).get("source"))
    return written is not None and written[0] == site_code and \
        written[1] >= sync.local_version


def _restore_entry(s: Session) -> int | None:
    """The audit entry of the latest restore of this file: what was changed after it was
    changed on the restored copy."""
    return s.scalar(select(func.max(AuditEntry.id)).where(
        AuditEntry.action == "restore", AuditEntry.entity == "file"))


def take_lacking(s: Session, resources: Sequence[dict[str, Any]], now: datetime,
                 site_code: str, user_id: str | None = None) -> Counter[Applied]:
    """The records of this site among a look-up's answer (``sync.lookup.RemoteCitizen``:
    Patients first) that the laptop lacks, stored as its own as ``apply_own_page`` stores
    them (``BROUGHT_BACK``), audited under ``user_id`` (who looked up). Only while a
    mark is set (``bringing_back``), so a look-up made after a restore or on a replacement,
    before the round that brings them back, never takes this site's own doses for another site's
    (with this site's code), nor its own person for someone to bring in beside them; with
    no mark, nothing is taken (an empty count). Those the laptop has are left to the pull
    (``SEEN``); the other sites' are not this module's (``UNKNOWN``)."""
    counts: Counter[Applied] = Counter()
    if not bringing_back(s):
        return counts
    site_id = s.scalar(select(Site.id).where(Site.code == site_code))
    for res in resources:
        if _site_of(res) != site_code:
            counts[Applied.UNKNOWN] += 1
        elif s.get(SyncRecord, (_entity(res), res["id"])) is not None:
            counts[Applied.SEEN] += 1
        else:
            counts[_lacking(s, _entity(res), res, site_id, site_code, now, user_id)] += 1
    return counts


def _entity(res: dict[str, Any]) -> str:
    return "person" if res["resourceType"] == "Patient" else "dose"


def _lacking(s: Session, entity: str, res: dict[str, Any], site_id: str | None,
             site_code: str, now: datetime, user_id: str | None = None) -> Applied:
    """A record the laptop keeps no outbox entry for: brought back if it is this site's."""
    if site_id is not None and _site_of(res) == site_code and readable(entity, res):
        return _bring_back(s, entity, res, site_id, site_code, now, user_id)
    return Applied.UNKNOWN


def _note_fold(s: Session, res: dict[str, Any], site_code: str) -> None:
    """A person the platform holds folded into another (inactive, "replaced-by") whom the
    restored copy has standing, or standing whom the copy has folded: a merge, or a merge
    undone, made after the copy and synced. The pull takes a record's fields only, and a
    merge is more (the doses moved, the cleaning case, the complaints), so it is noted
    (``settings.RESTORE_REFOLDS``: [kept, folded], kept None for one undone), in order, to
    be made again once the pull is done (``services.merges.refold``). Left, the laptop
    showed both people (or one) and sent the platform the doses back as the copy had them,
    undoing the merge (or merging again two people found to be two). Only a version this
    site wrote (its ``meta.source``): another system's merge, a master patient index's, is
    not made here (its link stays theirs, ``wire/foreign.py``)."""
    written = fhir.parse_source((res.get("meta") or {}).get("source"))
    if written is None or written[0] != site_code:
        return
    folded = res.get("active") is False
    into, person = _replaced_by(res) if folded else None, s.get(Person, res["id"])
    if (folded and into is None) or (into is None) == (person.merged_into is None):
        return  # no record named; standing on both sides, or folded on both
    noted = settings.read(s, settings.RESTORE_REFOLDS) or []
    if [into, person.id] not in noted:
        settings.write(s, settings.RESTORE_REFOLDS, [*noted, [into, person.id]])


def _replaced_by(res: dict[str, Any]) -> str | None:
    """The record a Patient's "replaced-by" link names (a merge folded it), if any."""
    return next((fhir.reference_id((link.get("other") or {}).get("reference"))
                 for link in res.get("link") or () if link.get("type") == "replaced-by"), None)


def _site_of(res: dict[str, Any]) -> str | None:
    where = res.get("managingOrganization" if res["resourceType"] == "Patient" else "location")
    ident = (where or {}).get("identifier") or {}
    return ident.get("value") if ident.get("system") == fhir.SYSTEM_SITE else None


def _bring_back(s: Session, entity: str, res: dict[str, Any], site_id: str, site_code: str,
                now: datetime, user_id: str | None = None) -> Applied:
    """Store a record of this site the laptop lacks, as its own, synced at the platform's
    version; UNKNOWN (left on the platform, logged) when it cannot be stored here.
    ``user_id``: who looked the citizen up (``take_lacking``); None for the sync round."""
    version = str((res.get("meta") or {}).get("versionId") or "")
    if not version or (s.get(Person if entity == "person" else Dose, res["id"]) is not None):
        return Applied.UNKNOWN  # a row with no outbox entry: not ours to judge here
    # Worded by the audit as "from the central platform: records …; doses …".
    origin = {"patients" if entity == "person" else "external_doses": [
        {"site": site_code, "id": res["id"]}], "after_restore": True}
    try:
        with s.begin_nested():
            if entity == "person":
                _add_person(s, res, site_id, origin, now, user_id)
            elif not _add_dose(s, res, site_id, origin, now, user_id):
                return Applied.UNKNOWN
            else:  # the certificates printed of it that the restore could not record yet
                restored_issues.take_awaiting(s, res["id"], now)
            sync = s.get(SyncRecord, (entity, res["id"]))
            sync.synced_version = sync.local_version
            sync.state = "synced"
            sync.server_version = version
            sync.server_received_at = _instant((res.get("meta") or {}).get("lastUpdated"))
            keep_foreign(sync, res)
    except IntegrityError as exc:  # a number held here, a product unknown here
        log.warning("own %s %s v%s not storable here after a restore: %s",
                    res["resourceType"], res["id"], version, exc.orig)
        return Applied.UNKNOWN
    if entity == "person":
        _flag_same_number(s, res["id"], now, user_id)
    return Applied.BROUGHT_BACK


def _flag_same_number(s: Session, person_id: str, now: datetime, user_id: str | None) -> None:
    """A person brought back whose ID number a standing record here holds too (one the
    laptop recorded before it had them back: a returning citizen registered again on a
    replacement started fresh, or after a restore) is not silently a second person: both
    go on the cleaning worklist as POSSIBLE_SAME_PERSON for a supervisor to merge
    (``services.merges``), each sent again with the flag (the platform holds it too)."""
    person = s.get(Person, person_id)
    if person is None or not person.id_number or person.merged_into is not None:
        return
    others = s.scalars(select(Person).where(
        Person.id_number == person.id_number, Person.merged_into.is_(None),
        Person.id != person.id).order_by(Person.id)).all()
    for one in (person, *others) if others else ():
        cleaning_store.raise_flag(s, one, POSSIBLE_SAME_PERSON, None, news=True, now=now,
                                  user_id=user_id, why="same_id_number")
    if others:
        log.warning("own Patient %s brought back: ID number held here by %s too; both "
                    "flagged", person_id, ", ".join(o.id for o in others))


def _add_person(s: Session, res: dict[str, Any], site_id: str, origin: dict[str, Any],
                now: datetime, user_id: str | None = None) -> None:
    fields = fhir.patient_fields(res)
    values = fields.as_changes()
    person = store.add_person(s, site_id, values, now=now, user_id=user_id,
                              record_id=res["id"], origin=origin)
    ext = {e.get("url"): e for e in res.get("extension") or ()}
    person.identity_verified = fields.identity_verified
    person.cleaning_reason = (ext.get(fhir.EXT_CLEANING) or {}).get("valueString") or None
    if res.get("active") is False:  # folded by a merge here, before the copy knew it
        person.merged_into = _replaced_by(res)
    s.flush()


def _add_dose(s: Session, res: dict[str, Any], site_id: str, origin: dict[str, Any],
              now: datetime, user_id: str | None = None) -> bool:
    """False when the dose's person is not on the laptop (the pull brings no one else's)."""
    fields = fhir.immunization_fields(res)
    person_id = fhir.reference_id((res.get("patient") or {}).get("reference"))
    if s.get(Person, person_id) is None:
        log.warning("own dose %s after a restore: its person %s is not on the laptop",
                    res["id"], person_id)
        return False
    ext = {e.get("url"): e for e in res.get("extension") or ()}
    source = (ext.get(fhir.EXT_ORIGIN) or {}).get("valueCode")
    if source not in ("desk", "backfill", "import"):
        source = "desk" if res.get("primarySource") else "backfill"
    dose = store.add_dose(s, person_id, site_id, dict(fields.as_changes(), source=source),
                          now=now, user_id=user_id, record_id=res["id"], origin=origin,
                          void_reason=None if fields.given else fields.reason_here)
    dose.entered_at = _instant(res.get("recorded")) or now  # the device time of entry
    for r in fields.reactions:
        store.add_central_reaction(s, dose, {
            "severity": r.severity, "onset_at": r.onset_at, "description": r.description,
            "action_taken": r.action_taken}, now=now)
    s.flush()
    return True


def _instant(value: Any) -> datetime | None:
    try:
        return read_instant(value)
    except ValueError:
        return None
