"""The app leaves alone a platform that asked for a pause (review_sync, item 6).

A platform under load answered the push 429 ``Retry-After: 900`` while ``/metadata`` still
answered: every open VaxDesk probed each minute, found it reachable with records waiting,
and started a whole round again, fifteen times the load asked for, from every site at once.
Now no automatic round starts before the time asked; "Sync now" still does; the clerk reads
when the next try is. A platform that answers but keeps failing (5xx) gets a pause that
doubles; a link that went gets none (the probe already waits for it to come back).

The platform is the plain FHIR server with batch behind ``tests/sync/hapi_like.py``,
answering the batch POST itself; the controller and the window are real, offscreen."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.clock import utc_now, utc_to_local
from desktop_app.rules.messages import text as catalogue_text
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.ui.context import AppContext
from desktop_app.ui.sync import controller as ctl
from desktop_app.ui.tasks import TaskRunner
from tests.sync.hapi_like import HapiLike
from tests.sync.helpers import make_people
from tests.sync.test_plain_fhir import batch_front, plain  # noqa: F401 - the fixtures
from tests.ui.desk_helpers import open_area, record_probes

THROTTLED = {"resourceType": "OperationOutcome", "issue": [{
    "severity": "error", "code": "throttled", "diagnostics": "too many, come back in 15 min"}]}


@pytest.fixture
def front(plain, batch_front) -> HapiLike:  # noqa: F811
    syncing.save_config(plain.db, batch_front.url, plain.token, actor=AT_THIS_LAPTOP)
    return batch_front


def test_a_platform_asking_for_15_minutes_is_not_asked_again_each_minute(
        qtbot, plain, front, monkeypatch):  # noqa: F811
    make_people(plain.db, 3, doses_each=1)
    front.refuse = lambda ids: (429, THROTTLED, {"Retry-After": "900"})
    ctx, window, screen = open_area(qtbot, plain.db, "sync", "vi")
    sync = window.sync
    failures: list[str] = []
    sync.failed.connect(failures.append)
    probed = record_probes(sync, monkeypatch)

    with qtbot.waitSignal(sync.failed, timeout=30_000):
        sync.check()  # the timer's path: reachable, records wait: a round, refused 429
    assert len(front.batches) == 1
    assert sync.next_try is not None
    assert timedelta(minutes=14) < sync.next_try - utc_now() <= timedelta(minutes=15)
    at = f"{utc_to_local(sync.next_try):%H:%M}"
    assert failures[-1].endswith(catalogue_text("SYNC_NEXT_TRY", "vi", time=at))
    assert screen.result_label.text() == failures[-1]

    for minute in range(1, 4):  # the next minutes' checks: reachable, and records wait
        sync.check()
        qtbot.waitUntil(lambda n=minute: len(probed) == 1 + n, timeout=10_000)
        ctx.runner.wait_idle()
        assert len(front.batches) == 1 and not sync.running  # not asked again
    assert probed[-1] == (True, 6, True)  # records wait, a report is due: still no round
    qtbot.waitUntil(lambda: window.status.connection_label.text() ==
                    "Trực tuyến · " + catalogue_text("SYNC_NEXT_TRY_SHORT", "vi", time=at))

    with qtbot.waitSignal(sync.failed, timeout=30_000):
        screen.sync_button.click()  # a person may still ask: "Sync now" goes
    assert len(front.batches) == 2

    front.refuse = None  # the platform has room again: a round that works ends the pause
    with qtbot.waitSignal(sync.finished, timeout=30_000):
        screen.sync_button.click()
    assert sync.next_try is None
    qtbot.waitUntil(lambda: window.status.connection_label.text() == "Trực tuyến")
    ctx.runner.wait_idle()


def test_a_platform_that_keeps_failing_gets_a_growing_pause_and_a_lost_link_none(
        qtbot, db, site):
    ctx = AppContext(db, TaskRunner(), "en")
    sync = ctl.SyncController(ctx, auto=False)
    failures: list[str] = []
    sync.failed.connect(failures.append)
    sync._error(syncing.ServerUnavailable("ConnectionError: refused"))  # no answer came
    assert sync.next_try is None and not failures[-1].endswith("sooner.")

    pauses = []
    for _ in range(8):  # answered 502 every round
        sync._error(syncing.ServerUnavailable("HTTP 502", 502))
        pauses.append(round((sync.next_try - utc_now()).total_seconds() / 60))
        assert failures[-1].endswith("press \"Sync now\" to send sooner.")
    assert pauses == [2, 4, 8, 16, 30, 30, 30, 30]  # minutes: doubling, at most half an hour
    sync._error(syncing.RateLimited("HTTP 429", 0))  # too many, and no time said
    assert round((sync.next_try - utc_now()).total_seconds() / 60) == 30
    sync._done(syncing.SyncSummary())
    assert sync.next_try is None
    sync._error(syncing.ServerUnavailable("HTTP 503", 503))  # counted afresh
    assert round((sync.next_try - utc_now()).total_seconds() / 60) == 2
    ctx.runner.wait_idle()


def test_a_pause_ends_by_the_wall_clock_when_the_laptop_slept_through_it(
        qtbot, db, site, monkeypatch):
    """Linux's monotonic clock stops while the laptop sleeps: a 15-minute pause begun
    before a 2-hour lunch break outlived it, while the bar said the next try was long
    past. The pause now ends at whichever clock reaches it first. The sleep is played by
    the wall clock alone moving on (the boundary: a test cannot suspend the machine)."""
    ctx = AppContext(db, TaskRunner(), "en")
    sync = ctl.SyncController(ctx, auto=False)
    sync._error(syncing.RateLimited("HTTP 429", 900))
    assert sync.next_try is not None  # paused
    after_lunch = utc_now() + timedelta(hours=2)
    monkeypatch.setattr(ctl, "utc_now", lambda: after_lunch)
    assert sync.next_try is None  # the automatic round may go
    ctx.runner.wait_idle()


def test_a_probe_answered_after_its_window_closed_is_dropped(qtbot, plain, front):  # noqa: F811
    """A sign-out or a language switch closes the window while its sync controller's probe
    of the platform is on the wire: its answer reached the deleted controller ("Signal
    source has been deleted", the error dialog). Dropped now, as a screen's are."""
    import shiboken6

    ctx = AppContext(plain.db, TaskRunner(), "en")
    sync = ctl.SyncController(ctx, auto=False)
    sync.check()
    shiboken6.delete(sync)  # the window and its controller go, the probe still out
    ctx.runner.wait_idle()
    qtbot.wait(50)  # the answer's delivery, on the GUI thread: nothing raised
