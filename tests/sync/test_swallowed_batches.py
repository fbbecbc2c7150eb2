"""A link whose proxy (a provincial office's, a 3G operator's) takes a request whose body is
over some size and never answers it: the batch that went silent goes again in halves, the
size that got through is kept for the rest of the round and the next rounds, and a link
that answers nothing stops the round after two silences, saying so.

Before, such a batch was sent again as it was after a whole read timeout (120 s as
shipped), went silent again, and the round gave up with the records queued; the next round
sent the same big batch, for ever.

A real central server process behind ``tests/fault_proxy.py`` (``swallow_over``); the
client's read timeout is cut to a few seconds. The push starts with batches of about 200
records (``LinkPacer``), each ~9 kB gzipped here, its halves ~4.5 kB; the proxy swallows
bodies over 6.5 kB. The site report (~7.5 kB, one body that cannot be cut) meets it too:
its step is skipped and said, as any step's failure is."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from desktop_app import settings
from desktop_app.services import sync as syncing
from desktop_app.sync.errors import ServerUnavailable
from tests.sync.helpers import make_people, reconcile, server_copies

pytestmark = pytest.mark.slow

READ_TIMEOUT = 2.0
SWALLOWED_OVER = 6500  # bytes of a request's body


def _pushes(proxy) -> tuple[int, int]:
    """Batches passed on and batches swallowed, since the proxy's counts were cleared."""
    swallowed = [size for line, size in proxy.swallowed if line == "POST /fhir"]
    return proxy.requests_made["POST /fhir"], len(swallowed)


def _ceiling(db) -> int | None:
    with db.reading() as s:
        return settings.read(s, settings.SYNC_BATCH_CEILING)


def _states(db) -> dict[str, int]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text(
            "SELECT state, count(*) FROM sync_record GROUP BY state")).all())


def test_a_batch_swallowed_by_a_proxy_goes_again_in_halves_and_the_size_is_kept(wired, proxy):
    make_people(wired.db, 150, doses_each=2)  # 450 records
    proxy.swallow_over = SWALLOWED_OVER
    started = time.monotonic()
    summary = wired.sync(proxy.url(), read_timeout=READ_TIMEOUT)
    took = time.monotonic() - started
    assert (summary.synced, summary.waiting, summary.rejected) == (450, 0, 0)
    passed, swallowed = _pushes(proxy)
    assert swallowed == 1  # the first batch of ~200: one read timeout waited, not two
    # The first five batches went at once (198, 126, 63, 48, 15 records); the four under
    # the limit were answered, and the swallowed one's 198 records went in 99, 48, 48, 3.
    assert passed == 4 + 4
    assert summary.skipped == [("site_report", "SYNC_STEP_PROBLEM_UNREACHABLE")]
    # One silence of the push, two of the report's: nothing else waited out.
    assert took < 3 * READ_TIMEOUT + 20
    reconcile(wired.db, wired.server.url, wired.token)  # every record once, latest version
    learned = _ceiling(wired.db)
    assert learned == 99  # half the swallowed batch of 198

    # The next round starts at the learned size: nothing of its push is swallowed.
    make_people(wired.db, 150, doses_each=2, seed=3)
    proxy.requests_made.clear()
    proxy.swallowed.clear()
    summary = wired.sync(proxy.url(), read_timeout=READ_TIMEOUT)
    assert (summary.synced, summary.waiting) == (450, 0)
    passed, swallowed = _pushes(proxy)
    assert swallowed == 0
    assert passed == 6  # 99 records four times, then 48 and 6: the learned size at most
    reconcile(wired.db, wired.server.url, wired.token)
    # Every batch got through at that size: the next round may try a little more.
    assert _ceiling(wired.db) == learned + learned // 4


def test_a_batch_the_server_applied_before_the_proxy_swallowed_its_answer_is_not_applied_twice(
        wired, proxy):
    """The request went through and the server took it; its answer never came. Sent again
    in halves, its records are found on the server as this laptop's own writes (read back,
    ``push._looked_first``), never written a second time."""
    make_people(wired.db, 150, doses_each=2)
    proxy.swallow_over = SWALLOWED_OVER
    proxy.swallow_answers = True
    summary = wired.sync(proxy.url(), read_timeout=READ_TIMEOUT)
    assert (summary.synced, summary.waiting, summary.conflicts) == (450, 0, 0)
    assert _pushes(proxy)[1] == 1
    reconcile(wired.db, wired.server.url, wired.token)
    for type_ in ("Patient", "Immunization"):  # written once each: no second version
        versions = {c["meta"]["versionId"] for c in
                    server_copies(wired.server.url, wired.token, type_)}
        assert versions == {"1"}, (type_, versions)


def test_a_link_that_answers_no_batch_stops_the_round_after_two_silences(wired, proxy):
    """Every body swallowed, however small: two silences (the first batches, then their
    halves), and the round stops saying why; the smaller size is kept for the next round."""
    make_people(wired.db, 150, doses_each=2)
    proxy.swallow_over = 0
    started = time.monotonic()
    with pytest.raises(ServerUnavailable) as stopped:
        wired.sync(proxy.url(), read_timeout=READ_TIMEOUT)
    assert time.monotonic() - started < 2 * READ_TIMEOUT + 15
    said = syncing.stopped_message(stopped.value, "vi")
    assert "không trả lời" in said and "gói nhỏ hơn" in said, said
    assert "did not answer" in syncing.stopped_message(stopped.value, "en")
    assert "synced" not in _states(wired.db)  # every record still queued
    first = [size for line, size in proxy.swallowed if line == "POST /fhir"]
    assert proxy.requests_made["POST /fhir"] == 0
    learned = _ceiling(wired.db)
    assert learned is not None and learned <= 50  # a quarter of the first batch, or less

    proxy.swallow_over = None  # the link mended: every record goes, once, at that size
    proxy.requests_made.clear()
    summary = wired.sync(proxy.url(), read_timeout=READ_TIMEOUT)
    assert (summary.synced, summary.waiting) == (450, 0)
    assert proxy.requests_made["POST /fhir"] >= 450 // learned
    assert first  # swallowed before, not sent
    reconcile(wired.db, wired.server.url, wired.token)
