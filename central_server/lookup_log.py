"""Who looked at whose people: every search a site makes across sites, and its hourly limit.

A site's token may search other sites' Patients and Immunizations by a citizen's ID number
(``fhir/shared.py``): one citizen is one person wherever they were vaccinated. That reach is
the province's to watch, so each such search is recorded (the site, when, what was asked,
how many records came back; never the records) and ``vaxdesk-central lookup-log`` prints
them. A site may make ``lookups_per_hour`` of them in any hour; past it the platform answers
429 with the seconds until the oldest of them leaves the hour. A leaked code can then read
a few hundred people an hour, not the country, and the log shows whose code it was.

A lookup is of one citizen: the desk asks for their Patients, then their Immunizations,
and a long answer comes in pages. The searches a site makes for the same ID number within
``SAME_LOOKUP`` are that one lookup: the first is counted and recorded, the others add
their records to its entry and pass the limit as it did. Counted per search, one citizen
read as two lookups on the dashboard and used two of the hour's, and a site at its limit
was given the person and refused their doses.

The count is read from the log itself, so it holds across a restart and across several
server processes. A refusal is recorded once per run of refusals: a script hammering past
the limit is seen, without filling the table.

A site's own records (reads by id, its pulls, searches without a citizen's ID) are neither
counted nor recorded: they are its own.

Every complaint a site files through ``/api/complaints`` is recorded too (``COMPLAINT``,
with the records of that ID number the platform found, though the answer says nothing of
them or of where it went), so a site filing about other sites' people, or probing whether
a number is known, is seen beside its lookups and counted with them.

What was asked is a citizen's ID number, personal data: an entry is kept
``Settings.lookup_log_days`` (``prune``), pruned when the server starts and then at most
once a day on a site's FHIR request (``Pruning``, hooked in ``app.py``), the way expired
dashboard sessions go at a sign-in: the platform runs no scheduler. The province's
dashboard shows the counts per site (``by_site``), never what was asked.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, case, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from central_server.db.models import SiteLookup
from central_server.fhir.store import utc_now

WINDOW = timedelta(hours=1)
PRUNE_EVERY = timedelta(days=1)
PRUNE_RETRY = timedelta(hours=1)  # after a prune that failed (the database busy, say)
_log = logging.getLogger("central_server")  # the server's log (errors.py)
# The search parameters that name whom a cross-site search is about, by resource type.
ASKED_BY = {"Patient": "identifier", "Immunization": "patient.identifier"}
COMPLAINT = "Complaint"  # a complaint filed by a site's code
SAME_LOOKUP = timedelta(minutes=10)  # a lookup's searches and pages, over a slow link too


def asked(type_: str, params: Mapping[str, list[str]]) -> str:
    """What a search asked for, as recorded: its identifiers (``SYSTEM|NUMBER``).

    >>> asked("Immunization", {"patient.identifier": ["urn:x|0011"], "_count": ["5"]})
    'urn:x|0011'
    """
    return ", ".join(params.get(ASKED_BY.get(type_, ""), []))[:300]


def admit(engine: Engine, site_code: str, per_hour: int, now: datetime, what: str = "") -> int:
    """0 if the site may make one more cross-site search now (one asking ``what``, as
    ``asked`` writes it: a search of a lookup already counted always may); else the seconds
    until it may (the moment its ``per_hour``-th latest lookup is an hour old)."""
    with engine.connect() as conn:
        if _same_lookup(conn, site_code, what, now) is not None:
            return 0
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
    """A search answered: a new entry, or its records added to the entry of the lookup it
    is part of (``SAME_LOOKUP``)."""
    with engine.begin() as conn:
        same = _same_lookup(conn, site_code, what, now) if type_ in ASKED_BY else None
        if same is not None:
            conn.execute(update(SiteLookup).where(SiteLookup.id == same)
                         .values(results=SiteLookup.results + results))
            return
        conn.execute(insert(SiteLookup).values(
            at=now, site_code=site_code, resource_type=type_, asked=what, results=results,
            refused=False))


def _same_lookup(conn: Connection, site_code: str, what: str, now: datetime) -> int | None:
    """The entry of the site's lookup of ``what`` begun within ``SAME_LOOKUP``, if any."""
    if not what:
        return None
    return conn.execute(
        select(SiteLookup.id)
        .where(SiteLookup.site_code == site_code, SiteLookup.at > now - SAME_LOOKUP,
               SiteLookup.asked == what, SiteLookup.refused.is_(False),
               SiteLookup.resource_type.in_(ASKED_BY))
        .order_by(SiteLookup.at.desc()).limit(1)).scalar()


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


def prune(engine: Engine, keep_days: int, now: datetime) -> int:
    """Delete the entries older than ``keep_days``; how many went. At least a day is
    always kept: the hourly limit counts the last hour's entries."""
    cutoff = now - timedelta(days=max(1, keep_days))
    with engine.begin() as conn:
        return conn.execute(delete(SiteLookup).where(SiteLookup.at < cutoff)).rowcount or 0


class Pruning:
    """``prune`` at most once per ``PRUNE_EVERY`` in this process: ``due()`` is a lock and a
    comparison, cheap on every request; the caller that gets a moment prunes, the others go
    on. Several server processes each prune: a delete of what is gone changes nothing."""

    def __init__(self, engine: Engine, keep_days: int) -> None:
        self.engine = engine
        self.keep_days = keep_days
        self._next: datetime | None = None  # None: at the first call
        self._lock = threading.Lock()

    def due(self) -> datetime | None:
        """Now, if a prune is due (then claimed: no other caller is given it); else None."""
        now = utc_now()
        with self._lock:
            if self._next is not None and now < self._next:
                return None
            self._next = now + PRUNE_EVERY
        return now

    def run(self, now: datetime) -> None:
        try:
            gone = prune(self.engine, self.keep_days, now)
        except SQLAlchemyError:  # the request that happened to call must not fail for it
            _log.exception("pruning the lookup log failed; trying again in an hour")
            with self._lock:
                self._next = now + PRUNE_RETRY
            return
        if gone:
            _log.info("lookup log: %d entries older than %d days deleted", gone,
                      self.keep_days)

    def __call__(self) -> None:
        now = self.due()
        if now is not None:
            self.run(now)


@dataclass(frozen=True)
class SiteLookups:
    """One site's cross-site lookups in a period, for the dashboard: counts, never what was
    asked."""

    site_code: str
    answered: int
    refused: int  # runs of refusals over the hourly limit (one entry per run)
    busiest_hour: int  # the most answered in any 60 minutes, as the limit counts them
    latest_at: datetime  # UTC, answered or refused


def by_site(engine: Engine, site_codes: set[str], since: datetime, until: datetime
            ) -> list[SiteLookups]:
    """Each site of ``site_codes`` with entries from ``since`` up to ``until`` (UTC); the
    sites nearest their limit first."""
    if not site_codes:
        return []
    within = (SiteLookup.site_code.in_(site_codes), SiteLookup.at >= since,
              SiteLookup.at < until)
    refused = case((SiteLookup.refused.is_(True), 1), else_=0)
    with engine.connect() as conn:
        counts = conn.execute(
            select(SiteLookup.site_code, func.count(), func.sum(refused), func.max(SiteLookup.at))
            .where(*within).group_by(SiteLookup.site_code)).all()
        answered = conn.execution_options(yield_per=10_000).execute(
            select(SiteLookup.site_code, SiteLookup.at)
            .where(*within, SiteLookup.refused.is_(False))
            .order_by(SiteLookup.site_code, SiteLookup.at))
        busiest = _busiest_hours((row.site_code, row.at) for row in answered)
    found = [SiteLookups(site, n - (r or 0), r or 0, busiest.get(site, 0), latest)
             for site, n, r, latest in counts]
    return sorted(found, key=lambda f: (-f.refused, -f.busiest_hour, -f.answered,
                                        f.site_code))


def _busiest_hours(entries: Iterable[tuple[str, datetime]]) -> dict[str, int]:
    """The most entries of each site within any ``WINDOW``, from entries ordered by site
    and time: the count the hourly limit compares with its most.

    >>> at = [datetime(2026, 1, 1, 8, m) for m in (0, 10, 50)] + [datetime(2026, 1, 1, 9, 5)]
    >>> _busiest_hours([("A", t) for t in at] + [("B", at[0])])
    {'A': 3, 'B': 1}
    """
    most: dict[str, int] = {}
    site, hour = None, deque[datetime]()
    for code, at in entries:
        if code != site:
            site, hour = code, deque()
        hour.append(at)
        while hour[0] <= at - WINDOW:
            hour.popleft()
        most[code] = max(most.get(code, 0), len(hour))
    return most
