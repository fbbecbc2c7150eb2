"""Work done while no window is open: the first start's demo before any database is
unlocked, the passphrase change between two windows. No event loop runs then, so ``Op``
cannot bring results back; this runs the work on a thread, with a progress dialog kept
painted by a loop of its own, and returns its result (or raises its error) here."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog

R = TypeVar("R")


def run_between_windows(label: str, work: Callable[[Callable[[int, int], None]], R]) -> R:
    """Run ``work(report)`` on a thread; ``report(done, total)`` moves the bar (else it
    stays busy). Nothing can be stopped: the dialog has no cancel button."""
    progress = QProgressDialog(label, "", 0, 0)
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
    progress.close()
    if "error" in state:
        raise state["error"]
    return state["result"]


def _follow(progress: QProgressDialog, state: dict[str, Any], worker: threading.Thread,
            loop: QEventLoop) -> None:
    if "step" in state:
        done, total = state["step"]
        progress.setMaximum(total)
        progress.setValue(done)
    if not worker.is_alive():
        loop.quit()
