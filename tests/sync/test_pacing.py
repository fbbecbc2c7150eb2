"""Several batches on the wire at once, through a real central server process and a slow,
lossy link (``tests/fault_proxy.py``): nothing lost, nothing twice, a person before their
doses, a void after the dose it voids, and the batches sized from the link."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import Dose, SyncRecord
from desktop_app.progress import drain
from desktop_app.rules.sync_pacing import LinkPacer
from desktop_app.sync.engine import run_sync
from tests.sync.helpers import make_people, reconcile

pytestmark = pytest.mark.slow


def _small(window: int = 4) -> LinkPacer:
    """Small fixed batches, so a small backlog makes many of them, ``window`` at once."""
    return LinkPacer(size=15, low=15, high=15, window=window, min_window=window,
                     max_window=window)


def test_several_batches_at_once_over_a_slow_lossy_link(wired, proxy):
    make_people(wired.db, 60, doses_each=2)
    proxy.slow_link(kbit_per_s=512, latency_ms=150)
    proxy.lose_answers = 3  # the server committed them; the site never hears
    client = wired.client(proxy.url())
    summary = drain(run_sync(wired.db, client, "HN-0001", pacer=_small()))
    assert proxy.lose_answers == 0
    assert proxy.most_at_once >= 3  # really several on the wire together
    assert (summary.synced, summary.rejected, summary.conflicts, summary.waiting) == \
        (180, 0, 0, 0)  # no dose went before its person (it would wait, refused)
    reconcile(wired.db, wired.server.url, wired.token)  # each record once, latest version


def test_a_dose_voided_while_its_batch_is_on_the_wire_ends_voided(wired, proxy):
    make_people(wired.db, 40, doses_each=2)
    proxy.slow_link(kbit_per_s=512, latency_ms=150)
    client = wired.client(proxy.url())
    voided: list[str] = []
    round_ = run_sync(wired.db, client, "HN-0001", pacer=_small())
    for progress in round_:
        if progress.phase != "push" or voided:
            continue
        with wired.db.transaction() as s:  # a dose of a batch still awaiting its answer
            on_wire = s.execute(select(SyncRecord.record_id).where(
                SyncRecord.entity == "dose", SyncRecord.state == "sending")).scalars().first()
            if on_wire is None:
                continue
            store.void_dose(s, s.get(Dose, on_wire), "nhập nhầm người", now=utc_now())
            voided.append(on_wire)
    assert voided
    drain(run_sync(wired.db, client, "HN-0001"))  # the void, if it was left pending
    reconcile(wired.db, wired.server.url, wired.token)
    copy = client.read("Immunization", voided[0])
    assert copy["status"] == "entered-in-error"
    with wired.db.engine.connect() as conn:
        version = conn.execute(text("SELECT synced_version FROM sync_record WHERE "
                                    "record_id = :r"), {"r": voided[0]}).scalar_one()
    assert version == 2


def test_the_batches_follow_the_measured_link(wired, proxy):
    """A slow, far link: the pacer learns its rate and turn-around from the real answers and
    keeps several requests in flight; nothing is lost doing so."""
    make_people(wired.db, 150, doses_each=2)
    proxy.slow_link(kbit_per_s=256, latency_ms=300)
    pacer = LinkPacer(size=60, low=20)
    summary = drain(run_sync(wired.db, wired.client(proxy.url()), "HN-0001", pacer=pacer))
    assert summary.synced == 450
    rate = pacer.rate()
    assert 100 < rate < 5000  # records/s: ~45 B each on a 32 kB/s link, a few hundred
    assert pacer.turnaround(rate) >= 0.6  # at least the 2 x 300 ms round trip
    assert proxy.most_at_once >= 3
    reconcile(wired.db, wired.server.url, wired.token)
