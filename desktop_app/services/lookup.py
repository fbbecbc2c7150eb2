"""A person vaccinated at another site: find them on the central platform and bring them here.

``find_elsewhere`` is what the desk asks when a search by citizen ID finds nobody locally;
it answers None when the platform cannot be asked (not configured, unreachable), so the desk
works offline exactly as before. ``bring_person`` makes the person ours (a local, synced
record) and keeps the other sites' doses in ``external_dose``: they count when the next dose
is numbered and checked, but they are not ours to send, correct or void.

Both are a recorder's (a clerk or a supervisor: a volunteer backfills paper and has no
business reading other sites' people), and every lookup the platform answers is audited
(``lookup``: who asked, the number, the records it returned), as the platform's own log
names only the site.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import utc_now
from desktop_app.db import complaint_store, store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, ExternalDose, Person
from desktop_app.progress import CancelToken
from desktop_app.rules.cleaning import DOSE_NUMBER_CLASH
from desktop_app.rules.dates import format_date
from desktop_app.rules.identity import clean_id_number
from desktop_app.rules.messages import Part, UserError
from desktop_app.rules.person import OLD_NUMBER, SAME_NUMBER, numbers_link, same_name_and_birth
from desktop_app.services.actor import RECORDERS, Actor, NotAllowed, refusal, require
from desktop_app.services.demo_guard import refuse_upload
from desktop_app.services.doses import PersonInput, flag_twins, same_person_elsewhere
from desktop_app.services.lookup_answer import (
    Taken,
    confirm,
    flag_identity,
    number_clashes,
    origin,
    others,
    raise_flag,
    take_answer,
    take_own,
)
from desktop_app.services.site import current_site
from desktop_app.services.sync import NotConfigured, ServerUnavailable, load_config, make_client
from desktop_app.sync import lookup
from desktop_app.sync.lookup import HeldHere, LookupsLimited
from desktop_app.sync.lookup import NoIdSearch as NoIdSearch
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


def lookup_refusal(actor: Actor) -> NotAllowed | None:
    """Why ``actor`` may not look people up across sites (unaudited: for a screen to say
    so before asking); None when they may."""
    if actor.role in RECORDERS:
        return None
    return NotAllowed("LOOKUP_NOT_ALLOWED", **refusal(actor, *RECORDERS).params)


def look_up(db: Database, id_number: str, *, actor: Actor, cancel: CancelToken | None = None,
            refreshing: str | None = None) -> RemoteCitizen | None:
    """Who the platform knows with this citizen ID, at every site; None if nobody.

    A recorder's only (``NotAllowed`` otherwise, the refusal audited). Each answer the
    platform gives, nobody and "too many lookups" too, is audited here: the user, the
    number asked and the records returned (``lookup``, on the number); ``refreshing``: the
    person here it was asked again for (``lookup_refresh``), named in the entry.
    Raises NotACitizenId, NotConfigured, ``NoIdSearch`` (a platform that cannot search by
    the number), or the sync's errors (``ServerUnavailable`` …)."""
    try:
        require(actor, *RECORDERS, asked=asked_for(refreshing))
    except NotAllowed as refused:
        raise NotAllowed("LOOKUP_NOT_ALLOWED", **refused.params) from None
    if not looks_like_citizen_id(id_number):
        raise NotACitizenId(id_number)
    refuse_upload(db, "DEMO_NO_LOOKUP")
    config = load_config(db)
    if config is None:
        raise NotConfigured()
    number = clean_id_number(id_number)
    try:
        citizen = lookup.look_up(make_client(config, cancel, **CLIENT_OPTIONS), id_number)
    except LookupsLimited:
        _audit_lookup(db, actor, number, None, limited=True, refreshing=refreshing)
        raise
    _audit_lookup(db, actor, number, citizen, refreshing=refreshing)
    return citizen


def asked_for(refreshing: str | None) -> str:
    """What a refusal's audit entry names as asked: a look-up, or a refresh."""
    return "lookup.look_up" if refreshing is None else "lookup_refresh.refresh_person"


def _audit_lookup(db: Database, actor: Actor, number: str, citizen: RemoteCitizen | None,
                  *, limited: bool = False, refreshing: str | None = None) -> None:
    """The ``lookup`` entry: written before the answer is shown, so no one reads another
    site's people without a trace (a trail that cannot be written fails the lookup)."""
    details: dict[str, Any] = {
        "id_number": number,
        "patients": [{"id": p.id, "site": p.site_code} for p in citizen.patients]
        if citizen else [],
        "doses": [{"id": d.id, "site": d.site_code} for d in citizen.doses] if citizen else []}
    if citizen is not None and citizen.voided:
        details["voided_doses"] = sorted(citizen.voided)
    if limited:
        details["limited"] = True
    if refreshing is not None:
        details["refreshed"] = refreshing
    with db.transaction() as s:
        s.add(store.audit_entry("lookup", "citizen_id", number, details, utc_now(),
                                actor.user_id))


def find_elsewhere(db: Database, id_number: str, *, actor: Actor,
                   cancel: CancelToken | None = None) -> RemoteCitizen | None:
    """``look_up`` for the desk: None also when the platform cannot be asked. Over the
    platform's hourly limit it raises ``LookupsLimited``, and ``NoIdSearch`` when the
    platform cannot search by citizen ID, for the desk to say (never "nobody": the clerk
    would register the citizen again); an actor who may not look up is refused
    (``NotAllowed``), as by ``look_up``."""
    if not looks_like_citizen_id(id_number):
        return None
    try:
        return look_up(db, id_number, actor=actor, cancel=cancel)
    except (NotConfigured, ServerUnavailable):
        return None


def bring_person(db: Database, citizen: RemoteCitizen, *, actor: Actor,
                 now: datetime | None = None) -> str:
    """Make the citizen a person of this site, with the other sites' doses; their id.

    A person already here with this ID (registered meanwhile, or brought before), or under
    the citizen's other number (their old CMND here, the CCCD on the platform, or the other
    way round) gets the doses they do not have yet, and the old number the platform holds
    if they lack one; the other sites' doses they hold are made the platform's current ones
    (``lookup_answer.take_answer``: one voided or gone there is dropped, one corrected
    there updated, and the certificates printed here that list it revoked). The audit
    entry names the platform's Patients and the doses brought, dropped and updated.

    This site's own records of the citizen are the person here, never "another person"
    holding the number (``sync.lookup.seen_from``). Holders the platform does not take for
    the same person (it never linked them, or staff unlinked them) are other people: the
    bring is refused (their doses could be given to the wrong person), but only after the
    person held here is given the platform's answer all the same, as a refresh gives it
    (``lookup_refresh``): a dose voided there, or of a holder kept apart, dropped, and the
    doses of the records the platform links to this site's own brought (only those), so
    a refusal never leaves a void, an unlink or a further dose of the platform's off this
    site's cards and certificates.

    Flagged for a supervisor on the cleaning worklist, never rewritten from here: a dose
    brought under a number the person already holds (``DOSE_NUMBER_CLASH``: it is kept,
    see ``lookup_answer``), and a linked record of another site giving another name, date
    of birth or sex (``IDENTITY_DIFFERS_ELSEWHERE``, with that site's values)."""
    require(actor, *RECORDERS)
    site = current_site(db)
    view = lookup.seen_from(citizen, site.code) if site is not None else HeldHere(citizen)
    refused = bring_refusal(citizen, view)
    if refused is not None:
        taken = None if site is None else _refresh_refused(
            db, citizen, view, refused.code, site.code, now or utc_now(), actor)
        if taken is not None and "dropped" in refused.params:
            raise UserError(refused.code, **{**refused.params, **_anyway(taken)})
        raise refused
    if site is None:
        raise NotConfigured(no_site=True)
    now = now or utc_now()
    brought = brought_fields(view.citizen)
    with db.transaction() as s:
        take_own(s, citizen, site.code, now, actor)
        here = _already_here(s, brought)
        if here is not None:
            take_answer(s, here, citizen, view, brought=brought, site_code=site.code,
                        refused=None, now=now, actor=actor)
            return here.id
        offered = [d.id for d in view.citizen.doses]
        known = set(s.scalars(select(Dose.id).where(Dose.id.in_(offered))))
        known |= set(s.scalars(select(ExternalDose.id).where(ExternalDose.id.in_(offered))))
        new = [d for d in others(s, view.citizen.doses, site.code) if d.id not in known]
        said = origin(view.citizen, new)
        clashes = number_clashes(s, None, new)
        if clashes:
            said["number_clash"] = clashes
        values = {k: getattr(brought, k) for k in (
            "full_name", "dob", "sex", "id_type", "id_number", "nationality",
            "old_id_number")}
        # Held here under a number the platform does not link (her CMND here, the CCCD
        # typed at another site): not asked here (the look-up names nobody here), flagged.
        twins = same_person_elsewhere(s, PersonInput(**values))
        person = store.add_person(s, site.id, values, now=now, user_id=actor.user_id,
                                  origin=said)
        flag_twins(s, person, twins, now, actor.user_id)
        # No store call and no outbox row: these doses are the other sites' to sync.
        s.add_all(ExternalDose(
            id=d.id, person_id=person.id, site_code=d.site_code, product_code=d.product_code,
            dose_number=d.dose_number, dose_date=d.dose_date, lot_number=d.lot_number,
            fetched_at=now) for d in new)
        if clashes:
            s.flush()
            raise_flag(s, person, DOSE_NUMBER_CLASH, None, news=True, now=now, actor=actor)
        flag_identity(s, person, view.citizen, site.code, now, actor)
        confirm(s, person.id, now)
    return person.id


def bring_refusal(citizen: RemoteCitizen, view: HeldHere) -> UserError | None:
    """Why the citizen cannot be brought: holders the platform keeps apart from this site's
    own record of them, or (this site holding none) more than one person holding the
    number; None when they can."""
    if view.apart:
        return UserError("LOOKUP_ID_HELD_APART", id_number=citizen.id_number,
                         sites=", ".join(view.apart_sites()), dropped="", added="")
    if citizen.people > 1:  # one would get another's doses, and their name
        return UserError("LOOKUP_ID_SHARED", id_number=citizen.id_number,
                         sites=", ".join(citizen.sites()))
    return None


def _anyway(taken: Taken) -> dict[str, Part | str]:
    """What a refused bring did all the same, as parts of the refusal's sentence."""
    return {"dropped": Part("LOOKUP_DROPPED_ANYWAY", count=len(taken.dropped))
            if taken.dropped else "",
            "added": Part("LOOKUP_ADDED_ANYWAY", count=len(taken.new)) if taken.new else ""}


def _refresh_refused(db: Database, citizen: RemoteCitizen, view: HeldHere, refused: str,
                     site_code: str, now: datetime, actor: Actor) -> Taken | None:
    """A refused bring still gives the person here the platform's answer
    (``lookup_answer.take_answer``): a dose voided there, and one of a holder the platform
    keeps apart from this site's record, leave its cards and certificates (those printed
    since revoked), and the doses of the records it links to this site's own are brought,
    audited as any look-up's are, with the refusal named. Nobody here (or only someone of
    another name under the citizen's other number): nothing to do, None."""
    brought = brought_fields(view.citizen)
    with db.transaction() as s:
        take_own(s, citizen, site_code, now, actor)
        try:
            here = _already_here(s, brought)
        except UserError:
            return None
        if here is None:
            return None
        return take_answer(s, here, citizen, view, brought=brought, site_code=site_code,
                           refused=refused, now=now, actor=actor)


def brought_fields(citizen: RemoteCitizen) -> fhir.PatientFields:
    """Who is brought: the identity's details, under the number looked up, with the old
    CMND any of the citizen's Patients names beside it. Looked up by the old CMND the
    identity's card names, under the identity's own number (the CCCD that replaced it),
    the CMND kept as the old one: the looked-up number is no CCCD."""
    fields = citizen.identity.fields
    if clean_id_number(fields.id_number) != citizen.id_number \
            and clean_id_number(fields.old_id_number) == citizen.id_number:
        return replace(fields, old_id_number=citizen.id_number)
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
