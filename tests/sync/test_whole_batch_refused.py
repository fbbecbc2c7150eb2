"""A batch request the server refuses whole for what one record carries (review_sync, item 3).

A NUL character in a person's address makes our server refuse the whole batch POST (400
``BAD_JSON``), as a HAPI server refuses a Bundle one entry of which it cannot parse. That
one record used to hold back the thirty claimed with it for good, every round stopping at
the push with "they will be sent next time", and nobody named. Now the batch goes again in
halves down to the record refused alone: it is rejected with the server's reason, for a
person in the Sync area, and the others go in the same round.

A server that refuses every batch whatever it holds must not have the backlog rejected one
by one: then the round stops with every record queued, as before. The servers are real
processes on 127.0.0.1: the reference server (``tests/live_server.py``), and the plain FHIR
server with batch behind ``tests/sync/hapi_like.py``.
"""

from __future__ import annotations

import pytest

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import Person
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.records import correct_person
from desktop_app.services.status import site_status
from tests.sync.helpers import make_people, outbox_rows, reconcile
from tests.sync.test_plain_fhir import batch_front as front  # noqa: F401 - the fixture
from tests.sync.test_plain_fhir import plain  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow

# What HAPI answers a Bundle it cannot parse.
UNPARSABLE = {"resourceType": "OperationOutcome", "issue": [{
    "severity": "error", "code": "processing",
    "diagnostics": "HAPI-0450: Failed to parse request body as JSON resource."}]}


def test_a_nul_in_one_address_no_longer_holds_back_its_batch(wired):
    make_people(wired.db, 30, doses_each=1)
    [bad] = make_people(wired.db, 1, doses_each=1, seed=3)
    with wired.db.transaction() as s:  # as a desk before control characters were cleaned
        store.update_person(s, s.get(Person, bad), {"address": "12 Láng Hạ\x00"},
                            now=utc_now())
    make_people(wired.db, 30, doses_each=1, seed=2)

    summary = wired.sync()  # no SyncError: the round goes on to the pull and the rest

    assert (summary.synced, summary.rejected) == (120, 1)
    [issue] = syncing.sync_issues(wired.db)
    assert (issue.entity, issue.record_id, issue.state) == ("person", bad, "rejected")
    assert issue.person_name and issue.label  # named: who, and their ID
    assert "JSON" in issue.reason("vi") and "NUL" in issue.reason("en")
    states = {k: r.state for k, r in outbox_rows(wired.db).items()}
    assert "sending" not in states.values()
    assert list(states.values()).count("synced") == 120
    again = wired.sync()  # the next round is not stopped either, and sends nothing again
    assert (again.sent, again.rejected) == (0, 1)  # the one still refused, as listed

    # Corrected, the person goes, and their dose, which waited for them, with them.
    assert correct_person(wired.db, bad, {"address": "12 Láng Hạ"}, actor=AT_THIS_LAPTOP,
                          confirm_warnings=True).saved
    assert wired.sync().synced == 2
    assert site_status(wired.db).pending == 0
    reconcile(wired.db, wired.server.url, wired.token)


def test_a_server_refusing_every_batch_rejects_no_record(plain, front):  # noqa: F811
    """Whatever a batch holds, even nothing: the request is at fault, not the records."""
    make_people(plain.db, 3, doses_each=1)
    front.refuse = lambda ids: (400, UNPARSABLE, {})
    with pytest.raises(syncing.ProtocolError) as stopped:
        plain.sync(front.url)
    assert "HTTP 400" in syncing.stopped_message(stopped.value, "vi")
    assert front.batches[-1] == []  # a batch of nothing, to ask: refused too
    assert syncing.sync_issues(plain.db) == []
    assert {r.state for r in outbox_rows(plain.db).values()} <= {"pending", "sending"}
    assert site_status(plain.db).pending == 6
    front.refuse = None  # the server mended: they all go
    assert plain.sync(front.url).synced == 6
    reconcile(plain.db, plain.server.url, plain.token)


def test_a_record_refused_alone_in_its_round_is_rejected_once_batches_are_taken(
        plain, front):  # noqa: F811
    """The only record to send, refused whole: a batch of nothing tells that the server
    takes batches, so the refusal is the record's."""
    [pid] = make_people(plain.db, 1, doses_each=1)
    plain.sync(front.url)
    with plain.db.transaction() as s:
        store.update_person(s, s.get(Person, pid), {"phone": "0911222333"}, now=utc_now())
    front.refuse = lambda ids: (400, UNPARSABLE, {}) if pid in ids else None
    summary = plain.sync(front.url)
    assert (summary.rejected, summary.synced) == (1, 0)
    assert front.batches[-2:] == [[pid], []]
    [issue] = syncing.sync_issues(plain.db)
    assert issue.record_id == pid
    assert "HAPI-0450" in issue.reason("vi")
    assert issue.reason("vi").startswith("Hệ thống trung tâm không nhận hồ sơ này.")


def test_a_batch_too_large_for_the_server_goes_in_halves(plain, front):  # noqa: F811
    """A 413 (a proxy's body limit) is about the size, not a record: halves all go."""
    make_people(plain.db, 10, doses_each=1)
    front.refuse = lambda ids: (413, b"", {}) if len(ids) > 4 else None
    summary = plain.sync(front.url)
    assert (summary.synced, summary.rejected) == (20, 0)
    assert max(len(ids) for ids in front.batches) > 4  # it was refused, then split
    reconcile(plain.db, plain.server.url, plain.token)
