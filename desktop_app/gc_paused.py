"""Pausing Python's cycle collector around bulk work.

A million-row import allocates tens of millions of tuples, lists and dicts, none of them in
reference cycles, so reference counting frees every one; yet the cycle collector walks all
live containers each time the long-lived generation grows by a quarter, which cost ~2 s of
a ~17 s import. The pause is process-wide, so it is kept to the bulk loop.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_pausing = [0]  # bulk loops under way (several threads may run one each)


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    _pausing[0] += 1
    try:
        yield
    finally:
        _pausing[0] -= 1
        if was_enabled:
            gc.enable()


def paused() -> bool:
    """Whether bulk work has paused the collector: the UI's own collector
    (``ui/main_thread_gc``, which keeps the automatic one off) waits too."""
    return _pausing[0] > 0
