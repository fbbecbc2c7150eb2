"""Ask the central platform who a citizen is, across every site (issue #15, point 6).

A person vaccinated at site A who walks into site B is unknown to B's laptop; the platform
knows every site's Patients and Immunizations by their identifier:

    GET {base}/Patient?identifier=SYSTEM|NUMBER
    GET {base}/Immunization?patient.identifier=SYSTEM|NUMBER

Both are searchsets paged by ``next`` links. Only citizen IDs are looked up (CCCD, CMND):
they are unique nationwide; a passport number is not unique without its nationality, and a
name is not an identity.

A plain FHIR server may not search by these parameters: it refuses them (400) or ignores
them (FHIR's lenient handling: every record comes back). Either way it cannot say who holds
the number, and the look-up says so (``NoIdSearch``), never "nobody", and never takes a
Patient that does not carry the number, or the dose of one, as the citizen's.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from desktop_app.rules.identity import clean_id_number
from desktop_app.rules.messages import UserError
from desktop_app.rules.text_fields import all_digits
from desktop_app.sync.answers import answer_shape
from desktop_app.sync.client import SyncClient
from desktop_app.sync.errors import ProtocolError, RateLimited, RequestRefused
from desktop_app.wire import fhir

# A citizen has a handful of records; more pages than this is a server looping on its links.
MAX_PAGES = 20


class LookupsLimited(UserError):
    """The platform takes no more of this site's lookups for now (429: each site may look
    up so many people of other sites in an hour). Said at the desk, which goes on working."""

    def __init__(self, seconds: float) -> None:
        super().__init__("LOOKUP_RATE_LIMITED", minutes=max(1, math.ceil(seconds / 60)))


class NoIdSearch(UserError):
    """The platform cannot search its records by citizen ID (a plain FHIR server refusing or
    ignoring ``identifier``): whether the citizen is known elsewhere cannot be told. Said
    at the desk and by ``vaxdesk lookup``; "nobody" would have the clerk register them
    again."""

    def __init__(self, id_number: str) -> None:
        super().__init__("LOOKUP_NO_ID_SEARCH", id_number=id_number)


@dataclass(frozen=True)
class RemoteCitizen:
    """Everything the platform knows about one citizen ID, at every site."""

    id_number: str
    patients: list[fhir.RemotePatient]
    doses: list[fhir.RemoteDose]  # given (not voided, not "not done"), oldest first
    # How many people the platform holds the number for (``people_holding``): more than
    # one, and nobody here can tell whose doses are whose.
    people: int = 1
    # The Immunizations the platform holds as not given (entered in error, or not done): a
    # site that brought one before drops it (``services/lookup.bring_person``).
    voided: frozenset[str] = frozenset()
    # The search hits as the platform sent them, Patients first: the asking site's own come
    # whole, and one the laptop lacks (a restore) is taken as its own (``own_records``).
    resources: tuple[dict[str, Any], ...] = field(default=(), compare=False, repr=False)

    @property
    def identity(self) -> fhir.RemotePatient:
        """The Patient to take the person's details from: the one of the site that saw
        them last (its clerks had the person in front of them most recently)."""
        last_site = self.doses[-1].site_code if self.doses else None
        return next((p for p in self.patients if p.site_code == last_site), self.patients[0])

    def sites(self) -> list[str]:
        """The sites that know this citizen, in the order they appear."""
        codes = [p.site_code for p in self.patients] + [d.site_code for d in self.doses]
        return list(dict.fromkeys(c for c in codes if c))


def identifier_token(id_number: str | None) -> str | None:
    """The ``system|value`` a citizen ID is searched by; None if it is not one.

    >>> identifier_token("001 190 000 123")
    'https://vaxdesk.org/fhir/sid/vn-cccd|001190000123'
    >>> identifier_token("012345678")
    'https://vaxdesk.org/fhir/sid/vn-cmnd|012345678'
    >>> identifier_token("B1234567") is None
    True
    """
    number = clean_id_number(id_number)
    if not all_digits(number):
        return None
    system = {12: fhir.SYSTEM_CCCD, 9: fhir.SYSTEM_CMND}.get(len(number))
    return f"{system}|{number}" if system else None


def look_up(client: SyncClient, id_number: str) -> RemoteCitizen | None:
    """The citizen with this ID as the platform knows them; None if no site has them.

    Raises ValueError for something that is not a citizen ID, ``LookupsLimited`` when the
    platform refuses more lookups this hour, ``NoIdSearch`` when it cannot search by the
    number, and the client's other errors (``ServerUnavailable``, ``AuthRefused``,
    ``ProtocolError``) as they come.
    """
    token = identifier_token(id_number)
    if token is None:
        raise ValueError(f"not a CCCD or CMND number: {id_number!r}")
    number = token.rpartition("|")[2]
    try:
        with answer_shape("a cross-site answer"):
            hits = list(_search(client, "Patient", {"identifier": token}, number))
            found = [fhir.remote_patient(r) for r in hits]  # a malformed one: BadAnswer
            if not all(_holds(r, token) for r in hits):  # a search by it finds its holders
                raise NoIdSearch(number)
            # A record a site's merge folded (inactive, "replaced-by") is nobody now.
            patients = [p for r, p in zip(hits, found, strict=True)
                        if r.get("active") is not False]
            if not patients:
                return None
            # The doses of the Patients found and those the platform links to them; one of
            # a Patient linked since they were read comes with the next look-up.
            theirs = {p.id for p in patients} | {i for p in patients for i in p.linked_ids}
            hits += [r for r in _search(client, "Immunization", {"patient.identifier": token},
                                        number)
                     if fhir.reference_id(r["patient"]["reference"]) in theirs]
            doses = [fhir.remote_dose(r) for r in hits if r["resourceType"] == "Immunization"]
    except RateLimited as exc:
        raise LookupsLimited(exc.seconds) from exc
    except RequestRefused as exc:  # a strict server refuses a parameter it does not know
        raise NoIdSearch(number) from exc
    live = sorted((d for d in doses if not d.voided), key=lambda d: (d.dose_date, d.dose_number))
    return RemoteCitizen(token.rpartition("|")[2], patients, live, people_holding(patients),
                         frozenset(d.id for d in doses if d.voided), tuple(hits))


def people_holding(patients: list[fhir.RemotePatient]) -> int:
    """How many people these holders of one number are: Patients the platform links are
    one citizen, and so are one site's (its duplicates, its own to merge). Holders it did
    not link (their name or date of birth differ, or staff unlinked them) are different
    people one number was given to.

    >>> from desktop_app.wire.fhir import PatientFields, RemotePatient
    >>> f = PatientFields("An", None, None, "CCCD", "001", None, None, None, None, False)
    >>> linked = [RemotePatient("a", "HN", f, ("b",)), RemotePatient("b", "HCM", f, ("a",))]
    >>> apart = [RemotePatient("a", "HN", f, ()), RemotePatient("b", "HCM", f, ())]
    >>> same_site = [RemotePatient("a", "HN", f, ()), RemotePatient("b", "HN", f, ())]
    >>> people_holding(linked), people_holding(apart), people_holding(same_site)
    (1, 2, 1)
    """
    return len(_people(patients))


def _people(patients: list[fhir.RemotePatient]) -> list[list[fhir.RemotePatient]]:
    """The holders grouped by person (``people_holding``), in the order they came."""
    parent = {p.id: p.id for p in patients}

    def root(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x

    first_of_site: dict[str | None, str] = {}
    for p in patients:
        joined = [i for i in p.linked_ids if i in parent]
        if p.site_code is not None:
            joined.append(first_of_site.setdefault(p.site_code, p.id))
        for other in joined:
            parent[root(other)] = root(p.id)
    groups: dict[str, list[fhir.RemotePatient]] = {}
    for p in patients:
        groups.setdefault(root(p.id), []).append(p)
    return list(groups.values())


@dataclass(frozen=True)
class HeldHere:
    """A citizen as a site that holds one of its Patients sees them (``seen_from``).

    ``citizen``: the site's own Patients, those the platform links to them, and their doses
    (the whole answer when the site holds none of them). ``apart``: the other holders of the
    number, whom the platform does not take for the person here (another name or date of
    birth, or unlinked by staff): other people, and ``apart_doses`` theirs."""

    citizen: RemoteCitizen
    apart: tuple[fhir.RemotePatient, ...] = ()
    apart_doses: frozenset[str] = frozenset()

    def apart_sites(self) -> list[str]:
        return list(dict.fromkeys(p.site_code or "?" for p in self.apart))


def seen_from(citizen: RemoteCitizen, site_code: str) -> HeldHere:
    """The citizen as ``site_code`` holds them: its own record is the person, never
    "another person" holding their number; the holders the platform keeps apart from it
    are. A dose is theirs when its Patient is one of theirs or linked to one (the
    Immunizations come for the linked Patients too); one neither side can claim is left
    out of both.

    >>> from datetime import date
    >>> from desktop_app.wire.fhir import PatientFields, RemoteDose, RemotePatient
    >>> f = PatientFields("An", None, None, "CCCD", "001", None, None, None, None, False)
    >>> a, b = RemotePatient("a", "HN-1", f, ()), RemotePatient("b", "HN-2", f, ())
    >>> d = RemoteDose("i1", "a", "HN-1", "X", 1, date(2021, 1, 1), None, False)
    >>> seen = seen_from(RemoteCitizen("001", [a, b], [d], 2), "HN-2")
    >>> [p.id for p in seen.citizen.patients], seen.citizen.doses, seen.apart_sites()
    (['b'], [], ['HN-1'])
    >>> sorted(seen.apart_doses), seen.citizen.people
    (['i1'], 1)
    """
    people = _people(citizen.patients)
    ours = next((g for g in people if any(p.site_code == site_code for p in g)), None)
    if ours is None:
        return HeldHere(citizen)
    apart = tuple(p for g in people if g is not ours for p in g)
    if not apart:
        return HeldHere(citizen)

    def members(group: tuple[fhir.RemotePatient, ...] | list[fhir.RemotePatient]) -> set[str]:
        return {p.id for p in group} | {i for p in group for i in p.linked_ids}

    mine, theirs = members(ours), members(apart)
    doses = [d for d in citizen.doses if d.patient_id in mine and d.patient_id not in theirs]
    apart_doses = frozenset(d.id for d in citizen.doses
                            if d.patient_id in theirs and d.patient_id not in mine)
    return HeldHere(RemoteCitizen(citizen.id_number, list(ours), doses, 1, citizen.voided,
                                  citizen.resources), apart, apart_doses)


def _holds(res: dict[str, Any], token: str) -> bool:
    """Whether a Patient carries the ``system|number`` searched (as its ID or old CMND)."""
    system, _, number = token.rpartition("|")
    return any(clean_id_number(v) == number for v in fhir.identifier_values(res, system))


def _search(client: SyncClient, type_: str, params: dict[str, str],
            number: str) -> Iterator[dict[str, Any]]:
    url: str = type_
    query: dict[str, str] | None = params
    for _ in range(MAX_PAGES):
        page = client.get(url, query)
        if query is not None and any(fhir.search_used(page, p) is False for p in params):
            raise NoIdSearch(number)  # ignored: every record would come, page after page
        yield from fhir.search_hits(page, type_)
        next_url = fhir.next_page(page)
        if next_url is None:
            return
        url, query = next_url, None
    raise ProtocolError(f"more than {MAX_PAGES} pages of {type_} for one citizen")
