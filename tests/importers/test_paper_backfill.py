"""A paper record typed into the backfill form: the importer's rules, one dose at a time."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.db.models import Dose, Person, SyncRecord
from desktop_app.services import cleaning
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.paper_backfill import record_paper_dose

TODAY = date(2026, 11, 23)
FORM = {"full_name": "Phạm Thị Lan", "dob": "12/03/1985", "sex": "Nữ",
        "id_number": "001185012345", "product": "Pfizer", "lot_number": "FK1",
        "dose_number": "1", "dose_date": "02/09/2021", "facility": "Trạm Y tế Kim Liên"}


def test_a_complete_paper_record_is_stored_queued_and_marked_backfill(db, site):
    out = record_paper_dose(db, FORM, TODAY, actor=AT_THIS_LAPTOP)
    assert out.outcome == "imported" and out.saved
    with db.reading() as s:
        dose = s.scalar(select(Dose))
        person = s.get(Person, dose.person_id)
        queued = s.scalars(select(SyncRecord.state)).all()
    assert (dose.source, dose.dose_number, dose.dose_date) == ("backfill", 1, date(2021, 9, 2))
    assert dose.facility_name == "Trạm Y tế Kim Liên" and person.full_name == "Phạm Thị Lan"
    assert queued == ["pending", "pending"]


def test_the_same_dose_typed_twice_is_not_saved_again(db, site):
    record_paper_dose(db, FORM, TODAY, actor=AT_THIS_LAPTOP)
    again = record_paper_dose(db, FORM | {"full_name": "PHAM THI LAN"}, TODAY, actor=AT_THIS_LAPTOP)
    assert again.outcome == "duplicate" and not again.saved
    assert "đã được ghi nhận" in again.duplicate_message
    second = record_paper_dose(db, FORM | {"dose_number": "2", "dose_date": "30/09/2021"},
                               TODAY, actor=AT_THIS_LAPTOP)
    assert second.outcome == "imported"
    with db.reading() as s:
        assert len(s.scalars(select(Person)).all()) == 1


def test_no_dose_date_is_refused_and_nothing_is_saved(db, site):
    out = record_paper_dose(db, FORM | {"dose_date": ""}, TODAY, actor=AT_THIS_LAPTOP)
    assert out.outcome == "rejected" and [p.code for p in out.problems] == ["DOSE_DATE_REQUIRED"]
    assert out.problems[0].field == "dose_date"
    with db.reading() as s:
        assert s.scalar(select(Dose)) is None


def test_every_mistake_of_a_refused_form_is_said_in_one_save(db, site):
    """A form with no vaccine, a dose date to come, a 31 February and an 8-digit ID said the
    first two; fixed and saved again, it said the other two, there from the start."""
    out = record_paper_dose(db, FORM | {"product": "", "dose_date": "01/01/2030",
                                        "dob": "31/02/1990", "id_number": "00109012"},
                            TODAY, actor=AT_THIS_LAPTOP)
    assert out.outcome == "rejected"
    assert {p.field for p in out.problems} == {"product_code", "dose_date", "dob", "id_number"}
    with db.reading() as s:
        assert s.scalar(select(Dose)) is None


def test_identity_problems_are_saved_for_cleaning(db, site):
    out = record_paper_dose(db, FORM | {"id_number": "", "dob": ""}, TODAY, actor=AT_THIS_LAPTOP)
    assert out.outcome == "flagged"
    assert [p.code for p in out.problems] == ["DOB_REQUIRED", "ID_NUMBER_REQUIRED"]
    with db.reading() as s:
        assert s.scalar(select(Person.cleaning_reason)) == "DOB_REQUIRED,ID_NUMBER_REQUIRED"


def test_a_booster_typed_without_its_number_for_a_new_person_is_saved_for_checking(db, site):
    out = record_paper_dose(db, FORM | {"dose_number": "Nhắc lại"}, TODAY,
                            actor=AT_THIS_LAPTOP)
    assert out.outcome == "flagged" and out.saved
    assert [(p.code, p.field) for p in out.problems] == [("DOSE_BOOSTER_AS_FIRST",
                                                          "dose_number")]
    with db.reading() as s:
        assert s.scalar(select(Dose.dose_number)) == 1
        assert s.scalar(select(Person.cleaning_reason)) == "DOSE_BOOSTER_AS_FIRST"
    # After doses 1 and 2 it is dose 3, as before: nothing to check.
    second = record_paper_dose(db, FORM | {"full_name": "Lê Thị Hoa", "id_number": "001190012345",
                                           "dob": "12/03/1990", "dose_date": "01/08/2021"},
                               TODAY, actor=AT_THIS_LAPTOP)
    assert second.outcome == "imported"
    record_paper_dose(db, FORM | {"full_name": "Lê Thị Hoa", "id_number": "001190012345",
                                  "dob": "12/03/1990", "dose_number": "2",
                                  "dose_date": "05/09/2021"}, TODAY, actor=AT_THIS_LAPTOP)
    booster = record_paper_dose(db, FORM | {"full_name": "Lê Thị Hoa", "dob": "12/03/1990",
                                            "id_number": "001190012345",
                                            "dose_number": "Mũi nhắc lại",
                                            "dose_date": "20/12/2021"}, TODAY,
                                actor=AT_THIS_LAPTOP)
    assert booster.outcome == "imported" and booster.problems == ()
    with db.reading() as s:
        assert s.scalar(select(Dose.dose_number).where(Dose.id == booster.dose_id)) == 3


def test_the_record_window_shows_who_typed_the_paper_dose(db, site, boss):
    """The form's entry is the dose's (it was filed under the person's id as a dose, so the
    record window, which looks doses up by their own ids, never showed it)."""
    from desktop_app.services.audit import describe
    from desktop_app.services.records import record_detail

    out = record_paper_dose(db, FORM, TODAY, actor=boss)
    detail = record_detail(db, out.dose_id)
    [entry] = [a for a in detail.audit if a.action == "create" and a.entity == "dose"]
    assert entry.entity == "dose" and entry.entity_id == out.dose_id
    assert entry.user == "kiemthu (Người kiểm thử)"  # by login too: full names repeat
    said = describe(entry.action, entry.details, "vi")
    assert "Mũi thứ “1”" in said and "Ngày tiêm “02/09/2021”" in said


def test_a_paper_dose_out_of_order_with_a_recorded_one_puts_the_person_on_the_list(db, site):
    """Dose 2 typed in dated before her recorded dose 1: saved, flagged on the form, and
    the person, recorded already, is on the cleaning list (before: the form's flag only)."""
    record_paper_dose(db, FORM, TODAY, actor=AT_THIS_LAPTOP)
    out = record_paper_dose(db, FORM | {"dose_number": "2", "dose_date": "01/08/2021"}, TODAY,
                            actor=AT_THIS_LAPTOP)
    assert out.outcome == "flagged" and out.saved
    assert [(p.code, p.field) for p in out.problems] == [("DOSE_ORDER", "dose_date")]
    with db.reading() as s:
        assert s.scalar(select(Person.cleaning_reason)) == "DOSE_ORDER"
    assert [c.problems for c in cleaning.worklist(db).cases] == [("DOSE_ORDER",)]


def test_a_girl_with_no_id_is_not_put_on_a_boy_of_her_name_and_birth_day(db, site):
    """Found by a review: two children with no ID, "Nguyễn Bảo An" (a boy's name and a
    girl's), born the same day, no phone or address on either paper. The girl's dose 1 was
    refused as the boy's ("already recorded"), her dose 2 stored on him with a note asking
    a supervisor to make him female. A paper in hand giving another sex is another child."""
    child = {"full_name": "Nguyễn Bảo An", "dob": "01/06/2015", "id_number": "",
             "product": "Pfizer", "lot_number": "FK1", "facility": "Trạm Y tế Kim Liên"}
    boy = record_paper_dose(db, child | {"sex": "Nam", "dose_number": "1",
                                         "dose_date": "01/06/2022"}, TODAY, actor=AT_THIS_LAPTOP)
    assert boy.saved
    girl = [record_paper_dose(db, child | {"sex": "Nữ", "dose_number": n, "dose_date": d},
                              TODAY, actor=AT_THIS_LAPTOP)
            for n, d in (("1", "03/06/2022"), ("2", "03/07/2022"))]
    assert all(out.saved for out in girl), [out.outcome for out in girl]
    with db.reading() as s:
        doses = s.execute(select(Person.sex, Dose.dose_number).join(
            Person, Person.id == Dose.person_id).order_by(Dose.dose_date)).all()
    assert [tuple(d) for d in doses] == [("M", 1), ("F", 1), ("F", 2)]
    assert girl[0].person_id == girl[1].person_id != boy.person_id
