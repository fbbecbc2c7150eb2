"""The site report built from the same figures as the Reports area, and a round that goes
on whatever the platform does with it (a server of today's main answers 404)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete

from desktop_app.db.models import ReportChangedDay
from desktop_app.progress import drain
from desktop_app.services import reports
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site
from desktop_app.sync import site_report
from desktop_app.sync.errors import ServerUnavailable
from desktop_app.wire.site_report import DayCount, report_from_json
from tests.cleaning.people import paper
from tests.reports.data import NOV5, OCT1, OCT2, known_site
from tests.sync.helpers import make_people


def test_the_report_carries_completeness_cleaning_and_where_the_site_is(db, site):
    set_up_site(db, site.code, site.name, province_code="01", commune_code="00070",
                actor=AT_THIS_LAPTOP)
    known_site(db)
    flagged = paper(db, dob="", id_number="001190001234")  # no date of birth: to check
    paper(db, full_name="John Smith", id_number="C1234567")  # a foreigner, no nationality
    from desktop_app.services import cleaning

    cleaning.move(db, [flagged], "sent", actor=AT_THIS_LAPTOP)
    report = site_report.build_report(db)
    assert report.days == (DayCount(date(2021, 9, 2), 2, 0, 0, 2),  # the two paper doses
                           DayCount(OCT1, 4, 2, 1, 1), DayCount(OCT2, 1, 0, 0, 1),
                           DayCount(NOV5, 2, 1, 0, 1))
    # The very figures of the Reports area, one way.
    assert list(report.days) == reports.completeness_days(db, date(2000, 1, 1), NOV5)
    assert report.cleaning == {"sent": 1, "to_check": 1}
    assert report.not_clean == {"DOB_REQUIRED": 1, "NATIONALITY_REQUIRED": 1}
    assert (report.province_code, report.commune_code) == ("01", "00070")
    assert report_from_json(report.as_json()).days == report.days  # the wire reads it back


def test_the_latest_days_with_doses_are_sent_and_older_ones_while_changed(db, site,
                                                                          monkeypatch):
    known_site(db)
    monkeypatch.setattr(site_report, "DAYS_SENT", 2)
    # No platform took a report yet: OCT1, before the window, was never sent.
    assert [d.day for d in site_report.build_report(db).days] == [OCT1, OCT2, NOV5]
    with db.transaction() as s:  # as once a platform took them (test_site_report_push.py)
        s.execute(delete(ReportChangedDay))
    assert [d.day for d in site_report.build_report(db).days] == [OCT2, NOV5]


def test_the_backlog_is_sent_whole_and_the_window_says_what_it_covers(db, site, monkeypatch):
    """Doses waiting or refused on a day older than the window (a 2021 dose backfilled
    years later) were in no figure sent: the totals count every day. The window says
    from which day on a day it does not name has no doses (every day, unless it is full)."""
    known_site(db)
    whole = reports.completeness_days(db, date(2000, 1, 1), NOV5)
    full = site_report.build_report(db)
    assert full.days_from == date.min
    monkeypatch.setattr(site_report, "DAYS_SENT", 2)
    window = site_report.build_report(db)
    assert window.days_from == OCT2
    for report in (full, window):
        assert report.pending_total == sum(d.pending for d in whole) == 3  # OCT1's too
        assert report.rejected_total == sum(d.rejected for d in whole) == 1
    assert report_from_json(window.as_json()) == window


def test_an_empty_site_sends_no_days(db, site):
    report = site_report.build_report(db)
    assert report.days == () and report.cleaning == {} and report.province_code == "01"
    assert report.days_from == date.min and report.pending_total == 0


def test_a_server_that_takes_no_reports_is_skipped_and_the_round_completes(wired, monkeypatch):
    monkeypatch.setattr(site_report, "PATH", "no-such-report")  # a real 404 from the server
    make_people(wired.db, 2)
    summary = wired.sync()
    assert summary.site_report is None
    assert summary.synced == 6


def test_a_failing_report_never_stops_the_round(wired, monkeypatch):
    make_people(wired.db, 2)
    client = wired.client()
    real = client.api_response

    def refuse(method, path, **kwargs):
        if path == "site-report":
            raise ServerUnavailable("HTTP 503")
        return real(method, path, **kwargs)

    monkeypatch.setattr(client, "api_response", refuse)
    summary = drain(syncing.sync_round(wired.db, client, actor=AT_THIS_LAPTOP))
    assert summary.site_report is False and summary.synced == 6
