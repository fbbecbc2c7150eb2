"""The site's own figures sent to the central platform after each round's pull
(``wire/site_report.py``): upload completeness per day, the same figures the Reports area
shows (``db.report_queries``, one way), and the cleaning worklist's counts.

A report only describes; it is sent again, whole, next round. So it never stops a round:
a server that does not take reports (404) is skipped, and any other failure raises for the
round's ``step`` to tell in the summary, the round going on (a Stop still stops). None is
sent while a big import's tallies wait for its end (bulk_sql.TALLIES_PENDING): its doses
would count in the upload states but not yet as recorded, so the next round sends the
figures whole.
"""

from __future__ import annotations

from datetime import date, datetime

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import report_queries
from desktop_app.db.database import Database
from desktop_app.db.models import Site
from desktop_app.sync.client import ProtocolError, SyncClient, answer_json
from desktop_app.wire.site_report import PATH, SiteReport

# The latest days with doses: a bounded body, over a year of history. The doses waiting or
# refused go as totals over every day; a day before the window that loses its doses stays
# on the platform as last sent.
DAYS_SENT = 400


def build_report(db: Database, server_time: datetime | None = None) -> SiteReport | None:
    """The figures, read in one snapshot; None while a big import counts its doses.
    ``server_time``: the platform's time from its latest answer this round."""
    with db.reading() as s:
        if settings.read(s, settings.BULK_TALLIES_PENDING) is not None:
            return None
        span = report_queries.last_days_with_doses(s, DAYS_SENT)
        days = report_queries.completeness(s, *span) if span else []
        # The platform drops the days from ``days_from`` on that the report does not name:
        # they lost their doses, and the site has no figures left to name them by. A window
        # with days with doses before it says nothing of those; otherwise it covers them all.
        days_from = span[0] if span and report_queries.has_doses_before(s, span[0]) \
            else date.min
        totals = report_queries.upload_totals(s)
        by_status, by_problem = report_queries.cleaning_counts(s)
        site_id = settings.read(s, settings.CURRENT_SITE)
        site = s.get(Site, site_id) if site_id else None
        province, commune = (site.province_code, site.commune_code) if site else (None, None)
    return SiteReport(as_of=utc_now(), days=tuple(days), not_clean=dict(by_problem),
                      cleaning=dict(by_status), province_code=province or None,
                      commune_code=commune or None, server_time=server_time,
                      days_from=days_from, pending_total=totals["pending"],
                      rejected_total=totals["rejected"])


def push_report(db: Database, client: SyncClient) -> bool | None:
    """True when the platform took the report, None when none was sent (the platform takes
    none, 404, or an import is counting); a failure raises (SyncError, ProtocolError)."""
    report = build_report(db, client.last_server_time)
    if report is None:
        return None
    answer = client.api_response("POST", PATH, json=report.as_json())
    if answer.status_code == 404:
        return None
    if not answer.ok:
        raise ProtocolError(f"HTTP {answer.status_code} from POST {PATH}")
    answer_json(answer, object, empty_ok=True)  # the platform's 204, not a portal's page
    return True
