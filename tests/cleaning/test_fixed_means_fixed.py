""""Đã sửa" counts people whose record was put right: a case cannot be moved there with its
problem still on the record, and checking again takes back out of it a case whose problem
never left (data moved there before this rule). A case that cannot be put right closes as
*cannot verify*. A refused move speaks the reader's language."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store
from desktop_app.db.models import AuditEntry, CleaningCase
from desktop_app.rules.cleaning import Status
from desktop_app.services import cleaning
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.records import correct_person
from tests.cleaning.people import TODAY, paper


def _status(db, pid: str) -> str | None:
    with db.reading() as s:
        case = s.get(CleaningCase, pid)
        return case.status if case is not None else None


def _moves(db, pid: str) -> list[dict]:
    with db.reading() as s:
        return [json.loads(d) for d in s.scalars(select(AuditEntry.details).where(
            AuditEntry.entity_id == pid, AuditEntry.action == "cleaning")
            .order_by(AuditEntry.id))]


def test_a_case_with_its_problem_still_there_is_not_moved_to_fixed(db, site, boss):
    pid = paper(db, full_name="Lê Quang Hải", dob="", sex="Nam", id_number="")
    with pytest.raises(ChangeRefused) as refused:
        cleaning.move(db, [pid], "fixed", actor=boss)
    assert "No date of birth" in refused.value.message("en")
    assert "“Fixed”" in refused.value.message("en")
    assert "Thiếu ngày sinh" in refused.value.message("vi")
    assert "Lê Quang Hải" in refused.value.message("vi")
    assert _status(db, pid) is None and _moves(db, pid) == []  # nothing moved, nothing logged


def test_several_at_once_move_none_when_one_is_still_wrong(db, site, boss):
    clean = paper(db, full_name="Phạm Thị Lan")
    cleaning.move(db, [clean], "contacted", actor=boss)
    wrong = paper(db, full_name="Lê Quang Hải", dob="", sex="Nam", id_number="")
    with pytest.raises(ChangeRefused):
        cleaning.move(db, [clean, wrong], "fixed", actor=boss, note="đã gọi")
    assert (_status(db, clean), _status(db, wrong)) == ("contacted", None)


def test_a_case_whose_problem_is_gone_may_be_fixed_and_one_that_cannot_be_closes_unverified(
        db, site, boss):
    clean = paper(db, full_name="Phạm Thị Lan")
    cleaning.move(db, [clean], "contacted", actor=boss)  # a case opened on a sound record
    assert cleaning.move(db, [clean], "fixed", actor=boss) == 1
    stuck = paper(db, full_name="Lê Quang Hải", dob="", sex="Nam", id_number="")
    assert cleaning.move(db, [stuck], "cannot_verify", actor=boss,
                         note="vô gia cư, không giấy tờ") == 1
    assert _moves(db, stuck) == [{"status": ["to_check", "cannot_verify"],
                                  "note": "vô gia cư, không giấy tờ"}]
    # Checking again leaves that decision alone.
    assert cleaning.recheck_all(db, actor=boss, today=TODAY) == 0
    assert _status(db, stuck) == "cannot_verify"


def test_check_again_takes_a_fixed_case_whose_problem_never_left_out_of_fixed(db, site, boss):
    pid = paper(db, full_name="Lê Quang Hải", dob="", sex="Nam", id_number="")
    with db.transaction() as s:  # as the old rules let a supervisor do
        cleaning_store.move(s, pid, Status.FIXED, now=utc_now(), user_id=boss.user_id)
    assert cleaning.recheck_all(db, actor=boss, today=TODAY) == 1
    assert _status(db, pid) == "to_check"
    [case] = cleaning.worklist(db).cases
    assert case.problems[0] == "DOB_REQUIRED"
    assert _moves(db, pid) == [{"status": ["to_check", "fixed"]},
                               {"status": ["fixed", "to_check"], "why": "recheck"}]
    assert cleaning.recheck_all(db, actor=boss, today=TODAY) == 0  # settled


def test_a_correction_of_a_fixed_case_that_leaves_the_problem_reopens_it(db, site, boss):
    pid = paper(db, full_name="Lê Quang Hải", dob="", sex="Nam", id_number="")
    with db.transaction() as s:
        cleaning_store.move(s, pid, Status.FIXED, now=utc_now(), user_id=boss.user_id)
    out = correct_person(db, pid, {"phone": "0912345678"}, actor=boss, today=TODAY)
    assert out.saved, out.problems
    assert _status(db, pid) == "to_check"


def test_a_refused_move_names_the_statuses_in_the_readers_language(db, site, boss):
    pid = paper(db, full_name="Lê Quang Hải", dob="")
    cleaning.move(db, [pid], "sent", actor=boss)
    with pytest.raises(ChangeRefused) as refused:
        cleaning.move(db, [pid], "contacted", actor=boss)
    assert refused.value.message("en") == \
        "Lê Quang Hải cannot go from “Sent for verification” to “Contacted”."
    assert refused.value.message("vi") == \
        "Không thể chuyển Lê Quang Hải từ “Đã gửi xác minh” sang “Đã liên hệ”."
