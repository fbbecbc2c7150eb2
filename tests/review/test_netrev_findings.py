"""Review (netrev): a rural site on a flaky 3G link, its old laptop's clock wrong (a flat
CMOS battery, a year ahead, a wrong time zone), and the site manager watching the sync.

Each test is a defect found by using the app as that site would; each fails on the code as
it is. Real parts: a real SQLite file, a real central server process on 127.0.0.1, real
widgets. The laptop's clock is moved by ``laptop_clock`` (the app's one clock,
``desktop_app.clock``, and the sync client's reading of it for the platform's ``Date``), as
the OS clock moves under a running app."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta

import pytest

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services.doses import PersonInput
from desktop_app.sync import client as sync_client
from desktop_app.sync.client import ServerUnavailable
from tests.sync.conftest import proxy  # noqa: F401 - the fault proxy fixture
from tests.sync.helpers import make_people, reconcile


class _Clock:
    """How far the laptop's clock is from the true time."""

    off = timedelta(0)


@pytest.fixture
def laptop_clock(monkeypatch):
    real = datetime

    class LaptopTime(datetime):
        @classmethod
        def now(cls, tz=None):
            return real.now(tz) + _Clock.off

    monkeypatch.setattr(clock, "datetime", LaptopTime)
    monkeypatch.setattr(sync_client, "datetime", LaptopTime)
    _Clock.off = timedelta(0)
    yield _Clock
    _Clock.off = timedelta(0)


def _new_person(n: int = 1) -> PersonInput:
    return PersonInput("Nguyễn Văn An", date(1990, 5, 1), Sex.MALE, IdType.CCCD,
                       make_cccd("001", Sex.MALE, 1990, 123450 + n))


# -- 5. after a round cut mid-push, every record it claimed is read back one by one --------

def test_after_a_round_cut_mid_push_the_next_does_not_read_each_record_back_one_by_one(
        wired, proxy):
    """The platform goes down (here: killed) a few kilobytes into a round: the laptop had
    claimed its first batches (their records left 'sending', each one's digest stored as
    sent). At the next round every one of those records is first fetched alone (one GET a
    record, one after another in each batch) before it goes, whether or not it ever reached
    the platform. On a 256 kbit/s, 300 ms link: 1,200 records took 12.8 s fresh, and 269 s
    (990 GETs) after a cut 3 s into the round; a link that drops again meanwhile starts it
    all over. The records whose fate is unknown can be asked about together."""
    make_people(wired.db, 150, doses_each=2)  # 450 records
    proxy.up.rate = 100_000  # slow enough that the kill lands inside the first uploads
    killed = threading.Event()

    def kill_once(sent: int) -> None:
        if sent > 12_000 and not killed.is_set():
            killed.set()
            wired.server.kill()

    proxy.on_upstream = kill_once
    with pytest.raises(ServerUnavailable):
        wired.sync(proxy.url(), max_attempts=2)
    assert killed.is_set()
    proxy.on_upstream = None
    proxy.up.rate = None
    wired.server.start()
    proxy.requests_made.clear()
    summary = wired.sync(proxy.url())
    reconcile(wired.db, wired.server.url, wired.token)  # nothing lost, nothing twice
    one_by_one = sum(n for what, n in proxy.requests_made.items()
                     if what.startswith(("GET /fhir/Patient/", "GET /fhir/Immunization/")))
    assert one_by_one <= summary.sent // 10, (
        f"{one_by_one} single-record reads before {summary.sent} records went again "
        f"({sum(proxy.requests_made.values())} requests in the round)")
