"""A dialog that takes typing loses nothing typed on Esc, Cancel or its window's close
without asking, as the desk asks of a person or a dose not saved (a reviewer: a correction,
a void's reason, a reaction were dropped at once). The question is the modal box of
``dialogs.confirm``, answered here by a stand-in: the boundary is Qt's modal loop."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt

from desktop_app.services.observation import Watched
from desktop_app.ui import dialogs
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.observation_panel import ReactionDialog
from desktop_app.ui.records.correction_dialogs import VoidDialog
from desktop_app.ui.tasks import TaskRunner
from tests.ui.test_records_changed_elsewhere import a_dose, record_window


@pytest.fixture
def dose(db, site):
    return a_dose(db)


def _answering(monkeypatch, answer: bool) -> list[str]:
    asked: list[str] = []

    def confirm(_parent, title, _text, _yes, _no):  # noqa: ANN001, ANN202
        asked.append(title)
        return answer

    monkeypatch.setattr(dialogs, "confirm", confirm)
    return asked


def test_a_correction_typed_is_kept_unless_the_user_discards_it(qtbot, db, dose,
                                                                monkeypatch):
    ctx, window = record_window(qtbot, db, dose.dose_id)
    window.correct_person_button.click()
    fix = window.child
    asked = _answering(monkeypatch, False)
    qtbot.keyClick(fix, Qt.Key.Key_Escape)  # nothing typed: closes unasked
    assert asked == [] and not fix.isVisible()
    window.correct_person_button.click()
    fix = window.child
    fix.person_form.phone.setText("0912345678")
    qtbot.keyClick(fix, Qt.Key.Key_Escape)
    assert asked == ["Discard what was typed?"] and fix.isVisible()  # kept editing
    assert fix.person_form.phone.text() == "0912345678"
    _answering(monkeypatch, True)
    fix.close()  # the window's close asks the same; discarded
    assert not fix.isVisible()
    window.close()
    ctx.runner.wait_idle()


def test_a_void_reason_and_a_reaction_typed_are_not_dropped_unasked(qtbot, db, dose,
                                                                    monkeypatch):
    ctx = AppContext(db, TaskRunner(), "en")
    void = VoidDialog(ctx, dose.dose_id, "Mũi 1", None)
    qtbot.addWidget(void)
    void.show()
    void.reason.setPlainText("Nhập nhầm người")
    asked = _answering(monkeypatch, False)
    void.reject()
    assert asked and void.isVisible()
    watched = Watched(dose.dose_id, "p1", "Lê Văn Tám", "VAXZEVRIA", 1, datetime(2026, 12, 1))
    reaction = ReactionDialog(ctx, watched)
    qtbot.addWidget(reaction)
    reaction.show()
    reaction.reject()  # nothing typed
    assert len(asked) == 1 and not reaction.isVisible()
    reaction.show()
    reaction.description.setText("Chóng mặt")
    reaction.reject()
    assert len(asked) == 2 and reaction.isVisible()
    ctx.runner.wait_idle()


def test_a_phoned_in_complaint_and_a_note_to_the_citizen_are_not_dropped_unasked(
        qtbot, db, site, monkeypatch):
    from desktop_app.ui.complaints.hotline_form import HotlineDialog
    from desktop_app.ui.complaints.note_dialog import NoteDialog

    ctx = AppContext(db, TaskRunner(), "en")
    call = HotlineDialog(ctx, None)
    qtbot.addWidget(call)
    call.show()
    asked = _answering(monkeypatch, False)
    call.reject()  # nothing taken down
    assert asked == [] and not call.isVisible()
    call.show()
    call.full_name.setText("Phạm Thị Lan")
    call.reject()
    assert asked and call.isVisible()
    note = NoteDialog("Reject", "", "Hồ sơ đã đúng.", parent=None)
    qtbot.addWidget(note)
    note.show()
    note.reject()  # the proposal as it was
    assert len(asked) == 1 and not note.isVisible()
    note.show()
    note.note.setPlainText("Hồ sơ đã đúng; chị gọi lại số 1900.")
    note.reject()
    assert len(asked) == 2 and note.isVisible()
    ctx.runner.wait_idle()


def test_a_call_whose_only_answers_are_its_kind_and_dose_number_is_not_dropped_unasked(
        qtbot, db, site, monkeypatch):
    """The caller's first words are often what went wrong and which dose: picked in the
    form, they are what was taken down so far (a reviewer: Esc dropped them unasked)."""
    from desktop_app.ui.complaints.hotline_form import HotlineDialog

    ctx = AppContext(db, TaskRunner(), "en")
    asked = _answering(monkeypatch, False)
    for pick in (lambda call: call.kind.setCurrentIndex(call.kind.count() - 1),
                 lambda call: call.dose_number.setValue(2)):
        call = HotlineDialog(ctx, None)
        qtbot.addWidget(call)
        call.show()
        pick(call)
        asked.clear()
        call.reject()
        assert asked == ["Discard what was typed?"] and call.isVisible()
    ctx.runner.wait_idle()
