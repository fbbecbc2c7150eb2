"""Rows the officer hid in the returned list (struck out, or left out by a filter), in a file
saved by openpyxl and by LibreOffice (.xlsx and .ods): the police import once read them as
any other and applied their answers. They are skipped unread, as the backfill skips the
rows a commune hid, and said: each row in the preview's list of rows not applied and the
command's lines, their count and numbers in the summary; their people stay sent, and are
not taken for people the police left out."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from desktop_app import cli
from desktop_app.db.models import CleaningCase, Person
from desktop_app.importers.police_file import WRITTEN
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.rules.messages import text
from desktop_app.services import police_apply, police_export, police_returned
from tests.cleaning.people import TODAY, paper
from tests.importers.wide_sheets import convert

RESULT, ID_VERIFIED = WRITTEN.index("Kết quả xác minh"), WRITTEN.index("Số giấy tờ (xác minh)")
NAMES = {"an": "Trần Thị An", "binh": "Lê Thị Bình", "cuc": "Đỗ Thị Cúc", "dung": "Vũ Thị Dung"}
HID = ("binh", "dung")  # the officer hid their rows
SAVED_BY = ("openpyxl", "libreoffice", "libreoffice-ods")


def hidden_back(db, boss, folder: Path, saved_by: str = "openpyxl"):
    """Four people without an ID number sent to the police, each given one; the officer
    hid Bình's and Dung's rows. Returns the people, the sheet rows hidden and the file."""
    people = {key: paper(db, full_name=name, id_number="") for key, name in NAMES.items()}
    given = {pid: make_cccd("001", Sex.FEMALE, 1985, 700 + n)
             for n, pid in enumerate(people.values())}
    out = folder / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    hidden = []
    for row in sheet.iter_rows(min_row=2):
        row[ID_VERIFIED].value, row[RESULT].value = given[row[0].value], "sai thông tin"
        if row[0].value in {people[k] for k in HID}:
            sheet.row_dimensions[row[0].row].hidden = True
            hidden.append(row[0].row)
    back = folder / "tra-ve.xlsx"
    book.save(back)
    if saved_by != "openpyxl":
        back = convert(back, "ods" if saved_by.endswith("ods") else "xlsx")
    return people, hidden, back


@pytest.mark.parametrize("saved_by", SAVED_BY)
def test_rows_the_officer_hid_are_skipped_said_and_not_applied(db, site, boss, tmp_path,
                                                                saved_by):
    people, hidden, back = hidden_back(db, boss, tmp_path, saved_by)
    assert len(hidden) == 2
    returned = police_returned.read_returned(db, back, "en", today=TODAY)
    assert sorted(r.full_name for r in returned.rows) == ["Trần Thị An", "Đỗ Thị Cúc"]
    assert returned.hidden == hidden
    assert returned.skipped == [(n, text("POLICE_ROW_HIDDEN", "en")) for n in hidden]
    assert returned.missing == []  # in the file, hidden: not left out by the police
    said = returned.summary("en")
    assert "4 rows: 0 matched, 2 to correct" in said and "2 skipped" in said, said
    rows = ", ".join(map(str, hidden))
    assert f"Skipped 2 rows hidden or struck through in the file (rows {rows})" in said, said

    outcome = police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    assert outcome.corrected == 2
    assert [n for n, _why in outcome.not_applied] == hidden
    with db.reading() as s:
        for key, pid in people.items():
            written = s.get(Person, pid).id_number is not None
            assert written is (key not in HID), key
            if key in HID:
                assert s.get(CleaningCase, pid).status == "sent"


def test_the_command_names_each_hidden_row_and_counts_them(db, site, boss, tmp_path, capsys):
    _people, hidden, back = hidden_back(db, boss, tmp_path)
    path = db.path
    db.close()
    assert cli.main(["--db", str(path), "--lang", "vi", "cleaning", "import", str(back)]) == 0
    said = capsys.readouterr().out
    for n in hidden:
        assert f"Dòng {n}: Dòng này bị ẩn trong tệp hoặc bị gạch ngang" in said, said
    assert ("Bỏ qua 2 dòng bị ẩn trong tệp hoặc bị gạch ngang "
            f"(dòng {hidden[0]}, {hidden[1]})") in said, said
    assert "Không có trong tệp trả về" not in said
