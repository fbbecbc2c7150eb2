"""A site's own figures, sent to the central platform at each sync round for the dashboard.

The platform counts what it received; only the site knows what it recorded and has not sent
yet, and how its cleaning worklist stands. Completeness, the figure provinces were ranked by,
is what the platform received over what the sites recorded, per day of injection.

    POST {api_root}/site-report   body: SiteReport.as_json()   ->  204

Each report replaces the site's previous figures for the days it names and its worklist
counts, and adds one point to the backlog-over-time series (``as_of``'s day; the last report
of a day wins). A server that does not know this path (any other FHIR server) answers 404:
the round goes on without it.
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
    # The cleaning worklist: open cases per problem code (rules/cleaning.py's codes) and
    # cases per status.
    not_clean: dict[str, int]
    cleaning: dict[str, int]
    # Where the site is, from its own setup (GSO codes); None where it was not set.
    province_code: str | None = None
    commune_code: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat() + "Z",
            "days": [{"date": d.day.isoformat(), "recorded": d.recorded, "synced": d.synced,
                      "rejected": d.rejected, "pending": d.pending} for d in self.days],
            "not_clean": dict(self.not_clean), "cleaning": dict(self.cleaning),
            "province_code": self.province_code, "commune_code": self.commune_code,
        }


def report_from_json(data: dict[str, Any]) -> SiteReport:
    """Read back; raises ValueError (or KeyError/TypeError) on anything malformed.

    >>> r = SiteReport(datetime(2026, 12, 1, 9), (DayCount(date(2026, 11, 30), 5, 3, 1, 1),),
    ...                {"ID_NUMBER_REQUIRED": 2}, {"to_check": 2}, "01", "00070")
    >>> report_from_json(r.as_json()) == r
    True
    """
    at = read_instant(data["as_of"])
    days = tuple(
        DayCount(date.fromisoformat(str(d["date"])), _count(d["recorded"]), _count(d["synced"]),
                 _count(d["rejected"]), _count(d["pending"]))
        for d in data.get("days") or ())
    return SiteReport(
        as_of=at, days=days,
        not_clean={str(k): _count(v) for k, v in (data.get("not_clean") or {}).items()},
        cleaning={str(k): _count(v) for k, v in (data.get("cleaning") or {}).items()},
        province_code=data.get("province_code") or None,
        commune_code=data.get("commune_code") or None)


def _count(value: Any) -> int:
    n = int(value)
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    return n
