"""Locks the app after a while with no key press or mouse use: a laptop left on the desk
between sessions is not left logged in. Unlocking is a login (the same person or another,
who then acts under their own account); a save in flight finishes meanwhile.

While locked, nothing of a person's data shows (``Curtain``): the main window's areas are
hidden and every other window of the app (a record opened from the list, a correction, a
screening with a name in its title) is covered. Covered, not hidden: a dialog run with
``exec()`` ends when hidden, and what was typed in it with it. The same person back finds
everything as they left it; another person finds those windows closed, for what they held
was given to, or typed by, the one before (a record's Correct and Void, a form under their
name).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QToolTip, QVBoxLayout, QWidget

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
            QEvent.Type.Wheel}
# Windows that are not a window a person works in: closed at the lock, never covered.
_FLEETING = {Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen}


class IdleLock(QObject):
    def __init__(self, minutes: float, on_idle: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_idle = on_idle
        self.timer = QTimer(self, singleShot=True, interval=max(1, int(minutes * 60_000)),
                            timeout=self._fire)
        self.locked = False

    def start(self) -> None:
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in ACTIVITY and not self.locked:
            self.timer.start()  # restart: idle time counts from the last activity
        return False

    def hold(self, lock: Callable[[], None]) -> None:
        """Run ``lock`` (the idle one, or one the person asked for) as the one lock: not
        twice at once, activity meanwhile not counted, idle time counted afresh after."""
        if self.locked:
            return
        self.locked = True
        self.timer.stop()
        try:
            lock()
        finally:
            self.locked = False
            self.timer.start()

    def _fire(self) -> None:
        self.hold(self._on_idle)


class Curtain:
    """What a locked app shows a passer-by of ``main`` and its other windows: nothing."""

    def __init__(self, main: QWidget | None) -> None:
        close_fleeting()
        self.area = main.centralWidget() if main is not None else None  # type: ignore[attr-defined]
        if self.area is not None:
            self.area.setVisible(False)
        self.covers = [_Cover(w) for w in other_windows(main)]

    def lift(self) -> None:
        """The same person is back: every window as they left it."""
        for cover in self.covers:
            cover.remove()
        self._show_area()

    def lift_for_another(self) -> None:
        """Another person logged in: the windows covered close, the innermost first."""
        for cover in sorted(self.covers, key=lambda c: -_depth(c.covered)):
            cover.remove()
            close_window(cover.covered)
        self._show_area()

    def _show_area(self) -> None:
        if self.area is not None:
            self.area.setVisible(True)


def other_windows(main: QWidget | None) -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets()
            if w is not main and w.isVisible() and w.windowType() not in _FLEETING]


def close_window(window: QWidget) -> None:
    if isinstance(window, QDialog):
        window.done(QDialog.DialogCode.Rejected)  # not reject(): nobody is there to ask
    else:
        window.close()


def close_fleeting() -> None:
    """Menus, a completer's list of names, a tool tip: closed."""
    QToolTip.hideText()
    for _ in range(10):  # each closes the one above it; a few at most
        popup = QApplication.activePopupWidget()
        if popup is None:
            return
        popup.close()


class _Cover(QWidget):
    """An opaque sheet over a window's content and a title with no name in it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.covered, self.title = window, window.windowTitle()
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Locked."), alignment=Qt.AlignmentFlag.AlignCenter))
        window.setWindowTitle("VaxDesk")
        window.installEventFilter(self)
        self.setGeometry(window.rect())
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.covered.rect())
        return False

    def remove(self) -> None:
        self.covered.removeEventFilter(self)
        self.covered.setWindowTitle(self.title)
        self.hide()
        self.deleteLater()


def _depth(window: QWidget) -> int:
    depth, parent = 0, window.parentWidget()
    while parent is not None:
        depth, parent = depth + 1, parent.parentWidget()
    return depth
