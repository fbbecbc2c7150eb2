"""A complaint routed to the wrong site (the citizen was vaccinated elsewhere, the place was
misheard on the phone): the site could only reject it, telling the citizen "not accepted"
about a dose that was given. A supervisor now hands it back to the province with a reason;
the next sync sends it (``wire.HAND_BACK``), and from then it is not this site's to resolve.
Here the desk's side, with the platform's answers scripted where a real platform cannot
give them (an older one without hand-backs, one that resolved the complaint meanwhile);
tests/complaints/test_hand_back_live.py runs it against the real platform."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEntry, Complaint
from desktop_app.rules.messages import UserError
from desktop_app.services import complaints
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, NotAllowed, Role
from desktop_app.services.audit import describe
from desktop_app.sync.complaints import sync_complaints
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, TODAY
from tests.complaints.people import CODE, arrived
from tests.complaints.scripted import Scripted, refusal

REASON = "Người dân tiêm mũi 2 ở Hà Nam, không tiêm ở trạm này."
NOW = datetime(2026, 11, 23, 10, 0)


def row(db) -> Complaint:
    with db.reading() as s:
        return s.scalar(select(Complaint).where(Complaint.code == CODE))


def test_handed_back_it_is_no_longer_this_sites_and_the_trail_says_why(db, site, boss):
    arrived(db, GOOD_ID)
    item = complaints.hand_back(db, CODE, f"  {REASON} ", actor=boss, now=NOW)
    assert item.handed_back == wire.HandBack(REASON, boss.name, NOW)
    assert item.hand_back_unsent and not item.is_open()
    later = NOW + timedelta(days=5)
    assert not item.overdue(later) and not item.raised(later)
    r = row(db)
    assert (r.hand_back_state, r.status, r.action, r.send_state) == ("to_send", wire.OPEN,
                                                                     None, "none")
    for refused in (lambda: complaints.resolve_reject(db, CODE, "lý do", actor=boss),
                    lambda: complaints.hand_back(db, CODE, REASON, actor=boss),
                    lambda: complaints.link_person(db, CODE, "anyone", actor=boss)):
        with pytest.raises(UserError) as said:
            refused()
        assert said.value.code == "COMPLAINT_HANDED_BACK"
    with db.reading() as s:
        [entry] = [json.loads(a.details) for a in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "complaint"))]
        by = s.scalar(select(AuditEntry.user_id).where(AuditEntry.action == "complaint"))
    assert entry == {"code": CODE, "action": "hand_back", "note": REASON}
    assert by == boss.user_id
    assert f"Trả về Sở Y tế “{REASON}”" in describe("complaint", entry, "vi")
    # Listed after the open ones, as the calls passed on are.
    mine = arrived(db, GOOD_ID, code="PA-00000002")
    assert [i.code for i in complaints.list_complaints(db)] == [mine, CODE]


def test_a_hand_back_says_why_is_a_supervisors_and_is_of_a_complaint_routed_here(
        db, site, boss):
    arrived(db, GOOD_ID)
    with pytest.raises(UserError) as said:
        complaints.hand_back(db, CODE, "   ", actor=boss)
    assert said.value.code == "COMPLAINT_HAND_BACK_NEEDS_REASON"
    with pytest.raises(UserError) as said:
        complaints.hand_back(db, CODE, "x" * (wire.REASON_MAX + 1), actor=boss)
    assert said.value.code == "COMPLAINT_NOTE_TOO_LONG"
    with pytest.raises(NotAllowed):
        complaints.hand_back(db, CODE, REASON, actor=Actor(boss.user_id, "Thư ký", Role.CLERK))
    assert row(db).hand_back_state is None  # nothing changed by any of them
    complaints.resolve_reject(db, CODE, "Hồ sơ đúng", actor=boss)
    with pytest.raises(UserError) as said:
        complaints.hand_back(db, CODE, REASON, actor=boss)
    assert said.value.code == "COMPLAINT_ALREADY_CLOSED"
    call = wire.Submission(wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
                           text="Gọi điện: sai tên đệm.")
    taken = complaints.take_hotline(db, call, actor=AT_THIS_LAPTOP, today=TODAY)
    with pytest.raises(UserError) as said:  # not on the platform yet: routed there
        complaints.hand_back(db, taken.ref, REASON, actor=boss)
    assert said.value.code == "COMPLAINT_HAND_BACK_NOT_SENT"


def departed_answer(status: str = wire.OPEN) -> dict:
    sub = wire.Submission(wire.DOSE_MISSING, GOOD_ID, "Phạm Thị Lan", None)
    return wire.departed(wire.Complaint(CODE, sub, datetime(2026, 11, 23, 8, 0),
                                        wire.ROUTE_PROVINCE, None, "01", None, status=status,
                                        changed_at=NOW + timedelta(minutes=5))).as_json()


def test_sent_it_reads_passed_on_and_nothing_more_is_owed(db, site, boss):
    arrived(db, GOOD_ID)
    complaints.hand_back(db, CODE, REASON, actor=boss, now=NOW)
    path = f"complaints/{CODE}/{wire.HAND_BACK}"
    server = Scripted({("POST", path): (200, departed_answer()),
                       ("GET", "complaints"): (200, {"complaints": [], "next_since": None})})
    counts = sync_complaints(db, server)
    assert counts.sent == 1
    [(_, _, body)] = [a for a in server.asked if a[1] == path]
    assert wire.hand_back_from_json(body) == wire.HandBack(REASON, boss.name, NOW)
    item = complaints.complaint(db, CODE)
    assert item.forwarded and item.handed_back is not None and not item.hand_back_unsent
    assert item.route == wire.ROUTE_PROVINCE and not item.is_open()
    sync_complaints(db, server)
    assert [a for a in server.asked if a[1] == path] == [(("POST", path, body))]  # once


def test_one_central_refuses_is_the_sites_again_saying_why(db, site, boss):
    arrived(db, GOOD_ID)
    complaints.hand_back(db, CODE, REASON, actor=boss, now=NOW)
    path = f"complaints/{CODE}/{wire.HAND_BACK}"
    server = Scripted({("POST", path): (409, refusal("COMPLAINT_RESOLVED_OTHERWISE", None,
                                                     complaint=CODE)),
                       ("GET", "complaints"): (200, {"complaints": [], "next_since": None})})
    assert sync_complaints(db, server).conflicts == 1
    item = complaints.complaint(db, CODE)
    assert item.handed_back is None and item.hand_back_problem == "COMPLAINT_HAND_BACK_CLOSED"
    assert item.is_open()  # as central holds it until its pull says otherwise


def test_an_older_platform_without_hand_backs_keeps_it_owed(db, site, boss):
    arrived(db, GOOD_ID)
    complaints.hand_back(db, CODE, REASON, actor=boss, now=NOW)
    path = f"complaints/{CODE}/{wire.HAND_BACK}"
    server = Scripted({("POST", path): (404, "<html>Not Found</html>"),
                       ("GET", "complaints"): (200, {"complaints": [], "next_since": None})})
    sync_complaints(db, server)
    item = complaints.complaint(db, CODE)
    assert item.hand_back_unsent and item.hand_back_problem is None
    assert ("GET", "complaints", None) in server.asked  # the rest of the step went on


def test_a_proxys_error_page_refuses_no_hand_back(db, site, boss):
    """A 409 or 403 page from a proxy in front of the platform said nothing of the
    complaint: taken for the platform's refusal, the hand-back was dropped for good (a
    reviewer's). It stays owed, and the round says the step failed."""
    from desktop_app.sync.errors import ProtocolError

    arrived(db, GOOD_ID)
    complaints.hand_back(db, CODE, REASON, actor=boss, now=NOW)
    path = f"complaints/{CODE}/{wire.HAND_BACK}"
    server = Scripted({("POST", path): (409, "<html>Conflict</html>")})
    with pytest.raises(ProtocolError):
        sync_complaints(db, server)
    item = complaints.complaint(db, CODE)
    assert item.hand_back_unsent and item.hand_back_problem is None
