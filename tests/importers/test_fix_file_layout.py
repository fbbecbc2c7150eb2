"""The backfill's rows to fix open in Excel ready to work in: the header bold and in sight,
every column wide enough for its header and dates, dates as dates shown dd/mm/yyyy; and,
imported again once fixed, their dates are those the first import read."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_report import save_reports
from tests.importers.sheets import name_of, person_row, write_csv, write_xlsx
from tests.xlsx_layout import assert_laid_out

TODAY = date(2026, 11, 23)


def test_the_rows_to_fix_are_laid_out_with_their_dates_as_dates(db, site, tmp_path):
    path = write_xlsx(tmp_path / "hoi-cuu.xlsx", [
        person_row(1, dob=datetime(1990, 9, 5), when=datetime(2021, 8, 1)),
        person_row(2, "Trần Thị Bình", dob=datetime(1985, 2, 1), vaccine="Vắc xin lạ",
                   when=datetime(2021, 8, 2))])
    report = drain(import_file(db, path, today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))
    assert report.counts["rejected"] == 1
    fix_path = tmp_path / "can-sua.xlsx"
    save_reports(report, json_path=tmp_path / "r.json", fix_path=fix_path)
    sheet = load_workbook(fix_path).active
    assert [c.value for c in sheet[2]][1:3] == ["Trần Thị Bình", datetime(1985, 2, 1)]
    assert sheet["C2"].number_format == "DD/MM/YYYY"  # a birth date, no "00:00"
    assert assert_laid_out(sheet) == 2  # the birth and the dose date


def test_the_rows_to_fix_of_a_month_first_csv_go_back_on_the_dates_it_meant(db, site,
                                                                             tmp_path):
    """An English-locale CSV is read month first (and the report says so). A row rejected
    for its vaccine goes to can-sua.xlsx; the volunteer corrects the vaccine and imports
    can-sua.xlsx. Its dates are there as the import read them (dates, not "9/10/2021",
    which alone in its file shows no order and was read day first): the dose is stored on
    10 September and the birth on 4 March, not a month off without a word."""
    rows = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}", dob="9/25/1990",
                       when=f"8/{i + 12}/2021") for i in range(1, 6)]
    rows.append(person_row(9, name="Lê Văn Cường", cccd="001085000099", dob="3/4/1985",
                           when="9/10/2021", vaccine="Astra Zenca"))
    first = drain(import_file(db, write_csv(tmp_path / "f.csv", rows), today=TODAY,
                              actor=AT_THIS_LAPTOP))
    assert first.counts["rejected"] == 1 and len(first.notes) == 2  # read month first
    fix = tmp_path / "can-sua.xlsx"
    save_reports(first, fix_path=fix)
    book = load_workbook(fix)
    sheet = book.active
    assert sheet.cell(row=2, column=8).value == "Astra Zenca"
    sheet.cell(row=2, column=8).value = "AstraZeneca"  # the volunteer's fix
    book.save(fix)
    drain(import_file(db, fix, today=TODAY, actor=AT_THIS_LAPTOP))
    with db.reading() as s:
        stored = s.execute(select(Dose.dose_date, Person.dob).join(
            Person, Person.id == Dose.person_id).where(Person.full_name == "Lê Văn Cường")).all()
    assert [tuple(r) for r in stored] == [(date(2021, 9, 10), date(1985, 3, 4))]


def test_a_reason_naming_another_row_of_the_file_can_be_followed_from_the_fix_file(
        db, site, tmp_path):
    """An ID copied down onto the next person's row is refused, naming the row that holds it
    ("dòng N của tệp"): numbered as in the province's file. The fix workbook is another
    file, its rows numbered anew, so each row says where it stands in the province's."""
    path = write_xlsx(tmp_path / "hoi-cuu.xlsx", [
        person_row(1, cccd="001190012345"), person_row(2), person_row(3),
        person_row(4, "Trần Thị Bình", cccd="001190012345", sex="Nữ")])
    report = drain(import_file(db, path, today=TODAY, actor=AT_THIS_LAPTOP))
    [refused] = [i for i in report.issues if i.outcome == "rejected"]
    first = refused.sheet_row - 3  # person_row(1)'s row in the province's file
    assert f"dòng {first} của tệp" in refused.message
    fix_path = tmp_path / "can-sua.xlsx"
    save_reports(report, fix_path=fix_path)
    sheet = load_workbook(fix_path).active
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["Dòng ở tệp gốc", "Lỗi"]
    row = [c.value for c in sheet[2]]
    assert row[1] == "Trần Thị Bình" and row[-2] == refused.sheet_row != 2
    assert f"dòng {first} của tệp" in row[-1]


def test_the_fix_file_of_a_sheet_whose_columns_were_chosen_reads_with_those_columns(
        db, site, tmp_path):
    """A commune's template heads its dose number "Lần tiêm" and its dose date "Ngày
    chích": the volunteer chose both columns in the Backfill area. The fix file copied the
    commune's headers, so the fixed rows came back with those columns not understood (her
    dose 1 stored as her next, or nothing imported until every column was chosen again).
    It heads them with the template's names now."""
    from desktop_app.services.backfill_preview import preview_file

    headers = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND", "Số điện thoại",
               "Địa chỉ", "Tên vắc xin", "Số lô", "Lần tiêm", "Ngày chích", "Cơ sở tiêm"]
    bich = {"name": "Trần Thị Bích", "sex": "Nữ", "cccd": "001190012345"}
    path = write_xlsx(tmp_path / "xa.xlsx", [
        person_row(1, **bich, dose=1, vaccine="Astra Zeneka XX", when="01/08/2021"),
        person_row(2, **bich, dose=2, vaccine="AstraZeneca", when="05/09/2021")],
        headers=headers)
    mapping = preview_file(path).mapping
    assert "dose_number" not in mapping and "dose_date" not in mapping
    mapping |= {"dose_number": 9, "dose_date": 10}  # chosen in the area
    first = drain(import_file(db, path, mapping=mapping, today=TODAY,
                              actor=AT_THIS_LAPTOP))
    assert first.counts["rejected"] == 1
    save_reports(first, fix_path=tmp_path / "can-sua.xlsx")
    found = preview_file(tmp_path / "can-sua.xlsx").mapping
    assert found.get("dose_number") == 9 and found.get("dose_date") == 10, found
