"""A data officer's week with the cleaning list and the police (a review, 6 Dec): each
defect it confirmed, through real files, the command line and a real database."""

from __future__ import annotations

from datetime import timedelta

import openpyxl

from desktop_app.clock import utc_now
from desktop_app.db.database import open_database
from desktop_app.db.models import CleaningCase, Person
from desktop_app.importers.police_file import WRITTEN
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import cleaning
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.police_apply import apply_returned, police_notes
from desktop_app.services.police_export import export_for_police
from desktop_app.services.police_returned import read_returned
from tests.cleaning.people import TODAY, paper
from tests.importers.wide_sheets import convert
from tests.keys import TEST_PASSPHRASE
from tests.test_cli import vaxdesk


def _site(tmp_path):
    data = tmp_path / "data"
    assert vaxdesk("setup-site", "HN-1", "Trạm Y tế Láng", env_dir=data).returncode == 0
    return data


def test_the_command_says_how_many_days_a_late_case_has_waited(tmp_path):
    """It said "2 days" of a list the police had sat on for ten."""
    data = _site(tmp_path)
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db:
        hoa = paper(db, full_name="Lê Thị Hoa", dob="")
        cleaning.move(db, [hoa], "sent", actor=AT_THIS_LAPTOP,
                      now=utc_now() - timedelta(days=10))
    out = vaxdesk("cleaning", "list", env_dir=data)
    assert out.returncode == 0, out.stderr
    [line] = [x for x in out.stdout.splitlines() if "Lê Thị Hoa" in x]
    assert "10 ngày" in line, line


def test_a_csv_back_from_the_police_is_refused_in_words_that_fit(tmp_path):
    """Refused "only .xlsx, .xls or .csv" about a .csv: the police's list is a workbook."""
    data = _site(tmp_path)
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db:
        paper(db, full_name="Lê Thị Hoa", dob="")
    sent = tmp_path / "xac-minh.xlsx"
    assert vaxdesk("cleaning", "export", "--out", str(sent), env_dir=data).returncode == 0
    out = vaxdesk("cleaning", "import", str(convert(sent, "csv")), env_dir=data)
    assert out.returncode == 2
    assert out.stderr.strip() == (
        "Không đọc được tệp xac-minh.csv: danh sách công an trả về phải là bảng tính .xlsx, "
        ".xls hoặc .ods như tệp đã gửi đi. Hãy mở tệp bằng Excel hoặc LibreOffice và lưu lại "
        "thành .xlsx."), out.stderr


def _answer(db, boss, tmp_path, answers):
    out = tmp_path / "xac-minh.xlsx"
    export_for_police(db, out, actor=boss)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    headings = [c.value for c in sheet[1]]
    for row in range(2, sheet.max_row + 1):
        for heading, value in answers.get(sheet.cell(row, 1).value, {}).items():
            sheet.cell(row, headings.index(heading) + 1, value)
    back = tmp_path / "tra-ve.xlsx"
    book.save(back)
    return read_returned(db, back, today=TODAY)


def test_khop_with_the_name_in_the_other_tone_mark_style_is_a_match(db, site, boss,
                                                                    tmp_path):
    """Unikey's old "Hoà" against "Hòa": one name. The row was held as "khớp but the
    columns differ", the officer's confirmation lost."""
    hoa = paper(db, full_name="Nguyễn Thị Hoà", dob="")
    [row] = _answer(db, boss, tmp_path, {hoa: {
        "Họ và tên (xác minh)": "Nguyễn Thị Hòa", "Ngày sinh (xác minh)": "12/03/1985",
        "Kết quả xác minh": "khớp"}}).rows
    assert (row.problems, list(row.changes)) == ((), ["dob"])


def test_answers_pasted_on_the_wrong_rows_change_no_one(db, site, boss, tmp_path):
    """The officer's system sorted by name: Mai's row carries Hoa's answer and Hoa's Mai's.
    Both were applied, each record taking the other's identity, both cases closed."""
    mai = paper(db, full_name="Trần Thị Mai", id_number=make_cccd("001", Sex.MALE, 1985, 777))
    hoa = paper(db, full_name="Lê Thị Hoa", dob="", id_number="")
    returned = _answer(db, boss, tmp_path, {
        mai: {"Họ và tên (xác minh)": "Lê Thị Hoa", "Ngày sinh (xác minh)": "07/07/1972",
              "Số giấy tờ (xác minh)": make_cccd("001", Sex.FEMALE, 1972, 4242),
              "Kết quả xác minh": "sai thông tin"},
        hoa: {"Họ và tên (xác minh)": "Trần Văn Mai", "Giới tính (xác minh)": "Nam",
              "Ngày sinh (xác minh)": "12/03/1985", "Kết quả xác minh": "sai thông tin"}})
    assert [[p.code for p in r.problems] for r in returned.rows] == [
        ["POLICE_ROW_OTHER_PERSON"]] * 2
    apply_returned(db, returned, actor=boss, today=TODAY)
    with db.reading() as s:
        assert {s.get(Person, pid).full_name for pid in (mai, hoa)} == {"Trần Thị Mai",
                                                                         "Lê Thị Hoa"}


def test_the_police_answers_pasted_one_row_off_are_held_not_swapped_between_people(
        db, site, boss, tmp_path):
    """(Review comprev.) The list sent to the police is the people the desk could not
    identify: no birth date, no ID number. The officer's own system sorts its results
    otherwise, and the answers are pasted one row off: each row gets the neighbour's name,
    birth date and CCCD, "sai thông tin". Such a row was held only when it also changed a
    birth date, sex or ID number the record *held*; these records hold none, so each
    woman's record took another woman's name, birth date and CCCD and closed as "Đã sửa".
    A row that changes both the family and the given name, with nothing else on the record
    to vouch for it, is held for a person to look at."""
    truth = {"Nguyễn Thị Hoa": ("05/05/1990", make_cccd("001", Sex.FEMALE, 1990, 11)),
             "Lê Thị Cúc": ("15/08/1962", make_cccd("001", Sex.FEMALE, 1962, 22)),
             "Trần Thị Mai": ("02/02/1970", make_cccd("001", Sex.FEMALE, 1970, 33))}
    ids = {name: paper(db, full_name=name, dob="", id_number="") for name in truth}
    sent = tmp_path / "xac-minh.xlsx"
    assert export_for_police(db, sent, actor=boss) == 3
    book = openpyxl.load_workbook(sent)
    rows = list(book.active.iter_rows(min_row=2))
    answers = [(row[1].value, *truth[row[1].value]) for row in rows]
    answers = answers[1:] + answers[:1]  # one row off
    name, dob, number, result = (WRITTEN.index(h) for h in (
        "Họ và tên (xác minh)", "Ngày sinh (xác minh)", "Số giấy tờ (xác minh)",
        "Kết quả xác minh"))
    for row, (their_name, their_dob, their_id) in zip(rows, answers, strict=True):
        row[name].value, row[dob].value, row[number].value = their_name, their_dob, their_id
        row[result].value = "sai thông tin"
    back = tmp_path / "tra-ve.xlsx"
    book.save(back)

    returned = read_returned(db, back, today=TODAY)
    assert [[p.code for p in r.problems] for r in returned.rows] == [
        ["POLICE_ROW_OTHER_PERSON"]] * 3
    apply_returned(db, returned, actor=boss, today=TODAY)
    with db.reading() as s:
        now = {was: (s.get(Person, pid).full_name, s.get(CleaningCase, pid).status)
               for was, pid in ids.items()}
    assert all(full_name == was for was, (full_name, _status) in now.items()), now


def test_a_name_spelt_right_with_a_birth_date_filled_in_is_still_applied(db, site, boss,
                                                                          tmp_path):
    """The hold is for another person, not for a record the police correct in two fields:
    the name's letters the same (its diacritics given), the birth date it lacked."""
    an = paper(db, full_name="Nguyen Van An", dob="")
    returned = _answer(db, boss, tmp_path, {an: {
        "Họ và tên (xác minh)": "Nguyễn Văn An", "Ngày sinh (xác minh)": "02/02/1962",
        "Kết quả xác minh": "sai thông tin"}})
    [row] = returned.rows
    assert row.problems == () and set(row.changes) >= {"full_name", "dob"}


def test_an_answer_written_only_in_the_notes_is_kept_on_the_case(db, site, boss, tmp_path):
    """The police left the result empty and wrote "Đã chết năm 2022" in the notes: the row
    was "still waiting" and their words were shown nowhere. The case stays sent (a later
    file of the list may bring the result), their words on it."""
    cuc = paper(db, full_name="Đỗ Thị Cúc", dob="01/02/1980", id_number="")
    returned = _answer(db, boss, tmp_path, {cuc: {"Ghi chú (xác minh)": "Đã chết năm 2022"}})
    assert returned.waiting() == []
    [row] = returned.rows
    assert row.kind == "held" and "Đã chết năm 2022" in row.problems[0].message("vi")
    outcome = apply_returned(db, returned, actor=boss, today=TODAY)
    assert outcome.waiting == [] and outcome.still_open == 0
    assert "Đã chết năm 2022" in police_notes(db, [cuc])[cuc]
    [case] = cleaning.worklist(db, status="sent").cases
    assert case.person_id == cuc


def test_the_answers_on_the_only_sheet_shown_are_read(db, site, boss, tmp_path):
    """The officer kept the list as it came (copied the sheet, hid the original) and
    answered on the copy, saved again by LibreOffice: the hidden original was read, and
    every row was "not answered yet"."""
    hoa = paper(db, full_name="Lê Thị Hoa", dob="")
    out = tmp_path / "xac-minh.xlsx"
    export_for_police(db, out, actor=boss)
    book = openpyxl.load_workbook(out)
    original = book.active
    copy = book.copy_worksheet(original)
    copy.title = "Đã xác minh"
    headings = [c.value for c in copy[1]]
    copy.cell(2, headings.index("Ngày sinh (xác minh)") + 1, "12/03/1985")
    copy.cell(2, headings.index("Kết quả xác minh") + 1, "sai thông tin")
    original.sheet_state = "hidden"
    book.active = 1
    book.save(tmp_path / "tra-ve.xlsx")
    returned = read_returned(db, convert(tmp_path / "tra-ve.xlsx", "xlsx"), today=TODAY)
    assert returned.sheet == "Đã xác minh"
    [row] = returned.rows
    assert (row.person_id, row.result, list(row.changes)) == (hoa, "sai thông tin", ["dob"])


def test_the_backfill_opens_on_the_sheet_shown_too(tmp_path):
    from desktop_app.services.backfill_sheets import first_to_import, judge_sheets
    from tests.importers.sheets import HEADERS, TITLE, person_row

    book = openpyxl.Workbook()
    kept = book.active
    kept.title = "Bản gốc"
    for line in [*TITLE, HEADERS, person_row(1)]:
        kept.append(line)
    worked = book.copy_worksheet(kept)
    worked.title = "Đã sửa"
    kept.sheet_state = "hidden"
    book.active = 1
    book.save(tmp_path / "ds.xlsx")
    sheets = judge_sheets(tmp_path / "ds.xlsx")
    assert [(s.name, s.shown) for s in sheets] == [("Bản gốc", False), ("Đã sửa", True)]
    assert first_to_import(sheets) == "Đã sửa"


def test_the_police_file_names_what_the_register_disagrees_on(db, site, boss, tmp_path):
    """The list said "Sai lệch với CSDL dân cư: Ngày sinh", the police's file only
    "Sai lệch với CSDL dân cư": the officer was not told what to look up."""
    from datetime import datetime

    from desktop_app.db import cleaning_store
    from desktop_app.wire.register import Verdict
    from tests.cleaning.people import acknowledged

    pid = paper(db)
    acknowledged(db, pid, 1)
    with db.transaction() as s:
        assert cleaning_store.record_verdict(
            s, Verdict(pid, "mismatch", ("dob",), datetime(2026, 11, 24, 8), 1), utc_now())
    out = tmp_path / "xac-minh.xlsx"
    assert export_for_police(db, out, actor=boss) == 1
    sheet = openpyxl.load_workbook(out).active
    headings = [c.value for c in sheet[1]]
    assert sheet.cell(2, headings.index("Vấn đề") + 1).value == \
        "Sai lệch với CSDL dân cư: Ngày sinh"


def test_dung_is_the_polices_word_for_a_match(db, site, boss, tmp_path):
    """"Đúng" was held as an answer the file does not know; their words stay with it."""
    hoa = paper(db, full_name="Lê Thị Hoa", dob="")
    [row] = _answer(db, boss, tmp_path, {hoa: {
        "Ngày sinh (xác minh)": "12/03/1985", "Kết quả xác minh": "Đúng"}}).rows
    assert (row.result, row.problems, row.read.answer) == ("khớp", (), "Đúng")
