"""Backfill files as Excel and LibreOffice save them: a ;-separated CSV with its title lines,
IDs a CSV wrote without their zeros, booster wording in the dose column, a totals row at the
foot of the list, the size an .xlsx declares, and the columns nobody mapped."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import zipfile
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import Dose, Person
from desktop_app.progress import drain
from desktop_app.rules.catalogue import default_catalogue
from desktop_app.rules.cleaning import problems_in_brief
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file, inspect_file
from desktop_app.services.backfill_preview import judge_sample, preview_file
from tests import forked
from tests.importers.sheets import HEADERS, TITLE, name_of, person_row, write_xlsx
from tests.importers.wide_sheets import convert, dose, person, write_wide_xlsx
from tests.keys import ensure_test_supervisor

TODAY = date(2026, 11, 23)
EMPTY = {"imported": 0, "flagged": 0, "duplicate": 0, "rejected": 0, "corrected": 0}


def _import(db, path, **kw):
    return drain(import_file(db, path, today=TODAY, actor=AT_THIS_LAPTOP, **kw))


def _counts(**given):
    return {**EMPTY, **given}


def _people(db):
    with db.reading() as s:
        return sorted(s.execute(select(Person.full_name, Person.id_number,
                                       Person.cleaning_reason)))


def _doses(db):
    with db.reading() as s:
        return sorted(s.execute(select(Person.full_name, Dose.dose_number, Dose.dose_date)
                                .join(Dose, Dose.person_id == Person.id)))


def excel_csv(path, rows, *, delimiter=";", encoding="utf-8-sig", padded_titles=False):
    """A CSV as a spreadsheet saves one: CRLF, the list separator, a number cell as its bare
    digits, the title lines above the header either one cell each or padded to the sheet's
    width with separators (as Excel pads the rows of its used range)."""
    buffer = io.StringIO()
    out = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    width = len(HEADERS)
    for line in TITLE:
        out.writerow([*line, *[""] * (width - len(line))] if padded_titles else line)
    for line in [HEADERS, *rows]:
        out.writerow(line)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


ROWS = [person_row(1, name="Đặng Thị Ngọc Hưởng", cccd="001190012345", sex="Nữ"),
        person_row(2, name="Trần Văn Bình", cccd="079085000042", dob="01/02/1985",
                   vaccine="Pfizer", dose="Mũi 2", when="15/10/2021")]


# -- 3. a ;-separated CSV with title lines above its header ---------------------------------

@pytest.mark.parametrize("delimiter, encoding, padded", [
    (";", "utf-8-sig", False),  # Vietnamese-locale Excel, title lines one cell each
    (";", "utf-8-sig", True),  # ... padded with separators
    (";", "utf-8", False),
    ("\t", "utf-8", False),
    (",", "utf-8", False),
])
def test_a_csv_with_title_lines_is_read_whatever_its_separator(db, site, tmp_path, delimiter,
                                                               encoding, padded):
    path = excel_csv(tmp_path / "hoi-cuu.csv", ROWS, delimiter=delimiter, encoding=encoding,
                     padded_titles=padded)
    report = _import(db, path)
    assert report.header_row == 4 and report.counts == _counts(imported=2), report.issues
    assert [n for n, _i, _r in _people(db)] == ["Trần Văn Bình", "Đặng Thị Ngọc Hưởng"]


def test_a_semicolon_csv_without_commas_in_its_cells_is_read(db, site, tmp_path):
    rows = [person_row(1, address="12 Láng Hạ Đống Đa"),
            person_row(2, name="Trần Văn Bình", cccd="079085000042", dob="01/02/1985",
                       address="Kim Liên")]
    report = _import(db, excel_csv(tmp_path / "f.csv", rows, encoding="utf-8"))
    assert report.header_row == 4 and report.counts == _counts(imported=2), report.issues


# -- 2. CCCDs a CSV wrote without their leading zeros ---------------------------------------

def test_a_csv_id_that_lost_its_zeros_is_the_person_recorded(db, site, tmp_path):
    _import(db, write_xlsx(tmp_path / "thang8.xlsx", [person_row(1, cccd="001090012345")]))
    rows = [person_row(1, cccd="1090012345"),  # the same dose: Excel wrote the number cell
            person_row(2, cccd="1090012345", vaccine="Pfizer", dose=2, when="15/10/2021")]
    report = _import(db, excel_csv(tmp_path / "thang8.csv", rows, delimiter=","))
    assert report.counts == _counts(imported=1, duplicate=1), report.issues
    assert _people(db) == [("Nguyễn Văn An", "001090012345", None)]
    assert [d[1] for d in _doses(db)] == [1, 2]


@pytest.mark.parametrize("cell, stored, flagged", [
    ("1190023456", "001190023456", False),  # 10 digits: two zeros, Hà Nội's 001
    ("38190000123", "038190000123", False),  # 11 digits: one zero, Thanh Hóa's 038
    ("99190000123", "99190000123", True),  # 099 is no province: not guessed, flagged
    ("0119002345", "0119002345", True),  # a leading 0: never a number cell, as typed
])
def test_csv_ids_get_their_zeros_back_only_as_a_number_cells_would(db, site, tmp_path, cell,
                                                                   stored, flagged):
    row = person_row(1, name="Lê Thị Hoa", sex="Nữ", dob="12/03/1990", cccd=cell)
    report = _import(db, excel_csv(tmp_path / "f.csv", [row], delimiter=","))
    assert report.counts == _counts(**{"flagged" if flagged else "imported": 1})
    (name, number, reason), = _people(db)
    assert number == stored and (reason is not None) == flagged


def test_an_xlsx_text_cell_keeps_its_digits_as_typed(db, site, tmp_path):
    _import(db, write_xlsx(tmp_path / "f.xlsx", [person_row(1, cccd="1090012345")]))
    assert _people(db)[0][1] == "1090012345"  # typed as text: not a number cell's loss


# -- 1. booster wording in the dose-number column -------------------------------------------

def test_a_booster_count_is_refused_naming_the_cell_never_stored_as_dose_1(db, site,
                                                                           tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, vaccine="Pfizer", dose="Mũi nhắc lại 1",
                   when="20/12/2021"),
        person_row(2, name="Lê Thị Hoa", sex="Nữ", dob="12/03/1990", cccd="001190012345",
                   vaccine="Pfizer", dose="Mũi 3 (nhắc lại 1)", when="20/12/2021")])
    report = _import(db, path)
    assert report.counts == _counts(imported=1, rejected=1), report.issues
    (issue,) = report.rejections
    assert (issue.sheet_row, issue.code) == (5, "DOSE_NUMBER_BOOSTER")
    assert issue.message.startswith("[Mũi thứ] “Mũi nhắc lại 1”"), issue.message
    assert _doses(db) == [("Lê Thị Hoa", 3, date(2021, 12, 20))]
    assert [cells[9] for cells, _why, _row in report.to_fix] == ["Mũi nhắc lại 1"]


@pytest.mark.parametrize("cell", ["Mũi nhắc lại", "Nhắc lại", "TĂNG CƯỜNG", "booster"])
def test_an_unnumbered_booster_of_a_person_with_no_dose_known_is_dose_1_flagged(db, site,
                                                                               tmp_path, cell):
    """No digits, so no number to refuse: the booster takes the person's next number, which
    for someone with no earlier dose known is 1; a certificate would say 1/2 for a booster.
    Stored, but on the data-cleaning list naming the cell."""
    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, vaccine="Pfizer", dose=cell, when="20/12/2021")])
    report = _import(db, path)
    assert report.counts == _counts(flagged=1), report.issues
    (issue,) = report.issues
    assert (issue.sheet_row, issue.outcome, issue.code) == (5, "flagged", "DOSE_BOOSTER_AS_FIRST")
    assert issue.message.startswith(f"[Mũi thứ] “{cell}”"), issue.message
    assert "mũi 1" in issue.message and "chưa ghi nhận mũi nào trước đó" in issue.message
    assert _doses(db) == [("Nguyễn Văn An", 1, date(2021, 12, 20))]
    assert _people(db) == [("Nguyễn Văn An", "001090012345", "DOSE_BOOSTER_AS_FIRST")]


def test_an_unnumbered_booster_is_flagged_only_where_no_earlier_dose_is_known(db, site,
                                                                            tmp_path):
    """After doses 1 and 2 (recorded, or in the rows before) the booster is dose 3, as it
    always was; only the person whose booster came first, or alone, is flagged."""
    hoa = {"name": "Lê Thị Hoa", "sex": "Nữ", "dob": "12/03/1990", "cccd": "001190012345"}
    binh = {"name": "Trần Văn Bình", "dob": "01/02/1985", "cccd": "079085000042"}
    _import(db, write_xlsx(tmp_path / "before.xlsx", [
        person_row(1, **hoa, dose=1, when="01/08/2021"),
        person_row(2, **hoa, dose=2, when="05/09/2021")]))
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, **hoa, vaccine="Pfizer", dose="Mũi nhắc lại", when="20/12/2021"),
        person_row(2, **binh, dose=1, when="01/08/2021"),
        person_row(3, **binh, dose="Mũi 2", when="05/09/2021"),
        person_row(4, **binh, vaccine="Pfizer", dose="Mũi nhắc lại", when="20/12/2021"),
        person_row(5, vaccine="Pfizer", dose="Nhắc lại", when="20/12/2021")]))
    assert report.counts == _counts(imported=4, flagged=1), report.issues
    assert [(i.sheet_row, i.code) for i in report.issues] == [(9, "DOSE_BOOSTER_AS_FIRST")]
    assert [(n, d) for n, d, _w in _doses(db)] == [
        ("Lê Thị Hoa", 1), ("Lê Thị Hoa", 2), ("Lê Thị Hoa", 3), ("Nguyễn Văn An", 1),
        ("Trần Văn Bình", 1), ("Trần Văn Bình", 2), ("Trần Văn Bình", 3)]
    assert [(n, r) for n, _i, r in _people(db)] == [
        ("Lê Thị Hoa", None), ("Nguyễn Văn An", "DOSE_BOOSTER_AS_FIRST"), ("Trần Văn Bình", None)]


def _wide_with_dose_numbers(path, rows):
    """A wide template whose dose groups have their own "Mũi thứ" column."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    people = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số điện thoại",
              "Địa chỉ"]
    sheet.append([*people, *(x for n in (1, 2, 3) for x in (f"Mũi {n}", None, None))])
    sheet.append([None] * len(people) + ["Ngày tiêm", "Tên vắc xin", "Mũi thứ"] * 3)
    for n in range(3):
        first = len(people) + 1 + 3 * n
        sheet.merge_cells(start_row=1, end_row=1, start_column=first, end_column=first + 2)
    for line in rows:
        sheet.append(line)
    book.save(path)
    return path


def test_a_wide_sheets_unnumbered_booster_is_flagged_only_without_earlier_doses(db, site,
                                                                              tmp_path):
    path = _wide_with_dose_numbers(tmp_path / "wide.xlsx", [
        [1, "Lê Thị Hoa", "12/03/1990", "Nữ", "001190012345", "0912345678", "Ba Đình",
         "01/08/2021", "AstraZeneca", "Mũi 1", "05/09/2021", "AstraZeneca", "Mũi 2",
         "20/12/2021", "Pfizer", "Nhắc lại"],
        [2, "Trần Văn Bình", "01/02/1985", "Nam", "079085000042", "0987654321", "Kim Liên",
         "20/12/2021", "Pfizer", "Mũi nhắc lại", "", "", "", "", "", ""]])
    report = _import(db, path)
    assert report.counts == _counts(imported=3, flagged=1), report.issues
    assert [(i.sheet_row, i.dose, i.code) for i in report.issues] == [
        (4, 1, "DOSE_BOOSTER_AS_FIRST")]
    assert "“Mũi nhắc lại”" in report.issues[0].message
    assert [(n, d) for n, d, _w in _doses(db)] == [
        ("Lê Thị Hoa", 1), ("Lê Thị Hoa", 2), ("Lê Thị Hoa", 3), ("Trần Văn Bình", 1)]


def test_the_preview_flags_an_unnumbered_booster_with_no_dose_known(db, site, tmp_path):
    _import(db, write_xlsx(tmp_path / "before.xlsx", [
        person_row(1, dose=1, when="01/08/2021"), person_row(2, dose=2, when="05/09/2021")]))
    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, vaccine="Pfizer", dose="Mũi nhắc lại", when="20/12/2021"),
        person_row(2, name="Lê Thị Hoa", sex="Nữ", dob="12/03/1990", cccd="001190012345",
                   vaccine="Pfizer", dose="Mũi nhắc lại", when="20/12/2021")])
    preview = preview_file(path)
    judged = judge_sample(preview, preview.mapping, db.catalogue, TODAY, db=db)
    assert [(r.outcome, [p.code for p in r.problems]) for r in judged] == [
        ("imported", []), ("flagged", ["DOSE_BOOSTER_AS_FIRST"])]
    # The screen's brief, in the cleaning list's own words
    assert problems_in_brief(judged[1].problems, "vi") == "Mũi nhắc lại lưu là mũi 1"
    report = _import(db, path)  # as the import then does
    assert report.counts == _counts(imported=1, flagged=1), report.issues


# -- 5. a totals row at the foot of the list ------------------------------------------------

def _totals(*, date_column):
    cells = [None] * len(HEADERS)
    cells[1], cells[10] = "Tổng cộng", date_column
    return cells


def test_a_totals_row_is_skipped_and_said_once_not_rejected(db, site, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [*ROWS, [None] * 12, _totals(date_column=2)])
    report = _import(db, path)
    assert report.counts == _counts(imported=2), report.issues
    assert [(i.sheet_row, i.outcome, i.code) for i in report.issues] == [
        (8, "skipped", "TOTALS_ROW_SKIPPED")]
    assert report.issues[0].message == "Bỏ qua dòng tổng cộng 8: dòng này không phải một mũi tiêm."
    assert report.to_fix == []


@pytest.mark.parametrize("label", ["TỔNG CỘNG:", "Tổng số mũi tiêm", "Cộng"])
def test_a_totals_label_in_the_first_column_is_seen_too(db, site, tmp_path, label):
    path = write_xlsx(tmp_path / "f.xlsx", [*ROWS, [label, *[None] * 9, 2, None]])
    report = _import(db, path)
    assert report.counts == _counts(imported=2)
    assert [i.outcome for i in report.issues] == ["skipped"]


def test_a_person_named_like_a_total_with_a_bad_date_is_still_rejected(db, site, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1, name="Công", when="32/09/2021"),
                                            person_row(2, name="Tống Công", vaccine="")])
    assert _import(db, path).counts == _counts(rejected=2)


def test_a_wide_sheets_totals_row_is_skipped_once_not_a_rejection_a_dose(db, site, tmp_path):
    rows = [person(1, "Lê Thị Hoa", "12/03/1990", "Nữ", 1190012345, dose("01/08/2021"),
                   dose("05/09/2021")),
            [None, "Tổng cộng", None, None, None, None, None, 1, None, None, None, 1, None,
             None, None, None, None, None, None]]
    report = _import(db, write_wide_xlsx(tmp_path / "wide.xlsx", rows))
    assert report.counts == _counts(imported=2), report.issues
    assert [(i.sheet_row, i.outcome) for i in report.issues] == [(7, "skipped")]


def _vaxdesk(db_path, *args):
    ensure_test_supervisor(db_path)
    return forked.vaxdesk("--db", str(db_path), *args, env=dict(os.environ), timeout=120)


def test_the_command_says_the_totals_row_once_and_exits_0(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [*ROWS, _totals(date_column=2)])
    out = _vaxdesk(tmp_path / "d.db", "import", str(path), "--report", str(tmp_path / "r.json"),
                   "--fix-file", str(tmp_path / "can-sua.xlsx"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("Bỏ qua dòng tổng cộng 7") == 1, out.stdout
    body = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(r["sheet_row"], r["outcome"]) for r in body["rows"]] == [(7, "skipped")]


# -- 4. the size an .xlsx declares, for the progress bar ------------------------------------

def _total(path, sheet=None):
    table = inspect_file(path, sheet)
    try:
        return table.total_rows
    finally:
        table.close()


def test_an_xlsx_says_how_many_rows_it_has(tmp_path):
    from openpyxl import Workbook

    path = write_xlsx(tmp_path / "f.xlsx", ROWS * 10)
    assert _total(path) == len(TITLE) + 1 + 20
    book = Workbook()  # a second sheet, by name: its own declaration, found through the rels
    book.active.title = "Hướng dẫn"
    book.active.append(["HƯỚNG DẪN NHẬP LIỆU"])
    second = book.create_sheet("Danh sách")
    for line in [HEADERS, *ROWS * 3]:
        second.append(line)
    book.save(tmp_path / "two.xlsx")
    assert _total(tmp_path / "two.xlsx", "Danh sách") == 7


def test_without_the_streaming_fork_the_size_is_the_same(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "f.xlsx", ROWS * 10)
    streamed = _total(path)
    monkeypatch.setitem(sys.modules, "python_calamine_plus", None)  # python-calamine reads
    assert _total(path) == streamed == len(TITLE) + 1 + 20


def test_an_xlsx_saved_by_libreoffice_says_its_size_too(tmp_path):
    saved = convert(excel_csv(tmp_path / "lo.csv", ROWS * 10, delimiter=",",
                              encoding="utf-8"), "xlsx")
    assert _total(saved) == len(TITLE) + 1 + 20


def test_without_a_declared_range_the_size_is_unknown_not_wrong(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", ROWS * 10)
    for replaced in (b'<dimension ref="A1"/>', b""):
        copy = tmp_path / f"no-range-{len(replaced)}.xlsx"
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w") as dst:
            for item in src.infolist():
                data = src.read(item)
                if item.filename == "xl/worksheets/sheet1.xml":
                    assert b'<dimension ref="A1:L24"/>' in data
                    data = data.replace(b'<dimension ref="A1:L24"/>', replaced)
                dst.writestr(item, data)
        assert _total(copy) == 0


def test_the_command_shows_how_far_an_xlsx_import_has_got(tmp_path):
    rows = [person_row(n, name=name_of(n), cccd=f"0010900{n:05d}")
            for n in range(2_100)]
    path = write_xlsx(tmp_path / "f.xlsx", rows)
    out = _vaxdesk(tmp_path / "d.db", "import", str(path))
    assert out.returncode == 0, out.stderr
    assert "2.000/2.104" in out.stderr, out.stderr[:300]  # "\r" read as a line break


# -- 6. fields no column was chosen for ------------------------------------------------------

def test_with_no_column_chosen_the_preview_reads_nothing_not_column_a(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["HƯỚNG DẪN NHẬP LIỆU"])
    book.active.append(["1. Nhập mỗi mũi tiêm một dòng ở trang “Danh sách”."])
    book.save(tmp_path / "huong-dan.xlsx")
    preview = preview_file(tmp_path / "huong-dan.xlsx")
    assert judge_sample(preview, {}, default_catalogue(), TODAY) == []


def test_an_unmapped_field_reads_empty_not_the_column_after_the_last_mapped(db, site,
                                                                           tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1)])
    # Name, vaccine and dose date mapped: the lot number (column I) comes next, and used to
    # be read as the date of birth, the sex, the ID, the dose number...
    report = _import(db, path, mapping={"full_name": 1, "product": 7, "dose_date": 10})
    assert report.counts == _counts(flagged=1)
    assert report.issues[0].message.startswith("[Ngày sinh] Ngày sinh là bắt buộc"), \
        report.issues[0].message
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 1


@pytest.mark.parametrize("cell", ["Mũi 7", 0, 2.5])
def test_a_dose_number_out_of_range_is_stored_as_the_next_dose_and_flagged(db, site,
                                                                          tmp_path, cell):
    """A number no dose can have ("Mũi 7" with doses up to the catalogue's highest, 0, a
    fraction) took the person's next number without a word, as a blank cell does: the
    dose is kept, and the row goes to the data-cleaning list naming the cell."""
    hoa = {"name": "Lê Thị Hoa", "sex": "Nữ", "dob": "12/03/1990", "cccd": "001190012345"}
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, **hoa, dose=1, when="01/08/2021"),
        person_row(2, **hoa, dose=cell, when="05/09/2021"),
        person_row(3, dose="Mũi", when="05/09/2021")]))  # no number at all: next, unsaid
    assert report.counts == _counts(imported=2, flagged=1), report.issues
    (issue,) = report.issues
    assert (issue.sheet_row, issue.code) == (6, "DOSE_NUMBER_OUT_OF_RANGE")
    assert "kế tiếp" in issue.message
    assert [(n, d) for n, d, _w in _doses(db)] == [
        ("Lê Thị Hoa", 1), ("Lê Thị Hoa", 2), ("Nguyễn Văn An", 1)]


@pytest.mark.parametrize("cell", ["II", "Mũi II", "Thứ hai", "Mũi hai", "hai", "mui thu hai"])
def test_a_dose_number_in_roman_numerals_or_words_is_read(db, site, tmp_path, cell):
    """A commune's sheet writes "Mũi thứ" as "II" or "Thứ hai" (the person's second dose,
    their first at another site): the dose is stored as dose 2, as "Mũi 2" would be, with
    no flag."""
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, dose=cell, when="01/10/2021")]))
    assert report.counts == _counts(imported=1), report.issues
    assert [n for _name, n, _when in _doses(db)] == [2]


@pytest.mark.parametrize("cell", ["Chưa rõ", "Mũi hai mươi", "Mũi X"])
def test_a_dose_number_in_words_not_read_is_flagged(db, site, tmp_path, cell):
    """A dose-number cell whose words the importer does not read as a number in range
    takes the person's next number as a blank one does, but the row goes to the
    data-cleaning list naming the cell, as "Mũi 7" does: never dose 1 without a word."""
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, dose=cell, when="01/10/2021")]))
    assert report.counts == _counts(flagged=1), report.issues
    (issue,) = report.issues
    assert issue.code == "DOSE_NUMBER_OUT_OF_RANGE" and f"“{cell}”" in issue.message
