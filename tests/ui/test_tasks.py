"""The task runner and the Op builder: work off the GUI thread, results on it, newest-wins,
cancellable generators, one error path, and pools that do not wait on each other."""

import threading

import pytest
from PySide6.QtWidgets import QWidget

from desktop_app.progress import Cancelled
from desktop_app.rules.messages import UserError
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op
from desktop_app.ui.tasks import Pool, TaskRunner


def test_work_runs_off_the_gui_thread_and_results_arrive_on_it(qtbot):
    runner = TaskRunner()
    gui = threading.current_thread()
    seen = {}

    def work():
        seen["worker"] = threading.current_thread()
        return 42

    def done(value):
        seen["value"], seen["callback"] = value, threading.current_thread()

    runner.run(Pool.READS, work, on_done=done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["worker"] is not gui
    assert (seen["value"], seen["callback"]) == (42, gui)


def test_errors_reach_the_error_callback_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    errors = []
    runner.run(Pool.WRITES, lambda: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)


def test_only_the_newest_call_under_a_key_reports(qtbot):
    runner = TaskRunner()
    gate = threading.Event()
    results = []
    runner.run(Pool.READS, gate.wait)  # hold the worker so the next calls queue up
    for query in ("n", "ng", "ngu"):
        runner.run(Pool.READS, lambda q=query: q, on_done=results.append, latest="search")
    gate.set()
    runner.wait_idle()
    qtbot.wait(50)
    assert results == ["ngu"]


def test_an_outdated_calls_answer_already_queued_is_dropped_error_or_result(qtbot):
    """Answers wait in the GUI thread's queue while it is busy; a newer call made meanwhile
    outdates them: neither the error nor the result of the older one is delivered."""
    runner = TaskRunner()
    errors, results = [], []
    runner.run(Pool.READS, lambda: 1 / 0, on_error=errors.append, latest="search")
    runner.run(Pool.READS, lambda: "older", on_done=results.append, latest="other")
    runner.wait_idle()  # both finished on the worker; their answers wait in the queue
    runner.run(Pool.READS, lambda: "newer", on_done=results.append, on_error=errors.append,
               latest="search")
    runner.run(Pool.READS, lambda: "newest", on_done=results.append, latest="other")
    qtbot.waitUntil(lambda: len(results) == 2)
    qtbot.wait(20)
    assert errors == [] and results == ["newer", "newest"]


def test_generators_report_progress_and_can_be_cancelled(qtbot):
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

    job = runner.run(Pool.BULK, steps, on_progress=progress.append, on_done=outcome.append,
                     on_error=outcome.append)
    qtbot.waitUntil(lambda: len(progress) >= 3)
    job.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(outcome))
    assert isinstance(outcome[0], Cancelled)
    assert cleaned_up.is_set()
    assert len(progress) < 1000


def test_a_finished_generator_returns_its_value(qtbot):
    runner = TaskRunner()
    done = []

    def steps():
        yield 1
        yield 2
        return "finished"

    runner.run(Pool.BULK, steps, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done))
    assert done == ["finished"]


def test_a_long_write_does_not_hold_up_reads_or_the_network(qtbot):
    runner = TaskRunner()
    gate = threading.Event()
    runner.run(Pool.WRITES, gate.wait)
    runner.run(Pool.BULK, gate.wait)
    answered = []
    runner.run(Pool.READS, lambda: "read", on_done=answered.append)
    runner.run(Pool.NETWORK, lambda: "net", on_done=answered.append)
    qtbot.waitUntil(lambda: len(answered) == 2, timeout=5000)
    gate.set()
    runner.wait_idle()
    assert sorted(answered) == ["net", "read"]


def test_thousands_of_results_arrive(qtbot):
    """A day at a site means thousands of searches and saves through the runner. PySide6
    6.12.0 aborted the process after a few hundred signal emissions; this guards upgrades."""
    runner = TaskRunner()
    results = []
    for i in range(5000):
        runner.run(Pool.READS, lambda i=i: None if i % 2 else i, on_done=results.append)
    runner.wait_idle()
    qtbot.waitUntil(lambda: len(results) == 5000, timeout=20000)
    assert results.count(None) == 2500


# -- Op: how screens run work -------------------------------------------------------------

@pytest.fixture
def ctx(db, qtbot):
    context = AppContext(db, TaskRunner(), "vi")
    context.shown = []
    context.error_handler = lambda exc, parent: context.shown.append((exc, parent))
    yield context
    context.runner.wait_idle()


def test_an_op_hands_the_database_to_the_work_and_the_result_to_the_screen(ctx, qtbot):
    got = []
    Op.read(ctx, None, lambda db: db is ctx.db).done(got.append).run()
    qtbot.waitUntil(lambda: bool(got))
    assert got == [True]


def test_a_failed_op_goes_to_the_one_error_dialog_unless_it_handles_it(ctx, qtbot):
    screen = QWidget()
    qtbot.addWidget(screen)
    Op.write(ctx, screen, lambda db: (_ for _ in ()).throw(UserError("SYNC_NO_SITE"))).run()
    qtbot.waitUntil(lambda: bool(ctx.shown))
    exc, parent = ctx.shown[0]
    assert isinstance(exc, UserError) and parent is screen
    own = []
    Op.write(ctx, screen, lambda db: 1 / 0).failed(own.append).run()
    qtbot.waitUntil(lambda: bool(own))
    assert isinstance(own[0], ZeroDivisionError) and len(ctx.shown) == 1


def test_a_cancelled_op_reports_nothing_and_its_token_reaches_network_work(ctx, qtbot):
    started, seen = threading.Event(), []

    def waits(db, token):
        started.set()
        token.sleep(10)  # as the HTTP client waits out a backoff

    job = Op.network(ctx, None, waits).done(seen.append).run()
    assert started.wait(5)
    job.cancel()
    ctx.runner.wait_idle(5000)
    qtbot.wait(50)
    assert seen == [] and ctx.shown == []


def test_results_for_a_closed_screen_are_dropped(ctx, qtbot):
    screen = QWidget()
    gate, got = threading.Event(), []
    Op.read(ctx, screen, lambda db: gate.wait(5)).done(got.append).run()
    screen.deleteLater()
    qtbot.wait(20)
    gate.set()
    ctx.runner.wait_idle()
    qtbot.wait(50)
    assert got == []
