"""Python's cycle collector, run on the GUI thread only.

The collector runs in whichever thread allocates when a generation fills, and so in the
task runner's workers (a search, a sync round, an import). A widget left in a reference
cycle (a closed dialog and its lambdas) is then destroyed in that worker: its destructor
takes a lock of Qt's signal machinery and waits for the GIL, while the GUI thread holds
the GIL and waits for that lock in its next ``connect``. Both wait for ever; the window
freezes (seen in CI: a worker's SQLAlchemy query collecting a QLabel, the GUI thread in
``QTableView.setModel``). So the automatic collector is switched off while the UI runs,
and a timer on the GUI thread collects each generation as its thresholds say it would
have: widgets die where they live.

While bulk work pauses the collector (``gc_paused``: an import allocates tens of millions
of containers in no cycle), the timer waits too.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from desktop_app import gc_paused

CHECK_MS = 250  # often enough that a generation never grows far past its threshold


class MainThreadGc(QObject):
    """Installed once, on the QApplication (``install``)."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self, interval=CHECK_MS, timeout=self.collect)
        self.timer.start()

    def collect(self) -> None:
        if gc_paused.paused():
            return
        young, middle, old = gc.get_count()
        first, second, third = self.thresholds
        if young > first:
            gc.collect(0)
            if middle > second:
                gc.collect(1)
                if old > third:
                    gc.collect(2)


    def stop(self) -> None:
        """Give the automatic collector back (tests that share one process between Qt and
        plain work: with no widget at work on the GUI thread, a worker's collection of one
        left over waits for no lock; the next test with widgets takes over again)."""
        self.timer.stop()
        gc.enable()
        self.setParent(None)


def install(app: QObject) -> MainThreadGc:
    """The collector moved to ``app``'s thread (the GUI's); the same one if already there."""
    found = app.findChild(MainThreadGc)
    return found if found is not None else MainThreadGc(app)
