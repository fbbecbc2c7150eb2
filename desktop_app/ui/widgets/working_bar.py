"""What a dialog of the start (login, restore) shows while its one job runs beside it: a
bar that says what is awaited, the dialog's inputs held still, and the answer delivered
back on the GUI thread. These dialogs come before the main window and its ``Op``s."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop_app.ui.tasks import Pool, TaskRunner


class WorkingBar(QWidget):
    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(label)  # beside the bar: a busy bar draws no text in most styles
        bar = QProgressBar()
        bar.setRange(0, 0)  # how long it takes is not known
        bar.setTextVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(bar, 1)
        self.setVisible(False)
        self.busy = False
        self._runner = TaskRunner(self)
        self._held: Sequence[QWidget] = ()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None],
            on_error: Callable[[BaseException], None], *, hold: Sequence[QWidget]) -> None:
        """``fn()`` on a worker; ``hold`` disabled until its answer reaches ``on_done`` or
        ``on_error`` (both on the GUI thread). A second call while one runs is ignored."""
        if self.busy:
            return
        self._held = hold
        self._set(True)

        def done(value: Any) -> None:
            self._set(False)
            on_done(value)

        def failed(exc: BaseException) -> None:
            self._set(False)
            on_error(exc)

        self._runner.run(Pool.BULK, fn, on_done=done, on_error=failed)

    def _set(self, busy: bool) -> None:
        self.busy = busy
        self.setVisible(busy)
        for widget in self._held:
            widget.setEnabled(not busy)
