"""Long work outside Qt: one cancel token, one ``Cancelled``, and ``drain``.

Long jobs are generators that yield progress and return a result. The app runs them through
its operation runner (``ui/operations.py``); the CLI, tests and benchmarks run them with
``drain``. The same ``CancelToken`` stops a generator between yields and wakes the HTTP
client out of a backoff (``sync/client.py``), so a Stop is heard wherever the work waits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from typing import TypeVar

P = TypeVar("P")
R = TypeVar("R")


class Cancelled(Exception):
    """The work stopped because its token was cancelled; what it committed stays."""


class CancelToken:
    """Set once by whoever wants the work stopped; checked and waited on by the work.

    >>> token = CancelToken()
    >>> token.cancelled
    False
    >>> token.cancel(); token.cancelled
    True
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise ``Cancelled`` if the work was asked to stop."""
        if self._event.is_set():
            raise Cancelled()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``, or raise ``Cancelled`` as soon as the token is cancelled."""
        if self._event.wait(seconds):
            raise Cancelled()

    def reset(self) -> None:
        self._event.clear()


def drain(job: Generator[P, None, R], on_progress: Callable[[P], None] | None = None,
          token: CancelToken | None = None) -> R:
    """Run ``job`` to its end; hand each progress to ``on_progress``; return its result.
    With a ``token``, a cancel closes the generator (its cleanup runs) and raises
    ``Cancelled`` at the next yield."""
    while True:
        if token is not None and token.cancelled:
            job.close()
            raise Cancelled()
        try:
            progress = next(job)
        except StopIteration as stop:
            return stop.value
        if on_progress is not None:
            on_progress(progress)
