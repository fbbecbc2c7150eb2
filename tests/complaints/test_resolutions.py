"""Each way a site resolves a complaint, end to end through the services on a real site
database: the change is made by the service that already makes it, the resolution is kept
for the next sync, and the audit trail names who did what."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from desktop_app.db.models import AuditEntry, Complaint, Dose, Person, SyncRecord
from desktop_app.rules.countdown import time_left
from desktop_app.rules.messages import UserError
from desktop_app.services import complaints
from desktop_app.services.actor import Actor, NotAllowed, Role
from desktop_app.services.audit import describe
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.merges import merge_people
from desktop_app.sync.outbox import _rows
from desktop_app.wire import complaints as wire
from desktop_app.wire import fhir
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.complaints.people import CODE, arrived


def row(db, code=CODE) -> Complaint:
    with db.reading() as s:
        return s.scalar(select(Complaint).where(Complaint.code == code))


def audit(db, action):
    with db.reading() as s:
        return [json.loads(a.details) for a in s.scalars(
            select(AuditEntry).where(AuditEntry.action == action))]


def queued(db, entity, rid):
    with db.reading() as s:
        return s.get(SyncRecord, (entity, rid)).state


def test_a_complaint_is_linked_to_the_person_by_id_number_and_counts_down(db, site):
    pid = paper(db)
    arrived(db, GOOD_ID)
    [item] = complaints.list_complaints(db)
    assert (item.code, item.person_id, item.person_name) == (CODE, pid, "Phạm Thị Lan")
    assert item.due_at == datetime(2026, 11, 25, 8, 0)
    assert time_left(item.due_at, datetime(2026, 11, 24, 1, 0), "en") == "31 hours left"
    assert item.overdue(datetime(2026, 11, 25, 13, 0)) and \
        time_left(item.due_at, datetime(2026, 11, 25, 13, 0), "en") == "5 hours overdue"


def test_overdue_first_then_nearest_deadline_then_closed(db, site, boss):
    arrived(db, GOOD_ID, code="PA-00000003", received=datetime(2026, 11, 30, 8))
    arrived(db, GOOD_ID, code="PA-00000001", received=datetime(2026, 11, 20, 8))
    arrived(db, GOOD_ID, code="PA-00000002", received=datetime(2026, 11, 29, 8))
    arrived(db, GOOD_ID, code="PA-00000004", received=datetime(2026, 11, 10, 8))
    complaints.resolve_reject(db, "PA-00000004", "Đã có đủ mũi tiêm.", actor=boss)
    assert [i.code for i in complaints.list_complaints(db)] == [
        "PA-00000001", "PA-00000002", "PA-00000003", "PA-00000004"]


def test_add_dose_records_through_the_paper_backfill_and_resolves_with_its_id(db, site, boss):
    pid = paper(db)
    arrived(db, GOOD_ID)
    form = {"full_name": "Phạm Thị Lan", "dob": "12/03/1985", "sex": "Nữ",
            "id_number": GOOD_ID, "product": "Pfizer", "lot_number": "FK2",
            "dose_number": "2", "dose_date": "07/10/2021", "facility": "Trạm Y tế Kim Liên"}
    out = complaints.resolve_add_dose(db, CODE, form, note="Đã bổ sung mũi 2.", actor=boss,
                                      today=TODAY)
    assert out.resolved and out.paper.person_id == pid
    with db.reading() as s:
        dose = s.get(Dose, out.paper.dose_id)
        assert (dose.person_id, dose.dose_number, dose.source) == (pid, 2, "backfill")
    assert queued(db, "dose", dose.id) == "pending"
    r = row(db)
    assert (r.status, r.action, r.send_state) == (wire.RESOLVED, wire.ADD_DOSE,
                                                  "resolution_to_send")
    assert json.loads(r.dose_ids) == [dose.id] and r.resolution_person_id == pid
    [entry] = audit(db, "complaint")
    assert entry["code"] == CODE and entry["action"] == wire.ADD_DOSE
    assert "Đã bổ sung mũi tiêm" in describe("complaint", entry, "vi")


def test_a_second_complaint_about_a_dose_already_recorded_is_resolved_naming_it(db, site,
                                                                               boss):
    """Two complaints about one missing dose 2: the first added it; for the second the form
    said "duplicate" and resolved nothing, so the only way to close it was "not accepted",
    what the citizen then read (a reviewer's finding). It is resolved naming the dose."""
    pid = paper(db)
    form = {"full_name": "Phạm Thị Lan", "dob": "12/03/1985", "sex": "Nữ",
            "id_number": GOOD_ID, "product": "Pfizer", "lot_number": "FK2",
            "dose_number": "2", "dose_date": "07/10/2021", "facility": "Trạm Y tế Kim Liên"}
    arrived(db, GOOD_ID)
    arrived(db, GOOD_ID, code="PA-00000002")
    first = complaints.resolve_add_dose(db, CODE, form, note="Đã bổ sung mũi 2.", actor=boss,
                                        today=TODAY)
    again = complaints.resolve_add_dose(db, "PA-00000002", form, note="Đã bổ sung mũi 2.",
                                        actor=boss, today=TODAY)
    assert again.resolved and again.paper.outcome == "duplicate"
    assert again.already == first.paper.dose_id
    second = row(db, "PA-00000002")
    assert (second.status, second.action) == (wire.RESOLVED, wire.ADD_DOSE)
    assert json.loads(second.dose_ids) == [first.paper.dose_id]
    assert second.resolution_person_id == pid
    with db.reading() as s:  # recorded once
        assert len(s.scalars(select(Dose).where(Dose.person_id == pid,
                                                Dose.dose_number == 2)).all()) == 1


def test_add_dose_rejected_by_the_form_resolves_nothing(db, site, boss):
    paper(db)
    arrived(db, GOOD_ID)
    out = complaints.resolve_add_dose(db, CODE, {"full_name": "Phạm Thị Lan"}, note="",
                                      actor=boss, today=TODAY)
    assert not out.resolved and out.paper.outcome == "rejected"
    assert row(db).status == wire.OPEN and row(db).send_state == "none"


def test_add_dose_is_refused_for_a_complaint_a_dose_does_not_answer(db, site, boss):
    # The screen greys the button out; the service refuses too (a script, another screen).
    paper(db)
    arrived(db, GOOD_ID, kind=wire.MISSING_DOB, dose_number=None, dose_date=None)
    with pytest.raises(UserError) as refused:
        complaints.resolve_add_dose(db, CODE, {"full_name": "Phạm Thị Lan"}, note="",
                                    actor=boss, today=TODAY)
    assert refused.value.message("vi") == (
        f"Phản ánh {CODE} là “Đã tiêm nhưng thiếu ngày sinh”: bổ sung một mũi tiêm không "
        "giải quyết được; hãy sửa thông tin hồ sơ hoặc trả lời phản ánh.")
    assert row(db).status == wire.OPEN and row(db).send_state == "none"
    with db.reading() as s:
        assert s.scalar(select(text("count(*)")).select_from(Dose)) == 1  # paper()'s own


def test_correct_through_the_record_correction(db, site, boss):
    pid = paper(db)
    arrived(db, GOOD_ID, kind=wire.DETAILS_WRONG, dose_number=None, dose_date=None)
    out = complaints.resolve_correct(db, CODE, {"full_name": "Phạm Thị Lan Anh"},
                                     note="Đã sửa họ tên.", actor=boss, today=TODAY,
                                     confirm_warnings=True)
    assert out.saved and out.changed["full_name"] == ["Phạm Thị Lan", "Phạm Thị Lan Anh"]
    assert queued(db, "person", pid) == "pending"
    r = row(db)
    assert (r.action, r.note, r.send_state) == (wire.CORRECT, "Đã sửa họ tên.",
                                                "resolution_to_send")
    assert audit(db, "update")[-1] == {"full_name": ["Phạm Thị Lan", "Phạm Thị Lan Anh"]}


def test_a_refused_dose_correction_keeps_the_person_correction_back_too(db, site, boss):
    """The name is right, the dose date is in the future: neither is saved, the complaint
    stays open, and the audit trail has no half of it."""
    pid = paper(db)
    arrived(db, GOOD_ID, kind=wire.DETAILS_WRONG, dose_number=None, dose_date=None)
    with db.reading() as s:
        dose_id = s.scalar(select(Dose.id).where(Dose.person_id == pid))
    before = len(audit(db, "update"))
    out = complaints.resolve_correct(db, CODE, {"full_name": "Phạm Thị Lan Anh"},
                                     note="Sửa tên và mũi.", actor=boss, dose_id=dose_id,
                                     dose_changes={"dose_date": date(2099, 1, 1)},
                                     confirm_warnings=True, today=TODAY)
    assert not out.saved and [p.code for p in out.problems] == ["DOSE_DATE_IN_FUTURE"]
    with db.reading() as s:
        assert s.get(Person, pid).full_name == "Phạm Thị Lan"
    assert row(db).status == wire.OPEN and len(audit(db, "update")) == before


def test_correct_needs_a_linked_person(db, site, boss):
    arrived(db, "001185000001", kind=wire.DETAILS_WRONG)
    with pytest.raises(UserError) as e:
        complaints.resolve_correct(db, CODE, {"full_name": "X Y"}, note="", actor=boss)
    assert e.value.code == "COMPLAINT_NO_PERSON"


def two_records(db):
    """One person typed twice: once with the ID and dose 1, once without it and dose 2."""
    first = paper(db)
    second = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                  address="12 Láng Hạ, Hà Nội", phone="0912345678")
    return first, second


def test_merge_moves_the_doses_queues_both_and_audits_before_and_after(db, site, boss):
    keep, fold = two_records(db)
    arrived(db, GOOD_ID, kind=wire.DETAILS_HIDE_DOSES)
    with db.reading() as s:
        [moved] = s.scalars(select(Dose.id).where(Dose.person_id == fold))
    out = complaints.resolve_merge(db, CODE, keep, fold, actor=boss,
                                   note="Đã gộp hai hồ sơ.")
    assert out.dose_ids == (moved,) and out.filled["phone"] == [None, "0912345678"]
    with db.reading() as s:
        assert sorted(s.scalars(select(Dose.dose_number).where(Dose.person_id == keep))) \
            == [1, 2]
        folded = s.get(Person, fold)
        assert folded.merged_into == keep
        sent = fhir.patient(_rows(s, "person", [fold])[fold], "HN-0001", 2)
    assert sent["active"] is False and sent["link"] == [
        {"other": {"reference": f"Patient/{keep}"}, "type": "replaced-by"}]
    assert {queued(db, "dose", moved), queued(db, "person", fold),
            queued(db, "person", keep)} == {"pending"}
    merge, _under_folded = audit(db, "merge")  # the kept record's, then the folded one's
    assert merge["before"]["folded"]["merged_into"] is None
    assert merge["after"]["folded"]["merged_into"] == keep and merge["doses"] == [moved]
    r = row(db)
    assert (r.action, r.merged_id, r.resolution_person_id) == (wire.MERGE, fold, keep)
    assert json.loads(r.dose_ids) == [moved]
    assert "1" in describe("merge", merge, "en")


def test_a_merge_stands_only_with_its_resolution_recorded(db, site, boss):
    # A real failure while the resolution is written (the disk refusing the complaint's
    # update), after the merge's rows were: before, the merge stood with the complaint
    # open, and trying again was refused as "already merged".
    keep, fold = two_records(db)
    arrived(db, GOOD_ID, kind=wire.DETAILS_HIDE_DOSES)
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TRIGGER fail_resolution BEFORE UPDATE OF action ON"
                          " complaint BEGIN SELECT RAISE(ABORT, 'disk said no'); END"))
    with pytest.raises(IntegrityError):
        complaints.resolve_merge(db, CODE, keep, fold, actor=boss, note="Gộp")
    with db.reading() as s:
        assert s.get(Person, fold).merged_into is None
        assert sorted(s.scalars(select(Dose.dose_number).where(Dose.person_id == keep))) \
            == [1]
    assert audit(db, "merge") == [] and row(db).action is None
    with db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER fail_resolution"))
    complaints.resolve_merge(db, CODE, keep, fold, actor=boss, note="Gộp")
    assert row(db).merged_id == fold


def test_a_correction_stands_only_with_its_resolution_recorded(db, site, boss):
    pid = paper(db)
    arrived(db, GOOD_ID)
    with db.engine.begin() as conn:
        conn.execute(text("CREATE TRIGGER fail_resolution BEFORE UPDATE OF action ON"
                          " complaint BEGIN SELECT RAISE(ABORT, 'disk said no'); END"))
    with pytest.raises(IntegrityError):
        complaints.resolve_correct(db, CODE, {"full_name": "Phạm Thị Lan Anh"}, note="",
                                   actor=boss)
    with db.reading() as s:
        assert s.get(Person, pid).full_name == "Phạm Thị Lan"
    assert row(db).action is None


def test_merge_refuses_two_id_numbers_and_duplicate_doses(db, site, boss):
    keep = paper(db)
    other = paper(db, id_number="001185099999", dose_number="2", dose_date="07/10/2021")
    with pytest.raises(ChangeRefused) as e:
        merge_people(db, keep, other, actor=boss)
    assert e.value.code == "MERGE_ID_DIFFERS" and "001185099999" in e.value.message("vi")
    twin = paper(db, id_number="", address="khác")  # dose 1 again
    with pytest.raises(ChangeRefused) as e:
        merge_people(db, keep, twin, actor=boss)
    assert e.value.code == "MERGE_DUPLICATE_DOSE" and "mũi số 1" in e.value.message("vi")
    # Each record's dose by its product and date, so one typed twice is told from two
    # doses under one number, and both ways out are named (a void alone could lose a dose).
    said = e.value.message("vi")
    assert said.count("Comirnaty") == 2 and said.count("02/09/2021") == 2, said
    assert "hồ sơ giữ lại: " in said and "sửa số mũi cho đúng" in said
    assert "(the kept record: Comirnaty" in e.value.message("en")
    with db.reading() as s:
        assert s.get(Person, twin).merged_into is None
    assert audit(db, "merge") == []


def test_reject_needs_a_reason_of_bounded_length(db, site, boss):
    arrived(db, GOOD_ID)
    with pytest.raises(UserError) as e:
        complaints.resolve_reject(db, CODE, "   ", actor=boss)
    assert e.value.code == "COMPLAINT_REJECT_NEEDS_REASON"
    with pytest.raises(UserError) as e:
        complaints.resolve_reject(db, CODE, "x" * (wire.REASON_MAX + 1), actor=boss)
    assert e.value.code == "COMPLAINT_NOTE_TOO_LONG"
    item = complaints.resolve_reject(db, CODE, "Không có hồ sơ tiêm ở cơ sở này.", actor=boss)
    assert (item.status, item.send_state) == (wire.REJECTED, "resolution_to_send")
    with pytest.raises(UserError) as e:
        complaints.resolve_reject(db, CODE, "lần nữa", actor=boss)
    assert e.value.code == "COMPLAINT_ALREADY_CLOSED"


def test_a_clerk_may_not_resolve_in_any_way(db, site, boss):
    pid = paper(db)
    arrived(db, GOOD_ID)
    clerk = Actor(boss.user_id, "Thư ký", Role.CLERK)
    calls = [
        lambda: complaints.resolve_add_dose(db, CODE, {}, note="", actor=clerk),
        lambda: complaints.resolve_correct(db, CODE, {"phone": "0913"}, note="", actor=clerk),
        lambda: complaints.resolve_merge(db, CODE, pid, pid, actor=clerk),
        lambda: complaints.resolve_reject(db, CODE, "lý do", actor=clerk),
        lambda: merge_people(db, pid, pid, actor=clerk),
    ]
    for call in calls:
        with pytest.raises(NotAllowed):
            call()
    assert row(db).status == wire.OPEN and audit(db, "complaint") == []


def test_the_hotline_takes_a_checked_complaint_for_the_next_sync(db, site, boss):
    pid = paper(db)
    clerk = Actor(boss.user_id, "Thư ký", Role.CLERK)
    bad = wire.Submission(wire.DOSE_MISSING, "12", "", None, dose_date=date(2030, 1, 1))
    with pytest.raises(complaints.HotlineRefused) as e:
        complaints.take_hotline(db, bad, actor=clerk, today=TODAY)
    assert {p.field for p in e.value.problems} == {"id_number", "full_name", "dob",
                                                  "dose_date"}
    assert "4" in e.value.message("vi")
    good = wire.Submission(wire.DOSE_MISSING, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
                           dose_number=2, text="Gọi điện báo thiếu mũi 2.")
    item = complaints.take_hotline(db, good, actor=clerk, today=TODAY)
    assert (item.code, item.channel, item.person_id, item.send_state) == (
        None, wire.HOTLINE, pid, "hotline_to_send")
    assert complaints.list_complaints(db)[0].ref == item.ref
    [created] = [a for a in audit(db, "create") if a.get("channel") == wire.HOTLINE]
    assert created["kind"] == wire.DOSE_MISSING
    volunteer = Actor(boss.user_id, "TNV", Role.VOLUNTEER)
    with pytest.raises(NotAllowed):
        complaints.take_hotline(db, good, actor=volunteer, today=TODAY)


@pytest.mark.parametrize("typed", ["00118501234", "0011 8501 23", "1234567890"])
def test_the_hotline_refuses_digits_that_are_neither_a_cccd_nor_a_cmnd(db, site, boss, typed):
    """A CCCD with a digit left out was taken as a passport number: it found no record and
    reached no site. Digits alone are a CCCD (12) or a CMND (9); a passport keeps letters."""
    clerk = Actor(boss.user_id, "Thư ký", Role.CLERK)
    sub = wire.Submission(wire.DOSE_MISSING, typed, "Phạm Thị Lan", date(1985, 3, 12),
                          dose_number=2)
    with pytest.raises(complaints.HotlineRefused) as e:
        complaints.take_hotline(db, sub, actor=clerk, today=TODAY)
    [problem] = e.value.problems
    digits = len(typed.replace(" ", ""))
    assert (problem.field, problem.code) == ("id_number", "COMPLAINT_ID_DIGITS")
    assert problem.message("vi") == (
        f"Số giấy tờ “{typed}” có {digits} chữ số: số CCCD có 12 chữ số, số CMND 9 chữ số. "
        "Hãy kiểm tra xem có thiếu hoặc thừa chữ số nào không.")
    for fine in (GOOD_ID, "011850123", "B1234567"):  # a CCCD, a CMND, a passport
        complaints.take_hotline(db, wire.Submission(
            wire.DOSE_MISSING, fine, "Phạm Thị Lan", date(1985, 3, 12), dose_number=2),
            actor=clerk, today=TODAY)


def test_a_correction_without_a_note_names_the_fields_never_their_values(db, site, boss):
    """The note is what the citizen's status page shows to anyone holding the code."""
    paper(db)
    arrived(db, GOOD_ID, kind=wire.DETAILS_WRONG, dose_number=None, dose_date=None)
    out = complaints.resolve_correct(db, CODE, {"dob": date(1985, 3, 13),
                                                "phone": "0987654321"},
                                     note="  ", actor=boss, today=TODAY,
                                     confirm_warnings=True)
    assert out.saved and set(out.changed) == {"dob", "phone"}
    assert row(db).note == "Đã sửa thông tin: ngày sinh, số điện thoại."
    assert complaints.complaint(db, CODE).note == row(db).note


def test_a_pulled_complaint_does_not_overwrite_a_resolution_not_yet_sent(db, site, boss):
    arrived(db, GOOD_ID)
    complaints.resolve_reject(db, CODE, "Không có hồ sơ.", actor=boss)
    arrived(db, GOOD_ID, received=datetime(2026, 11, 23, 8, 0))  # central's older view
    r = row(db)
    assert (r.status, r.send_state) == (wire.REJECTED, "resolution_to_send")
