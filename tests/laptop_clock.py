"""The laptop's clock moved under a running app, as a flat CMOS battery, a wrong setting or
the OS's own correction moves it.

The OS clock is a boundary these tests cannot move for real (it is the machine's, shared
by every process on it): ``laptop_clock`` shifts the app's one clock (``desktop_app.clock``)
and the sync client's reading of it against the platform's ``Date``, and nothing else. The
monotonic clock (``time.monotonic``) is left alone, as the OS leaves it when it sets the
wall clock."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desktop_app import clock
from desktop_app.sync import client as sync_client


class LaptopClock:
    """How far the laptop's clock is from the true time (``off``)."""

    off = timedelta(0)


@pytest.fixture
def laptop_clock(monkeypatch: pytest.MonkeyPatch):
    real = datetime

    class LaptopTime(datetime):
        @classmethod
        def now(cls, tz=None):
            return real.now(tz) + LaptopClock.off

    monkeypatch.setattr(clock, "datetime", LaptopTime)
    monkeypatch.setattr(sync_client, "datetime", LaptopTime)
    LaptopClock.off = timedelta(0)
    yield LaptopClock
    LaptopClock.off = timedelta(0)
