"""A completeness share is rounded down, on the dashboard as on the desk
(``rules/numbers.percent``): 100,0 % only when nothing is missing. Rounded to the nearest,
a site missing one dose of 2,001 read 100,0 %, ranked 2 under a site at the same 100,0 %,
and an officer could not see why, or whom to call. Through a real central server: doses
by the FHIR API, the sites' reports by HTTP, the figures from the page and its .xlsx."""

from __future__ import annotations

import requests

from central_server.fhir.store import utc_now
from tests.central.dashboard_world import PASSWORD, report, root, staff_session, table_rows
from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

DAY = {"from": "2021-09-01", "to": "2021-09-01"}


def _site(server: LiveServer, code: str, received: int, recorded: int) -> None:
    """A site of commune 00070 whose ``received`` doses of the 1st reached the platform,
    and whose report says it recorded ``recorded`` (the rest waiting)."""
    s = requests.Session()
    s.headers["Authorization"] = "Bearer " + server.cli(
        "create-site", code, f"Trạm Y tế {code}", "--province", "01", "--commune", "00070")
    # Doses 1 and 2 of one person after another (a number twice is refused), each person
    # before their doses; each site's people their own numbers, no citizen of two sites.
    entries: list[dict] = []
    serials = 100_000 * sorted(("HN-A", "HN-B")).index(code)
    for i in range(received):
        if i % 2 == 0:
            entries.append(person := patient(code, id_number=f"001090{serials + i // 2:06d}"))
        entries.append(immunization(person["id"], code, dose_number=i % 2 + 1))
    for first in range(0, len(entries), 500):
        answer = s.post(server.url, json=batch(*entries[first:first + 500]))
        assert answer.status_code == 200, answer.text
        assert {e["response"]["status"] for e in answer.json()["entry"]} == {"201 Created"}
    # Made now on the platform's clock: a report dated 2021 is old today ("báo cáo cũ",
    # no share, no rank).
    answer = s.post(f"{root(server)}/api/site-report", json=report(
        "2021-09-02T10:00:00Z", {"2021-09-01": (recorded, recorded - received)},
        server_time=utc_now().strftime("%Y-%m-%dT%H:%M:%SZ")))
    assert answer.status_code == 204, answer.text


def test_a_site_missing_one_dose_of_2001_is_not_shown_complete(central, monkeypatch):
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    _site(central, "HN-A", 2000, 2001)
    _site(central, "HN-B", 2, 2)
    s = staff_session(central, "tinh01")

    def sheet(table: str) -> list[list]:
        answer = s.get(f"{root(central)}/dashboard",
                       params={**DAY, "format": "xlsx", "table": table})
        assert answer.status_code == 200, answer.text
        return [r[:-1] for r in table_rows(answer.content)[1:]]

    assert sheet("sites") == [
        [2, "HN-A", "Trạm Y tế HN-A", "Phường Hoàn Kiếm", 2001, 2000, 99.9, 0],
        [1, "HN-B", "Trạm Y tế HN-B", "Phường Hoàn Kiếm", 2, 2, 100.0, 0]]
    assert sheet("total") == [["Thành phố Hà Nội", 2003, 2002, 99.9, 0, 0]]  # 99.95 %: not whole
    page = s.get(f"{root(central)}/dashboard", params=DAY)
    assert page.status_code == 200
    assert page.text.count("99,9%") == 2 and page.text.count("100,0%") == 1
