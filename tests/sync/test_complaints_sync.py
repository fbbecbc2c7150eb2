"""Complaints between a site and a live central server (issue #16): a complaint routed here
comes down linked to the person, a hotline call goes up and gets its code, a resolution goes
up once (sending it again is harmless), a different resolution already on central is kept
here as a conflict; and a failing complaints step never undoes the round's doses.

All but the last need the central side of #16 (the /api/complaints routes)."""

from __future__ import annotations

from datetime import date

import requests

from desktop_app.clock import utc_now
from desktop_app.services import complaints
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.sync.errors import ProtocolError
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.sync.helpers import reconcile


def api(wired) -> str:
    return wired.server.url.rsplit("/fhir", 1)[0] + "/api"


def file_on_central(wired, **changes) -> dict:
    """A citizen's complaint filed on the central platform (its API, central staff)."""
    sub = wire.Submission(wire.DOSE_MISSING, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
                          "0912345678", 2, date(2021, 10, 7), "Trạm Y tế Kim Liên", None,
                          "Tôi tiêm mũi 2 nhưng không thấy.", wire.API)
    body = {**sub.as_json(), **changes}
    answer = requests.post(f"{api(wired)}/complaints", json=body, timeout=30,
                           headers={"Authorization": f"Bearer {wired.central_token}"})
    assert answer.status_code == 201, answer.text
    return answer.json()


def routed_here(wired) -> dict[str, dict]:
    answer = requests.get(f"{api(wired)}/complaints", params={"since": "2000-01-01T00:00:00Z"},
                          headers={"Authorization": f"Bearer {wired.token}"}, timeout=30)
    assert answer.status_code == 200, answer.text
    return {c["code"]: c for c in answer.json()["complaints"]}


def test_a_complaint_routed_here_comes_down_linked_to_the_person(wired):
    pid = paper(wired.db)
    wired.sync()  # central now knows the dose was given here: it routes to this site
    filed = file_on_central(wired)
    summary = wired.sync()
    assert summary.complaints_new == 1
    [item] = complaints.list_complaints(wired.db)
    assert (item.code, item.person_id, item.route) == (filed["code"], pid, wire.ROUTE_SITE)
    assert wired.sync().complaints_new == 0  # the inclusive cursor brings nothing new


def test_a_hotline_call_goes_up_and_gets_its_code(wired):
    paper(wired.db)
    wired.sync()
    taken = complaints.take_hotline(wired.db, wire.Submission(
        wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
        text="Gọi điện: sai tên đệm."), actor=AT_THIS_LAPTOP, today=TODAY)
    summary = wired.sync()
    assert summary.complaints_sent == 1
    [item] = complaints.list_complaints(wired.db)
    assert item.code is not None and wire.is_code(item.code) and item.send_state == "sent"
    assert item.ref != taken.ref  # known by its code from now on
    assert routed_here(wired)[item.code]["submission"]["channel"] == wire.HOTLINE
    # Central's answer to a site says nothing of where a call went, even back here: the
    # same round's pull brings it whole, the same complaint, not a new one.
    assert (item.route, summary.complaints_new) == (wire.ROUTE_SITE, 0)


def test_a_call_with_a_one_word_name_gets_its_code_and_nothing_waits_behind_it(wired):
    """The desk takes "Hùng" after its warning; central refused any warning at all, so the
    entry was refused every round and no complaint came down or went up, for good."""
    paper(wired.db)
    wired.sync()
    complaints.take_hotline(wired.db, wire.Submission(
        wire.DOSE_MISSING, GOOD_ID, "Hùng", date(1985, 3, 12), dose_number=3,
        text="Gọi điện: thiếu mũi 3."), actor=AT_THIS_LAPTOP, today=TODAY)
    filed = file_on_central(wired)["code"]
    summary = wired.sync()
    assert summary.skipped == []
    assert (summary.complaints_sent, summary.complaints_refused, summary.complaints_new) == (
        1, 0, 1)
    items = {i.code: i for i in complaints.list_complaints(wired.db)}
    assert filed in items
    [called] = [i for code, i in items.items() if code != filed]
    assert called.send_state == "sent" and called.submission.full_name == "Hùng"
    assert routed_here(wired)[called.code]["submission"]["full_name"] == "Hùng"


def test_an_entry_central_refuses_says_why_and_holds_back_no_other_complaint(wired):
    """An entry taken by a desk that did not yet check a number's digits (11: one left
    out) is refused by central: it says so, in Vietnamese, and is not sent again; the next
    call, the resolution owed and the complaints routed here still go up and come down."""
    from desktop_app.db import complaint_store
    from desktop_app.rules.messages import text

    paper(wired.db)
    wired.sync()
    answered = file_on_central(wired)["code"]
    wired.sync()
    complaints.resolve_reject(wired.db, answered, "Mũi 2 đã có trên hệ thống.",
                              actor=AT_THIS_LAPTOP)
    with wired.db.transaction() as s:
        old = complaint_store.add_hotline(s, wire.Submission(
            wire.DETAILS_WRONG, GOOD_ID[1:], "Phạm Thị Lan", date(1985, 3, 12),
            text="Gọi điện: sai tên đệm.", channel=wire.HOTLINE), now=utc_now())
    complaints.take_hotline(wired.db, wire.Submission(
        wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
        text="Gọi điện: sai tên đệm."), actor=AT_THIS_LAPTOP, today=TODAY)
    later = file_on_central(wired)["code"]

    summary = wired.sync()
    assert summary.skipped == []
    assert (summary.complaints_refused, summary.complaints_sent, summary.complaints_new) == (
        1, 2, 1)
    refused = complaints.complaint(wired.db, old.local_id)
    assert (refused.code, refused.send_state) == (None, "conflict")
    assert text(refused.send_problem, "vi").startswith(
        "Hệ thống trung tâm từ chối nhận phản ánh này: số giấy tờ không đúng")
    assert complaints.complaint(wired.db, later).status == wire.OPEN  # came down
    assert routed_here(wired)[answered]["status"] == wire.REJECTED  # went up
    assert len([c for c in routed_here(wired).values()
                if c["submission"]["channel"] == wire.HOTLINE]) == 1
    again = wired.sync()
    assert (again.skipped, again.complaints_refused) == ([], 0)  # not sent again


def test_a_correction_saved_without_a_note_shows_no_value_on_the_status_page(wired):
    """Anyone holding the code reads the status page: the note written for an empty one
    names the fields corrected, not the birth date and phone they now hold."""
    paper(wired.db)
    wired.sync()
    code = file_on_central(wired, kind=wire.DETAILS_WRONG)["code"]
    wired.sync()
    out = complaints.resolve_correct(wired.db, code, {"dob": date(1985, 3, 13),
                                                      "phone": "0987654321"},
                                     note="", actor=AT_THIS_LAPTOP, confirm_warnings=True,
                                     today=TODAY)
    assert out.saved
    assert complaints.complaint(wired.db, code).note == (
        "Đã sửa thông tin: ngày sinh, số điện thoại.")
    assert wired.sync().complaints_sent == 1
    page = requests.get(f"{api(wired).rsplit('/api', 1)[0]}/complaints/status",
                        params={"code": code}, timeout=30)
    assert page.status_code == 200
    assert "Đã sửa thông tin: ngày sinh, số điện thoại." in page.text
    for shown in ("13/03/1985", "12/03/1985", "1985", "0987654321", "0987"):
        assert shown not in page.text


def test_a_call_whose_answer_is_lost_is_filed_once(wired):
    """The platform filed the call and answered; the line lost the answer. The upload
    goes again (this round and the next): still one complaint, one code, here and there."""
    from tests.fault_proxy import FaultProxy

    paper(wired.db)
    wired.sync()
    complaints.take_hotline(wired.db, wire.Submission(
        wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
        text="Gọi điện: sai tên đệm."), actor=AT_THIS_LAPTOP, today=TODAY)
    proxy = FaultProxy(wired.server.port)
    try:
        proxy.lose_answers = 1  # the round's first POST: the hotline entry
        wired.sync(proxy.url())
    finally:
        proxy.close()
    wired.sync()
    on_central = [code for code, c in routed_here(wired).items()
                  if c["submission"]["channel"] == wire.HOTLINE]
    assert len(on_central) == 1
    assert [(i.code, i.send_state) for i in complaints.list_complaints(wired.db)] == [
        (on_central[0], "sent")]


def test_a_call_taken_offline_keeps_its_48_hours_from_the_call(wired):
    """The laptop was offline when the call came, 30 hours before this sync: the deadline
    runs from the call, here and on the platform, not from the upload (it moved 30 hours
    later, and the province heard of an overdue call 30 hours late)."""
    from datetime import timedelta

    from sqlalchemy import update

    from desktop_app.db.models import Complaint

    paper(wired.db)
    wired.sync()
    taken = complaints.take_hotline(wired.db, wire.Submission(
        wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
        text="Gọi điện: sai tên đệm."), actor=AT_THIS_LAPTOP, today=TODAY)
    called = (utc_now() - timedelta(hours=30)).replace(microsecond=0)
    with wired.db.transaction() as s:  # taken yesterday, while the link was down
        s.execute(update(Complaint).where(Complaint.local_id == taken.ref)
                  .values(received_at=called))
    assert wired.sync().complaints_sent == 1
    [item] = complaints.list_complaints(wired.db)
    assert item.received_at == called and item.due_at == called + timedelta(hours=48)
    there = routed_here(wired)[item.code]
    assert there["received_at"].startswith(called.strftime("%Y-%m-%dT%H:%M:%S"))


def test_a_resolution_goes_up_once_and_the_citizen_sees_it(wired):
    paper(wired.db)
    wired.sync()
    code = file_on_central(wired)["code"]
    wired.sync()
    complaints.resolve_reject(wired.db, code, "Mũi 2 đã có trên hệ thống.",
                              actor=AT_THIS_LAPTOP)
    assert wired.sync().complaints_sent == 1
    assert complaints.complaint(wired.db, code).send_state == "sent"
    there = routed_here(wired)[code]
    assert there["status"] == wire.REJECTED
    assert there["resolution"]["note"] == "Mũi 2 đã có trên hệ thống."
    # The same resolution again (a lost answer retried) is accepted, not a conflict.
    again = requests.post(f"{api(wired)}/complaints/{code}/resolution", timeout=30,
                          json=there["resolution"],
                          headers={"Authorization": f"Bearer {wired.token}"})
    assert again.status_code == 200, again.text


def test_a_different_resolution_already_on_central_is_kept_as_a_conflict(wired):
    paper(wired.db)
    wired.sync()
    code = file_on_central(wired)["code"]
    wired.sync()
    other = wire.Resolution(wire.REJECT, "Trùng phản ánh khác.", "Sở Y tế", utc_now())
    first = requests.post(f"{api(wired)}/complaints/{code}/resolution", json=other.as_json(),
                          headers={"Authorization": f"Bearer {wired.token}"}, timeout=30)
    assert first.status_code == 200, first.text
    complaints.resolve_reject(wired.db, code, "Không có hồ sơ.", actor=AT_THIS_LAPTOP)
    summary = wired.sync()
    assert summary.complaints_sent == 0
    item = complaints.complaint(wired.db, code)
    assert (item.send_state, item.send_problem, item.note) == (
        "conflict", "COMPLAINT_RESOLVED_ELSEWHERE", "Không có hồ sơ.")


def test_a_complaint_the_platform_no_longer_holds_holds_back_no_other_resolution(wired):
    """The platform was restored from a copy older than one complaint: its resolution is
    refused as unknown (said on it), and the next complaint's still goes up."""
    from sqlalchemy import delete

    from central_server.db.engine import make_engine
    from central_server.db.models import Complaint as CentralComplaint

    paper(wired.db)
    wired.sync()
    lost, kept = file_on_central(wired)["code"], file_on_central(wired)["code"]
    wired.sync()
    for code in sorted((lost, kept)):
        complaints.resolve_reject(wired.db, code, "Mũi 2 đã có trên hệ thống.",
                                  actor=AT_THIS_LAPTOP)
    engine = make_engine(wired.server.database_url)
    with engine.begin() as conn:
        conn.execute(delete(CentralComplaint).where(CentralComplaint.code == lost))
    engine.dispose()
    summary = wired.sync()
    assert summary.complaints_sent == 1
    assert complaints.complaint(wired.db, kept).send_state == "sent"
    gone = complaints.complaint(wired.db, lost)
    assert (gone.send_state, gone.send_problem) == ("conflict", "COMPLAINT_UNKNOWN_ON_CENTRAL")
    assert routed_here(wired)[kept]["status"] == wire.REJECTED


def test_a_failing_complaints_step_keeps_every_dose_sent(wired, monkeypatch):
    """Runs before the merge too: the complaints step is made to fail on purpose."""
    for n in range(3):
        paper(wired.db, full_name=f"Phạm Thị Lan {'ABC'[n]}", id_number=f"00118501234{n}")

    def broken(_db, _client):
        raise ProtocolError("HTTP 500 from complaints")

    monkeypatch.setattr("desktop_app.sync.engine.sync_complaints", broken)
    summary = wired.sync()  # issue #17: a VaxDesk-only step never stops the round
    assert summary.skipped == [("complaints", "SYNC_STEP_PROBLEM_UNEXPECTED")]
    assert summary.skipped_messages("vi") == [
        "Bước \"trao đổi phản ánh\" không thực hiện được lần này: hệ thống trung tâm trả lời"
        " không như mong đợi (chi tiết trong nhật ký của ứng dụng). Dữ liệu tiêm vẫn được đồng"
        " bộ; lần đồng bộ sau sẽ thử lại."]
    reconcile(wired.db, wired.server.url, wired.token)


def test_a_merge_reaches_central_as_an_inactive_record_replaced_by_the_kept_one(wired, boss):
    """Runs before the merge too: a merge travels as ordinary Patient and Immunization
    updates."""
    from desktop_app.services.merges import merge_people
    from tests.sync.helpers import server_copies

    keep = paper(wired.db)
    fold = paper(wired.db, id_number="", dose_number="2", dose_date="07/10/2021",
                 address="Láng Hạ")
    wired.sync()
    merge_people(wired.db, keep, fold, actor=boss)
    summary = wired.sync()
    assert summary.rejected == 0 and summary.conflicts == 0
    reconcile(wired.db, wired.server.url, wired.token)
    patients = {p["id"]: p for p in server_copies(wired.server.url, wired.token, "Patient")}
    assert patients[fold]["active"] is False
    assert patients[fold]["link"] == [{"other": {"reference": f"Patient/{keep}"},
                                      "type": "replaced-by"}]
    doses = server_copies(wired.server.url, wired.token, "Immunization")
    assert {d["patient"]["reference"] for d in doses} == {f"Patient/{keep}"}


def test_a_call_about_another_sites_citizen_gets_its_code_and_not_where_it_went(
        wired, wired_b):
    """Central no longer tells a site where a complaint it filed went unless it came to
    that site: the desk takes the shorter answer and keeps the code; the site holding the
    doses gets the complaint. Past three about one number in an hour, central holds the
    entry back: it waits for a later sync, and nothing behind it waits."""
    paper(wired.db)
    wired.sync()  # A's dose is on central: calls about this citizen go to A
    for n in range(4):
        complaints.take_hotline(wired_b.db, wire.Submission(
            wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
            text=f"Gọi điện lần {n + 1}: sai tên đệm."), actor=AT_THIS_LAPTOP, today=TODAY)
    summary = wired_b.sync()
    assert summary.skipped == []
    assert (summary.complaints_sent, summary.complaints_refused) == (3, 0)
    items = complaints.list_complaints(wired_b.db)
    sent = [i for i in items if i.send_state == "sent"]
    assert len(sent) == 3 and all(wire.is_code(i.code) for i in sent)
    assert {i.route for i in sent} == {"province"}  # the route that tells nothing
    [waiting] = [i for i in items if i.send_state != "sent"]
    assert (waiting.code, waiting.send_state) == (None, "hotline_to_send")
    assert wired.sync().complaints_new == 3  # A, whose record it is, has them
    assert {i.code for i in complaints.list_complaints(wired.db)} == {i.code for i in sent}


def test_a_call_about_a_record_kept_under_the_old_cmnd_stays_with_the_site(wired):
    """Recorded here in 2021 under her CMND; she comes with her chip card (the CCCD, the
    CMND on it) and the clerk takes the complaint by scanning it. The platform, routing by
    the CCCD alone, found nothing and sent it to the province: this site, which holds her
    record, could no longer act ("… điểm tiêm này chỉ theo dõi"). The call now carries the
    record's other number and stays here (a reviewer's finding)."""
    cmnd = "012345678"
    wired.server.cli("set-area", "HN-0001", "--province", "01", "--commune", "00004")
    pid = paper(wired.db, id_number=cmnd)
    assert wired.sync().rejected == 0
    taken = complaints.take_hotline(wired.db, wire.Submission(
        wire.DOSE_MISSING, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12), dose_number=2,
        dose_date=date(2021, 10, 7), text="Mũi 2 không có."),
        actor=AT_THIS_LAPTOP, today=TODAY, old_id_number=cmnd)
    assert taken.person_id == pid
    wired.sync()
    [item] = complaints.list_complaints(wired.db)
    assert (item.route, item.forwarded, item.person_id) == (wire.ROUTE_SITE, False, pid)
    complaints.resolve_reject(wired.db, item.ref, "Mũi 2 đã có ở điểm tiêm khác.",
                              actor=wired.db.supervisor)
