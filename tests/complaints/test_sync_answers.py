"""The complaints step of a sync round, answered by a scripted server: a server with no
complaints (404) leaves everything owed for later, a 409 keeps the local resolution marked
as a conflict, a hotline entry central refuses says why and holds back nothing behind it,
a malformed answer is a protocol error. The live server's side is in
tests/sync/test_complaints_sync.py; the scripted server is tests/complaints/scripted.py."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop_app.rules.messages import text
from desktop_app.services import complaints
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.sync.complaints import sync_complaints
from desktop_app.sync.errors import ProtocolError
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.complaints.people import CODE, arrived
from tests.complaints.scripted import Scripted, refusal


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


def test_a_refused_hotline_entry_says_why_and_holds_back_nothing(db, site):
    """Central refuses one entry: that entry says so on the complaint, in Vietnamese, and
    is not sent again; the next entry, the resolutions and the pull still go (the refusal
    stopped the whole step, round after round, and nothing said which complaint)."""
    paper(db)
    refused = hotline(db)
    taken = hotline(db)
    arrived(db, GOOD_ID)
    complaints.resolve_reject(db, CODE, "Mũi 2 đã có.", actor=AT_THIS_LAPTOP)
    coded = wire.Complaint("PA-2B3C4D5E", complaints.complaint(db, taken.ref).submission,
                           datetime(2026, 12, 1, 8), wire.ROUTE_SITE, "HN-0001", "01", None)
    server = Scripted({
        ("POST", "complaints"): [
            (422, refusal("COMPLAINT_ID_DIGITS", "id_number", value="00118501234",
                          length=11)),
            (201, coded.as_json())],
        ("POST", f"complaints/{CODE}/resolution"): (200, coded.as_json()),
        ("GET", "complaints"): (200, {"complaints": [], "next_since": None}),
    })
    counts = sync_complaints(db, server)
    assert (counts.sent, counts.refused) == (2, 1)
    assert [a[:2] for a in server.asked] == [("POST", "complaints"), ("POST", "complaints"),
                                             ("POST", f"complaints/{CODE}/resolution"),
                                             ("GET", "complaints")]
    item = complaints.complaint(db, refused.ref)
    assert (item.code, item.send_state, item.send_problem) == (
        None, "conflict", "COMPLAINT_REFUSED_ID_NUMBER")
    assert text(item.send_problem, "vi").startswith(
        "Hệ thống trung tâm từ chối nhận phản ánh này: số giấy tờ không đúng")
    assert complaints.complaint(db, "PA-2B3C4D5E").send_state == "sent"

    server.asked.clear()
    server.answers[("GET", "complaints")] = (200, {"complaints": [], "next_since": None})
    assert sync_complaints(db, server).refused == 0  # not sent again and again
    assert server.asked == [("GET", "complaints", None)]
    # Closed here, it still says central never took it (there is nothing to send).
    complaints.resolve_reject(db, refused.ref, "Đã nhận lại cuộc gọi.", actor=AT_THIS_LAPTOP)
    closed = complaints.complaint(db, refused.ref)
    assert (closed.send_state, closed.send_problem) == ("conflict",
                                                        "COMPLAINT_REFUSED_ID_NUMBER")


def test_a_refusal_naming_no_field_says_the_entry_was_refused(db, site):
    item = hotline(db)
    server = Scripted({
        ("POST", "complaints"): (400, refusal("COMPLAINT_MALFORMED", None, detail="kind")),
        ("GET", "complaints"): (200, {"complaints": [], "next_since": None})})
    assert sync_complaints(db, server).refused == 1
    assert complaints.complaint(db, item.ref).send_problem == "COMPLAINT_REFUSED_ENTRY"


@pytest.mark.parametrize(("status", "body"), [
    (500, {"resourceType": "OperationOutcome", "issue": []}),
    (400, "<html><body>Bad Request</body></html>"),  # a proxy's page: no entry refused
    (401, refusal("UNAUTHORIZED", None))])
def test_an_answer_that_refuses_no_entry_stops_the_step_and_keeps_it_owed(db, site, status,
                                                                          body):
    item = hotline(db)
    server = Scripted({("POST", "complaints"): (status, body)})
    with pytest.raises(ProtocolError):
        sync_complaints(db, server)
    assert complaints.complaint(db, item.ref).send_state == "hotline_to_send"
