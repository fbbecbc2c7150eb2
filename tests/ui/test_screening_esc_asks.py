"""Found by a review (keyboard-only clerk): the screening checklist dropped what was ticked and the
reason typed on Esc, without asking, unlike every other dialog that takes typing
(the reaction, the void reason, the hotline form: ``dialogs.may_discard``); it asks now."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui import dialogs
from tests.ui.desk_helpers import make_screen, press, rows, type_text


@pytest.fixture
def asked(monkeypatch):
    """The modal question (``dialogs.confirm``, Qt's modal loop: the boundary), answered
    "Keep editing"; each title asked is recorded."""
    titles: list[str] = []

    def confirm(_parent, title, _text, _yes, _no):  # noqa: ANN001, ANN202
        titles.append(title)
        return False

    monkeypatch.setattr(dialogs, "confirm", confirm)
    return titles


def test_esc_in_the_screening_checklist_does_not_drop_ticks_and_reason_unasked(
        qtbot, db, site, asked):
    record_dose(db, DoseInput("COMIRNATY", "FK0001", 1, date(2021, 9, 1), "Hoa"),
                person=PersonInput("Đỗ Minh Vân", date(1988, 3, 4), Sex.FEMALE,
                                   IdType.CCCD, "001188000777"),
                confirm_warnings=True, actor=AT_THIS_LAPTOP)
    screen = make_screen(qtbot, db)
    type_text(qtbot, screen.search.box, "001188000777")
    qtbot.waitUntil(lambda: screen.search.shown_query == "001188000777")
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: getattr(screen, "screening", None) is not None
                    and screen.screening.isVisible())
    dialog = screen.screening
    qtbot.waitUntil(dialog.isActiveWindow)
    # By keyboard: the keys start on the first item, Space ticks it (anaphylaxis after a
    # dose), then the reason, typed.
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Space)
    assert dialog.answered() == ["ANAPHYLAXIS_PREVIOUS_DOSE"]
    dialog.reason.setFocus()
    type_text(qtbot, dialog.reason, "Phản vệ sau mũi 1, chuyển bệnh viện")
    press(qtbot, dialog.reason, Qt.Key.Key_Escape)  # a stray Esc
    qtbot.wait(100)
    # Expected: asked, as the reaction and the void reason ask; kept editing, all still there.
    assert asked == ["Discard what was typed?"]
    assert dialog.isVisible()
    assert dialog.answered() == ["ANAPHYLAXIS_PREVIOUS_DOSE"]
    assert dialog.reason.text() == "Phản vệ sau mũi 1, chuyển bệnh viện"
    assert rows(db, "SELECT count(*) FROM screening")[0][0] == 0
    screen.ctx.runner.wait_idle()
