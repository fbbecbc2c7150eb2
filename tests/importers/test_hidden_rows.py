"""Reading which rows a sheet hides from its XML (``importers/hidden_rows.py``), in the
pass that inflates it in pieces: wherever a piece is cut, whichever way the writer spells
it, and only a row's own attribute."""

from __future__ import annotations

import re
import zipfile

import pytest

from desktop_app.importers import unpacking
from desktop_app.importers.hidden_rows import HiddenRows, OdsScan, SheetScan, counted, split
from desktop_app.importers.reading import open_table
from tests.importers.sheets import person_row, write_xlsx

SHEET = (
    b'<?xml version="1.0"?><worksheet><sheetFormatPr/><cols>'
    b'<col min="2" max="2" hidden="1"/></cols><sheetData>'
    b'<row r="1" hidden="false" ht="15"><c r="A1" t="inlineStr"><is><t>a hidden="1" b</t>'
    b'</is></c></row>'
    b'<row r="3" customFormat="false" ht="15" hidden="true" customHeight="false">'
    b'<c r="A3"><v>1</v></c></row>'  # LibreOffice
    b'<row r="4" spans="1:12" hidden="1"><c r="A4"><v>2</v></c></row>'  # Excel, openpyxl
    b"<row r='5' hidden='true'/>"
    b'<x:row r="9" hidden="1"><x:c r="A9"><x:v>3</x:v></x:c></x:row>'  # a prefixed writer
    b'<row r="10" xhidden="1"><c r="A10"><v>4</v></c></row>'
    b'<row r="11" hidden="0"><c r="A11"><v>5</v></c></row>'
    b'</sheetData></worksheet>')


@pytest.mark.parametrize("size", [1, 2, 3, 7, 16, 64, len(SHEET)])
def test_a_rows_hidden_attribute_is_found_wherever_the_pieces_are_cut(size):
    scan = SheetScan()
    for at in range(0, len(SHEET), size):
        scan.feed(SHEET[at:at + size])
    assert list(scan.hidden.ranges()) == [(3, 4), (9, 9)]  # 5 has no cell: blank
    assert not scan.unnumbered


def test_rows_that_do_not_say_their_number_are_counted():
    """``r`` is optional on a row (the bench's own files leave it out): a row without it
    follows the row before."""
    xml = (b'<sheetData><row><c><v>1</v></c></row><row hidden="1"><c><v>2</v></c></row>'
           b'<row r="7"><c><v>3</v></c></row><row hidden="true"/><rowBreaks/></sheetData>')
    scan = SheetScan()
    scan.feed(xml)
    assert scan.unnumbered
    assert list(counted([xml[:20], xml[20:]]).ranges()) == [(2, 2)]  # 8 has no cell


def test_an_ods_sheet_counts_its_repeated_rows_and_hides_collapsed_and_filtered_ones():
    scan = OdsScan()
    scan.table(b'<table:table table:name="A &amp; B" table:style-name="ta1">')
    scan.row(b'<table:table-row table:number-rows-repeated="3">', 3)
    scan.row(b'<table:table-row table:visibility="collapse" '
             b'table:number-rows-repeated="2">', 2)
    scan.row(b'<table:table-row>', 1)
    scan.row(b'<table:table-row table:visibility="filter">', 1)
    scan.table(b'<table:table table:name="Other">')
    scan.row(b'<table:table-row table:visibility="visible">', 1)
    assert {k: list(v.ranges()) for k, v in scan.found().items()} == {"A & B": [(4, 5), (7, 7)]}


def test_hidden_rows_are_ranges_stepped_along_in_order():
    rows = HiddenRows()
    for first, last in ((3, 3), (4, 6), (10, 10), (1, 1)):  # one out of order
        rows.add(first, last)
    assert list(rows.ranges()) == [(1, 1), (3, 6), (10, 10)] and len(rows) == 6
    seen: list[int] = []
    kept = [n for n, _ in split(((n, []) for n in range(1, 12)), rows, seen)]
    assert kept == [2, 7, 8, 9, 11] and seen == [1, 3, 4, 5, 6, 10]


@pytest.mark.parametrize("saved_as", ["xlsx", "xls"])
def test_the_sheet_chosen_gets_its_own_hidden_rows(tmp_path, saved_as):
    """The workbook names each sheet's part (.xlsx) or the offset of its records (an old
    binary .xls, as LibreOffice saves it): the rows a second sheet hides are its own, under
    a name outside Latin-1 too (an .xls stores it as UTF-16)."""
    from openpyxl import load_workbook

    from tests.importers.wide_sheets import convert

    path = write_xlsx(tmp_path / "f.xlsx", [person_row(i, cccd=f"0010900001{i:02d}")
                                            for i in range(1, 5)])
    book = load_workbook(path)
    other = book.create_sheet("Phường Đống Đa")
    for i in range(1, 9):
        other.append([i])
    other.row_dimensions[7].hidden = True
    book.active.row_dimensions[3].hidden = True
    book.active.row_dimensions[6].hidden = True
    book.save(path)
    if saved_as == "xls":
        path = convert(path, "xls")
    assert list(open_table(path).hidden.ranges()) == [(3, 3), (6, 6)]
    assert list(open_table(path, "Phường Đống Đa").hidden.ranges()) == [(7, 7)]


def test_a_sheet_without_row_numbers_is_read_whole_again(tmp_path):
    """A hidden row in a sheet whose rows and cells leave out ``r`` (as the bench's files
    do): found by counting, as calamine counts the rows."""
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "f.xlsx", [person_row(i, cccd=f"0010900001{i:02d}")
                                            for i in range(1, 4)], title=[["DANH SÁCH"]])
    book = load_workbook(path)
    book.active.row_dimensions[4].hidden = True  # the second data row
    book.save(path)
    plain = tmp_path / "plain.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(plain, "w") as out:
        for part in src.infolist():
            data = src.read(part)
            if part.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'(<row|<c) r="[A-Z]*\d+"', rb"\1", data)
            out.writestr(part, data)
    looked = unpacking.checked(plain, streamed=True)
    assert {k: list(v.ranges()) for k, v in looked.hidden.items()} == {
        "xl/worksheets/sheet1.xml": [(4, 4)]}
    hidden: list[int] = []
    shown = [cells[4] for _n, cells in open_table(plain).visible_rows(hidden)]
    assert shown == ["001090000101", "001090000103"] and hidden == [4]


def test_an_xls_that_cannot_be_walked_hides_nothing(tmp_path):
    """Not an OLE file, or one without a workbook stream: no rows known hidden (calamine,
    which reads the rows, says what is wrong with the file)."""
    from desktop_app.importers.xls_hidden import hidden_in

    junk = tmp_path / "junk.xls"
    junk.write_bytes(b"not an ole file" * 100)
    assert len(hidden_in(junk, "Sheet1")) == 0
