"""A site's own figures, sent to the central platform at each sync round for the dashboard.

The platform counts what it received; only the site knows what it recorded and has not sent
yet, and how its cleaning worklist stands. Completeness, the figure provinces were ranked by,
is what the platform received over what the sites recorded, per day of injection.

    POST {api_root}/site-report   body: SiteReport.as_json()   ->  204

Each report replaces the site's previous figures for the days it names (and, from
``days_from`` on, drops the days it does not name: they lost their doses) and its worklist
counts, and sets the site's point of the backlog-over-time series for the day it was made
(the last report of a day wins), all unless a report made later stands already: made when
``server_time`` says, or when it arrived. A server that does not know this path (any other
FHIR server) answers 404: the round goes on without it.

The days named are the latest with doses, from ``days_from`` on, and older days whose
figures changed since the platform last took a report: a day before ``days_from`` is named
only so, and named with nothing in it (every count 0) when it lost its doses. A platform
that replaces exactly the days named (every version did) so comes to hold every day as the
site does; a laptop of the previous version named none before its window.

Fields were only ever added: a report of the previous version (no ``server_time``,
``days_from`` or totals) reads as None in them, and an older platform ignores them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_app.wire.instants import read_instant

PATH = "site-report"


@dataclass(frozen=True)
class DayCount:
    """Doses given on ``day`` at this site, by where they stand in the upload."""

    day: date
    recorded: int  # every active dose given that day (synced + rejected + pending)
    synced: int
    rejected: int
    pending: int  # queued, being sent, or waiting on a conflict


@dataclass(frozen=True)
class SiteReport:
    as_of: datetime  # UTC, naive
    days: tuple[DayCount, ...]
    # The cleaning worklist: open cases per problem code (rules/cleaning.py's codes; a case
    # with two problems under each) and cases per status (one a record: the records not
    # clean are those of the open statuses, rules/cleaning.OPEN).
    not_clean: dict[str, int]
    cleaning: dict[str, int]
    # Where the site is, from its own setup (GSO codes); None where it was not set.
    province_code: str | None = None
    commune_code: str | None = None
    # The platform's own time (UTC, naive), from the Date of its latest answer in the round
    # that built this report: the platform orders a site's reports and dates its backlog
    # by it, as a laptop's clock (reset, set ahead, a backup put back) cannot be trusted to.
    server_time: datetime | None = None
    # ``days`` is a bounded window and the older days changed since the last report the
    # platform took: from this day on (date.min: every day), a day it does not name has no
    # doses at the site any more (voided, moved to another day).
    days_from: date | None = None
    # Doses waiting and refused over every day, inside the window or not (a 2021 dose
    # backfilled years later still waits): the backlog.
    pending_total: int | None = None
    rejected_total: int | None = None
    # Records not clean, one a record: those with a problem in the backlog
    # (rules.cleaning.backlog_problems). None from the version before, whose platform
    # summed the open statuses of ``cleaning`` (a special list's passport holder counted,
    # an identity error closed as unverifiable not).
    not_clean_records: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat() + "Z",
            "days": [{"date": d.day.isoformat(), "recorded": d.recorded, "synced": d.synced,
                      "rejected": d.rejected, "pending": d.pending} for d in self.days],
            "not_clean": dict(self.not_clean), "cleaning": dict(self.cleaning),
            "province_code": self.province_code, "commune_code": self.commune_code,
            "server_time": self.server_time.isoformat() + "Z" if self.server_time else None,
            "days_from": self.days_from.isoformat() if self.days_from else None,
            "pending_total": self.pending_total, "rejected_total": self.rejected_total,
            "not_clean_records": self.not_clean_records,
        }


def report_from_json(data: dict[str, Any]) -> SiteReport:
    """Read back; raises ValueError (or KeyError/TypeError) on anything malformed.

    >>> r = SiteReport(datetime(2026, 12, 1, 9), (DayCount(date(2026, 11, 30), 5, 3, 1, 1),),
    ...                {"ID_NUMBER_REQUIRED": 2}, {"to_check": 2}, "01", "00070",
    ...                datetime(2026, 12, 1, 9, 0, 2), date.min, 1, 1, 2)
    >>> report_from_json(r.as_json()) == r
    True
    >>> old = {"as_of": "2026-12-01T09:00:00Z", "days": []}  # the previous version's
    >>> report_from_json(old).server_time, report_from_json(old).days_from
    (None, None)
    """
    at = read_instant(data["as_of"])
    days = tuple(
        DayCount(date.fromisoformat(str(d["date"])), _count(d["recorded"]), _count(d["synced"]),
                 _count(d["rejected"]), _count(d["pending"]))
        for d in data.get("days") or ())
    server_time, days_from = data.get("server_time"), data.get("days_from")
    pending, rejected = data.get("pending_total"), data.get("rejected_total")
    records = data.get("not_clean_records")
    return SiteReport(
        as_of=at, days=days,
        not_clean={str(k): _count(v) for k, v in (data.get("not_clean") or {}).items()},
        cleaning={str(k): _count(v) for k, v in (data.get("cleaning") or {}).items()},
        province_code=data.get("province_code") or None,
        commune_code=data.get("commune_code") or None,
        server_time=read_instant(server_time) if server_time is not None else None,
        days_from=date.fromisoformat(str(days_from)) if days_from is not None else None,
        pending_total=_count(pending) if pending is not None else None,
        rejected_total=_count(rejected) if rejected is not None else None,
        not_clean_records=_count(records) if records is not None else None)


def _count(value: Any) -> int:
    n = int(value)
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    return n
