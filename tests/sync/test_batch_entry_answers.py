"""Batch entries answered 429 or 410 inside a 200 batch-response (review, item 3).

An entry the server had no time for (429) goes again after a pause, in the same round; one
still refused after as many pauses as a whole request would wait waits for the next round,
its reason kept. An entry answered 410 is a record deleted on the server: a conflict for a
person, as the protocol has it for a server copy found gone, never a record left "sending"
round after round. The server is the plain FHIR server (with batch) behind
``tests/sync/hapi_like.py``, both real HTTP servers on 127.0.0.1.
"""

from __future__ import annotations

import json

import pytest

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import Person
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.status import site_status
from tests.sync.helpers import make_people, outbox_rows, reconcile
from tests.sync.test_plain_fhir import batch_front as front  # noqa: F401 - the fixture
from tests.sync.test_plain_fhir import plain  # noqa: F401 - the fixture

pytestmark = pytest.mark.slow


def test_an_entry_answered_429_goes_again_after_a_pause_in_the_same_round(plain,  # noqa: F811
                                                                          front):  # noqa: F811
    people = make_people(plain.db, 3, doses_each=1)
    front.busy = {people[1]: 2}
    summary = plain.sync(front.url)
    assert front.busy == {people[1]: 0}
    assert front.batches[-2:] == [[people[1]], [people[1]]]  # it alone, twice
    assert (summary.synced, summary.waiting, summary.rejected) == (6, 0, 0)
    assert {r.state for r in outbox_rows(plain.db).values()} == {"synced"}
    assert site_status(plain.db).pending == 0
    reconcile(plain.db, plain.server.url, plain.token)


def test_an_entry_the_server_stays_too_busy_for_waits_for_the_next_round(plain,  # noqa: F811
                                                                         front):  # noqa: F811
    people = make_people(plain.db, 2, doses_each=1)
    front.busy = {people[0]: 100}
    summary = plain.sync(front.url, max_attempts=3)
    assert sum(people[0] in ids for ids in front.batches) == 3  # bounded, like a request
    assert (summary.synced, summary.waiting) == (3, 1)
    row = outbox_rows(plain.db)[people[0]]
    assert row.state == "sending"  # queued first thing next round
    assert [i["code"] for i in json.loads(row.last_error)] == \
        ["throttled", "SYNC_REFUSED_HTTP", "SYNC_RETRY_NEXT_ROUND"]
    front.busy = {}
    assert (plain.sync(front.url).synced, site_status(plain.db).pending) == (1, 0)
    reconcile(plain.db, plain.server.url, plain.token)


def test_an_entry_answered_410_is_a_deleted_record_for_a_person_to_settle(plain,  # noqa: F811
                                                                         front):  # noqa: F811
    people = make_people(plain.db, 2, doses_each=1)
    plain.sync(front.url)
    front.deleted = {people[0]}  # deleted centrally, while the desk corrects the phone
    with plain.db.transaction() as s:
        store.update_person(s, s.get(Person, people[0]), {"phone": "0911222333"},
                            now=utc_now())
    summary = plain.sync(front.url)
    assert (summary.conflicts, summary.waiting, summary.synced) == (1, 0, 0)
    [issue] = syncing.sync_issues(plain.db)
    assert (issue.record_id, issue.state, issue.server_body) == (people[0], "conflict", None)
    assert "deleted on the central platform" in issue.reason("en")
    status = site_status(plain.db)
    assert (status.pending, status.conflicts) == (0, 1)
    sent = len(front.batches)
    assert plain.sync(front.url).conflicts == 1 and len(front.batches) == sent  # not re-sent
    # A person keeps the laptop's version: it goes again as a new record.
    syncing.resolve_conflict(plain.db, "person", people[0], "mine", actor=AT_THIS_LAPTOP)
    summary = plain.sync(front.url)
    assert (summary.synced, summary.conflicts) == (1, 0)
    assert front.deleted == set()
    reconcile(plain.db, plain.server.url, plain.token)
