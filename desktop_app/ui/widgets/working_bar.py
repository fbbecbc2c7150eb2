"""What a dialog of the start (login, restore) shows while its one job runs beside it: a
bar that says what is awaited, the dialog's inputs held still, and the answer handed back
on the GUI thread. These dialogs come before the main window and its ``Op``s: the job is a
plain thread, its answer picked up by a timer of the bar's own, so nothing crosses threads
in Qt and nothing is left behind when the dialog closes on the answer."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QWidget

from desktop_app.ui.widgets.plain_label import plain_label

POLL_MS = 50


class WorkingBar(QWidget):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = plain_label(label)  # beside the bar: a busy bar draws no text in most styles
        self.bar = bar = QProgressBar()
        bar.setTextVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(bar, 1)
        self.setVisible(False)
        self.busy = False
        self._held: Sequence[QWidget] = ()
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._look)
        self._answer: list[tuple[bool, Any]] = []
        self._then: tuple[Callable[[Any], None], Callable[[BaseException], None]] | None = None

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None], *, hold: Sequence[QWidget]) -> None:
        """``fn()`` on a thread; ``hold`` disabled until its answer reaches ``on_done`` or
        ``on_error`` (both on the GUI thread). A second call while one runs is ignored."""
        if self.busy:
            return
        self._held, self._then, self._answer = hold, (on_done, on_error), []
        self._set(True)
        answer = self._answer

        def work() -> None:
            try:
                answer.append((True, fn()))
            except BaseException as exc:  # noqa: BLE001 - handed to on_error
                answer.append((False, exc))

        threading.Thread(target=work, name="vaxdesk-start-job", daemon=True).start()
        self._poll.start()

    def _look(self) -> None:
        if not self._answer or self._then is None:
            return
        self._poll.stop()
        (ok, value), (on_done, on_error) = self._answer[0], self._then
        self._then = None
        self._set(False)
        (on_done if ok else on_error)(value)

    def _set(self, busy: bool) -> None:
        self.busy = busy
        self.bar.setRange(0, 0 if busy else 1)  # busy (how long is not known) only while so
        self.setVisible(busy)
        for widget in self._held:
            widget.setEnabled(not busy)
