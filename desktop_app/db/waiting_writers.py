"""The app's writes waiting for the write lock, counted where the bulk writer process sees.

SQLite's lock is not fair. A write that finds it taken sleeps and tries again (up to 100 ms
between tries, for its busy timeout), while a writer that commits and begins again at once
takes it back each time: a desk save waiting behind a big import's back-to-back
transactions failed after its timeout, with a message blaming another program. So the app's
writes count themselves here while they wait for ``BEGIN IMMEDIATE`` (engine.py), and the
bulk writer (bulk_process.py) lets them go first before each of its transactions, waiting
a bounded time so that a stream of desk saves cannot stop the import either.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LET_GO_FIRST_SECONDS = 2.0  # at most, before each bulk transaction
_POLL_SECONDS = 0.005


def counter() -> Any:
    """A count shared with a spawned process (``multiprocessing.Value``)."""
    return multiprocessing.get_context("spawn").Value("i", 0)


@contextmanager
def waiting(count: Any) -> Iterator[None]:
    """Count one write for as long as it waits for the lock."""
    with count.get_lock():
        count.value += 1
    try:
        yield
    finally:
        with count.get_lock():
            count.value -= 1


def let_go_first(count: Any, *, most: float = LET_GO_FIRST_SECONDS) -> None:
    """Wait while any write is waiting for the lock, for at most ``most`` seconds."""
    deadline = time.monotonic() + most
    while count.value > 0 and time.monotonic() < deadline:
        time.sleep(_POLL_SECONDS)
