"""A replacement dose 2 refused DOSE_NUMBER_DUPLICATE because it overtook, on the wire,
the void of the dose 2 it replaces, goes again and reaches the platform (found by a review).

The engine records answers as it can (the earliest sent first among those in), not in the
order the platform took the batches: the void's acknowledgement was recorded while the
replacement was still 'sending', so ``outbox._queue_refused_siblings`` (which queues again
only doses already 'rejected') missed it, and its refusal, recorded next, stood for good.
README: "queued again when another dose of the person is acknowledged"."""

from __future__ import annotations

import gzip
import json
import threading
import time
from datetime import date, timedelta

import requests

from desktop_app.db.models import SyncRecord
from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.rules.sync_pacing import LinkPacer
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.sync import outbox
from desktop_app.sync.engine import run_sync
from desktop_app.sync.push import push_batch
from tests.sync.hostile import Hostile, send
from tests.wired import Wired, bearer

DAY1 = date.today() - timedelta(days=60)
DAY2 = date.today() - timedelta(days=20)


def _person_with_wrong_dose_2(wired: Wired) -> tuple[str, str]:
    out = record_dose(wired.db, DoseInput("COMIRNATY", "FK1234", 1, DAY1, "Y tá Lan"),
                      person=PersonInput("Phạm Thị Thu", date(1979, 5, 6), Sex.FEMALE,
                                         IdType.CCCD, make_cccd("001", Sex.FEMALE, 1979, 55)),
                      today=DAY1, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    wrong = record_dose(wired.db, DoseInput("COMIRNATY", "FK5678", 2, DAY2, "Y tá Hà"),
                        person_id=out.person_id, today=DAY2, confirm_warnings=True,
                        actor=AT_THIS_LAPTOP)
    assert wrong.saved, wrong.problems
    assert wired.sync().rejected == 0
    return out.person_id, wrong.dose_id


def _void_and_replace(wired: Wired, pid: str, wrong: str) -> str:
    void_dose(wired.db, wrong, "Ghi nhầm ngày", actor=AT_THIS_LAPTOP)
    right = record_dose(wired.db, DoseInput("COMIRNATY", "FK5678", 2, DAY2 + timedelta(days=2),
                                            "Y tá Hà"),
                        person_id=pid, today=DAY2 + timedelta(days=2), confirm_warnings=True,
                        actor=AT_THIS_LAPTOP)
    assert right.saved, right.problems
    return right.dose_id


def _state(wired: Wired, dose_id: str) -> str:
    with wired.db.reading() as s:
        return s.get(SyncRecord, ("dose", dose_id)).state


def _on_platform(wired: Wired, dose_id: str) -> bool:
    r = bearer(wired.token).get(f"{wired.server.url}/Immunization/{dose_id}")
    return r.status_code == 200


def test_replacement_refused_first_but_recorded_after_the_voids_ack_is_never_sent(wired):
    """The outbox alone, answers recorded in the order the engine can record them."""
    pid, wrong = _person_with_wrong_dose_2(wired)
    right = _void_and_replace(wired, pid, wrong)
    client = wired.client()
    void_batch = outbox.claim(wired.db, 1, "HN-0001")
    replacement_batch = outbox.claim(wired.db, 1, "HN-0001")
    assert [o.record_id for o in void_batch + replacement_batch] == [wrong, right]
    # The platform takes the replacement first (refused: dose 2 still active there), then
    # the void (acknowledged) ...
    replacement_answers = push_batch(client, replacement_batch, "HN-0001")
    void_answers = push_batch(client, void_batch, "HN-0001")
    # ... and the engine records the void's answer first (both were in: the earliest sent).
    outbox.record(wired.db, void_answers)
    outbox.record(wired.db, replacement_answers)
    # Later rounds: the platform would take the right dose 2 now.
    wired.sync()
    wired.sync()
    assert _state(wired, right) == "synced", _state(wired, right)
    assert _on_platform(wired, right)


class _Crossing(Hostile):
    """A link where the void's batch is held up on its way (a retransmission on 3G) while
    the replacement's, sent after it, reaches the platform first; the replacement's answer
    comes back after the void's. Every other request passes."""

    def __init__(self, upstream: str, void_id: str, right_id: str) -> None:
        super().__init__(upstream)
        self.void_id, self.right_id = void_id, right_id
        self.right_answered_by_platform = threading.Event()
        self.void_answer_delivered = threading.Event()
        self.on("POST", "/fhir", self._batch)

    def _batch(self, handler, body: bytes) -> None:
        text = gzip.decompress(body).decode()
        ids = {e["resource"]["id"] for e in json.loads(text)["entry"]}
        if self.void_id in ids:
            self.right_answered_by_platform.wait(20)
            status, content, headers = self._forward(handler, body)
            send(handler, status, content, **headers)
            self.void_answer_delivered.set()
        elif self.right_id in ids:
            status, content, headers = self._forward(handler, body)
            self.right_answered_by_platform.set()
            self.void_answer_delivered.wait(20)
            time.sleep(0.3)  # the engine is recording the void's answer
            send(handler, status, content, **headers)
        else:
            send(handler, *self._forward(handler, body)[:2])

    def _forward(self, handler, body: bytes):
        r = requests.post(self.upstream_origin + handler.path, data=body, timeout=60,
                          headers={k: v for k in ("Authorization", "Content-Type",
                                                  "Content-Encoding", "Accept")
                                   if (v := handler.headers.get(k))})
        headers = {k: v for k in ("Content-Type", "Date") if (v := r.headers.get(k))}
        return r.status_code, r.content, headers


def test_a_whole_round_over_a_link_where_the_replacement_overtakes_the_void(wired):
    """The same through a real round, over a real HTTP front between laptop and platform."""
    pid, wrong = _person_with_wrong_dose_2(wired)
    right = _void_and_replace(wired, pid, wrong)
    front = _Crossing(wired.server.url, wrong, right)
    try:
        client = wired.client(front.url)
        drain(run_sync(wired.db, client, "HN-0001", pacer=LinkPacer(size=1, low=1, high=1)))
        assert front.void_answer_delivered.is_set()  # the crossing really happened
    finally:
        front.close()
    wired.sync()  # a later round, straight to the platform
    wired.sync()
    with wired.db.reading() as s:
        row = s.get(SyncRecord, ("dose", right))
        error = row.last_error
    assert _state(wired, right) == "synced", (_state(wired, right), error)
    assert _on_platform(wired, right)
