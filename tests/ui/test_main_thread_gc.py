"""Python's cycle collector runs on the GUI thread only while the UI runs: a widget left in a
reference cycle was destroyed by a collection firing in a task runner's worker, which froze
both threads for good (a CI worker hung in ``QTableView.setModel``)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QLabel

from desktop_app.gc_paused import gc_paused
from desktop_app.ui import main_thread_gc


def test_a_widget_in_a_cycle_dies_on_the_gui_thread_not_in_a_worker(qtbot, qapp):
    assert not gc.isenabled()  # the app's collector in charge (tests/conftest.py)
    died_in: list[str] = []

    class Noted(QLabel):
        def __del__(self) -> None:  # where the collector frees it (its C++ side with it)
            died_in.append(threading.current_thread().name)

    label = Noted("vòng")
    label.cycle = label  # a reference cycle: only the collector frees it
    del label
    kept: list[list] = []  # held: freed at once they would not count against the threshold
    worker = threading.Thread(target=lambda: kept.extend([] for _ in range(50_000)),
                              name="worker")
    worker.start()  # allocates far past generation 0's threshold
    worker.join()
    assert died_in == []  # the worker collected nothing
    collector = qapp.findChild(main_thread_gc.MainThreadGc)
    qtbot.waitUntil(lambda: died_in == [threading.main_thread().name], timeout=3000)
    assert collector.timer.isActive()


def test_bulk_work_pauses_the_gui_threads_collector_too(qtbot, qapp):
    collector = main_thread_gc.install(qapp)
    before = gc.get_stats()[0]["collections"]
    with gc_paused():
        garbage = [[] for _ in range(5_000)]
        for item in garbage:
            item.append(item)  # cycles
        del garbage
        qtbot.wait(3 * main_thread_gc.CHECK_MS)
        assert gc.get_stats()[0]["collections"] == before
    assert not gc.isenabled() and collector.timer.isActive()
