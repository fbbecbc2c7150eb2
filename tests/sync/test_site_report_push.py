"""The site report reaching a real central server (runs once the platform's site-report
route is merged: until then the server answers 404, which the round skips, see
tests/reports/test_site_report_build.py)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy

from desktop_app.clock import utc_now
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.records import correct_dose
from desktop_app.sync import site_report
from desktop_app.wire.site_report import PATH
from tests.reports.pending_import import import_in_progress
from tests.sync.helpers import make_people

# The platform's route reads the contract from the wire package, as every route does.
_USES_CONTRACT = re.compile(r"wire\.site_report|wire import [^\n]*site_report|/" + PATH)
HAS_ROUTE = any(_USES_CONTRACT.search(p.read_text(encoding="utf-8")) for p in
                (Path(__file__).resolve().parents[2] / "central_server").rglob("*.py"))

pytestmark = pytest.mark.skipif(not HAS_ROUTE, reason="the central site-report route is "
                                "not on this branch yet")


def test_each_round_sends_the_sites_figures(wired):
    make_people(wired.db, 3)
    first = wired.sync()
    assert first.site_report is True
    # Sent again whole next round (the platform replaces the days it names).
    assert wired.sync().site_report is True
    sent = site_report.build_report(wired.db)
    assert sum(d.synced for d in sent.days) == 6 and sum(d.pending for d in sent.days) == 0


def test_no_figures_are_sent_while_a_big_import_counts_its_doses(wired, site):
    """A big import's doses are in the upload states from its first chunk but counted as
    recorded only at its end (bulk_sql.TALLIES_PENDING): a round in between sends no
    figures, and the next one after the end sends them whole."""
    make_people(wired.db, 2)
    with import_in_progress(wired.db, site.id, count=3):
        during = wired.sync()
        assert during.site_report is None
    after = wired.sync()
    assert after.site_report is True
    sent = site_report.build_report(wired.db)
    assert sum(d.recorded for d in sent.days) == 4 + 3


def _recorded_on_the_platform(wired) -> dict[str, int]:
    """Each day's recorded doses as the platform holds them from the site's reports."""
    engine = sqlalchemy.create_engine(wired.server.database_url)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT day, recorded FROM site_day").all()
    engine.dispose()
    return {str(day): n for day, n in rows}


def test_a_day_that_lost_its_doses_leaves_the_platforms_figures(wired, boss):
    """The 1st's only dose voided, the 2nd's moved to the 3rd: the site's report no longer
    names those days, and the platform dropped them (it kept them as recorded for ever)."""
    ids = [_dose(wired.db, n, date(2021, 9, 1 + n)) for n in range(3)]
    assert wired.sync().site_report is True
    assert _recorded_on_the_platform(wired) == {"2021-09-01": 1, "2021-09-02": 1,
                                                "2021-09-03": 1}
    void_dose(wired.db, ids[0], "Nhập nhầm", actor=boss)
    correct_dose(wired.db, ids[1], {"dose_date": date(2021, 9, 3)}, actor=boss,
                 confirm_warnings=True, today=date(2022, 6, 1))
    assert wired.sync().site_report is True
    assert _recorded_on_the_platform(wired) == {"2021-09-03": 2}


def test_a_laptop_clock_set_back_still_moves_the_platforms_figures(wired, monkeypatch):
    """The laptop's clock reset to a year ago after a round: its reports are dated by the
    platform's own time (the Date of its answers), so the next one still counts."""
    _dose(wired.db, 0, date(2021, 9, 1))
    assert wired.sync().site_report is True
    behind = utc_now() - timedelta(days=365)
    monkeypatch.setattr(site_report, "utc_now", lambda: behind)
    _dose(wired.db, 1, date(2021, 9, 1))
    assert wired.sync().site_report is True
    assert _recorded_on_the_platform(wired) == {"2021-09-01": 2}


def _dose(db, n: int, day: date) -> str:
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, day, "Lan"),
                      person=PersonInput(f"Nguyễn Văn {'ABCDE'[n]}", date(1980, 1, 1), Sex.MALE,
                                         IdType.CCCD, make_cccd("001", Sex.MALE, 1980, 700 + n)),
                      today=date(2022, 6, 1), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.dose_id
