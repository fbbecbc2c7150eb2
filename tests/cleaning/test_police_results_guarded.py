"""A returned police list is applied only where it still fits: to people still *sent for
verification*, named once, whose record is as it was sent. Imported twice, or after a
supervisor corrected the person, it once put the old answer back over the new one; two
rows for one person both applied (the last won); a "khớp" with other values was dropped
without a word."""

from __future__ import annotations

from datetime import date

import openpyxl

from desktop_app.db.models import CleaningCase, Person
from desktop_app.rules.cleaning import Status
from desktop_app.services import police_apply, police_export, police_returned
from desktop_app.services.merges import merge_people
from desktop_app.services.records import correct_person
from tests.cleaning.people import TODAY, paper

LAN, HOA = "Phạm Thị Lan", "Nguyễn Thị Hoa"


def _sent(db, boss, tmp_path):
    """Two people on the cleaning list (no date of birth), exported to the police."""
    lan = paper(db, dob="")
    hoa = paper(db, full_name=HOA, dob="", id_number="")
    out = tmp_path / "xac-minh.xlsx"
    assert police_export.export_for_police(db, out, actor=boss) == 2
    return lan, hoa, out


def _answer(out, path, answers):
    """The police's answers: person id -> (verified name, date of birth, result)."""
    book = openpyxl.load_workbook(out)
    sheet = book.active
    for row in list(sheet.iter_rows(min_row=2)):
        if row[0].value in answers:
            name, dob, result = answers[row[0].value]
            row[10].value, row[11].value, row[14].value = name, dob, result
    book.save(path)
    return path


def _name(db, pid):
    with db.reading() as s:
        return s.get(Person, pid).full_name


def test_a_list_imported_again_after_a_correction_changes_nothing(db, site, boss, tmp_path):
    lan, _hoa, out = _sent(db, boss, tmp_path)
    back = _answer(out, tmp_path / "tra-ve.xlsx",
                   {lan: ("Phạm Thị Lành", "12/03/1985", "sai thông tin")})
    police_apply.apply_returned(db, police_returned.read_returned(db, back), actor=boss,
                                today=TODAY)
    assert _name(db, lan) == "Phạm Thị Lành"
    assert correct_person(db, lan, {"full_name": "Phạm Thị Lanh"}, actor=boss,
                          today=TODAY).saved  # a supervisor knows better, later
    again = police_returned.read_returned(db, back)
    assert lan not in [r.person_id for r in again.rows]
    [why] = [why for _row, why in again.skipped]
    assert "Đã gửi xác minh" in why
    police_apply.apply_returned(db, again, actor=boss, today=TODAY)
    assert _name(db, lan) == "Phạm Thị Lanh"


def test_a_record_corrected_since_the_export_is_not_overwritten(db, site, boss, tmp_path):
    lan, _hoa, out = _sent(db, boss, tmp_path)
    assert correct_person(db, lan, {"full_name": "Phạm Thị Lanh"}, actor=boss,
                          today=TODAY).saved
    back = _answer(out, tmp_path / "tra-ve.xlsx",
                   {lan: ("Phạm Thị Lành", "12/03/1985", "sai thông tin")})
    returned = police_returned.read_returned(db, back)
    [(row, why)] = returned.skipped
    assert "sửa sau khi xuất danh sách (Họ và tên)" in why
    police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    assert _name(db, lan) == "Phạm Thị Lanh"


def test_one_person_on_two_rows_is_applied_from_neither(db, site, boss, tmp_path):
    lan, _hoa, out = _sent(db, boss, tmp_path)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    [first] = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == lan]
    sheet.append(list(first))
    book.save(tmp_path / "hai-dong.xlsx")
    back = _answer(tmp_path / "hai-dong.xlsx", tmp_path / "tra-ve.xlsx",
                   {lan: ("Phạm Thị Lành", "12/03/1985", "sai thông tin")})
    returned = police_returned.read_returned(db, back)
    assert [r.person_id for r in returned.rows] != [lan]
    assert all("dòng" in why for _row, why in returned.skipped)
    police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    assert _name(db, lan) == LAN


def test_a_match_with_other_values_is_refused_in_words(db, site, boss, tmp_path):
    _lan, hoa, out = _sent(db, boss, tmp_path)
    back = _answer(out, tmp_path / "tra-ve.xlsx", {hoa: ("Nguyễn Thị Hòa", "", "khớp")})
    returned = police_returned.read_returned(db, back)
    [hoa_row] = [r.sheet_row for r in returned.rows if r.person_id == hoa]
    outcome = police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    [why] = [why for row, why in outcome.refused if row == hoa_row]
    assert "“khớp”" in why and "sai thông tin" in why
    assert _name(db, hoa) == HOA


def test_a_match_that_fills_in_a_missing_birth_date_is_applied_and_what_is_left_is_said(
        db, site, boss, tmp_path):
    """The officer writes "khớp" and fills in the birth date the record lacked: applied as
    a correction. Lan is then clean (fixed); Hoa, still without an ID number, goes back on
    the list, and the outcome says so."""
    lan, hoa, out = _sent(db, boss, tmp_path)
    back = _answer(out, tmp_path / "tra-ve.xlsx", {lan: ("", "12/03/1985", "khớp"),
                                                   hoa: ("", "01/02/1980", "khớp")})
    returned = police_returned.read_returned(db, back)
    assert all(not r.problems for r in returned.rows)
    outcome = police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    assert (outcome.corrected, outcome.fixed, outcome.still_open, outcome.refused) == (
        2, 1, 1, [])
    assert "1 đã xác minh nhưng vẫn còn vấn đề" in outcome.summary("vi")
    with db.reading() as s:
        assert s.get(Person, lan).dob == date(1985, 3, 12)
        assert (s.get(CleaningCase, lan).status, s.get(CleaningCase, hoa).status) == (
            "fixed", "returned")


def test_what_changed_while_the_preview_was_open_is_not_overwritten(db, site, boss, tmp_path):
    lan, hoa, out = _sent(db, boss, tmp_path)
    back = _answer(out, tmp_path / "tra-ve.xlsx",
                   {lan: ("Phạm Thị Lành", "12/03/1985", "sai thông tin"),
                    hoa: ("Nguyễn Thị Hòa", "01/02/1980", "sai thông tin")})
    returned = police_returned.read_returned(db, back)  # the preview shows this ...
    assert not returned.skipped
    # ... while a supervisor corrects Lan from her card (her case is then fixed) ...
    assert correct_person(db, lan, {"full_name": "Phạm Thị Lanh", "dob": date(1985, 3, 12)},
                          actor=boss, today=TODAY, confirm_warnings=True).saved
    # ... and a complaint merges Hoa's record into her other one
    kept = paper(db, full_name="Nguyễn Thị Hòa", dob="01/02/1980", id_number="001180054321",
                 dose_number="2", dose_date="07/10/2021", address="khác")
    merge_people(db, kept, hoa, actor=boss)

    outcome = police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    assert (outcome.corrected, outcome.fixed) == (0, 0)
    refused = dict(outcome.refused)
    assert "Đã gửi xác minh" in refused[returned_row_of(returned, lan)]
    assert "đã được gộp vào hồ sơ" in refused[returned_row_of(returned, hoa)]
    assert _name(db, lan) == "Phạm Thị Lanh"
    assert _name(db, hoa) == HOA
    with db.reading() as s:  # closed by the merge, and the file changed nothing after
        assert s.get(CleaningCase, hoa).status == "fixed"


def test_a_record_changed_after_reading_but_still_sent_is_skipped(db, site, boss, tmp_path):
    lan, _hoa, out = _sent(db, boss, tmp_path)
    back = _answer(out, tmp_path / "tra-ve.xlsx",
                   {lan: ("Phạm Thị Lành", "12/03/1985", "sai thông tin")})
    returned = police_returned.read_returned(db, back)
    assert correct_person(db, lan, {"full_name": "Phạm Thị Lanh"}, actor=boss,
                          today=TODAY).saved  # still no date of birth: still sent
    outcome = police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    [why] = [why for row, why in outcome.refused if row == returned_row_of(returned, lan)]
    assert "sửa sau khi xuất danh sách (Họ và tên)" in why
    assert _name(db, lan) == "Phạm Thị Lanh"


def returned_row_of(returned, pid):
    [row] = [r.sheet_row for r in returned.rows if r.person_id == pid]
    return row


def test_a_row_of_a_record_merged_since_names_the_kept_record_in_words(db, site, boss,
                                                                        tmp_path):
    """A person sent to the police was merged (a complaint, the worklist) into her other
    record before the file came back. The row is skipped, and the reason named the kept
    record by its internal id ("đã được gộp vào hồ sơ 01a2…-…"): nothing a supervisor can
    search for or recognise. It names the kept person: name, birth date, ID number."""
    _lan, hoa, out = _sent(db, boss, tmp_path)
    kept = paper(db, full_name="Nguyễn Thị Hòa", dob="01/02/1980", id_number="001180054321",
                 dose_number="2", dose_date="07/10/2021", address="khác")
    merge_people(db, kept, hoa, actor=boss)
    back = _answer(out, tmp_path / "tra-ve.xlsx", {hoa: ("", "", "khớp")})
    returned = police_returned.read_returned(db, back, today=TODAY)
    [(_row, why)] = returned.skipped
    assert kept not in why, why
    assert why.startswith("Hồ sơ này đã được gộp vào hồ sơ của Nguyễn Thị Hòa (sinh "
                          "01/02/1980, giấy tờ 001180054321) sau khi xuất danh sách"), why


def test_a_row_the_officer_added_without_a_record_code_is_named_by_its_person(
        db, site, boss, tmp_path):
    """An officer adds a row for someone not on the list (a relative found at the same
    address) and leaves "Mã hồ sơ" empty. The reason given read 'Mã hồ sơ “” không có
    trong cơ sở dữ liệu này': an empty code, the person on the row never named, nothing
    saying the row has no record code at all."""
    lan, _hoa, out = _sent(db, boss, tmp_path)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    sheet.append([None, "Lê Văn Nam", "01/01/1980", "Nam", "", "", "", "", "", "", "", "",
                  "khớp"])
    sheet.append([None, "", "", "", "", "", "", "", "", "", "", "", "khớp"])
    book.save(tmp_path / "tra-ve.xlsx")
    skipped = dict(police_returned.read_returned(db, tmp_path / "tra-ve.xlsx",
                                                 today=TODAY).skipped)
    assert skipped == {
        4: "Dòng của Lê Văn Nam không có mã hồ sơ (cột “Mã hồ sơ” trống): người này không "
           "có trong danh sách đã gửi, có lẽ do cán bộ thêm vào; dòng bị bỏ qua. Nếu cần, "
           "hãy tìm hoặc tạo hồ sơ cho người này rồi gửi xác minh.",
        5: "Dòng này không có mã hồ sơ (cột “Mã hồ sơ” trống) và không ghi tên; dòng bị "
           "bỏ qua."}, skipped


def test_a_name_given_its_marks_since_the_export_is_not_put_back(db, site, boss, tmp_path):
    """The names were compared without their marks: a supervisor's "Hoa" → "Hòa" after
    the export was invisible, and the police's row (their register writes "Hoa") put the
    name she had corrected back. A file whose sent names lost their marks in the
    officer's system, nobody having corrected them, is still applied."""
    _lan, hoa, out = _sent(db, boss, tmp_path)
    assert correct_person(db, hoa, {"full_name": "Nguyễn Thị Hòa"}, actor=boss,
                          today=TODAY).saved
    back = _answer(out, tmp_path / "tra-ve.xlsx", {hoa: (HOA, "03/04/1975", "sai thông tin")})
    returned = police_returned.read_returned(db, back)
    [(_row, why)] = returned.skipped
    assert "sửa sau khi xuất danh sách (Họ và tên)" in why
    police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    assert _name(db, hoa) == "Nguyễn Thị Hòa"


def test_sent_names_without_marks_nobody_corrected_are_still_applied(db, site, boss,
                                                                     tmp_path):
    _lan, hoa, out = _sent(db, boss, tmp_path)
    book = openpyxl.load_workbook(out)
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == hoa:
            row[1].value = "Nguyen Thi Hoa"  # the officer's system dropped the marks
    book.save(tmp_path / "khong-dau.xlsx")
    back = _answer(tmp_path / "khong-dau.xlsx", tmp_path / "tra-ve.xlsx",
                   {hoa: (HOA, "03/04/1975", "sai thông tin")})
    returned = police_returned.read_returned(db, back)
    assert returned.skipped == []
    police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    with db.reading() as s:
        assert s.get(Person, hoa).dob == date(1975, 4, 3)


def test_a_name_whose_marks_the_police_corrected_in_place_is_held_and_said(db, site, boss,
                                                                         tmp_path):
    """An officer who finds Phạm Thị Lan as "Phạm Thị Lân" and corrects the name where it
    stands (as with a birth date written over its sent column) and writes "khớp" has the
    row held and told to move the name to "Họ và tên (xác minh)": a name with marks of its
    own is the officer's spelling, not a system that dropped them. Once it was applied as
    a plain "khớp", the case closed under the old name and the police's spelling lost."""
    lan, _hoa, out = _sent(db, boss, tmp_path)
    book = openpyxl.load_workbook(out)
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == lan:
            row[1].value, row[14].value = "Phạm Thị Lân", "khớp"
    book.save(tmp_path / "tra-ve.xlsx")
    returned = police_returned.read_returned(db, tmp_path / "tra-ve.xlsx")
    [(_row, why)] = returned.skipped
    assert "“Họ và tên”" in why and "“Họ và tên (xác minh)”" in why, why
    police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    assert _name(db, lan) == LAN
    with db.reading() as s:
        assert s.get(CleaningCase, lan).status == Status.SENT
