"""All thread plumbing of the UI: one worker for the database, one for the network.

Database work runs one task at a time on its own thread (SQLite has one writer, and ordering
writes after reads keeps the UI's view consistent); network work has another, so a slow link
never delays a save. Results and errors come back on the GUI thread through a queued signal,
so callbacks may touch widgets. Long jobs are generators that yield progress; they can be
cancelled between yields. Nothing here knows about the database or the network.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


@dataclass
class Job:
    """Handle of a running task; ``cancel()`` stops a generator job at its next yield."""

    _cancelled: threading.Event = field(default_factory=threading.Event)
    done: bool = False

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class Cancelled(Exception):
    """Delivered to ``on_error`` when a job stopped because it was cancelled."""


class _Runnable(QRunnable):
    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self._body = body

    def run(self) -> None:
        self._body()


class TaskRunner(QObject):
    # (callback, value): emitted on a worker thread, received on the GUI thread (queued).
    _deliver = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = QThreadPool(self)
        self._db.setMaxThreadCount(1)
        self._net = QThreadPool(self)
        self._net.setMaxThreadCount(1)
        # Read-only work that may take seconds (the integrity check) and must not hold up
        # the database worker's searches and saves.
        self._aside = QThreadPool(self)
        self._aside.setMaxThreadCount(1)
        self._deliver.connect(self._on_deliver)
        self.error_handler: Callback = _log_error
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()

    # -- single calls ---------------------------------------------------------------------
    def db(
        self, fn: Callable[[], Any], on_done: Callback | None = None,
        on_error: Callback | None = None, *, latest: str | None = None,
    ) -> Job:
        """Run ``fn()`` on the database worker. With ``latest``, only the newest call under
        that key reports back: search-as-you-type drops answers to outdated queries."""
        return self._start(self._db, fn, on_done, on_error, latest)

    def net(
        self, fn: Callable[[], Any], on_done: Callback | None = None,
        on_error: Callback | None = None,
    ) -> Job:
        return self._start(self._net, fn, on_done, on_error, None)

    def aside(
        self, fn: Callable[[], Any], on_done: Callback | None = None,
        on_error: Callback | None = None,
    ) -> Job:
        """Run long read-only work beside the database worker (SQLite WAL readers run
        concurrently), so searches and saves queued meanwhile are not delayed by it."""
        return self._start(self._aside, fn, on_done, on_error, None)

    # -- long jobs with progress ----------------------------------------------------------
    def db_job(
        self, gen: Callable[[], Generator[Any, None, Any]], on_progress: Callback,
        on_done: Callback | None = None, on_error: Callback | None = None,
    ) -> Job:
        """Run a generator on the database worker. Each yielded value goes to
        ``on_progress``; its return value to ``on_done``; cancelling raises Cancelled."""
        return self._job(self._db, gen, on_progress, on_done, on_error)

    def net_job(
        self, gen: Callable[[], Generator[Any, None, Any]], on_progress: Callback,
        on_done: Callback | None = None, on_error: Callback | None = None,
    ) -> Job:
        """As ``db_job``, on the network worker: a sync round waits on the network for
        minutes and must not hold up the desk's saves (it opens its own short transactions)."""
        return self._job(self._net, gen, on_progress, on_done, on_error)

    def aside_job(
        self, gen: Callable[[], Generator[Any, None, Any]], on_progress: Callback,
        on_done: Callback | None = None, on_error: Callback | None = None,
    ) -> Job:
        """As ``db_job``, beside the database worker: an import that runs for a minute (its
        own connections, chunked commits) must not hold up the desk's searches and saves."""
        return self._job(self._aside, gen, on_progress, on_done, on_error)

    def _job(
        self, pool: QThreadPool, gen: Callable[[], Generator[Any, None, Any]],
        on_progress: Callback, on_done: Callback | None, on_error: Callback | None,
    ) -> Job:
        job = Job()

        def body() -> Any:
            iterator = gen()
            try:
                while True:
                    if job.cancelled:
                        iterator.close()  # runs the generator's finally/cleanup
                        raise Cancelled()
                    self._deliver.emit(on_progress, next(iterator))
            except StopIteration as stop:
                return stop.value

        return self._start(pool, body, on_done, on_error, None, job)

    def wait_idle(self, msecs: int = 30000) -> bool:
        """Block until both workers are idle (for shutdown and tests)."""
        pools = (self._db, self._net, self._aside)
        return all(pool.waitForDone(msecs) for pool in pools)

    # -- plumbing -------------------------------------------------------------------------
    def _start(
        self, pool: QThreadPool, fn: Callable[[], Any], on_done: Callback | None,
        on_error: Callback | None, latest: str | None, job: Job | None = None,
    ) -> Job:
        job = job or Job()
        ticket = self._take_ticket(latest)
        on_error = on_error or self.error_handler

        def body() -> None:
            if latest is not None and not self._is_current(latest, ticket):
                return  # a newer call under this key was queued: skip the work entirely
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - every failure reaches the GUI
                job.done = True
                exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                self._deliver.emit(on_error, exc)
                return
            job.done = True
            if on_done is not None and (latest is None or self._is_current(latest, ticket)):
                self._deliver.emit(on_done, result)

        pool.start(_Runnable(body))
        return job

    def _take_ticket(self, key: str | None) -> int:
        if key is None:
            return 0
        with self._lock:
            self._latest[key] = self._latest.get(key, 0) + 1
            return self._latest[key]

    def _is_current(self, key: str, ticket: int) -> bool:
        with self._lock:
            return self._latest.get(key) == ticket

    @Slot(object, object)
    def _on_deliver(self, callback: Callback, value: Any) -> None:
        callback(value)


def _log_error(exc: BaseException) -> None:
    log.error("background task failed: %s\n%s", exc, getattr(exc, "__traceback_text__", ""))
