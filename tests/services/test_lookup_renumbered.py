"""Bringing a citizen the laptop already holds under their other number: his old CMND here,
the CCCD that replaced it (with that CMND as its old number) on the platform, or the other
way round. One person here, never two; the old number kept; the CCCD the platform holds but
this laptop does not goes to the cleaning worklist, not silently into the ID. (The live
round trip through a real central server is in tests/sync/test_lookup_live.py.)"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.messages import UserError
from desktop_app.services import lookup
from desktop_app.services.cleaning import worklist
from desktop_app.services.cleaning_elsewhere import ID_DIFFERS_ELSEWHERE
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.sync.lookup import RemoteCitizen
from desktop_app.wire import fhir

CMND, CCCD = "123456789", "001080000111"
BORN = date(1980, 5, 1)


def here(db, actor, id_type=IdType.CMND, number=CMND, old=None, name="Nguyễn Văn Bình",
         dob=BORN) -> str:
    """Him as site A recorded him, with his dose 1."""
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Hoa"),
                      person=PersonInput(name, dob, Sex.MALE, id_type, number,
                                         old_id_number=old),
                      today=date(2021, 9, 1), confirm_warnings=True, actor=actor)
    assert out.saved, out.problems
    return out.person_id


def platform(number=CCCD, old=CMND, id_type="CCCD", name="Nguyễn Văn Bình") -> RemoteCitizen:
    """Him as site HN-0009 synced him: dose 2 given there."""
    fields = fhir.PatientFields(name, BORN, "M", id_type, number, None, None, None, None,
                                False, old_id_number=old)
    return RemoteCitizen(number, [fhir.RemotePatient("pb", "HN-0009", fields, ())], [
        fhir.RemoteDose("b2", "pb", "HN-0009", "COMIRNATY", 2, date(2021, 10, 6), "L2",
                        False)])


def rows(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).all()


def test_his_cccd_brought_where_his_old_cmnd_is_held_is_the_same_person(db, site, boss):
    pid = here(db, boss)
    assert lookup.bring_person(db, platform(), actor=boss) == pid
    assert rows(db, "SELECT id, id_type, id_number FROM person") == [(pid, "CMND", CMND)]
    assert rows(db, "SELECT id, person_id FROM external_dose") == [("b2", pid)]
    desk = load_desk_person(db, pid)
    assert [(d.dose_number, d.site_code) for d in desk.doses] == [(1, None), (2, "HN-0009")]
    assert desk.next_dose_number == 3
    # The CCCD is not written over his ID from here: a supervisor checks his card.
    [case] = [c for c in worklist(db).cases if c.person_id == pid]
    assert case.problems == (ID_DIFFERS_ELSEWHERE,)
    lookup.bring_person(db, platform(), actor=boss)  # again: flagged once, nothing doubled
    assert rows(db, "SELECT cleaning_reason FROM person") == [("ID_DIFFERS_ELSEWHERE",)]
    assert rows(db, "SELECT count(*) FROM external_dose") == [(1,)]


def test_a_brought_person_keeps_the_old_number_the_platform_holds(db, site, boss):
    pid = lookup.bring_person(db, platform(), actor=boss)
    assert rows(db, "SELECT id, id_number, old_id_number FROM person") == [(pid, CCCD, CMND)]


def test_the_same_number_here_without_the_old_one_takes_it(db, site, boss):
    pid = here(db, boss, IdType.CCCD, CCCD)
    assert lookup.bring_person(db, platform(), actor=boss) == pid
    assert rows(db, "SELECT id_number, old_id_number, cleaning_reason FROM person") == [
        (CCCD, CMND, None)]
    [(state,)] = rows(db, "SELECT state FROM sync_record WHERE entity = 'person'")
    assert state == "pending"  # the platform gets the old number from here too


def test_his_old_cmnd_brought_where_his_cccd_is_held_is_the_same_person(db, site, boss):
    pid = here(db, boss, IdType.CCCD, CCCD, old=CMND)
    assert lookup.bring_person(db, platform(CMND, None, "CMND"), actor=boss) == pid
    assert rows(db, "SELECT id_number, old_id_number, cleaning_reason FROM person") == [
        (CCCD, CMND, None)]  # this laptop already knows both numbers: nothing to clean


def test_one_old_number_under_two_current_ones_is_one_person_to_check(db, site, boss):
    other_cccd = "001080000222"
    pid = here(db, boss, IdType.CCCD, other_cccd, old=CMND)
    assert lookup.bring_person(db, platform(), actor=boss) == pid
    assert rows(db, "SELECT id_number, cleaning_reason FROM person") == [
        (other_cccd, "ID_DIFFERS_ELSEWHERE")]


def test_another_name_under_his_old_number_brings_nothing(db, site, boss):
    here(db, boss, name="Trần Thị Hoa", dob=date(1990, 1, 2))
    with pytest.raises(UserError) as refused:
        lookup.bring_person(db, platform(), actor=boss)
    assert refused.value.code == "LOOKUP_OTHER_PERSON_HERE"
    assert "Trần Thị Hoa" in refused.value.message("vi") and CMND in refused.value.message("en")
    assert rows(db, "SELECT count(*) FROM person") == [(1,)]
    assert rows(db, "SELECT count(*) FROM external_dose") == [(0,)]
