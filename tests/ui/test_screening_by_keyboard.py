"""The screening checklist by keyboard alone (found by a review, keyboard-only clerk): it
opened with the keys on its scrolling frame, not on an item (Space ticked nothing, and the
frame was a dead Tab stop on every round), and dropped what was ticked and the reason typed
on Esc, without asking, unlike every other dialog that takes typing (the reaction, the void
reason, the hotline form: ``dialogs.may_discard``); it asks now."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPushButton

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.ui.desk_helpers import make_screen, press, rows, type_text
from tests.ui.test_discard_typed import _answering


def _checklist(qtbot, db):  # noqa: ANN001, ANN202
    """A returning person opened at the desk by her CCCD, F2: the checklist, active."""
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
    qtbot.waitUntil(screen.screening.isActiveWindow)
    return screen, screen.screening


def test_the_checklist_opens_on_its_first_item_and_every_tab_stop_takes_a_key(qtbot, db, site):
    screen, dialog = _checklist(qtbot, db)
    stops = []
    for _ in range(len(dialog.items) + 5):
        stops.append(QApplication.focusWidget())
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Tab)
    dead = sorted({type(w).__name__ for w in stops
                   if not isinstance(w, (QCheckBox, QComboBox, QLineEdit, QPushButton))})
    press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Escape)
    screen.ctx.runner.wait_idle()
    assert isinstance(stops[0], QCheckBox), f"opens on {type(stops[0]).__name__}"
    assert dead == []


def test_esc_in_the_screening_checklist_does_not_drop_ticks_and_reason_unasked(
        qtbot, db, site, monkeypatch):
    asked = _answering(monkeypatch, False)  # "Keep editing" (Qt's modal loop: the boundary)
    screen, dialog = _checklist(qtbot, db)
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
