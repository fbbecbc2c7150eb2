"""A complaint's own address leads to it through the sign-in: opened from a colleague's
message, or answered after the session ended. A real central server, and a real headless
Chromium for what a browser does."""

from __future__ import annotations

import requests

from desktop_app.wire.complaints import OPEN
from tests.central.dashboard_world import (
    PASSWORD,
    complaint_status,
    fill_sign_in,
    province_complaint,
    root,
    sign_in,
    staff_session,
)
from tests.live_server import LiveServer


def _province_officer(central: LiveServer, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")


def test_signing_in_from_a_complaints_link_opens_that_complaint(
        central: LiveServer, page, monkeypatch) -> None:  # noqa: ANN001
    """A colleague sends the officer a complaint's address (Zalo, e-mail). The cookie is
    SameSite=Strict, so that first visit from another site comes without it and the
    sign-in page shows; once signed in, the officer reads that complaint, not the overview
    (where it was to be found again by hand)."""
    _province_officer(central, monkeypatch)
    code = province_complaint(central)
    base = root(central)
    target = f"/dashboard/complaints/{code}"
    form = requests.get(f"{base}/login", params={"next": target})
    assert f'name="next" value="{target}"' in form.text
    signed = requests.post(f"{base}/login", allow_redirects=False,
                           data={"username": "tinh01", "password": PASSWORD, "next": target})
    assert signed.status_code == 303
    assert signed.headers["location"] == target
    # Not a way to send the officer anywhere else.
    for elsewhere in (f"{target}/../../x", "https://trang-la.example/dashboard/complaints/"
                      f"{code}", f"/dashboard/complaints/{code.lower()}x"):
        refused = requests.post(f"{base}/login", allow_redirects=False, data={
            "username": "tinh01", "password": PASSWORD, "next": elsewhere})
        assert refused.headers["location"] == "/dashboard", elsewhere

    page.goto(f"{base}{target}")  # the link, opened without a session
    page.wait_for_url(f"{base}/login?next={target}")
    fill_sign_in(page, base, "tinh01", to=target)
    assert page.locator("#answer").count() == 1


def test_an_answer_sent_after_the_session_ended_comes_back_to_its_complaint(
        central: LiveServer, page, monkeypatch) -> None:  # noqa: ANN001
    """The session lasts 8 hours from sign-in, not from the last page: an officer who
    types an answer and presses Save after it ended signs in again and is back on that
    complaint (it was the complaints list: which one was it?), to answer it again;
    nothing was saved meanwhile."""
    _province_officer(central, monkeypatch)
    code = province_complaint(central)
    base = root(central)
    answer = requests.post(f"{base}/dashboard/complaints/{code}", allow_redirects=False,
                           data={"action": "province_reply", "note": "Đã gọi điện cho anh.",
                                 "token": "t" * 32})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/login?next=/dashboard/complaints/{code}"
    assert complaint_status(central, code) == OPEN

    sign_in(page, base, "tinh01", to=f"/dashboard/complaints/{code}")
    page.context.clear_cookies()  # the session ended
    page.check("input[name=action][value=province_reply]")
    page.fill("#note", "Đã gọi điện cho anh.")
    page.click("#answer-send")
    page.wait_for_url(f"{base}/login?next=/dashboard/complaints/{code}")
    fill_sign_in(page, base, "tinh01", to=f"/dashboard/complaints/{code}")
    assert page.locator("#answer").count() == 1
    assert complaint_status(central, code) == OPEN


def test_a_complaint_code_typed_in_lower_case_opens_the_complaint(
        central: LiveServer, monkeypatch) -> None:  # noqa: ANN001
    """A citizen reads their code over the phone and the officer types it into the address
    in lower case, or with an O for the 0: the complaint opens, as the citizen's status
    page reads it (it was "not found"), and the sign-in leads to it too."""
    _province_officer(central, monkeypatch)
    code = province_complaint(central)
    base = root(central)
    typed = code.lower().replace("0", "o")
    s = staff_session(central, "tinh01")
    shown = s.get(f"{base}/dashboard/complaints/{typed}")
    assert shown.status_code == 200
    assert "001090000301" in shown.text and f"/dashboard/complaints/{code}" in shown.text
    away = requests.get(f"{base}/dashboard/complaints/{typed}", allow_redirects=False)
    assert away.headers["location"] == f"/login?next=/dashboard/complaints/{code}"
