"""The public complaint pages in a real Chromium against the real central server: a citizen
files a complaint choosing their province and commune by name, gets a code, and follows it to
the outcome a site posts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from central_server.fhir.store import utc_now
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
    page.click("#send")

    code = page.text_content("#code").strip()
    assert code.startswith("PA-") and len(code) == 11
    assert "48 giờ" in page.text_content("main")
    shot(page, "web-complaint-code")

    page.click("#status-link")
    assert page.text_content("#status").strip() == "Đang xử lý"
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
