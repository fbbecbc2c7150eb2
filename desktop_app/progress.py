"""Long jobs are generators that yield progress and return a result; this runs one to its
end outside Qt (the CLI, tests, benchmarks), where the app uses its task runner instead."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TypeVar

P = TypeVar("P")
R = TypeVar("R")


def drain(job: Generator[P, None, R], on_progress: Callable[[P], None] | None = None) -> R:
    """Run ``job`` to its end; hand each progress to ``on_progress``; return its result."""
    while True:
        try:
            progress = next(job)
        except StopIteration as stop:
            return stop.value
        if on_progress is not None:
            on_progress(progress)
