"""The complaints step of a sync round, answered by a scripted server: a server with no
complaints (404) leaves everything owed for later, a 409 keeps the local resolution marked
as a conflict, a malformed answer is a protocol error. The live server's side is in
tests/sync/test_complaints_sync.py."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
import requests

from desktop_app.services import complaints
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.sync.client import ProtocolError
from desktop_app.sync.complaints import sync_complaints
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.complaints.people import CODE, arrived


class Scripted:
    """Answers each (method, path) with a status and a body; records what it was asked."""

    def __init__(self, answers):
        self.answers = answers
        self.asked = []

    def api_response(self, method, path, **kwargs):
        self.asked.append((method, path, kwargs.get("json")))
        status, body = self.answers.get((method, path), (404, None))
        answer = requests.Response()
        answer.status_code = status
        answer._content = json.dumps(body).encode() if body is not None else b""
        return answer


def hotline(db):
    return complaints.take_hotline(db, wire.Submission(
        wire.DOSE_MISSING, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12), dose_number=2),
        actor=AT_THIS_LAPTOP, today=TODAY)


def test_a_server_without_complaints_leaves_them_owed(db, site):
    item = hotline(db)
    counts = sync_complaints(db, Scripted({}))
    assert (counts.new, counts.sent) == (0, 0)
    assert complaints.complaint(db, item.ref).send_state == "hotline_to_send"


def test_a_hotline_entry_takes_central_code_and_then_its_resolution_goes(db, site):
    paper(db)
    item = hotline(db)
    complaints.resolve_reject(db, item.ref, "Đã có mũi 2.", actor=AT_THIS_LAPTOP)
    coded = wire.Complaint(CODE, complaints.complaint(db, item.ref).submission,
                           datetime(2026, 12, 1, 8), wire.ROUTE_SITE, "HN-0001", "01", None)
    server = Scripted({
        ("POST", "complaints"): (201, coded.as_json()),
        ("POST", f"complaints/{CODE}/resolution"): (200, coded.as_json()),
        ("GET", "complaints"): (200, {"complaints": [], "next_since": None}),
    })
    counts = sync_complaints(db, server)
    assert counts.sent == 2
    assert [a[:2] for a in server.asked] == [("POST", "complaints"),
                                             ("POST", f"complaints/{CODE}/resolution"),
                                             ("GET", "complaints")]
    assert server.asked[0][2]["channel"] == wire.HOTLINE
    assert server.asked[1][2]["action"] == wire.REJECT
    done = complaints.complaint(db, CODE)
    assert (done.code, done.send_state, done.status) == (CODE, "sent", wire.REJECTED)


@pytest.mark.parametrize(("status", "problem"), [(409, "COMPLAINT_RESOLVED_ELSEWHERE"),
                                                (403, "COMPLAINT_ROUTED_ELSEWHERE")])
def test_a_refusal_keeps_the_local_resolution_as_a_conflict(db, site, status, problem):
    arrived(db, GOOD_ID)
    complaints.resolve_reject(db, CODE, "Không có hồ sơ.", actor=AT_THIS_LAPTOP)
    server = Scripted({("POST", f"complaints/{CODE}/resolution"): (status, {"detail": "x"}),
                       ("GET", "complaints"): (200, {"complaints": []})})
    counts = sync_complaints(db, server)
    assert (counts.sent, counts.conflicts) == (0, 1)
    item = complaints.complaint(db, CODE)
    assert (item.send_state, item.send_problem, item.action) == ("conflict", problem,
                                                                 wire.REJECT)
    assert sync_complaints(db, server).conflicts == 0  # not sent again and again


def test_a_malformed_complaint_is_a_protocol_error(db, site):
    server = Scripted({("GET", "complaints"): (200, {"complaints": [{"code": "nope"}]})})
    with pytest.raises(ProtocolError):
        sync_complaints(db, server)
