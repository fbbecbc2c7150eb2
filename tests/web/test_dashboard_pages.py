"""The dashboard in a real headless Chromium: sign in, read the ranking, open the backlog and
cleaning pages, download a table as .xlsx and read it back; a wrong password says so."""

from __future__ import annotations

import pytest

from tests.central.dashboard_world import PASSWORD, READ_AS_CURRENT, build, root, sign_in
from tests.live_server import LiveServer

RANGE = "from=2021-09-01&to=2021-09-30"


@pytest.fixture(autouse=True)
def _reports_of_2021_read_as_current(monkeypatch: pytest.MonkeyPatch) -> None:
    """Set before ``central`` starts (autouse fixtures come first): the world's reports of
    2021 are current to these tests (``READ_AS_CURRENT``)."""
    for name, value in READ_AS_CURRENT.items():
        monkeypatch.setenv(name, value)



def test_a_province_officer_reads_and_downloads_the_dashboard(
        central: LiveServer, page, shot, monkeypatch, downloaded) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    base = root(central)

    sign_in(page, base, "tinh01", "sai-mat-khau", to=None)
    assert page.locator("[role=alert]").inner_text() == "Sai tên đăng nhập hoặc mật khẩu."
    # The name is kept: the password is what to type again (focus went to the name).
    assert page.input_value("#username") == "tinh01"
    assert page.evaluate("document.activeElement.id") == "password"
    shot(page, "web-dashboard-login-wrong")

    page.wait_for_timeout(1100)  # the wait after one wrong password
    sign_in(page, base, "tinh01")
    page.wait_for_url(f"{base}/dashboard")
    page.goto(f"{base}/dashboard?{RANGE}")
    ranking = page.locator("#sites tbody tr")
    assert ranking.count() == 3
    # The lowest first (it needs the call), ranked 1 for the highest; equal shares tie.
    assert [ranking.nth(i).inner_text().split("\t") for i in range(3)] == [
        ["3", "HN-A", "Trạm Y tế HN-A", "Phường Hoàn Kiếm", "6", "3", "50,0%", "0",
         "02/09/2021 23:00"],
        ["1", "HN-B", "Trạm Y tế HN-B", "Phường Hoàn Kiếm", "2", "2", "100,0%", "0",
         "01/09/2021 18:00"],
        ["1", "HN-C", "Trạm Y tế HN-C", "Phường Ba Đình", "0", "1", "100,0%", "0",
         "03/09/2021 18:00"]]
    assert page.locator("#total tbody td").nth(3).inner_text() == "66,6%"  # 6/9, down
    # Not the columns' 6/8: the page says why (HN-C's extra dose fills no other day).
    assert "không bù cho ngày còn thiếu, nên tỷ lệ có thể khác phép chia hai cột" in \
        page.inner_text("main")
    shot(page, "web-dashboard-overview")

    # The period is typed day first, as people here write dates (a browser's date picker
    # showed 09/01/2021 for 1 September); a date that is not one is said, the form kept.
    assert page.input_value("input[name=from]") == "01/09/2021"
    assert page.input_value("input[name=to]") == "30/09/2021"
    assert page.get_attribute("input[name=from]", "placeholder") == "ngày/tháng/năm"
    page.fill("input[name=from]", "15/09/2021")
    page.click("form.range button")
    page.wait_for_url("**from=15%2F09%2F2021**")
    assert "từ 15/09/2021 đến 30/09/2021" in page.locator("p.muted").first.inner_text()
    page.fill("input[name=to]", "31/02/2021")
    page.click("form.range button")
    assert page.locator("[role=alert]").inner_text() == ("Đến ngày: ngày không hợp lệ "
        "“31/02/2021” (nhập theo dạng ngày/tháng/năm, ví dụ 30/11/2026).")
    assert page.input_value("input[name=to]") == "31/02/2021"  # kept, to correct
    assert page.get_attribute("input[name=to]", "aria-invalid") == "true"
    assert page.get_attribute("input[name=from]", "aria-invalid") is None
    assert page.evaluate("document.activeElement.name") == "to"
    # Both boxes wrong: both said at once, each naming its box (only the second was said),
    # and a date outside the dashboard's years is said as such, not as "no date".
    page.fill("input[name=from]", "abc")
    page.fill("input[name=to]", "01/01/1999")
    page.click("form.range button")
    said = page.locator("#period-errors p").all_inner_texts()
    assert said[0] == ("Từ ngày: ngày không hợp lệ “abc” (nhập theo dạng ngày/tháng/năm, ví "
                       "dụ 30/11/2026).")
    assert said[1].startswith("Đến ngày: ngày 01/01/1999 nằm ngoài khoảng thời gian bảng "
                              "theo dõi có số liệu (từ 01/01/2000 đến ")
    assert page.evaluate("document.activeElement.name") == "from"
    page.goto(f"{base}/dashboard?{RANGE}")

    rows = downloaded(page, "#communes a.button")
    assert rows[1:] == [[2, "00070", "Phường Hoàn Kiếm", 8, 5, 62.5, 0, 0, 0],
                        [1, "00004", "Phường Ba Đình", 0, 1, 100.0, 0, 0, 0]]

    page.click("nav >> text=Tồn đọng")
    page.wait_for_url(f"{base}/dashboard/backlog?{RANGE}")
    # A bar for each of the 30 days, not for the 3 a site reported on (09-01, 09-02 and
    # HN-C on 09-03): the days after hold what the sites last said.
    assert page.locator(".bars span").count() == 30
    assert page.locator(".bars span.none").count() == 0
    assert page.locator(".bars span").nth(9).get_attribute("title") == \
        "10/09/2021: 2 mũi chưa đưa lên"
    assert page.locator(".chart .x-axis span").all_inner_texts() == [
        "01/09/2021", "15/09/2021", "30/09/2021"]
    assert page.locator(".chart .y-axis span").all_inner_texts() == ["4 mũi", "0"]
    assert "Mỗi cột là một ngày" in page.locator(".chart figcaption").inner_text()
    assert page.locator("#backlog tbody tr").first.inner_text().split("\t") == \
        ["01/09/2021", "4", "9"]  # dates as people here read them
    assert "từ 01/09/2021 đến 30/09/2021" in page.locator("p.muted").first.inner_text()
    shot(page, "web-dashboard-backlog")

    page.goto(f"{base}/dashboard/backlog?from=25/08/2021&to=05/09/2021")
    bars = page.locator(".bars span")
    assert bars.count() == 12  # the days before any report: there, seen empty
    assert [bars.nth(i).get_attribute("class") for i in (0, 6, 7, 11)] == \
        ["none", "none", "day", "day"]
    assert bars.first.get_attribute("title") == "25/08/2021: chưa có số liệu"

    page.click("nav >> text=Làm sạch dữ liệu")
    problems = page.locator("#problems tbody tr")
    # In words, not the internal code (DOB_REQUIRED) beside them; as of now, no period.
    assert problems.first.inner_text().split("\t") == ["Thiếu ngày sinh", "5"]
    assert "DOB_REQUIRED" not in page.content()
    assert page.locator("form.range").count() == 0
    shot(page, "web-dashboard-cleaning")

    page.goto(f"{base}/dashboard?{RANGE}&lang=en")
    assert page.locator("h1").inner_text() == "Share of doses received by the platform"
    shot(page, "web-dashboard-overview-en")

    page.click("text=Đăng xuất") if page.locator("text=Đăng xuất").count() else \
        page.click("text=Sign out")
    page.wait_for_url(f"{base}/login")
    page.goto(f"{base}/dashboard")
    assert page.url.startswith(f"{base}/login")


def test_a_backwards_period_is_said_not_shown_as_zeros(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    """30/09 to 01/09 holds no day: the page once answered it with a ranking of zeros."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    base = root(central)
    sign_in(page, base, "tinh01")
    page.wait_for_url(f"{base}/dashboard")

    answer = page.goto(f"{base}/dashboard?from=30/09/2021&to=01/09/2021")
    assert answer.status == 400
    assert page.locator("[role=alert]").inner_text() == (
        "Ngày bắt đầu 30/09/2021 sau ngày kết thúc 01/09/2021: hãy đổi lại hai ngày.")
    assert page.locator("table").count() == 0
    assert (page.input_value("input[name=from]"), page.input_value("input[name=to]")) == \
        ("30/09/2021", "01/09/2021")  # kept, to correct
    shot(page, "web-dashboard-backwards")

    page.fill("input[name=from]", "01/09/2021")
    page.fill("input[name=to]", "30/09/2021")
    page.click("form.range button")
    page.wait_for_url("**to=30%2F09%2F2021**")
    assert page.locator("#sites tbody tr").count() == 3


def test_a_mistyped_date_keeps_the_site_the_officer_narrowed_to(
        central: LiveServer, page, monkeypatch) -> None:  # noqa: ANN001
    """Narrowed to one site (?site=HN-A) the officer types a wrong date, or two the wrong
    way round: the page says so, and its form and every menu link still carry the site,
    so the corrected period shows HN-A's figures (it showed the whole province's under
    the same heading, as if they were HN-A's)."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    base = root(central)
    sign_in(page, base, "tinh01")
    for wrong in ("from=31/02/2021&to=30/09/2021", "from=30/09/2021&to=01/09/2021"):
        answer = page.goto(f"{base}/dashboard?{wrong}&site=HN-A")
        assert answer.status == 400
        assert page.input_value("form.range input[name=site]") == "HN-A"
        for link in page.locator("nav a").all():
            assert "site=HN-A" in link.get_attribute("href"), link.get_attribute("href")

    page.fill("input[name=from]", "01/09/2021")
    page.click("form.range button")
    page.wait_for_url("**site=HN-A**")
    assert page.locator("#sites tbody tr").count() == 1
    assert "HN-A" in page.locator("#sites tbody tr").inner_text()


def test_a_site_whose_audit_trail_was_rewritten_is_listed_for_the_province(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    """An alarm from the audit anchors (central_server/audit_anchors.py) heads the overview;
    with none, the table is not there at all."""
    import requests

    from desktop_app.wire.audit_anchor import PATH

    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    world = build(central)
    base = root(central)
    sign_in(page, base, "tinh01")
    page.wait_for_url(f"{base}/dashboard")
    assert page.locator("#audit_alarms").count() == 0

    url = f"{base}/api/{PATH}"
    headers = {"Authorization": world.sessions["HN-A"].headers["Authorization"]}  # its laptop
    for head, checks in ((5, []), (6, [{"id": 5, "hash": "0" * 64}])):
        answer = requests.post(url, headers=headers, timeout=10, json={
            "head": {"id": head, "hash": f"{head:064x}"}, "checks": checks})
        assert answer.status_code == 200, answer.text
    page.goto(f"{base}/dashboard?{RANGE}")
    rows = page.locator("#audit_alarms tbody tr")
    assert rows.count() == 1
    cells = rows.first.locator("td")
    assert cells.nth(0).inner_text() == "HN-A"
    assert cells.last.inner_text() == "Một mục nhật ký đã lưu mốc tại trung tâm bị sửa"
    shot(page, "web-dashboard-audit-alarm")


def test_a_site_that_never_reported_heads_the_list_without_a_share_or_a_rank(
        central: LiveServer, page, shot, monkeypatch, downloaded) -> None:  # noqa: ANN001
    """HN-D was registered in Hoàn Kiếm (00070) and never sent a site report: it read "0
    recorded, 1 received, 100 %" and ranked above the sites that did. It says "chưa báo
    cáo", first, and counts in no share; each site shows when it last reported; with no
    figures in the period nobody has a rank; a commune officer's page does not repeat the
    total as a one-row table of communes."""
    import requests

    from tests.central.fhir_samples import batch, immunization, patient

    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "xa00070", "--level", "commune", "--area", "00070")
    build(central)
    token = central.cli("create-site", "HN-D", "Trạm Y tế HN-D", "--province", "01",
                        "--commune", "00070").strip()
    person = patient("HN-D")
    sent = requests.post(central.url, headers={"Authorization": f"Bearer {token}"}, json=batch(
        person, immunization(person["id"], "HN-D", dose_date="2021-09-01")), timeout=10)
    assert sent.status_code == 200, sent.text
    base = root(central)
    sign_in(page, base, "xa00070")
    page.wait_for_url(f"{base}/dashboard")

    page.goto(f"{base}/dashboard?{RANGE}")
    rows = page.locator("#sites tbody tr")
    assert [rows.nth(i).inner_text().split("\t") for i in range(rows.count())] == [
        ["–", "HN-D", "Trạm Y tế HN-D", "Phường Hoàn Kiếm", "–", "1", "chưa báo cáo", "0",
         "–"],
        ["2", "HN-A", "Trạm Y tế HN-A", "Phường Hoàn Kiếm", "6", "3", "50,0%", "0",
         "02/09/2021 23:00"],
        ["1", "HN-B", "Trạm Y tế HN-B", "Phường Hoàn Kiếm", "2", "2", "100,0%", "0",
         "01/09/2021 18:00"]]
    # The area's share is its reporting sites' (5 of 8), the silent one counted apart; its
    # received every dose the platform holds, HN-D's too (it read 5: review statrev).
    assert page.locator("#total tbody tr").inner_text().split("\t") == \
        ["Phường Hoàn Kiếm", "8", "6", "62,5%", "0", "1", "0"]
    assert page.locator("#communes").count() == 0  # one commune: the total again
    shot(page, "web-dashboard-overview-not-reported")
    sheet = downloaded(page, "#sites a.button")
    assert sheet[1] == [None, "HN-D", "Trạm Y tế HN-D", "Phường Hoàn Kiếm", None, 1,
                        "chưa báo cáo", 0]  # (a row's empty end is not read)

    page.goto(f"{base}/dashboard?from=2021-08-01&to=2021-08-31")
    ranks = page.locator("#sites tbody tr td:first-child").all_inner_texts()
    assert ranks == ["–", "–", "–"]  # no figures in August: no rank
