"""Locks the app after a while with no key press or mouse use: a laptop left on the desk
between sessions is not left logged in. Unlocking is a login (the same person or another,
who then acts under their own account); a save in flight finishes meanwhile."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
            QEvent.Type.Wheel}


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

    def _fire(self) -> None:
        self.locked = True
        try:
            self._on_idle()
        finally:
            self.locked = False
            self.timer.start()
