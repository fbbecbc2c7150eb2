"""The dashboard's page of sites' lookups of other sites' people (``lookup_log.py``), in a
real headless Chromium against a real central server: per site of the officer's area its
lookups, its runs over the hourly limit, its busiest 60 minutes beside that limit and its
latest lookup in Vietnam time; a site outside the area is not there; what was asked (a
citizen's ID number) is on neither the page nor its download."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import requests
from sqlalchemy import func, insert, select

from central_server.db.engine import make_engine
from central_server.db.models import SiteLookup
from central_server.fhir.store import utc_now
from central_server.vietnam_time import shown, today
from desktop_app.rules.dates import format_date
from desktop_app.sync.lookup import identifier_token
from tests.central.dashboard_world import PASSWORD, build, root, sign_in
from tests.live_server import LiveServer

LIMIT = 3
CCCD = "001090000001"  # the people dashboard_world pushes carry this number


@pytest.fixture
def central(monkeypatch, central):
    """Started after the limit is set: HN-A reaches it in a few requests."""
    central.stop()
    monkeypatch.setenv("VAXDESK_CENTRAL_LOOKUPS_PER_HOUR", str(LIMIT))
    return central.start()



def _look_up(site: requests.Session, server: LiveServer, times: int) -> list[int]:
    """``times`` citizens looked up, CCCD first (one citizen asked again within minutes is
    the same lookup, counted once)."""
    return [site.get(f"{server.url}/Patient",
                     params={"identifier": identifier_token(f"{int(CCCD) + n:012d}")},
                     timeout=10).status_code for n in range(times)]


def _cells(page, site_code: str) -> list[str]:  # noqa: ANN001
    row = page.locator("#lookups tbody tr", has=page.locator(f"td:text-is('{site_code}')"))
    return row.first.inner_text().split("\t") if row.count() else []


def test_a_province_officer_sees_each_sites_lookups_in_the_area_never_whom_they_asked(
        central: LiveServer, page, shot, monkeypatch, downloaded) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    central.cli("staff", "add", "xa00004", "--level", "commune", "--area", "00004")
    world = build(central)
    base = root(central)
    # HN-A (province 01) reaches its limit and keeps asking: one run of refusals, one entry.
    assert _look_up(world.sessions["HN-A"], central, LIMIT + 2) == [200] * LIMIT + [429] * 2
    assert _look_up(world.sessions["HN-B"], central, 1) == [200]
    assert _look_up(world.sessions["SG-A"], central, 2) == [200] * 2  # province 79
    engine = make_engine(central.database_url)
    try:
        with engine.begin() as conn:
            # Ten days ago: outside the page's first view (the last 7 days).
            conn.execute(insert(SiteLookup).values(
                at=utc_now() - timedelta(days=10), site_code="HN-A", resource_type="Patient",
                asked=identifier_token(CCCD), results=1, refused=False))
            latest_a = conn.execute(select(func.max(SiteLookup.at))
                                    .where(SiteLookup.site_code == "HN-A")).scalar()
    finally:
        engine.dispose()

    sign_in(page, base, "tinh01", to="/dashboard/lookups")
    assert page.locator("h1").inner_text() == \
        "Tra cứu người tiêm ở điểm tiêm khác theo số CCCD/CMND"
    week = (format_date(today(utc_now()) - timedelta(days=6)), format_date(today(utc_now())))
    assert (page.input_value("input[name=from]"), page.input_value("input[name=to]")) == week
    headers = page.locator("#lookups thead th").all_inner_texts()
    assert headers == ["Mã", "Điểm tiêm", "Số lần tra cứu", "Số lần vượt giới hạn",
                       "Nhiều nhất trong 60 phút", "Giới hạn mỗi giờ", "Lần tra gần nhất"]
    assert page.locator("#lookups tbody tr").count() == 2  # HN-A, HN-B: not SG-A
    assert _cells(page, "HN-A") == ["HN-A", "Trạm Y tế HN-A", "3", "1", "3", "3",
                                    shown(latest_a)]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", _cells(page, "HN-A")[-1])
    assert _cells(page, "HN-B")[:6] == ["HN-B", "Trạm Y tế HN-B", "1", "0", "1", "3"]
    assert _cells(page, "SG-A") == []
    assert CCCD not in page.content()
    # An officer has no shell on the platform: the page says whom to ask, not a command.
    hint = page.locator("p.muted").first.inner_text()
    assert "vaxdesk-central" not in hint and "bộ phận quản trị hệ thống trung tâm" in hint
    shot(page, "web-dashboard-lookups")

    # A chosen period: the lookup of ten days ago counts too.
    ten_days = format_date(today(utc_now()) - timedelta(days=10))
    page.fill("input[name=from]", ten_days)
    page.click("form.range button")
    page.wait_for_url("**from=**")
    assert _cells(page, "HN-A")[2:5] == ["4", "1", "3"]

    rows = downloaded(page, "#lookups a.button")
    assert [r[:6] for r in rows[1:]] == [["HN-A", "Trạm Y tế HN-A", 4, 1, 3, 3],
                                         ["HN-B", "Trạm Y tế HN-B", 1, 0, 1, 3]]
    assert not any(CCCD in str(cell) for r in rows for cell in r)

    page.goto(f"{base}/dashboard/lookups?lang=en")
    assert page.locator("h1").inner_text() == "Lookups of other sites' people by ID number"
    assert page.locator("#lookups thead th").nth(3).inner_text() == "Times over the limit"
    shot(page, "web-dashboard-lookups-en")

    # Another site of the province's, narrowed to; one outside it, refused as on every page.
    assert page.goto(f"{base}/dashboard/lookups?site=SG-A").status == 403

    # A commune officer whose one site (HN-C) looked nobody up sees no site's lookups.
    page.click("text=Sign out")
    sign_in(page, base, "xa00004", to="/dashboard/lookups")
    assert page.locator("#lookups tbody tr").count() == 0
    assert page.locator("#lookups .empty").inner_text() == \
        "No site looked anyone up in this period."
    assert page.locator("#lookups a.button").count() == 0  # nothing to download
    assert "HN-A" not in page.locator("main").inner_text()
