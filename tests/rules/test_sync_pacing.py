"""The push's pacing against a simulated link: a FIFO pipe of ``rate`` records/s whose every
batch is answered a turn-around after its last record went (round trip, server work per
record). No network: the engine's own loop (claim, may_send, answered) played on numbers."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from itertools import pairwise

import pytest

from desktop_app.rules.sync_pacing import LinkPacer


@dataclass
class Run:
    utilisation: float
    sizes: list[int]
    most_in_flight: int
    seconds: float


def simulate(pacer: LinkPacer, records: int, rate: float, rtt: float,
             server_per_record: float = 0.0002, jitter: list[float] | None = None) -> Run:
    """Push ``records`` through the simulated link as ``engine._push`` does."""
    now, link_free, claimed, answered = 0.0, 0.0, 0, 0
    in_flight: list[tuple[float, int, float, int]] = []  # (answer at, seq, sent at, n)
    sizes, most, seq = [], 0, 0
    jitter = list(jitter or [])

    def send_what_may() -> None:
        nonlocal claimed, link_free, seq, most
        while claimed < records:
            n = min(pacer.next_size(records - claimed), records - claimed)
            on_wire = sum(b[3] for b in in_flight)
            if not pacer.may_send(len(in_flight) + 1, on_wire + n):
                return
            link_free = max(link_free, now) + n / rate
            extra = jitter.pop(0) if jitter else 0.0
            seq += 1
            heapq.heappush(in_flight, (link_free + rtt + server_per_record * n + extra,
                                       seq, now, n))
            claimed += n
            sizes.append(n)
            most = max(most, len(in_flight))

    send_what_may()
    while in_flight:
        at, _seq, sent, n = heapq.heappop(in_flight)
        now = at
        pacer.answered(n, sent, at)
        answered += n
        send_what_may()
    assert answered == records == sum(sizes)  # every record sent once, none lost
    return Run(records / rate / now, sizes, most, now)


SLOW = {"rate": 700.0, "rtt": 0.6}  # 256 kbit/s at ~45 B a record, 300 ms each way


def test_a_slow_link_is_kept_full():
    run = simulate(LinkPacer(), 4500, **SLOW)
    assert run.utilisation >= 0.88, run
    assert run.most_in_flight >= 3  # several requests overlap the turn-around


def test_one_request_at_a_time_would_idle_the_same_link():
    """The simulation can tell: without requests in flight together the link idles each
    turn-around."""
    alone = LinkPacer(window=1, min_window=1, max_window=2, max_requests=1)
    assert simulate(alone, 4500, **SLOW).utilisation < 0.7


def test_the_rate_and_turnaround_are_learnt_from_the_answers():
    pacer = LinkPacer()
    simulate(pacer, 20_000, **SLOW)
    assert pacer.rate() == pytest.approx(700, rel=0.15)
    # a batch of about pacer.size records: 0.6 s round trip + 0.2 ms a record at the server;
    # it errs long (a rate taken at its highest carries the played-back queue early), which
    # costs a little at the end where too short would idle the link
    turn = pacer.turnaround(pacer.rate())
    assert 0.6 + 0.0002 * 350 <= turn <= 0.6 + 0.0002 * 350 + 0.4
    # batches carry at least half a second of the link, and the window covers the turn
    assert pacer.size >= 0.5 * 700 * 0.9
    assert (pacer.window - 1) * pacer.size / 700 >= pacer.turnaround(pacer.rate())


def test_a_longer_round_trip_gets_more_on_the_wire():
    near, far = LinkPacer(), LinkPacer()
    simulate(near, 20_000, rate=700, rtt=0.2)
    far_run = simulate(far, 20_000, rate=700, rtt=2.0)
    assert far.size * far.window > 2 * near.size * near.window
    assert far_run.utilisation >= 0.85


def test_a_fast_link_gets_few_large_requests():
    pacer = LinkPacer()
    run = simulate(pacer, 100_000, rate=20_000, rtt=0.002, server_per_record=0.00005)
    assert pacer.size == pacer.high
    assert len(run.sizes) < 100_000 / 1000


def test_the_last_batches_are_cut_smaller_and_none_below_the_floor():
    pacer = LinkPacer(size=400)
    assert [pacer.next_size(r) for r in (5000, 800, 799, 400, 120, 60, 10)] == \
        [400, 400, 400, 200, 60, 50, 50]
    run = simulate(LinkPacer(), 4500, **SLOW)
    tail = run.sizes[-4:]
    assert tail == sorted(tail, reverse=True) and tail[-1] <= LinkPacer().low


def test_bunched_answers_do_not_blow_up_the_batches():
    """A slow server turn then quick ones: answers bunched together look like a fast link
    for a moment; batches grow at most twofold an answer."""
    pacer = LinkPacer()
    run = simulate(pacer, 10_000, **SLOW, jitter=[0, 0, 0, 0, 0, 2.0, 0, 0, 0, 0] * 5)
    assert all(b <= 2 * a for a, b in pairwise(run.sizes) if b > LinkPacer().size)
    assert run.utilisation >= 0.75


def test_the_window_and_the_request_cap_are_kept():
    pacer = LinkPacer(window=2, min_window=2, max_window=2, max_requests=2)
    run = simulate(pacer, 5000, rate=700, rtt=3.0)
    assert run.most_in_flight == 2


def test_a_fixed_pacer_stays_fixed():
    """What the fault tests use to land a fault mid-push: every batch the same size."""
    pacer = LinkPacer(size=20, low=20, high=20)
    run = simulate(pacer, 400, **SLOW)
    assert set(run.sizes) == {20}
