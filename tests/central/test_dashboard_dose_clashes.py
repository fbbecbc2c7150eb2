"""The province sees one citizen's dose number held at two sites (``dashboard/
dose_clashes.py``): before, the dashboard showed nothing of the platform's clashes (the
problems table counted DOSE_NUMBER_CLASH only once sites had pulled theirs and reported),
and each site sees only its own side, so nobody could see both to settle which dose is
wrong. Through a real server process: doses pushed by the FHIR API (``clash_world.py``),
the cleaning page and its .xlsx read back; a pair in scope if either of its sites is."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest
import requests
from openpyxl import load_workbook

from tests.central.clash_world import ClashWorld, build
from tests.central.dashboard_world import root, staff_session, table_rows
from tests.live_server import LiveServer

PAGE = "/dashboard/cleaning"
HEADER = ["Phát hiện lúc", "Mũi số", "Mã", "Điểm tiêm", "Ngày tiêm", "Mã điểm tiêm kia",
          "Điểm tiêm kia", "Ngày tiêm ở điểm kia"]


def _sheet(s: requests.Session, server: LiveServer, table: str, **params: str
           ) -> list[list[Any]]:
    answer = s.get(f"{root(server)}{PAGE}", timeout=10,
                   params={**params, "format": "xlsx", "table": table})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    return table_rows(answer.content)


@pytest.fixture
def world(central: LiveServer, monkeypatch: pytest.MonkeyPatch) -> ClashWorld:
    return build(central, monkeypatch)


def test_the_province_sees_each_pair_once_with_both_sites_dates_and_when_found(
        world: ClashWorld) -> None:
    found = world.found()
    hoa, tam = found[("HN-A", "HN-B")], found[("HN-B", "SG-A")]
    assert hoa <= tam  # Hoa's pair was pushed first
    s = staff_session(world.server, "tinh01")

    # Both of Hoa's sites are the province's: once, the lower code first. Tám's other
    # site is in province 79: shown all the same (whom to call), the province's side first.
    assert _sheet(s, world.server, "dose_clashes") == [
        HEADER,
        [hoa, 2, "HN-A", "Trạm Y tế HN-A", datetime(2021, 10, 1), "HN-B", "Trạm Y tế HN-B",
         datetime(2021, 10, 4)],
        [tam, 1, "HN-B", "Trạm Y tế HN-B", datetime(2021, 9, 1), "SG-A", "Trạm Y tế SG-A",
         datetime(2021, 9, 20)]]
    # Per site: the pairs it is in, the most first, and since when.
    assert _sheet(s, world.server, "dose_clash_sites") == [
        ["Xã/phường", "Mã", "Điểm tiêm", "Số cặp trùng", "Phát hiện sớm nhất"],
        ["Phường Ba Đình", "HN-B", "Trạm Y tế HN-B", 2, hoa],
        ["Phường Hoàn Kiếm", "HN-A", "Trạm Y tế HN-A", 1, hoa]]

    page = s.get(f"{root(world.server)}{PAGE}", timeout=10).text
    assert "Trùng số mũi giữa hai điểm tiêm" in page and "Trùng số mũi theo điểm tiêm" in page
    assert '<td class="date">01/10/2021</td>' in page  # dates as people here write them
    assert f'<td class="time">{hoa:%d/%m/%Y %H:%M}</td>' in page  # Vietnam's time
    assert "hãy liên hệ cả hai điểm tiêm" in page

    english = _sheet(s, world.server, "dose_clashes", lang="en")
    assert english[0] == ["Found", "Dose", "Code", "Site", "Given on", "Other site's code",
                          "Other site", "Given there on"]
    # The whole page's workbook holds them too, a sheet a table.
    whole = s.get(f"{root(world.server)}{PAGE}", params={"format": "xlsx"}, timeout=10)
    names = load_workbook(io.BytesIO(whole.content), read_only=True).sheetnames
    assert names[-2:] == ["Trùng số mũi giữa hai điểm tiêm", "Trùng số mũi theo điểm tiêm"]


def test_each_area_sees_the_pairs_of_its_sites_its_own_side_first(world: ClashWorld) -> None:
    found = world.found()
    hoa, tam = found[("HN-A", "HN-B")], found[("HN-B", "SG-A")]
    rows = {name: _sheet(staff_session(world.server, name), world.server, "dose_clashes")[1:]
            for name in ("xa00070", "xa00004", "tinh79")}
    assert rows["xa00070"] == [[hoa, 2, "HN-A", "Trạm Y tế HN-A", datetime(2021, 10, 1),
                                "HN-B", "Trạm Y tế HN-B", datetime(2021, 10, 4)]]
    assert rows["xa00004"] == [
        [hoa, 2, "HN-B", "Trạm Y tế HN-B", datetime(2021, 10, 4), "HN-A", "Trạm Y tế HN-A",
         datetime(2021, 10, 1)],
        [tam, 1, "HN-B", "Trạm Y tế HN-B", datetime(2021, 9, 1), "SG-A", "Trạm Y tế SG-A",
         datetime(2021, 9, 20)]]
    assert rows["tinh79"] == [[tam, 1, "SG-A", "Trạm Y tế SG-A", datetime(2021, 9, 20),
                               "HN-B", "Trạm Y tế HN-B", datetime(2021, 9, 1)]]
    # The per-site count: the area's own sites only.
    s = staff_session(world.server, "tinh79")
    assert [r[1:4] for r in _sheet(s, world.server, "dose_clash_sites")[1:]] == [
        ["SG-A", "Trạm Y tế SG-A", 1]]

    # Narrowed to one site: its pairs, its side first; another area's site is refused.
    s = staff_session(world.server, "tinh01")
    assert [r[2::3] for r in _sheet(s, world.server, "dose_clashes", site="HN-A")[1:]] == [
        ["HN-A", "HN-B"]]
    assert [r[2::3] for r in _sheet(s, world.server, "dose_clashes", site="HN-B")[1:]] == [
        ["HN-B", "HN-A"], ["HN-B", "SG-A"]]
    refused = s.get(f"{root(world.server)}{PAGE}", params={"site": "SG-A"}, timeout=10)
    assert refused.status_code == 403


def test_a_settled_clash_leaves_the_table(world: ClashWorld) -> None:
    tam = world.found()[("HN-B", "SG-A")]
    world.void("hoa@HN-A", "HN-A")  # HN-A's dose 2 was the slip: voided, synced

    s = staff_session(world.server, "tinh01")
    assert _sheet(s, world.server, "dose_clashes")[1:] == [
        [tam, 1, "HN-B", "Trạm Y tế HN-B", datetime(2021, 9, 1), "SG-A", "Trạm Y tế SG-A",
         datetime(2021, 9, 20)]]
    assert _sheet(s, world.server, "dose_clash_sites")[1:] == [
        ["Phường Ba Đình", "HN-B", "Trạm Y tế HN-B", 1, tam]]

    # HN-A's commune has none left: said as good news, no per-site table, no download.
    page = staff_session(world.server, "xa00070").get(f"{root(world.server)}{PAGE}",
                                                      timeout=10).text
    assert "Không có mũi tiêm nào trùng số giữa hai điểm tiêm." in page
    assert 'id="dose_clash_sites"' not in page
    assert "table=dose_clashes" not in page
    assert 'id="nav-clashes"' not in page  # and no badge in the nav
    # The nav's badge counts the pairs each area has left, on every page.
    for name, left in (("tinh01", 1), ("xa00004", 1), ("tinh79", 1)):
        overview = staff_session(world.server, name).get(f"{root(world.server)}/dashboard",
                                                         timeout=10).text
        assert f'id="nav-clashes">{left}</span>' in overview, name


def test_a_long_list_says_how_many_it_leaves_out_and_reads_no_dose(
        world: ClashWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    """Listed up to ``LIMIT`` pairs (a page a browser can hold), the note saying how many
    there are; read from ``dose_clash`` alone, never the resources (a page's cost does not
    grow with the doses). In this process, over the server's own database."""
    import sqlalchemy

    from central_server.dashboard import dose_clashes
    from central_server.dashboard.scope import Scope
    from central_server.dashboard.tables import View

    engine = sqlalchemy.create_engine(world.server.database_url)
    monkeypatch.setattr(dose_clashes, "LIMIT", 1)
    read: list[str] = []
    sqlalchemy.event.listen(engine, "before_cursor_execute",
                            lambda *args: read.append(args[2]))
    view = View(engine, Scope("province", "01"), datetime.now().date(),
                datetime.now().date(), "vi")
    pairs, per_site = dose_clashes.section(view)
    assert [r[2::3] for r in pairs.rows] == [["HN-A", "HN-B"]]
    assert pairs.note.endswith("Bảng chỉ hiện 1 cặp phát hiện sớm nhất trong 2 cặp.")
    assert [r[1:4] for r in per_site.rows] == [["HN-B", "Trạm Y tế HN-B", 2],
                                               ["HN-A", "Trạm Y tế HN-A", 1]]
    assert read and all("resource" not in sql for sql in read)
    engine.dispose()
