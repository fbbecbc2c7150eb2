"""What the dashboard's pages leave behind on a shared office computer, and what a page
elsewhere can make the officer's browser do: a real central server, and where the defect is
in what a browser does, a real headless Chromium."""

from __future__ import annotations

import re

import requests

from desktop_app.wire.complaints import OPEN
from tests.central.dashboard_world import (
    PASSWORD,
    build,
    complaint_status,
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


def test_an_answer_posted_from_another_site_is_refused(
        central: LiveServer, monkeypatch) -> None:  # noqa: ANN001
    """CSRF: a page elsewhere that gets the officer's browser to post (a browser without
    SameSite, an embedded WebView) rejected a citizen's complaint in the officer's name
    with any 32 letters as the token. The officer's own page carries a token made from
    the session; a form without it, or sent from another site's page, changes nothing
    (nor signs the officer out), and the page's own form still answers."""
    _province_officer(central, monkeypatch)
    code = province_complaint(central)
    base = root(central)
    s = staff_session(central, "tinh01")
    elsewhere = {"Origin": "https://trang-la.example",
                 "Referer": "https://trang-la.example/khuyen-mai"}
    forged = s.post(f"{base}/dashboard/complaints/{code}", allow_redirects=False,
                    headers=elsewhere,
                    data={"action": "reject", "note": "Không có cơ sở.", "token": "A" * 32})
    assert complaint_status(central, code) == OPEN, \
        f"a form this server never gave, from another site, was saved ({forged.status_code})"

    shown = s.get(f"{base}/dashboard/complaints/{code}").text
    token = re.search(r'name="token" value="([^"]+)"', shown).group(1)
    form = {"action": "reject", "note": "Không có cơ sở.", "token": token}
    # The right token, from another site's page (it read it somehow): refused all the same.
    s.post(f"{base}/dashboard/complaints/{code}", headers=elsewhere, data=form)
    # Another session's token (the officer's colleague's page): refused.
    other = re.search(r'name="token" value="([^"]+)"', staff_session(central, "tinh01").get(
        f"{base}/dashboard/complaints/{code}").text).group(1)
    assert other != token
    s.post(f"{base}/dashboard/complaints/{code}", data={**form, "token": other})
    assert complaint_status(central, code) == OPEN

    # Nor is the officer signed out by another site's page: asked instead, with a button.
    asked = s.post(f"{base}/logout", headers=elsewhere, data={"token": "A" * 32})
    assert asked.status_code == 403 and 'id="logout"' in asked.text
    assert s.get(f"{base}/dashboard", allow_redirects=False).status_code == 200

    answered = s.post(f"{base}/dashboard/complaints/{code}", allow_redirects=False,
                      headers={"Origin": base}, data=form)
    assert answered.status_code == 303, answered.text
    assert complaint_status(central, code) == "rejected"
    signed_out = s.post(f"{base}/logout", headers={"Origin": base}, data={"token": token},
                        allow_redirects=False)
    assert signed_out.headers["location"] == "/login"
    assert s.get(f"{base}/dashboard", allow_redirects=False).status_code == 303

    # Nor is the browser signed in by another site's page, to a login of that site's
    # choosing (whatever the officer then typed would be read under it): refused, said.
    planted = requests.Session()
    refused = planted.post(f"{base}/login", headers=elsewhere, allow_redirects=False,
                           data={"username": "tinh01", "password": PASSWORD})
    assert refused.status_code == 403 and "vaxdesk_staff" not in planted.cookies
    assert "được gửi từ một trang web khác" in refused.text
    signed_in = planted.post(f"{base}/login", headers={"Origin": base}, allow_redirects=False,
                             data={"username": "tinh01", "password": PASSWORD})
    assert signed_in.status_code == 303 and "vaxdesk_staff" in planted.cookies
