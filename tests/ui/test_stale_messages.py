"""Red messages go when their cause goes (issue #19): the desk's "not saved" line and the
setup dialog's messages clear as soon as the clerk edits what they were about."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.desk_helpers import make_screen, press, type_into, type_text
from tests.ui.test_setup_dialog import key, open_dialog, typed


def test_the_desks_not_saved_line_goes_when_a_field_is_edited(qtbot, db, site):
    screen = make_screen(qtbot, db)
    screen.start_new_person("")
    press(qtbot, screen.person_form.full_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Not saved" in screen.message.text())
    assert screen.person_form.problems.labels["full_name"].isVisible()
    type_into(qtbot, screen.person_form.full_name, "Lê Thị Hoa")
    assert screen.message.text() == ""
    assert not screen.person_form.problems.labels["full_name"].isVisible()


def test_the_desks_not_saved_line_goes_with_the_person_it_was_about(qtbot, db, site):
    screen = make_screen(qtbot, db)
    screen.start_new_person("")
    press(qtbot, screen.person_form.full_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Not saved" in screen.message.text())
    screen.person_form.clear()  # nothing typed: Esc goes back without asking
    press(qtbot, screen.person_form.full_name, Qt.Key.Key_Escape)
    assert not screen.entry.isVisible()
    assert screen.message.text() == ""


def test_setup_messages_go_when_the_field_changes(qtbot, db):
    dialog = open_dialog(qtbot, db, first_run=True)
    dialog.save_button.click()  # everything empty: each field says what it needs
    code_error = dialog._errors["code"]
    assert code_error.isVisible()
    typed(qtbot, "79-00123")  # the focus went to the first field in error
    assert not code_error.isVisible()
    dialog._show_general("Chưa lưu được: ổ đĩa đầy.")
    assert dialog.general_error.isVisible()
    key(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, QApplication.focusWidget(), "T")
    assert not dialog.general_error.isVisible()
