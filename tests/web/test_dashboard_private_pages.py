"""What the dashboard's pages leave behind on a shared office computer, and what a page
elsewhere can make the officer's browser do: a real central server, and where the defect is
in what a browser does, a real headless Chromium."""

from __future__ import annotations

import requests

from tests.central.dashboard_world import (
    PASSWORD,
    build,
    province_complaint,
    root,
    sign_in,
    staff_session,
)
from tests.live_server import LiveServer

PRIVATE = ("001090000301", "0912345678", "01/01/1990")  # the citizen's CCCD, phone, birth


def _province_officer(central: LiveServer, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")


def test_back_after_signing_out_does_not_show_the_citizens_id_and_phone(
        central: LiveServer, page, monkeypatch) -> None:  # noqa: ANN001
    """A district office's shared computer: the officer reads a complaint (the citizen's
    CCCD, birth date and phone), signs out and leaves; the next person presses Back and
    sees the sign-in page, not the complaint from the browser's cache. Every dashboard
    answer (a page, an .xlsx, the sign-in) says Cache-Control: no-store."""
    _province_officer(central, monkeypatch)
    code = province_complaint(central)
    base = root(central)
    sign_in(page, base, "tinh01")
    page.goto(f"{base}/dashboard/complaints/{code}")
    assert all(p in page.content() for p in PRIVATE)
    page.click("text=Đăng xuất")
    page.wait_for_url(f"{base}/login")

    page.go_back()
    page.wait_for_load_state()
    shown = page.content()
    assert not [p for p in PRIVATE if p in shown], \
        f"signed out, Back still shows {page.url} with the citizen's personal data"

    build(central)
    s = staff_session(central, "tinh01")
    for path, params in (("/dashboard", {}), (f"/dashboard/complaints/{code}", {}),
                         ("/dashboard", {"format": "xlsx", "table": "sites"}),
                         ("/login", {})):
        answer = s.get(f"{base}{path}", params=params)
        assert answer.status_code == 200, path
        assert answer.headers["cache-control"] == "no-store", (path, params)
    assert requests.get(f"{base}/login").headers["cache-control"] == "no-store"
