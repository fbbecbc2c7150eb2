"""Review 31e: a record the desk saved after PERSON_MAYBE_REGISTERED ("Save anyway") goes on
the worklist as POSSIBLE_SAME_PERSON "for a supervisor to merge or to tell apart". The
supervisor must be able to tell which record it may be: the desk named it (the flag's audit
entry holds ``same_as``), and the worklist names it too (``services/cleaning_twins``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.cleaning.case_correction import CaseCorrectionDialog
from desktop_app.ui.cleaning.case_table_model import COLUMNS
from tests.ui.cleaning_helpers import open_cleaning_screen

TODAY = date(2022, 6, 1)
CMND, CCCD = "123456789", "001190000102"


def test_the_worklist_names_the_record_the_desk_flagged_as_the_same_person(
        qtbot, db, site, boss):
    her = PersonInput("Trần Thị Bích", date(1990, 6, 5), Sex.FEMALE, IdType.CMND, CMND)
    assert record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 8, 1), "Lan"),
                       person=her, today=TODAY, actor=boss).saved
    again = PersonInput("Trần Thị Bích", date(1990, 6, 5), Sex.FEMALE, IdType.CCCD, CCCD)
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 8, 29), "Lan"),
                      person=again, today=TODAY, actor=boss)
    assert [p.code for p in out.problems] == ["PERSON_MAYBE_REGISTERED"]
    assert CMND in out.problems[0].message("vi")  # the desk named her CMND record
    assert record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 8, 29), "Lan"),
                       person=again, today=TODAY, actor=boss, confirm_warnings=True).saved

    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        screen.ctx.lang = "vi"
        screen.refresh()
        qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
        cell = screen.model.index(0, COLUMNS.index("problems"))
        # Named once the worker has read which record it may be (after the list itself).
        qtbot.waitUntil(lambda: CMND in cell.data())
        assert screen.model.index(0, COLUMNS.index("id")).data() == CCCD
        shown = {"problems": cell.data(),
                 "tooltip": cell.data(Qt.ItemDataRole.ToolTipRole)}
        screen.table.selectRow(0)
        screen.correct_current()
        qtbot.waitUntil(lambda: isinstance(screen.dialog, CaseCorrectionDialog))
        shown["correction dialog"] = screen.dialog.open_problems.text()
        assert not errors
        # Her other record: only its number tells it from this one (same name and birth).
        assert all(CMND in said for said in shown.values()), shown
    finally:
        if screen.dialog is not None:
            screen.dialog.close()
        screen.ctx.runner.wait_idle()
