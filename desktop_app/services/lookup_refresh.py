"""Ask the central platform again about a person already here whose doses came from other
sites, so this site never prints an old picture of them.

A person brought from the platform (``lookup.bring_person``) keeps the other sites' doses
in ``external_dose``. Those sites go on working: one voids a dose entered in error,
corrects a name or a date of birth, gives a further dose; the province unlinks two records.
``refresh_person`` asks the platform by the person's citizen ID and takes its answer the one
way a bring takes it (``lookup_answer.take_answer``): doses voided there or of records it
no longer links dropped (the certificates printed here since that list them revoked), doses
corrected there updated, the doses of the Patients it links to the person brought, a dose
number held twice and another site's identity flagged for a supervisor (never written over
the record here), and those flags closed again once their cause is gone. The desk calls it
in the background when such a person is opened and before their certificate is issued.

Not more than needed. A person with no other sites' doses who was never brought is not
asked about at all. One the platform answered for within ``REFRESH_EVERY`` is not asked
again (a bring is an answer: the card a bring opens asks nothing). One number is asked, the
ID here (the platform finds the old CMND's records by it too), never both.

Counted by the platform as a lookup, on purpose: a refresh reads other sites' records of a
citizen, which is what the province's lookup log and the hourly limit exist to watch (a
refresh exempt from them would read other sites' people unseen and unlimited, for any
number a laptop holds). It is not counted wrongly: at most once per person per
``REFRESH_EVERY``, which is the platform's own ``SAME_LOOKUP`` (a second ask inside it
would fold into the first entry anyway), as one lookup (the Patient and Immunization
searches and their pages are one entry there), and never for a person with nothing of other
sites. On this laptop it is audited as a look-up is (``lookup``, on the number, with the
person it was asked again for).

A recorder's, as a look-up is. The platform unreachable, or over its hourly limit: the error
is raised for the caller (the desk says when the other sites' doses were last confirmed,
``ElsewhereCheck.confirmed_at``, and issues the certificate from what is known).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import ElsewhereCheck, ExternalDose, Person
from desktop_app.progress import CancelToken
from desktop_app.services.actor import RECORDERS, Actor, NotAllowed, require
from desktop_app.services.lookup import (
    NotACitizenId,
    asked_for,
    bring_refusal,
    brought_fields,
    look_up,
    looks_like_citizen_id,
)
from desktop_app.services.lookup_answer import confirm, take_answer, take_own
from desktop_app.services.site import current_site
from desktop_app.services.sync import NotConfigured
from desktop_app.sync import lookup

# As the platform's SAME_LOOKUP (central_server/lookup_log.py): one refresh per person per
# lookup the platform counts, and a card opened again and again asks once.
REFRESH_EVERY = timedelta(minutes=10)


@dataclass(frozen=True)
class Elsewhere:
    """What this laptop holds of a person's other sites: whether there is anything to ask
    the platform about, and when it last answered (naive UTC; None: never)."""

    person_id: str
    doses: int  # the other sites' doses held
    confirmed_at: datetime | None
    asked_at: datetime | None

    @property
    def to_refresh(self) -> bool:
        """A person with other sites' doses, or brought (a further dose may come)."""
        return self.doses > 0 or self.confirmed_at is not None

    def fresh(self, now: datetime) -> bool:
        return self.asked_at is not None and now - self.asked_at < REFRESH_EVERY


@dataclass(frozen=True)
class Refresh:
    """What a refresh did. ``asked``: the platform answered now (False: nothing to ask,
    or it answered within ``REFRESH_EVERY``); ``confirmed_at``: when its answer for the
    person's other sites' doses was last taken (naive UTC)."""

    person_id: str
    asked: bool
    confirmed_at: datetime | None
    brought: int = 0
    dropped: int = 0
    updated: int = 0
    revoked: int = 0  # certificates printed here revoked by the drops and updates
    refused: str | None = None  # others hold the number: only linked records' doses taken
    settled: tuple[str, ...] = ()  # cleaning flags closed, their cause gone
    nobody: bool = False  # the platform knows nobody under the number now

    @property
    def changed(self) -> bool:
        """Whether the person's card shows something else now."""
        return bool(self.brought or self.dropped or self.updated)


def elsewhere(db: Database, person_id: str) -> Elsewhere:
    """What this laptop holds of the person's other sites (the record a merge kept)."""
    with db.reading() as s:
        person_id = store.kept_record(s, person_id)
        doses = s.scalar(select(func.count()).select_from(ExternalDose)
                         .where(ExternalDose.person_id == person_id)) or 0
        check = s.get(ElsewhereCheck, person_id)
        return Elsewhere(person_id, doses, check.confirmed_at if check else None,
                         check.asked_at if check else None)


def refresh_person(db: Database, person_id: str, *, actor: Actor,
                   cancel: CancelToken | None = None, now: datetime | None = None,
                   force: bool = False) -> Refresh:
    """Ask the platform again about a person here and take its answer (see the module).
    ``force``: ask even if it answered within ``REFRESH_EVERY``.

    Raises ``NotAllowed`` for a volunteer (audited), ``NotACitizenId`` for a person with no
    CCCD or CMND to ask by, ``NotConfigured``, ``LookupsLimited`` and the sync's errors."""
    try:
        require(actor, *RECORDERS, asked=asked_for(person_id))
    except NotAllowed as refused:
        raise NotAllowed("LOOKUP_NOT_ALLOWED", **refused.params) from None
    now = now or utc_now()
    held = elsewhere(db, person_id)
    person_id = held.person_id
    if not held.to_refresh or (held.fresh(now) and not force):
        return Refresh(person_id, False, held.confirmed_at)
    site = current_site(db)
    if site is None:
        raise NotConfigured(no_site=True)
    citizen = look_up(db, _number(db, person_id), actor=actor, cancel=cancel,
                      refreshing=person_id)
    with db.transaction() as s:
        person = s.get(Person, person_id)
        assert person is not None  # people are never deleted
        if citizen is None:
            # Nothing the platform answers for: the doses held stay as they are, unconfirmed
            # (the platform's record of this site's person not sent yet, say).
            confirm(s, person_id, now, taken=False)
            return Refresh(person_id, True, held.confirmed_at, nobody=True)
        take_own(s, citizen, site.code, now, actor)  # what a restore lost, if any
        view = lookup.seen_from(citizen, site.code)
        refused = bring_refusal(citizen, view)
        taken = take_answer(s, person, citizen, view, brought=brought_fields(view.citizen),
                            site_code=site.code, refused=refused.code if refused else None,
                            now=now, actor=actor)
    return Refresh(person_id, True, now, len(taken.new), len(taken.dropped),
                   len(taken.updated), taken.revoked, refused.code if refused else None,
                   taken.settled)


def _number(db: Database, person_id: str) -> str:
    """The one number the person is asked about by: their ID here, else their old CMND."""
    with db.reading() as s:
        person = s.get(Person, person_id)
        numbers = (person.id_number, person.old_id_number) if person else (None, None)
    number = next((n for n in numbers if looks_like_citizen_id(n)), None)
    if number is None:
        raise NotACitizenId(numbers[0] or "")
    return number
