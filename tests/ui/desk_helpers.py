"""Shared steps for desk tests: a screen on a real database, typing, waiting for saves."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.day_defaults import set_day_defaults
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.record_screen import RecordScreen
from desktop_app.ui.tasks import TaskRunner


def make_screen(qtbot, db, *, defaults=True):
    if defaults:
        set_day_defaults(db, "COMIRNATY", "FK1234", "Y tá Lan", actor=AT_THIS_LAPTOP)
    ctx = AppContext(db, TaskRunner(), "vi")
    screen = RecordScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)  # keys and shortcuts go to the active window
    qtbot.waitUntil(lambda: screen.defaults.product_code is not None or not defaults)
    screen.activate()
    return screen


def type_into(qtbot, widget, text_):
    widget.setFocus()
    type_text(qtbot, widget, text_)


def type_text(qtbot, widget, text_):
    """Type like a keyboard with a Vietnamese input method: one key event per character.

    QTest.keyClicks only knows ASCII (it aborts on "ễ"), so other characters are sent as the
    key events an input method produces: no key code, the character as the event's text."""
    for char in text_:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(widget, key, modifier)


def rows(db, sql, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def accept_screening(qtbot, screen):
    """The checklist a save opens for an unscreened person: Enter (one key) says eligible."""
    qtbot.waitUntil(lambda: getattr(screen, "screening", None) is not None
                    and screen.screening.isVisible())
    press(qtbot, screen.screening, Qt.Key.Key_Return)


def screening_of(qtbot, screen, id_number):
    """The person found by ID and opened (Enter), then the screening checklist opened with
    F2 from the dose form: the checklist dialog."""
    type_into(qtbot, screen.search.box, id_number)
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible())
    press(qtbot, screen.dose_form.lot, Qt.Key.Key_F2)
    return screen.screening


def wait_saved(qtbot, screen, count_before, db, *, screened=False):
    """The dose saved and the form cleared; a person not ``screened`` (by the test, e.g.
    with F2) is screened eligible first with Enter, as the clerk would."""
    if not screened:
        accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: rows(db, "SELECT count(*) FROM dose")[0][0] > count_before)
    qtbot.waitUntil(lambda: not screen.entry.isVisible())


def open_area(qtbot, db, area: str, lang: str = "en", actor=None):
    """The main window, active, showing ``area`` reached by its Ctrl+number shortcut
    (``actor``: who is logged in; the test supervisor when not given)."""
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    set_language(lang)
    ctx = AppContext(db, TaskRunner(), lang)
    if actor is not None:
        ctx.actor = actor
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    number = list(window.areas).index(area) + 1
    qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
    screen = window.areas[area]
    assert window.stack.currentWidget() is screen
    return ctx, window, screen


def record_probes(sync, monkeypatch) -> list[tuple]:
    """What each of the sync controller's probes found, in order, as ``(reachable, records
    waiting, report due)``; the controller still acts on each as it did."""
    probed: list[tuple] = []
    checked = sync._probed
    monkeypatch.setattr(sync, "_probed", lambda result: (probed.append(result),
                                                         checked(result)))
    return probed
