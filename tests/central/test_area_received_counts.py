"""An area's "Trung tâm đã nhận" is every dose the platform holds from the area's sites
(review statrev). It left out the doses of the sites without a current report (never
reported, old report, transfer files only), but only where the area had a site with a
current one: commune 00070 with HN-A reporting 5 doses and HN-D silent with 3 read 5, and
8 once HN-A fell silent too. One site's report made another's doses vanish. The share
(and the rank) stays that of the reporting sites: the silent and the old are counted in
their own columns.

Through a real central server: doses by the FHIR API, the reports by HTTP, the figures
from the .xlsx and the page, recounted from the platform's stored Immunizations."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import requests
import sqlalchemy

from central_server.fhir.store import utc_now
from tests.central.dashboard_world import PASSWORD, report, root, staff_session, table_rows
from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

DAY = {"from": "2021-09-01", "to": "2021-09-07"}
# site: (district, commune, doses received, recorded as its report says, hours since that
# report; None: it never sent one)
SITES = {
    "HN-A": ("001", "00070", 5, 5, 2),
    "HN-D": ("001", "00070", 3, None, None),  # transfer files only: never a report
    "HN-F": ("001", "00070", 2, 2, 74),  # stopped syncing three days ago
    "HN-C": ("002", "00004", 3, 4, 0),
}


def _world(server: LiveServer) -> None:
    now = utc_now().replace(microsecond=0)
    for n, (code, (district, commune, received, recorded, hours)) in enumerate(SITES.items()):
        s = requests.Session()
        s.headers["Authorization"] = "Bearer " + server.cli(
            "create-site", code, f"Trạm Y tế {code}", "--province", "01", "--district",
            district, "--commune", commune)
        entries = []
        for i in range(received):  # one person a dose: dose 1 of each, on 1 Sept 2021
            person = patient(code, id_number=f"001090{n * 1000 + i:06d}")
            entries += [person, immunization(person["id"], code, dose_date="2021-09-01")]
        answer = s.post(server.url, json=batch(*entries), timeout=30)
        assert answer.status_code == 200, answer.text
        assert {e["response"]["status"] for e in answer.json()["entry"]} == {"201 Created"}
        if hours is None:
            continue
        made = (now - timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
        answer = s.post(f"{root(server)}/api/site-report", timeout=10, json=report(
            "2021-09-02T10:00:00Z", {"2021-09-01": (recorded, recorded - received)},
            server_time=made))
        assert answer.status_code == 204, answer.text


def _sheet(s: requests.Session, server: LiveServer, table: str) -> list[list]:
    answer = s.get(f"{root(server)}/dashboard", params={**DAY, "format": "xlsx",
                                                        "table": table}, timeout=10)
    assert answer.status_code == 200, answer.text
    return table_rows(answer.content)


def _stored(server: LiveServer) -> dict[str, int]:
    """The platform's own records: its Immunizations by site."""
    engine = sqlalchemy.create_engine(server.database_url)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT site_code, count(*) FROM fhir_resource"
                                    " WHERE type = 'Immunization' GROUP BY site_code").all()
    engine.dispose()
    return dict(rows)


@pytest.fixture
def world(central: LiveServer, monkeypatch: pytest.MonkeyPatch) -> LiveServer:
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    for name, level, area in (("tinh01", "province", "01"), ("huyen001", "district", "001"),
                              ("xa00070", "commune", "00070")):
        central.cli("staff", "add", name, "--level", level, "--area", area)
    _world(central)
    return central


def test_each_area_counts_every_dose_received_and_shares_only_the_reporting_sites(
        world: LiveServer) -> None:
    stored = _stored(world)
    assert stored == {"HN-A": 5, "HN-D": 3, "HN-F": 2, "HN-C": 3}
    s = staff_session(world, "tinh01")
    header, *total = _sheet(s, world, "total")
    assert header == ["Địa bàn", "Đã ghi nhận", "Trung tâm đã nhận", "Tỷ lệ đầy đủ (%)",
                      "Hủy trước khi gửi", "Điểm tiêm chưa báo cáo", "Điểm tiêm báo cáo cũ"]
    # Received: all 13 stored. Recorded and the share: HN-A and HN-C alone, 8 of 9.
    assert total == [["Thành phố Hà Nội", 9, 13, 88.8, 0, 1, 1]]
    # District 001 and commune 00070 hold HN-A (5 of 5) beside HN-D and HN-F: 10 received,
    # the share HN-A's; they read 5.
    assert _sheet(s, world, "districts")[1:] == [
        [2, "002", "002", 4, 3, 75.0, 0, 0, 0],
        [1, "001", "001", 5, 10, 100.0, 0, 1, 1]]
    assert _sheet(s, world, "communes")[1:] == [
        [2, "00004", "Phường Ba Đình", 4, 3, 75.0, 0, 0, 0],
        [1, "00070", "Phường Hoàn Kiếm", 5, 10, 100.0, 0, 1, 1]]
    # And each site's received, as the sites table says it, is what the platform stores.
    sites = {r[1]: r[5] for r in _sheet(s, world, "sites")[1:]}
    assert sites == stored

    # The page says the same, and how the received figure and the share relate.
    page = s.get(f"{root(world)}/dashboard", params=DAY, timeout=10).text
    total_row = re.search(r'id="total".*?<tbody>\s*<tr>(.*?)</tr>', page, re.S)
    assert total_row, page
    assert re.findall(r"<td[^>]*>(.*?)</td>", total_row.group(1)) == \
        ["Thành phố Hà Nội", "9", "13", "88,8%", "0", "1", "1"]
    assert "kể cả điểm tiêm chưa báo cáo hoặc báo cáo cũ" in page

    # A district's and a commune's officer read their own area so.
    for name, area in (("huyen001", "001"), ("xa00070", "Phường Hoàn Kiếm")):
        officer = staff_session(world, name)
        assert _sheet(officer, world, "total")[1:] == [[area, 5, 10, 100.0, 0, 1, 1]], name


def test_the_received_figure_does_not_hang_on_another_site_reporting(
        world: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """HN-A's report (2 hours old) read old under a 1-hour setting: commune 00070 has no
    site with a current report, no share, and still its 10 doses received, as before."""
    world.stop()
    monkeypatch.setenv("VAXDESK_CENTRAL_STALE_REPORT_HOURS", "1")
    world.start()
    s = staff_session(world, "tinh01")
    assert _sheet(s, world, "total")[1:] == [["Thành phố Hà Nội", 4, 13, 75.0, 0, 1, 2]]
    # (the share's cell, "báo cáo cũ: 2 giờ", left out: its minutes are the test's)
    assert [r[:5] + r[6:] for r in _sheet(s, world, "communes")[1:]] == [
        [None, "00070", "Phường Hoàn Kiếm", None, 10, 0, 1, 2],
        [1, "00004", "Phường Ba Đình", 4, 3, 0, 0, 0]]
