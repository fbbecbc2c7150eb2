"""A dose-missing complaint overdue at a synced site, answered by the province on the
dashboard (a real login over HTTP, a real central server): the province cannot say a dose
was added, and its reply in words leaves the site's copy open, the reply shown on it; the
site then adds the dose, and only then does the citizen read "Missing dose added"."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import requests
from sqlalchemy import select, update

from central_server.db.engine import make_engine
from central_server.db.models import Complaint as CentralRow
from desktop_app.clock import utc_now
from desktop_app.db.models import Dose
from desktop_app.services import complaints
from desktop_app.wire import complaints as wire
from tests.central.dashboard_world import PASSWORD, root, staff_session
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.sync.test_complaints_sync import file_on_central

REPLY = "Sở Y tế đã liên hệ; trạm Láng Hạ sẽ bổ sung mũi 2 cho chị trong ngày."


def _overdue(wired, code: str) -> None:  # noqa: ANN001
    engine = make_engine(wired.server.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(update(CentralRow).where(CentralRow.code == code)
                         .values(received_at=utc_now() - timedelta(hours=50)))
    finally:
        engine.dispose()


def _answer(s: requests.Session, wired, code: str, action: str, note: str  # noqa: ANN001
            ) -> requests.Response:
    base = root(wired.server)
    page = s.get(f"{base}/dashboard/complaints/{code}")
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    return s.post(f"{base}/dashboard/complaints/{code}", allow_redirects=False,
                  data={"action": action, "note": note, "token": token})


def _status_page(wired, code: str) -> str:  # noqa: ANN001
    html = requests.get(f"{root(wired.server)}/complaints/status", params={"code": code},
                        timeout=30).text
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_province_reply_leaves_the_sites_copy_open_until_the_site_adds_the_dose(
        wired, boss, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    pid = paper(wired.db)
    wired.sync()
    code = file_on_central(wired)["code"]
    _overdue(wired, code)
    wired.sync()
    [item] = complaints.list_complaints(wired.db)
    assert (item.code, item.escalated, item.is_open()) == (code, True, True)

    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    wired.server.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    officer = staff_session(wired.server, "tinh01")
    # "Missing dose added", with no dose added and no note: refused.
    assert _answer(officer, wired, code, wire.ADD_DOSE, "").status_code == 422
    assert _answer(officer, wired, code, wire.PROVINCE_REPLY, REPLY).status_code == 303

    wired.sync()
    [item] = complaints.list_complaints(wired.db)
    # Still the site's: open, no outcome, its buttons' rule (is_open) holds; the reply on it.
    assert (item.status, item.action, item.note, item.is_open()) == \
        (wire.OPEN, None, None, True)
    assert item.overdue(utc_now())
    assert (item.province_reply.action, item.province_reply.note,
            item.province_reply.resolved_by) == (wire.PROVINCE_REPLY, REPLY, "tinh01")
    status = _status_page(wired, code)
    assert "Đang xử lý" in status and REPLY in status
    assert "Đã bổ sung mũi tiêm" not in status and "Đã giải quyết" not in status

    # The site adds the dose: a true outcome, taken by central, read by the citizen.
    form = {"full_name": "Phạm Thị Lan", "dob": "12/03/1985", "sex": "Nữ",
            "id_number": GOOD_ID, "product": "Pfizer", "lot_number": "FK2",
            "dose_number": "2", "dose_date": "07/10/2021", "facility": "Trạm Y tế Kim Liên"}
    out = complaints.resolve_add_dose(wired.db, code, form, note="Đã bổ sung mũi 2.",
                                      actor=boss, today=TODAY)
    assert out.resolved
    summary = wired.sync()
    assert summary.complaints_sent == 1  # taken: the reply had closed nothing
    [item] = complaints.list_complaints(wired.db)
    assert (item.status, item.action, item.send_state) == (wire.RESOLVED, wire.ADD_DOSE, "sent")
    assert item.province_reply.note == REPLY  # what the province said stays readable
    with wired.db.reading() as s:
        assert len(s.scalars(select(Dose).where(Dose.person_id == pid)).all()) == 2
    status = _status_page(wired, code)
    assert "Đã giải quyết" in status and "Đã bổ sung mũi tiêm Đã bổ sung mũi 2." in status


def test_a_dose_the_site_added_offline_stands_over_the_provinces_rejection(
        wired, boss, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """The province rejected the raised complaint ("no dose missing") while the site, offline,
    found dose 2 on paper and added it for the complaint. Before, the site's answer ended as
    a conflict on its laptop and the citizen read "not accepted" about a dose now recorded,
    with no way to reopen it. The record changed: the site's answer stands. A rejection the
    site sent itself is not overruled so, nor a province's reply by the site's rejection."""
    paper(wired.db)
    wired.sync()
    code = file_on_central(wired)["code"]
    _overdue(wired, code)
    wired.sync()
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    wired.server.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    officer = staff_session(wired.server, "tinh01")
    assert _answer(officer, wired, code, wire.REJECT, "Hồ sơ đã đủ mũi.").status_code == 303

    added = complaints.resolve_add_dose(wired.db, code, {
        "full_name": "Phạm Thị Lan", "dob": "12/03/1985", "sex": "Nữ", "id_number": GOOD_ID,
        "product": "Pfizer", "lot_number": "FK2", "dose_number": "2",
        "dose_date": "07/10/2021", "facility": "Trạm Y tế Kim Liên"},
        note="Đã bổ sung mũi 2 theo phiếu tiêm.", actor=boss, today=TODAY)
    assert added.resolved
    wired.sync()
    item = complaints.complaint(wired.db, code)
    assert (item.send_state, item.send_problem, item.status) == ("sent", None, wire.RESOLVED)
    status = _status_page(wired, code)
    assert "Đã bổ sung mũi 2 theo phiếu tiêm." in status and "Hồ sơ đã đủ mũi." not in status
    with wired.db.reading() as s:
        assert s.scalar(select(Dose.id).where(Dose.dose_number == 2)) is not None

    # The site's own rejection stands against its later change: one answer, as before.
    other = file_on_central(wired, text="Sai tên đệm.", kind=wire.DETAILS_WRONG,
                            dose_number=None)["code"]
    wired.sync()
    complaints.resolve_reject(wired.db, other, "Tên đúng theo CCCD.", actor=boss)
    wired.sync()
    refused = requests.post(
        f"{root(wired.server)}/api/complaints/{other}/resolution", timeout=30,
        headers={"Authorization": f"Bearer {wired.token}"},
        json=wire.Resolution(wire.CORRECT, "Đã sửa.", "Hoa", utc_now(),
                             person_id="x").as_json())
    assert refused.status_code == 409
