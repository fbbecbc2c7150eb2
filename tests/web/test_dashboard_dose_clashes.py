"""The province reads the dose numbers held at two sites on the cleaning page in a real
Chromium: the pairs and the count per site, in Vietnamese, dates dd/mm/yyyy, Vietnam's
time; the table's .xlsx downloaded by its button and read back. The world, its scope and
its settling are tests/central/test_dashboard_dose_clashes.py's."""

from __future__ import annotations

from datetime import datetime

from tests.central.clash_world import build
from tests.central.dashboard_world import root, sign_in
from tests.live_server import LiveServer


def test_the_province_reads_the_clashes_beside_the_problems(
        central: LiveServer, page, shot, downloaded, monkeypatch) -> None:  # noqa: ANN001
    world = build(central, monkeypatch)
    found = world.found()
    hoa, tam = found[("HN-A", "HN-B")], found[("HN-B", "SG-A")]
    base = root(central)
    sign_in(page, base, "tinh01")
    # From any page, the nav says how many pairs wait to be settled (both in the province).
    badge = page.locator("#nav-clashes")
    assert badge.inner_text() == "2" and badge.is_visible()
    assert page.locator("nav span.badges[title^='2 cặp mũi tiêm']").count() == 1
    page.click("nav >> text=Làm sạch dữ liệu")
    page.wait_for_url(f"{base}/dashboard/cleaning*")

    assert page.locator("#dose_clashes h2").inner_text() == "Trùng số mũi giữa hai điểm tiêm"
    rows = page.locator("#dose_clashes tbody tr")
    assert [rows.nth(i).inner_text().split("\t") for i in range(rows.count())] == [
        [f"{hoa:%d/%m/%Y %H:%M}", "2", "HN-A", "Trạm Y tế HN-A", "01/10/2021", "HN-B",
         "Trạm Y tế HN-B", "04/10/2021"],
        [f"{tam:%d/%m/%Y %H:%M}", "1", "HN-B", "Trạm Y tế HN-B", "01/09/2021", "SG-A",
         "Trạm Y tế SG-A", "20/09/2021"]]
    assert page.locator("#dose_clashes p.muted").inner_text().startswith(
        "Một người có cùng một số mũi ở hai điểm tiêm")
    # Codes and moments kept on one line, as in the other tables.
    assert page.locator("#dose_clashes td.ref").first.evaluate(
        "e => getComputedStyle(e).whiteSpace") == "nowrap"
    per_site = page.locator("#dose_clash_sites tbody tr")
    assert [per_site.nth(i).inner_text().split("\t") for i in range(per_site.count())] == [
        ["Phường Ba Đình", "HN-B", "Trạm Y tế HN-B", "2", f"{hoa:%d/%m/%Y %H:%M}"],
        ["Phường Hoàn Kiếm", "HN-A", "Trạm Y tế HN-A", "1", f"{hoa:%d/%m/%Y %H:%M}"]]
    shot(page, "web-dashboard-dose-clashes")

    sheet = downloaded(page, "#dose_clashes a.button")
    assert sheet[1:] == [
        [hoa, 2, "HN-A", "Trạm Y tế HN-A", datetime(2021, 10, 1), "HN-B", "Trạm Y tế HN-B",
         datetime(2021, 10, 4)],
        [tam, 1, "HN-B", "Trạm Y tế HN-B", datetime(2021, 9, 1), "SG-A", "Trạm Y tế SG-A",
         datetime(2021, 9, 20)]]

    page.goto(f"{base}/dashboard/cleaning?lang=en")
    assert page.locator("#dose_clashes thead th").all_inner_texts() == [
        "Found", "Dose", "Code", "Site", "Given on", "Other site's code", "Other site",
        "Given there on"]
    shot(page, "web-dashboard-dose-clashes-en")
