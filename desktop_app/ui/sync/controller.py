"""Runs the sync for the app: on "Sync now", on a timer when the server is reachable, and
when the connection comes back. Never on the GUI thread; never two rounds at once.

The timer starts a round when records wait, and at least every ``REPORT_EVERY_S`` with
nothing to send: each round sends the site's report (``sync/site_report.py``), and the
platform's dashboard marks a site it has not heard from for a day (its
``stale_report_hours``) as not current ("báo cáo cũ"); a desk open and online all day with
nothing new must not read so. The same round brings the complaints routed here, which have
48 hours.

A platform that asked to be left alone is: after a 429 with ``Retry-After``, no automatic
round starts before that time; after a platform that answered but kept failing (5xx), a
pause that doubles with each failed round, up to ``PAUSE_CAP_S``. Every open VaxDesk would
otherwise come back each minute, many times the load an overloaded platform asked for.
"Sync now" still starts a round; ``next_try`` is when the next automatic one may start."""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.clock import utc_now, utc_to_local
from desktop_app.progress import Cancelled, CancelToken
from desktop_app.services import sync as syncing
from desktop_app.services.database import Database
from desktop_app.services.demo_guard import DemoNotSent, is_demo_database
from desktop_app.services.status import site_status
from desktop_app.services.sync import Progress, SyncAlreadyRunning, SyncSummary
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op
from desktop_app.ui.tasks import Job

_log = logging.getLogger(__name__)

CHECK_MS = 60_000  # how often to look for the server while the app is open
FIRST_CHECK_MS = 3_000
PAUSE_CAP_S = 30 * 60  # the longest pause after rounds a failing platform refused
ASKED_CAP_S = 6 * 3600  # the longest a Retry-After is heeded (a restart forgets it anyway)
REPORT_EVERY_S = 3600  # a round at least this often while reachable, records waiting or not


def report_due(last_sync_at: datetime | None, now: datetime) -> bool:
    """A round is due for the site's report alone: none ended yet, or the last ended
    ``REPORT_EVERY_S`` ago (a clock set back since counts as due).

    >>> now = datetime(2026, 12, 5, 2, 0)
    >>> [report_due(at, now) for at in (None, now - timedelta(minutes=59),
    ...  now - timedelta(hours=1), now + timedelta(days=1))]
    [True, False, True, True]
    """
    if last_sync_at is None:
        return True
    ago = (now - last_sync_at).total_seconds()
    return ago >= REPORT_EVERY_S or ago < 0


class SyncController(QObject):
    started = Signal()
    progressed = Signal(object)  # Progress
    finished = Signal(object)  # SyncSummary
    failed = Signal(str)
    # True: reachable, False: not, None: no server configured
    connection_changed = Signal(object)

    def __init__(self, ctx: AppContext, *, auto: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.job: Job | None = None
        self.online: bool | None = None
        # Reached, but the platform refused the site's access code: neither online nor
        # offline to the clerk, and what to fix is the code (cleared by a round that works).
        self.access_refused = False
        self.last_summary: SyncSummary | None = None
        # No automatic round before this (time.monotonic()), and when that is for a person.
        self._not_before: float | None = None
        self._next_try: datetime | None = None  # UTC
        self._failures = 0  # rounds in a row the platform answered but failed
        self._timer = QTimer(self, interval=CHECK_MS, timeout=self.check)
        if auto:
            self._timer.start()
            QTimer.singleShot(FIRST_CHECK_MS, self.check)

    @property
    def running(self) -> bool:
        return self.job is not None and not self.job.done

    @property
    def next_try(self) -> datetime | None:
        """When the next automatic round may start (UTC), while the platform's pause lasts.
        It ends at whichever clock reaches it first: Linux's monotonic clock stops while the
        laptop sleeps (a pause outlived a lunch break), the wall clock can be set back."""
        if self._not_before is None or self._next_try is None \
                or time.monotonic() >= self._not_before or utc_now() >= self._next_try:
            return None
        return self._next_try

    def check(self) -> None:
        """Is the server reachable? If so and records wait, or the site's report is due,
        sync (the 'reconnect' trigger)."""
        if self.running:
            return

        def probe(db: Database, token: CancelToken) -> tuple[bool | None, int, bool]:
            config = syncing.load_config(db)
            if config is None or is_demo_database(db):  # the demo sends nothing: no round
                return None, 0, False
            reachable = syncing.make_client(config, token).reachable()
            status = site_status(db)
            return reachable, status.pending, report_due(status.last_sync_at, utc_now())

        Op.network(self.ctx, self, probe).done(self._probed) \
            .failed(lambda _exc: self._set_online(False)).run()

    def _probed(self, result: tuple[bool | None, int, bool]) -> None:
        reachable, pending, due = result
        was_online = self.online
        self._set_online(reachable)
        if reachable and (pending or due or not was_online) and self.next_try is None:
            self.sync_now()

    def sync_now(self) -> bool:
        """Start a round unless one is running; False if it could not start."""
        if self.running:
            return False
        def round_(db: Database, token: CancelToken) -> Any:
            config = syncing.load_config(db)
            if config is None:
                raise syncing.NotConfigured()
            return (yield from syncing.sync_round(db, syncing.make_client(config, token),
                                                  actor=self.ctx.actor))

        self.started.emit()
        self.job = Op.network(self.ctx, self, round_).on_progress(self._progress) \
            .done(self._done).failed(self._error).run()
        return True

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _progress(self, p: Progress) -> None:
        self.progressed.emit(p)

    def _done(self, summary: SyncSummary) -> None:
        self.last_summary = summary
        self.access_refused = False
        self._not_before = self._next_try = None
        self._failures = 0
        self._set_online(True)
        self.ctx.data_changed.emit("sync")
        self.finished.emit(summary)

    def _error(self, exc: BaseException) -> None:
        self.ctx.data_changed.emit("sync")  # part of the backlog may have gone
        # A cancel is seen by the runner (between batches) or by the client (in a backoff).
        if isinstance(exc, Cancelled):  # stopped: said as any other stop says it
            self.failed.emit(self.tr("Sync stopped.") + " "
                             + self.ctx.text("SYNC_STILL_QUEUED"))
            return
        if isinstance(exc, SyncAlreadyRunning):  # nothing stopped: another round is going
            self.failed.emit(self.ctx.text("SYNC_ALREADY_RUNNING"))
            return
        if isinstance(exc, syncing.NotConfigured | DemoNotSent):
            self._set_online(None)
        elif isinstance(exc, syncing.ServerUnavailable):
            self._pause(exc)
            # A platform that answered (503 in maintenance) is up and failing: "Offline"
            # sent the volunteer after the 3G link.
            self._set_online(syncing.answered_failing(exc))
        elif isinstance(exc, syncing.BadAnswer) and exc.code == "SYNC_ANSWER_WEB_PAGE":
            self._set_online(False)  # a captive portal's page: the platform is not reached
        elif isinstance(exc, syncing.AuthRefused):
            self.access_refused, self.online = True, True  # it answered
            self.connection_changed.emit(True)  # said anew though it may be online already
        else:  # the detail goes to the log
            _log.error("sync failed: %s\n%s", exc, getattr(exc, "__traceback_text__", ""))
        message = syncing.stopped_message(exc, self.ctx.lang)
        if self.next_try is not None:
            message += " " + self.ctx.text("SYNC_NEXT_TRY", time=self.next_try_text())
        self.failed.emit(message)

    def next_try_text(self) -> str:
        """``next_try`` as the clerk's wall clock says it (``14:05``), "" when none."""
        at = self.next_try
        return f"{utc_to_local(at):%H:%M}" if at is not None else ""

    def _pause(self, exc: BaseException) -> None:
        """The wait a failed round earns before the next automatic one: what a 429 asked
        for, or, when the platform answered and failed, a pause doubling each round. A round
        that failed for no answer at all (the link went) waits for the probe, not a pause:
        records go as soon as the link is back."""
        asked = getattr(exc, "seconds", 0.0)
        if not asked and getattr(exc, "status", None) is None:
            return
        self._failures += 1
        seconds = min(asked, ASKED_CAP_S) or \
            min(CHECK_MS / 1000 * 2 ** self._failures, PAUSE_CAP_S)
        self._not_before = time.monotonic() + seconds
        self._next_try = utc_now() + timedelta(seconds=seconds)

    def _set_online(self, online: bool | None) -> None:
        if online != self.online:
            self.online = online
            self.connection_changed.emit(online)
