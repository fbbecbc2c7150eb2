"""A call taken at site B about a citizen whose record is at site A: central routes it to A.
B's copy was open and overdue for good, its buttons resolved it into a conflict at the next
sync, and B never learnt A's answer. It is now "passed on": out of the 48-hour list and its
order, refused by every resolution, and B follows its status and outcome by code, as the
citizen reads them, never where it went or who answered."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.clock import utc_now
from desktop_app.rules.messages import UserError
from desktop_app.services import complaints
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.complaints.people import arrived
from tests.complaints.scripted import Scripted

CALL = wire.Submission(wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
                       text="Gọi điện: sai tên đệm.")
REASON = "Hồ sơ đúng với CCCD, không cần sửa."


def test_a_call_routed_to_another_site_is_passed_on_and_its_outcome_followed(
        wired, wired_b, boss):
    paper(wired.db)
    wired.sync()  # A's dose is on central: calls about Lan go to A
    taken = complaints.take_hotline(wired_b.db, CALL, actor=AT_THIS_LAPTOP, today=TODAY)
    mine = arrived(wired_b.db, GOOD_ID, code="PA-00000002",  # one of B's own, open
                   received=utc_now() - timedelta(hours=10))
    assert complaints.complaint(wired_b.db, taken.ref).is_open()  # not sent yet: B's
    wired_b.sync()
    [first, passed] = complaints.list_complaints(wired_b.db)
    assert first.code == mine
    assert passed.forwarded and wire.is_code(passed.code) and passed.status == wire.OPEN
    assert not passed.is_open()
    later = utc_now() + timedelta(days=3)
    assert not passed.overdue(later) and not passed.raised(later)
    with pytest.raises(UserError) as refused:
        complaints.resolve_reject(wired_b.db, passed.code, "Không thuộc trạm", actor=boss)
    assert refused.value.code == "COMPLAINT_FORWARDED"
    with pytest.raises(UserError):
        complaints.link_person(wired_b.db, passed.code, "anyone", actor=boss)
    assert complaints.complaint(wired_b.db, passed.code).send_state == "sent"  # none owed

    wired.sync()
    [at_a] = complaints.list_complaints(wired.db)
    assert at_a.code == passed.code and at_a.is_open() and not at_a.forwarded
    complaints.resolve_reject(wired.db, at_a.code, REASON, actor=boss)
    wired.sync()

    wired_b.sync()
    followed = complaints.complaint(wired_b.db, passed.code)
    assert (followed.status, followed.action, followed.note) == (wire.REJECTED, wire.REJECT,
                                                                 REASON)
    assert followed.forwarded and followed.send_state == "sent"
    assert (followed.route, followed.person_id, followed.merged_id) == (
        wire.ROUTE_PROVINCE, None, None)  # nothing of where it went or what it touched


def test_a_call_about_this_sites_citizen_stays_this_sites(wired, boss):
    paper(wired.db)
    wired.sync()
    complaints.take_hotline(wired.db, CALL, actor=AT_THIS_LAPTOP, today=TODAY)
    wired.sync()
    [item] = complaints.list_complaints(wired.db)
    assert item.route == wire.ROUTE_SITE and not item.forwarded and item.is_open()
    complaints.resolve_reject(wired.db, item.code, REASON, actor=boss)
    assert wired.sync().complaints_sent == 1


def test_a_platform_without_the_filed_list_leaves_the_call_passed_on(db, site):
    """An older platform answers 404: the call stays passed on, its outcome unknown."""
    taken = complaints.take_hotline(db, CALL, actor=AT_THIS_LAPTOP, today=TODAY)
    coded = wire.Complaint("PA-2B3C4D5E", CALL, utc_now(), wire.ROUTE_PROVINCE, None, None,
                           None)
    server = Scripted({("POST", "complaints"): (201, coded.as_json()),
                       ("GET", "complaints"): (200, {"complaints": [], "next_since": None})})
    from desktop_app.sync.complaints import sync_complaints

    sync_complaints(db, server)
    assert [a[:2] for a in server.asked] == [("POST", "complaints"), ("GET", "complaints"),
                                             ("GET", wire.FILED_PATH)]
    item = complaints.complaint(db, "PA-2B3C4D5E")
    assert item.ref != taken.ref and item.forwarded and item.status == wire.OPEN
