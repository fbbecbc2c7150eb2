"""Found by a review: the site's complaints report against the province's dashboard (real
encrypted SQLite file of the site, the services the Reports area calls)."""

from __future__ import annotations

from datetime import timedelta

from desktop_app.clock import local_today, utc_now
from desktop_app.services import complaints, reports
from tests.cleaning.people import GOOD_ID
from tests.complaints.people import CODE, arrived


def test_a_complaint_sat_on_past_its_deadline_then_handed_back_is_late_in_the_sites_report(
        db, site, boss):
    """README (Reports): the site's complaints "against their 48-hour deadline, as the
    dashboard counts them". The dashboard counts a complaint a site held past its deadline
    and then handed back as late in that site's own row (docs/complaints.md; the test
    tests/central/test_answer_times.py::test_a_site_that_lets_a_complaint_go_after_its_
    deadline_keeps_it_late). The site's own report (report_queries.complaint_times, which
    dropped every hand-back) counted it nowhere: the supervisor read 0 late while the
    province ranked the site with 1 late."""
    received = utc_now() - timedelta(days=4)
    arrived(db, GOOD_ID, received=received)
    complaints.hand_back(db, CODE, "Người dân tiêm ở Hà Nam.", actor=boss,
                         now=received + timedelta(hours=60))  # 12 hours past the deadline
    today = local_today()
    counts = dict(reports.build(db, "complaints", today - timedelta(days=29), today, "en",
                                actor=boss).rows)
    late = counts["Received in the period, closed late"] + counts["Open, overdue"]
    assert late == 1, counts


def test_a_complaint_handed_back_in_time_is_counted_where_it_went(db, site, boss):
    received = utc_now() - timedelta(days=4)
    arrived(db, GOOD_ID, received=received)
    complaints.hand_back(db, CODE, "Người dân tiêm ở Hà Nam.", actor=boss,
                         now=received + timedelta(hours=30))
    today = local_today()
    counts = dict(reports.build(db, "complaints", today - timedelta(days=29), today, "en",
                                actor=boss).rows)
    assert counts["Received in the period, closed late"] + counts["Open, overdue"] == 0
