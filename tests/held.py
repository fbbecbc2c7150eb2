"""A service call held back until the test lets it go, as behind another writer: what the
screen does while its work waits (a save in flight, keys typed meanwhile)."""

from __future__ import annotations

import threading
from typing import Any

import pytest


def held_back(monkeypatch: pytest.MonkeyPatch, module: Any, name: str,
              seconds: float = 20) -> threading.Event:
    """``module.name`` waits (on its worker thread) until the returned event is set, at
    most ``seconds``, then runs as it would have."""
    gate = threading.Event()
    real = getattr(module, name)

    def waiting(*args: Any, **kwargs: Any) -> Any:
        gate.wait(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, waiting)
    return gate
