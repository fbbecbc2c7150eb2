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

from collections import Counter
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
from desktop_app.rules.messages import Part, UserError
from desktop_app.rules.names import normalize_name
from desktop_app.rules.person import OLD_NUMBER, SAME_NUMBER, numbers_link, same_name_and_birth
from desktop_app.services.actor import RECORDERS, Actor, NotAllowed, refusal, require
from desktop_app.services.cleaning_elsewhere import (
    DOSE_NUMBER_CLASH,
    ID_DIFFERS_ELSEWHERE,
    IDENTITY_DIFFERS_ELSEWHERE,
    NUMBER_ELSEWHERE,
    identity_change,
    number_change,
)
from desktop_app.services.site import current_site
from desktop_app.services.sync import NotConfigured, ServerUnavailable, load_config, make_client
from desktop_app.sync import lookup
from desktop_app.sync.lookup import HeldHere, LookupsLimited
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


def look_up(db: Database, id_number: str, *, actor: Actor, cancel: CancelToken | None = None
            ) -> RemoteCitizen | None:
    """Who the platform knows with this citizen ID, at every site; None if nobody.

    A recorder's only (``NotAllowed`` otherwise, the refusal audited). Each answer the
    platform gives, nobody and "too many lookups" too, is audited here: the user, the
    number asked and the records returned (``lookup``, on the number).
    Raises NotACitizenId, NotConfigured, or the sync's errors (``ServerUnavailable`` …)."""
    try:
        require(actor, *RECORDERS, asked="lookup.look_up")
    except NotAllowed as refused:
        raise NotAllowed("LOOKUP_NOT_ALLOWED", **refused.params) from None
    if not looks_like_citizen_id(id_number):
        raise NotACitizenId(id_number)
    config = load_config(db)
    if config is None:
        raise NotConfigured()
    number = clean_id_number(id_number)
    try:
        citizen = lookup.look_up(make_client(config, cancel, **CLIENT_OPTIONS), id_number)
    except LookupsLimited:
        _audit_lookup(db, actor, number, None, limited=True)
        raise
    _audit_lookup(db, actor, number, citizen)
    return citizen


def _audit_lookup(db: Database, actor: Actor, number: str, citizen: RemoteCitizen | None,
                  *, limited: bool = False) -> None:
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
    with db.transaction() as s:
        s.add(store.audit_entry("lookup", "citizen_id", number, details, utc_now(),
                                actor.user_id))


def find_elsewhere(db: Database, id_number: str, *, actor: Actor,
                   cancel: CancelToken | None = None) -> RemoteCitizen | None:
    """``look_up`` for the desk: None also when the platform cannot be asked. Over the
    platform's hourly limit it raises ``LookupsLimited``, for the desk to say; an actor
    who may not look up is refused (``NotAllowed``), as by ``look_up``."""
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
    (``_refresh_brought``: one voided or gone there is dropped, one corrected there
    updated, and the certificates printed here that list it revoked). The audit entry names
    the platform's Patients and the doses brought, dropped and updated.

    This site's own records of the citizen are the person here, never "another person"
    holding the number (``sync.lookup.seen_from``). Holders the platform does not take for
    the same person (it never linked them, or staff unlinked them) are other people: the
    bring is refused (their doses could be given to the wrong person), but only after the
    doses held here are made the platform's current ones all the same (one voided there,
    or of a holder kept apart, dropped), so a refusal never leaves a void or an unlink of
    the platform's on this site's cards and certificates.

    Flagged for a supervisor on the cleaning worklist, never rewritten from here: a dose
    brought under a number the person already holds (``DOSE_NUMBER_CLASH``: it is kept,
    see ``_number_clashes``), and a linked record of another site giving another name, date
    of birth or sex (``IDENTITY_DIFFERS_ELSEWHERE``, with that site's values)."""
    require(actor, *RECORDERS)
    site = current_site(db)
    view = lookup.seen_from(citizen, site.code) if site is not None else HeldHere(citizen)
    refused = _refusal(citizen, view)
    if refused is not None:
        dropped = 0 if site is None else _refresh_refused(
            db, citizen, view, refused.code, now or utc_now(), actor)
        if dropped and "dropped" in refused.params:
            raise UserError(refused.code, **{**refused.params, "dropped": Part(
                "LOOKUP_DROPPED_ANYWAY", count=dropped)})
        raise refused
    if site is None:
        raise NotConfigured(no_site=True)
    now = now or utc_now()
    whole, citizen = citizen, view.citizen
    dose_ids = [d.id for d in citizen.doses]
    brought = _brought(citizen)
    with db.transaction() as s:
        known = set(s.execute(select(Dose.id).where(Dose.id.in_(dose_ids))).scalars())
        known |= set(s.execute(
            select(ExternalDose.id).where(ExternalDose.id.in_(dose_ids))).scalars())
        new = [d for d in citizen.doses if d.id not in known]
        origin = _origin(citizen, new)
        here = _already_here(s, brought)
        if here is None:
            clashes = _number_clashes(s, None, new, [])
            if clashes:
                origin["number_clash"] = clashes
            values = {k: getattr(brought, k) for k in (
                "full_name", "dob", "sex", "id_type", "id_number", "nationality",
                "old_id_number")}
            person = store.add_person(s, site.id, values, now=now, user_id=actor.user_id,
                                      origin=origin)
        else:
            person = here
            dropped, updated = _refresh_brought(s, person.id, whole, now, actor,
                                                apart=view.apart_doses)
            clashes = _number_clashes(s, person.id, new, updated)
            if dropped:
                origin["dropped_doses"] = dropped
            if updated:
                origin["updated_doses"] = updated
            if clashes:
                origin["number_clash"] = clashes
            if new or dropped or updated:
                s.add(store.audit_entry("bring", "person", person.id, origin, now,
                                        actor.user_id))
            _keep_numbers(s, here, brought, now, actor)
        # No store call and no outbox row: these doses are the other sites' to sync.
        s.add_all(ExternalDose(
            id=d.id, person_id=person.id, site_code=d.site_code, product_code=d.product_code,
            dose_number=d.dose_number, dose_date=d.dose_date, lot_number=d.lot_number,
            fetched_at=now) for d in new)
        if clashes:
            s.flush()
            _raise_flag(s, person, DOSE_NUMBER_CLASH, None, news=True, now=now, actor=actor)
        _flag_identity(s, person, citizen, site.code, now, actor)
    return person.id


def _origin(citizen: RemoteCitizen, new: list[fhir.RemoteDose]) -> dict[str, Any]:
    return {"from": "central",
            "patients": [{"id": p.id, "site": p.site_code} for p in citizen.patients],
            "external_doses": [{"id": d.id, "site": d.site_code} for d in new]}


def _refusal(citizen: RemoteCitizen, view: HeldHere) -> UserError | None:
    """Why the citizen cannot be brought: holders the platform keeps apart from this site's
    own record of them, or (this site holding none) more than one person holding the
    number; None when they can."""
    if view.apart:
        return UserError("LOOKUP_ID_HELD_APART", id_number=citizen.id_number,
                         sites=", ".join(view.apart_sites()), dropped="")
    if citizen.people > 1:  # one would get another's doses, and their name
        return UserError("LOOKUP_ID_SHARED", id_number=citizen.id_number,
                         sites=", ".join(citizen.sites()))
    return None


def _refresh_refused(db: Database, citizen: RemoteCitizen, view: HeldHere, refused: str,
                     now: datetime, actor: Actor) -> int:
    """A refused bring still makes the other sites' doses the person here holds the
    platform's current ones (``_refresh_brought``): a dose voided there, and one of a
    holder the platform keeps apart from this site's record, leave its cards and
    certificates (those printed since revoked), audited as any look-up's drop is, with
    the refusal named. Nobody here (or only someone of another name under the citizen's
    other number): nothing to do. Returns how many doses were dropped."""
    with db.transaction() as s:
        try:
            here = _already_here(s, _brought(view.citizen))
        except UserError:
            return 0
        if here is None:
            return 0
        dropped, updated = _refresh_brought(s, here.id, citizen, now, actor,
                                            apart=view.apart_doses)
        if dropped or updated:
            origin = _origin(view.citizen, [])
            origin.update({"dropped_doses": dropped, "updated_doses": updated,
                           "refused": refused})
            s.add(store.audit_entry("bring", "person", here.id,
                                    {k: v for k, v in origin.items() if v}, now,
                                    actor.user_id))
    return len(dropped)


def _refresh_brought(s: Session, person_id: str, citizen: RemoteCitizen, now: datetime,
                     actor: Actor, apart: frozenset[str] = frozenset(),
                     ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Make the other sites' doses the person holds here the platform's current ones.
    Dropped: one the platform holds as entered in error; one of a holder of the number it
    keeps apart from this site's record (``apart``: another person's, by the platform's
    links); and one it no longer lists at all from a site it answered for (deleted there,
    or moved to another person); a dose of a site the answer does not speak of is left as
    it is. Updated: one corrected there.
    Either revokes the certificates printed here since, which list it (``store``).
    Returns what was dropped and what was updated, for the audit entry."""
    live = {d.id: d for d in citizen.doses if d.id not in apart}
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
        elif ext.id in citizen.voided or ext.id in apart or ext.site_code in sites:
            gone: dict[str, Any] = {"id": ext.id, "site": ext.site_code,
                                    "voided": ext.id in citizen.voided}
            if ext.id in apart and not gone["voided"]:
                gone["unlinked"] = True
            dropped.append(gone)
            store.drop_external_dose(s, ext, now=now, user_id=actor.user_id)
    return dropped, updated


def _number_clashes(s: Session, person_id: str | None, new: list[fhir.RemoteDose],
                    updated: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The other sites' doses brought (or renumbered there) under a dose number the person
    already holds: their own dose here, another site's, or another brought with it. The
    dose is kept all the same: it is a dose the platform holds for the citizen, this site
    can neither correct nor void it, and a dose left out would be one the next dose's
    interval is not checked against; the supervisor finds out which is wrong (the site
    that recorded it voids or corrects it there, and the next look-up follows)."""
    numbers: Counter[int] = Counter(d.dose_number for d in new)
    if person_id is not None:
        numbers.update(s.scalars(select(Dose.dose_number).where(
            Dose.person_id == person_id, Dose.status == "active")))
        numbers.update(s.scalars(select(ExternalDose.dose_number).where(
            ExternalDose.person_id == person_id)))
    clashing = [{"id": d.id, "site": d.site_code, "dose_number": d.dose_number}
                for d in new if numbers[d.dose_number] > 1]
    renumbered = [u["id"] for u in updated if "dose_number" in u["changes"]]
    if renumbered:
        clashing += [{"id": e.id, "site": e.site_code, "dose_number": e.dose_number}
                     for e in s.scalars(select(ExternalDose).where(
                         ExternalDose.id.in_(renumbered))) if numbers[e.dose_number] > 1]
    return clashing


def _brought(citizen: RemoteCitizen) -> fhir.PatientFields:
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
    change = number_change(s, person.id, number)
    # A flag from before its number was kept learning that number is not news.
    _raise_flag(s, person, ID_DIFFERS_ELSEWHERE,
                None if change is None else {NUMBER_ELSEWHERE: change},
                news=change is not None and change[0] is not None, now=now, actor=actor)


def _flag_identity(s: Session, person: Person, citizen: RemoteCitizen, site_code: str,
                   now: datetime, actor: Actor) -> None:
    """A record of another site the platform links to this person (one citizen) giving
    another name, date of birth or sex than the record here: a correction made there (a
    tone mark, a day and month swapped), or a slip here. Never written over the record
    here (the certificates printed and the register's check stand on it): flagged for a
    supervisor with that site's values (the site that saw them last first), to check on
    the card. Once per values, as the number held elsewhere is."""
    others = sorted((p for p in citizen.patients if p.site_code != site_code),
                    key=lambda p: p.id != citizen.identity.id)
    for patient in others:
        there = patient.fields
        differ: dict[str, str] = {}
        if there.full_name and normalize_name(there.full_name) != normalize_name(
                person.full_name or ""):
            differ["full_name"] = there.full_name
        if there.dob is not None and there.dob != person.dob:
            differ["dob"] = there.dob.isoformat()
        if there.sex and there.sex != person.sex:
            differ["sex"] = there.sex
        if differ:
            change = identity_change(s, person.id, patient.site_code or "?", differ)
            _raise_flag(s, person, IDENTITY_DIFFERS_ELSEWHERE, change,
                        news=change is not None, now=now, actor=actor)
            return


def _raise_flag(s: Session, person: Person, code: str, kept: dict[str, Any] | None, *,
                news: bool, now: datetime, actor: Actor) -> None:
    """Put ``code`` on the person's cleaning codes (audited, and the person sent again:
    the platform holds the flag too), with ``kept``: what the flag's audit entry records
    for the supervisor, None when nothing is new since the last. A new problem (``news``,
    or the code not held before) opens a settled case again; the same again changes
    nothing."""
    had = person.cleaning_reason
    codes = split_codes(had)
    flagged = code in codes
    if flagged and kept is None and not news:
        return
    details: dict[str, Any] = dict(kept or {})
    if not flagged:
        person.cleaning_reason = joined_codes([*codes, code])
        details = {"cleaning_reason": [had, person.cleaning_reason], **details}
        store.queue_again(s, "person", person.id, now)
    if details:
        s.add(store.audit_entry("update", "person", person.id, details, now, actor.user_id))
    case = s.get(CleaningCase, person.id)
    if (news or not flagged) and case is not None and case.status in CLOSED:
        cleaning_store.move(s, person.id, Status.TO_CHECK, now=now, user_id=actor.user_id,
                            why="bring")
