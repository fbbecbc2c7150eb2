"""The dashboard's figures on a known data set (``dashboard_world.py``), through the real
server: doses by the FHIR API, site reports by HTTP, figures read back from the pages'
.xlsx exports; and the scoping: a commune sees only its own sites."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from copy import deepcopy as copy_of
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
import sqlalchemy
from openpyxl import load_workbook

from central_server.fhir.store import utc_now
from tests.central.dashboard_world import (
    HEADING,
    PASSWORD,
    READ_AS_CURRENT,
    World,
    build,
    report,
    root,
    staff_session,
    table_rows,
)
from tests.central.fhir_samples import immunization
from tests.live_server import LiveServer

RANGE = {"from": "2021-09-01", "to": "2021-09-30"}


def _sheet(s: requests.Session, server: LiveServer, path: str, table: str,
           **params: str) -> list[list[Any]]:
    answer = s.get(f"{root(server)}{path}", params={**RANGE, **params, "format": "xlsx",
                                                    "table": table})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    return table_rows(answer.content)


@pytest.fixture(scope="module")
def built_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    """The world built once (eight CLI runs and a server start): its database file, and the
    World whose tokens and doses each test's copy starts from."""
    folder = tmp_path_factory.mktemp("world")
    server = LiveServer(f"sqlite:///{folder / 'central.db'}", folder / "central.log")
    server.start()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
        for name, level, area in (("tinh01", "province", "01"),
                                  ("xa00070", "commune", "00070"),
                                  ("xa00004", "commune", "00004"),
                                  ("huyen", "district", "001")):
            assert server.cli("staff", "add", name, "--level", level, "--area", area)
        made = build(server)
    server.stop()
    return folder / "central.db", made


@pytest.fixture
def world(built_world: tuple[Path, World], tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """A copy of the built world on its own server: a test may change it. Its reports of
    2021 read as current (``READ_AS_CURRENT``)."""
    for name, value in READ_AS_CURRENT.items():
        monkeypatch.setenv(name, value)
    template, made = built_world
    for suffix in ("", "-wal", "-shm"):  # the stopped server may leave its WAL behind
        if Path(f"{template}{suffix}").exists():
            shutil.copy(f"{template}{suffix}", tmp_path / f"central.db{suffix}")
    server = LiveServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "central.log")
    server.start()
    copy = World(server, doses=copy_of(made.doses))
    for code, session in made.sessions.items():
        copy.sessions[code] = requests.Session()
        copy.sessions[code].headers.update(session.headers)
    yield copy
    server.stop()


def _tally(server: LiveServer) -> dict[tuple[str, str], int]:
    engine = sqlalchemy.create_engine(server.database_url)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT site_code, day, count FROM received_day WHERE count <> 0").all()
    engine.dispose()
    return {(s, str(d)): c for s, d, c in rows}


def _site_day(world: World, site: str, day: str) -> tuple[int, int] | None:
    """(recorded, pending) the platform holds for a site's day."""
    engine = sqlalchemy.create_engine(world.server.database_url)
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT recorded, pending FROM site_day WHERE site_code = ?"
                                   " AND day = ?", (site, day)).first()
    engine.dispose()
    return tuple(row) if row else None


def test_completeness_is_exact_and_ranked_for_a_province(world: World) -> None:
    s = staff_session(world.server, "tinh01")
    sites = _sheet(s, world.server, "/dashboard", "sites")
    assert sites[0] == ["Hạng", "Mã", "Điểm tiêm", "Xã/phường", "Đã ghi nhận", "Trung tâm đã nhận",
                        "Tỷ lệ đầy đủ (%)", "Hủy trước khi gửi", "Báo cáo gần nhất"]
    # the lowest first, rank 1 the highest; each site's last report in Vietnam time, a
    # date-time cell
    a_last, b_last, c_last = (datetime(2021, 9, d, h) for d, h in ((2, 23), (1, 18), (3, 18)))
    assert sites[1:] == [
        [3, "HN-A", "Trạm Y tế HN-A", "Phường Hoàn Kiếm", 6, 3, 50.0, 0, a_last],
        [1, "HN-B", "Trạm Y tế HN-B", "Phường Hoàn Kiếm", 2, 2, 100.0, 0, b_last],
        [1, "HN-C", "Trạm Y tế HN-C", "Phường Ba Đình", 0, 1, 100.0, 0, c_last],
    ]  # SG-A is in province 79: not here
    assert _sheet(s, world.server, "/dashboard", "communes")[1:] == [
        [2, "00070", "Phường Hoàn Kiếm", 8, 5, 62.5, 0, 0, 0],
        [1, "00004", "Phường Ba Đình", 0, 1, 100.0, 0, 0, 0],
    ]
    assert _sheet(s, world.server, "/dashboard", "total")[1:] == [
        ["Thành phố Hà Nội", 8, 6, 66.6, 0, 0, 0]]  # 6 of 9, rounded down
    # a range of one day counts only that day; a site with nothing expected comes last,
    # without a rank
    assert _sheet(s, world.server, "/dashboard", "sites", to="2021-09-01")[1:] == [
        [2, "HN-A", "Trạm Y tế HN-A", "Phường Hoàn Kiếm", 4, 3, 75.0, 0, a_last],
        [1, "HN-B", "Trạm Y tế HN-B", "Phường Hoàn Kiếm", 2, 2, 100.0, 0, b_last],
        [None, "HN-C", "Trạm Y tế HN-C", "Phường Ba Đình", 0, 0, None, 0, c_last]]


def test_a_download_is_laid_out_named_by_its_days_and_its_moments_are_date_times(
        world: World) -> None:
    """The sheet "Theo xã/phường" was named "Theo xãphường", the last report was the text
    "02/09/2021 23:00", the file named by ISO dates; and no sheet had a width or a frozen
    header."""
    from tests.xlsx_layout import assert_laid_out

    s = staff_session(world.server, "tinh01")
    answer = s.get(f"{root(world.server)}/dashboard", params={**RANGE, "format": "xlsx"})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-disposition"] == \
        'attachment; filename="dashboard-01-09-2021-30-09-2021.xlsx"'
    book = load_workbook(io.BytesIO(answer.content))
    assert "Theo xã-phường" in book.sheetnames
    for sheet in book.worksheets:
        assert_laid_out(sheet, HEADING + 1)
    # The open complaints are as of now, whatever the period: their table is named for when
    # it was taken (it was named for 30 days it does not cover); the page beside the
    # answers in time, for the period.
    before = utc_now() + timedelta(hours=7)
    listed = s.get(f"{root(world.server)}/dashboard/complaints",
                   params={"format": "xlsx", "table": "open"})
    after = utc_now() + timedelta(hours=7)
    names = {f'attachment; filename="dashboard-complaints-{t:%d-%m-%Y-%Hh%M}.xlsx"'
             for t in (before, after)}
    assert listed.headers["content-disposition"] in names
    sites = book.worksheets[-1]
    assert sites["I4"].value == "Báo cáo gần nhất"
    assert sites["I5"].value == datetime(2021, 9, 2, 23, 0)
    assert sites["I5"].number_format == "DD/MM/YYYY HH:MM"
    days = s.get(f"{root(world.server)}/dashboard/backlog", params={**RANGE, "format": "xlsx"})
    backlog = load_workbook(io.BytesIO(days.content)).active
    assert backlog["A5"].value == datetime(2021, 9, 1)
    assert assert_laid_out(backlog, HEADING + 1) > 0  # its days, dd/mm/yyyy and read whole


def test_backlog_and_problems_add_up_the_latest_reports(world: World) -> None:
    s = staff_session(world.server, "xa00070")
    assert _sheet(s, world.server, "/dashboard/backlog", "backlog")[1:] == [
        [datetime(2021, 9, 1), 3 + 1, 5 + 4],  # HN-A's first report and HN-B's
        # HN-A's last report of the day (1 + 0, not its earlier one), and HN-B's of the 1st:
        # a site that did not report on the 2nd still holds its doses and cases (they were
        # left out, as if the offline sites had cleared their backlog)
        [datetime(2021, 9, 2), 1 + 1, 3 + 4],
    ]
    # in words: the .xlsx is read by people too, so no internal codes (DOB_REQUIRED)
    assert _sheet(s, world.server, "/dashboard/cleaning", "problems")[1:] == [
        ["Thiếu ngày sinh", 5],
        ["Thiếu số giấy tờ", 2],
    ]
    by_site = _sheet(s, world.server, "/dashboard/cleaning", "problem_sites", lang="en")
    assert by_site[0] == ["Commune", "Code", "Site", "Problem", "Records"]
    assert [r[1:] for r in by_site[1:]] == [
        ["HN-A", "Trạm Y tế HN-A", "No ID number", 2],
        ["HN-A", "Trạm Y tế HN-A", "No date of birth", 1],
        ["HN-B", "Trạm Y tế HN-B", "No date of birth", 4],
    ]


def test_the_backlog_holds_what_offline_sites_last_said(world: World) -> None:
    """A range that starts after a site's last report still shows what it holds, from the
    range's first day: the sites that stay offline are the ones with the backlog."""
    s = staff_session(world.server, "tinh01")
    assert _sheet(s, world.server, "/dashboard/backlog", "backlog", **{"from": "2021-09-10"}
                  )[1:] == [[datetime(2021, 9, 10), 1 + 1 + 0, 3 + 4 + 0]]  # HN-A, B and C
    assert _sheet(s, world.server, "/dashboard/backlog", "backlog")[1:] == [
        [datetime(2021, 9, 1), 4, 9], [datetime(2021, 9, 2), 2, 7],
        [datetime(2021, 9, 3), 2, 7]]  # HN-C's first report: nothing to add
    assert _sheet(s, world.server, "/dashboard/backlog", "backlog", **{"from": "2021-08-01"},
                  to="2021-08-31")[1:] == []  # before any site's first report


def test_the_backlog_counts_every_dose_waiting_or_refused(world: World) -> None:
    """The report's days are a window (the latest 400 with doses): a 2021 dose backfilled
    years later and still waiting is outside it, so the backlog is the site's totals over
    every day, refused doses with those waiting (neither is on the platform). A report of
    the previous version, without totals, counts what its days hold."""
    taken = world.send_report("HN-B", report("2021-09-04T03:00:00Z", {"2021-09-01": (2, 0)},
                                             days_from="2021-09-01", totals=(5, 2)))
    assert taken.status_code == 204
    s = staff_session(world.server, "tinh01")
    assert _sheet(s, world.server, "/dashboard/backlog", "backlog", **{"from": "2021-09-04"}
                  )[1:] == [[datetime(2021, 9, 4), 1 + (5 + 2) + 0, 3 + 0 + 0]]  # A, B, C
    old = report("2021-09-04T03:00:00Z", {"2021-09-01": (2, 1)}, previous=True)
    old["days"][0].update(synced=0, rejected=1)
    assert world.send_report("HN-C", old).status_code == 204
    engine = sqlalchemy.create_engine(world.server.database_url)
    with engine.connect() as conn:
        latest = conn.exec_driver_sql("SELECT pending FROM backlog_point WHERE site_code ="
                                      " 'HN-C' ORDER BY day DESC").first()
    engine.dispose()
    assert latest == (1 + 1,)


def test_a_day_that_lost_its_doses_leaves_the_figures(world: World) -> None:
    """HN-A's two doses of 1 September were voided, or their day corrected: its reports
    stop naming the day. Only the days a report named were replaced, so the day stood as
    recorded for ever. A report covers every day from its ``days_from`` on."""
    s = staff_session(world.server, "xa00070")

    def hn_a() -> list[Any]:
        return next(r[4:6] for r in _sheet(s, world.server, "/dashboard", "sites")[1:]
                    if r[1] == "HN-A")

    # A full window of the latest days (from the 2nd) says nothing of the days before it.
    window = report("2021-09-04T03:00:00Z", {"2021-09-02": (2, 0), "2021-09-05": (1, 1)},
                    days_from="2021-09-02")
    assert world.send_report("HN-A", window).status_code == 204
    assert _site_day(world, "HN-A", "2021-09-01") == (4, 1) and hn_a() == [4 + 2 + 1, 3]
    # The 5th's dose moved to the 2nd; the 1st lost its doses: every day is covered.
    every = report("2021-09-04T04:00:00Z", {"2021-09-02": (3, 1)})
    assert world.send_report("HN-A", every).status_code == 204
    assert _site_day(world, "HN-A", "2021-09-01") is None
    assert _site_day(world, "HN-A", "2021-09-05") is None and hn_a() == [3, 3]
    # A laptop of the previous version says nothing of the days it does not name.
    old = report("2021-09-04T05:00:00Z", {"2021-09-03": (1, 0)}, previous=True)
    assert world.send_report("HN-A", old).status_code == 204
    assert _site_day(world, "HN-A", "2021-09-02") == (3, 1) and hn_a() == [4, 3]


def test_one_days_surplus_never_hides_another_days_shortfall(world: World) -> None:
    """HN-C's dose of 3 September reached the platform by another way than its reports
    (a transfer file, a round whose report failed); its report says one dose of the 2nd
    waits. The larger of recorded and received was taken over the whole range (1 and 1:
    100 %); it is taken day by day: 1 of 2."""
    body = report("2021-09-03T12:00:00Z", {"2021-09-02": (1, 1)}, {}, "01", "00004")
    assert world.send_report("HN-C", body).status_code == 204
    s = staff_session(world.server, "tinh01")
    assert [r[:7] for r in _sheet(s, world.server, "/dashboard", "sites")[1:]] == [
        [2, "HN-A", "Trạm Y tế HN-A", "Phường Hoàn Kiếm", 6, 3, 50.0],
        [2, "HN-C", "Trạm Y tế HN-C", "Phường Ba Đình", 1, 1, 50.0],
        [1, "HN-B", "Trạm Y tế HN-B", "Phường Hoàn Kiếm", 2, 2, 100.0]]
    assert _sheet(s, world.server, "/dashboard", "total")[1:] == [
        ["Thành phố Hà Nội", 9, 6, 60.0, 0, 0, 0]]  # 6 of 4 + 2 (HN-A), 2 (HN-B), 1 + 1 (HN-C)


def test_a_report_made_before_the_standing_one_changes_nothing(world: World) -> None:
    """Two reports crossed on a slow link: the older, landing last, was kept out of the
    days it named but still set the day's backlog point and the open problems."""
    newer = report("2021-09-03T10:00:00Z", {"2021-09-01": (4, 0), "2021-09-02": (2, 0)}, {})
    older = report("2021-09-03T09:00:00Z", {"2021-09-01": (4, 4), "2021-09-02": (2, 2)},
                   {"DOB_REQUIRED": 7})
    for body in (newer, older):
        assert world.send_report("HN-A", body).status_code == 204
    assert _site_day(world, "HN-A", "2021-09-01") == (4, 0)
    s = staff_session(world.server, "xa00070")
    assert _sheet(s, world.server, "/dashboard/backlog", "backlog", site="HN-A")[1:][-1] == \
        [datetime(2021, 9, 3), 0, 0]
    assert [r[1] for r in _sheet(s, world.server, "/dashboard/cleaning",
                                 "problem_sites")[1:]] == ["HN-B"]


def test_a_laptop_clock_set_back_does_not_freeze_the_site(world: World) -> None:
    """A laptop's clock reset to 1 January (a flat CMOS battery): every report it made
    looked older than the last, so none changed anything until the clock caught up, and its
    backlog point went to a past day. Reports are ordered and dated by the platform's clock:
    the time its answer gave (this version's laptop) or the report's arrival (the
    previous version's)."""
    from central_server.vietnam_time import today

    reset = report("2021-01-01T00:10:00Z", {"2021-09-01": (4, 0), "2021-09-02": (2, 0)}, {},
                   server_time="2021-09-04T03:00:00Z")
    assert world.send_report("HN-A", reset).status_code == 204
    assert _site_day(world, "HN-A", "2021-09-01") == (4, 0)
    s = staff_session(world.server, "xa00070")
    assert _sheet(s, world.server, "/dashboard/backlog", "backlog", site="HN-A")[1:][-1] == \
        [datetime(2021, 9, 4), 0, 0]
    days = {today(utc_now())}
    old = report("2021-01-02T00:00:00Z", {"2021-09-01": (5, 1)}, {}, previous=True)
    assert world.send_report("HN-B", old).status_code == 204
    days.add(today(utc_now()))  # (a midnight may pass in between)
    assert _site_day(world, "HN-B", "2021-09-01") == (5, 1)
    engine = sqlalchemy.create_engine(world.server.database_url)
    with engine.connect() as conn:
        latest = conn.exec_driver_sql("SELECT max(day) FROM backlog_point WHERE site_code ="
                                      " 'HN-B'").scalar_one()
    engine.dispose()
    assert latest in {str(d) for d in days}


def test_the_tally_follows_updates_and_voids(world: World) -> None:
    before = _tally(world.server)
    assert before[("HN-A", "2021-09-01")] == 3
    # Dose 3 moved a day later (dose 1 moved so would be out of order, and refused).
    moved, voided = world.doses["HN-A"][2], world.doses["HN-A"][1]
    moved["occurrenceDateTime"] = "2021-09-02"
    moved["vaccineCode"]["coding"][0]["code"] = "SPIKEVAX"
    moved["vaccineCode"]["coding"] = moved["vaccineCode"]["coding"][:1]
    voided["status"] = "entered-in-error"
    voided["statusReason"] = {"text": "nhập nhầm"}
    assert world.push("HN-A", moved, voided,
                      if_match={moved["id"]: 1, voided["id"]: 1}) == ["200 OK", "200 OK"]
    assert world.push("HN-A", moved) == ["200 OK"]  # the same again moves nothing
    after = _tally(world.server)
    assert after[("HN-A", "2021-09-01")] == 1
    assert after[("HN-A", "2021-09-02")] == before.get(("HN-A", "2021-09-02"), 0) + 1
    assert {k: v for k, v in after.items() if k[0] != "HN-A"} == \
        {k: v for k, v in before.items() if k[0] != "HN-A"}
    sites = _sheet(staff_session(world.server, "xa00070"), world.server, "/dashboard", "sites")
    assert next(r[1:7] for r in sites[1:] if r[1] == "HN-A") == [
        "HN-A", "Trạm Y tế HN-A", "Phường Hoàn Kiếm", 6, 2, pytest.approx(33.3)]
    # a voided dose brought back counts again
    voided["status"] = "completed"
    del voided["statusReason"]
    assert world.push("HN-A", voided, if_match={voided["id"]: 2}) == ["200 OK"]
    assert _tally(world.server)[("HN-A", "2021-09-01")] == 2


def test_a_commune_sees_only_its_own_sites(world: World) -> None:
    s = staff_session(world.server, "xa00004")
    page = s.get(f"{root(world.server)}/dashboard", params=RANGE)
    assert page.status_code == 200
    assert "HN-C" in page.text and "HN-A" not in page.text and "SG-A" not in page.text
    assert [r[1] for r in _sheet(s, world.server, "/dashboard", "sites")[1:]] == ["HN-C"]
    assert _sheet(s, world.server, "/dashboard/cleaning", "problem_sites")[1:] == []
    for path in ("/dashboard", "/dashboard/backlog", "/dashboard/cleaning"):
        other = s.get(f"{root(world.server)}{path}", params={**RANGE, "site": "HN-A",
                                                             "format": "xlsx"})
        assert other.status_code == 403
        assert "HN-A" in other.text and "Trạm Y tế HN-A" not in other.text
    own = _sheet(s, world.server, "/dashboard", "sites", site="HN-C")
    assert [r[1] for r in own[1:]] == ["HN-C"]


def test_complaints_open_and_overdue_each_seen_only_in_their_area(world: World) -> None:
    from datetime import date, timedelta

    from central_server.complaints import store
    from central_server.db.engine import make_engine
    from desktop_app.wire.complaints import NOT_ON_SYSTEM, Submission

    def file(commune: str, id_number: str, days_ago: int = 0) -> str:
        sub = Submission(NOT_ON_SYSTEM, id_number, "Lê Văn Tám", date(1990, 1, 1),
                         commune_code=commune)
        return store.file(engine, sub, "web", utc_now() - timedelta(days=days_ago))[0].code

    engine = make_engine(world.server.database_url)
    late_c = file("00004", "001090000101", days_ago=3)  # nobody has it: HN-C's commune
    fresh_c = file("00004", "001090000102")
    file("27316", "079090000103", days_ago=3)  # SG-A's, in another province
    province_held = file("00277", "001090000104", days_ago=3)  # a commune with no site
    engine.dispose()

    commune = staff_session(world.server, "xa00004")
    counts = _sheet(commune, world.server, "/dashboard/complaints", "complaints")
    assert [row[1:] for row in counts[1:]] == [["HN-C", "Trạm Y tế HN-C", 2, 1]]
    listed = _sheet(commune, world.server, "/dashboard/complaints", "open")[1:]
    assert [row[:2] for row in listed] == [[late_c, "Quá hạn 24 giờ"],
                                           [fresh_c, "Còn 47 giờ"]]  # every open one

    province = staff_session(world.server, "tinh01")
    counts = _sheet(province, world.server, "/dashboard/complaints", "complaints")
    assert sorted((row[1] or "", row[3], row[4]) for row in counts[1:]) == [("", 1, 1),
                                                                      ("HN-C", 2, 1)]
    listed = [row[0] for row in _sheet(province, world.server, "/dashboard/complaints",
                                       "open")[1:]]
    assert sorted(listed) == sorted([late_c, fresh_c, province_held])  # not Ho Chi Minh's


def test_a_district_level_without_data_shows_nothing(world: World) -> None:
    s = staff_session(world.server, "huyen")
    assert _sheet(s, world.server, "/dashboard", "sites")[1:] == []
    assert _sheet(s, world.server, "/dashboard/backlog", "backlog")[1:] == []


def test_pages_need_a_login_and_the_right_password(world: World) -> None:
    base = root(world.server)
    anonymous = requests.get(f"{base}/dashboard?format=xlsx", allow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    wrong = requests.post(f"{base}/login", data={"username": "tinh01", "password": "sai"})
    assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu." in wrong.text



def test_a_period_off_the_calendar_is_no_date_not_a_crash(world: World) -> None:
    """A year typed far off ran the period's arithmetic off the calendar: 500, answered
    with a FHIR document in place of the page. It reads as a date that is none, the form
    kept to correct it, as 31/02 does."""
    s = staff_session(world.server, "tinh01")
    for path, params in (("/dashboard/complaints", {"to": "01/01/0001"}),
                         ("/dashboard", {"to": "01/01/0001"}),
                         ("/dashboard/backlog", {"to": "01/01/0001"}),
                         ("/dashboard/lookups", {"from": "01/01/0001"}),
                         ("/dashboard/lookups", {"to": "31/12/9999"}),
                         ("/dashboard", {"from": "1999-12-31", "to": "2021-09-30"})):
        answer = s.get(f"{root(world.server)}{path}", params=params)
        assert answer.status_code == 400, (path, params, answer.text)
        assert answer.headers["content-type"].startswith("text/html")
        [(box, typed)] = params.items() if len(params) == 1 else [("from", params["from"])]
        said = "Từ ngày" if box == "from" else "Đến ngày"
        assert f"{said}: ngày {typed} nằm ngoài khoảng thời gian" in answer.text, (path, params)
        assert f'value="{typed}"' in answer.text  # kept in the form
    assert s.get(f"{root(world.server)}/dashboard",
                 params={"from": "01/01/2000", "to": "30/09/2021"}).status_code == 200


def test_a_report_from_a_clock_set_ahead_does_not_freeze_the_site(world: World) -> None:
    """A laptop whose clock said 2099 sent its figures once; the clock fixed, its true
    reports were discarded until 2099 came. A report is taken as made no later than the
    platform's now, whether it says when by the platform's time (as this version's laptop
    does: a proxy's Date may be wrong) or not at all (the previous version's: taken as made
    when it arrives). And the backlog point is the day in Vietnam: a report made at 18:00
    UTC on 3 September is the 4th's (01:00 there)."""
    from datetime import UTC

    for previous in (False, True):
        ahead = world.send_report("HN-B", report("2099-01-01T00:00:00Z", {"2021-09-01": (2, 2)},
                                                 previous=previous))
        assert ahead.status_code == 204
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        fixed = world.send_report("HN-B", report(now, {"2021-09-01": (2, 0)}))
        assert fixed.status_code == 204
        assert _site_day(world, "HN-B", "2021-09-01")[1] == 0  # the true report's figures
    late = world.send_report("HN-C", report("2021-09-03T18:00:00Z", {}))
    assert late.status_code == 204
    engine = sqlalchemy.create_engine(world.server.database_url)
    with engine.connect() as conn:
        days = conn.exec_driver_sql("SELECT day FROM backlog_point WHERE site_code = 'HN-C'"
                                    " ORDER BY day").scalars().all()
    engine.dispose()
    assert [str(d) for d in days] == ["2021-09-03", "2021-09-04"]


def test_site_reports_are_checked_and_only_sites_send_them(world: World) -> None:
    bad = world.send_report("HN-A", {"as_of": "2021-09-03T00:00:00Z",
                                     "days": [{"date": "2021-09-03", "recorded": -1,
                                               "synced": 0, "rejected": 0, "pending": 0}]})
    assert bad.status_code == 400
    assert "Báo cáo của điểm tiêm không hợp lệ" in bad.text and "negative" in bad.text
    missing = world.send_report("HN-A", {"days": []})
    assert missing.status_code == 400 and "as_of" in missing.text
    staff_token = world.server.cli("issue-token", "--central")
    central = requests.post(f"{root(world.server)}/api/site-report",
                            json=report("2021-09-03T00:00:00Z", {}),
                            headers={"Authorization": f"Bearer {staff_token}"})
    assert central.status_code == 403
    assert requests.post(f"{root(world.server)}/api/site-report",
                         json=report("2021-09-03T00:00:00Z", {})).status_code == 401


def test_the_tally_on_postgresql(postgres_url: str) -> None:
    """The upsert's PostgreSQL dialect, in the store's own transaction."""

    from central_server.auth import create_site
    from central_server.fhir.store import Principal, WriteRequest, write
    from desktop_app.rules.catalogue import default_catalogue
    from tests.central.fhir_samples import patient

    engine = _fresh_postgres(postgres_url)
    create_site(engine, "HN-A", "A")
    site, catalogue = Principal("HN-A"), default_catalogue()
    person = patient("HN-A")
    doses = [immunization(person["id"], "HN-A", dose_date="2021-09-01", dose_number=n)
             for n in (1, 2, 3)]  # one number once: the platform refuses a number twice
    results = write(engine, catalogue, site, [
        WriteRequest(r["resourceType"], r["id"], r) for r in (person, *doses)])
    assert {r.status for r in results} == {201}
    doses[0]["occurrenceDateTime"] = "2021-09-05"
    doses[1]["status"] = "entered-in-error"
    write(engine, catalogue, site, [WriteRequest("Immunization", d["id"], d, 1)
                                    for d in doses[:2]])
    with engine.connect() as conn:
        per_day = dict(conn.exec_driver_sql(
            "SELECT day::text, count FROM received_day ORDER BY day").all())
        fillfactor = conn.exec_driver_sql(
            "SELECT reloptions FROM pg_class WHERE relname = 'received_day'").scalar()
    engine.dispose()
    assert per_day == {"2021-09-01": 1, "2021-09-05": 1}
    assert fillfactor == ["fillfactor=70"]  # room for in-place (HOT) updates


def test_the_figures_on_postgresql(postgres_url: str) -> None:
    """The reports' ordering and the figures' SQL (a window function for the backlog, the
    larger of two counts per day) in PostgreSQL's dialect."""

    from central_server.auth import create_site
    from central_server.dashboard import figures
    from central_server.dashboard.scope import Scope
    from central_server.dashboard.site_reports import store_report
    from central_server.fhir.store import Principal, WriteRequest, write
    from desktop_app.rules.catalogue import default_catalogue
    from desktop_app.wire.site_report import report_from_json
    from tests.central.fhir_samples import patient

    engine = _fresh_postgres(postgres_url)
    for code in ("HN-A", "HN-B"):
        create_site(engine, code, code)
        person = patient(code)
        write(engine, default_catalogue(), Principal(code), [
            WriteRequest(r["resourceType"], r["id"], r) for r in (
                person, immunization(person["id"], code, dose_date="2021-09-03"))])
    now = datetime(2021, 9, 10)
    for code, made, days in (
            ("HN-A", "2021-09-01T03:00:00Z", {"2021-09-01": (2, 2)}),
            ("HN-B", "2021-09-01T04:00:00Z", {"2021-09-01": (3, 3)}),
            ("HN-A", "2021-09-02T03:00:00Z", {"2021-09-01": (2, 1)}),
            ("HN-A", "2021-09-01T05:00:00Z", {"2021-09-01": (9, 9)})):  # crossed: nothing
        store_report(engine, code, report_from_json(report(made, days, {}, "01", "00070")),
                     now)
    scope = Scope("province", "01")
    sites = figures.site_figures(engine, scope, date(2021, 9, 1), date(2021, 9, 30))
    backlog = figures.backlog(engine, scope, date(2021, 9, 2), date(2021, 9, 30))
    engine.dispose()
    assert sorted((s.site_code, s.recorded, s.received, s.expected) for s in sites) == [
        ("HN-A", 2, 1, 3), ("HN-B", 3, 1, 4)]  # the 3rd's dose makes up for no other day's
    assert [(d.day, d.pending) for d in backlog] == [(date(2021, 9, 2), 1 + 3)]


def test_a_site_cannot_move_itself_into_another_commune(world: World) -> None:
    """Where a site is decides whose complaints it receives: a site's report fills in only
    what central left unset (HN-A's own first report set 00070), and central corrects."""
    moved = world.send_report("HN-A", report("2021-09-04T00:00:00Z", {}, {}, "01", "00004"))
    assert moved.status_code == 204
    engine = sqlalchemy.create_engine(world.server.database_url)
    with engine.connect() as conn:
        commune = conn.exec_driver_sql("SELECT commune_code FROM site_area WHERE site_code ="
                                       " 'HN-A'").scalar_one()
    engine.dispose()
    assert commune == "00070"
    assert world.server.cli("set-area", "HN-A", "--commune", "00004") == \
        "HN-A: province 01, commune 00004"  # not a Python repr


def _fresh_postgres(postgres_url: str) -> sqlalchemy.Engine:
    """A central store in a database of its own on the test PostgreSQL server."""
    import uuid

    from central_server.db.engine import make_engine

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return make_engine(sqlalchemy.make_url(postgres_url).set(database=name)
                       .render_as_string(hide_password=False))
