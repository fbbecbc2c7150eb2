"""The dashboard left open past the 8-hour session (since the morning), then used: the
sign-in shows, as a page, and signing in again leads back to what the officer was doing.
A real central server, and a real headless Chromium for what a browser does."""

from __future__ import annotations

import pytest

from tests.central.dashboard_world import (
    PASSWORD,
    READ_AS_CURRENT,
    build,
    fill_sign_in,
    root,
    sign_in,
)
from tests.live_server import LiveServer


@pytest.fixture(autouse=True)
def _reports_of_2021_read_as_current(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in READ_AS_CURRENT.items():
        monkeypatch.setenv(name, value)


def test_a_download_after_the_session_ended_leads_to_the_sign_in_not_a_file(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    """"Tải .xlsx" clicked once the session ended shows the sign-in page: the browser saves
    no file (a "table" that is the sign-in form's HTML, saved as login.html)."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    base = root(central)
    sign_in(page, base, "tinh01")
    page.goto(f"{base}/dashboard?from=2021-09-01&to=2021-09-30")
    saved: list[str] = []
    page.on("download", lambda d: saved.append(d.suggested_filename))
    page.context.clear_cookies()  # the session ended
    page.locator("#sites a.button").click()
    page.wait_for_url(f"{base}/login**")
    page.wait_for_selector("#username")
    shot(page, "download-after-session-ended")
    assert saved == [], f"the browser saved {saved} instead of showing the sign-in page"


def test_signing_in_again_returns_to_the_period_and_site_the_officer_was_reading(
        central: LiveServer, page, monkeypatch) -> None:  # noqa: ANN001
    """The session ended while the officer read September 2021 for one site: signed in
    again, they are back on that period and site, not on the last 30 days of the whole
    province (to type again, or read without noticing)."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    base = root(central)
    asked = "/dashboard/backlog?from=2021-09-01&to=2021-09-30&site=HN-A"
    page.goto(f"{base}{asked}")  # no session: the sign-in page
    fill_sign_in(page, base, "tinh01", to=asked)
    assert page.url == f"{base}{asked}"



def test_signing_in_after_a_download_leads_to_its_page_for_that_period(
        central: LiveServer, page, monkeypatch) -> None:  # noqa: ANN001
    """"Tải .xlsx" clicked once the session ended, then signed in again: the officer is on
    the table's page for the period read, to download it from there. Not the file at
    once: the browser would save it and leave the sign-in form showing, as if signing in
    had failed."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    base = root(central)
    sign_in(page, base, "tinh01")
    page.goto(f"{base}/dashboard?from=2021-09-01&to=2021-09-30&site=HN-A")
    page.context.clear_cookies()  # the session ended
    page.locator("#sites a.button").click()
    page.wait_for_selector("#username")
    fill_sign_in(page, base, "tinh01", to="/dashboard?from=2021-09-01&to=2021-09-30&site=HN-A")
    assert page.locator("#sites a.button").count() == 1
