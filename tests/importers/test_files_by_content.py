"""A backfill file is read as what it is, not as what its name says: an .xlsx a health
system exported under ".xls", an old .xls renamed ".xlsx", tab-separated text called
".xls"; a web page under a spreadsheet's name is refused saying what it is."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import Dose, Person
from desktop_app.importers.reading import sheet_names
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import ImportRefused, import_file, inspect_file
from tests.importers.sheets import person_row, write_csv, write_xlsx

ROWS = [person_row(1, name="Đặng Thị Ngọc Hưởng", cccd="001190012345", sex="Nữ"),
        person_row(2, name="Trần Văn Bình", cccd="079085000042", dob="01/02/1985")]


def _imported(db, path):
    report = drain(import_file(db, path, today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))
    with db.reading() as s:
        names = sorted(s.scalars(select(Person.full_name)))
    return report, names


@pytest.fixture
def own_temp(tmp_path, monkeypatch):
    """The temp folder the reading copies into, to see it left clean."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_an_xlsx_saved_under_xls_imports_and_leaves_no_copy(db, site, tmp_path, own_temp):
    path = tmp_path / "xuat-tu-he-thong.xls"
    shutil.move(write_xlsx(tmp_path / "f.xlsx", ROWS), path)
    report, names = _imported(db, path)
    assert report.counts["imported"] == 2, report.issues
    assert names == ["Trần Văn Bình", "Đặng Thị Ngọc Hưởng"]
    assert report.sheet == "Hồi cứu"
    assert list(own_temp.iterdir()) == []  # the renamed copy went with the table


def test_an_old_xls_renamed_xlsx_imports(db, site, tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for r, line in enumerate([["DANH SÁCH"], [], *_header_and(ROWS)]):
        for c, value in enumerate(line):
            sheet.write(r, c, value)
    book.save(str(tmp_path / "f.xls"))
    path = tmp_path / "doi-ten.xlsx"
    shutil.move(tmp_path / "f.xls", path)
    report, names = _imported(db, path)
    assert report.counts["imported"] == 2, report.issues
    assert names == ["Trần Văn Bình", "Đặng Thị Ngọc Hưởng"]


def test_tab_separated_text_called_xls_imports_and_names_the_file(db, site, tmp_path):
    text = write_csv(tmp_path / "f.csv", ROWS, delimiter="\t")
    path = tmp_path / "danh-sach.xls"
    shutil.move(text, path)
    report, names = _imported(db, path)
    assert report.counts["imported"] == 2, report.issues
    assert report.sheet == "danh-sach.xls"  # the file as the volunteer knows it


@pytest.mark.parametrize("content", [
    b"<html><head><meta charset='utf-8'></head><body><table><tr><td>H\xe1\xbb\x8d</td>"
    b"</tr></table></body></html>",
    b'\xef\xbb\xbf<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:'
    b'office:spreadsheet"></Workbook>',
])
def test_a_web_page_called_xls_is_refused_saying_what_it_is(db, site, tmp_path, content):
    path = tmp_path / "bao-cao.xls"
    path.write_bytes(content)
    with pytest.raises(ImportRefused) as caught:
        inspect_file(path)
    assert caught.value.code == "IMPORT_FILE_WEB_PAGE"
    message = caught.value.message("vi")
    assert "bao-cao.xls" in message and "trang web" in message and ".xlsx" in message
    with pytest.raises(ImportRefused):
        drain(import_file(db, path, today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Dose)) == 0


def test_a_damaged_workbook_is_still_called_damaged(tmp_path):
    cut = tmp_path / "hong.xls"
    cut.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 100)
    with pytest.raises(ImportRefused) as caught:
        inspect_file(cut)
    assert caught.value.code == "IMPORT_FILE_DAMAGED" and "hong.xls" in caught.value.message("vi")


def test_the_sheets_of_a_misnamed_workbook_are_listed(tmp_path):
    path = tmp_path / "tra-ve.xls"
    shutil.move(write_xlsx(tmp_path / "f.xlsx", ROWS), path)
    assert sheet_names(path) == ["Hồi cứu"]


def _header_and(rows):
    from tests.importers.sheets import HEADERS

    return [HEADERS, *rows]
