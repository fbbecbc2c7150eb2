"""Records for the merge and split tests, and the windows they are merged and split from:
the worklist's chosen case and merge dialog, a record's window. Real database and widgets."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QItemSelectionModel

from desktop_app.rules.identity import IdType, NoIdReason, Sex
from desktop_app.services.doses import DoseInput, PersonInput, RecordOutcome, record_dose
from desktop_app.ui.cleaning.case_merge import CaseMergeDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.records.record_dialog import RecordDialog
from desktop_app.ui.tasks import TaskRunner

TODAY = date(2022, 6, 1)
ROWS = QItemSelectionModel.SelectionFlag.Rows


def recorded(db, actor, name: str, number: str | None, dose: int, day: date, *,  # noqa: ANN001
             dob: date = date(1990, 6, 5), phone: str | None = None) -> RecordOutcome:
    """A woman recorded at the desk with one dose ("Save anyway" to any warning): under a
    CCCD, or without an ID (``number`` None: itinerant)."""
    person = PersonInput(name, dob, Sex.FEMALE, IdType.CCCD if number else IdType.NONE,
                         number, None if number else NoIdReason.HOMELESS_OR_ITINERANT,
                         phone=phone)
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", dose, day, "Lan"), person=person,
                      today=TODAY, actor=actor, confirm_warnings=True)
    assert out.saved, out.problems
    return out


def record_window(qtbot, db, actor, dose_id: str, lang: str = "en") -> RecordDialog:  # noqa: ANN001
    """The Records area's window on ``dose_id``, loaded, as ``actor``."""
    if lang != "en":
        set_language(lang)
    ctx = AppContext(db, TaskRunner(), lang)
    ctx.actor = actor
    dialog = RecordDialog(ctx, dose_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.detail is not None)
    return dialog


def choose_case(screen, person_id: str) -> int:  # noqa: ANN001
    """Her case alone chosen (and current), as a click on it does (``selectRow`` adds to
    a selection while a modifier key is down)."""
    [row] = [r for r in range(screen.model.rowCount())
             if screen.model.case_at(r).person_id == person_id]
    screen.table.selectionModel().setCurrentIndex(
        screen.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | ROWS)
    return row


def open_case_merge(qtbot, screen, keep_id: str) -> CaseMergeDialog:  # noqa: ANN001
    """The worklist's merge dialog, ``keep_id``'s case chosen."""
    choose_case(screen, keep_id)
    screen.merge_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, CaseMergeDialog))
    return screen.dialog
