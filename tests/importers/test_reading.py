"""Reading .xlsx, .xls and .csv (UTF-8, UTF-8 with BOM, Windows-1258) the same way."""

from __future__ import annotations

import codecs
from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.db.models import Person
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import ImportRefused, import_file, inspect_file
from tests.importers.sheets import HEADERS, TITLE, person_row, write_csv, write_xlsx

ROWS = [person_row(1, name="Đặng Thị Ngọc Hưởng", cccd="001190012345", sex="Nữ",
                   dob="05/09/1990"),
        person_row(2, name="Trần Văn Bình", cccd="079085000042", dob="01/02/1985",
                   vaccine="Pfizer", dose="Mũi 2", when="15/10/2021")]


def _names(db):
    with db.reading() as s:
        return sorted(s.scalars(select(Person.full_name)))


def _check(db, path):
    report = drain(import_file(db, path, today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))
    assert report.counts["imported"] == 2, report.issues
    assert _names(db) == ["Trần Văn Bình", "Đặng Thị Ngọc Hưởng"]
    return report


def test_xlsx_with_title_rows(db, site, tmp_path):
    report = _check(db, write_xlsx(tmp_path / "f.xlsx", ROWS))
    assert report.header_row == 4 and report.sheet == "Hồi cứu"


def test_xlsx_starting_with_blank_rows_numbers_rows_as_excel_does(db, site, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1, name="")],
                      title=[[], [], ["DANH SÁCH"], []])
    report = drain(import_file(db, path, today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))
    assert report.header_row == 5 and report.issues[0].sheet_row == 6


def test_xls_from_an_old_template(db, site, tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for r, line in enumerate([*TITLE, HEADERS, *ROWS]):
        for c, value in enumerate(line):
            if c == 10 and r > len(TITLE):  # the dose date as a real Excel date cell
                d, m, y = (int(x) for x in value.split("/"))
                sheet.write(r, c, date(y, m, d), date_style)
            elif c == 4 and r > len(TITLE):  # the ID as a number: its leading zeros lost
                sheet.write(r, c, int(value))
            else:
                sheet.write(r, c, value)
    path = tmp_path / "f.xls"
    book.save(str(path))
    _check(db, path)
    with db.reading() as s:
        assert s.scalar(select(Person.id_number).where(Person.full_name.like("Đặng%"))) \
            == "001190012345"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_in_each_encoding(db, site, tmp_path, encoding):
    _check(db, write_csv(tmp_path / "f.csv", ROWS, encoding=encoding))


def test_csv_with_semicolons(db, site, tmp_path):
    _check(db, write_csv(tmp_path / "f.csv", ROWS, delimiter=";"))


def test_another_sheet_by_name_and_a_missing_one(db, site, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Bìa"
    data = book.create_sheet("Số liệu")
    for line in [HEADERS, *ROWS]:
        data.append(line)
    book.save(tmp_path / "f.xlsx")
    assert inspect_file(tmp_path / "f.xlsx", "Số liệu").header.row_index == 0
    with pytest.raises(ImportRefused) as caught:
        inspect_file(tmp_path / "f.xlsx", "Không có")
    assert "Bìa, Số liệu" in caught.value.message("vi")


@pytest.mark.parametrize("name, content, code", [
    ("f.xlsx", b"not a zip file", "IMPORT_FILE_DAMAGED"),
    ("f.pdf", b"%PDF", "IMPORT_FILE_TYPE"),
    ("f.xlsx", b"", "IMPORT_FILE_EMPTY"),
    ("f.xls", b"", "IMPORT_FILE_EMPTY"),
    ("f.csv", b"", "IMPORT_FILE_EMPTY"),
])
def test_unreadable_files_are_refused_with_the_reason(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as caught:
        inspect_file(path)
    assert caught.value.code == code and name in caught.value.message("vi")
    # The library's own words ("File is not a zip file") are for the log, not the clerk.
    assert "zip" not in caught.value.message("vi").lower()


@pytest.mark.parametrize("bom, encoding", [(b"", "utf-16"),  # Python writes the LE mark
                                           (codecs.BOM_UTF16_BE, "utf-16-be")])
@pytest.mark.parametrize("delimiter", ["\t", ","])
def test_utf16_text_with_its_mark_is_read(db, site, tmp_path, bom, encoding, delimiter):
    """Excel's "Unicode Text" (tab-separated) and a UTF-16 .csv, either byte order:
    Windows-1258 decodes any bytes, so without the mark the header was never found."""
    import csv
    import io

    lines = io.StringIO()
    csv.writer(lines, delimiter=delimiter).writerows([HEADERS, *ROWS])
    path = tmp_path / "f.txt"
    path.write_bytes(bom + lines.getvalue().encode(encoding))
    assert _check(db, path).header_row == 1


def test_a_utf16_line_past_the_row_limit_rejects_only_its_row(db, site, tmp_path):
    import csv
    import io

    from desktop_app.importers.limits import MAX_ROW_CHARS

    rows = [ROWS[0], person_row(2, cccd="001090000002", address="x" * (MAX_ROW_CHARS + 10)),
            ROWS[1]]
    lines = io.StringIO()
    csv.writer(lines).writerows([HEADERS, *rows])
    path = tmp_path / "f.csv"
    path.write_bytes(lines.getvalue().encode("utf-16"))
    report = _check(db, path)
    assert [(i.sheet_row, i.outcome) for i in report.issues] == [(3, "rejected")]


def _rows(path):
    table = inspect_file(path)
    try:  # the fork pads no row, python-calamine pads every row to the sheet's width
        return table.header, [(n, _trimmed(cells)) for n, cells in table.data_rows()]
    finally:
        table.close()


def _trimmed(cells):
    cells = list(cells)
    while cells and cells[-1] == "":
        cells.pop()
    return cells


@pytest.mark.parametrize("shared", [False, True], ids=["inline-strings", "shared-strings"])
def test_without_the_streaming_fork_an_xlsx_reads_the_same(tmp_path, monkeypatch, shared):
    """python-calamine-plus is young: the importer must read every .xlsx the same through
    upstream python-calamine when the fork cannot be loaded (issue 21)."""
    import sys

    from bench.make_backfill import write
    from desktop_app.importers import reading

    path = tmp_path / "messy.xlsx"
    write(path, 3_000, shared_strings=shared)
    assert reading._streaming() is not None
    streamed = _rows(path)
    monkeypatch.setitem(sys.modules, "python_calamine_plus", None)  # import raises
    assert reading._streaming() is None
    whole = _rows(path)
    assert len(whole[1]) == 3_000 and whole == streamed


def test_without_the_streaming_fork_an_import_has_the_same_outcomes(db, site, tmp_path,
                                                                   monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "python_calamine_plus", None)
    report = _check(db, write_xlsx(tmp_path / "f.xlsx", ROWS))
    assert report.header_row == 4 and report.sheet == "Hồi cứu"


def test_without_the_streaming_fork_a_sheet_gets_the_whole_sheet_limit(tmp_path,
                                                                      monkeypatch):
    """Built whole in memory, a sheet may inflate only as far as any other part."""
    import sys

    from desktop_app.importers import limits

    path = write_xlsx(tmp_path / "f.xlsx", ROWS * 200)
    monkeypatch.setattr(limits, "max_part_bytes", lambda: 20_000)
    assert inspect_file(path).sheet == "Hồi cứu"  # streamed: the sheet's own limit
    monkeypatch.setitem(sys.modules, "python_calamine_plus", None)
    with pytest.raises(ImportRefused) as refused:
        inspect_file(path)
    assert refused.value.code == "IMPORT_FILE_TOO_LARGE"


@pytest.mark.parametrize("opened_by", ["inspect_file", "open_workbook"])
def test_an_xls_cut_short_is_damaged_wherever_it_is_cut(tmp_path, opened_by):
    """An .xls copied half-way (a USB stick pulled out): calamine's Rust code gives up on
    some cuts with a panic (pyo3's PanicException, a BaseException), which stopped the
    import with a traceback. Every cut is the file damaged, in the clerk's words, whether
    the import opens it or the Backfill screen, which lists its sheets first
    (``reading.sheet_names``, as the police file's ``returned_sheet`` does; review 31b)."""
    from openpyxl import Workbook

    from desktop_app.services.backfill_sheets import open_workbook
    from tests.importers.wide_sheets import convert

    book = Workbook()
    for i in range(2000):
        book.active.append([f"Người {i}", "01/01/1990", f"0010900{i:05d}"])
    book.save(tmp_path / "list.xlsx")
    data = convert(tmp_path / "list.xlsx", "xls").read_bytes()
    cut, opened = tmp_path / "cut.xls", {"inspect_file": inspect_file,
                                         "open_workbook": open_workbook}[opened_by]
    escaped = []
    for end in range(512, len(data), 997):
        cut.write_bytes(data[:end])
        try:
            opened(cut)
        except ImportRefused as refused:
            assert refused.code == "IMPORT_FILE_DAMAGED", end
        except BaseException as exc:  # noqa: BLE001 - what the clerk would have met
            escaped.append((end, type(exc).__name__))
        else:
            assert opened_by == "open_workbook", f"cut at {end} read as whole"
    assert escaped == []


def test_a_workbook_whose_sheet_list_is_damaged_is_damaged(tmp_path):
    """Review 31b: an .xlsx whose workbook.xml lost its <sheet> entry (one byte changed)
    opens in calamine with no sheet: ``_open_sheet`` took ``names[0]`` and an IndexError
    stopped the import with a traceback. It is damaged."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Họ và tên", "Ngày sinh", "Số CCCD"])
    book.save(tmp_path / "list.xlsx")
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(tmp_path / "list.xlsx") as src, zipfile.ZipFile(damaged, "w") as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "xl/workbook.xml":
                data = data.replace(b"<sheet ", b"<sh_et ")
            out.writestr(name, data)
    with pytest.raises(ImportRefused) as caught:
        inspect_file(damaged)
    assert caught.value.code == "IMPORT_FILE_DAMAGED"
