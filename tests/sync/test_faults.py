"""The sync against a hostile network: each scenario ends with a full reconciliation.

The server is a real process; the faults come from ``tests/fault_proxy.py`` between the
client and it, so the client's real HTTP stack meets real broken connections.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from sqlalchemy import text

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import open_database
from desktop_app.db.models import Person
from desktop_app.progress import drain
from desktop_app.rules.sync_pacing import LinkPacer
from desktop_app.sync.engine import SyncAlreadyRunning, run_sync
from desktop_app.sync.errors import ServerUnavailable
from tests.fault_proxy import Canned
from tests.keys import TEST_PASSPHRASE
from tests.sync.helpers import make_people, reconcile, sync_killed_mid_round

pytestmark = pytest.mark.slow


def _states(db) -> dict[str, int]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text(
            "SELECT state, count(*) FROM sync_record GROUP BY state")).all())


def _small_batches(wired, url, **options):
    """A round with fixed small batches, so a fault lands in the middle of the push."""
    client = wired.client(url, **options)
    return drain(run_sync(wired.db, client, "HN-0001",
                          pacer=LinkPacer(size=20, low=20, high=20)))


def test_server_killed_mid_batch(wired, proxy):
    make_people(wired.db, 60, doses_each=2)
    proxy.up.rate = 100_000  # slow enough that the kill lands inside an upload
    killed = threading.Event()

    def kill_once(sent: int) -> None:
        if sent > 12_000 and not killed.is_set():
            killed.set()
            wired.server.kill()

    proxy.on_upstream = kill_once
    with pytest.raises(ServerUnavailable):
        _small_batches(wired, proxy.url(), max_attempts=3)
    assert killed.is_set()
    assert _states(wired.db).get("synced", 0) < 180  # it really stopped part-way
    proxy.on_upstream = None
    wired.server.start()
    summary = _small_batches(wired, proxy.url())
    assert summary.conflicts == 0 and summary.rejected == 0
    reconcile(wired.db, wired.server.url, wired.token)


def test_server_commits_but_the_answers_are_lost(wired, proxy):
    make_people(wired.db, 40, doses_each=2)
    proxy.lose_answers = 3
    summary = _small_batches(wired, proxy.url())
    assert proxy.lose_answers == 0  # three answers really were lost, and retried
    assert summary.conflicts == 0
    reconcile(wired.db, wired.server.url, wired.token)


def test_lost_answer_then_an_edit_is_recovered_not_a_conflict(wired, proxy):
    [pid] = make_people(wired.db, 1, doses_each=1)
    proxy.lose_answers = 10  # every answer of this round is lost
    with pytest.raises(ServerUnavailable):
        wired.sync(proxy.url(), max_attempts=2)
    # The person and the dose reached the server, but we never heard.
    assert _states(wired.db) == {"sending": 2}
    with wired.db.transaction() as s:  # meanwhile the clerk corrects the phone number
        store.update_person(s, s.get(Person, pid), {"phone": "0987000111"}, now=utc_now())
    proxy.lose_answers = 0
    summary = wired.sync(proxy.url())
    assert summary.recovered == 1 and summary.conflicts == 0
    reconcile(wired.db, wired.server.url, wired.token)


def test_5xx_and_429_storms_are_waited_out(wired, proxy):
    make_people(wired.db, 10, doses_each=2)
    proxy.canned = [Canned(503, "Service Unavailable"), Canned(500, "Internal Server Error"),
                    Canned(429, "Too Many Requests", {"Retry-After": "1"}),
                    Canned(502, "Bad Gateway"),
                    Canned(429, "Too Many Requests", {"Retry-After": "1"})]
    started = time.monotonic()
    summary = wired.sync(proxy.url(), max_attempts=8)
    assert proxy.canned == []
    assert time.monotonic() - started >= 2.0  # both Retry-After: 1 were honoured
    assert summary.synced == 30
    reconcile(wired.db, wired.server.url, wired.token)


def test_a_very_slow_link(wired, proxy):
    make_people(wired.db, 6, doses_each=2)  # 18 records, several batches: 10 s at 32 kbit/s
    proxy.slow_link(kbit_per_s=32, latency_ms=600)
    summary = wired.sync(proxy.url())
    assert summary.synced == 18
    reconcile(wired.db, wired.server.url, wired.token)


def test_client_killed_with_sigkill_mid_sync(wired, proxy, db_path):
    make_people(wired.db, 80, doses_each=2)
    wired.db.close()  # the CLI process takes the database
    sync_killed_mid_round(db_path, proxy, proxy.url(), after_bytes=8_000)
    db = open_database(db_path, TEST_PASSPHRASE)
    try:
        states = _states(db)
        assert states.get("synced", 0) < 240 and states.get("sending", 0) > 0, states
        wired.db = db
        summary = wired.sync(proxy.url())
        assert summary.conflicts == 0
        reconcile(db, wired.server.url, wired.token)
    finally:
        db.close()


def test_only_one_round_at_a_time(wired):
    make_people(wired.db, 2, doses_each=1)
    first = run_sync(wired.db, wired.client(), "HN-0001")
    next(first)  # under way
    with pytest.raises(SyncAlreadyRunning):
        next(run_sync(wired.db, wired.client(), "HN-0001"))
    for _ in first:
        pass
    assert wired.sync().sent == 0  # the lock was released


def test_a_laptop_clock_far_from_the_servers_is_noticed(wired, proxy):
    ahead = datetime.now(UTC) + timedelta(hours=2)
    proxy.canned = [Canned(200, "OK", {"Date": format_datetime(ahead, usegmt=True)})]
    client = wired.client(proxy.url())
    assert client.reachable()
    assert 7000 < client.clock_offset < 7400
