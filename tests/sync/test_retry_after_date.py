"""A ``Retry-After`` date is measured on the server's clock, not the laptop's (review_sync,
item 5).

Rural laptops often run with a wrong clock. A server (or a load balancer) asking for a pause
with an HTTP date was measured against the laptop's clock: one an hour behind waited the
longest the client waits (300 s) on every attempt, 25 minutes of a frozen "Updating the
vaccine catalogue…" for a server that asked 10 s; one an hour ahead did not wait at all.
The answer's own ``Date`` is the server's clock: the pause is the difference of the two.
The answers are canned by ``tests/fault_proxy.py`` in front of the live server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from desktop_app.services import sync as syncing
from tests.fault_proxy import Canned


def _http_date(at: datetime) -> str:
    return format_datetime(at.replace(microsecond=0), usegmt=True)


@pytest.mark.parametrize("laptop_behind_s", [3600, -3600, 0])
def test_a_retry_after_date_is_measured_from_the_answers_date(wired, proxy, laptop_behind_s):
    server_now = datetime.now(UTC) + timedelta(seconds=laptop_behind_s)
    headers = {"Date": _http_date(server_now),
               "Retry-After": _http_date(server_now + timedelta(seconds=10))}
    proxy.canned = [Canned(503, "Service Unavailable", dict(headers)) for _ in range(6)]
    waits: list[float] = []
    client = wired.client(proxy.url(), sleep=waits.append)
    with pytest.raises(syncing.ServerUnavailable) as stopped:
        client.get("metadata")
    assert waits == [10.0] * 5  # what the server asked, whatever the laptop's clock says
    assert stopped.value.status == 503
    assert round(client.clock_offset or 0, -1) == laptop_behind_s  # still measured


def test_a_429_asking_a_date_past_the_clients_wait_is_measured_the_same(wired, proxy):
    server_now = datetime.now(UTC) + timedelta(hours=1)  # the laptop an hour behind
    proxy.canned = [Canned(429, "Too Many Requests", {
        "Date": _http_date(server_now),
        "Retry-After": _http_date(server_now + timedelta(minutes=15))})]
    waits: list[float] = []
    with pytest.raises(syncing.RateLimited) as limited:
        wired.client(proxy.url(), sleep=waits.append).get("metadata")
    assert limited.value.seconds == 900  # 15 minutes, not an hour and 15
    assert waits == []  # longer than the client waits: said at once, not slept


def test_without_a_date_the_laptops_clock_is_all_there_is(wired, proxy):
    retry_at = datetime.now(UTC) + timedelta(seconds=20)
    proxy.canned = [Canned(503, "Service Unavailable", {"Retry-After": _http_date(retry_at)})
                    for _ in range(2)]
    waits: list[float] = []
    with pytest.raises(syncing.ServerUnavailable):
        wired.client(proxy.url(), sleep=waits.append, max_attempts=2).get("metadata")
    assert len(waits) == 1 and 15 <= waits[0] <= 20
