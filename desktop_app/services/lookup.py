"""A person vaccinated at another site: find them on the central platform and bring them here.

``find_elsewhere`` is what the desk asks when a search by citizen ID finds nobody locally;
it answers None when the platform cannot be asked (not configured, unreachable), so the desk
works offline exactly as before. ``bring_person`` makes the person ours (a local, synced
record) and keeps the other sites' doses in ``external_dose``: they count when the next dose
is numbered and checked, but they are not ours to send, correct or void.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store, complaint_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import CleaningCase, Dose, ExternalDose, Person
from desktop_app.progress import CancelToken
from desktop_app.rules.cleaning import CLOSED, Status, joined_codes, split_codes
from desktop_app.rules.dates import format_date
from desktop_app.rules.identity import clean_id_number
from desktop_app.rules.messages import UserError
from desktop_app.rules.person import OLD_NUMBER, SAME_NUMBER, numbers_link, same_name_and_birth
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.cleaning_elsewhere import (
    ID_DIFFERS_ELSEWHERE,
    NUMBER_ELSEWHERE,
    number_change,
)
from desktop_app.services.site import current_site
from desktop_app.services.sync import NotConfigured, ServerUnavailable, load_config, make_client
from desktop_app.sync import lookup
from desktop_app.sync.lookup import RemoteCitizen as RemoteCitizen
from desktop_app.wire import fhir

# The desk asks while a clerk waits: a dead link must be given up on in seconds, not after
# the sync's minutes of retries.
# A platform's "too many, wait N minutes" is said at once (LookupsLimited), never waited out.
CLIENT_OPTIONS = {"connect_timeout": 3.0, "read_timeout": 10.0, "max_attempts": 2,
                  "backoff_base": 0.2, "backoff_cap": 0.5, "retry_after_cap": 2.0}


class NotACitizenId(UserError, ValueError):
    """Only a CCCD (12 digits) or a CMND (9 digits) is looked up across sites."""

    def __init__(self, id_number: str) -> None:
        super().__init__("LOOKUP_NOT_A_CITIZEN_ID", id_number=id_number)


def looks_like_citizen_id(query: str | None) -> bool:
    """Whether a search query is a CCCD or CMND number (spaces and dots allowed)."""
    return lookup.identifier_token(query) is not None


def can_look_up(db: Database) -> bool:
    """Whether this laptop knows a platform to ask (a server and a token are saved)."""
    return load_config(db) is not None


def look_up(db: Database, id_number: str, *, cancel: CancelToken | None = None
            ) -> RemoteCitizen | None:
    """Who the platform knows with this citizen ID, at every site; None if nobody.

    Raises NotACitizenId, NotConfigured, or the sync's errors (``ServerUnavailable`` …)."""
    if not looks_like_citizen_id(id_number):
        raise NotACitizenId(id_number)
    config = load_config(db)
    if config is None:
        raise NotConfigured()
    return lookup.look_up(make_client(config, cancel, **CLIENT_OPTIONS), id_number)


def find_elsewhere(db: Database, id_number: str, *, cancel: CancelToken | None = None
                   ) -> RemoteCitizen | None:
    """``look_up`` for the desk: None also when the platform cannot be asked. Over the
    platform's hourly limit it raises ``LookupsLimited``, for the desk to say."""
    if not looks_like_citizen_id(id_number):
        return None
    try:
        return look_up(db, id_number, cancel=cancel)
    except (NotConfigured, ServerUnavailable):
        return None


def bring_person(db: Database, citizen: RemoteCitizen, *, actor: Actor,
                 now: datetime | None = None) -> str:
    """Make the citizen a person of this site, with the other sites' doses; their id.

    A person already here with this ID (registered meanwhile, or brought before), or under
    the citizen's other number (their old CMND here, the CCCD on the platform, or the other
    way round) gets the doses they do not have yet, and the old number the platform holds
    if they lack one; the other sites' doses they hold are made the platform's current ones
    (``_refresh_brought``: one voided or gone there is dropped, one corrected there
    updated, and the certificates printed here that list it revoked). The audit entry names
    the platform's Patients and the doses brought, dropped and updated."""
    require(actor, *RECORDERS)
    if citizen.people > 1:  # one would get another's doses, and their name
        raise UserError("LOOKUP_ID_SHARED", id_number=citizen.id_number,
                        sites=", ".join(citizen.sites()))
    site = current_site(db)
    if site is None:
        raise NotConfigured(no_site=True)
    now = now or utc_now()
    dose_ids = [d.id for d in citizen.doses]
    brought = _brought(citizen)
    with db.transaction() as s:
        known = set(s.execute(select(Dose.id).where(Dose.id.in_(dose_ids))).scalars())
        known |= set(s.execute(
            select(ExternalDose.id).where(ExternalDose.id.in_(dose_ids))).scalars())
        new = [d for d in citizen.doses if d.id not in known]
        origin = {"from": "central",
                  "patients": [{"id": p.id, "site": p.site_code} for p in citizen.patients],
                  "external_doses": [{"id": d.id, "site": d.site_code} for d in new]}
        here = _already_here(s, brought)
        if here is None:
            values = {k: getattr(brought, k) for k in (
                "full_name", "dob", "sex", "id_type", "id_number", "nationality",
                "old_id_number")}
            person_id = store.add_person(s, site.id, values, now=now, user_id=actor.user_id,
                                         origin=origin).id
        else:
            person_id = here.id
            dropped, updated = _refresh_brought(s, person_id, citizen, now, actor)
            if dropped:
                origin["dropped_doses"] = dropped
            if updated:
                origin["updated_doses"] = updated
            if new or dropped or updated:
                s.add(store.audit_entry("bring", "person", person_id, origin, now,
                                        actor.user_id))
            _keep_numbers(s, here, brought, now, actor)
        # No store call and no outbox row: these doses are the other sites' to sync.
        s.add_all(ExternalDose(
            id=d.id, person_id=person_id, site_code=d.site_code, product_code=d.product_code,
            dose_number=d.dose_number, dose_date=d.dose_date, lot_number=d.lot_number,
            fetched_at=now) for d in new)
    return person_id


def _refresh_brought(s: Session, person_id: str, citizen: RemoteCitizen, now: datetime,
                     actor: Actor) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Make the other sites' doses the person holds here the platform's current ones.
    Dropped: one the platform holds as entered in error, and one it no longer lists at all
    from a site it answered for (deleted there, or moved to another person); a dose of a
    site the answer does not speak of is left as it is. Updated: one corrected there.
    Either revokes the certificates printed here since, which list it (``store``).
    Returns what was dropped and what was updated, for the audit entry."""
    live = {d.id: d for d in citizen.doses}
    sites = set(citizen.sites())
    dropped: list[dict[str, Any]] = []
    updated: list[dict[str, Any]] = []
    held = s.scalars(select(ExternalDose).where(ExternalDose.person_id == person_id)
                     .order_by(ExternalDose.dose_date, ExternalDose.dose_number)).all()
    for ext in held:
        now_there = live.get(ext.id)
        if now_there is not None:
            changed = store.update_external_dose(
                s, ext, {k: getattr(now_there, k) for k in store.EXTERNAL_DOSE_FIELDS},
                now=now, user_id=actor.user_id)
            if changed:
                updated.append({"id": ext.id, "site": ext.site_code, "changes": changed})
        elif ext.id in citizen.voided or ext.site_code in sites:
            dropped.append({"id": ext.id, "site": ext.site_code,
                            "voided": ext.id in citizen.voided})
            store.drop_external_dose(s, ext, now=now, user_id=actor.user_id)
    return dropped, updated


def _brought(citizen: RemoteCitizen) -> fhir.PatientFields:
    """Who is brought: the identity's details, under the number looked up, with the old
    CMND any of the citizen's Patients names beside it."""
    fields = citizen.identity.fields
    olds = [fields.old_id_number, *(p.fields.old_id_number for p in citizen.patients)]
    old = next((n for n in map(clean_id_number, filter(None, olds))
                if n and n != citizen.id_number), None)
    return replace(fields, id_number=citizen.id_number, old_id_number=old)


def _already_here(s: Session, brought: fhir.PatientFields) -> Person | None:
    """The person this laptop holds for the citizen: one with the same ID number first
    (as ever, whatever their name); else one under the citizen's other number whose name
    and date of birth agree (what the platform asks too before it links such records).
    Never a record a merge folded: its doses, these too, belong on the kept one.

    Raises UserError when only people of another name or birth date hold those numbers:
    bringing the citizen in beside them would leave two records claiming one CMND, and
    giving them the doses could be giving them another's."""
    people = complaint_store.people_by_citizen_numbers(
        s, [brought.id_number or "", brought.old_id_number or ""])
    same = [p for p in people if numbers_link(p, brought) == SAME_NUMBER]
    related = [p for p in people if numbers_link(p, brought) == OLD_NUMBER]
    agreeing = [p for p in related if same_name_and_birth(p, brought)]
    if same or agreeing:
        return (same or agreeing)[0]
    if related:
        other = related[0]
        raise UserError("LOOKUP_OTHER_PERSON_HERE", name=other.full_name,
                        dob=format_date(other.dob) if other.dob else "?",
                        number=other.id_number or other.old_id_number,
                        id_number=brought.id_number)
    return None


def _keep_numbers(s: Session, here: Person, brought: fhir.PatientFields, now: datetime,
                  actor: Actor) -> None:
    """What the platform knows of the citizen's numbers that the person here lacks: the old
    CMND is kept; a current number other than theirs goes to the cleaning worklist."""
    old = brought.old_id_number
    if old and not here.old_id_number and old != here.id_number:
        store.update_person(s, here, {"old_id_number": old}, now=now, user_id=actor.user_id)
    if brought.id_number not in (here.id_number, here.old_id_number):
        # Here under the old CMND, on the platform under the CCCD that replaced it (or two
        # current numbers naming one old one). The ID is not rewritten from here: the
        # number is another site's typing, and changing it would void the certificates
        # printed and the register's check. It is flagged for a supervisor to check on
        # the card and correct (the CCCD as the ID, the CMND as the old number).
        _flag_for_cleaning(s, here, brought.id_number or "", now, actor)


def _flag_for_cleaning(s: Session, person: Person, number: str, now: datetime,
                       actor: Actor) -> None:
    """Put the person on the cleaning worklist, as a correction's codes are kept: audited,
    and sent (the platform holds the flag too), with the number the platform holds for the
    supervisor to check on the card. Once per number: another number is the one to check
    now, and a new problem if the first was settled."""
    had = person.cleaning_reason
    codes = split_codes(had)
    flagged = ID_DIFFERS_ELSEWHERE in codes
    change = number_change(s, person.id, number)
    if flagged and change is None:
        return
    details: dict[str, object] = {} if change is None else {NUMBER_ELSEWHERE: change}
    if not flagged:
        person.cleaning_reason = joined_codes([*codes, ID_DIFFERS_ELSEWHERE])
        details = {"cleaning_reason": [had, person.cleaning_reason], **details}
        store.queue_again(s, "person", person.id, now)
    s.add(store.audit_entry("update", "person", person.id, details, now, actor.user_id))
    # A new problem opens the case again; a flag from before its number was kept learning
    # that number is not one.
    news = not flagged or (change is not None and change[0] is not None)
    case = s.get(CleaningCase, person.id)
    if news and case is not None and case.status in CLOSED:
        cleaning_store.move(s, person.id, Status.TO_CHECK, now=now, user_id=actor.user_id,
                            why="bring")
