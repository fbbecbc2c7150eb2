"""Who a later paper form or file row is, and what it says of them (the volunteer-backfill
review): a date of birth given for someone recorded is not dropped, a CCCD on a later page
finds the person recorded without one, a wrong digit is not a silent second person, the ID
and name slips the desk refuses are refused or asked at the form, and the form's person
has the desk's "create" entry. Real files, a real database."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import AuditEntry, Dose, Person
from desktop_app.progress import drain
from desktop_app.services import accounts, cleaning
from desktop_app.services.actor import Actor, Role
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_corrections import apply_held
from desktop_app.services.import_undo import undo_import
from desktop_app.services.paper_backfill import CONFIRMED, record_paper_dose
from tests.importers.sheets import person_row, write_xlsx

TODAY = date(2026, 11, 23)
VINH = {"full_name": "Cao Văn Vinh", "sex": "Nam", "id_number": "001077000118",
        "product": "COMIRNATY", "facility": "Trạm Y tế Kim Liên"}
BICH = {"full_name": "Trần Thị Bích", "dob": "05/06/1990", "sex": "Nữ",
        "id_number": "001190000102", "product": "COMIRNATY", "facility": "Trạm Y tế Kim Liên"}


@pytest.fixture
def volunteer(db, boss) -> Actor:
    account = accounts.add_user(db, "tnv1", "Tình nguyện viên Hoa", "volunteer",
                                "mật khẩu tình nguyện 1", actor=boss)
    return Actor(account.id, account.full_name, Role.VOLUNTEER)


def _people(db, name_key):
    """(ID, date of birth, phone, cleaning reason, active doses) of each person of a
    folded name, oldest first."""
    with db.reading() as s:
        people = s.scalars(select(Person).where(Person.name_key == name_key)
                           .order_by(Person.id)).all()  # ids ascend as they are made
        return [(p.id_number, p.dob, p.phone, p.cleaning_reason, s.scalar(
            select(func.count()).select_from(Dose).where(Dose.person_id == p.id,
                                                         Dose.status == "active")))
                for p in people]


def _updates(db, pid):
    with db.reading() as s:
        return [(e.user_id, json.loads(e.details)) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "person", AuditEntry.entity_id == pid,
                                     AuditEntry.action == "update").order_by(AuditEntry.id))]


def _import(db, path, actor, **kw):
    return drain(import_file(db, path, today=TODAY, actor=actor, **kw))


# 1. A later page's date of birth, phone, address for someone recorded, with a new dose

def test_a_later_form_fills_in_the_date_of_birth_and_phone_the_record_lacks(db, site,
                                                                           volunteer):
    """Dose 1 typed without a date of birth, dose 2 with it and a phone (before: "Đã lưu",
    and the record kept neither, on the cleaning list for the date it lacked)."""
    first = record_paper_dose(db, VINH | {"dose_number": "1", "dose_date": "13/08/2021"},
                              TODAY, actor=volunteer)
    assert [p.code for p in first.problems] == ["DOB_REQUIRED"]
    out = record_paper_dose(db, VINH | {"dob": "08/08/1977", "phone": "0912345678",
                                        "dose_number": "2", "dose_date": "03/09/2021"},
                            TODAY, actor=volunteer)
    assert out.outcome == "imported" and out.person_id == first.person_id
    assert out.note is not None and out.note.code == "PERSON_CORRECTED"
    assert "Ngày sinh “—” → “08/08/1977”" in out.note.message
    assert _people(db, "cao van vinh") == [
        ("001077000118", date(1977, 8, 8), "0912345678", None, 2)]
    assert _updates(db, first.person_id) == [
        (volunteer.user_id, {"dob": [None, "1977-08-08"], "phone": [None, "0912345678"]})]
    assert cleaning.worklist(db).cases == []  # off the list: a fixed case, if any


def test_a_later_form_that_gives_another_date_of_birth_says_only_a_supervisor_may(
        db, site, volunteer, boss):
    """The record has one date of birth, the later form another: the dose is saved, the
    record kept, and the form says so (a supervisor's form asks, then corrects)."""
    record_paper_dose(db, VINH | {"dob": "08/08/1977", "dose_number": "1",
                                  "dose_date": "13/08/2021"}, TODAY, actor=volunteer)
    out = record_paper_dose(db, VINH | {"dob": "09/08/1977", "dose_number": "2",
                                        "dose_date": "03/09/2021"}, TODAY, actor=volunteer)
    assert out.saved and out.note.code == "CORRECTION_NEEDS_SUPERVISOR"
    assert "08/08/1977" in out.note.message and "09/08/1977" in out.note.message
    assert "người giám sát" in out.note.message
    assert _people(db, "cao van vinh")[0][1] == date(1977, 8, 8)
    assert _updates(db, out.person_id) == []

    held = record_paper_dose(db, VINH | {"dob": "09/08/1977", "dose_number": "3",
                                         "dose_date": "03/12/2021"}, TODAY, actor=boss,
                             hold_corrections=True)
    assert held.saved and held.note.code == "CORRECTION_AWAITS"
    assert [h.changes for h in held.report.held] == [{"dob": ["1977-08-08", "1977-08-09"]}]
    assert _people(db, "cao van vinh")[0][1] == date(1977, 8, 8)  # until the yes
    assert apply_held(db, held.report, actor=boss) == 1
    assert _people(db, "cao van vinh")[0][1:] == (date(1977, 8, 9), None, None, 3)
    assert held.report.issues[0].code == "PERSON_CORRECTED"


def test_a_later_file_fills_in_a_date_of_birth_and_says_what_a_supervisor_must(
        db, site, tmp_path, volunteer, boss):
    """Phùng Thị Mến's dose 1 without a date of birth, then a file of her dose 2 with it
    (before: "imported", no word, and she kept none). Then a file that gives another."""
    _import(db, write_xlsx(tmp_path / "t1.xlsx", [person_row(
        1, name="Phùng Thị Mến", dob="", sex="Nữ", cccd="001193000203", dose=1,
        when="20/08/2021", phone="", address="")]), volunteer)
    report = _import(db, write_xlsx(tmp_path / "t2.xlsx", [person_row(
        1, name="Phùng Thị Mến", dob="03/03/1993", sex="Nữ", cccd="001193000203", dose=2,
        when="10/09/2021", phone="0912000203", address="Thôn 2")]), volunteer)
    assert report.counts["imported"] == 1
    [said] = report.issues
    assert (said.outcome, said.code, said.sheet_row) == ("imported", "PERSON_CORRECTED", 5)
    assert report.corrections == [said]
    assert _people(db, "phung thi men") == [
        ("001193000203", date(1993, 3, 3), "0912000203", None, 2)]

    other = _import(db, write_xlsx(tmp_path / "t3.xlsx", [person_row(
        1, name="Phùng Thị Mến", dob="04/03/1993", sex="Nữ", cccd="001193000203", dose=3,
        when="10/12/2021", phone="0912000203", address="Thôn 2")]), volunteer)
    [said] = other.issues
    assert (said.outcome, said.code) == ("imported", "CORRECTION_NEEDS_SUPERVISOR")
    assert "04/03/1993" in said.message
    assert _people(db, "phung thi men")[0][1] == date(1993, 3, 3)
    again = _import(db, write_xlsx(tmp_path / "t4.xlsx", [person_row(
        1, name="Phùng Thị Mến", dob="04/03/1993", sex="Nữ", cccd="001193000203", dose=4,
        when="10/06/2022", phone="0912000203", address="Thôn 2")]), boss)
    assert [i.code for i in again.issues] == ["PERSON_CORRECTED"]
    assert _people(db, "phung thi men")[0][1] == date(1993, 3, 4)


# 2. A CCCD on a later page

def test_a_cccd_on_a_later_form_finds_the_person_recorded_without_one(db, site, volunteer):
    """Vũ Thị Giang's dose 1 without an ID, dose 2 with her CCCD: one person with both
    doses and the ID (before: two people, one without an ID on the cleaning list, one with
    dose 2 only), as the file's rule joins them."""
    base = {"full_name": "Vũ Thị Giang", "dob": "15/05/1975", "sex": "Nữ",
            "phone": "0988000109", "product": "COMIRNATY", "facility": "X"}
    first = record_paper_dose(db, base | {"dose_number": "1", "dose_date": "05/08/2021"},
                              TODAY, actor=volunteer)
    out = record_paper_dose(db, base | {"id_number": "001175000109", "dose_number": "2",
                                        "dose_date": "26/08/2021"}, TODAY, actor=volunteer)
    assert out.person_id == first.person_id and out.note.code == "PERSON_CORRECTED"
    assert _people(db, "vu thi giang") == [
        ("001175000109", date(1975, 5, 15), "0988000109", None, 2)]
    [(_who, update)] = _updates(db, first.person_id)
    assert update == {"id_type": ["NONE", "CCCD"], "id_number": [None, "001175000109"]}


def test_a_cccd_on_a_later_form_does_not_guess_between_namesakes_or_another_phone(
        db, site, volunteer):
    base = {"full_name": "Vũ Thị Giang", "dob": "15/05/1975", "sex": "Nữ",
            "product": "COMIRNATY", "facility": "X"}
    record_paper_dose(db, base | {"phone": "0988000109", "dose_number": "1",
                                  "dose_date": "05/08/2021"}, TODAY, actor=volunteer)
    other = record_paper_dose(db, base | {"phone": "0977000000", "id_number": "001175000109",
                                          "dose_number": "2", "dose_date": "26/08/2021",
                                          CONFIRMED: ("POSSIBLE_SAME_PERSON",)},
                              TODAY, actor=volunteer)
    assert other.saved and len(_people(db, "vu thi giang")) == 2  # another phone: another


# 4. One digit wrong: a second person of the same name, birth date and sex

def test_a_form_with_another_id_for_a_recorded_person_is_asked_then_flagged(db, site,
                                                                          volunteer):
    """Trần Thị Bích's dose 2 typed with a digit wrong: asked first, naming her record;
    saved if the paper says so, then on the cleaning list (before: a silent second person)."""
    first = record_paper_dose(db, BICH | {"dose_number": "1", "dose_date": "02/08/2021"},
                              TODAY, actor=volunteer)
    typo = BICH | {"id_number": "001190000112", "dose_number": "2", "dose_date": "23/08/2021"}
    asked = record_paper_dose(db, typo, TODAY, actor=volunteer)
    assert asked.outcome == "confirm" and not asked.saved
    [problem] = asked.problems
    assert (problem.code, problem.field) == ("POSSIBLE_SAME_PERSON", "id_number")
    said = problem.message("vi")
    assert "001190000102" in said and first.person_id in said and "Trần Thị Bích" in said
    assert len(_people(db, "tran thi bich")) == 1  # nothing saved yet
    out = record_paper_dose(db, typo | {CONFIRMED: ("POSSIBLE_SAME_PERSON",)}, TODAY,
                            actor=volunteer)
    assert out.outcome == "flagged"
    assert [p[3] for p in _people(db, "tran thi bich")] == [None, "POSSIBLE_SAME_PERSON"]
    assert [c.problems for c in cleaning.worklist(db).cases] == [("POSSIBLE_SAME_PERSON",)]


def test_a_file_row_with_another_id_for_a_recorded_person_is_flagged_naming_them(
        db, site, tmp_path, volunteer):
    row = {"name": "Trương Văn Bình", "dob": "20/11/1968", "sex": "Nam"}
    _import(db, write_xlsx(tmp_path / "a.xlsx", [person_row(1, cccd="001068000220", **row)]),
            volunteer)
    report = _import(db, write_xlsx(tmp_path / "b.xlsx", [
        person_row(1, cccd="001068000202", dose=2, when="01/10/2021", **row),
        person_row(2, name="Trương Văn Bình", dob="21/11/1968", cccd="001068000203",
                   dose=2, when="01/10/2021")]), volunteer)  # another birth date: not him
    [flag] = [i for i in report.issues if i.outcome == "flagged"]
    assert (flag.sheet_row, flag.code) == (5, "POSSIBLE_SAME_PERSON")
    assert "001068000220" in flag.message
    assert [p[3] for p in _people(db, "truong van binh")] == [
        None, "POSSIBLE_SAME_PERSON", None]


def test_a_row_without_an_id_beside_recorded_namesakes_is_flagged_naming_one(
        db, site, tmp_path, volunteer):
    """Two recorded namesakes born the same day (a pair the cleaning list already holds),
    then a sheet row of the name, birth date and sex with no ID: it matched neither (it
    is not guessed between them) and became a third person, flagged only for its missing
    ID; nobody was asked whether it is one of them. It is flagged naming one, and the
    cleaning list holds it beside them."""
    row = {"name": "Trương Văn Bình", "dob": "20/11/1968", "sex": "Nam"}
    _import(db, write_xlsx(tmp_path / "a.xlsx", [person_row(1, cccd="001068000220", **row),
                                                 person_row(2, cccd="001068000330", **row)]),
            volunteer)
    report = _import(db, write_xlsx(tmp_path / "b.xlsx", [
        person_row(1, cccd="", dose=2, when="01/10/2021", **row),
        person_row(2, name="Trương Văn Bình", dob="21/11/1968", sex="Nam", cccd="",
                   phone="0987000111", when="15/10/2021")]),
        volunteer)  # another birth date: nobody's twin
    [flag, alone] = [i for i in report.issues if i.outcome == "flagged"]
    twin = "Cùng họ tên, ngày sinh và giới tính với Trương Văn Bình"
    assert flag.sheet_row == 5 and twin in flag.message
    assert "001068000220" in flag.message and "dòng này không ghi số giấy tờ" in flag.message
    assert alone.sheet_row == 6 and twin not in alone.message
    assert [(p[0], p[3]) for p in _people(db, "truong van binh")] == [
        ("001068000220", None), ("001068000330", "POSSIBLE_SAME_PERSON"),
        (None, "ID_NUMBER_REQUIRED,POSSIBLE_SAME_PERSON"), (None, "ID_NUMBER_REQUIRED")]


@pytest.mark.parametrize("chunk", [None, 1], ids=["in-hand", "handed-over"])
def test_a_file_row_with_another_id_for_a_person_of_the_same_file_is_flagged(
        db, site, tmp_path, volunteer, chunk):
    """Two rows of one file, one person's name, birth date and sex, two IDs a digit apart:
    the second is flagged naming the first, as it would be against a record (before, only
    the recorded were compared). Whether the first was still in the batch or already
    stored (``chunk=1``: every row its own transaction). Another birth date is someone
    else; and a row of the first ID finds its person as before, flagging nothing."""
    row = {"name": "Trương Văn Bình", "dob": "20/11/1968", "sex": "Nam"}
    report = _import(db, write_xlsx(tmp_path / "a.xlsx", [
        person_row(1, cccd="001068000220", **row),
        person_row(2, name="Trương Văn Bình", dob="21/11/1968", cccd="001068000203"),
        person_row(3, cccd="001068000202", **row),
        person_row(4, cccd="001068000220", dose=2, when="01/10/2021", **row)]),
        volunteer, chunk=chunk)
    [flag] = [i for i in report.issues if i.outcome == "flagged"]
    assert (flag.sheet_row, flag.code) == (7, "POSSIBLE_SAME_PERSON")
    assert "001068000220" in flag.message and "Trương Văn Bình" in flag.message
    assert [(p[0], p[3], p[4]) for p in _people(db, "truong van binh")] == [
        ("001068000220", None, 2), ("001068000203", None, 1),
        ("001068000202", "POSSIBLE_SAME_PERSON", 1)]
    [case] = cleaning.worklist(db).cases
    assert case.problems == ("POSSIBLE_SAME_PERSON",)


BINH = {"name": "Trương Văn Bình", "dob": "20/11/1968", "sex": "Nam"}


@pytest.mark.parametrize("chunk", [None, 1], ids=["in-hand", "handed-over"])
@pytest.mark.parametrize("missing", ["dob", "sex"])
def test_a_person_whose_birth_date_or_sex_a_later_row_gave_is_a_twin_too(
        db, site, tmp_path, volunteer, chunk, missing):
    """Row 1 leaves the date of birth (or the sex) empty, row 2 (same CCCD) gives it
    (``_complete``), row 3 gives Bình's name, birth date and sex under another CCCD: row 3
    is flagged, as the same rows in two files are (a review found it was not)."""
    report = _import(db, write_xlsx(tmp_path / "a.xlsx", [
        person_row(1, cccd="001068000220", **(BINH | {missing: ""})),
        person_row(2, cccd="001068000220", dose=2, when="01/10/2021", **BINH),
        person_row(3, cccd="001068000202", **BINH)]), volunteer, chunk=chunk)
    assert [p[0] for p in _people(db, "truong van binh")] == ["001068000220", "001068000202"]
    assert [(i.sheet_row, i.code) for i in report.issues if i.sheet_row == 7] == [
        (7, "POSSIBLE_SAME_PERSON")]


def test_the_same_rows_in_two_files_are_flagged(db, site, tmp_path, volunteer):
    _import(db, write_xlsx(tmp_path / "a.xlsx", [
        person_row(1, cccd="001068000220", **(BINH | {"dob": ""})),
        person_row(2, cccd="001068000220", dose=2, when="01/10/2021", **BINH)]), volunteer)
    report = _import(db, write_xlsx(tmp_path / "b.xlsx", [
        person_row(1, cccd="001068000202", **BINH)]), volunteer)
    assert [(i.sheet_row, i.code) for i in report.issues] == [(5, "POSSIBLE_SAME_PERSON")]


def _binh_recorded_without_id_or_sex(db, tmp_path, volunteer) -> str:
    """Bình recorded without an ID or a sex (so no recorded twin), dose 1 on 01/08/2021."""
    _import(db, write_xlsx(tmp_path / "r.xlsx", [
        person_row(1, cccd="", **(BINH | {"sex": ""}))]), volunteer)
    [recorded] = _binh_ids(db)
    return recorded


def _binh_ids(db) -> list[str]:
    with db.reading() as s:
        return list(s.scalars(select(Person.id).where(Person.name_key == "truong van binh")
                              .order_by(Person.id)))


def test_a_twin_found_to_be_a_record_is_named_as_that_record(db, site, tmp_path, boss,
                                                              volunteer):
    """Row 1 (CCCD …220, dose 2) makes a person, held for a namesake recorded; row 2 (the
    record's dose 1 under …220) shows they are that record (``_rehome``); row 3 (CCCD
    …203, Bình's name, birth date and sex) is then flagged naming the record (a review
    found it not flagged at all)."""
    recorded = _binh_recorded_without_id_or_sex(db, tmp_path, volunteer)
    report = _import(db, write_xlsx(tmp_path / "a.xlsx", [
        person_row(1, cccd="001068000220", dose=2, when="01/10/2021", **BINH),
        person_row(2, cccd="001068000220", dose=1, when="01/08/2021", **BINH),
        person_row(3, cccd="001068000203", dose=1, when="15/08/2021", **BINH)]), boss)
    [flag] = [i for i in report.issues if i.sheet_row == 7]
    assert flag.code == "POSSIBLE_SAME_PERSON" and recorded in flag.message
    assert "001068000220" in flag.message


def test_a_flag_never_names_a_person_found_since_to_be_a_record(db, site, tmp_path, boss,
                                                                volunteer):
    """As above, with the twin's row before the rows that show the held person is the
    record: the flag named the held person's id, never stored (a review found it); it
    names the record."""
    recorded = _binh_recorded_without_id_or_sex(db, tmp_path, volunteer)
    report = _import(db, write_xlsx(tmp_path / "a.xlsx", [
        person_row(1, cccd="001068000220", dose=2, when="01/10/2021", **BINH),
        person_row(2, cccd="001068000202", dose=1, when="15/08/2021", **BINH),
        person_row(3, cccd="001068000220", dose=1, when="01/08/2021", **BINH)]), boss)
    assert len(_binh_ids(db)) == 2 and recorded in _binh_ids(db)
    [flag] = [i for i in report.issues if i.code == "POSSIBLE_SAME_PERSON"]
    assert flag.sheet_row == 6 and recorded in flag.message


def test_the_people_an_undo_leaves_without_a_dose_go_on_the_cleaning_list(
        db, site, tmp_path, volunteer, boss):
    """The first sheet had Bình under a wrong CCCD; the supervisor undoes it and the
    corrected sheet is imported: the wrong-ID record, left with no dose, is on the cleaning
    list (before: unflagged for good), the right one flagged as perhaps him, and An, whose
    file brought his dose back, off the list again, with the phone the first file lacked
    (a person with no active dose is compared too: before, the review's Mến kept none)."""
    row = {"name": "Trương Văn Bình", "dob": "20/11/1968", "sex": "Nam"}
    first = _import(db, write_xlsx(tmp_path / "a.xlsx", [
        person_row(1, cccd="001068000220", **row),
        person_row(2, cccd="001090012345", phone="")]), volunteer)
    done = drain(undo_import(db, first.batch_id, actor=boss))
    assert done.people_without_doses == 2
    assert {c.full_name: c.problems for c in cleaning.worklist(db).cases} == {
        "Trương Văn Bình": ("IMPORT_UNDONE_NO_DOSE",), "Nguyễn Văn An": ("IMPORT_UNDONE_NO_DOSE",)}
    with db.reading() as s:
        wrong = s.scalar(select(Person.id).where(Person.id_number == "001068000220"))
    [(who, flagged)] = _updates(db, wrong)
    assert who == boss.user_id
    assert flagged == {"cleaning_reason": [None, "IMPORT_UNDONE_NO_DOSE"]}
    _import(db, write_xlsx(tmp_path / "b.xlsx", [
        person_row(1, cccd="001068000202", **row), person_row(2, cccd="001090012345")]),
        volunteer)
    assert [(p[0], p[3], p[4]) for p in _people(db, "truong van binh")] == [
        ("001068000220", "IMPORT_UNDONE_NO_DOSE", 0),
        ("001068000202", "POSSIBLE_SAME_PERSON", 1)]
    assert [p[2:] for p in _people(db, "nguyen van an")] == [("0912345678", None, 1)]
    # A second undo run flags no one twice.
    assert drain(undo_import(db, first.batch_id, actor=boss)).voided == 0
    assert len(_updates(db, wrong)) == 1


# 5. A name typed without its diacritics

def test_a_name_without_diacritics_is_asked_at_the_form_as_at_the_desk(db, site, volunteer):
    form = {"full_name": "Pham Thi Dung", "dob": "10/10/1995", "sex": "Nữ",
            "id_number": "001195000104", "product": "COMIRNATY", "dose_number": "1",
            "dose_date": "03/08/2021"}
    asked = record_paper_dose(db, form, TODAY, actor=volunteer)
    assert asked.outcome == "confirm"
    assert [(p.code, p.field) for p in asked.problems] == [("NAME_NO_DIACRITICS", "full_name")]
    assert _people(db, "pham thi dung") == []
    out = record_paper_dose(db, form | {CONFIRMED: ("NAME_NO_DIACRITICS",)}, TODAY,
                            actor=volunteer)
    assert out.outcome == "imported"  # kept as typed once asked, as the desk keeps it
    # A form of someone recorded keeps their name: nothing to ask.
    again = record_paper_dose(db, form | {"full_name": "PHAM THI DUNG", "dose_number": "2",
                                          "dose_date": "03/09/2021"}, TODAY, actor=volunteer)
    assert again.outcome == "imported"


# 6. The ID slips the desk refuses

@pytest.mark.parametrize(("id_number", "sex", "code"), [
    ("00108000012", "Nam", "ID_WRONG_LENGTH"),
    ("0010800001A", "Nam", "ID_NOT_DIGITS"),
    ("001180000114", "Nam", "ID_SEX_MISMATCH"),
    ("001081000114", "Nam", "ID_BIRTH_YEAR_MISMATCH"),
    ("999080000114", "Nam", "ID_PROVINCE_UNKNOWN"),
])
def test_an_id_the_desk_would_refuse_is_refused_on_the_id_field(db, site, volunteer,
                                                                 id_number, sex, code):
    form = {"full_name": "Kiều Văn Zũng", "dob": "01/01/1980", "sex": sex,
            "id_number": id_number, "product": "COMIRNATY", "dose_number": "1",
            "dose_date": "16/08/2021"}
    out = record_paper_dose(db, form, TODAY, actor=volunteer)
    assert out.outcome == "rejected"
    assert [(p.code, p.field) for p in out.problems] == [(code, "id_number")]
    assert _people(db, "kieu van zung") == []
    # No ID at all is saved: the paper may have none (flagged for the list).
    blank = record_paper_dose(db, form | {"id_number": ""}, TODAY, actor=volunteer)
    assert blank.outcome == "flagged"


# 7. The form's person in the audit

def test_a_person_made_from_a_paper_form_has_the_desks_create_entry(db, site, volunteer):
    out = record_paper_dose(db, BICH | {"phone": "0912000102", "dose_number": "1",
                                        "dose_date": "02/08/2021"}, TODAY, actor=volunteer)
    with db.reading() as s:
        entries = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "create", AuditEntry.entity.in_(("person", "dose")))
            .order_by(AuditEntry.id)).all()
    assert [(e.entity, e.entity_id, e.user_id) for e in entries] == [
        ("person", out.person_id, volunteer.user_id), ("dose", out.dose_id, volunteer.user_id)]
    assert json.loads(entries[0].details) == {
        "full_name": "Trần Thị Bích", "dob": "1990-06-05", "sex": "F", "id_type": "CCCD",
        "id_number": "001190000102", "no_id_reason": None, "nationality": None,
        "phone": "0912000102", "address": None, "old_id_number": None}
    # A form of someone recorded makes no one: the dose's entry only.
    record_paper_dose(db, BICH | {"dose_number": "2", "dose_date": "23/08/2021"}, TODAY,
                      actor=volunteer)
    with db.reading() as s:
        assert s.scalars(select(AuditEntry.entity).where(
            AuditEntry.action == "create", AuditEntry.entity.in_(("person", "dose")))
            .order_by(AuditEntry.id)).all() == ["person", "dose", "dose"]


def test_the_date_of_birth_a_later_file_gives_reaches_the_platform(wired, boss, tmp_path,
                                                                   volunteer):
    """Before: the platform never had Mến's date of birth (the second file's was dropped)."""
    from tests.sync.helpers import server_copies

    db = wired.db
    row = {"name": "Phùng Thị Mến", "sex": "Nữ", "cccd": "001193000203", "address": ""}
    _import(db, write_xlsx(tmp_path / "t1.xlsx", [person_row(
        1, dob="", dose=1, when="20/08/2021", phone="", **row)]), volunteer)
    assert wired.sync().synced == 2
    _import(db, write_xlsx(tmp_path / "t2.xlsx", [person_row(
        1, dob="03/03/1993", dose=2, when="10/09/2021", phone="0912000203", **row)]),
        volunteer)
    assert wired.sync().synced == 2  # her dose 2, and her record filled in
    [patient] = server_copies(wired.server.url, wired.token, "Patient")
    assert patient["birthDate"] == "1993-03-03"
    assert not [e for e in patient.get("extension", ()) if e["url"].endswith("/needs-cleaning")]


def test_a_recorded_persons_row_without_diacritics_is_not_counted_to_clean(db, site,
                                                                          volunteer,
                                                                          tmp_path):
    """"NGUYEN VAN AN" under the CCCD of a recorded "Nguyễn Văn An": the report counted it
    flagged, "cần làm sạch: 1", yet it put no one on the cleaning list (the record keeps
    its name). Imported as the paper form of a recorded person is."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [person_row(1)]), volunteer)
    report = _import(db, write_xlsx(tmp_path / "later.xlsx", [person_row(
        1, name="NGUYEN VAN AN", dose=2, when="01/10/2021")]), volunteer)
    assert (report.counts["imported"], report.counts["flagged"]) == (1, 0), report.issues
    with db.reading() as s:
        [(name, reason)] = s.execute(select(Person.full_name, Person.cleaning_reason)
                                     .where(Person.name_key == "nguyen van an")).all()
    assert (name, reason) == ("Nguyễn Văn An", None)
