"""A site's people whose records at other sites changed: what the central platform tells
each site, so the site that recorded a citizen first learns of the doses given later
elsewhere.

A citizen vaccinated at site A and later at site B (B looked them up and gave dose 2) is
one citizen on the platform (``central_server/register/links.py``), but A's laptop holds
only its own dose 1 until someone at A looks the person up again. Nobody does: at A's
desk the person is simply theirs, so A suggested "dose 2" at the next visit and printed
certificates that left B's dose out. The platform keeps, for each Patient of a citizen of
two sites or more, when another site's record of that citizen last changed, and each
site pulls its own as it pulls its dose clashes:

    GET {api_root}/people/elsewhere?since=<ISO-8601 UTC>&_count=<n>

answers, for the token's site only, its Patients told at or after ``since`` (inclusive),
oldest first, at most ``_count`` of them, each with the citizen's Immunizations at the
other sites as they stand when read (the reduced form a cross-site search gives, entered
in error ones too, so the site knows why a dose it held is gone)::

    {"people": [{"patient_id": "…", "told_at": "2026-12-06T10:00:00.123456Z",
                 "immunizations": [{"resourceType": "Immunization", "id": "…", …}],
                 "sites": ["HN-0003"],
                 "parted": [{"patient_id": "…", "site": "HN-0002", "full_name": "…",
                             "dob": "1990-04-05", "sex": "F", "id_number": "…"}]}],
     "next_since": "2026-12-06T10:00:00.123456Z" | null}

The list is the whole of the other sites' doses of the citizen as the platform links them
to the site's Patient, for the ``sites`` it names (those linked now, and every one it was
linked to before): a dose the site holds of one of those sites and not in the list was
voided, moved or unlinked there. A dose held of a site not named (brought onto a record
the site merged, say) is not the list's to drop. Only doses, never the other sites'
identity: the site already holds the citizen, and these are the doses its certificate must
list and its next dose number must follow. The one exception is ``parted``: the records of
other sites the site's Patient was linked to and is no longer, staff having not parted them
(a correction at one site, an ID number or a birth date fixed from the card, ended the
link), with their values now: the site drops their doses, and its supervisor must be told
which site holds the citizen otherwise, to check on the card (a platform from before
sends none). A server without the list (any other FHIR server) answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_app.wire import fhir
from desktop_app.wire.instants import read_instant

PATH = "people/elsewhere"


@dataclass(frozen=True)
class Told:
    patient_id: str  # the site's own Patient: the person's id on the laptop
    doses: tuple[fhir.RemoteDose, ...]  # the other sites', entered in error ones too
    told_at: datetime  # UTC, naive (as the site database stores times)
    sites: frozenset[str] = frozenset()  # the sites whose doses the list speaks for
    parted: tuple[Parted, ...] = ()  # records once linked, parted by a correction


@dataclass(frozen=True)
class Parted:
    """A record of another site the platform linked to the site's Patient and no longer
    does, staff having not parted them: its values now."""

    site_code: str
    full_name: str
    dob: date | None
    sex: str | None
    id_number: str | None


def told_json(patient_id: str, immunizations: list[dict[str, Any]], sites: list[str],
              parted: list[dict[str, Any]], told_at: datetime) -> dict[str, Any]:
    return {"patient_id": patient_id, "told_at": told_at.isoformat() + "Z",
            "immunizations": immunizations, "sites": sites, "parted": parted}


def told_from_json(data: dict[str, Any]) -> Told:
    """One person told, read back; raises ValueError (or KeyError, TypeError) on anything
    malformed.

    >>> t = told_from_json({"patient_id": "p1", "told_at": "2026-12-06T10:00:00Z",
    ...     "immunizations": [{"resourceType": "Immunization", "id": "i9",
    ...         "status": "completed", "patient": {"reference": "Patient/p7"},
    ...         "vaccineCode": {"coding": [{"system": fhir.SYSTEM_VACCINE,
    ...                                     "code": "COMIRNATY"}]},
    ...         "occurrenceDateTime": "2021-10-04",
    ...         "protocolApplied": [{"doseNumberPositiveInt": 2}],
    ...         "location": fhir.site_reference("HN-0003")}], "sites": ["HN-0004"]})
    >>> t.patient_id, [(d.id, d.site_code, d.dose_number) for d in t.doses], sorted(t.sites)
    ('p1', [('i9', 'HN-0003', 2)], ['HN-0003', 'HN-0004'])
    """
    resources = data["immunizations"]
    if not isinstance(resources, list):
        raise TypeError(f"immunizations is a {type(resources).__name__}")
    for res in resources:
        if not isinstance(res, dict) or res.get("resourceType") != "Immunization":
            raise ValueError("not an Immunization")
    sites = data["sites"]
    if not isinstance(sites, list) or not all(isinstance(c, str) for c in sites):
        raise TypeError("sites is not a list of site codes")
    doses = tuple(fhir.remote_dose(r) for r in resources)
    parted = tuple(Parted(str(p["site"]), str(p.get("full_name") or ""),
                          date.fromisoformat(p["dob"]) if p.get("dob") else None,
                          p.get("sex") or None, p.get("id_number") or None)
                   for p in data.get("parted") or ())  # a platform from before: none
    return Told(str(data["patient_id"]), doses, read_instant(data["told_at"]),
                frozenset(sites) | {d.site_code for d in doses if d.site_code}, parted)
