"""The task runner: work off the GUI thread, results on it, newest-wins, cancellable jobs."""

import threading

from desktop_app.ui.tasks import Cancelled, TaskRunner


def test_work_runs_off_the_gui_thread_and_results_arrive_on_it(qtbot):
    runner = TaskRunner()
    gui = threading.current_thread()
    seen = {}

    def work():
        seen["worker"] = threading.current_thread()
        return 42

    def done(value):
        seen["value"], seen["callback"] = value, threading.current_thread()

    runner.db(work, done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["worker"] is not gui
    assert (seen["value"], seen["callback"]) == (42, gui)


def test_errors_reach_the_error_callback_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    errors = []
    runner.db(lambda: 1 / 0, lambda v: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)


def test_only_the_newest_call_under_a_key_reports(qtbot):
    runner = TaskRunner()
    gate = threading.Event()
    results = []
    runner.db(gate.wait)  # hold the worker so the next calls queue up
    for query in ("n", "ng", "ngu"):
        runner.db(lambda q=query: q, results.append, latest="search")
    gate.set()
    runner.wait_idle()
    qtbot.wait(50)
    assert results == ["ngu"]


def test_jobs_report_progress_and_can_be_cancelled(qtbot):
    runner = TaskRunner()
    progress, outcome = [], []
    release = threading.Event()
    cleaned_up = threading.Event()

    def steps():
        try:
            for i in range(1000):
                if i == 3:
                    release.wait(5)
                yield i
        finally:
            cleaned_up.set()

    job = runner.db_job(steps, progress.append, outcome.append, outcome.append)
    qtbot.waitUntil(lambda: len(progress) >= 3)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(outcome))
    assert isinstance(outcome[0], Cancelled)
    assert cleaned_up.is_set()
    assert len(progress) < 1000


def test_a_finished_job_returns_its_value(qtbot):
    runner = TaskRunner()
    done = []

    def steps():
        yield 1
        yield 2
        return "finished"

    runner.db_job(steps, lambda p: None, done.append)
    qtbot.waitUntil(lambda: bool(done))
    assert done == ["finished"]


def test_thousands_of_results_arrive(qtbot):
    """A day at a site means thousands of searches and saves through the runner. PySide6
    6.12.0 aborted the process after a few hundred signal emissions; this guards upgrades."""
    runner = TaskRunner()
    results = []
    for i in range(5000):
        runner.db(lambda i=i: None if i % 2 else i, results.append)
    runner.wait_idle()
    qtbot.waitUntil(lambda: len(results) == 5000, timeout=20000)
    assert results.count(None) == 2500
