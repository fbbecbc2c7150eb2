"""A corrected date of birth is checked against the doses already given: a child's record
put right to the adult it was takes away "Vaccine outside its ages", an adult's record
made a child's says so before it saves and is flagged after. And checking the list again
changes nothing that is not a change."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select, update

from desktop_app.db.models import AuditEntry, Person
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import cleaning
from desktop_app.services.records import correct_person
from tests.cleaning.people import TODAY, paper


def _codes(db, pid: str) -> str | None:
    with db.reading() as s:
        return s.get(Person, pid).cleaning_reason


def _updates(db, pid: str) -> int:
    with db.reading() as s:
        return len(s.scalars(select(AuditEntry.id).where(
            AuditEntry.entity_id == pid, AuditEntry.action == "update")).all())


def _child_given_an_adult_vaccine(db) -> str:
    return paper(db, full_name="Võ Thị Giang", dob="08/06/2014", sex="Nữ",
                 id_number=make_cccd("001", Sex.FEMALE, 2014, 1), product="AstraZeneca")


def test_a_date_of_birth_put_right_takes_the_age_flag_away(db, site, boss):
    """Before: she stayed listed as "Vắc xin không hợp độ tuổi" after the correction and
    after a check again, born in 1990 and given a vaccine for adults."""
    pid = _child_given_an_adult_vaccine(db)
    assert _codes(db, pid) == "DOSE_AGE_OUTSIDE"
    outcome = correct_person(db, pid, {"dob": date(1990, 5, 4),
                                       "id_number": make_cccd("001", Sex.FEMALE, 1990, 1)},
                             actor=boss, today=TODAY)
    assert outcome.saved and outcome.problems == ()
    assert _codes(db, pid) is None
    assert pid not in {c.person_id for c in cleaning.worklist(db).cases}


def test_an_adult_made_a_child_is_warned_before_and_flagged_after(db, site, boss):
    """Before: saved without a word, no flag; an 11-year-old's certificate for a vaccine
    of 18 and over would have printed."""
    pid = paper(db, full_name="Võ Minh Sơn", dob="01/01/1965", sex="Nam",
                id_number=make_cccd("001", Sex.MALE, 1965, 2), product="AstraZeneca")
    assert _codes(db, pid) is None
    child = {"dob": date(2015, 1, 1), "id_number": make_cccd("001", Sex.MALE, 2015, 2)}
    asked = correct_person(db, pid, child, actor=boss, today=TODAY)
    assert not asked.saved
    [warning] = asked.problems
    assert warning.code == "DOSE_AGE_OUTSIDE" and not warning.is_error
    assert "6 tuổi" in warning.message("vi")  # his age on the day of the dose
    with db.reading() as s:
        assert s.get(Person, pid).dob == date(1965, 1, 1)  # nothing saved on the question
    assert correct_person(db, pid, child, actor=boss, today=TODAY,
                          confirm_warnings=True).saved
    assert _codes(db, pid) == "DOSE_AGE_OUTSIDE"
    [case] = [c for c in cleaning.worklist(db).cases if c.person_id == pid]
    assert case.problems == ("DOSE_AGE_OUTSIDE",)


def test_checking_again_changes_nothing_when_only_the_codes_order_differs(db, site, boss):
    """Before: "4 people's problems or status changed" on a fresh list, each audited, for
    codes stored in another order than the rules give them."""
    pid = paper(db, full_name="Võ Thị Giang", dob="08/06/2014", sex="Nữ", id_number="",
                product="AstraZeneca")
    with db.transaction() as s:
        s.execute(update(Person).where(Person.id == pid)
                  .values(cleaning_reason="DOSE_AGE_OUTSIDE,ID_NUMBER_REQUIRED"))
    before = _updates(db, pid)
    assert cleaning.recheck_all(db, actor=boss, today=TODAY) == 0
    assert _codes(db, pid) == "DOSE_AGE_OUTSIDE,ID_NUMBER_REQUIRED"
    assert _updates(db, pid) == before


def test_checking_again_takes_an_age_flag_the_doses_no_longer_bear_out(db, site, boss):
    """A date of birth corrected before this rule kept its flag: checking again drops it,
    and raises none on a record that had none."""
    pid = _child_given_an_adult_vaccine(db)
    with db.transaction() as s:
        s.execute(update(Person).where(Person.id == pid).values(
            dob=date(1990, 5, 4), id_number=make_cccd("001", Sex.FEMALE, 1990, 1)))
    assert cleaning.recheck_all(db, actor=boss, today=TODAY) == 1
    assert _codes(db, pid) is None
