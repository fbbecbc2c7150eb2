"""One citizen's dose number held at two sites: what the central platform tells each site.

Two sites that were offline can each give (or backfill) the same citizen's "dose 2". Each
dose is a fact its site recorded, so the platform takes both; but it records the clash
(the citizen as its cross-site links know them, ``central_server/register/links.py``) and
tells both sites, the way it tells a site its register verdicts: a list each site pulls,
which puts the person on its cleaning worklist.

    GET {api_root}/doses/clashes?since=<ISO-8601 UTC>&_count=<n>

answers, for the token's site only, the clashes found at or after ``since`` (inclusive: the
client recognises what it already has), oldest first, at most ``_count`` of them::

    {"clashes": [{"patient_id": "…", "immunization_id": "…", "dose_number": 2,
                  "dose_date": "2021-10-01",
                  "other_site": "HN-0003", "other_immunization_id": "…",
                  "other_dose_date": "2021-10-04",
                  "found_at": "2026-12-01T10:00:00.123456Z"}],
     "next_since": "2026-12-01T10:00:00.123456Z" | null}

Each clash is one of the site's own doses (``immunization_id``, of its Patient
``patient_id``) and one of another site's with the same number. ``next_since`` is set
while more wait. A clash no longer true (a dose voided or renumbered, the records unlinked)
leaves the list; the site's worklist clears as a look-up shows it gone. A server without
the list (any other FHIR server) answers 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_app.wire.instants import read_instant

PATH = "doses/clashes"


@dataclass(frozen=True)
class Clash:
    patient_id: str
    immunization_id: str
    dose_number: int
    dose_date: date
    other_site: str
    other_immunization_id: str
    other_dose_date: date
    found_at: datetime  # UTC, naive (as the site database stores times)

    def as_json(self) -> dict[str, Any]:
        return {"patient_id": self.patient_id, "immunization_id": self.immunization_id,
                "dose_number": self.dose_number, "dose_date": self.dose_date.isoformat(),
                "other_site": self.other_site,
                "other_immunization_id": self.other_immunization_id,
                "other_dose_date": self.other_dose_date.isoformat(),
                "found_at": self.found_at.isoformat() + "Z"}


def clash_from_json(data: dict[str, Any]) -> Clash:
    """One clash read back; raises ValueError (or KeyError, TypeError) on anything
    malformed.

    >>> c = clash_from_json({"patient_id": "p1", "immunization_id": "i1", "dose_number": 2,
    ...     "dose_date": "2021-10-01", "other_site": "HN-0003",
    ...     "other_immunization_id": "i9", "other_dose_date": "2021-10-04",
    ...     "found_at": "2026-12-01T10:00:00Z"})
    >>> c.dose_number, c.other_site, c.other_dose_date.isoformat(), c.found_at.isoformat()
    (2, 'HN-0003', '2021-10-04', '2026-12-01T10:00:00')
    """
    number = data["dose_number"]
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"not a dose number: {number!r}")
    return Clash(str(data["patient_id"]), str(data["immunization_id"]), number,
                 date.fromisoformat(data["dose_date"]), str(data["other_site"]),
                 str(data["other_immunization_id"]),
                 date.fromisoformat(data["other_dose_date"]), read_instant(data["found_at"]))
