"""Wide provincial templates (a column group per dose), old .xls and IDs Excel turned into
numbers: the same outcomes, report and fix file as the long layout, counted in doses."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.progress import drain
from desktop_app.rules.numeric_ids import id_from_number
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_report import save_reports
from tests.importers.sheets import person_row, write_xlsx
from tests.importers.wide_sheets import DOSE, PERSON, PLACE, convert, dose, person, write_wide_xlsx

TODAY = date(2026, 11, 23)
HOA = ("Lê Thị Hoa", "12/03/1990", "Nữ")


def _import(db, path, **kw):
    return drain(import_file(db, path, today=TODAY, **kw, actor=AT_THIS_LAPTOP))


def _doses(db):
    with db.reading() as s:
        return sorted(s.execute(select(Person.full_name, Person.id_number, Dose.dose_number,
                                       Dose.dose_date, Dose.product_code, Dose.lot_number,
                                       Dose.facility_name).join(Dose, Dose.person_id == Person.id)))


ROWS = [
    person(1, *HOA, 1190012345, dose("01/08/2021"), dose("05/09/2021"),
           dose("20/03/2022", "Pfizer", "FK0001")),
    person(2, "Trần Văn Bình", date(1985, 2, 1), "Nam", 38085000042,
           dose(date(2021, 10, 15), "Pfizer", "FK0002")),
]


def test_a_wide_sheet_with_merged_headers_is_one_outcome_per_dose(db, site, tmp_path):
    report = _import(db, write_wide_xlsx(tmp_path / "wide.xlsx", ROWS))
    assert report.counts == {"imported": 4, "flagged": 0, "duplicate": 0, "rejected": 0,
                             "corrected": 0}, report.issues
    assert report.rows_read == 2 and report.header_row == 5  # the lower header row
    assert _doses(db) == [
        ("Lê Thị Hoa", "001190012345", 1, date(2021, 8, 1), "VAXZEVRIA", "AB1234",
         "Trạm Y tế Phường Ba Đình"),
        ("Lê Thị Hoa", "001190012345", 2, date(2021, 9, 5), "VAXZEVRIA", "AB1234",
         "Trạm Y tế Phường Ba Đình"),
        ("Lê Thị Hoa", "001190012345", 3, date(2022, 3, 20), "COMIRNATY", "FK0001",
         "Trạm Y tế Phường Ba Đình"),
        ("Trần Văn Bình", "038085000042", 1, date(2021, 10, 15), "COMIRNATY", "FK0002",
         "Trạm Y tế Phường Ba Đình"),
    ]
    # Imported again: every dose a duplicate, nothing stored twice.
    again = _import(db, tmp_path / "wide.xlsx")
    assert again.counts["duplicate"] == 4 and again.stored == 0
    assert {(i.sheet_row, i.dose) for i in again.issues} == {(6, 1), (6, 2), (6, 3), (7, 1)}


def test_a_wide_rows_entries_say_which_dose_and_its_fix_row_lists_every_reason(
        db, site, tmp_path):
    rows = [person(1, *HOA, "001190012345", dose("01/08/2021"), dose("32/13/2021"),
                   dose("20/03/2022", "Vắc xin lạ")),
            person(2, "Trần Văn Bình", "01/02/1985", "Nam", "", dose("15/10/2021")),
            person(3, "Phạm Thị Thu", "", "Nữ", "", groups=3),  # a person with no dose
            ["", "", "", "", "", "", ""] + [""] * 12]  # a template's blank row
    path = write_wide_xlsx(tmp_path / "wide.xlsx", rows)
    report = _import(db, path)
    assert report.counts == {"imported": 1, "flagged": 1, "duplicate": 0, "rejected": 3,
                             "corrected": 0}
    got = {(i.sheet_row, i.dose): (i.outcome, i.code) for i in report.issues}
    assert got == {(6, 2): ("rejected", "DOSE_DATE_INVALID"),
                   (6, 3): ("rejected", "PRODUCT_UNKNOWN"),
                   (7, 1): ("flagged", "ID_NUMBER_REQUIRED"),
                   (8, 1): ("rejected", "DOSE_DATE_REQUIRED")}
    json_path, fix_path = tmp_path / "r.json", tmp_path / "fix.xlsx"
    save_reports(report, json_path=json_path, fix_path=fix_path)
    body = json.loads(json_path.read_text(encoding="utf-8"))
    assert body["counts"]["rejected"] == 3
    assert [(r["sheet_row"], r["dose"]) for r in body["rows"]] == [(6, 2), (6, 3), (7, 1),
                                                                   (8, 1)]
    from openpyxl import load_workbook

    fix = list(load_workbook(fix_path).active.iter_rows(values_only=True))
    assert fix[0][7] == "Mũi 1 - Ngày tiêm" and fix[0][-1] == "Lỗi"
    assert [r[1] for r in fix[1:]] == ["Lê Thị Hoa", "Phạm Thị Thu"]  # each row once
    assert fix[1][-1].startswith("Mũi 2: ") and " Mũi 3: " in fix[1][-1]
    # The fix file, corrected, imports as a wide sheet of one header row.
    from openpyxl import Workbook

    book = Workbook()
    for line in fix[:2]:
        book.active.append(list(line))
    book.active["L2"] = "05/09/2021"
    book.active["Q2"] = "AstraZeneca"
    book.save(tmp_path / "fixed.xlsx")
    fixed = _import(db, tmp_path / "fixed.xlsx")
    assert fixed.counts == {"imported": 2, "flagged": 0, "duplicate": 1, "rejected": 0,
                            "corrected": 0}, fixed.issues


def test_one_row_headers_naming_the_dose_and_a_person_level_place(db, site, tmp_path):
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "CCCD", "Cơ sở tiêm",
               "Ngày tiêm mũi 1", "Vắc xin mũi 1", "Ngày tiêm mũi 2", "Vắc xin mũi 2"]
    rows = [["Lê Thị Hoa", "12/03/1990", "Nữ", "001190012345", "Trạm Y tế Xã Đông Sơn",
             "01/08/2021", "Moderna", "05/09/2021", "Moderna"]]
    report = _import(db, write_xlsx(tmp_path / "one.xlsx", rows, headers=headers))
    assert report.counts["imported"] == 2
    assert {(d[2], d[4], d[6]) for d in _doses(db)} == {
        (1, "SPIKEVAX", "Trạm Y tế Xã Đông Sơn"), (2, "SPIKEVAX", "Trạm Y tế Xã Đông Sơn")}


def test_a_long_sheet_is_still_read_as_one_dose_a_row(db, site, tmp_path):
    path = write_xlsx(tmp_path / "long.xlsx", [person_row(1, dose="Mũi 1"),
                                               person_row(2, dose="Mũi 2", when="05/09/2021")])
    report = _import(db, path)
    assert report.counts["imported"] == 2 and report.header_row == 4
    assert all(i.dose is None for i in report.issues)


@pytest.mark.parametrize("number, expected", [
    (1090012345, ("001090012345", "CCCD")),  # two zeros gone, Hà Nội's 001
    (38190000123, ("038190000123", "CCCD")),  # one zero gone, Thanh Hóa's 038
    (38190000123.0, ("038190000123", "CCCD")),  # as .xls and calamine give it
    (79201000042, ("079201000042", "CCCD")),
    (3190000123, ("3190000123", "CCCD")),  # would be 003: no such province, kept to flag
    (99190000123, ("99190000123", "CCCD")),  # would be 099: no such province
    (79085000042 * 10, ("790850000420", "CCCD")),  # 12 digits: as it is
    (12345678, ("012345678", "CMND")),  # a CMND lost its zero
    (123456789, ("123456789", "CMND")),
    (1234567, ("1234567", "CMND")),  # would be 00...: flagged, not guessed
])
def test_numbers_get_their_zeros_back_only_when_the_province_code_says_so(number, expected):
    assert id_from_number(number) == expected


def test_an_id_that_cannot_be_restored_is_flagged_with_its_digits(db, site, tmp_path):
    rows = [person(1, *HOA, 99190000123, dose("01/08/2021"))]
    report = _import(db, write_wide_xlsx(tmp_path / "wide.xlsx", rows))
    assert report.counts["flagged"] == 1
    assert report.issues[0].code == "ID_WRONG_LENGTH" and "99190000123" in \
        report.issues[0].message


def test_an_old_xls_saved_by_libreoffice_keeps_its_merged_header(db, site, tmp_path):
    xls = convert(write_wide_xlsx(tmp_path / "wide.xlsx", ROWS), "xls")
    xls = xls.rename(tmp_path / "tỉnh.xls")
    (tmp_path / "wide.xlsx").unlink()
    report = _import(db, xls)
    assert report.counts["imported"] == 4, report.issues
    assert {(d[0], d[1], d[2]) for d in _doses(db)} == {
        ("Lê Thị Hoa", "001190012345", 1), ("Lê Thị Hoa", "001190012345", 2),
        ("Lê Thị Hoa", "001190012345", 3), ("Trần Văn Bình", "038085000042", 1)}


def test_a_wide_xlsx_saved_by_libreoffice_keeps_its_merged_two_row_header(db, site, tmp_path):
    # Ours (openpyxl) opened and saved by LibreOffice, through .ods so that the .xlsx read is
    # LibreOffice's own writing of the merged "Mũi 1/2/3" cells, not openpyxl's.
    ods = convert(write_wide_xlsx(tmp_path / "wide.xlsx", ROWS), "ods")
    (tmp_path / "wide.xlsx").unlink()
    xlsx = convert(ods, "xlsx")
    report = _import(db, xlsx)
    assert report.counts == {"imported": 4, "flagged": 0, "duplicate": 0, "rejected": 0,
                             "corrected": 0}, report.issues
    assert report.header_row == 5  # the lower header row, as in openpyxl's file
    assert {(d[0], d[1], d[2], d[4]) for d in _doses(db)} == {
        ("Lê Thị Hoa", "001190012345", 1, "VAXZEVRIA"),
        ("Lê Thị Hoa", "001190012345", 2, "VAXZEVRIA"),
        ("Lê Thị Hoa", "001190012345", 3, "COMIRNATY"),
        ("Trần Văn Bình", "038085000042", 1, "COMIRNATY")}


def test_a_csv_opened_and_saved_by_libreoffice_lost_the_zeros_and_gets_them_back(
        db, site, tmp_path):
    import csv

    source = tmp_path / "ds.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow([f"Mũi {n} - {h}" if n else h for n, h in
                      [(0, h) for h in PERSON] + [(n, h) for n in (1, 2) for h in DOSE]])
        out.writerow([1, *HOA, "001190012345", "0912345678", "Ba Đình",
                      "01/08/2021", "AstraZeneca", "AB1", "Trạm Y tế Phường Ba Đình",
                      "05/09/2021", "AstraZeneca", "AB2", "Trạm Y tế Phường Ba Đình"])
        out.writerow([2, "Nguyễn Văn Nam", "02/01/1962", "Nam", "12345678", "", "",
                      "15/10/2021", "Pfizer", "FK1", "", "", "", "", ""])
    xlsx = convert(source, "xlsx")
    from python_calamine import CalamineWorkbook

    raw = list(CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).iter_rows())
    assert raw[1][4] == 1190012345.0  # as LibreOffice saved it: a number, zeros gone
    source.unlink()
    report = _import(db, xlsx)
    assert report.counts == {"imported": 3, "flagged": 0, "duplicate": 0, "rejected": 0,
                             "corrected": 0}, report.issues
    assert {(d[0], d[1]) for d in _doses(db)} == {("Lê Thị Hoa", "001190012345"),
                                                  ("Nguyễn Văn Nam", "012345678")}


def test_chua_tiem_under_a_dose_is_no_dose_not_a_date_to_fix(db, site, tmp_path):
    """A commune writes "Chưa tiêm" under "Mũi 3" for a dose not given: it was refused as a
    dose whose date is "Chưa tiêm" (the row to fix, though nothing is wrong with it). Said
    beside a vaccine it is still a date to fix: a dose may have been given."""
    path = write_wide_xlsx(tmp_path / "chua-tiem.xlsx", [
        person(1, *HOA, "001190012345", dose("01/08/2021"), dose("05/09/2021"),
               ["Chưa tiêm", "", "", ""]),
        person(2, "Trần Văn Bình", "01/02/1985", "Nam", "001085000042", dose("15/10/2021"),
               ["KHÔNG TIÊM", None, None, None], ["Chưa tiêm", "Pfizer", "", ""])])
    report = _import(db, path)
    assert report.counts == {"imported": 3, "flagged": 0, "duplicate": 0, "rejected": 1,
                             "corrected": 0}, [i.message for i in report.issues]
    [refused] = report.issues
    assert (refused.sheet_row, refused.dose, refused.code) == (7, 3, "DOSE_DATE_INVALID")


def test_booster_groups_take_the_numbers_after_the_doses_before_them(db, site, tmp_path):
    """A template's "Mũi nhắc lại lần 1/2" (or "Mũi bổ sung") groups were taken for the
    person's columns and every booster dropped, the import saying all was well (a
    reviewer's sheet: 3 of 7 doses lost). Each is a dose group now; a booster has no number
    of its own (booster 1 is dose 2, 3 or 4 by the vaccine), so it takes the person's next
    one, as "Mũi nhắc lại" on a long sheet does."""
    rows = [person(1, *HOA, "001190012345", dose("01/08/2021"), dose("05/09/2021"),
                   dose("20/03/2022", "Pfizer", "FK0001"), dose("01/09/2022", "Moderna", "M4"),
                   groups=4),
            person(2, "Trần Văn Bình", "01/02/1985", "Nam", "038085000042",
                   dose("15/09/2021", "Pfizer", "FK0002"), dose("15/10/2021", "Pfizer", "FK3"),
                   dose("15/04/2022", "Pfizer", "FK4"), groups=4)]
    path = write_wide_xlsx(tmp_path / "boosters.xlsx", rows, titles=[
        "Mũi thứ nhất", "Mũi thứ hai", "Mũi nhắc lại lần 1", "MŨI NHẮC LẠI LẦN 2"])
    report = _import(db, path)
    assert report.counts["imported"] == 7, report.issues
    assert [(d[0], d[2], d[3], d[4]) for d in _doses(db)] == [
        ("Lê Thị Hoa", 1, date(2021, 8, 1), "VAXZEVRIA"),
        ("Lê Thị Hoa", 2, date(2021, 9, 5), "VAXZEVRIA"),
        ("Lê Thị Hoa", 3, date(2022, 3, 20), "COMIRNATY"),
        ("Lê Thị Hoa", 4, date(2022, 9, 1), "SPIKEVAX"),
        ("Trần Văn Bình", 1, date(2021, 9, 15), "COMIRNATY"),
        ("Trần Văn Bình", 2, date(2021, 10, 15), "COMIRNATY"),
        ("Trần Văn Bình", 3, date(2022, 4, 15), "COMIRNATY")]
    assert not report.notes  # every column read


def test_a_booster_after_a_blank_dose_group_is_stored_next_and_flagged(db, site, tmp_path):
    """A blank "Mũi 2" before "Mũi nhắc lại lần 1": the booster came out as dose 2 of a
    two-dose series, unflagged, and a certificate printed the series as completed."""
    rows = [person(1, *HOA, "001190012345", dose("01/08/2021"), ["", "", "", ""],
                   dose("20/03/2022", "Pfizer", "FK0001"), groups=3)]
    path = write_wide_xlsx(tmp_path / "gap.xlsx", rows, titles=[
        "Mũi 1", "Mũi 2", "Mũi nhắc lại lần 1"])
    report = _import(db, path)
    assert (report.counts["imported"], report.counts["flagged"]) == (1, 1), report.issues
    # The report names the sheet's group (the third), and says it is stored as dose 2.
    assert [(i.code, i.dose) for i in report.issues] == [("DOSE_BOOSTER_IN_SERIES", 3)]
    assert "được lưu là mũi 2" in report.issues[0].message
    assert [(d[2], d[4]) for d in _doses(db)] == [(1, "VAXZEVRIA"), (2, "COMIRNATY")]
    with db.reading() as s:
        assert s.scalar(select(Person.cleaning_reason)) == "DOSE_BOOSTER_IN_SERIES"


def test_one_row_headers_naming_a_booster(db, site, tmp_path):
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "CCCD", "Ngày tiêm mũi 1",
               "Vắc xin mũi 1", "Ngày tiêm mũi bổ sung", "Vắc xin mũi bổ sung",
               "Mũi nhắc lại 1 - Ngày tiêm", "Mũi nhắc lại 1 - Tên vắc xin"]
    rows = [["Lê Thị Hoa", "12/03/1990", "Nữ", "001190012345", "01/08/2021", "Vero Cell",
             "05/09/2021", "Vero Cell", "20/03/2022", "Pfizer"]]
    report = _import(db, write_xlsx(tmp_path / "one.xlsx", rows, headers=headers))
    assert report.counts["imported"] == 2 and report.counts["flagged"] == 1, report.issues
    assert [(d[2], d[4]) for d in _doses(db)] == [(1, "VEROCELL"), (2, "VEROCELL"),
                                                  (3, "COMIRNATY")]
    # "bổ sung" after a first dose of two: stored as dose 2, for someone to check.
    assert [(i.code, i.dose) for i in report.issues] == [("DOSE_BOOSTER_IN_SERIES", 2)]


def test_a_group_heading_it_cannot_read_leaves_its_columns_named_not_read(db, site, tmp_path):
    """Its columns were taken as the person's: unread, and the report names them."""
    rows = [person(1, *HOA, "001190012345", dose("01/08/2021"), dose("05/09/2021"),
                   dose("20/03/2022", "Pfizer", "FK0001"))]
    path = write_wide_xlsx(tmp_path / "odd.xlsx", rows, titles=["Mũi 1", "Mũi 2", "Đợt 3"])
    report = _import(db, path)
    assert report.counts["imported"] == 2
    assert len(report.notes) == 1 and "Đợt 3 - Ngày tiêm" in report.notes[0] \
        and "Đợt 3 - Nơi tiêm" in report.notes[0], report.notes


def test_a_cccd_column_beside_an_old_cmnd_column_is_read_and_the_cmnd_where_it_is_blank(
        db, site, tmp_path):
    """A template with "Số CMND" and "Số CCCD" apart: the first was read and the CCCD
    column dropped ("not read", as if no alias fitted): a person with a CCCD alone was
    stored with no ID, one with both under the old CMND (a reviewer's file)."""
    headers = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CMND", "Số CCCD",
               "Tên vắc xin", "Mũi thứ", "Ngày tiêm", "Cơ sở tiêm"]
    rows = [[1, "Nguyễn Văn An", "05/09/1990", "Nam", "012345678", "001090012345",
             "AstraZeneca", 1, "01/08/2021", PLACE],
            [2, "Trần Thị Bình", "12/03/1985", "Nữ", "", "038185000123", "Pfizer", 1,
             "15/09/2021", PLACE],
            [3, "Lê Văn Cường", "02/01/1970", "Nam", "187654321", "", "Vero Cell", 1,
             "01/10/2021", PLACE]]
    report = _import(db, write_xlsx(tmp_path / "two-ids.xlsx", rows, headers=headers))
    assert report.counts["rejected"] == 0 and not report.notes, (report.issues, report.notes)
    assert sorted({(d[0], d[1]) for d in _doses(db)}) == [
        ("Lê Văn Cường", "187654321"), ("Nguyễn Văn An", "001090012345"),
        ("Trần Thị Bình", "038185000123")]


def test_a_wide_sheet_with_the_cccd_and_the_old_cmnd_apart(db, site, tmp_path):
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "CMND", "CCCD", "Ngày tiêm mũi 1",
               "Vắc xin mũi 1", "Ngày tiêm mũi 2", "Vắc xin mũi 2"]
    rows = [["Lê Thị Hoa", "12/03/1990", "Nữ", "", "001190012345", "01/08/2021", "Moderna",
             "05/09/2021", "Moderna"],
            ["Lê Văn Cường", "02/01/1970", "Nam", "187654321", "", "01/10/2021",
             "Vero Cell", "", ""]]
    report = _import(db, write_xlsx(tmp_path / "wide-ids.xlsx", rows, headers=headers))
    assert report.counts["imported"] == 3, report.issues
    assert sorted({(d[0], d[1]) for d in _doses(db)}) == [
        ("Lê Thị Hoa", "001190012345"), ("Lê Văn Cường", "187654321")]


def test_a_lone_booster_column_beside_one_row_dose_headings_is_no_two_row_header(
        db, site, tmp_path):
    """A column headed "Mũi nhắc lại" matched the booster groups' heading, the next row was
    taken for a lower header, and the file was refused (a second reviewer)."""
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "CCCD", "Ngày tiêm mũi 1",
               "Vắc xin mũi 1", "Ngày tiêm mũi 2", "Vắc xin mũi 2", "Mũi nhắc lại"]
    rows = [["Lê Thị Hoa", "12/03/1990", "Nữ", "001190012345", "01/08/2021", "Moderna",
             "05/09/2021", "Moderna", "Chưa"]]
    report = _import(db, write_xlsx(tmp_path / "lone.xlsx", rows, headers=headers))
    assert report.counts["imported"] == 2, report.issues


def test_a_heading_over_columns_every_dose_shares_reads_them_as_the_rows(db, site, tmp_path):
    """"Đợt tiêm" over the vaccine and the place (no date: not a dose of its own) was left
    unread, every dose refused for want of a vaccine (a second reviewer); it is the row's,
    as before, and "Đợt 3" over a date of its own stays unread."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Đợt tiêm", None,
                  "Mũi 1", None, "Mũi 2", None])
    sheet.append([None, None, None, None, "Tên vắc xin", "Cơ sở tiêm", "Ngày tiêm", "Số lô",
                  "Ngày tiêm", "Số lô"])
    for column in range(1, 5):
        sheet.merge_cells(start_row=1, end_row=2, start_column=column, end_column=column)
    for first in (5, 7, 9):
        sheet.merge_cells(start_row=1, end_row=1, start_column=first, end_column=first + 1)
    sheet.append(["Lê Thị Hoa", "12/03/1990", "Nữ", "001190012345", "Moderna", PLACE,
                  "01/08/2021", "L1", "05/09/2021", "L2"])
    book.save(tmp_path / "shared.xlsx")
    report = _import(db, tmp_path / "shared.xlsx")
    assert report.counts["imported"] == 2, report.issues
    assert {(d[2], d[4], d[6]) for d in _doses(db)} == {(1, "SPIKEVAX", PLACE),
                                                        (2, "SPIKEVAX", PLACE)}


def test_the_cccd_and_the_old_cmnd_under_one_merged_heading_of_a_long_sheet():
    """"CMND | CCCD" under a merged "Số giấy tờ" took the CMND alone (a second reviewer)."""
    from desktop_app.importers.headers import ID_ELSE, find_header

    found = find_header([
        ["Họ và tên", "Ngày sinh", "Giới tính", "Số giấy tờ", None, "Thông tin mũi tiêm",
         None, None],
        [None, None, None, "CMND", "CCCD", "Tên vắc xin", "Mũi thứ", "Ngày tiêm"],
        ["Lê Văn Cường", "02/01/1970", "Nam", "187654321", "", "Vero Cell", 1, "01/10/2021"]])
    assert found is not None
    assert (found.mapping["id_number"], found.mapping[ID_ELSE]) == (4, 3)


BLANK_GROUP = ["", "", "", ""]


def _boosted(db, tmp_path, groups, titles):
    rows = [person(1, *HOA, "001190012345", *groups, groups=len(titles))]
    report = _import(db, write_wide_xlsx(tmp_path / "b.xlsx", rows, titles=titles))
    return [(d[2], d[4]) for d in _doses(db)], [(i.code, i.dose) for i in report.issues]


@pytest.mark.parametrize(("groups", "titles", "issues"), [
    # One Janssen dose is a whole series: its booster is no gap.
    ([dose("01/08/2021", "Janssen", "J1"), dose("20/03/2022", "Pfizer", "FK0001")],
     ["Mũi 1", "Mũi nhắc lại lần 1"], []),
    # Two Abdala doses of three, a blank "Mũi 3": the booster would print 3/3.
    ([dose("01/08/2021", "Abdala", "A1"), dose("20/08/2021", "Abdala", "A1"), BLANK_GROUP,
      dose("20/03/2022", "Pfizer", "FK0001")],
     ["Mũi 1", "Mũi 2", "Mũi 3", "Mũi nhắc lại lần 1"], [("DOSE_BOOSTER_IN_SERIES", 4)]),
    # Vaxzevria's two, a blank "Mũi 2", a Janssen booster: a gap whatever the booster.
    ([dose("01/08/2021"), BLANK_GROUP, dose("20/03/2022", "Janssen", "J1")],
     ["Mũi 1", "Mũi 2", "Mũi nhắc lại lần 1"], [("DOSE_BOOSTER_IN_SERIES", 3)]),
])
def test_a_boosters_gap_is_judged_by_the_series_dose_1_began(db, site, tmp_path, groups,
                                                             titles, issues):
    """The first version judged the series by the booster's own vaccine: Janssen then Pfizer
    was flagged, Abdala's third dose missing was not (a review)."""
    _doses_stored, said = _boosted(db, tmp_path, groups, titles)
    assert said == issues


def test_a_recorded_persons_one_dose_series_needs_no_flag_on_a_later_booster(db, site,
                                                                            tmp_path):
    _import(db, write_xlsx(tmp_path / "j.xlsx", [person_row(1, cccd="001090012345",
                                                            vaccine="Janssen")]))
    report = _import(db, write_xlsx(tmp_path / "b.xlsx", [person_row(
        1, cccd="001090012345", vaccine="Pfizer", dose="Mũi nhắc lại", when="20/03/2022")]))
    assert report.counts["imported"] == 1 and not report.issues, report.issues
