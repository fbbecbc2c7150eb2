"""The setup's ward box (issue #19): typed text that names no ward, or several, says so at
once under the box and picks nothing; Tab always moves on, popup open or not; a ward is
chosen only by the clerk (Down/Enter on the list, or a name that fits one ward alone).
Driven by real key events."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.desk_helpers import type_text
from tests.ui.test_setup_dialog import key, open_dialog, typed


def to_ward_box(qtbot, db):
    dialog = open_dialog(qtbot, db, first_run=True)
    dialog.province.setFocus()
    typed(qtbot, "ha noi")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    assert dialog.province.code() == "01"
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.commune
    return dialog


def test_a_name_that_matches_nothing_says_no_match_and_tab_moves_on(qtbot, db):
    dialog = to_ward_box(qtbot, db)
    typed(qtbot, "zzq")
    error = dialog._errors["commune"]
    qtbot.waitUntil(error.isVisible)
    assert "zzq" in error.text() and "Nothing matches" in error.text()
    key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.product
    assert dialog.commune.code() is None


def test_several_matches_pick_nothing_and_tab_leaves_the_open_list(qtbot, db):
    dialog = to_ward_box(qtbot, db)
    typed(qtbot, "yen")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    key(qtbot, Qt.Key.Key_Tab)  # with the list open: it closes and the focus moves on
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    assert QApplication.focusWidget() is dialog.product
    assert dialog.commune.code() is None  # never the first of the list, silently
    assert dialog.commune.typed_text() == "yen"
    assert "several" in dialog._errors["commune"].text()


def test_enter_on_an_open_list_with_nothing_highlighted_picks_nothing(qtbot, db):
    dialog = to_ward_box(qtbot, db)
    typed(qtbot, "yen")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    key(qtbot, Qt.Key.Key_Return)
    assert dialog.commune.code() is None
    assert dialog.commune.typed_text() == "yen"


def test_the_message_goes_when_the_text_names_one_ward(qtbot, db):
    dialog = to_ward_box(qtbot, db)
    typed(qtbot, "zzq")
    error = dialog._errors["commune"]
    qtbot.waitUntil(error.isVisible)
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Backspace)
    type_text(qtbot, dialog.commune.lineEdit(), "Phường Láng")
    qtbot.waitUntil(lambda: not error.isVisible())
    key(qtbot, Qt.Key.Key_Tab)
    assert dialog.commune.code() is not None
    assert dialog.commune.currentText() == "Phường Láng"
