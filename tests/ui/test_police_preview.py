"""The police's returned file in the preview dialog, on real widgets over a real database:
rows the rules refuse shown as refused with the reason (as Apply will treat them), an
answer the importer does not know named as such, the people the police left out named, the
report saved from the app, and after Apply a dialog that still fits a small laptop screen
(every refused row once went into one label: 784×1298)."""

from __future__ import annotations

import json

import openpyxl
from PySide6.QtWidgets import QPushButton

from desktop_app.services import police_export, police_returned
from desktop_app.ui.cleaning import police_buttons, police_preview
from desktop_app.ui.cleaning.police_buttons import PoliceButtons
from desktop_app.ui.cleaning.police_preview import PolicePreviewDialog
from tests.cleaning.people import TODAY, paper

NAMES = [f"Nguyễn Văn {given}" for given in (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hùng", "Khánh", "Lâm", "Long",
    "Minh", "Nam", "Phong", "Quang", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Vinh",
    "Xuân", "Yên", "Bảo", "Châu", "Đức", "Hòa", "Kiên", "Lộc")]


def _returned(db, boss, tmp_path, answers, drop=()):
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    for row in list(sheet.iter_rows(min_row=2)):
        for column, value in answers(row[0].value).items():
            row[column].value = value
    for number in sorted((r[0].row for r in sheet.iter_rows(min_row=2)
                          if r[0].value in drop), reverse=True):
        sheet.delete_rows(number)
    back = tmp_path / "tra-ve.xlsx"
    book.save(back)
    return police_returned.read_returned(db, back, "en", today=TODAY)


def _column(table, column):
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_the_preview_shows_what_apply_will_do(qtbot, boss_ctx, db, site, boss, tmp_path,
                                              monkeypatch):
    lan = paper(db, dob="")  # her CCCD says 1985
    cuc = paper(db, full_name="Lê Thị Cúc", dob="", id_number="")
    left_out = paper(db, full_name="Đỗ Văn An", dob="", id_number="")
    answers = {lan: {11: "02/02/1962", 14: "sai thông tin"}, cuc: {11: "01/01/1980",
                                                                  14: "đã xác minh"}}
    returned = _returned(db, boss, tmp_path, lambda pid: answers.get(pid, {}),
                         drop=[left_out])
    dialog = PolicePreviewDialog(boss_ctx, returned)
    qtbot.addWidget(dialog)
    results = dict(zip(_column(dialog.changes, 1), _column(dialog.changes, 4), strict=True))
    assert results["Phạm Thị Lan"] == "Refused by the rules"
    assert results["Lê Thị Cúc"] == "“đã xác minh”: not a recognised answer"
    why = _column(dialog.unused, 1)
    assert any("birth year" in w for w in why), why
    assert any("khớp, sai thông tin, không tìm thấy" in w for w in why)
    assert "Not in the returned file: Đỗ Văn An" in why[-1]
    assert "1 refused by the rules" in dialog.summary.text()
    assert "1 person sent in the same list is not in the returned file" in dialog.summary.text()

    report = tmp_path / "bao-cao.json"
    monkeypatch.setattr(police_preview, "ask_save_path", lambda *a: report)
    dialog.report_button.click()
    qtbot.waitUntil(report.exists)
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["not_returned"] == [{"person_id": left_out, "name": "Đỗ Văn An"}]


def test_after_apply_the_dialog_fits_a_small_screen(qtbot, boss_ctx, db, site, boss, tmp_path,
                                                    monkeypatch):
    for name in NAMES:
        paper(db, full_name=name, dob="", id_number="")
    returned = _returned(db, boss, tmp_path,
                         lambda _pid: {11: "01/01/2030", 14: "sai thông tin"})
    dialog = PolicePreviewDialog(boss_ctx, returned)
    qtbot.addWidget(dialog)
    dialog.resize(1008, 552)
    dialog.show()
    monkeypatch.setattr(police_preview, "confirm", lambda *a: True)
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None)
    assert len(dialog.outcome.refused) == len(NAMES)
    assert dialog.outcome_label.text().startswith("Applied: 0 people corrected")
    assert dialog.minimumSizeHint().height() <= 552
    assert dialog.unused.rowCount() == len(NAMES)  # the refused rows, in a table that scrolls
    close = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Close")
    assert close.isVisible() and dialog.rect().contains(
        close.mapTo(dialog, close.rect().bottomRight()))


def test_exporting_asks_with_the_people_already_sent_left_out(qtbot, boss_ctx, db, site, boss,
                                                              tmp_path, monkeypatch):
    from desktop_app.ui.cleaning.counts_bar import CountsBar

    paper(db, dob="")
    police_export.export_for_police(db, tmp_path / "a.xlsx", actor=boss)
    paper(db, full_name="Lê Thị Cúc", dob="", id_number="")
    buttons = PoliceButtons(boss_ctx, CountsBar(boss_ctx))
    qtbot.addWidget(buttons)
    buttons.allow(True, 2)
    asked = []
    monkeypatch.setattr(police_buttons, "confirm", lambda *a: asked.append(a[2]) or False)
    buttons.export_button.click()
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert asked[0].startswith("1 person of the list chosen will be written")
    assert "1 person already sent for verification is left out" in asked[0]
