"""A person vaccinated at another site: find them on the central platform and bring them here.

``find_elsewhere`` is what the desk asks when a search by citizen ID finds nobody locally;
it answers None when the platform cannot be asked (not configured, unreachable), so the desk
works offline exactly as before. ``bring_person`` makes the person ours (a local, synced
record) and keeps the other sites' doses in ``external_dose``: they count when the next dose
is numbered and checked, but they are not ours to send, correct or void.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.complaint_store import person_by_id_number
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, ExternalDose
from desktop_app.progress import CancelToken
from desktop_app.rules.messages import UserError
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.site import current_site
from desktop_app.services.sync import NotConfigured, ServerUnavailable, load_config, make_client
from desktop_app.sync import lookup
from desktop_app.sync.lookup import RemoteCitizen as RemoteCitizen

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

    A person already here with this ID (registered meanwhile, or brought before) gets only
    the doses they do not have yet. The audit entry names the platform's Patients and the
    doses brought."""
    require(actor, *RECORDERS)
    if citizen.people > 1:  # one would get another's doses, and their name
        raise UserError("LOOKUP_ID_SHARED", id_number=citizen.id_number,
                        sites=", ".join(citizen.sites()))
    site = current_site(db)
    if site is None:
        raise NotConfigured(no_site=True)
    now = now or utc_now()
    dose_ids = [d.id for d in citizen.doses]
    with db.transaction() as s:
        known = set(s.execute(select(Dose.id).where(Dose.id.in_(dose_ids))).scalars())
        known |= set(s.execute(
            select(ExternalDose.id).where(ExternalDose.id.in_(dose_ids))).scalars())
        new = [d for d in citizen.doses if d.id not in known]
        origin = {"from": "central",
                  "patients": [{"id": p.id, "site": p.site_code} for p in citizen.patients],
                  "external_doses": [{"id": d.id, "site": d.site_code} for d in new]}
        # Never a record a merge folded: its doses, these too, belong on the kept one.
        person_id = person_by_id_number(s, citizen.id_number)
        if person_id is None:
            fields = citizen.identity.fields
            values = {"full_name": fields.full_name, "dob": fields.dob, "sex": fields.sex,
                      "id_type": fields.id_type, "id_number": citizen.id_number,
                      "nationality": fields.nationality}
            person_id = store.add_person(s, site.id, values, now=now, user_id=actor.user_id,
                                         origin=origin).id
        elif new:
            s.add(store.audit_entry("bring", "person", person_id, origin, now, actor.user_id))
        # No store call and no outbox row: these doses are the other sites' to sync.
        s.add_all(ExternalDose(
            id=d.id, person_id=person_id, site_code=d.site_code, product_code=d.product_code,
            dose_number=d.dose_number, dose_date=d.dose_date, lot_number=d.lot_number,
            fetched_at=now) for d in new)
    return person_id
