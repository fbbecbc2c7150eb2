"""A merge undone (two people merged by mistake): what the merge moved goes back, what was
done since stays, the kept record's certificates that print the moved doses are revoked,
and both records travel again as two people. Refused, with nothing changed, when it cannot
be undone cleanly or by whom may not."""

from __future__ import annotations

import json
import time
from datetime import date, datetime

import pytest
from sqlalchemy import select

from desktop_app.db import complaint_store
from desktop_app.db.models import AuditEntry, CertificateIssue, CleaningCase, Person, SyncRecord
from desktop_app.services import certificates, cleaning, complaints, signing
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, NotAllowed, Role
from desktop_app.services.audit import describe
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.merges import merge_people, unmerge_people
from desktop_app.services.paper_backfill import record_paper_dose
from desktop_app.services.records import correct_person
from desktop_app.wire import complaints as wire
from tests.certificates.signed import PASSPHRASE
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.complaints.people import arrived
from tests.complaints.test_merges import SLIP, doses_of, folded_into
from tests.sync.helpers import reconcile, server_copies


def two_of_her(db):
    """Her record with the ID and dose 1, and a second one without it holding dose 2."""
    keep = paper(db)
    fold = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                 address="12 Láng Hạ, Hà Nội")
    return keep, fold


def entries(db, action, pid):
    with db.reading() as s:
        return [json.loads(d) for d in s.scalars(select(AuditEntry.details).where(
            AuditEntry.action == action, AuditEntry.entity_id == pid))]


def outbox(db, entity, rid):
    with db.reading() as s:
        sync = s.get(SyncRecord, (entity, rid))
        return sync.state, sync.local_version


def test_the_moved_doses_go_back_and_the_folded_record_stands_again(db, site, boss):
    keep, fold = two_of_her(db)
    merge_people(db, keep, fold, actor=boss)
    # a dose recorded on the kept record after the merge is hers, and stays
    assert record_paper_dose(db, {**SLIP, "id_number": GOOD_ID, "dose_number": "3",
                                  "dose_date": "07/03/2022"}, TODAY,
                             actor=AT_THIS_LAPTOP).person_id == keep
    versions = {rid: outbox(db, e, rid)[1] for e, rid in [("person", fold)] + [
        ("dose", d) for d in entries(db, "merge", fold)[0]["doses"]]}

    undone = unmerge_people(db, fold, actor=boss)

    assert folded_into(db, fold) is None
    assert doses_of(db, fold) == [(2, "2021-10-07")]
    assert doses_of(db, keep) == [(1, "2021-09-02"), (3, "2022-03-07")]
    assert len(undone.dose_ids) == 1
    for rid, version in versions.items():  # each goes to the platform again
        entity = "person" if rid == fold else "dose"
        assert outbox(db, entity, rid) == ("pending", version + 1)
    [on_kept], [on_folded] = entries(db, "unmerge", keep), entries(db, "unmerge", fold)
    assert on_kept == on_folded and on_kept["doses"] == list(undone.dose_ids)
    # The records by name and ID number (namesakes here), never by UUID.
    assert describe("unmerge", on_kept, "vi") == (
        "Tách lại hồ sơ đã gộp: hồ sơ “Phạm Thị Lan” (không có số giấy tờ) tách khỏi "
        f"“Phạm Thị Lan” (số giấy tờ {GOOD_ID}); 1 mũi tiêm trở về")
    with db.reading() as s:
        [moved_back] = s.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "update", AuditEntry.entity_id == undone.dose_ids[0])
            .order_by(AuditEntry.id.desc()).limit(1))
    assert json.loads(moved_back) == {"person_id": [keep, fold]}
    # and it can be merged again, as any two records
    merge_people(db, keep, fold, actor=boss)
    assert folded_into(db, fold) == keep


def test_a_field_the_merge_filled_is_emptied_again_unless_corrected_since(db, site, boss):
    fold = paper(db, phone="0912345678")  # the older record, with her ID and phone
    keep = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                 address="12 Láng Hạ, Hà Nội")
    filled = merge_people(db, keep, fold, actor=boss).filled
    assert set(filled) >= {"id_number", "id_type", "phone"}
    fixed = correct_person(db, keep, {"phone": "0911222333"}, actor=boss,
                           confirm_warnings=True, today=TODAY)
    assert fixed.saved, fixed.problems

    undone = unmerge_people(db, fold, actor=boss)

    with db.reading() as s:
        kept = s.get(Person, keep)
        assert (kept.id_number, kept.phone) == (None, "0911222333")
        assert s.get(Person, fold).id_number == GOOD_ID
    assert undone.restored["id_number"] == [GOOD_ID, None]
    assert "phone" not in undone.restored


def test_the_folded_record_s_cleaning_case_is_back_where_the_merge_found_it(db, site, boss):
    keep, fold = two_of_her(db)
    assert [c.person_id for c in cleaning.worklist(db).cases] == [fold]
    cleaning.move(db, [fold], "contacted", actor=boss)
    merge_people(db, keep, fold, actor=boss)
    assert cleaning.worklist(db).cases == []

    unmerge_people(db, fold, actor=boss)

    with db.reading() as s:
        assert s.get(CleaningCase, fold).status == "contacted"
    assert [c.person_id for c in cleaning.worklist(db).cases] == [fold]


def test_complaints_follow_the_merge_and_go_back_with_its_undoing(db, site, boss):
    keep, fold = two_of_her(db)
    about_her = arrived(db, GOOD_ID)  # linked by her ID: the kept record
    about_fold = arrived(db, GOOD_ID, code="PA-00000002")
    with db.transaction() as s:
        complaint_store.find(s, about_fold).person_id = fold  # the clerk linked it there
    merge_people(db, keep, fold, actor=boss)
    assert complaints.complaint(db, about_fold).person_id == keep

    unmerge_people(db, fold, actor=boss)

    assert complaints.complaint(db, about_fold).person_id == fold
    assert complaints.complaint(db, about_her).person_id == keep


def test_refused_with_nothing_changed(db, site, boss):
    keep, fold = two_of_her(db)
    third = paper(db, id_number="", full_name="Phạm Thị Lan", dose_number="3",
                  dose_date="07/03/2022", address="Láng Hạ")
    with pytest.raises(ChangeRefused) as refused:
        unmerge_people(db, fold, actor=boss)
    assert refused.value.message("vi") == (
        "Hồ sơ của Phạm Thị Lan chưa được gộp vào hồ sơ nào: không có gì để tách.")

    merge_people(db, keep, fold, actor=boss)
    clerk = Actor(boss.user_id, "Thư ký", Role.CLERK)
    with pytest.raises(NotAllowed):
        unmerge_people(db, fold, actor=clerk)
    assert folded_into(db, fold) == keep

    merge_people(db, third, keep, actor=boss)  # the kept one folded in its turn
    with pytest.raises(ChangeRefused) as refused:
        unmerge_people(db, fold, actor=boss)
    assert "Hãy tách lần gộp sau trước" in refused.value.message("vi")
    assert folded_into(db, fold) == keep and entries(db, "unmerge", fold) == []
    unmerge_people(db, keep, actor=boss)  # the later merge first, then the earlier
    unmerge_people(db, fold, actor=boss)
    assert [n for n, _ in doses_of(db, fold)] == [2]
    assert [n for n, _ in doses_of(db, keep)] == [1]
    assert [n for n, _ in doses_of(db, third)] == [3]

    merge_people(db, keep, fold, actor=boss)
    with db.transaction() as s:
        s.get(SyncRecord, ("person", keep)).state = "conflict"
    with pytest.raises(ChangeRefused) as refused:
        unmerge_people(db, fold, actor=boss)
    assert refused.value.code == "UNMERGE_IN_CONFLICT"
    assert folded_into(db, fold) == keep


def test_with_central_the_kept_record_s_new_certificate_is_revoked_and_two_people_travel(
        signed, boss):
    db = signed.db
    keep, fold = two_of_her(db)
    signer = signing.unlock_signer(db, PASSPHRASE)
    before = certificates.issue_certificate(db, signer, keep, actor=AT_THIS_LAPTOP)
    folded_paper = certificates.issue_certificate(db, signer, fold, actor=boss,
                                                  override_reason="Thẻ căn cước bị mất")
    signed.sync()
    # Issue times are kept to the second: one issued in the merge's second counts as
    # after it (revoked: it may print the moved doses). This one is a second earlier.
    time.sleep(1.1)
    merge_people(db, keep, fold, actor=boss)
    after = certificates.issue_certificate(db, signer, keep, actor=AT_THIS_LAPTOP)
    assert after.content.uvci != before.content.uvci  # it prints dose 2 too
    summary = signed.sync()
    assert summary.rejected == 0 and summary.conflicts == 0

    assert unmerge_people(db, fold, actor=boss).revoked == (after.content.uvci,)

    with db.reading() as s:
        revoked = {c.uvci: c.revoke_reason for c in s.scalars(select(CertificateIssue))}
    # the folded record's paper went with the merge: it certifies a record that stands
    # for nobody; after the split it stays revoked (a reprint is a new certificate)
    assert revoked == {before.content.uvci: None, after.content.uvci: "dose_corrected",
                       folded_paper.content.uvci: "person_corrected"}
    summary = signed.sync()
    assert summary.rejected == 0 and summary.conflicts == 0
    reconcile(db, signed.server.url, signed.token)
    patients = {p["id"]: p for p in server_copies(signed.server.url, signed.token, "Patient")}
    assert patients[fold].get("active", True) is True and "link" not in patients[fold]
    doses = server_copies(signed.server.url, signed.token, "Immunization")
    assert sorted(d["patient"]["reference"] for d in doses) == sorted(
        [f"Patient/{keep}", f"Patient/{fold}"])


def test_a_merge_answer_central_refused_leaves_central_s_own_once_split(db, site, boss):
    """Central had answered otherwise (409: the conflict kept beside the site's answer),
    so the citizen never read "merged": split, the complaint reads what central holds,
    nothing is owed, and it is not the site's to answer again."""
    keep, fold = two_of_her(db)
    code = arrived(db, GOOD_ID)
    complaints.resolve_merge(db, code, keep, fold, actor=boss)
    with db.transaction() as s:  # the sync's keeping of central's 409, then of its copy
        complaint_store.mark_sent(s, complaint_store.find(s, code).local_id, None,
                                  problem="COMPLAINT_RESOLVED_ELSEWHERE")
    theirs = wire.Resolution(wire.REJECT, "Hồ sơ đã đúng.", "Sở Y tế", datetime(2026, 11, 24))
    with db.transaction() as s:
        complaint_store.keep_pulled(s, wire.Complaint(
            code, complaints.complaint(db, code).submission, datetime(2026, 11, 23, 8),
            wire.ROUTE_SITE, "HN-0001", "01", None, wire.REJECTED,
            changed_at=datetime(2026, 11, 24), resolution=theirs))

    split = unmerge_people(db, fold, actor=boss)

    item = complaints.complaint(db, code)
    assert split.reopened == (code,)
    assert (item.status, item.action, item.note) == (wire.REJECTED, wire.REJECT,
                                                     "Hồ sơ đã đúng.")
    assert (item.send_state, item.send_problem, item.reopen_unsent) == ("none", None, False)
    assert not item.is_open()


def test_a_call_answered_before_it_had_a_code_is_only_taken_back(db, site, boss):
    """Taken by phone and merged offline, not on the platform yet: split, it goes up as a
    call still open, with nothing to reopen there."""
    keep, fold = two_of_her(db)
    taken = complaints.take_hotline(db, wire.Submission(
        wire.DETAILS_HIDE_DOSES, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
        text="Gọi điện: hai hồ sơ."), actor=boss)
    complaints.resolve_merge(db, taken.ref, keep, fold, actor=boss)
    unmerge_people(db, fold, actor=boss)
    item = complaints.complaint(db, taken.ref)
    assert item.is_open() and item.send_state == "hotline_to_send"
    assert not item.reopen_unsent and item.reopened_at is None
