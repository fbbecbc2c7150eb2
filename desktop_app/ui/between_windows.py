"""Work done while no window is open: the first start's demo before any database is
unlocked, the passphrase change between two windows. No event loop runs then, so ``Op``
cannot bring results back; this runs the work on a thread, with a progress dialog kept
painted by a loop of its own, and returns its result (or raises its error) here."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QProgressDialog

R = TypeVar("R")


def run_between_windows(label: str, work: Callable[[Callable[[int, int], None]], R]) -> R:
    """Run ``work(report)`` on a thread; ``report(done, total)`` moves the bar (else it
    stays busy). Nothing can be stopped: the dialog has no cancel button."""
    progress = _Unclosable(label, "", 0, 0)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(0)
    progress.show()
    state: dict[str, Any] = {}

    def run() -> None:
        try:
            state["result"] = work(lambda done, total: state.__setitem__("step", (done, total)))
        except BaseException as exc:  # noqa: BLE001 - raised again below, on this thread
            state["error"] = exc

    worker = threading.Thread(target=run, name="between-windows", daemon=True)
    loop = QEventLoop()
    timer = QTimer(interval=100)
    timer.timeout.connect(lambda: _follow(progress, state, worker, loop))
    worker.start()
    timer.start()
    loop.exec()
    timer.stop()
    progress.finished_work = True
    progress.close()
    if "error" in state:
        raise state["error"]
    return state["result"]


class _Unclosable(QProgressDialog):
    """Escape or the title bar's X would hide it while the work goes on, leaving no window
    at all: someone may then kill VaxDesk mid-way. It closes when the work is done."""

    finished_work = False

    def reject(self) -> None:
        if self.finished_work:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.finished_work:
            super().closeEvent(event)
        else:
            event.ignore()


def _follow(progress: QProgressDialog, state: dict[str, Any], worker: threading.Thread,
            loop: QEventLoop) -> None:
    if "step" in state:
        done, total = state["step"]
        progress.setMaximum(total)
        progress.setValue(done)
    if not worker.is_alive():
        loop.quit()
