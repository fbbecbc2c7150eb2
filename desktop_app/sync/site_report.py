"""The site's own figures sent to the central platform after each round's pull
(``wire/site_report.py``): upload completeness per day, the same figures the Reports area
shows (``db.report_queries``, one way), and the cleaning worklist's counts.

A report names the latest days with doses (``DAYS_SENT``) and, beside them, the older days
whose figures changed since the platform last took a report naming them (a 2021 sheet
backfilled, a void on an old day: ``report_changed_day``, migration 0020), at most
``CHANGED_DAYS_SENT`` a round, the oldest first; the platform replaces exactly the days
named, so its figure of every day comes to equal the site's. Once the platform took the
report, each day it spoke for is no longer marked, unless it changed again meanwhile.

A report only describes; it is sent again next round. So it never stops a round:
a server that does not take reports (404) is skipped, and any other failure raises for the
round's ``step`` to tell in the summary, the round going on (a Stop still stops). None is
sent while a big import's tallies wait for its end (bulk_sql.TALLIES_PENDING): its doses
would count in the upload states but not yet as recorded, so the next round sends the
figures whole.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, delete

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import report_queries
from desktop_app.db.database import Database
from desktop_app.db.models import ReportChangedDay, Site
from desktop_app.sync.answers import answer_json
from desktop_app.sync.client import SyncClient
from desktop_app.sync.errors import ProtocolError
from desktop_app.wire.site_report import PATH, SiteReport

# The latest days with doses: over a year of history, sent every round. The doses waiting
# or refused go as totals over every day.
DAYS_SENT = 400
# The older days changed since the platform took them, beside the window: a bounded body
# (a few dozen kB), a backlog of them (years backfilled at once) going over a few rounds.
CHANGED_DAYS_SENT = 400


def build_report(db: Database, server_time: datetime | None = None) -> SiteReport | None:
    """The figures, read in one snapshot; None while a big import counts its doses.
    ``server_time``: the platform's time from its latest answer this round."""
    built = _build(db, server_time)
    return built[0] if built else None


def _build(db: Database, server_time: datetime | None
           ) -> tuple[SiteReport, dict[date, int]] | None:
    """The report, and the changed days it speaks for with their counts of changes, read
    in one snapshot (a change committed after it is not in the report, and counts again)."""
    with db.reading() as s:
        if settings.read(s, settings.BULK_TALLIES_PENDING) is not None:
            return None
        span = report_queries.last_days_with_doses(s, DAYS_SENT)
        window = report_queries.completeness(s, *span) if span else []
        # The platform drops the days from ``days_from`` on that the report does not name:
        # they lost their doses, and the site has no figures left to name them by. A window
        # with days with doses before it says nothing of those; otherwise it covers them all.
        days_from = span[0] if span and report_queries.has_doses_before(s, span[0]) \
            else date.min
        changed = report_queries.changed_days(s)
        older = sorted(day for day in changed if day < days_from)[:CHANGED_DAYS_SENT]
        # Named with their figures, a day that lost its doses with none: the platform
        # replaces the days named, before the window as in it.
        days = report_queries.day_counts(s, older) + window
        covered = {day: n for day, n in changed.items() if day >= days_from}
        covered.update((day, changed[day]) for day in older)
        totals = report_queries.upload_totals(s)
        cleaning = report_queries.cleaning_counts(s)
        site_id = settings.read(s, settings.CURRENT_SITE)
        site = s.get(Site, site_id) if site_id else None
        province, commune = (site.province_code, site.commune_code) if site else (None, None)
    return SiteReport(as_of=utc_now(), days=tuple(days), not_clean=dict(cleaning.by_problem),
                      cleaning=dict(cleaning.by_status), province_code=province or None,
                      commune_code=commune or None, server_time=server_time,
                      days_from=days_from, pending_total=totals["pending"],
                      rejected_total=totals["rejected"],
                      not_clean_records=cleaning.not_clean), covered


def push_report(db: Database, client: SyncClient) -> bool | None:
    """True when the platform took the report, None when none was sent (the platform takes
    none, 404, or an import is counting); a failure raises (SyncError, ProtocolError)."""
    built = _build(db, client.last_server_time)
    if built is None:
        return None
    report, covered = built
    answer = client.api_response("POST", PATH, json=report.as_json())
    if answer.status_code == 404:
        return None
    if not answer.ok:
        raise ProtocolError(f"HTTP {answer.status_code} from POST {PATH}")
    answer_json(answer, object, empty_ok=True)  # the platform's 204, not a portal's page
    _taken(db, covered)
    return True


def _taken(db: Database, covered: dict[date, int]) -> None:
    """The platform holds these days as the report said them: each is no longer marked,
    unless its count of changes moved since the report was read (it changed again)."""
    if not covered:
        return
    with db.transaction() as s:
        s.execute(delete(ReportChangedDay.__table__).where(
            ReportChangedDay.dose_date == bindparam("day"),
            ReportChangedDay.changes == bindparam("n")),
            [{"day": day, "n": n} for day, n in covered.items()])
