"""The cleaning worklist: who is on it, in which list, counted, moved, and corrections that
re-run the rules (issue #15, points 1 and 2)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEntry, CleaningCase, Person
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import cleaning
from desktop_app.services.actor import Actor, NotAllowed, Role
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.records import correct_person
from tests.cleaning.people import TODAY, paper

MALE_ID_1985 = make_cccd("001", Sex.MALE, 1985, 777)


def test_flagged_people_are_listed_with_their_problems_and_clean_ones_are_not(db, site):
    paper(db)  # clean
    wrong_sex = paper(db, full_name="Trần Thị Mai", id_number=MALE_ID_1985)
    no_dob = paper(db, full_name="Lê Thị Hoa", dob="", id_number="")
    work = cleaning.worklist(db)
    listed = {c.person_id: c for c in work.cases}
    assert set(listed) == {wrong_sex, no_dob}
    assert listed[wrong_sex].problems == ("ID_SEX_MISMATCH",)
    assert listed[no_dob].problems == ("DOB_REQUIRED", "ID_NUMBER_REQUIRED")
    assert work.by_status == {"to_check": 2}
    assert work.by_problem == {"ID_SEX_MISMATCH": 1, "DOB_REQUIRED": 1, "ID_NUMBER_REQUIRED": 1}
    assert listed[wrong_sex].commune == "Phường Láng"  # grouped by the commune it names


def test_a_correction_that_clears_every_problem_makes_the_person_fixed(db, site, boss):
    pid = paper(db, full_name="Trần Thị Mai", id_number=MALE_ID_1985)
    out = correct_person(db, pid, {"sex": "M", "full_name": "Trần Văn Mai"}, actor=boss,
                         today=TODAY, confirm_warnings=True)
    assert out.saved, out.problems
    assert cleaning.worklist(db).cases == []  # left the list by itself
    assert cleaning.worklist(db, status="fixed").cases[0].person_id == pid
    with db.reading() as s:
        assert s.get(Person, pid).cleaning_reason is None
        trail = [json.loads(e.details) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == pid,
                                     AuditEntry.action == "cleaning"))]
    assert trail == [{"status": ["to_check", "fixed"], "why": "correction"}]


def test_a_person_still_wrong_keeps_exactly_the_codes_that_still_apply(db, site, boss):
    pid = paper(db, full_name="Lê Thị Hoa", dob="", id_number="", sex="")
    assert cleaning.worklist(db).cases[0].problems == (
        "DOB_REQUIRED", "SEX_REQUIRED", "ID_NUMBER_REQUIRED")
    out = correct_person(db, pid, {"sex": "F"}, actor=boss, today=TODAY)
    assert out.saved, out.problems
    [case] = cleaning.worklist(db).cases
    assert case.problems == ("DOB_REQUIRED", "ID_NUMBER_REQUIRED")
    assert case.status == "to_check"


def test_a_booster_stored_as_dose_1_is_listed_kept_by_corrections_and_may_be_fixed(
        db, site, boss):
    """A booster typed without its number, for someone with no earlier dose known, was
    stored as dose 1: it is on the list in a few words, a correction of the person does
    not clear it (the rules cannot see it), and once checked the case may be fixed."""
    pid = paper(db, full_name="Lê Thị Hoa", dob="", dose_number="Mũi nhắc lại")
    work = cleaning.worklist(db)
    [case] = work.cases
    assert case.problems == ("DOB_REQUIRED", "DOSE_BOOSTER_AS_FIRST")
    assert work.by_problem == {"DOB_REQUIRED": 1, "DOSE_BOOSTER_AS_FIRST": 1}
    assert [cleaning.problem_label(c, "vi") for c in case.problems] == [
        "Thiếu ngày sinh", "Mũi nhắc lại lưu là mũi 1"]
    assert cleaning.problem_label("DOSE_BOOSTER_AS_FIRST", "en") == "Booster stored as dose 1"
    assert cleaning.worklist(db, problem="DOSE_BOOSTER_AS_FIRST").cases == [case]
    out = correct_person(db, pid, {"dob": date(1985, 3, 12)}, actor=boss, today=TODAY)
    assert out.saved, out.problems
    [case] = cleaning.worklist(db).cases
    assert case.problems == ("DOSE_BOOSTER_AS_FIRST",) and case.status == "to_check"
    assert cleaning.move(db, [pid], "fixed", actor=boss, note="mũi 3, sổ tiêm") == 1
    assert cleaning.recheck_all(db, actor=boss, today=TODAY) == 0  # stays fixed


def test_a_correction_may_not_bring_a_new_error(db, site, boss):
    pid = paper(db, full_name="Lê Thị Hoa", dob="")
    out = correct_person(db, pid, {"id_number": "12345"}, actor=boss, today=TODAY)
    assert not out.saved and "ID_WRONG_LENGTH" in [p.code for p in out.problems]


def test_foreigners_and_people_without_a_number_are_their_own_lists(db, site):
    paper(db, full_name="John Smith", id_number="C1234567")  # passport, no nationality
    work = cleaning.worklist(db, work_list="foreigners")
    assert [c.full_name for c in work.cases] == ["John Smith"]
    assert work.by_list["foreigners"] == 1


def test_moves_are_audited_checked_and_refused_for_a_clerk(db, site, boss):
    pid = paper(db, full_name="Lê Thị Hoa", dob="")
    clerk = Actor(boss.user_id, "Thư ký", Role.CLERK)
    with pytest.raises(NotAllowed):
        cleaning.move(db, [pid], "contacted", actor=clerk)
    assert cleaning.move(db, [pid], "contacted", actor=boss, note="gọi điện") == 1
    with pytest.raises(ChangeRefused) as unsaid:  # closed unverified: it says why
        cleaning.move(db, [pid], "cannot_verify", actor=boss, note="  ")
    assert unsaid.value.code == "CLEANING_REASON_REQUIRED"
    cleaning.move(db, [pid], "cannot_verify", actor=boss, note="Đã chuyển đi")
    with pytest.raises(ChangeRefused) as refused:
        cleaning.move(db, [pid], "returned", actor=boss)
    assert "Lê Thị Hoa" in refused.value.message("vi")
    with db.reading() as s:
        assert s.get(CleaningCase, pid).status == "cannot_verify"
        users = {e.user_id for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "cleaning"))}
    assert users == {boss.user_id}


def test_a_list_sent_more_than_two_days_ago_is_late(db, site, boss):
    from datetime import datetime, timedelta

    pid = paper(db, full_name="Lê Thị Hoa", dob="")
    sent = datetime(2026, 11, 20, 8, 0)
    cleaning.move(db, [pid], "sent", actor=boss, now=sent)
    assert not cleaning.worklist(db, now=sent + timedelta(days=1)).cases[0].late
    later = cleaning.worklist(db, now=sent + timedelta(days=2, hours=1))
    assert later.cases[0].late and later.late == 1


def test_giving_up_on_a_real_identity_error_does_not_empty_the_backlog(db, site, boss):
    """A reviewer moved every demo case to *cannot verify* in one bulk move: the not-clean
    backlog the province ranks sites by went from 348 to 0, though 196 of those people
    still had identity errors holding their certificates back. Such an error stays in the
    backlog; a soft problem closed so (a name without diacritics nobody can check) does
    not."""
    from desktop_app.db.report_queries import cleaning_counts

    wrong_sex = paper(db, full_name="Trần Thị Mai", id_number=MALE_ID_1985)
    plain = paper(db, full_name="Tran Thi Lan", id_number=make_cccd("001", Sex.FEMALE, 1985,
                                                                    778))
    assert cleaning.move(db, [wrong_sex, plain], "cannot_verify", actor=boss,
                         note="Không liên lạc được") == 2
    work = cleaning.worklist(db)
    assert work.by_status == {"cannot_verify": 2}
    assert work.by_problem == {"ID_SEX_MISMATCH": 1}
    with db.reading() as s:
        assert cleaning_counts(s) == (work.by_status, work.by_problem, work.not_clean)
