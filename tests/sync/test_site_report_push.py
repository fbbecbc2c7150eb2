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
from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import reports
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.records import correct_dose
from desktop_app.sync import site_report
from desktop_app.wire.site_report import PATH
from tests.central.dashboard_world import PASSWORD, root, staff_session, table_rows
from tests.cleaning.people import paper
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


def _the_sites_figures(db) -> dict[str, int]:
    """Each day's recorded doses as the site's own Reports area counts them."""
    return {str(d.day): d.recorded
            for d in reports.completeness_days(db, date(2000, 1, 1), date(2030, 1, 1))}


def _dashboards_sites_sheet(server, day: str) -> list[list]:
    """The province dashboard's rows of sites for one day, as its .xlsx downloads them."""
    s = staff_session(server, "tinh01")
    answer = s.get(f"{root(server)}/dashboard", params={"from": day, "to": day,
                                                        "format": "xlsx", "table": "sites"})
    assert answer.status_code == 200, answer.text
    return [r[1:7] for r in table_rows(answer.content)[1:]]


def test_days_before_the_window_reach_the_platform_and_a_void_there_leaves_it(
        wired, boss, monkeypatch):
    """Before, a report named only the latest days with doses (400; 2 here): a day before
    them was never sent (the dashboard read "recorded 0, received 1, 100 %"), and one that
    slid out kept its figures (a void there showed the site missing the dose it voided).
    Now the days changed since the platform took a report go beside the window."""
    monkeypatch.setattr(site_report, "DAYS_SENT", 2)
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    wired.server.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    ids = [_dose(wired.db, n, date(2021, 9, 1 + n)) for n in range(3)]
    assert wired.sync().site_report is True
    assert _recorded_on_the_platform(wired) == _the_sites_figures(wired.db) == {
        "2021-09-01": 1, "2021-09-02": 1, "2021-09-03": 1}
    assert _dashboards_sites_sheet(wired.server, "2021-09-01") == [
        ["HN-0001", "Trạm Y tế Phường Láng Hạ", None, 1, 1, 100.0]]
    # Taken: the next report names the window alone.
    assert [d.day for d in site_report.build_report(wired.db).days] == [
        date(2021, 9, 2), date(2021, 9, 3)]

    _dose(wired.db, 3, date(2021, 9, 4))
    assert wired.sync().site_report is True  # 09-02 slides out of the window
    void_dose(wired.db, ids[0], "Nhập nhầm", actor=boss)  # two days before it
    correct_dose(wired.db, ids[1], {"dose_date": date(2021, 8, 31)}, actor=boss,
                 confirm_warnings=True, today=date(2022, 6, 1))
    assert wired.sync().site_report is True
    assert _recorded_on_the_platform(wired) == _the_sites_figures(wired.db) == {
        "2021-08-31": 1, "2021-09-03": 1, "2021-09-04": 1}
    assert _dashboards_sites_sheet(wired.server, "2021-09-01") == [
        ["HN-0001", "Trạm Y tế Phường Láng Hạ", None, 0, 0, None]]


def test_a_backlog_of_changed_days_goes_over_rounds_a_bounded_report_each(
        wired, monkeypatch):
    monkeypatch.setattr(site_report, "DAYS_SENT", 1)
    monkeypatch.setattr(site_report, "CHANGED_DAYS_SENT", 2)
    for n in range(5):
        _dose(wired.db, n, date(2021, 9, 1 + n))
    sent = []
    client = wired.client()
    real = client.api_response

    def counted(method, path, **kwargs):
        if path == PATH:
            sent.append([d["date"] for d in kwargs["json"]["days"]])
        return real(method, path, **kwargs)

    monkeypatch.setattr(client, "api_response", counted)
    for _ in range(3):
        assert drain(syncing.sync_round(wired.db, client, actor=AT_THIS_LAPTOP)).site_report
    assert sent == [["2021-09-01", "2021-09-02", "2021-09-05"],
                    ["2021-09-03", "2021-09-04", "2021-09-05"],
                    ["2021-09-05"]]  # all taken: the window alone
    assert _recorded_on_the_platform(wired) == _the_sites_figures(wired.db)


def test_a_day_changed_while_its_report_was_on_the_way_is_sent_again(
        wired, boss, monkeypatch):
    """The report names 09-01 with two doses; one is voided before the platform answers:
    09-01 stays marked (its count of changes moved), so the next round sends it again."""
    monkeypatch.setattr(site_report, "DAYS_SENT", 1)
    first = _dose(wired.db, 0, date(2021, 9, 1))
    _dose(wired.db, 1, date(2021, 9, 2))
    assert wired.sync().site_report is True
    _dose(wired.db, 2, date(2021, 9, 1))
    client = wired.client()
    real = client.api_response

    def void_on_the_way(method, path, **kwargs):
        if path == PATH:
            assert [d["date"] for d in kwargs["json"]["days"]] == ["2021-09-01", "2021-09-02"]
            void_dose(wired.db, first, "Nhập nhầm", actor=boss)
        return real(method, path, **kwargs)

    monkeypatch.setattr(client, "api_response", void_on_the_way)
    assert drain(syncing.sync_round(wired.db, client, actor=AT_THIS_LAPTOP)).site_report
    assert _recorded_on_the_platform(wired)["2021-09-01"] == 2  # as the report said
    assert wired.sync().site_report is True
    assert _recorded_on_the_platform(wired) == _the_sites_figures(wired.db) == {
        "2021-09-01": 1, "2021-09-02": 1}


def test_the_backlog_counts_records_not_clean_once_however_many_problems_they_have(
        wired, monkeypatch):
    """A CCCD that disagrees with both the sex and the birth year, and a row without a birth
    date or a sex: two records not clean, four problems. The backlog said 4 ("hồ sơ chưa
    sạch"), where the site's own worklist says 2; the page by problem keeps the four."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    wired.server.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    paper(wired.db, id_number="001090012345")  # a man born in 1990, says the number
    paper(wired.db, full_name="Phạm Văn Bình", dob="", sex="", id_number="001190099999")
    assert wired.sync().site_report is True
    s = staff_session(wired.server, "tinh01")

    def sheet(path: str, table: str) -> list[list]:
        answer = s.get(f"{root(wired.server)}{path}", params={"format": "xlsx",
                                                              "table": table})
        assert answer.status_code == 200, answer.text
        return table_rows(answer.content)[1:]

    assert sheet("/dashboard/backlog", "backlog")[-1][2] == 2
    assert sorted(row[-1] for row in sheet("/dashboard/cleaning", "problem_sites")) == \
        [1, 1, 1, 1]


def _dose(db, n: int, day: date) -> str:
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, day, "Lan"),
                      person=PersonInput(f"Nguyễn Văn {'ABCDEFGH'[n]}", date(1980, 1, 1), Sex.MALE,
                                         IdType.CCCD, make_cccd("001", Sex.MALE, 1980, 700 + n)),
                      today=date(2022, 6, 1), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.dose_id
