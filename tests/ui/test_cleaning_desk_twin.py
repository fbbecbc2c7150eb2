"""Review 31e: a record the desk saved after PERSON_MAYBE_REGISTERED ("Save anyway") goes on
the worklist as POSSIBLE_SAME_PERSON "for a supervisor to merge or to tell apart". The
supervisor must be able to tell which record it may be: the desk named it (the flag's audit
entry holds ``same_as``), and the worklist names it too (``services/cleaning_twins``)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt

from desktop_app.db.models import Person
from desktop_app.rules.identity import IdType, NoIdReason, Sex
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui import merge_records
from desktop_app.ui.cleaning.case_correction import CaseCorrectionDialog
from desktop_app.ui.cleaning.case_merge import CaseMergeDialog
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
        # Her name is the row's own: said "cùng tên" in the narrow column, where it once
        # pushed the number that tells them apart out of sight at 1024 pixels.
        assert cell.data() == f"Có thể trùng người với: cùng tên, số giấy tờ {CMND}"
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


def test_the_supervisor_merges_the_two_from_the_worklist_and_can_split_them_again(
        qtbot, db, site, boss, monkeypatch):
    """Found to be one person: merged from her case (no complaint to resolve), the last
    word naming both records and the dose that moves; the case leaves the worklist; split
    again from the same screen, the two records stand apart again."""
    no_id = PersonInput("Trần Thị Bích", date(1990, 6, 5), Sex.FEMALE, IdType.NONE, None,
                        NoIdReason.HOMELESS_OR_ITINERANT)
    first = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 8, 1), "Lan"),
                        person=no_id, today=TODAY, actor=boss)
    again = PersonInput("Trần Thị Bích", date(1990, 6, 5), Sex.FEMALE, IdType.CCCD, CCCD)
    second = record_dose(db, DoseInput("COMIRNATY", "FK1", 2, date(2021, 8, 29), "Lan"),
                         person=again, today=TODAY, actor=boss, confirm_warnings=True)
    # The two questions the merge asks are modal boxes (``dialogs.confirm``): answered here.
    asked: list[str] = []
    monkeypatch.setattr(merge_records, "confirm",
                        lambda _p, _title, said, *_a: asked.append(said) or True)

    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        # Hers, and the record without an ID (on the list to be checked by the police).
        qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
        [row] = [r for r in range(2) if screen.model.case_at(r).person_id == second.person_id]
        # Hers alone chosen (selectRow adds to a selection while a modifier key is down).
        screen.table.selectionModel().setCurrentIndex(
            screen.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        assert screen.merge_button.isEnabled() and not screen.unmerge_button.isVisible()
        screen.merge_button.click()
        qtbot.waitUntil(lambda: isinstance(screen.dialog, CaseMergeDialog))
        dialog = screen.dialog
        assert dialog.keep.id == second.person_id
        # Her namesake found by the name the dialog searched first; nothing chosen for her.
        qtbot.waitUntil(lambda: [h.id for h in dialog.hits.rows] == [first.person_id])
        assert dialog.chosen is None and not dialog.merge_button.isEnabled()
        dialog.table.selectRow(0)
        dialog.merge_button.click()
        qtbot.waitUntil(lambda: dialog.outcome is not None)
        assert len(asked) == 1 and "1 mũi" not in asked[0]  # the screen speaks English
        assert "no ID" not in asked[0] and "none" in asked[0] and CCCD in asked[0]
        assert "1 dose" in asked[0] or "1 " in asked[0]
        with db.reading() as s:
            folded = s.get(Person, first.person_id)
            assert folded.merged_into == second.person_id
        assert "Trần Thị Bích" in screen.message.text()
        assert screen.unmerge_button.isVisible()
        # One person: her flag settled, the folded record's case closed with it.
        qtbot.waitUntil(lambda: screen.model.rowCount() == 0)

        screen.unmerge_button.click()  # two people after all
        qtbot.waitUntil(lambda: not screen.unmerge_button.isVisible())
        assert len(asked) == 2 and "go back to the record it folded" in asked[1]
        with db.reading() as s:
            assert s.get(Person, first.person_id).merged_into is None
        # The folded record's case back where the merge found it; hers stays settled: split,
        # they were told apart.
        qtbot.waitUntil(lambda: screen.model.rowCount() == 1)
        assert screen.model.case_at(0).person_id == first.person_id
        assert not errors
    finally:
        if screen.dialog is not None:
            screen.dialog.close()
        screen.ctx.runner.wait_idle()
