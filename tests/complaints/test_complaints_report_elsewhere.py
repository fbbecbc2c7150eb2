"""The complaints report counts only this site's complaints. Review 7 Dec 2026: it counted,
as this site's open and overdue, a complaint the site handed back to the province and a
call central passed on to another site (the Complaints area lists both as not the site's)."""

from __future__ import annotations

from datetime import date, timedelta

from desktop_app.clock import local_today, utc_now
from desktop_app.services import complaints, reports
from tests.cleaning.people import GOOD_ID
from tests.complaints.people import CODE, arrived

REASON = "Người dân tiêm mũi 2 ở Hà Nam, không tiêm ở trạm này."


def test_a_complaint_handed_back_is_not_counted_overdue_at_this_site(db, site, boss):
    received = utc_now() - timedelta(days=3)
    arrived(db, GOOD_ID, received=received)
    complaints.hand_back(db, CODE, REASON, actor=boss, now=received + timedelta(hours=1))
    [item] = complaints.list_complaints(db)
    assert not item.is_open() and not item.overdue(utc_now())  # the Complaints area's word

    today = local_today()
    report = reports.build(db, "complaints", today - timedelta(days=29), today, "en",
                           actor=boss)
    counts = dict(report.rows)
    assert counts["Open, overdue"] == 0, (
        f"the complaints report counts a complaint handed back to the province as this "
        f"site's open and overdue: {counts}")


def test_a_call_passed_on_to_another_site_is_not_counted_open_here(wired, wired_b, boss):
    """A call taken by phone at site B about a citizen site A vaccinated: central routes it to
    A, and B's Complaints area lists it as passed on (not B's, never overdue). B's complaints
    report, the figures B's manager reads upward, still counts it as B's own open complaint
    (and, 48 hours on, as B's overdue one)."""
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.wire import complaints as wire
    from tests.cleaning.people import TODAY, paper

    call = wire.Submission(wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
                           text="Gọi điện: sai tên đệm.")
    paper(wired.db)
    wired.sync()  # A's dose is on central: calls about Lan go to A
    complaints.take_hotline(wired_b.db, call, actor=AT_THIS_LAPTOP, today=TODAY)
    wired_b.sync()
    [passed] = complaints.list_complaints(wired_b.db)
    assert passed.forwarded and not passed.is_open()  # B's Complaints area: not B's

    today = local_today()
    report = reports.build(wired_b.db, "complaints", today - timedelta(days=29), today, "en",
                           actor=boss)
    counts = dict(report.rows)
    still_open = sum(n for what, n in counts.items() if what.startswith("Open"))
    assert still_open == 0, (
        f"site B's complaints report counts a call central passed on to site A as B's own "
        f"open complaint: {counts}")


def test_a_call_central_refused_is_not_counted_open_or_overdue(db, site, boss):
    """A call taken here that central refused (a wrong ID number: no code) was never on the
    platform: the Complaints area never counts it down nor calls it overdue; the report
    counted it open, and after 48 hours overdue, for good."""
    from desktop_app.db.models import Complaint
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.wire import complaints as wire

    call = wire.Submission(wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
                           text="Gọi điện: sai tên đệm.")
    taken = complaints.take_hotline(db, call, actor=AT_THIS_LAPTOP,
                                    now=utc_now() - timedelta(days=3))
    with db.transaction() as s:  # as the sync leaves it once central refused it
        row = s.get(Complaint, taken.ref)
        row.send_state, row.send_problem = "conflict", "COMPLAINT_REFUSED_ID_NUMBER"
    [item] = complaints.list_complaints(db)
    assert item.refused_by_central() and not item.overdue(utc_now())
    today = local_today()
    counts = dict(reports.build(db, "complaints", today - timedelta(days=29), today, "en",
                                actor=boss).rows)
    assert sum(n for what, n in counts.items() if what.startswith("Open")) == 0, counts
