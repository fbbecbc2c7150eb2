"""A complaint no ID number links to a record here (the record's CCCD mistyped, a child
recorded without one, a call by the old CMND): a supervisor finds the record as the desk
finds people and links it; it is then corrected as any linked complaint, the choice kept by
every later pull and named to central with the resolution. Chosen wrongly, it is linked
again while open; each choice is in the audit trail."""

from __future__ import annotations

import json
from datetime import date

import pytest
import requests
from sqlalchemy import select

from central_server.complaints import store as central_store
from central_server.db.engine import make_engine
from desktop_app.db.models import AuditEntry
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.rules.messages import UserError
from desktop_app.services import complaints
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, NotAllowed, Role
from desktop_app.services.audit import describe
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.merges import merge_people
from desktop_app.wire import complaints as wire
from tests.cleaning.people import paper
from tests.complaints.people import CODE, arrived

RIGHT = make_cccd("001", Sex.FEMALE, 1990, 4321)  # Hoa's own number
TYPO = make_cccd("001", Sex.FEMALE, 1990, 4312)  # as her record carries it: two digits swapped
HOA = {"full_name": "Nguyễn Thị Hoa", "dob": "05/05/1990", "id_number": TYPO}


def file_on_central(wired, **changes) -> str:
    """A citizen's complaint filed on the platform (its API, as central staff)."""
    sub = wire.Submission(wire.DETAILS_HIDE_DOSES, RIGHT, "Nguyễn Thị Hoa", date(1990, 5, 5),
                          "0912345678", None, None, "", "00004",
                          "Số CCCD trên hồ sơ bị gõ sai nên không thấy mũi tiêm.", wire.API)
    answer = requests.post(wired.server.url.rsplit("/fhir", 1)[0] + "/api/complaints",
                           json=sub.as_json() | changes, timeout=30,
                           headers={"Authorization": f"Bearer {wired.central_token}"})
    assert answer.status_code == 201, answer.text
    return answer.json()["code"]


def links(db) -> list[dict]:
    with db.reading() as s:
        return [json.loads(e.details) | {"user": e.user_id} for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "link").order_by(AuditEntry.id))]


def test_a_record_with_a_mistyped_cccd_is_linked_by_hand_then_corrected(wired, boss):
    """Routed to the commune's site with no record matched, the complaint could only be
    rejected: "Correct the details" needed a link and none could be made."""
    wired.server.cli("set-area", "HN-0001", "--province", "01", "--commune", "00004")
    hoa = paper(wired.db, **HOA)
    wired.sync()
    code = file_on_central(wired)
    wired.sync()
    [item] = complaints.list_complaints(wired.db)
    assert (item.code, item.person_id) == (code, None)
    with pytest.raises(UserError) as refused:
        complaints.resolve_correct(wired.db, code, {"id_number": RIGHT}, note="", actor=boss)
    assert refused.value.code == "COMPLAINT_NO_PERSON"

    # Found by her name and birth date, as the desk finds people; the date narrows it.
    found = complaints.find_records(wired.db, item.submission.full_name, item.submission.dob)
    assert [h.id for h in found] == [hoa]
    assert complaints.find_records(wired.db, "nguyen thi hoa", date(1990, 5, 6)) == []
    linked = complaints.link_person(wired.db, code, hoa, actor=boss)
    assert (linked.person_id, linked.person_name, linked.person_id_number) == (
        hoa, "Nguyễn Thị Hoa", TYPO)
    [entry] = links(wired.db)
    assert (entry["code"], entry["person_id"], entry["before"], entry["user"]) == (
        code, hoa, None, boss.user_id)
    assert describe("link", entry, "vi") == \
        f"Gắn phản ánh với hồ sơ {code}: hồ sơ của Nguyễn Thị Hoa (số giấy tờ {TYPO})"

    wired.sync()  # the pull brings the complaint again (its cursor is inclusive)
    assert complaints.complaint(wired.db, code).person_id == hoa  # the choice stands

    out = complaints.resolve_correct(wired.db, code, {"id_number": RIGHT}, note="",
                                     actor=boss)
    assert out.saved, out.problems
    summary = wired.sync()
    assert summary.complaints_sent == 1 and summary.rejected == 0
    engine = make_engine(wired.server.database_url)
    try:
        there = central_store.get(engine, code)
    finally:
        engine.dispose()
    # Central took the record the site chose as the one the resolution touched.
    assert (there.status, there.resolution.action, there.resolution.person_id) == (
        wire.RESOLVED, wire.CORRECT, hoa)
    done = complaints.complaint(wired.db, code)
    assert (done.send_state, done.person_id_number) == ("sent", RIGHT)


def test_a_call_by_the_old_cmnd_is_linked_to_the_record_that_keeps_it(db, site, boss):
    """A record with a CCCD keeps the old CMND beside it: a call by the CMND found nobody
    here until central answered (offline, never)."""
    out = record_dose(
        db, DoseInput("COMIRNATY", "FK1234", 1, date(2022, 3, 1), "Y tá Lan"),
        person=PersonInput("Đỗ Minh Tuấn", date(1980, 2, 2), Sex.MALE, IdType.CCCD,
                           make_cccd("001", Sex.MALE, 1980, 5151), phone="0912345678",
                           address="12 Láng Hạ", old_id_number="013579246"),
        today=date(2022, 3, 1), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    taken = complaints.take_hotline(db, wire.Submission(
        wire.DOSE_MISSING, "013579246", "Đỗ Minh Tuấn", date(1980, 2, 2), "0912345678", 2,
        text="Mũi 2 không thấy."), actor=boss, today=date(2022, 3, 2))
    assert taken.person_id == out.person_id
    assert complaints.complaint(db, taken.ref).person_name == "Đỗ Minh Tuấn"


def test_a_wrong_choice_is_linked_again_while_open_and_the_trail_keeps_both(db, site, boss):
    lan = paper(db)  # Phạm Thị Lan, GOOD_ID
    hoa = paper(db, **HOA)
    arrived(db, RIGHT, kind=wire.DETAILS_HIDE_DOSES, full_name="Nguyễn Thị Hoa")
    assert complaints.complaint(db, CODE).person_id is None
    clerk = Actor(boss.user_id, "Thư ký", Role.CLERK)
    with pytest.raises(NotAllowed):
        complaints.link_person(db, CODE, hoa, actor=clerk)

    complaints.link_person(db, CODE, lan, actor=boss)  # the wrong one
    assert complaints.link_person(db, CODE, hoa, actor=boss).person_id == hoa
    complaints.link_person(db, CODE, hoa, actor=boss)  # the same again: nothing to record
    assert [(e["person_id"], e["before"]) for e in links(db)] == [(lan, None), (hoa, lan)]
    assert describe("link", links(db)[1], "en").endswith(
        f"the record of Nguyễn Thị Hoa (ID {TYPO}), instead of the one chosen before")
    arrived(db, RIGHT, kind=wire.DETAILS_HIDE_DOSES, full_name="Nguyễn Thị Hoa")
    assert complaints.complaint(db, CODE).person_id == hoa  # kept by the pull

    # A record folded away by a merge is no record to link.
    again = paper(db, full_name="Nguyễn Thị Hoa", dob="06/05/1990", id_number="",
                  dose_number="2", dose_date="07/10/2021")
    merge_people(db, hoa, again, actor=boss, confirm_differences=True)
    with pytest.raises(UserError) as refused:
        complaints.link_person(db, CODE, again, actor=boss)
    assert refused.value.code == "COMPLAINT_LINK_NO_RECORD"
    # Once resolved, the link is the record the resolution touched.
    complaints.resolve_reject(db, CODE, "Hồ sơ đúng.", actor=boss)
    with pytest.raises(UserError) as closed:
        complaints.link_person(db, CODE, lan, actor=boss)
    assert closed.value.code == "COMPLAINT_ALREADY_CLOSED"
    assert complaints.complaint(db, CODE).person_id == hoa
