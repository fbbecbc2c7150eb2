"""At 1024×600 the desk's new-person form scrolled its Save button out of sight (Ctrl+S
still worked, but a clerk reaching for the mouse found no button): the action buttons stay
below the scrolling form, always in view, while every field can still be scrolled to."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner


def _shown_in(widget, window) -> bool:
    """Visible, and its whole rectangle inside the window and inside every clipping parent
    (a scroll area's viewport), as a person would see it."""
    if not widget.isVisible():
        return False
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        clip = QRect(parent.mapTo(window, parent.rect().topLeft()), parent.size())
        if not clip.contains(rect):
            return False
        parent = parent.parentWidget()
    return window.rect().contains(rect)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_new_person_forms_buttons_are_in_view_at_1024x600(qtbot, db, site, lang):
    set_language(lang)
    ctx = AppContext(db, TaskRunner(), lang)
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.resize(QSize(1024, 600))
    window.show()
    qtbot.waitUntil(lambda: window.size() == QSize(1024, 600))
    desk = window.areas["record"]
    window.show_area("record")
    desk.start_new_person("")
    ctx.runner.wait_idle()
    QApplication.processEvents()
    for button in (desk.save_button, desk.screening_button, desk.cancel_button):
        assert _shown_in(button, window), button.text()
    # Every field is still there: Tab from the first to the last scrolls each into view,
    # and the buttons stay where they are.
    form = desk.person_form
    form.full_name.setFocus()
    seen = []
    for _ in range(30):
        field = QApplication.focusWidget()
        seen.append(field)
        assert _shown_in(field, window), type(field).__name__
        if field is desk.dose_form.vaccinator:
            break
        qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert desk.dose_form.vaccinator in seen and form.phone in seen
    assert _shown_in(desk.save_button, window)
    desk.back_to_search()
    assert not desk.save_button.isVisible()
