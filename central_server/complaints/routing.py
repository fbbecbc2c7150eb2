"""Where a complaint goes: the site that recorded the dose in question, else the site the
citizen names, else the site of the citizen's commune, else the province
(``desktop_app/wire/complaints.py``); and whether the public may be told where it went.

``decide`` is the decision alone, a pure function over the facts; ``route`` finds the facts
in the central store (the citizen's Patients by ID number, their own or the old CMND their
card names, as a site's lookup finds them; their doses; the commune's sites) and places
the result in a province and commune. ``may_name_handler`` says whether the public status
page may name the handler (``same_person`` is its pure test).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, select

from central_server import areas
from central_server.db.models import Resource
from central_server.fhir import shared
from desktop_app.rules import admin_units
from desktop_app.rules.identity import clean_id_number
from desktop_app.rules.names import fold
from desktop_app.wire import fhir
from desktop_app.wire.complaints import (
    ROUTE_COMMUNE,
    ROUTE_PROVINCE,
    ROUTE_SITE,
    Complaint,
    Submission,
)


@dataclass(frozen=True)
class DoseFact:
    """One dose of the citizen on the platform, and the site that recorded it."""

    site_code: str
    dose_number: int
    dose_date: date


@dataclass(frozen=True)
class Decision:
    route: str
    site_code: str | None = None


@dataclass(frozen=True)
class Routed:
    route: str
    site_code: str | None
    province_code: str | None
    commune_code: str | None
    patient_ids: tuple[str, ...]


def pick_dose(doses: Sequence[DoseFact], dose_number: int | None,
              dose_date: date | None) -> DoseFact | None:
    """The dose the complaint is about: the one with both the number and the date named,
    else the number, else the date; when none matches (the missing dose of a "dose missing"
    complaint is not on the platform) or none is named, the citizen's latest dose, whose site
    most likely gave the next one too.

    >>> a = DoseFact("A", 1, date(2021, 9, 1)); b = DoseFact("B", 2, date(2021, 10, 1))
    >>> pick_dose([a, b], 1, None).site_code, pick_dose([a, b], None, date(2021, 9, 1)).site_code
    ('A', 'A')
    >>> pick_dose([a, b], 3, None).site_code, pick_dose([], 1, None)
    ('B', None)
    """
    if not doses:
        return None
    for wanted in ((dose_number, dose_date), (dose_number, None), (None, dose_date)):
        if wanted == (None, None):
            continue
        found = [d for d in doses
                 if (wanted[0] is None or d.dose_number == wanted[0])
                 and (wanted[1] is None or d.dose_date == wanted[1])]
        if found:
            return _latest(found)
    return _latest(doses)


def decide(doses: Sequence[DoseFact], dose_number: int | None, dose_date: date | None,
           commune_sites: Sequence[str], named_sites: Sequence[str] = ()) -> Decision:
    """The site that recorded the dose on the platform; else the site the citizen names
    (``named_sites``: the sites their words for the place name, taken when one only);
    else their commune's; else the province. "By whoever is closest to the injection:
    the site if the citizen knows it, else the commune, else the province."

    >>> d = DoseFact("HN-0001", 1, date(2021, 9, 1))
    >>> decide([d], None, None, ["HN-0009"], ["HN-0002"])
    Decision(route='site', site_code='HN-0001')
    >>> decide([], 2, None, ["HN-0009"], ["HN-0002"])
    Decision(route='site', site_code='HN-0002')
    >>> decide([], 2, None, ["HN-0009", "HN-0010"], ["HN-0002", "HN-0003"])
    Decision(route='commune', site_code='HN-0009')
    >>> decide([], None, None, [])
    Decision(route='province', site_code=None)
    """
    dose = pick_dose(doses, dose_number, dose_date)
    if dose is not None:
        return Decision(ROUTE_SITE, dose.site_code)
    if len(named_sites) == 1:
        return Decision(ROUTE_SITE, named_sites[0])
    if commune_sites:
        return Decision(ROUTE_COMMUNE, commune_sites[0])  # the commune's oldest site
    return Decision(ROUTE_PROVINCE)


def route(engine: Engine, sub: Submission, province_code: str | None = None, *,
          caller_province: str | None = None) -> Routed:
    """Find the facts for ``sub`` in the store and decide where it goes. Read before the
    complaint is written, outside its transaction: a dose arriving in between changes
    nothing a person would notice. ``province_code``: the province the citizen chose, kept
    where neither a site nor a commune says one (a province chosen without its commune was
    dropped, and the complaint went to the province with no province: nobody's); the sites
    the citizen names are looked for in it. ``caller_province``: the province of the site
    that took the call, kept only where nothing else says one: a citizen calling a Hà Nội
    site about a dose at Bến Thành names a site of another province."""
    number = clean_id_number(sub.id_number)
    other = clean_id_number(sub.other_id_number)
    with engine.connect() as conn:
        # As a site's lookup finds them (fhir/shared.py): by their own ID, or by the old
        # CMND a card names beside the CCCD that replaced it, and the records the platform
        # links to those (one citizen: a dose 1 kept under the CMND at one site, a dose 2
        # under the CCCD at another). The form asks for a number, not which document it
        # is, so under any document's system.
        patient_ids = tuple(sorted({pid for n in (number, other) if n
                                    for pid in shared.citizen_patients(conn, None, n)}))
        doses = _doses(conn, patient_ids)
    commune = admin_units.commune(sub.commune_code)
    commune_sites = areas.sites_in_commune(engine, commune.code) if commune else []
    chosen = admin_units.province(province_code) if province_code else None
    near = (commune.province_code if commune else None) or (chosen.code if chosen else None)
    named = [] if doses else _named(engine, sub.place, near, caller_province)
    decision = decide(doses, sub.dose_number, sub.dose_date, commune_sites, named)
    area = areas.area_of(engine, decision.site_code) if decision.site_code else None
    commune_code = (area and area.commune_code) or (commune.code if commune else None)
    province_code = ((area and area.province_code) or _province_of(commune_code)
                     or (chosen.code if chosen else None) or caller_province)
    return Routed(decision.route, decision.site_code, province_code, commune_code, patient_ids)


def _named(engine: Engine, place: str, near: str | None, caller: str | None) -> list[str]:
    """The sites the citizen's words name: in the province they chose (or their commune's);
    else first in the calling site's province (a common name, "Trạm Y tế Phường 1", is
    most likely its own province's), then anywhere."""
    if near:
        return areas.sites_named(engine, place, near)
    return (caller and areas.sites_named(engine, place, caller)) or \
        areas.sites_named(engine, place)


def _province_of(commune_code: str | None) -> str | None:
    unit = admin_units.commune(commune_code) if commune_code else None
    return unit.province_code if unit else None


def same_person(full_name: str, dob: date | None, sub: Submission) -> bool:
    """Whether a record's name and birth date are the ones a complaint gives. Names are
    compared folded (no diacritics, case or extra spaces), as people type them on a phone.

    >>> sub = Submission("details_wrong", "001090000001", "LE VAN  tam", date(1990, 1, 1))
    >>> same_person("Lê Văn Tám", date(1990, 1, 1), sub)
    True
    >>> same_person("Lê Văn Tám", date(1990, 1, 2), sub), same_person("Lê Tám", sub.dob, sub)
    (False, False)
    >>> same_person("Lê Văn Tám", None, Submission("details_wrong", "1", "Lê Văn Tám", None))
    False
    """
    return dob is not None and dob == sub.dob and fold(full_name) == fold(sub.full_name)


def may_name_handler(engine: Engine, complaint: Complaint) -> bool:
    """Whether the public status page may name who handles ``complaint``.

    Anyone may file with anyone's ID number, and the handler follows from that number's
    records: named to whoever holds the code, it told a stranger whether a citizen was
    vaccinated and where. So it is named only when the complaint's name and birth date are
    those of a Patient the routing found (routed to a site: one with a dose there), which
    the filer had to know. Otherwise every route reads the same, a commune's or the
    province's too: those are what an ID number without records gets, so naming them alone
    would still tell the two apart.

    Routing itself does not ask for the match: a name or birth date typed unlike the record
    is just what a "details wrong" complaint is about, and the site holding the record is
    the one that can correct it. The sites are accountable staff; only the page is public.
    """
    sub = complaint.submission
    if not complaint.patient_ids or sub.dob is None:
        return False
    with engine.connect() as conn:
        rows = conn.execute(select(Resource.id, Resource.birth_date, Resource.content).where(
            Resource.type == "Patient", Resource.id.in_(complaint.patient_ids)))
        theirs = [pid for pid, dob, content in rows
                  if same_person(_full_name(content), dob, sub)]
        if complaint.route != ROUTE_SITE or not theirs:
            return bool(theirs)
        return any(d.site_code == complaint.site_code for d in _doses(conn, theirs))


def _full_name(content: str) -> str:
    try:
        return fhir.patient_fields(json.loads(content)).full_name
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return ""  # an odd old Patient proves nothing


def _latest(doses: Sequence[DoseFact]) -> DoseFact:
    return max(doses, key=lambda d: (d.dose_date, d.dose_number, d.site_code))


def _doses(conn: Any, patient_ids: Sequence[str]) -> list[DoseFact]:
    if not patient_ids:
        return []
    rows = conn.execute(select(Resource.site_code, Resource.content).where(
        Resource.type == "Immunization", Resource.patient_id.in_(patient_ids)))
    doses = []
    for site_code, content in rows:
        res = json.loads(content)
        if res.get("status") != "completed":  # entered in error, or not given
            continue
        try:
            fields = fhir.immunization_fields(res)
        except (KeyError, IndexError, StopIteration, ValueError, TypeError):
            continue  # the store validated it; an old odd one must not stop a complaint
        doses.append(DoseFact(site_code, fields.dose_number, fields.dose_date))
    return doses

