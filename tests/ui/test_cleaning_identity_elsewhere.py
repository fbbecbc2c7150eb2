"""The worklist shows what a linked record of another site gives for a person flagged
"other details at another site" (a name corrected there), beside the record's own, so the
supervisor can check both against the card: in the problems column, its tooltip and the
correction dialog, in Vietnamese. The platform's answer built as the lookup reads it (the
live round trip is tests/sync/test_lookup_across.py)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt

from desktop_app.services import lookup
from desktop_app.ui.cleaning.case_correction import CaseCorrectionDialog
from desktop_app.ui.cleaning.case_table_model import COLUMNS
from tests.cleaning.brought import CCCD, held_here, on_platform
from tests.ui.cleaning_helpers import open_cleaning_screen

SAID = "HN-0009 ghi khác: Họ và tên “Nguyễn Văn Bính”; Ngày sinh “02/05/1980”"


def test_the_worklist_shows_the_other_sites_values(qtbot, db, site, boss):
    pid = held_here(db, boss, number=CCCD)
    answer = on_platform()
    [there] = answer.patients
    corrected = replace(there, fields=replace(
        there.fields, full_name="Nguyễn Văn Bính", dob=there.fields.dob.replace(day=2)))
    assert lookup.bring_person(db, replace(answer, patients=[corrected]), actor=boss) == pid

    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        screen.ctx.lang = "vi"
        screen.refresh()
        cell = screen.model.index(0, COLUMNS.index("problems"))
        qtbot.waitUntil(lambda: SAID in (cell.data() or ""))
        assert SAID in cell.data(Qt.ItemDataRole.ToolTipRole)
        assert screen.model.index(0, COLUMNS.index("name")).data() == "Nguyễn Văn Bình"
        screen.table.selectRow(cell.row())
        screen.correct_current()
        qtbot.waitUntil(lambda: isinstance(screen.dialog, CaseCorrectionDialog))
        assert SAID in screen.dialog.open_problems.text()
        assert not errors
    finally:
        if screen.dialog is not None:
            screen.dialog.close()
        screen.ctx.runner.wait_idle()
