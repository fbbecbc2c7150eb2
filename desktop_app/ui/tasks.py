"""All thread plumbing of the UI: five single-thread pools named for what runs on them.

- ``reads``: searches, pages of records, a person's card (search-as-you-type keeps only the
  newest answer under a key);
- ``writes``: every transaction that changes the site database, one at a time in order;
- ``network``: talking to the central platform, so a slow link never delays a save;
- ``questions``: a question to the platform someone stands waiting for (a look-up of a
  citizen at other sites, a check before signing), never queued behind a sync round that
  may take minutes on a bad link;
- ``bulk``: work that runs for seconds or minutes on its own connections (an import, the
  integrity check, a batch of certificates, reading a file), beside reads and writes.

A task is a function; if it returns a generator, each yielded value is progress and its
return value the result, and the task's ``CancelToken`` stops it between yields. Results
and errors come back on the GUI thread through a queued signal, so callbacks may touch
widgets. Screens do not call this directly: they build an ``Op`` (``ui/operations.py``).

Under a ``latest`` key only the newest call's answer, result or error, is delivered: the
check is made again on the GUI thread as the answer lands, for a newer call may have been
made while it waited in the queue (keys typed while the thread was busy). An outdated
search's error once cleared the Enter pressed for the query typed after it.
"""

from __future__ import annotations

import inspect
import logging
import threading
import traceback
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from desktop_app.progress import Cancelled, CancelToken, drain

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]

# Every live runner, so whoever closes a database the screens share can first let their
# work finish (a read left in flight while the file closes hung a test's teardown).
_RUNNERS: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


class Pool(StrEnum):
    READS = "reads"
    WRITES = "writes"
    NETWORK = "network"
    QUESTIONS = "questions"
    BULK = "bulk"


@dataclass
class Job:
    """Handle of a running task; ``cancel()`` sets its token."""

    token: CancelToken = field(default_factory=CancelToken)
    done: bool = False

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled


class _Runnable(QRunnable):
    def __init__(self, body: Callable[[], None]) -> None:
        super().__init__()
        self._body = body

    def run(self) -> None:
        self._body()


class TaskRunner(QObject):
    # (callback, value, (key, ticket) or None): emitted on a worker thread, received on
    # the GUI thread (queued).
    _deliver = Signal(object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pools: dict[Pool, QThreadPool] = {}
        for pool in Pool:
            self._pools[pool] = QThreadPool(self)
            self._pools[pool].setMaxThreadCount(1)
        self._deliver.connect(self._on_deliver)
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()
        _RUNNERS.add(self)

    def run(
        self, pool: Pool, fn: Callable[[], Any], *, on_done: Callback | None = None,
        on_error: Callback | None = None, on_progress: Callback | None = None,
        latest: str | None = None, job: Job | None = None,
    ) -> Job:
        """Run ``fn()`` on ``pool``. With ``latest``, only the newest call under that key
        runs and reports back: search-as-you-type drops answers to outdated queries, its
        errors as its results."""
        job = job or Job()
        ticket = self._take_ticket(latest)
        on_error = on_error or _log_error
        guard = None if latest is None else (latest, ticket)

        def body() -> None:
            if latest is not None and not self._is_current(latest, ticket):
                job.done = True
                return  # a newer call under this key was queued: skip the work entirely
            try:
                job.token.check()
                result = fn()
                if inspect.isgenerator(result):
                    report = on_progress or (lambda _p: None)
                    result = drain(result, lambda p: self._deliver.emit(report, p, None),
                                   job.token)
            except BaseException as exc:  # noqa: BLE001 - every failure reaches the GUI
                job.done = True
                exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                if latest is None or self._is_current(latest, ticket):
                    self._deliver.emit(on_error, exc, guard)
                return
            job.done = True
            if on_done is not None and (latest is None or self._is_current(latest, ticket)):
                self._deliver.emit(on_done, result, guard)

        self._pools[pool].start(_Runnable(body))
        return job

    def busy(self, *pools: Pool) -> bool:
        """Is work running or queued on any of ``pools`` (all of them if none named)?"""
        return any(self._pools[p].activeThreadCount() for p in pools or tuple(Pool))

    def wait_idle(self, msecs: int = 30000) -> bool:
        """Block until every pool is idle (for shutdown and tests)."""
        return all(pool.waitForDone(msecs) for pool in self._pools.values())

    def _take_ticket(self, key: str | None) -> int:
        if key is None:
            return 0
        with self._lock:
            self._latest[key] = self._latest.get(key, 0) + 1
            return self._latest[key]

    def _is_current(self, key: str, ticket: int) -> bool:
        with self._lock:
            return self._latest.get(key) == ticket

    @Slot(object, object, object)
    def _on_deliver(self, callback: Callback, value: Any,
                    guard: tuple[str, int] | None) -> None:
        if guard is not None and not self._is_current(*guard):
            return  # a newer call under the key was made while this answer was queued
        callback(value)


def wait_all_idle(msecs: int = 30000) -> bool:
    """Block until every live runner is idle (before a shared database closes)."""
    return all([runner.wait_idle(msecs) for runner in list(_RUNNERS)])  # each waited for


def _log_error(exc: BaseException) -> None:
    if not isinstance(exc, Cancelled):
        log.error("background task failed: %s\n%s", exc,
                  getattr(exc, "__traceback_text__", ""))
