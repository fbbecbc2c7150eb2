"""The public complaint pages in a real Chromium against the real central server: a citizen
files a complaint choosing their province and commune by name, gets a code, and follows it to
the outcome a site posts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from sqlalchemy import update

from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.db.models import Complaint as Row
from central_server.fhir.store import utc_now
from desktop_app.rules import admin_units
from tests.live_server import LiveServer


@pytest.fixture
def central(tmp_path: Path) -> Iterator[LiveServer]:
    server = LiveServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "central.log")
    server.start()
    yield server
    server.stop()


def _root(server: LiveServer) -> str:
    return server.url.rsplit("/fhir", 1)[0]


def _fill_citizen(page, id_number: str) -> None:  # noqa: ANN001
    page.get_by_label("Đã tiêm nhưng chưa có trên hệ thống").check()
    page.fill("#id_number", id_number)
    page.fill("#full_name", "Trần Thị Mai")
    page.fill("#dob", "15/03/1992")
    page.fill("#phone", "0912 345 678")
    page.fill("#place", "Trạm y tế phường Hoàn Kiếm")
    page.fill("#text", "Tôi đã tiêm 2 mũi năm 2021 nhưng ứng dụng không hiện gì.")


def test_a_citizen_files_a_complaint_and_follows_it_to_the_outcome(
    central: LiveServer, page, shot,  # noqa: ANN001
) -> None:
    site = central.cli("create-site", "HN-0001", "Trạm Y tế Phường Hoàn Kiếm",
                       "--province", "01", "--commune", "00070")
    page.goto(f"{_root(central)}/complaints")
    assert page.locator("input[name=kind]").count() == 5
    _fill_citizen(page, "001192000123")
    # Choosing the province reloads the page with its communes; nothing typed is lost.
    page.select_option("#province", label="Thành phố Hà Nội")
    page.wait_for_selector("#commune_code:not([disabled])")
    assert page.input_value("#full_name") == "Trần Thị Mai"
    assert page.get_by_label("Đã tiêm nhưng chưa có trên hệ thống").is_checked()
    page.select_option("#commune_code", label="Phường Hoàn Kiếm")
    shot(page, "web-complaint-form")
    # Enter in a field sends it (the header's language button, the form's too, came first
    # and took Enter: the page turned English and nothing was filed; a reviewer).
    page.press("#phone", "Enter")

    code = page.text_content("#code").strip()
    assert code.startswith("PA-") and len(code) == 11
    assert "48 giờ" in page.text_content("main")
    # The deadline's time zone inside its sentence (it trailed after the full stop).
    assert re.search(r"trước \d\d/\d\d/\d{4} \d\d:\d\d \(giờ Việt Nam\)\.",
                     page.text_content("main"))
    shot(page, "web-complaint-code")

    page.click("#status-link")
    assert page.text_content("#status").strip() == "Đang xử lý"
    for row in ("Nhận lúc", "Hạn giải quyết"):  # both times said to be Vietnam's
        assert page.locator(f"tr:has(th:text-is('{row}')) td").inner_text().endswith(
            "(giờ Việt Nam)"), row
    # No record proves this name and birth date, so the page names no one: it reads the
    # same for an ID number whose doses are elsewhere (tests/central/test_complaints_api.py).
    handler = page.text_content("#handler")
    assert "Điểm tiêm, trạm y tế xã/phường hoặc Sở Y tế được giao giải quyết" in handler
    assert "Hoàn Kiếm" not in handler
    body = page.text_content("main")
    assert "001192000123" not in body and "0912" not in body and "1992" not in body

    answer = requests.post(
        f"{_root(central)}/api/complaints/{code}/resolution",
        headers={"Authorization": f"Bearer {site}"},
        json={"action": "add_dose", "note": "Đã bổ sung 2 mũi tiêm năm 2021.",
              "resolved_by": "Nguyễn Văn Bình", "resolved_at": utc_now().isoformat() + "Z"})
    assert answer.status_code == 200, answer.text
    page.reload()
    assert page.text_content("#status").strip() == "Đã giải quyết"
    assert "Đã bổ sung mũi tiêm" in page.text_content("#outcome")
    assert "Đã bổ sung 2 mũi tiêm năm 2021." in page.text_content("#outcome")
    shot(page, "web-complaint-status")

    page.get_by_role("link", name="English").click()  # the code stays in the address
    assert page.text_content("#status").strip() == "Resolved"
    assert "Missing dose added" in page.text_content("#outcome")
    page.goto(f"{_root(central)}/complaints/status?code={code.lower().replace('-', ' ')}")
    assert page.text_content("#status").strip() == "Resolved"  # typed loosely, language kept


def test_a_wrong_id_is_said_beside_its_field_and_every_value_stays(
    central: LiveServer, page, shot,  # noqa: ANN001
) -> None:
    page.goto(f"{_root(central)}/complaints")
    _fill_citizen(page, "0012")  # too short even for a passport
    page.select_option("#province", label="Thành phố Hà Nội")
    page.wait_for_selector("#commune_code:not([disabled])")
    page.select_option("#commune_code", label="Phường Ba Đình")
    page.fill("#dose_date", "31/02/2021")
    page.click("#send")
    assert "CCCD có 12 chữ số" in page.text_content("#id_number-error")
    assert page.text_content("#dose_date-error").strip() == (
        "Ngày tiêm “31/02/2021” không hợp lệ; nhập theo dạng ngày/tháng/năm.")
    assert "Hãy sửa 2 chỗ" in page.text_content("#summary")
    assert page.input_value("#id_number") == "0012"
    assert page.input_value("#dob") == "15/03/1992"
    assert page.input_value("#commune_code") == "00004"
    assert page.input_value("#text").startswith("Tôi đã tiêm 2 mũi")
    shot(page, "web-complaint-errors")
    assert requests.get(f"{_root(central)}/complaints/status?code=PA-00000000").status_code == 404
    # "English", to read the mistakes: the form comes back in English as typed (a reviewer:
    # the link opened an empty form), and back in Vietnamese the same; nothing filed.
    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")
    assert "Correct 2 things" in page.text_content("#summary")  # the mistakes, in English
    assert "31/02/2021" in page.text_content("#dose_date-error")
    assert page.input_value("#id_number") == "0012"
    assert page.input_value("#commune_code") == "00004"
    assert page.input_value("#text").startswith("Tôi đã tiêm 2 mũi")
    assert page.locator("#send").inner_text() != "Gửi phản ánh"
    shot(page, "web-complaint-errors-en")
    page.get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_selector("html[lang=vi]")
    assert page.input_value("#dob") == "15/03/1992"
    page.goto(f"{_root(central)}/complaints")  # the language stays chosen; the form is new
    assert page.input_value("#id_number") == ""


def test_an_unknown_code_is_said_plainly(central: LiveServer, page) -> None:  # noqa: ANN001
    page.goto(f"{_root(central)}/complaints/status")
    page.fill("#code", "PA-1234")
    page.click("button[type=submit]")
    assert "Không tìm thấy phản ánh mã “PA-1234”" in page.text_content("#unknown")


def test_past_the_hourly_limit_the_form_says_so_and_keeps_what_was_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page, shot,  # noqa: ANN001
) -> None:
    monkeypatch.setenv("VAXDESK_CENTRAL_COMPLAINTS_PER_HOUR", "1")
    server = LiveServer(f"sqlite:///{tmp_path / 'limited.db'}", tmp_path / "limited.log")
    server.start()
    try:
        for _ in range(2):
            page.goto(f"{_root(server)}/complaints")
            _fill_citizen(page, "001192000123")
            page.click("#send")
        assert page.locator("#code").count() == 0
        assert "từ địa chỉ mạng của bạn đã có 1 phản ánh" in page.text_content("#too-many")
        assert page.input_value("#full_name") == "Trần Thị Mai"
        shot(page, "web-complaint-too-many")
    finally:
        server.stop()


def _complaints(server: LiveServer) -> list:
    engine = make_engine(server.database_url)
    try:
        return store.listing(engine, utc_now())
    finally:
        engine.dispose()


def test_a_reload_or_the_same_form_sent_again_files_one_complaint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page,  # noqa: ANN001
) -> None:
    """The filing answers with a redirect, so a reload reads the code again; the form's
    one-time token makes the same form sent again (a double tap, a retry) answer with the
    first code, and use up none of the address's hourly filings."""
    monkeypatch.setenv("VAXDESK_CENTRAL_COMPLAINTS_PER_HOUR", "2")
    server = LiveServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "central.log")
    server.start()
    try:
        root = _root(server)
        page.goto(f"{root}/complaints")
        _fill_citizen(page, "001192000123")
        page.fill("#dob", "15031992")  # digits alone, as a phone's number pad types them
        assert "05091990" in page.text_content("#dob-hint")
        assert page.get_attribute("#dob", "inputmode") == "numeric"
        page.click("#send")
        code = page.text_content("#code").strip()
        assert page.url.startswith(f"{root}/complaints/sent?code={code}")
        page.reload()
        assert page.text_content("#code").strip() == code
        assert [c.code for c in _complaints(server)] == [code]
        assert _complaints(server)[0].submission.dob.isoformat() == "1992-03-15"

        token = re.search(r'name="token" value="([^"]+)"',
                          requests.get(f"{root}/complaints", timeout=10).text).group(1)
        form = {"token": token, "kind": "details_wrong", "id_number": "001190000001",
                "full_name": "Lê Văn Tám", "dob": "01/01/1990", "action": "send"}
        sent = [requests.post(f"{root}/complaints", data=form, timeout=10,
                              allow_redirects=False) for _ in range(3)]
        assert [s.status_code for s in sent] == [303, 303, 303]  # not 429 at the third
        assert len({s.headers["Location"] for s in sent}) == 1
        assert len(_complaints(server)) == 2
        # The same token with other words is what the citizen meant to send: a new one.
        other = requests.post(f"{root}/complaints", data=form | {"text": "Thêm"}, timeout=10,
                              allow_redirects=False)
        assert other.status_code == 429  # the limit of 2 reached by two real filings
    finally:
        server.stop()


def test_choosing_a_province_by_keyboard_lists_its_communes_in_place(
    central: LiveServer, page, shot,  # noqa: ANN001
) -> None:
    """Arrowing through the provinces sends nothing and keeps the place on the page: each
    choice fills the commune list from the server without a reload."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{_root(central)}/complaints")
    _fill_citizen(page, "001192000123")
    assert page.locator("#show-communes").count() == 0  # scripts run: no button needed
    page.focus("#province")
    page.evaluate("window.stillHere = true")
    before = page.evaluate("window.scrollY")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    third = admin_units.provinces()[2]
    assert page.input_value("#province") == third.code
    page.wait_for_selector("#commune_code:not([disabled])")
    assert page.evaluate("window.stillHere") is True  # no page was loaded
    assert page.evaluate("document.activeElement.id") == "province"
    assert page.evaluate("window.scrollY") == before
    listed = page.eval_on_selector_all("#commune_code option", "o => o.map(x => x.value)")
    assert listed == ["", *(c.code for c in admin_units.communes(third.code))]
    shot(page, "web-complaint-province-phone")

    page.select_option("#province", label="Thành phố Hà Nội")
    page.wait_for_selector("#commune_code option[value='00070']", state="attached")
    page.select_option("#commune_code", label="Phường Hoàn Kiếm")
    page.click("#send")
    code = page.text_content("#code").strip()
    assert [c.submission.commune_code for c in _complaints(central)] == ["00070"]
    assert code.startswith("PA-")


def test_without_scripts_a_button_lists_the_provinces_communes(
    central: LiveServer, browser,  # noqa: ANN001
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(f"{_root(central)}/complaints")
        _fill_citizen(page, "001192000123")
        page.select_option("#province", label="Thành phố Hà Nội")
        page.get_by_role("button", name="Chọn tỉnh/thành phố này").click()
        assert page.url.endswith("/complaints#area")  # back where the citizen was
        assert page.input_value("#full_name") == "Trần Thị Mai"
        page.select_option("#commune_code", label="Phường Hoàn Kiếm")
        page.click("#send")
        assert page.text_content("#code").strip().startswith("PA-")
        assert [c.submission.commune_code for c in _complaints(central)] == ["00070"]
    finally:
        context.close()


def test_on_a_phone_the_pages_read_in_one_column_and_say_what_they_mean(
    central: LiveServer, page, shot,  # noqa: ANN001
) -> None:
    """A phone's header takes two short lines, required fields are marked, the status
    page's labels sit above their values and a code never breaks at its dash; an overdue
    complaint says its deadline passed; "not accepted" is one outcome, said one way."""
    root = _root(central)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{root}/complaints")
    assert page.get_attribute("nav a[aria-current=page]", "href") == "/complaints"
    assert page.locator("header.bar").bounding_box()["height"] < 80
    required = page.eval_on_selector_all("[aria-required=true]",
                                         "e => e.map(x => x.id || x.tagName)")
    assert required == ["FIELDSET", "id_number", "full_name", "dob"]
    assert "được gửi đến điểm tiêm đã tiêm cho bạn" in page.text_content("main")
    legend = page.locator("fieldset.area legend").bounding_box()
    assert legend["height"] < 30  # one line: the fieldset's border is not cut through
    shot(page, "web-complaint-form-top-phone")

    page.goto(f"{root}/complaints")
    _fill_citizen(page, "001192000123")
    page.click("#send")
    late = page.text_content("#code").strip()
    assert "trang “Tra cứu phản ánh”" in page.text_content("main")
    assert page.locator("#code").bounding_box()["height"] < 60  # one line
    page.goto(f"{root}/complaints")
    _fill_citizen(page, "001192000124")
    page.click("#send")
    refused = page.text_content("#code").strip()
    answer = requests.post(
        f"{root}/api/complaints/{refused}/resolution",
        headers={"Authorization": f"Bearer {central.cli('issue-token', '--central')}"},
        json={"action": "reject", "note": "Hồ sơ đã đủ 2 mũi.", "resolved_by": "Bình",
              "resolved_at": utc_now().isoformat() + "Z"}, timeout=10)
    assert answer.status_code == 200, answer.text
    engine = make_engine(central.database_url)
    with engine.begin() as conn:
        conn.execute(update(Row).where(Row.code == late)
                     .values(received_at=utc_now() - timedelta(hours=50)))
    engine.dispose()

    page.goto(f"{root}/complaints/status?code={late}")
    assert page.get_attribute("nav a[aria-current=page]", "href") == "/complaints/status"
    assert "Đã quá hạn giải quyết (48 giờ): đã báo lên Sở Y tế" in page.text_content("#status")
    label = page.locator("table.facts th").first.bounding_box()
    value = page.locator("table.facts td").first.bounding_box()
    assert value["y"] >= label["y"] + label["height"] - 1  # below its label
    assert value["width"] > 250  # the value has the card's width
    code = page.locator("#complaint .code").bounding_box()
    assert code["height"] < 50 and code["x"] + code["width"] <= 390
    shot(page, "web-complaint-status-phone")

    page.goto(f"{root}/complaints/status?code={refused}")
    assert page.text_content("#status").strip() == "Không chấp nhận"
    assert page.text_content("#outcome strong").strip() == "Không chấp nhận"
    page.set_viewport_size({"width": 1366, "height": 900})
    label = page.locator("table.facts th").first.bounding_box()
    value = page.locator("table.facts td").first.bounding_box()
    assert abs(value["y"] - label["y"]) < 2  # side by side on a desk's screen
    shot(page, "web-complaint-status-desktop")


def test_a_one_word_name_is_checked_then_sent_anyway_without_scripts(
    central: LiveServer, browser, shot,  # noqa: ANN001
) -> None:
    """The desk records "Hùng" once the clerk confirms it; the form refused it for good.
    Now it says so beside the name and sends once the citizen ticks "checked": no script
    needed, nothing filed before the tick."""
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(f"{_root(central)}/complaints")
        _fill_citizen(page, "001070000003")
        page.fill("#full_name", "Hùng")
        page.click("#send")
        assert page.locator("#code").count() == 0
        assert page.text_content("#full_name-warning").strip() == (
            "Họ và tên chỉ có một từ; hãy kiểm tra đã nhập đủ họ và tên chưa.")
        assert "full_name-warning" in page.get_attribute("#full_name", "aria-describedby")
        assert page.locator("#summary").count() == 0  # nothing to correct, only to check
        assert not page.is_checked("#confirm")
        assert page.input_value("#full_name") == "Hùng"
        assert _complaints(central) == []
        shot(page, "web-complaint-check-name")
        assert page.locator("[role=alert]").count() == 1  # the warning, announced
        page.click("#send")  # sent again unticked: asked again, still nothing filed
        assert page.locator("#code").count() == 0 and _complaints(central) == []
        page.fill("#dob", "31/02/1992")  # and an error besides: one alert, the errors'
        page.click("#send")
        assert page.locator("[role=alert]").count() == 1
        assert page.locator("#summary[role=alert]").count() == 1
        assert page.locator("#check").count() == 1  # the warning still shown, not announced
        page.fill("#dob", "15/03/1992")
        page.get_by_label("Tôi đã kiểm tra, vẫn gửi").check()
        page.click("#send")
        assert page.text_content("#code").strip().startswith("PA-")
        [filed] = _complaints(central)
        assert filed.submission.full_name == "Hùng"
    finally:
        context.close()


def test_a_cccd_with_a_digit_missing_is_said_beside_its_field(
    central: LiveServer, page,  # noqa: ANN001
) -> None:
    """Eleven digits were taken as a passport number: filed, routed to no site."""
    page.goto(f"{_root(central)}/complaints")
    _fill_citizen(page, "00119000001")
    page.click("#send")
    assert page.text_content("#id_number-error").strip() == (
        "Số giấy tờ “00119000001” có 11 chữ số: số CCCD có 12 chữ số, số CMND 9 chữ số. "
        "Hãy kiểm tra xem có thiếu hoặc thừa chữ số nào không.")
    assert page.locator("#confirm").count() == 0  # an error: no ticking past it
    assert _complaints(central) == []
