"""The police preview after Apply, and the police's words on the worklist, on real widgets
over a real database: Apply once replaced the table of rows not applied with the rows it
refused only (the rows skipped when read, and the people the police left out, vanished) and
counted too few; the police's "Đã chết" and their notes were shown nowhere."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt

from desktop_app.importers.police_file import WRITTEN
from desktop_app.services import police_apply, police_export, police_returned
from desktop_app.services.records import correct_person
from desktop_app.ui.cleaning import police_preview
from desktop_app.ui.cleaning.case_table_model import COLUMNS
from desktop_app.ui.cleaning.police_preview import PolicePreviewDialog
from tests.cleaning.people import TODAY, paper
from tests.ui.cleaning_helpers import open_cleaning_screen

RESULT = WRITTEN.index("Kết quả xác minh")


def _column(table, column):
    return [table.item(r, column).text() for r in range(table.rowCount())]


def _back(db, boss, tmp_path, answers, drop=(), stranger=False, notes=None):
    """The police's file: ``answers`` person id -> {column: value}; ``notes``: person id ->
    the text of a "Ghi chú" column the officer added at the end."""
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    added = sheet.max_column + 1
    if notes is not None:
        sheet.cell(1, added).value = "Ghi chú"
    for row in list(sheet.iter_rows(min_row=2)):
        for column, value in answers.get(row[0].value, {}).items():
            row[column].value = value
        if notes is not None:
            sheet.cell(row[0].row, added).value = notes.get(row[0].value)
    for number in sorted((r[0].row for r in sheet.iter_rows(min_row=2)
                          if r[0].value in drop), reverse=True):
        sheet.delete_rows(number)
    if stranger:  # a row of a record this database does not have
        sheet.append(["mã-không-có", "Người lạ", *[""] * 10, "khớp"])
    book.save(tmp_path / "tra-ve.xlsx")
    return tmp_path / "tra-ve.xlsx"


def test_the_preview_names_the_polices_own_answer_and_notes(qtbot, boss_ctx, db, site, boss,
                                                             tmp_path):
    cuc = paper(db, full_name="Lê Thị Cúc", dob="", id_number="")
    back = _back(db, boss, tmp_path, {cuc: {RESULT: "Đã chết"}}, notes={cuc: "năm 2022"})
    dialog = PolicePreviewDialog(boss_ctx, police_returned.read_returned(db, back, "en",
                                                                    today=TODAY))
    qtbot.addWidget(dialog)
    # Read as no one to verify, which is what Apply does with it: "Not found" said the
    # police had not found the person.
    assert _column(dialog.changes, 4) == ["Cannot verify (“Đã chết”; năm 2022)"]
    assert dialog.unused.rowCount() == 0 and dialog.apply_button.isEnabled()


def test_a_first_answer_of_a_few_rows_is_what_the_preview_shows_and_apply_is_not_red(
        qtbot, boss_ctx, db, site, boss, tmp_path, monkeypatch):
    """Review 6 Dec 2026: 10 answered rows of 348 were lost among 338 "no result yet" rows
    in both tables, and Apply's summary came out red for them."""
    ids = [paper(db, full_name=f"Người Số {n}", dob="", id_number="") for n in range(1, 9)]
    back = _back(db, boss, tmp_path, {ids[3]: {RESULT: "không tìm thấy"}})
    dialog = PolicePreviewDialog(boss_ctx, police_returned.read_returned(db, back, "en",
                                                                    today=TODAY))
    qtbot.addWidget(dialog)
    assert _column(dialog.changes, 1) == ["Người Số 4"]
    [waiting] = _column(dialog.unused, 1)
    assert waiting.startswith("7 rows without a result yet (rows 2–4, 6–9)"), waiting
    monkeypatch.setattr(police_preview, "confirm", lambda *a: True)
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None)
    said = dialog.outcome_label.text()
    assert "1 to “Cannot verify”" in said and "0 rows not applied" in said, said
    assert "7 rows without a result yet" in said
    assert "color" not in dialog.outcome_label.styleSheet()  # not said as an error
    assert _column(dialog.unused, 1) == [waiting]


def test_after_apply_every_row_not_applied_is_still_listed_and_counted(
        qtbot, boss_ctx, db, site, boss, tmp_path, monkeypatch):
    cuc = paper(db, full_name="Lê Thị Cúc", dob="", id_number="")
    paper(db, full_name="Đỗ Thị Hoa", dob="", id_number="")  # no answer yet
    mai = paper(db, full_name="Vũ Thị Mai", dob="", id_number="")  # left out by the police
    back = _back(db, boss, tmp_path, {cuc: {RESULT: "không tìm thấy"}}, drop=[mai],
                 stranger=True)
    returned = police_returned.read_returned(db, back, "en", today=TODAY)
    dialog = PolicePreviewDialog(boss_ctx, returned)
    qtbot.addWidget(dialog)
    before = list(zip(_column(dialog.unused, 0), _column(dialog.unused, 1), strict=True))
    assert len(before) == 3  # no answer, not in this database, left out

    monkeypatch.setattr(police_preview, "confirm", lambda *a: True)
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None)
    after = list(zip(_column(dialog.unused, 0), _column(dialog.unused, 1), strict=True))
    assert after == before  # nothing of them was done: all still there
    assert any("is not in this database" in why for _n, why in after)
    assert any("Vũ Thị Mai" in why for _n, why in after)
    said = dialog.outcome_label.text()
    assert "1 to “Cannot verify”" in said and "1 row not applied" in said, said
    assert "1 row without a result yet (row " in said  # waiting, said apart
    assert "1 person sent in the same list is not in the returned file" in said
    # One row applied: the summary is no failure; the table of rows not applied is red.
    assert "color" not in dialog.outcome_label.styleSheet()
    assert "color" in dialog.unused_title.styleSheet()


def test_the_worklist_shows_what_the_police_said_of_a_case_they_could_not_verify(
        qtbot, db, site, boss, tmp_path):
    cuc = paper(db, full_name="Lê Thị Cúc", dob="", id_number="")
    back = _back(db, boss, tmp_path, {cuc: {RESULT: "không tìm thấy"}},
                 notes={cuc: "Đã chết năm 2022"})
    police_apply.apply_returned(db, police_returned.read_returned(db, back, today=TODAY),
                                actor=boss, today=TODAY)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    screen.counts.choose(status="cannot_verify")
    qtbot.waitUntil(lambda: not screen.loading and screen.model.rowCount() == 1)
    status = screen.model.index(0, COLUMNS.index("status"))
    qtbot.waitUntil(lambda: "police note" in (status.data() or ""))
    assert "Đã chết năm 2022" in status.data(Qt.ItemDataRole.ToolTipRole)
    assert not errors
    screen.ctx.runner.wait_idle()


def test_after_apply_each_row_of_the_table_says_whether_it_was_applied(
        qtbot, boss_ctx, db, site, boss, tmp_path, monkeypatch):
    """Review 6 Dec 2026: the table of what the police returned looked the same before
    and after Apply ("Now → verified" over values no longer now), so a supervisor could not
    tell which rows her click had written. Here one row is written and the other refused:
    a supervisor corrected that person while the preview was open."""
    cuc = paper(db, full_name="Lê Thị Cúc", dob="", id_number="")
    hoa = paper(db, full_name="Đỗ Thị Hoa", dob="", id_number="")
    dob = WRITTEN.index("Ngày sinh (xác minh)")
    back = _back(db, boss, tmp_path, {cuc: {RESULT: "sai thông tin", dob: "01/02/1980"},
                                      hoa: {RESULT: "sai thông tin", dob: "03/04/1975"}})
    dialog = PolicePreviewDialog(boss_ctx, police_returned.read_returned(db, back, "en",
                                                                    today=TODAY))
    qtbot.addWidget(dialog)
    assert [r.startswith("Wrong details") for r in _column(dialog.changes, 4)] == [True] * 2
    assert correct_person(db, hoa, {"full_name": "Đỗ Thị Hồng"}, actor=boss,
                          today=TODAY).saved
    monkeypatch.setattr(police_preview, "confirm", lambda *a: True)
    dialog.apply_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None)
    by_name = dict(zip(_column(dialog.changes, 1), _column(dialog.changes, 4), strict=True))
    assert by_name == {"Lê Thị Cúc": "Applied: Wrong details",
                       "Đỗ Thị Hoa": "Not applied: Wrong details"}, by_name
    assert dialog.changes.horizontalHeaderItem(3).text() == "Before → verified"
    assert not dialog.apply_button.isEnabled()
