"""Review (netrev): a rural site on a flaky 3G link, its old laptop's clock wrong (a flat
CMOS battery, a year ahead, a wrong time zone), and the site manager watching the sync.

Each test is a defect found by using the app as that site would; each fails on the code as
it is. Real parts: a real SQLite file, a real central server process on 127.0.0.1, real
widgets. The laptop's clock is moved by ``laptop_clock`` (the app's one clock,
``desktop_app.clock``, and the sync client's reading of it for the platform's ``Date``), as
the OS clock moves under a running app."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
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


# -- 4. a wrong time zone dates the morning's doses on the day before ----------------------

@pytest.fixture
def zone_far_from_vietnam(monkeypatch):
    """The laptop's clock right (UTC, from the network) but its time zone not Vietnam's: a
    fresh Windows's Pacific time, or another far enough that today's date differs from
    Vietnam's now (whenever the test runs)."""
    now = datetime.now(UTC)
    vietnam = now.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).date()
    zone = next(z for z in ("America/Los_Angeles", "Pacific/Kiritimati", "Etc/GMT+12")
                if now.astimezone(ZoneInfo(z)).date() != vietnam)
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    yield vietnam
    monkeypatch.undo()
    time.tzset()


def test_a_laptop_on_another_time_zone_is_noticed_before_doses_take_its_date(
        wired, site, zone_far_from_vietnam):
    """The clock is right to the second (the platform finds no offset), the zone is not
    Vietnam's: every dose at the desk takes that zone's date, a day off Vietnam's, and is
    sent and held so. Nothing says so: the round's clock check compares UTC only, and the
    desk asks nothing. The site is in Vietnam (its province is in the register)."""
    vietnam_today = zone_far_from_vietnam
    summary = wired.sync()
    out = record_dose(wired.db, DoseInput("COMIRNATY", "FK1234", 1, clock.local_today(),
                                          "Y tá Lan"),
                      person=_new_person(), actor=wired.db.supervisor)
    assert out.saved
    warned = summary.clock_warning or bool(out.problems)
    assert clock.local_today() == vietnam_today or warned, (
        f"{os.environ['TZ']}: dose dated {clock.local_today():%d/%m/%Y}, in Vietnam it is "
        f"{vietnam_today:%d/%m/%Y}; no warning")


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
