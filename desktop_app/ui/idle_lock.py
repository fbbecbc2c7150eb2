"""Locks the app after a while with no key press or mouse use: a laptop left on the desk
between sessions is not left logged in. Unlocking is a login (the same person or another,
who then acts under their own account); a save in flight finishes meanwhile.

A closed lid counts as time away. Qt's timer runs on a monotonic clock that stops while
Linux sleeps: a lid closed a minute after the last key left the app unlocked when opened
after lunch, and the first key of whoever opened it counted the minutes afresh. The idle
time is read on the wall clock and on a clock that counts sleep where the OS has one,
whichever says more (the wall clock set back never keeps the lock away; set forward, it
locks early); a key pressed after the minutes are up by either is no activity: it locks.

While locked, nothing of a person's data shows (``Curtain``): the main window's areas are
hidden and every other window of the app (a record opened from the list, a correction, a
screening with a name in its title) is covered. Covered, not hidden: a dialog run with
``exec()`` ends when hidden, and what was typed in it with it. The same person back finds
everything as they left it; another person finds those windows closed, for what they held
was given to, or typed by, the one before (a record's Correct and Void, a form under their
name). What work ending meanwhile would ask waits for the login (``ui/when_present.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QToolTip, QVBoxLayout, QWidget

from desktop_app.clock import utc_now

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
            QEvent.Type.Wheel}
# The clocks are compared this often besides: a laptop woken past its minutes locks within
# this long, before anyone touches it (Qt's timer still had them all to run).
WAKE_CHECK_MS = 5_000
# Windows that are not a window a person works in: closed at the lock, never covered.
_FLEETING = {Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen}


class IdleLock(QObject):
    def __init__(self, minutes: float, on_idle: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_idle = on_idle
        # Its interval is the idle time (tests shorten it); the clocks are read against it.
        self.timer = QTimer(self, singleShot=True, interval=max(1, int(minutes * 60_000)),
                            timeout=self._fire)
        self.wake_check = QTimer(self, interval=WAKE_CHECK_MS, timeout=self._check)
        self.locked = False
        self._due = False  # the minutes are up: the lock is on its way
        self._active()

    def start(self) -> None:
        self._active()
        self.timer.start()
        self.wake_check.start()

    def stop(self) -> None:
        self.timer.stop()
        self.wake_check.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() not in ACTIVITY or self.locked:
            return False
        if self._due or self._away():
            # Not typed into the form behind: the lock comes first (from the event loop,
            # not inside this event's delivery).
            if not self._due:
                self._due = True
                QTimer.singleShot(0, self, self._fire)
            return True
        self._active()
        self.timer.start()  # restart: idle time counts from the last activity
        return False

    def hold(self, lock: Callable[[], None]) -> None:
        """Run ``lock`` (the idle one, or one the person asked for) as the one lock: not
        twice at once, activity meanwhile not counted, idle time counted afresh after."""
        if self.locked:
            return
        self.locked = True
        self.stop()
        try:
            lock()
        finally:
            self.locked = self._due = False
            self.start()

    def _fire(self) -> None:
        self.hold(self._on_idle)

    def _check(self) -> None:
        if not self.locked and not self._due and self._away():
            self._fire()

    def _active(self) -> None:
        self._wall, self._boot = utc_now(), _counting_sleep()

    def _away(self) -> bool:
        """The idle time is up by the wall clock or by the one that counts sleep."""
        limit = self.timer.interval() / 1000
        return (utc_now() - self._wall).total_seconds() >= limit \
            or _counting_sleep() - self._boot >= limit


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


def _counting_sleep() -> float:
    """Seconds on a clock that runs on while the laptop sleeps where the OS has one (Linux's
    CLOCK_BOOTTIME; Windows' monotonic clock counts sleep already)."""
    boot = getattr(time, "CLOCK_BOOTTIME", None)
    return time.clock_gettime(boot) if boot is not None else time.monotonic()


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
