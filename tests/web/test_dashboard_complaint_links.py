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


def test_an_answer_sent_after_the_session_ended_is_kept_through_the_sign_in(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    """The session lasts 8 hours from sign-in, not from the last page: an officer who
    types an answer and presses Save after it ended is told so on the sign-in page, signs
    in again and is back on that complaint with the answer as typed, unsent (it was lost:
    typed again from memory), and saves it. A wrong password on the way loses none of it."""
    _province_officer(central, monkeypatch)
    code = province_complaint(central)
    base = root(central)
    here = f"/dashboard/complaints/{code}"
    words = "Đã gọi điện cho anh, hồ sơ 2 mũi đã được bổ sung <b>hôm nay</b>."
    answer = requests.post(f"{base}{here}", allow_redirects=False,
                           data={"action": "province_reply", "note": words, "token": "t" * 32})
    assert answer.status_code == 401
    assert f'name="next" value="{here}"' in answer.text
    assert 'name="kept_action" value="province_reply"' in answer.text
    assert "&lt;b&gt;hôm nay&lt;/b&gt;" in answer.text  # kept as text, never as markup
    assert complaint_status(central, code) == OPEN
    # A page elsewhere cannot put words in the officer's form this way: its post (no cookie:
    # SameSite) goes to the plain sign-in, nothing kept, and so does its sign-in.
    elsewhere = {"Origin": "https://trang-la.example"}
    planted = requests.post(f"{base}{here}", allow_redirects=False, headers=elsewhere,
                            data={"action": "province_reply", "note": "Lời của trang lạ"})
    assert planted.status_code == 303 and "Lời của trang lạ" not in planted.text
    planted = requests.post(f"{base}/login", allow_redirects=False, headers=elsewhere, data={
        "username": "tinh01", "password": PASSWORD, "next": here,
        "kept_action": "province_reply", "kept_note": "Lời của trang lạ"})
    assert planted.status_code == 403 and "Lời của trang lạ" not in planted.text

    sign_in(page, base, "tinh01", to=here)
    page.context.clear_cookies()  # the session ended
    page.check("input[name=action][value=province_reply]")
    page.fill("#note", words)
    page.click("#answer-send")
    page.wait_for_selector("#kept")
    assert page.url == f"{base}{here}"
    assert "chưa được lưu" in page.inner_text("#kept")
    shot(page, "sign-in-answer-kept")
    fill_sign_in(page, base, "tinh01", "sai-mat-khau", to=None)  # refused, still kept
    page.wait_for_selector("[role=alert]")
    assert page.locator("#kept").count() == 1
    page.wait_for_timeout(1_100)  # a wrong password holds the next try back a second
    fill_sign_in(page, base, "tinh01", to=None)
    page.wait_for_selector("#answer #kept")
    assert page.input_value("#note") == words
    shot(page, "complaint-answer-kept")
    assert page.is_checked("input[name=action][value=province_reply]")
    assert complaint_status(central, code) == OPEN  # nothing saved until saved again
    page.click("#answer-send")
    page.wait_for_url(f"{base}{here}?answered=1")
    assert page.locator("#answered").count() == 1
    assert page.locator("#answer").count() == 0
    assert complaint_status(central, code) != OPEN


def test_a_kept_answer_whose_complaint_was_answered_meanwhile_is_shown_with_its_text(
        central: LiveServer, monkeypatch) -> None:  # noqa: ANN001
    """While the officer signed in again a colleague answered the complaint: the kept
    answer cannot be saved there, and the page says so with what the officer wrote (to
    copy), instead of dropping it."""
    _province_officer(central, monkeypatch)
    central.cli("staff", "add", "tinh02", "--level", "province", "--area", "01")
    code = province_complaint(central)
    base = root(central)
    here = f"/dashboard/complaints/{code}"
    colleague = staff_session(central, "tinh02")
    token = colleague.get(f"{base}{here}").text.split('name="token" value="')[1].split('"')[0]
    done = colleague.post(f"{base}{here}", allow_redirects=False, data={
        "action": "province_reply", "note": "Đã trả lời qua điện thoại.", "token": token})
    assert done.status_code == 303
    back = requests.post(f"{base}/login", allow_redirects=False, data={
        "username": "tinh01", "password": PASSWORD, "next": here,
        "kept_action": "province_reply", "kept_note": "Anh vui lòng mang CCCD đến trạm."})
    assert back.status_code == 200 and "vaxdesk_staff" in back.cookies
    assert 'id="answer"' not in back.text
    assert "không còn chờ bạn trả lời" in back.text
    assert "Anh vui lòng mang CCCD đến trạm." in back.text
    # Kept only for a complaint's page: any other next is the plain sign-in.
    plain = requests.post(f"{base}/login", allow_redirects=False, data={
        "username": "tinh01", "password": PASSWORD, "next": "/dashboard/backlog",
        "kept_note": "x"})
    assert plain.status_code == 303 and plain.headers["location"] == "/dashboard/backlog"


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
