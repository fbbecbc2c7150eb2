"""Who looked at whose people: every search a site makes across sites, and its hourly limit.

A site's token may search other sites' Patients and Immunizations by a citizen's ID number
(``fhir/shared.py``): one citizen is one person wherever they were vaccinated. That reach is
the province's to watch, so each such search is recorded (the site, when, what was asked,
how many records came back; never the records) and ``vaxdesk-central lookup-log`` prints
them. A site may make ``lookups_per_hour`` of them in any hour; past it the platform answers
429 with the seconds until the oldest of them leaves the hour. A leaked code can then read
a few hundred people an hour, not the country, and the log shows whose code it was.

The count is read from the log itself, so it holds across a restart and across several
server processes. A refusal is recorded once per run of refusals: a script hammering past
the limit is seen, without filling the table.

A site's own records (reads by id, its pulls, searches without a citizen's ID) are neither
counted nor recorded: they are its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select

from central_server.db.models import SiteLookup

WINDOW = timedelta(hours=1)
# The search parameters that name whom a cross-site search is about, by resource type.
ASKED_BY = {"Patient": "identifier", "Immunization": "patient.identifier"}


def asked(type_: str, params: Mapping[str, list[str]]) -> str:
    """What a search asked for, as recorded: its identifiers (``SYSTEM|NUMBER``).

    >>> asked("Immunization", {"patient.identifier": ["urn:x|0011"], "_count": ["5"]})
    'urn:x|0011'
    """
    return ", ".join(params.get(ASKED_BY.get(type_, ""), []))[:300]


def admit(engine: Engine, site_code: str, per_hour: int, now: datetime) -> int:
    """0 if the site may make one more cross-site search now; else the seconds until it
    may (the moment its ``per_hour``-th latest search is an hour old)."""
    with engine.connect() as conn:
        oldest_counted = conn.execute(
            select(SiteLookup.at)
            .where(SiteLookup.site_code == site_code, SiteLookup.refused.is_(False),
                   SiteLookup.at > now - WINDOW)
            .order_by(SiteLookup.at.desc()).offset(per_hour - 1).limit(1)).scalar()
    if oldest_counted is None:
        return 0
    return max(1, math.ceil((oldest_counted + WINDOW - now).total_seconds()))


def record(engine: Engine, site_code: str, type_: str, what: str, results: int,
           now: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(insert(SiteLookup).values(
            at=now, site_code=site_code, resource_type=type_, asked=what, results=results,
            refused=False))


def record_refusal(engine: Engine, site_code: str, type_: str, what: str,
                   now: datetime) -> None:
    """The first refusal of a run: the site's latest entry was a search answered."""
    with engine.begin() as conn:
        latest = conn.execute(
            select(SiteLookup.refused).where(SiteLookup.site_code == site_code)
            .order_by(SiteLookup.at.desc(), SiteLookup.id.desc()).limit(1)).scalar()
        if latest:
            return
        conn.execute(insert(SiteLookup).values(
            at=now, site_code=site_code, resource_type=type_, asked=what, results=0,
            refused=True))


def entries(engine: Engine, site_code: str | None = None, limit: int = 50) -> list[Any]:
    """The latest first, as rows; of one site, or of every site."""
    query = select(SiteLookup).order_by(SiteLookup.at.desc(), SiteLookup.id.desc()).limit(limit)
    if site_code:
        query = query.where(SiteLookup.site_code == site_code)
    with engine.connect() as conn:
        return list(conn.execute(query))


def results_in(bundle: dict[str, Any]) -> int:
    """How many records a searchset answered: its entries, or its total when only the
    total was asked (``_count=0``)."""
    return len(bundle.get("entry") or []) or int(bundle.get("total") or 0)
