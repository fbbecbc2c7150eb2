"""The dashboard in a real headless Chromium: sign in, read the ranking, open the backlog and
cleaning pages, download a table as .xlsx and read it back; a wrong password says so."""

from __future__ import annotations

from tests.central.dashboard_world import PASSWORD, build, root
from tests.live_server import LiveServer

RANGE = "from=2021-09-01&to=2021-09-30"


def _sign_in(page, base: str, username: str, password: str) -> None:  # noqa: ANN001
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")


def test_a_province_officer_reads_and_downloads_the_dashboard(
        central: LiveServer, page, shot, monkeypatch, downloaded) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    base = root(central)

    _sign_in(page, base, "tinh01", "sai-mat-khau")
    assert page.locator("[role=alert]").inner_text() == "Sai tên đăng nhập hoặc mật khẩu."
    shot(page, "web-dashboard-login-wrong")

    page.wait_for_timeout(1100)  # the wait after one wrong password
    _sign_in(page, base, "tinh01", PASSWORD)
    page.wait_for_url(f"{base}/dashboard")
    page.goto(f"{base}/dashboard?{RANGE}")
    ranking = page.locator("#sites tbody tr")
    assert ranking.count() == 3
    assert [ranking.nth(i).locator("td").nth(1).inner_text() for i in range(3)] == \
        ["HN-B", "HN-C", "HN-A"]
    assert ranking.nth(2).locator("td").last.inner_text() == "50,0 %"
    assert page.locator("#total tbody td").last.inner_text() == "66,7 %"
    shot(page, "web-dashboard-overview")

    # The period is typed day first, as people here write dates (a browser's date picker
    # showed 09/01/2021 for 1 September); a date that is not one is said, the form kept.
    assert page.input_value("input[name=from]") == "01/09/2021"
    assert page.input_value("input[name=to]") == "30/09/2021"
    page.fill("input[name=from]", "15/09/2021")
    page.click("form.range button")
    page.wait_for_url("**from=15%2F09%2F2021**")
    assert "từ 15/09/2021 đến 30/09/2021" in page.locator("p.muted").first.inner_text()
    page.fill("input[name=to]", "31/02/2021")
    page.click("form.range button")
    assert page.locator("[role=alert]").inner_text() == (
        "Ngày không hợp lệ: “31/02/2021” (nhập theo dạng ngày/tháng/năm, ví dụ 30/11/2026).")
    assert page.input_value("input[name=to]") == "31/02/2021"  # kept, to correct
    page.goto(f"{base}/dashboard?{RANGE}")

    rows = downloaded(page, "#communes a.button")
    assert rows[1:] == [[1, "00004", "Phường Ba Đình", 0, 1, 100.0],
                        [2, "00070", "Phường Hoàn Kiếm", 8, 5, 62.5]]

    page.click("nav >> text=Tồn đọng")
    page.wait_for_url(f"{base}/dashboard/backlog?{RANGE}")
    assert page.locator(".bars span").count() == 3  # 09-01, 09-02 and HN-C on 09-03
    assert page.locator("#backlog tbody tr").first.inner_text().split("\t") == \
        ["01/09/2021", "4", "9"]  # dates as people here read them
    assert "từ 01/09/2021 đến 30/09/2021" in page.locator("p.muted").first.inner_text()
    shot(page, "web-dashboard-backlog")

    page.click("nav >> text=Làm sạch dữ liệu")
    problems = page.locator("#problems tbody tr")
    assert problems.first.inner_text().split("\t") == ["Thiếu ngày sinh", "DOB_REQUIRED", "5"]
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
    _sign_in(page, base, "tinh01", PASSWORD)
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


def test_a_site_whose_audit_trail_was_rewritten_is_listed_for_the_province(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    """An alarm from the audit anchors (central_server/audit_anchors.py) heads the overview;
    with none, the table is not there at all."""
    import requests

    from desktop_app.wire.audit_anchor import PATH

    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    base = root(central)
    _sign_in(page, base, "tinh01", PASSWORD)
    page.wait_for_url(f"{base}/dashboard")
    assert page.locator("#audit_alarms").count() == 0

    token = central.cli("issue-token", "HN-A").strip()
    url = f"{base}/api/{PATH}"
    headers = {"Authorization": f"Bearer {token}"}
    for head, checks in ((5, []), (6, [{"id": 5, "hash": "0" * 64}])):
        answer = requests.post(url, headers=headers, timeout=10, json={
            "head": {"id": head, "hash": f"{head:064x}"}, "checks": checks})
        assert answer.status_code == 200, answer.text
    page.goto(f"{base}/dashboard?{RANGE}")
    rows = page.locator("#audit_alarms tbody tr")
    assert rows.count() == 1
    cells = rows.first.locator("td")
    assert cells.nth(0).inner_text() == "HN-A"
    assert cells.last.inner_text() == "một mục nhật ký đã gửi mốc bị sửa"
    shot(page, "web-dashboard-audit-alarm")
