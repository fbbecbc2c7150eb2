"""The dashboard on a commune officer's phone (390 px wide) and a desktop, in a real headless
Chromium: no page is wider than the screen (a wide table scrolls inside its own box), and a
code or a percentage is never split over two lines, nor a menu link or the brand; the
header takes three short lines, not seven."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from desktop_app.wire.complaints import NOT_ON_SYSTEM, Submission
from tests.central.dashboard_world import PASSWORD, build, province_complaint, root, sign_in
from tests.live_server import LiveServer

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
RANGE = "from=2021-09-01&to=2021-09-30"
PAGES = ("/dashboard", "/dashboard/backlog", "/dashboard/cleaning", "/dashboard/complaints",
         "/dashboard/lookups")

# Each element's text laid out on one line: a code split at its hyphen ("PA-⏎VSTCS7ZP")
# or a share split from its sign ("62,5⏎%") takes two boxes.
ONE_LINE = """cells => cells.filter(cell => {
    if (!/^(PA|HN|SG)-\\w+$|%$/.test(cell.innerText.trim())) return false;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const boxes = [...range.getClientRects()].filter(r => r.width > 0);
    const firstBottom = Math.min(...boxes.map(r => r.bottom));
    return boxes.some(r => r.top >= firstBottom - 1);  // a box below the first line
}).map(cell => cell.innerText)"""


def file_complaints(central: LiveServer) -> None:
    """Two open complaints in HN-C's commune (00004, province 01): one overdue, one due in
    two hours."""
    engine = make_engine(central.database_url)
    try:
        for id_number, hours_ago in (("001090000201", 53), ("001090000202", 46)):
            sub = Submission(NOT_ON_SYSTEM, id_number, "Lê Văn Tám", date(1990, 1, 1),
                             commune_code="00004", text="Tôi đã tiêm nhưng không thấy.")
            store.file(engine, sub, "web", utc_now() - timedelta(hours=hours_ago))
    finally:
        engine.dispose()



@pytest.mark.parametrize("username", ["xa00070", "tinh01"])
def test_every_page_fits_a_phone_and_keeps_codes_and_shares_whole(
        central: LiveServer, page, shot, monkeypatch, username: str) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", username, "--level",
                "commune" if username.startswith("xa") else "province",
                "--area", username[2:] if username.startswith("xa") else "01")
    build(central)
    file_complaints(central)
    base = root(central)
    sign_in(page, base, username)
    wide, split = {}, {}
    for size, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        for path in PAGES:
            page.goto(f"{base}{path}?{RANGE}")
            name = path.strip("/").replace("/", "-")
            shot(page, f"{username}-{name}-{size}")
            if size == "phone":
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > PHONE["width"]:
                    wide[path] = width
            broken = page.locator("td").evaluate_all(ONE_LINE)
            broken += page.locator(".bar nav a, .bar .brand").evaluate_all(
                ONE_LINE.replace("if (!/", "if (false && !/"))  # a link, the brand: a line
            if broken:
                split[(size, path)] = broken
    assert wide == {}
    assert split == {}
    assert page.locator("header.bar").bounding_box()["height"] < 110  # was 190: 7 lines


def test_the_complaint_page_fits_a_phone_whatever_the_citizen_wrote(
        central: LiveServer, browser, monkeypatch) -> None:  # noqa: ANN001
    """A citizen quotes their certificate's identifier (a UVCI, one long word) in the
    complaint: on the officer's phone the complaint page, header and answer form included,
    stays the screen's width, the long word broken over lines (it was 515 px wide and
    scrolled sideways); so does a page saying a long mistyped date is no date."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    uvci = "URN:UVCI:01:VN:HN0001:3F7A9C2B11D04E5F8A6B7C8D9E0F1A2B#K"
    code = province_complaint(central, f"Mã chứng nhận của tôi {uvci} không tra được.")
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    try:
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        base = root(central)
        sign_in(tab, base, "tinh01")
        for path in (f"/dashboard/complaints/{code}", f"/dashboard?from={'3' * 60}"):
            tab.goto(f"{base}{path}")
            wide = tab.evaluate("() => document.documentElement.scrollWidth")
            assert wide <= PHONE["width"], \
                f"{path} is {wide} px wide on a {PHONE['width']} px phone"
        tab.goto(f"{base}/dashboard/complaints/{code}")
        assert tab.locator("#answer").count() == 1
        assert uvci in tab.locator("#complaint").inner_text().replace("\n", "")
    finally:
        context.close()
