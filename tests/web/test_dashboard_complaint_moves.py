"""A complaint handed back by the site it was routed to, moved by the province's officer to
the right site on the complaint's page, in a real headless Chromium against a real central
server: only to a site of the officer's area, with a reason; the site it went to pulls it
whole, the one it left reduced."""

from __future__ import annotations

from datetime import date

import requests

from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from desktop_app.rules.messages import text
from desktop_app.wire.complaints import NOT_ON_SYSTEM, Submission
from tests.central.dashboard_world import PASSWORD, fill_sign_in, form_token, root, sign_in
from tests.live_server import LiveServer

A_NAME, B_NAME = "Trạm Y tế Phường Hoàn Kiếm", "Trạm Y tế Phường Ba Đình"
REASON = "Người dân tiêm ở Ba Đình; trạm Hoàn Kiếm không có hồ sơ."


def _bearer(token: str) -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s


def _world(central: LiveServer) -> tuple[requests.Session, requests.Session, str]:
    """Sites A and B in Hà Nội, one in Hồ Chí Minh City; a citizen with no record who named
    A's ward, so A got the complaint, and A handed it back."""
    a = _bearer(central.cli("create-site", "HN-0001", A_NAME, "--province", "01",
                            "--commune", "00070"))
    b = _bearer(central.cli("create-site", "HN-0002", B_NAME, "--province", "01",
                            "--commune", "00004"))
    central.cli("create-site", "SG-0001", "Trạm Y tế Phường Bến Thành", "--province", "79",
                "--commune", "27316")
    engine = make_engine(central.database_url)
    try:
        filed, _ = store.file(engine, Submission(
            NOT_ON_SYSTEM, "001096234567", "Hoàng Thị Tỉnh", date(1996, 5, 1),
            phone="0987654321", commune_code="00070",
            text="Tôi tiêm 2 mũi nhưng tra không thấy."), "web", utc_now())
    finally:
        engine.dispose()
    assert filed.site_code == "HN-0001"
    back = a.post(f"{root(central)}/api/complaints/{filed.code}/hand-back", json={
        "reason": "Không có hồ sơ ở trạm này.", "by": "Lan", "at": "2026-12-02T08:00:00Z"})
    assert back.status_code == 200, back.text
    return a, b, filed.code


def test_the_province_moves_a_complaint_to_a_site_of_its_area(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    a, b, code = _world(central)
    base = root(central)
    sign_in(page, base, "tinh01")
    page.goto(f"{base}/dashboard/complaints/{code}")

    # The sites of the officer's area by name, none of another province's.
    assert page.locator("#move h2").inner_text() == "Chuyển cho điểm tiêm"
    assert page.locator("#move-site option").all_inner_texts()[1:] == [
        f"{B_NAME} — HN-0002, Phường Ba Đình", f"{A_NAME} — HN-0001, Phường Hoàn Kiếm"]

    # Nothing chosen, nothing written: both said, each under its field, nothing moved.
    page.click("#move-send")
    assert page.locator("#move-site-error").inner_text() == text("DASH_MOVE_SITE_REQUIRED")
    assert page.locator("#move-reason-error").inner_text() == \
        text("COMPLAINT_MOVE_NEEDS_REASON")
    assert page.evaluate("document.activeElement.id") == "move-site"

    # A site outside the area, sent by hand with the page's own token: refused, 403.
    crafted = page.request.post(f"{base}/dashboard/complaints/{code}/move", form={
        "site": "SG-0001", "reason": REASON, "token": form_token(page)})
    assert crafted.status == 403
    assert text("DASH_FORBIDDEN", site="SG-0001") in crafted.text()
    held = _held(central, code)
    assert (held.site_code, held.route) == (None, "province")

    # Why A gave it back is what the officer reads before choosing.
    page.goto(f"{base}/dashboard/complaints/{code}")
    assert f"{A_NAME} → Sở Y tế Thành phố Hà Nội — Không có hồ sơ ở trạm này." \
        in page.locator("#complaint").inner_text()
    page.select_option("#move-site", "HN-0002")
    page.fill("#move-reason", REASON)
    shot(page, "dashboard-complaint-move")
    token = form_token(page)  # the session's: a second tab's form carries the same
    page.click("#move-send")
    page.wait_for_url(f"{base}/dashboard/complaints/{code}?moved=1")
    assert page.locator("#moved").inner_text() == text("DASH_MOVED", site=B_NAME)
    assert B_NAME in page.locator("#complaint").inner_text()
    # The province's reason is read with the move (it was kept nowhere).
    assert f"Sở Y tế Thành phố Hà Nội → {B_NAME} — {REASON}" \
        in page.locator("#complaint").inner_text()
    assert page.locator("#move").count() == 0  # B's now, not raised: no longer the officer's

    held = _held(central, code)
    assert (held.site_code, held.route, held.province_code, held.commune_code) == \
        ("HN-0002", "site", "01", "00004")
    engine = make_engine(central.database_url)
    try:
        trail = store.events(engine, code)
    finally:
        engine.dispose()
    assert trail[-1][0] == "rerouted" and trail[-1][2] == "dashboard:tinh01"
    at_b = b.get(f"{base}/api/complaints").json()["complaints"]
    assert [(c["code"], c["site_code"]) for c in at_b] == [(code, "HN-0002")]
    at_a = a.get(f"{base}/api/complaints").json()["complaints"]
    assert [(c["code"], c["site_code"], c["route"]) for c in at_a] == [(code, None, "province")]

    # A move sent from a tab opened before, after B answered: refused, said why, its
    # reason given back to copy (a bare 403 page, the reason lost).
    claim = {"action": "reject", "note": "Không có hồ sơ.", "resolved_by": "Trạm Ba Đình",
             "resolved_at": utc_now().isoformat(timespec="seconds") + "Z"}
    assert b.post(f"{base}/api/complaints/{code}/resolution", json=claim).status_code == 200
    late = page.request.post(f"{base}/dashboard/complaints/{code}/move", form={
        "site": "HN-0001", "reason": "Chuyển lại cho Hoàn Kiếm.", "token": token})
    assert late.status == 403  # B's now: no longer the province's to move
    assert text("DASH_MOVE_NOT_HELD", complaint=code) in late.text()
    assert "“Chuyển lại cho Hoàn Kiếm.”" in late.text()


def test_the_move_form_in_english(central: LiveServer, page, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    _a, _b, code = _world(central)
    base = root(central)
    sign_in(page, base, "tinh01")
    page.goto(f"{base}/dashboard/complaints/{code}?lang=en")
    assert page.locator("#move h2").inner_text() == "Move to a site"
    page.select_option("#move-site", "HN-0001")
    page.click("#move-send")  # no reason
    assert page.locator("#move-reason-error").inner_text() == \
        text("COMPLAINT_MOVE_NEEDS_REASON", "en")
    assert page.locator("#move-site").input_value() == "HN-0001"  # the choice kept
    page.fill("#move-reason", "Recorded at Hoàn Kiếm after all.")
    page.click("#move-send")
    page.wait_for_url(f"{base}/dashboard/complaints/{code}?moved=1&lang=en")
    assert page.locator("#moved").inner_text() == text("DASH_MOVED", "en", site=A_NAME)


def test_two_sites_of_one_name_are_told_apart_in_the_move_list(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    """Two stations of a province often share a name ("Trạm Y tế Phường 1" in two wards of
    one city): each choice says its code and commune, so the officer does not pick one of
    two identical lines and send the complaint, its 48 hours running, to the wrong one."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    _a, _b, code = _world(central)
    same = "Trạm Y tế Phường 1"
    central.cli("create-site", "HN-0101", same, "--province", "01", "--commune", "00070")
    central.cli("create-site", "HN-0102", same, "--province", "01", "--commune", "00004")
    sign_in(page, root(central), "tinh01", to=f"/dashboard/complaints/{code}")
    shot(page, "move-list-same-names")
    shown = page.locator("#move-site option").all_inner_texts()[1:]
    assert [s for s in shown if same in s] == [f"{same} — HN-0101, Phường Hoàn Kiếm",
                                               f"{same} — HN-0102, Phường Ba Đình"]


def test_a_move_sent_after_the_session_ended_is_kept_through_the_sign_in(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    """The officer chose the site and wrote the reason, the 8 hours ran out meanwhile, and
    the button led to the sign-in: as an answer is, the move comes back in its form once
    signed in again, unsent, with the site and the reason as chosen."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    _a, _b, code = _world(central)
    base = root(central)
    sign_in(page, base, "tinh01", to=f"/dashboard/complaints/{code}")
    page.context.clear_cookies()  # the session ended
    page.select_option("#move-site", "HN-0002")
    page.fill("#move-reason", REASON)
    page.click("#move-send")
    page.wait_for_selector("#kept")
    assert "chưa được chuyển" in page.inner_text("#kept")
    fill_sign_in(page, base, "tinh01", to=None)
    page.wait_for_selector("#move #move-kept")
    shot(page, "move-after-session-ended")
    assert _held(central, code).site_code is None  # nothing moved until moved again
    assert page.input_value("#move-site") == "HN-0002"
    assert page.input_value("#move-reason") == REASON
    page.click("#move-send")
    page.wait_for_url(f"{base}/dashboard/complaints/{code}?moved=1")
    assert _held(central, code).site_code == "HN-0002"


def test_a_kept_move_whose_complaint_moved_meanwhile_is_shown_with_its_reason(
        central: LiveServer, monkeypatch) -> None:  # noqa: ANN001
    """While the officer signed in again a colleague moved the complaint: the kept move
    cannot be made, and the page says so with the reason written (to copy)."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    _a, _b, code = _world(central)
    base = root(central)
    here = f"/dashboard/complaints/{code}"
    gone = requests.post(f"{base}{here}/move", allow_redirects=False,
                         data={"site": "HN-0002", "reason": REASON, "token": "t" * 32})
    assert gone.status_code == 401
    assert 'name="kept_site" value="HN-0002"' in gone.text
    central.cli("complaints", "route", code, "--site", "HN-0001", "--reason",
                "Trạm Hoàn Kiếm tìm thấy hồ sơ.")  # a colleague, meanwhile
    back = requests.post(f"{base}/login", allow_redirects=False, data={
        "username": "tinh01", "password": PASSWORD, "next": here,
        "kept_site": "HN-0002", "kept_reason": REASON})
    assert back.status_code == 200 and "vaxdesk_staff" in back.cookies
    assert 'id="move"' not in back.text
    assert text("DASH_MOVE_NOT_HELD", complaint=code) in back.text
    assert REASON in back.text
    assert _held(central, code).site_code == "HN-0001"


def _held(central: LiveServer, code: str):  # noqa: ANN202
    engine = make_engine(central.database_url)
    try:
        return store.get(engine, code)
    finally:
        engine.dispose()
