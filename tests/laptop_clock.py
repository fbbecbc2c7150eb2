"""The laptop's clock moved under a running app, as a flat CMOS battery, a wrong setting or
the OS's own correction moves it; and its time zone set to another country's.

The OS clock is a boundary these tests cannot move for real (it is the machine's, shared
by every process on it): ``laptop_clock`` shifts the app's one clock (``desktop_app.clock``)
and the sync client's reading of it against the platform's ``Date``, and nothing else. The
monotonic clock (``time.monotonic``) is left alone, as the OS leaves it when it sets the
wall clock."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

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


@pytest.fixture
def zone_far_from_vietnam(monkeypatch: pytest.MonkeyPatch):
    """The laptop's clock right (UTC, from the network) but its time zone not Vietnam's: a
    fresh Windows's Pacific time, or another far enough that today's date differs from
    Vietnam's now (whenever the test runs). The zone check, off for the tests on the
    machine's own zone (tests/conftest.py), is on: this laptop is at a site. Yields
    Vietnam's date now."""
    now = datetime.now(UTC)
    vietnam = now.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    zone = next(z for z in ("America/Los_Angeles", "Pacific/Kiritimati", "Etc/GMT+12")
                if now.astimezone(ZoneInfo(z)).date() != vietnam)
    monkeypatch.setenv("TZ", zone)
    monkeypatch.delenv(clock.ZONE_CHECK)
    time.tzset()
    yield vietnam
    monkeypatch.undo()
    time.tzset()
