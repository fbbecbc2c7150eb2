"""Found by a review (keyboard-only clerk): the screening checklist opened with the keys on its
scrolling frame, not on an item: Space ticks nothing, and the frame is a dead Tab stop in
every round of the checklist (Tab from Cancel lands on nothing a key can act on)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QPushButton

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.ui.desk_helpers import make_screen, press, type_text


def test_the_checklist_opens_on_its_first_item_and_every_tab_stop_takes_a_key(qtbot, db, site):
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
