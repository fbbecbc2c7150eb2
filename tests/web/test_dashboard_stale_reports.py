"""A site that stops reporting is not shown complete (review_province, defects 1 and 2).

A site whose laptop stopped syncing kept "100,0 %" and rank 1 for as long as it stayed
offline: the doses it recorded after its last report are known only to the laptop, so the
platform's figures of it never moved. Now a site whose last report is older than
``Settings.stale_report_hours`` (24 by default) reads "báo cáo cũ: 3 ngày 2 giờ" where its
share was, comes right after the sites that never reported, has no rank, counts in no
area's share, and is counted apart on the total's line (its doses received still counted
in its areas' received); the backlog page lists it. And two
sites shown at the same 97,2 % were ranked 1 and 2 on digits the page does not show: they
now share rank 1.

Through a real central server: doses by the FHIR API, each site's report by HTTP with the
platform's time of its round (``server_time``) hours or days back, as a laptop that last
synced then sends it (the platform dates a report by that time, never later than its own
clock): the pages read at once, no waiting. Read as .xlsx and as a page in Chromium."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import requests

from central_server.fhir.store import utc_now
from central_server.vietnam_time import shown, today
from tests.central.dashboard_world import (
    PASSWORD,
    report,
    root,
    sign_in,
    staff_session,
    table_rows,
)
from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

# site: (commune, doses received, doses its report says it recorded, hours since that
# report; None: it never sent one)
SITES = {
    "HN-A": ("00070", 35, 36, 1),  # 97,2 % (97,22…)
    "HN-B": ("00070", 36, 37, 2),  # 97,2 % (97,29…): the same as shown, the same rank
    "HN-C": ("00070", 3, 4, 0),  # 75,0 %
    "HN-D": ("00004", 5, 5, 74),  # silent for 3 days 2 hours: was 100 %, rank 1
    "HN-E": ("00004", 1, 0, None),  # never reported
    "HN-F": ("00004", 2, 2, 26),  # silent for 26 hours
    "HN-G": ("00004", 1, 2, 23),  # 23 hours: not old yet, 50,0 %
}


def _world(server: LiveServer) -> tuple[date, dict[str, datetime]]:
    """The sites of ``SITES`` with their doses of yesterday (Vietnam's day) and their
    reports; the day, and when each site's report was made (the platform's time)."""
    now = utc_now().replace(microsecond=0)
    day = today(now) - timedelta(days=1)
    made: dict[str, datetime] = {}
    for n, (code, (commune, received, recorded, hours)) in enumerate(SITES.items()):
        s = requests.Session()
        s.headers["Authorization"] = "Bearer " + server.cli(
            "create-site", code, f"Trạm Y tế {code}", "--province", "01", "--commune", commune)
        entries = []
        for i in range(received):  # one person a dose: dose 1 of each
            person = patient(code, id_number=f"001090{n * 1000 + i:06d}")
            entries += [person, immunization(person["id"], code, dose_date=day.isoformat(),
                                             entered_at=f"{day}T02:10:00")]
        answer = s.post(server.url, json=batch(*entries), timeout=30)
        assert answer.status_code == 200, answer.text
        assert {e["response"]["status"] for e in answer.json()["entry"]} == {"201 Created"}
        if hours is None:
            continue
        made[code] = now - timedelta(hours=hours)
        at = made[code].strftime("%Y-%m-%dT%H:%M:%SZ")
        answer = s.post(f"{root(server)}/api/site-report", timeout=10, json=report(
            at, {day.isoformat(): (recorded, recorded - received)}, {}, "01", commune))
        assert answer.status_code == 204, answer.text
    return day, made


def _sheet(s: requests.Session, server: LiveServer, path: str, table: str,
           **params: str) -> list[list]:
    answer = s.get(f"{root(server)}{path}", params={**params, "format": "xlsx",
                                                    "table": table}, timeout=10)
    assert answer.status_code == 200, answer.text
    return table_rows(answer.content)


def _at(moment: datetime) -> datetime:
    """A report's time as the .xlsx holds it: Vietnam's, to the minute."""
    return datetime.strptime(shown(moment), "%d/%m/%Y %H:%M")


def test_a_site_that_stopped_reporting_is_marked_first_unranked_and_counted_apart(
        central: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    _day, made = _world(central)
    s = staff_session(central, "tinh01")

    sites = _sheet(s, central, "/dashboard", "sites")  # the default period: the last 30 days
    assert sites[0] == ["Hạng", "Mã", "Điểm tiêm", "Xã/phường", "Đã ghi nhận",
                        "Trung tâm đã nhận", "Tỷ lệ đầy đủ (%)", "Hủy trước khi gửi",
                        "Báo cáo gần nhất"]
    assert sites[1:] == [
        [None, "HN-E", "Trạm Y tế HN-E", "Phường Ba Đình", None, 1, "chưa báo cáo", 0],
        # The oldest report first; what it said is shown, its share is not.
        [None, "HN-D", "Trạm Y tế HN-D", "Phường Ba Đình", 5, 5, "báo cáo cũ: 3 ngày 2 giờ",
         0, _at(made["HN-D"])],
        [None, "HN-F", "Trạm Y tế HN-F", "Phường Ba Đình", 2, 2, "báo cáo cũ: 26 giờ",
         0, _at(made["HN-F"])],
        [4, "HN-G", "Trạm Y tế HN-G", "Phường Ba Đình", 2, 1, 50.0, 0, _at(made["HN-G"])],
        [3, "HN-C", "Trạm Y tế HN-C", "Phường Hoàn Kiếm", 4, 3, 75.0, 0, _at(made["HN-C"])],
        # 35 of 36 and 36 of 37, both shown 97,2 %: one rank (they were 2 and 1)
        [1, "HN-A", "Trạm Y tế HN-A", "Phường Hoàn Kiếm", 36, 35, 97.2, 0, _at(made["HN-A"])],
        [1, "HN-B", "Trạm Y tế HN-B", "Phường Hoàn Kiếm", 37, 36, 97.2, 0, _at(made["HN-B"])]]
    # The total's line: the current sites' share (75 of 79), one site never reported, two
    # with an old report; the old reports' 7 doses in no share (it read 82 of 86). Received
    # is every dose the platform holds, theirs and HN-E's too: 75 + 8 (it read 75: one
    # site reporting hid the others' doses, review statrev).
    assert _sheet(s, central, "/dashboard", "total") == [
        ["Địa bàn", "Đã ghi nhận", "Trung tâm đã nhận", "Tỷ lệ đầy đủ (%)",
         "Hủy trước khi gửi", "Điểm tiêm chưa báo cáo", "Điểm tiêm báo cáo cũ"],
        ["Thành phố Hà Nội", 79, 83, 94.9, 0, 1, 2]]
    assert _sheet(s, central, "/dashboard", "communes")[1:] == [
        [2, "00004", "Phường Ba Đình", 2, 9, 50.0, 0, 1, 2],
        [1, "00070", "Phường Hoàn Kiếm", 77, 74, 96.1, 0, 0, 0]]

    # Narrowed to the old site: no current figure, what reached the platform, and why.
    assert _sheet(s, central, "/dashboard", "total", site="HN-D")[1] == \
        ["HN-D", None, 5, "báo cáo cũ: 3 ngày 2 giờ", 0, 0, 1]

    page = s.get(f"{root(central)}/dashboard", timeout=10).text
    assert page.count("báo cáo cũ: 3 ngày 2 giờ") == 1
    assert "Báo cáo cũ: điểm tiêm không gửi báo cáo quá 24 giờ" in page
    assert page.count('class="num late">báo cáo cũ') == 2  # marked as a late complaint is

    # The backlog counts each site as of its last report: the page says which are not
    # current, the ones that never reported first.
    assert _sheet(s, central, "/dashboard/backlog", "stale_sites") == [
        ["Mã", "Điểm tiêm", "Xã/phường", "Báo cáo gần nhất", "Tình trạng báo cáo"],
        ["HN-E", "Trạm Y tế HN-E", "Phường Ba Đình", None, "chưa báo cáo"],
        ["HN-D", "Trạm Y tế HN-D", "Phường Ba Đình", _at(made["HN-D"]),
         "báo cáo cũ: 3 ngày 2 giờ"],
        ["HN-F", "Trạm Y tế HN-F", "Phường Ba Đình", _at(made["HN-F"]), "báo cáo cũ: 26 giờ"]]
    backlog = s.get(f"{root(central)}/dashboard/backlog", params={"lang": "en"},
                    timeout=10).text
    assert "report 3 days 2 hours old" in backlog
    assert "The backlog above counts each site as of its latest report" in backlog

    # The setting: a province that allows 72 hours sees HN-F current, HN-D still old.
    central.stop()
    monkeypatch.setenv("VAXDESK_CENTRAL_STALE_REPORT_HOURS", "72")
    central.start()
    s = staff_session(central, "tinh01")
    assert [(r[0], r[1], r[6]) for r in _sheet(s, central, "/dashboard", "sites")[1:]] == [
        (None, "HN-E", "chưa báo cáo"), (None, "HN-D", "báo cáo cũ: 3 ngày 2 giờ"),
        (5, "HN-G", 50.0), (4, "HN-C", 75.0), (2, "HN-A", 97.2), (2, "HN-B", 97.2),
        (1, "HN-F", 100.0)]
    assert _sheet(s, central, "/dashboard", "total")[1] == \
        ["Thành phố Hà Nội", 81, 83, 95.0, 0, 1, 1]
    assert _sheet(s, central, "/dashboard/backlog", "stale_sites")[1:] == [
        ["HN-E", "Trạm Y tế HN-E", "Phường Ba Đình", None, "chưa báo cáo"],
        ["HN-D", "Trạm Y tế HN-D", "Phường Ba Đình", _at(made["HN-D"]),
         "báo cáo cũ: 3 ngày 2 giờ"]]


def test_the_province_reads_old_reports_marked_in_the_sites_table(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    _day, made = _world(central)
    base = root(central)
    sign_in(page, base, "tinh01")

    rows = page.locator("#sites tbody tr")
    assert [rows.nth(i).inner_text().split("\t") for i in range(rows.count())] == [
        ["–", "HN-E", "Trạm Y tế HN-E", "Phường Ba Đình", "–", "1", "chưa báo cáo", "0", "–"],
        ["–", "HN-D", "Trạm Y tế HN-D", "Phường Ba Đình", "5", "5", "báo cáo cũ: 3 ngày 2 giờ",
         "0", shown(made["HN-D"])],
        ["–", "HN-F", "Trạm Y tế HN-F", "Phường Ba Đình", "2", "2", "báo cáo cũ: 26 giờ",
         "0", shown(made["HN-F"])],
        ["4", "HN-G", "Trạm Y tế HN-G", "Phường Ba Đình", "2", "1", "50,0%",
         "0", shown(made["HN-G"])],
        ["3", "HN-C", "Trạm Y tế HN-C", "Phường Hoàn Kiếm", "4", "3", "75,0%",
         "0", shown(made["HN-C"])],
        ["1", "HN-A", "Trạm Y tế HN-A", "Phường Hoàn Kiếm", "36", "35", "97,2%",
         "0", shown(made["HN-A"])],
        ["1", "HN-B", "Trạm Y tế HN-B", "Phường Hoàn Kiếm", "37", "36", "97,2%",
         "0", shown(made["HN-B"])]]
    old = page.locator("#sites td.late")
    assert old.all_inner_texts() == ["báo cáo cũ: 3 ngày 2 giờ", "báo cáo cũ: 26 giờ"]
    # In the late complaints' red, and kept on one line.
    assert old.first.evaluate("e => getComputedStyle(e).color") == "rgb(179, 38, 30)"
    assert old.first.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    assert page.locator("#sites p.muted").inner_text().startswith(
        "Báo cáo cũ: điểm tiêm không gửi báo cáo quá 24 giờ")
    assert page.locator("#total tbody tr").inner_text().split("\t") == \
        ["Thành phố Hà Nội", "79", "83", "94,9%", "0", "1", "2"]
    assert page.locator("#total p.muted").inner_text().startswith(
        "Trung tâm đã nhận: mọi mũi tiêm trung tâm đã nhận từ các điểm tiêm của địa bàn")
    assert page.locator("#total thead th").last.inner_text() == "Điểm tiêm báo cáo cũ"
    shot(page, "web-dashboard-stale-reports")

    page.click("nav >> text=Tồn đọng")
    listed = page.locator("#stale_sites tbody tr")
    assert [listed.nth(i).inner_text().split("\t")[0::4] for i in range(listed.count())] == [
        ["HN-E", "chưa báo cáo"], ["HN-D", "báo cáo cũ: 3 ngày 2 giờ"],
        ["HN-F", "báo cáo cũ: 26 giờ"]]
    shot(page, "web-dashboard-stale-backlog")

    page.goto(f"{base}/dashboard?lang=en")
    assert page.locator("#sites tbody tr").nth(1).locator("td").nth(6).inner_text() == \
        "report 3 days 2 hours old"
    assert page.locator("#total thead th").last.inner_text() == "Sites with an old report"
    shot(page, "web-dashboard-stale-reports-en")
