"""A clerk corrects a person while a round runs: the round's "synced" figure counted a
record once per version acknowledged, more records synced than exist (found by a review).

``engine._record`` added one to ``summary.synced`` for every ``Ack``; a record edited while
its batch is on the wire is acknowledged at the old version (left 'pending'), then sent and
acknowledged again in the same round. The Sync area and ``vaxdesk sync`` then say
"Đồng bộ xong: 3 hồ sơ đã đồng bộ" for a site that holds two records (one person, one
dose), and the round's audit entry kept ``synced: 3``. It counts the records an answer left
synced now.
"""

from __future__ import annotations

import threading

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import Person
from tests.sync.helpers import make_people, reconcile
from tests.sync.hostile import Hostile


def test_a_record_edited_mid_round_is_counted_once(wired):
    [pid] = make_people(wired.db, 1, doses_each=1)  # two records
    edited = threading.Event()

    def clerk_saves_while_the_batch_goes_up(handler, body: bytes) -> None:
        if not edited.is_set():
            edited.set()
            with wired.db.transaction() as s:
                store.update_person(s, s.get(Person, pid), {"phone": "0987000111"},
                                    now=utc_now())
        handler._pass_on(body)

    front = Hostile(wired.server.url)
    front.on("POST", "/fhir", clerk_saves_while_the_batch_goes_up)
    try:
        summary = wired.sync(front.url)
    finally:
        front.close()
    assert edited.is_set()
    reconcile(wired.db, wired.server.url, wired.token)  # both sides agree: nothing lost
    assert summary.synced == 2, summary
