"""How a file's rows become people: an ID copied onto another name's rows never puts them on
the ID's owner; a person's later rows fill in what the first left empty, or are flagged
when they disagree; a person without an ID whose later rows leave the phone or address
blank stays one person. Real .xlsx files, the real import, raw SQL beneath it."""

from __future__ import annotations

from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_report import save_reports
from desktop_app.services.paper_backfill import record_paper_dose
from tests.importers.sheets import person_row, write_xlsx
from tests.keys import raw_connect

TODAY = date(2026, 11, 23)
AN = "001090012345"  # Nguyễn Văn An's CCCD (male, born 1990)


def _import(db, path, **kw):
    return drain(import_file(db, path, today=TODAY, actor=AT_THIS_LAPTOP, **kw))


def _rows(db, sql, *params):
    with raw_connect(db.path) as conn:
        return conn.execute(sql, params).fetchall()


def _doses(db):
    """Every active dose as stored, with whom it is on."""
    return _rows(db, "SELECT p.full_name, p.id_number, d.product_code, d.dose_number,"
                     " d.dose_date FROM dose d JOIN person p ON p.id = d.person_id"
                     " WHERE d.status = 'active' ORDER BY p.full_name, d.dose_number")


def _people(db):
    return _rows(db, "SELECT full_name, dob, id_number, phone, address, cleaning_reason"
                     " FROM person ORDER BY full_name, created_at")


def _updates(db):
    return _rows(db, "SELECT count(*) FROM audit_entry WHERE action = 'update'"
                     " AND entity = 'person'")[0][0]


def _an(n, **kw):
    return person_row(n, **{"phone": "", "address": "", **kw})


def _binh(n, **kw):  # Trần Thị Bình's rows, with An's CCCD dragged down onto them
    values = {"name": "Trần Thị Bình", "dob": "12/03/1985", "sex": "Nữ", "cccd": AN,
              "vaccine": "Pfizer", "phone": "", "address": ""}
    return person_row(n, **{**values, **kw})


# 1. An ID copied onto another person's rows

def test_an_id_copied_onto_another_name_never_puts_her_doses_on_its_owner(db, site, tmp_path):
    """Row 5 is An's; rows 6-7 are Bình's with An's CCCD copied down. Her doses are refused
    (into the fix file, naming An's row), never stored as An's; An's row in capitals
    without accents is still An (his record keeps the name spelt with them: the row is
    imported, not counted "to clean" with nothing put on the list)."""
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        _an(1), _binh(2, dose=1, when="02/08/2021"), _binh(3, dose=2, when="30/08/2021"),
        _an(4, name="NGUYEN VAN AN", dose=2, when="01/10/2021")]))
    assert report.counts == {"imported": 2, "flagged": 0, "duplicate": 0, "rejected": 2,
                             "corrected": 0}
    refused = [(i.sheet_row, i.code) for i in report.rejections]
    assert refused == [(6, "ID_NAME_DIFFERS_IN_FILE"), (7, "ID_NAME_DIFFERS_IN_FILE")]
    assert all("Nguyễn Văn An ở dòng 5" in i.message and AN in i.message
               for i in report.rejections)
    assert _doses(db) == [("Nguyễn Văn An", AN, "VAXZEVRIA", 1, "2021-08-01"),
                          ("Nguyễn Văn An", AN, "VAXZEVRIA", 2, "2021-10-01")]
    fix = tmp_path / "can-sua.xlsx"
    save_reports(report, fix_path=fix)
    fixed_rows = CalamineWorkbook.from_path(str(fix)).get_sheet_by_index(0).to_python()[1:]
    assert [r[1] for r in fixed_rows] == ["Trần Thị Bình", "Trần Thị Bình"]


def test_an_id_recorded_for_another_name_is_refused_on_every_row(db, site, tmp_path):
    """An imported first, then Bình's file carrying his CCCD: neither of her rows goes on
    An's record (dose 1 on another day, dose 2 a number An does not have), each says whose
    record the ID is on."""
    _import(db, write_xlsx(tmp_path / "a.xlsx", [_an(1)]))
    [(an_id,)] = _rows(db, "SELECT id FROM person")
    report = _import(db, write_xlsx(tmp_path / "b.xlsx", [
        _binh(1, dose=1, when="02/08/2021"), _binh(2, dose=2, when="30/08/2021")]))
    assert [(i.sheet_row, i.outcome, i.code) for i in report.issues] == [
        (5, "rejected", "ID_NAME_DIFFERS_IN_DATABASE"),
        (6, "rejected", "ID_NAME_DIFFERS_IN_DATABASE")]
    assert all("Nguyễn Văn An" in i.message and an_id in i.message for i in report.issues)
    assert _doses(db) == [("Nguyễn Văn An", AN, "VAXZEVRIA", 1, "2021-08-01")]
    assert _rows(db, "SELECT count(*) FROM person")[0][0] == 1


def test_an_id_of_another_name_is_said_on_its_column_as_every_other_refusal(db, site, tmp_path):
    """Every refusal in the report, the command's lines and the fix file's "Lỗi" column
    starts with its column ("[Tên vắc xin] …"): an ID held by another name, in the file
    or recorded, too."""
    _import(db, write_xlsx(tmp_path / "a.xlsx", [_an(1)]))
    report = _import(db, write_xlsx(tmp_path / "b.xlsx", [
        _an(1, name="Nguyễn An", dose=2, when="01/10/2021"),
        _binh(2, cccd="001185012346", dose=1, when="02/08/2021"),
        _binh(3, name="Trần Văn Bảo", cccd="001185012346", dose=1, when="02/08/2021")]))
    assert [(i.sheet_row, i.code) for i in report.rejections] == [
        (5, "ID_NAME_DIFFERS_IN_DATABASE"), (7, "ID_NAME_DIFFERS_IN_FILE")]
    assert all(i.message.startswith("[Số CCCD/CMND] ") for i in report.rejections), \
        report.rejections


def test_the_same_dose_under_another_name_says_what_is_recorded(db, site, tmp_path):
    """A duplicate under another name is only the recorded dose itself (its day and
    vaccine), and its words are the record's: not the row's date as if it were recorded."""
    _import(db, write_xlsx(tmp_path / "a.xlsx", [_an(1)]))
    report = _import(db, write_xlsx(tmp_path / "b.xlsx", [
        _binh(1, vaccine="AstraZeneca", dose=1, when="01/08/2021"),
        _binh(2, vaccine="AstraZeneca", dose=1, when="02/08/2021")]), lang="en")
    same, other_day = report.issues
    assert (same.outcome, same.code) == ("duplicate", "DUPLICATE_NAME_DIFFERS")
    assert "has dose 1 of Vaxzevria" in same.message and "on 01/08/2021" in same.message
    assert "Nguyễn Văn An" in same.message
    assert (other_day.outcome, other_day.code) == ("rejected", "ID_NAME_DIFFERS_IN_DATABASE")
    assert "02/08/2021" not in other_day.message
    assert _doses(db) == [("Nguyễn Văn An", AN, "VAXZEVRIA", 1, "2021-08-01")]


def test_a_paper_form_with_an_id_recorded_for_another_name_is_refused(db, site):
    form = {"full_name": "Nguyễn Văn An", "dob": "05/09/1990", "sex": "Nam",
            "id_number": AN, "product": "AstraZeneca", "dose_number": "1",
            "dose_date": "01/08/2021"}
    assert record_paper_dose(db, form, TODAY, actor=AT_THIS_LAPTOP).saved
    # (His ID's sex and year, so that the form is refused for its name, not for them.)
    out = record_paper_dose(db, form | {"full_name": "Trần Văn Bình", "dose_date": "02/08/2021"},
                            TODAY, actor=AT_THIS_LAPTOP)
    assert out.outcome == "rejected" and not out.saved
    assert [(p.code, p.field) for p in out.problems] == [
        ("ID_NAME_DIFFERS_IN_DATABASE", "id_number")]
    assert "Nguyễn Văn An" in out.problems[0].message("vi")
    again = record_paper_dose(db, form | {"full_name": "NGUYEN VAN AN", "dose_number": "2",
                                          "dose_date": "01/10/2021"}, TODAY,
                              actor=AT_THIS_LAPTOP)
    assert again.saved  # the same folded name: his
    assert len(_doses(db)) == 2 and _rows(db, "SELECT count(*) FROM person")[0][0] == 1


# 2. What a person's later rows say

def test_a_later_row_fills_in_what_the_first_left_empty(db, site, tmp_path):
    """The first row has no date of birth and no phone, the second has both: the person
    has them (off the cleaning list), and importing the file again corrects nothing."""
    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, name="Bùi Hồng Linh", sex="Nữ", cccd="068190038123", dob="", phone=""),
        person_row(2, name="Bùi Hồng Linh", sex="Nữ", cccd="068190038123", dob="08/05/1990",
                   phone="0900038123", dose=2, when="01/09/2021")])
    first = _import(db, path)
    assert first.stored == 2 and first.people_created == 1
    assert _people(db) == [("Bùi Hồng Linh", "1990-05-08", "068190038123", "0900038123",
                            "12 Láng Hạ, Đống Đa", None)]
    again = _import(db, path)
    assert again.counts["corrected"] == 0 and again.counts["duplicate"] == 2
    assert _updates(db) == 0
    assert _people(db)[0][1:4] == ("1990-05-08", "068190038123", "0900038123")


def test_a_fill_after_the_person_was_handed_to_the_writer_still_reaches_them(db, site,
                                                                             tmp_path):
    """A chunk of one row: the person is written before their second row is read; what it
    fills in reaches them with the next chunk, audited, and a second import corrects
    nothing."""
    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, dob=""), person_row(2, sex="Nam", dose=2, when="01/10/2021")])
    first = _import(db, path, chunk=1)
    assert first.counts["corrected"] == 0
    assert _people(db) == [("Nguyễn Văn An", "1990-09-05", AN, "0912345678",
                            "12 Láng Hạ, Đống Đa", None)]
    assert _updates(db) == 1  # the date of birth, row 6's
    assert _import(db, path, chunk=1).counts["corrected"] == 0 and _updates(db) == 1


def test_rows_that_disagree_are_flagged_and_the_first_kept(db, site, tmp_path):
    """Another date of birth and phone on the person's second row: it is stored, flagged
    with what differs (not reported clean), the person keeps row 5's values and is put on
    the cleaning list; a second import corrects nothing, whatever it says."""
    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, name="Lương Văn Khoa", cccd="001090055555", phone="0912000222"),
        person_row(2, name="Lương Văn Khoa", cccd="001090055555", dob="09/05/1990",
                   phone="0988000333", dose=2, when="01/09/2021")])
    first = _import(db, path)
    assert first.counts["imported"] == 1 and first.counts["flagged"] == 1
    [flag] = first.issues
    assert (flag.sheet_row, flag.code) == (6, "PERSON_ROWS_DIFFER")
    assert "Ngày sinh “09/05/1990” (dòng 5: “05/09/1990”)" in flag.message
    assert "Số điện thoại “0988000333” (dòng 5: “0912000222”)" in flag.message
    assert _people(db) == [("Lương Văn Khoa", "1990-09-05", "001090055555", "0912000222",
                            "12 Láng Hạ, Đống Đa", "PERSON_ROWS_DIFFER")]
    again = _import(db, path)
    assert again.counts["corrected"] == 0 and _updates(db) == 0
    assert _people(db)[0][1] == "1990-09-05"


# 3. A person without an ID, whose later rows leave the phone or address blank

def _bao(n, **kw):
    values = {"name": "Nguyễn Gia Bảo", "dob": "01/06/2014", "cccd": "",
              "vaccine": "Pfizer trẻ em", "phone": "0912000111", "address": "Tổ 5, Láng Hạ"}
    return person_row(n, **{**values, **kw})


def test_a_blank_phone_or_address_is_unknown_not_another_person(db, site, tmp_path):
    """A child without an ID: dose 2's row leaves the phone and address blank, dose 3's
    writes the name in capitals and the address without accents. One child, doses 1-3;
    the same file again changes nothing."""
    path = write_xlsx(tmp_path / "f.xlsx", [
        _bao(1, when="10/05/2022"), _bao(2, phone="", address="", dose=2, when="10/06/2022"),
        _bao(3, name="NGUYEN GIA BAO", address="To 5, Lang Ha", dose=3, when="10/11/2022")])
    first = _import(db, path)
    assert first.people_created == 1 and first.stored == 3
    assert _rows(db, "SELECT p.phone, p.address, d.dose_number FROM dose d JOIN person p"
                     " ON p.id = d.person_id ORDER BY d.dose_number") == [
        ("0912000111", "Tổ 5, Láng Hạ", n) for n in (1, 2, 3)]
    again = _import(db, path)
    assert again.people_created == 0 and again.counts["corrected"] == 0
    assert _rows(db, "SELECT count(*) FROM person")[0][0] == 1


def test_a_phone_given_on_a_later_row_is_taken_and_another_phone_is_another_person(
        db, site, tmp_path):
    _import(db, write_xlsx(tmp_path / "f.xlsx", [
        _bao(1, phone="", when="10/05/2022"), _bao(2, dose=2, when="10/06/2022"),
        _bao(3, phone="0987000999", dose=1, when="12/05/2022")]))  # a namesake, same birthday
    assert [(p[3], p[4]) for p in _people(db)] == [("0912000111", "Tổ 5, Láng Hạ"),
                                                   ("0987000999", "Tổ 5, Láng Hạ")]
    assert len(_doses(db)) == 3


def test_namesakes_born_the_same_day_are_not_guessed_between(db, site, tmp_path):
    """Two children of one name and birthday, by their phones; a row with no phone could
    be either: it is stored on neither (as before, a person of its own)."""
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        _bao(1, when="10/05/2022"), _bao(2, phone="0987000999", when="12/05/2022"),
        _bao(3, phone="", address="", dose=2, when="10/06/2022")]))
    assert report.people_created == 3
    # Each later one flagged beside the first, in words that fit two children without an
    # ID ("not the same ID number", "check the ID number" sent the volunteer the wrong way).
    flagged = [i.message for i in report.issues if "Cùng họ tên" in i.message]
    assert len(flagged) == 2
    assert all("cả hai đều không có số giấy tờ" in m and "khác số giấy tờ" not in m
               for m in flagged)


@pytest.mark.parametrize("rows", [
    [person_row(1, cccd=""), person_row(2, dose=2, when="01/10/2021")],
    [person_row(1), person_row(2, cccd="", dose=2, when="01/10/2021")],
], ids=["on-the-last-row", "on-the-first-row"])
def test_an_id_typed_on_one_row_only_is_the_persons(db, site, tmp_path, rows):
    """The CCCD typed on one of the person's rows, the other left blank: one person, with
    it, and off the cleaning list for its lack."""
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", rows))
    assert report.people_created == 1 and report.stored == 2
    assert _rows(db, "SELECT id_number, cleaning_reason FROM person") == [(AN, None)]


def test_a_person_long_handed_to_the_writer_is_read_back_from_the_database(db, site, tmp_path):
    """A chunk a row, and six other people between An's rows: his first row (no phone) is
    committed long before the next come. The second, with no ID, is still him, and gives
    the phone; the third, with both, is him as he now is."""
    others = [person_row(10 + n, name=f"Người Số {'BCDEFG'[n]}", cccd=f"0010900000{n:02d}")
              for n in range(6)]
    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, phone=""), *others,
        person_row(2, cccd="", dose=2, when="01/10/2021"),
        person_row(3, dose=3, when="01/03/2022")])
    report = _import(db, path, chunk=1)
    assert report.people_created == 7 and report.stored == 9
    assert _rows(db, "SELECT dob, id_number, phone, cleaning_reason FROM person"
                     " WHERE full_name = 'Nguyễn Văn An'") == [
        ("1990-09-05", AN, "0912345678", None)]
    assert [r[3] for r in _doses(db) if r[0] == "Nguyễn Văn An"] == [1, 2, 3]
    assert _updates(db) == 1  # the phone, by row 12
    assert _import(db, path, chunk=1).counts["corrected"] == 0


def test_a_refused_rows_dose_number_out_of_range_is_not_said_stored(db, site, tmp_path):
    """Refused for an unknown vaccine, the row's reasons went on "Dose number “7” is not
    valid (1 to 6): this dose is stored as the person's next dose": nothing was stored.
    A row that is stored still says so."""
    report = _import(db, write_xlsx(tmp_path / "a.xlsx", [
        person_row(1, vaccine="Vắc xin lạ", dose=7),
        person_row(2, cccd="001090012346", name="Trần Văn Bình", dose=7)]), lang="en")
    refused, stored = sorted(report.issues, key=lambda i: i.sheet_row)
    assert refused.outcome == "rejected"
    assert "Dose number “7” is not valid (1 to 6). Check the dose number." in refused.message
    assert "stored" not in refused.message
    assert stored.outcome == "flagged" and "stored as the person's next dose" in stored.message


def test_a_backfilled_records_history_says_who_imported_it_from_which_file(db, site, boss,
                                                                             tmp_path):
    """A file writes no audit entry a record, so the record window's history of a
    backfilled person was empty: nobody could see who typed them in, from which file."""
    from desktop_app.services import accounts
    from desktop_app.services.actor import Role
    from desktop_app.services.audit import describe
    from desktop_app.services.records import record_detail

    accounts.add_user(db, "minh", "Trần Văn Minh", Role.VOLUNTEER, "mật khẩu của minh",
                      actor=boss)
    minh = accounts.login(db, "minh", "mật khẩu của minh")
    drain(import_file(db, write_xlsx(tmp_path / "xa-lang.xlsx", [_an(1)]), today=TODAY,
                      actor=minh))
    [(dose_id,)] = _rows(db, "SELECT id FROM dose")
    [entry] = [a for a in record_detail(db, dose_id).audit if a.action == "import"]
    assert entry.user == "minh (Trần Văn Minh)"  # by login too: full names repeat
    assert describe(entry.action, entry.details, "en").startswith(
        "Imported from a file: xa-lang.xlsx (")


def test_a_row_refused_for_its_vaccine_also_says_its_id_is_another_persons(db, site, tmp_path):
    """A misspelt vaccine, and An's ID under another name: both said at once. Only the
    vaccine was said; the volunteer fixed it in the fix file, imported it, and was refused
    again for the ID: two trips for one row."""
    _import(db, write_xlsx(tmp_path / "a.xlsx", [_an(1)]))
    report = _import(db, write_xlsx(tmp_path / "b.xlsx", [
        _an(1, name="Trần Văn Bình", vaccine="Sputnik XYZ", dose=2, when="01/10/2021")]))
    [issue] = report.issues
    assert issue.outcome == "rejected" and "Sputnik XYZ" in issue.message
    assert "[Số CCCD/CMND]" in issue.message and "Nguyễn Văn An" in issue.message
    assert [message for _cells, message, _row in report.to_fix] == [issue.message]
