"""A conflict shown as its two versions side by side before a person chooses, on real widgets
against a real central server process (the usability review of the sync screen)."""

from __future__ import annotations

import requests
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import AuditEntry, Dose, Person
from desktop_app.wire import fhir
from tests.sync.helpers import central_edit, make_people
from tests.ui.desk_helpers import open_area


def _shown(screen) -> dict[str, tuple[str, str, bool]]:
    """The comparison as a clerk sees it: label -> (this laptop, central, highlighted)."""
    table = screen.compare.table
    return {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text(),
                                      table.item(r, 0).font().bold())
            for r in range(table.rowCount())}


def _select_conflict(qtbot, screen) -> None:
    qtbot.waitUntil(lambda: any(i.state == "conflict" for i in screen.issues))
    screen.table.selectRow(next(r for r, i in enumerate(screen.issues) if i.state == "conflict"))
    qtbot.waitUntil(lambda: screen.compare.isVisible() and screen.compare.table.rowCount() > 0)


def _answer_confirm(monkeypatch, yes: bool) -> None:
    """The confirmation is a modal box: answer it as a clerk clicking "Có" or "Không"."""
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    monkeypatch.setattr(QMessageBox, "clickedButton",
                        lambda self: self.buttons()[0 if yes else 1])


def _person_conflict(wired) -> str:
    [pid] = make_people(wired.db, 1, doses_each=1)
    wired.sync()
    central_edit(wired, pid, full_name="Trần Thị Bích")
    with wired.db.transaction() as s:
        store.update_person(s, s.get(Person, pid), {"phone": "0911000111"}, now=utc_now())
    return pid


def test_a_person_conflict_shows_both_versions_field_by_field(qtbot, wired, monkeypatch):
    pid = _person_conflict(wired)
    with wired.db.reading() as s:
        person = s.get(Person, pid)
        name, dob, sex, number = person.full_name, person.dob, person.sex, person.id_number
    ctx, window, screen = open_area(qtbot, wired.db, "sync", "vi")
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        screen.sync_button.click()
    _select_conflict(qtbot, screen)
    shown = _shown(screen)
    assert shown["Họ và tên"] == (name, "Trần Thị Bích", True)
    assert shown["Số điện thoại"] == ("0911000111", "—", True)
    # Read as a clerk reads them: dd/mm/yyyy, Nam/Nữ, the document's name; the same on both
    # sides, so not highlighted.
    assert shown["Ngày sinh"] == (f"{dob:%d/%m/%Y}",) * 2 + (False,)
    assert shown["Giới tính"] == ({"M": "Nam", "F": "Nữ"}[sex],) * 2 + (False,)
    assert shown["Loại giấy tờ"] == ("Căn cước công dân (CCCD)",) * 2 + (False,)
    assert shown["Số CCCD/CMND"] == (number, number, False)
    assert "Địa chỉ" in shown
    assert [label for label, (_m, _t, marked) in shown.items() if marked] == [
        "Họ và tên", "Số điện thoại"]
    cells = " ".join(f"{m} {t}" for m, t, _ in shown.values())
    assert not any(raw in cells for raw in ("{", "Patient", "female", "male", "None"))
    assert screen.theirs_button.text() == "Lấy bản của hệ thống trung tâm"
    assert not screen.empty.isVisible()

    _answer_confirm(monkeypatch, yes=False)  # choosing still asks first: "Không" keeps all
    screen.theirs_button.click()
    ctx.runner.wait_idle()
    with wired.db.reading() as s:
        assert s.get(Person, pid).full_name == name

    _answer_confirm(monkeypatch, yes=True)
    screen.theirs_button.click()
    qtbot.waitUntil(lambda: screen.table.rowCount() == 0)
    assert not screen.compare.isVisible()
    with wired.db.reading() as s:
        assert s.get(Person, pid).full_name == "Trần Thị Bích"
        audit = s.execute(select(AuditEntry).where(AuditEntry.action == "resolve",
                                                 AuditEntry.entity_id == pid)).scalars().all()
    assert len(audit) == 1  # audited once, as before
    ctx.runner.wait_idle()


def test_a_dose_conflict_names_the_vaccine_and_marks_the_lot(qtbot, wired):
    [pid] = make_people(wired.db, 1, doses_each=1)
    wired.sync()
    with wired.db.reading() as s:
        dose = s.execute(select(Dose).where(Dose.person_id == pid)).scalar_one()
        dose_id, day, number = dose.id, dose.dose_date, dose.dose_number
    auth = {"Authorization": f"Bearer {wired.central_token}"}
    url = f"{wired.server.url}/Immunization/{dose_id}"
    current = requests.get(url, headers=auth)
    body = current.json()
    body["lotNumber"] = "FK9999"  # central staff correct the lot
    r = requests.put(url, json=body, headers={**auth, "If-Match": current.headers["ETag"]})
    assert r.status_code == 200, r.text
    with wired.db.transaction() as s:  # and the site, meanwhile, its vaccinator
        store.update_dose(s, s.get(Dose, dose_id), {"vaccinator": "Y tá Hoa"}, now=utc_now())
    ctx, window, screen = open_area(qtbot, wired.db, "sync", "en")
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        screen.sync_button.click()
    _select_conflict(qtbot, screen)
    shown = _shown(screen)
    product = ctx.product_name("COMIRNATY")
    assert product != "COMIRNATY"
    assert shown["Vaccine"] == (product, product, False)
    assert shown["Dose date"] == (f"{day:%d/%m/%Y}",) * 2 + (False,)
    assert shown["Dose number"] == (str(number), str(number), False)
    assert shown["Lot"] == ("FK1234", "FK9999", True)
    assert shown["Vaccinator"] == ("Y tá Hoa", "Y tá Lan", True)
    assert shown["State"] == ("Active", "Active", False)
    assert fhir.SYSTEM_VACCINE not in " ".join(m + t for m, t, _ in shown.values())
    ctx.runner.wait_idle()


def test_an_empty_list_says_there_is_nothing_to_fix(qtbot, db, site):
    ctx, _window, screen = open_area(qtbot, db, "sync", "vi")
    qtbot.waitUntil(screen.empty.isVisible)
    assert screen.empty.text() == ("Không có gì cần xử lý: không có hồ sơ nào bị từ chối hay "
                                   "đang xung đột.")
    assert screen.table.rowCount() == 0 and not screen.compare.isVisible()
    ctx.runner.wait_idle()


def test_the_choices_name_the_central_platform_as_the_house_does(qtbot, db, site):
    """resources/i18n/glossary.md: "hệ thống trung tâm", never "trung tâm" alone."""
    import re
    import xml.etree.ElementTree as ET
    from pathlib import Path

    ctx, _window, screen = open_area(qtbot, db, "sync", "vi")
    assert screen.theirs_button.text() == "Lấy bản của hệ thống trung tâm"
    assert screen.mine_button.text() == "Giữ bản trên máy này"
    ts = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "vaxdesk_vi.ts"
    alone = [m.findtext("translation") for m in ET.parse(ts).getroot().iter("message")
             if re.search(r"(?<!hệ thống )trung tâm", m.findtext("translation") or "",
                          re.IGNORECASE)]
    assert alone == []
    ctx.runner.wait_idle()
