"""What the platform's answer about a citizen does to the person this laptop holds for them:
the one way a bring (``lookup.bring_person``, refused or not) and a refresh
(``lookup_refresh.refresh_person``) take it.

``take_answer`` makes the other sites' doses the person holds the platform's current ones
(``_refresh_brought``: one voided there, or of a holder kept apart, dropped; one corrected
there updated; the certificates printed since that list it revoked), brings the doses of
the Patients the platform links to the person that are not here yet, flags for a supervisor
what it must not rewrite (a dose number held twice, another site's name, date of birth or
sex, another current number), closes the flags of its own whose cause is gone while nobody
has worked on them (``settle_flags``), and notes when the platform answered
(``elsewhere_check``). Nothing here commits: the caller's transaction holds it all.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db import cleaning_store, store
from desktop_app.db.models import (
    AuditEntry,
    CertificateIssue,
    CleaningCase,
    Dose,
    ElsewhereCheck,
    ExternalDose,
    Person,
)
from desktop_app.rules.cleaning import (
    DOSE_NUMBER_CLASH,
    OPEN,
    Status,
    joined_codes,
    split_codes,
)
from desktop_app.rules.names import normalize_name
from desktop_app.services.actor import Actor
from desktop_app.services.cleaning_elsewhere import (
    ID_DIFFERS_ELSEWHERE,
    IDENTITY_DIFFERS_ELSEWHERE,
    IDENTITY_ELSEWHERE,
    NUMBER_ELSEWHERE,
    identity_change,
    latest_detail,
    number_change,
)
from desktop_app.sync import own_records
from desktop_app.sync.dose_clashes import CLASH, CLASH_TOLD
from desktop_app.sync.inbox import CENTRAL
from desktop_app.sync.lookup import HeldHere, RemoteCitizen
from desktop_app.wire import fhir
from desktop_app.wire.elsewhere import Parted

# The moves of a case no person made on it: a look-up reopening or closing it, a
# correction's or a check again's consequence, the platform's copy of the person taken
# (``sync.inbox``), the register's verdict ("register:…").
# Any other move or note after a flag was raised is a person working on the case.
# The platform's word that a dose of the person's number is held at another site too
# (``sync.dose_clashes``, "clash") raises the flag as a look-up does.
_UNATTENDED = ("bring", "refresh", "recheck", "correction", CENTRAL, CLASH_TOLD)


@dataclass(frozen=True)
class Taken:
    """What an answer changed for the person: for the audit entry, and for the desk to say."""

    new: list[fhir.RemoteDose]
    dropped: list[dict[str, Any]]
    updated: list[dict[str, Any]]
    clashes: list[dict[str, Any]]
    revoked: int  # certificates printed here revoked by the drops and updates
    settled: tuple[str, ...]  # flags of a look-up closed, their cause gone
    parted: bool = False  # doses dropped as a correction ended the link: flagged

    @property
    def changed(self) -> bool:
        """Whether the person's card shows something else now."""
        return bool(self.new or self.dropped or self.updated)


def origin(citizen: RemoteCitizen, new: list[fhir.RemoteDose]) -> dict[str, Any]:
    return {"from": "central",
            "patients": [{"id": p.id, "site": p.site_code} for p in citizen.patients],
            "external_doses": [{"id": d.id, "site": d.site_code} for d in new]}


def take_answer(s: Session, person: Person, whole: RemoteCitizen, view: HeldHere, *,
                brought: fhir.PatientFields | None, site_code: str, refused: str | None,
                now: datetime, actor: Actor) -> Taken:
    """Take the platform's answer for ``person``, already here. ``whole``: the answer;
    ``view``: it as this site sees it (``sync.lookup.seen_from``); ``refused``: the code a
    bring was refused with, if it was.

    The doses brought are those of the Patients the platform links to the person: the
    whole answer when nobody else holds the number; when others do (a refused bring),
    only those of this site's own record and the records linked to it, never another
    holder's; and none when this site's record is not on the platform yet (whose are
    whose cannot be told). ``brought``: the citizen's details as the bring takes them
    (``lookup.brought_fields``), for the numbers the person lacks; None: nothing is linked."""
    dropped, updated = _refresh_brought(s, person.id, whole, now, actor,
                                        apart=view.apart_doses)
    linked = view.citizen if refused is None or view.apart else None
    new = _not_held(s, others(s, linked.doses, site_code) if linked is not None else [])
    said = origin(linked or view.citizen, new)
    if refused:
        said["refused"] = refused
    clashes = _keep_doses(s, person, new, dropped, updated, said, now, actor)
    if linked is not None and brought is not None:
        keep_numbers(s, person, brought, now, actor)
    _flag_clashes(s, person, clashes, now, actor)
    differs = flag_identity(s, person, linked, site_code, now, actor) \
        if linked is not None else None
    return _taken(s, person, new, dropped, updated, clashes, differs, now, actor)


def take_told(s: Session, person: Person, doses: tuple[fhir.RemoteDose, ...],
              sites: frozenset[str], site_code: str, now: datetime, actor: Actor,
              parted: tuple[Parted, ...] = ()) -> Taken:
    """Take the platform's word that the person's records at other sites changed
    (``wire/elsewhere.py``): ``doses``, the other sites' doses it links to the person now,
    are the whole of those of ``sites``, so one held here of those sites and not among them
    (voided, moved or unlinked there) is dropped, one changed there updated, and a new one
    kept, as an answer to a look-up is taken (a dose held of another site is left as it
    is, as a look-up's answer leaves the sites it does not speak of); no identity comes
    with it but the parted records'. The person need never have been looked up: the site
    that recorded a citizen first learns of the doses given later elsewhere. ``parted``:
    the records of other sites the platform linked to the person and no longer does, a
    correction having ended the link (``flag_parted``)."""
    live = [d for d in doses if not d.voided]
    listed = {d.id for d in live}
    gone = frozenset(s.scalars(select(ExternalDose.id).where(
        ExternalDose.person_id == person.id, ExternalDose.id.not_in(listed),
        ExternalDose.site_code.in_(sites))))
    if not live and not gone:
        return Taken([], [], [], [], 0, ())  # nothing of other sites, before or now
    citizen = RemoteCitizen(person.id_number or "", [], live,
                            voided=frozenset(d.id for d in doses if d.voided))
    dropped, updated = _refresh_brought(s, person.id, citizen, now, actor,
                                        apart=gone - citizen.voided)
    new = _not_held(s, others(s, live, site_code))
    said: dict[str, Any] = {"from": "central", "told": True,
                            "external_doses": [{"id": d.id, "site": d.site_code} for d in new]}
    clashes = _keep_doses(s, person, new, dropped, updated, said, now, actor)
    _flag_clashes(s, person, clashes, now, actor)
    flagged = flag_parted(s, person, parted, {d["site"] for d in dropped if d.get("unlinked")},
                          now, actor)
    taken = _taken(s, person, new, dropped, updated, clashes, None, now, actor)
    return replace(taken, parted=flagged)


def flag_parted(s: Session, person: Person, parted: tuple[Parted, ...], dropped: set[str],
                now: datetime, actor: Actor) -> bool:
    """The person's doses of another site dropped because a correction there or here (an
    ID number or a birth date fixed from the card) ended the platform's link: put on the
    cleaning worklist naming that site and what it holds otherwise. Before, the doses went
    with only an audit entry, and the desk offered again a dose the citizen had had there;
    one of the two records is wrong, and the supervisor checks which on the card (the
    link comes back when the records agree again). ``dropped``: the sites whose doses were
    dropped as no longer linked. Returns whether a flag was raised."""
    raised = False
    for there in parted:
        if there.site_code not in dropped:
            continue
        differ = {k: v for k, v in (
            ("full_name", there.full_name if there.full_name and normalize_name(
                there.full_name) != normalize_name(person.full_name or "") else None),
            ("dob", there.dob.isoformat() if there.dob and there.dob != person.dob
             else None),
            ("sex", there.sex if there.sex and there.sex != person.sex else None)) if v}
        if there.id_number != person.id_number or not differ:
            change = number_change(s, person.id, there.id_number or "")
            raise_flag(s, person, ID_DIFFERS_ELSEWHERE, None if change is None else {
                NUMBER_ELSEWHERE: change, "site_elsewhere": [None, there.site_code]},
                news=change is not None, now=now, actor=actor)
        if differ:
            change = identity_change(s, person.id, there.site_code, differ)
            raise_flag(s, person, IDENTITY_DIFFERS_ELSEWHERE, change,
                       news=change is not None, now=now, actor=actor)
        raised = True
    return raised


def _not_held(s: Session, offered: list[fhir.RemoteDose]) -> list[fhir.RemoteDose]:
    """The doses offered that the laptop holds neither as its own nor as another site's."""
    ids = [d.id for d in offered]
    held = set(s.scalars(select(Dose.id).where(Dose.id.in_(ids))))
    held |= set(s.scalars(select(ExternalDose.id).where(ExternalDose.id.in_(ids))))
    return [d for d in offered if d.id not in held]


def _keep_doses(s: Session, person: Person, new: list[fhir.RemoteDose],
                dropped: list[dict[str, Any]], updated: list[dict[str, Any]],
                said: dict[str, Any], now: datetime, actor: Actor) -> list[dict[str, Any]]:
    """The other sites' doses new to the person kept, audited (``said``, with what was
    dropped and updated) as a "bring"; returns the numbers held twice, for
    ``_flag_clashes`` (after the bring's other flags, in the order a bring raised them)."""
    clashes = _number_clashes(s, person.id, new, updated)
    said.update({k: v for k, v in (("dropped_doses", dropped), ("updated_doses", updated),
                                   ("number_clash", clashes)) if v})
    if new or dropped or updated:
        s.add(store.audit_entry("bring", "person", person.id, said, now, actor.user_id))
    # No store call and no outbox row: these doses are the other sites' to sync.
    s.add_all(ExternalDose(
        id=d.id, person_id=person.id, site_code=d.site_code, product_code=d.product_code,
        dose_number=d.dose_number, dose_date=d.dose_date, lot_number=d.lot_number,
        fetched_at=now) for d in new)
    s.flush()
    return clashes


def _flag_clashes(s: Session, person: Person, clashes: list[dict[str, Any]], now: datetime,
                  actor: Actor) -> None:
    if clashes:
        raise_flag(s, person, DOSE_NUMBER_CLASH, None, news=True, now=now, actor=actor)


def _taken(s: Session, person: Person, new: list[fhir.RemoteDose],
           dropped: list[dict[str, Any]], updated: list[dict[str, Any]],
           clashes: list[dict[str, Any]], differs: bool | None, now: datetime,
           actor: Actor) -> Taken:
    """The answer's end: flags whose cause is gone closed, the answer's time noted, and
    what it changed."""
    settled = settle_flags(s, person, identity_differs=differs, now=now, actor=actor)
    confirm(s, person.id, now)
    revoked = len(s.scalars(select(CertificateIssue.uvci).where(
        CertificateIssue.person_id == person.id, CertificateIssue.revoked_at == now)).all()) \
        if dropped or updated else 0
    return Taken(new, dropped, updated, clashes, revoked, settled)


def take_own(s: Session, citizen: RemoteCitizen, site_code: str, now: datetime,
             actor: Actor) -> None:
    """This site's own records in the answer that the laptop lacks (recorded and synced
    after the copy a restore put back, the round that brings them back not run yet), taken
    as its own the way that round takes them (``sync.own_records``), audited under
    ``actor``: before the answer is read against the people here, so the person is found
    as this site's record and their doses are this site's, never brought in again beside
    them as another site's.

    Only while the restore's mark is set (``own_records.bringing_back``). Outside that
    window nothing is taken: a record of this site the laptop never had is not one a
    restore lost but another laptop's under the same site code (VaxDesk keeps one laptop
    per site code: README, *Known limits*), never made this laptop's own to edit; the
    look-up keeps its doses as it keeps another site's (``others``)."""
    own_records.take_lacking(s, citizen.resources, now, site_code, actor.user_id)


def others(s: Session, doses: list[fhir.RemoteDose], site_code: str
           ) -> list[fhir.RemoteDose]:
    """The doses a look-up may keep as other sites' (``ExternalDose``): every one the
    answer gives, but, while a restore's records are being brought back
    (``own_records.bringing_back``), none of this site's own (one the laptop lacks is
    ``take_own``'s, or left on the platform for the pull)."""
    if not own_records.bringing_back(s):
        return doses
    return [d for d in doses if d.site_code != site_code]


def confirm(s: Session, person_id: str, now: datetime, *, taken: bool = True) -> None:
    """The platform answered about the person ``now``; ``taken``: with an answer for their
    other sites' doses that was taken (False: it knew nobody under the number)."""
    check = s.get(ElsewhereCheck, person_id)
    if check is None:
        if taken:
            s.add(ElsewhereCheck(person_id=person_id, confirmed_at=now, asked_at=now))
        return
    check.asked_at = max(check.asked_at, now)
    if taken:
        check.confirmed_at = max(check.confirmed_at, now)


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


def number_clashes(s: Session, person_id: str | None, new: list[fhir.RemoteDose]
                   ) -> list[dict[str, Any]]:
    """``_number_clashes`` of a person being brought (nothing held yet to have changed)."""
    return _number_clashes(s, person_id, new, [])


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
        numbers.update(_held_numbers(s, person_id))
    clashing = [{"id": d.id, "site": d.site_code, "dose_number": d.dose_number}
                for d in new if numbers[d.dose_number] > 1]
    renumbered = [u["id"] for u in updated if "dose_number" in u["changes"]]
    if renumbered:
        clashing += [{"id": e.id, "site": e.site_code, "dose_number": e.dose_number}
                     for e in s.scalars(select(ExternalDose).where(
                         ExternalDose.id.in_(renumbered))) if numbers[e.dose_number] > 1]
    return clashing


def _held_numbers(s: Session, person_id: str) -> Counter[int]:
    """The dose numbers the person holds: their active doses here and the other sites'."""
    numbers: Counter[int] = Counter(s.scalars(select(Dose.dose_number).where(
        Dose.person_id == person_id, Dose.status == "active")))
    numbers.update(s.scalars(select(ExternalDose.dose_number).where(
        ExternalDose.person_id == person_id)))
    return numbers


def _clash_held(s: Session, person_id: str) -> bool:
    """Whether a dose of another site still shares its number with another dose held."""
    numbers = _held_numbers(s, person_id)
    return any(numbers[n] > 1 for n in s.scalars(select(ExternalDose.dose_number).where(
        ExternalDose.person_id == person_id)))


def keep_numbers(s: Session, here: Person, brought: fhir.PatientFields, now: datetime,
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
    raise_flag(s, person, ID_DIFFERS_ELSEWHERE,
               None if change is None else {NUMBER_ELSEWHERE: change},
               news=change is not None and change[0] is not None, now=now, actor=actor)


def flag_identity(s: Session, person: Person, citizen: RemoteCitizen, site_code: str,
                  now: datetime, actor: Actor) -> bool:
    """A record of another site the platform links to this person (one citizen) giving
    another name, date of birth or sex than the record here: a correction made there (a
    tone mark, a day and month swapped), or a slip here. Never written over the record
    here (the certificates printed and the register's check stand on it): flagged for a
    supervisor with that site's values (the site that saw them last first), to check on
    the card. Once per values, as the number held elsewhere is. Returns whether one
    differs."""
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
            raise_flag(s, person, IDENTITY_DIFFERS_ELSEWHERE, change,
                       news=change is not None, now=now, actor=actor)
            return True
    return False


def raise_flag(s: Session, person: Person, code: str, kept: dict[str, Any] | None, *,
               news: bool, now: datetime, actor: Actor) -> None:
    """``cleaning_store.raise_flag`` for a look-up, under ``actor``: put ``code`` on the
    person's cleaning codes (audited, and the person sent again: the platform holds the
    flag too), with ``kept``, what the flag's audit entry records for the supervisor (None
    when nothing is new since the last). A new problem (``news``, or the code not held
    before) opens a settled case again; the same again changes nothing."""
    cleaning_store.raise_flag(s, person, code, kept, news=news, now=now,
                              user_id=actor.user_id, why="bring")


def settle_flags(s: Session, person: Person, *, identity_differs: bool | None,
                 now: datetime, actor: Actor) -> tuple[str, ...]:
    """Close the look-up's own flags whose cause this answer shows gone: no record linked
    to the person gives other values any more (``identity_differs`` False; None: the answer
    could not tell, nothing linked), no dose of another site shares its number with another
    dose held. Only while nobody has worked on the case (``_attended``): a supervisor who
    moved it or wrote a note on it has it in hand, and closes it. Audited as the flag
    was (the codes before and after, ``why``: refresh), the person sent again (the
    platform holds the flags too), and a case left with no problem moved to *fixed*, as a
    correction's would be. Returns the codes closed."""
    codes = split_codes(person.cleaning_reason)
    gone = []
    if IDENTITY_DIFFERS_ELSEWHERE in codes and identity_differs is False:
        gone.append(IDENTITY_DIFFERS_ELSEWHERE)
    if DOSE_NUMBER_CLASH in codes and not _clash_held(s, person.id):
        gone.append(DOSE_NUMBER_CLASH)
    settled = tuple(c for c in gone if not _attended(s, person.id, c))
    if not settled:
        return ()
    had = person.cleaning_reason
    person.cleaning_reason = joined_codes(c for c in codes if c not in settled)
    store.queue_again(s, "person", person.id, now)
    s.add(store.audit_entry("update", "person", person.id,
                            {"cleaning_reason": [had, person.cleaning_reason],
                             "why": "refresh"}, now, actor.user_id))
    case = s.get(CleaningCase, person.id)
    if not cleaning_store.problems(person, case) and (case is None or case.status in OPEN):
        cleaning_store.move(s, person.id, Status.FIXED, now=now, user_id=actor.user_id,
                            why="refresh")
    return settled


def _attended(s: Session, person_id: str, code: str) -> bool:
    """Whether a person has worked on the case since ``code`` was last raised: moved it
    or wrote a note on it (``_UNATTENDED``: moves no person made on it)."""
    entries = s.execute(select(AuditEntry.action, AuditEntry.details)
                        .where(AuditEntry.entity == "person", AuditEntry.entity_id == person_id,
                               AuditEntry.action.in_(("update", "cleaning")))
                        .order_by(AuditEntry.id)).all()
    attended = False
    for action, text in entries:
        details = json.loads(text or "{}")
        if _raises(action, details, code):
            attended = False
        elif action == "cleaning":
            why = str(details.get("why") or "")
            attended |= why not in _UNATTENDED and not why.startswith("register:")
    return attended


def _raises(action: str, details: dict[str, Any], code: str) -> bool:
    """Whether an audit entry raised ``code`` (again): the code added to the person's, new
    values of another site for it, or a look-up reopening the case."""
    if action == "cleaning":
        return details.get("why") in ("bring", CLASH_TOLD)
    before, after = (details.get("cleaning_reason") or [None, None])[:2]
    if code in split_codes(after) and code not in split_codes(before):
        return True
    return code == IDENTITY_DIFFERS_ELSEWHERE and IDENTITY_ELSEWHERE in details


def settle_dropped_clashes(s: Session, held: set[tuple[str, str]], now: datetime,
                           actor: Actor) -> int:
    """The people the platform told of a clash (``sync/dose_clashes.py``) whose clash it
    no longer holds: their flag closed as a look-up's answer closes it (``settle_flags``:
    not while a supervisor has the case in hand, nor while a brought dose still clashes).
    Before, only a look-up closed it, and none came for a person with nothing of other
    sites brought: the flag stayed after the other site fixed its dose, and the province
    counted a clash that was gone. Returns how many were closed."""
    flagged = list(s.scalars(select(Person.id).where(
        Person.cleaning_reason.contains(DOSE_NUMBER_CLASH, autoescape=True))))
    told = latest_detail(s, flagged, CLASH, DOSE_NUMBER_CLASH,
                         lambda v: isinstance(v, dict) and "dose" in v and "id" in v)
    closed = 0
    for person_id, clash in told.items():
        if (clash["dose"], clash["id"]) in held:
            continue
        person = s.get(Person, person_id)
        if person is not None and settle_flags(s, person, identity_differs=None, now=now,
                                               actor=actor):
            closed += 1
    return closed
