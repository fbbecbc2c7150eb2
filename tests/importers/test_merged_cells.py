"""A person's cells merged down over their dose rows, as a printed list shows them: every
dose row reads the person (the second was refused, "Họ và tên là bắt buộc"), in an .xlsx
as openpyxl and Excel write it, and as LibreOffice saves it as .xls and .ods."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.importers.merged_cells import MergedDown, filled
from desktop_app.importers.reading import open_table
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_preview import preview_file
from tests.importers.sheets import HEADERS, TITLE, person_row
from tests.importers.wide_sheets import convert

TODAY = date(2026, 11, 23)
PERSON_COLUMNS = range(7)  # STT, name, birth date, sex, CCCD, phone, address


def _sheet(path):
    """Title, header (row 4), then Hoa's three doses with her cells merged down over rows
    5-7, Bình's one dose (row 8), and a vaccine cell merged across two columns (row 8)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Hồi cứu"
    for line in [*TITLE, HEADERS]:
        sheet.append(line)
    hoa = person_row(1, name="Lê Thị Hoa", dob="12/03/1990", sex="Nữ", cccd="001190012345")
    sheet.append(hoa)
    for n, when in ((2, "05/09/2021"), (3, "20/03/2022")):
        sheet.append([None] * 7 + [hoa[7], "AB1234", n, when, hoa[11]])
    sheet.append(person_row(2, name="Trần Văn Bình", dob="01/02/1985", cccd="001085000042",
                            when="15/10/2021"))
    for column in PERSON_COLUMNS:
        sheet.merge_cells(start_row=5, end_row=7, start_column=column + 1,
                          end_column=column + 1)
    sheet.merge_cells("H8:I8")  # across: its value stays in its first column, as read
    book.save(path)
    return path


def _stored(db):
    with db.reading() as s:
        return sorted(s.execute(select(Person.full_name, Person.id_number, Person.phone,
                                       Dose.dose_number, Dose.dose_date)
                                .join(Dose, Dose.person_id == Person.id)))


@pytest.mark.parametrize("saved_as", ["xlsx", "xls", "ods"])
def test_a_persons_cells_merged_down_over_their_doses_are_read_on_each_row(
        db, site, tmp_path, saved_as):
    path = _sheet(tmp_path / "gop-o.xlsx")
    if saved_as != "xlsx":
        path = convert(path, saved_as)
    preview = preview_file(path)
    assert [cells[1] for _n, cells in preview.sample[:3]] == ["Lê Thị Hoa"] * 3
    report = drain(import_file(db, path, today=TODAY, actor=AT_THIS_LAPTOP))
    assert report.counts["imported"] == 4, [i.message for i in report.issues]
    assert report.counts["rejected"] == 0
    assert report.people_created == 2  # one Hoa, not three
    hoa = ("Lê Thị Hoa", "001190012345", "0912345678")
    assert _stored(db) == [(*hoa, 1, date(2021, 8, 1)), (*hoa, 2, date(2021, 9, 5)),
                           (*hoa, 3, date(2022, 3, 20)),
                           ("Trần Văn Bình", "001085000042", "0912345678", 1,
                            date(2021, 10, 15))]


def test_a_merge_starting_in_the_header_fills_no_data_row(tmp_path):
    """A header cell merged down into the first data row (a sloppy template) gives that
    row no header text: only a merge that starts on a data row is read down."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in [*TITLE, HEADERS]:
        sheet.append(line)
    sheet.append([None, "Lê Văn An", *person_row(1)[2:]])
    sheet.merge_cells("A4:A5")
    book.save(tmp_path / "dau.xlsx")
    table = open_table(tmp_path / "dau.xlsx")
    try:
        assert [cells[0] for _n, cells in table.data_rows()] == [""]
    finally:
        table.close()


def test_merges_are_read_in_order_whatever_order_the_file_lists_them():
    merged = MergedDown()
    for ref in (b"B6:B7", b"A2:A3", b"B2:B4"):
        merged.add_ref(ref)
    rows = [(2, ["x", "y"]), (3, ["", ""]), (4, ["", ""]), (6, ["", "z"]), (7, ["", ""]),
            (9, ["", ""])]
    assert [cells for _n, cells in filled(rows, merged)] == [
        ["x", "y"], ["x", "y"], ["", "y"], ["", "z"], ["", "z"], ["", ""]]


@pytest.mark.parametrize("saved_as", ["xlsx", "xls", "ods"])
def test_merges_land_in_their_column_when_the_sheet_starts_in_column_b(tmp_path, saved_as):
    """python-calamine's rows (.xls, .ods) leave out a sheet's empty first columns; its
    merges (and an .ods's spans) count them: the name merged down B2:B3 was read into the
    next column, the lot copied onto the row below, the name still missing."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for line in ([None, "Họ và tên", "Số lô"], [None, "Lê An", "L1"], [None, None, "L2"]):
        sheet.append(line)
    sheet.merge_cells("B2:B3")
    path = tmp_path / "cot-b.xlsx"
    book.save(path)
    if saved_as != "xlsx":
        path = convert(path, saved_as)
    table = open_table(path)
    try:
        rows = [cells for _n, cells in table.data_rows()]
        name = table.header.mapping["full_name"]  # column A kept by the stream, not calamine
    finally:
        table.close()
    assert [(cells[name], cells[name + 1]) for cells in rows] == [("Lê An", "L1"),
                                                                  ("Lê An", "L2")]
