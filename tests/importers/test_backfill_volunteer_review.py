"""A volunteer's review of the backfill, 7 Dec 2026, with real files into a real SQLite
database: each test showed one defect before its fix."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from desktop_app.db.models import Person
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import ImportRefused, import_file
from desktop_app.services.backfill_report import save_reports
from tests.importers.sheets import person_row, write_xlsx
from tests.importers.wide_sheets import convert

TODAY = date(2026, 11, 23)
ASCII_HEADER = "STT,Ho va ten,Ngay sinh,Gioi tinh,So CCCD,Ten vac xin,Mui thu,Ngay tiem,Co so tiem"
ROWS = ["1,Nguyễn Thị Ánh,05/09/1990,Nữ,038190000001,Pfizer,1,01/08/2021,Trạm Y tế Xã A",
        "2,Đặng Văn Bảo,01/01/1985,Nam,038085000002,AstraZeneca,1,02/08/2021,Trạm Y tế Xã A",
        "3,Trương Thị Hường,01/01/1985,Nữ,038185000003,AstraZeneca,1,02/08/2021,Trạm Y tế Xã A"]


def _import(db, path, **kw):
    return drain(import_file(db, path, today=TODAY, actor=AT_THIS_LAPTOP, **kw))


def test_a_csv_saved_in_a_western_encoding_is_not_stored_with_question_marks_for_names(
        db, site, tmp_path):
    """Excel on a Windows set to English saves "CSV (Comma delimited)" in Windows-1252: every
    Vietnamese letter it lacks becomes "?" ("Nguy?n Th? Ánh", "??ng V?n B?o", "N?" for
    Nữ). The importer stored all three people so, flagged, and synced them: the file lost
    its letters and should be refused whole, saying to save it as "CSV UTF-8"."""
    path = tmp_path / "hoi-cuu.csv"
    path.write_bytes(("\n".join([ASCII_HEADER, *ROWS]) + "\n").encode("cp1252",
                                                                       errors="replace"))
    try:
        report = _import(db, path)
    except ImportRefused as refused:
        report = None
        assert refused.code == "IMPORT_CSV_LETTERS_LOST"
        assert "CSV UTF-8" in refused.message("vi")
    with db.reading() as s:
        names = list(s.scalars(select(Person.full_name)))
    assert not any("?" in n for n in names), (
        f"stored with the letters the encoding lost: {names}; "
        f"{report and [(i.sheet_row, i.code) for i in report.issues]}")


def test_a_sex_cell_that_is_not_read_says_what_it_holds_not_that_it_is_missing(
        db, site, tmp_path):
    """A sex coded as the platform's template codes it ("1"), or typed "Nam/Nữ" in one cell,
    is said as "Giới tính là bắt buộc (Nam hoặc Nữ)": the volunteer sees a filled cell
    called empty, where an unread date of birth is said with its value ("Ngày sinh “1990”
    không hợp lệ")."""
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1, sex="1", cccd="001190012345"),
                                            person_row(2, name="Lê Văn Bình", sex="Nam/Nữ",
                                                       cccd="001090012346")])
    report = _import(db, path)
    said = {i.sheet_row: i.message for i in report.issues}
    assert "“1”" in said.get(5, "") and "“Nam/Nữ”" in said.get(6, ""), said


def test_the_fixed_rows_file_imports_without_being_told_to_rename_its_own_error_column(
        db, site, tmp_path):
    """The "cần sửa" file is the importer's own (its "Lỗi" column is ignored on purpose):
    imported again once fixed, it is told "Không đọc 1 cột vì tên cột không khớp mẫu: “Lỗi”
    … hãy đổi tên cột theo mẫu … rồi nhập lại tệp", which sends the volunteer to rename a
    column that holds nothing to import and to import the file a third time."""
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1, cccd="001090000001"),
                                            person_row(2, name="Lê Thị Hoa", sex="Nữ",
                                                       cccd="001190000002",
                                                       vaccine="Vắc xin lạ")])
    first = _import(db, path)
    fix = tmp_path / "can-sua.xlsx"
    save_reports(first, fix_path=fix)
    book = load_workbook(fix)
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=headers.index("Tên vắc xin") + 1).value = "AstraZeneca"
    book.save(fix)
    again = _import(db, fix)
    assert again.counts["imported"] == 1
    assert not any("Lỗi" in note for note in again.notes), again.notes


def test_an_ede_name_keeps_the_capital_after_its_apostrophe(db, site, tmp_path):
    """Ê Đê and Jrai names (Đắk Lắk, Gia Lai) write a capital after the apostrophe, as the
    CCCD does: "H'Hen Niê", "Ksor H'Bia". Typed so in the file (or in capitals), the name
    was stored "H'hen Niê": the importer rewrote a correctly typed name into one that is on
    no identity paper, and the certificate prints it."""
    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, name="H'Hen Niê", sex="Nữ", cccd="066192000001"),
        person_row(2, name="KSOR H'BIA", sex="Nữ", cccd="064192000002")])
    _import(db, path)
    with db.reading() as s:
        stored = sorted(s.scalars(select(Person.full_name)))
    assert stored == ["H'Hen Niê", "Ksor H'Bia"], stored
def test_date_cells_an_english_excel_made_of_typed_dd_mm_are_not_stored_swapped_silently(
        db, site, tmp_path):
    """A clerk types "07/09/2021" (7 September) into an Excel or LibreOffice set to English:
    it becomes a date cell of 9 July; "30/09/2021", which no month-first calendar has, stays
    text. Such a column is date cells whose day is never above 12 beside dd/mm text whose
    day always is: the mark of every day-month swap. The importer trusted the date cells
    and stored 9 July, two months wrong, with no flag and no note; it now reads them back
    day first and says so."""
    from datetime import datetime

    from sqlalchemy import select as sel

    from desktop_app.db.models import Dose

    typed = [("Nguyễn Văn An", "001090000001", "25/08/2021", "02/10/2021"),
             ("Lê Văn Bình", "001090000002", "07/09/2021", "30/09/2021"),
             ("Trần Văn Cường", "001090000003", "15/08/2021", "11/10/2021"),
             ("Phạm Văn Dũng", "001090000004", "03/08/2021", "28/09/2021"),
             ("Hoàng Văn Em", "001090000005", "19/08/2021", "06/10/2021")]

    def as_english_excel_keeps(text):
        day, month, year = (int(x) for x in text.split("/"))
        return datetime(year, day, month) if day <= 12 else text  # read month first

    rows, n = [], 0
    for name, cccd, first, second in typed:
        for number, when in ((1, first), (2, second)):
            n += 1
            rows.append(person_row(n, name=name, cccd=cccd, dose=number,
                                   when=as_english_excel_keeps(when)))
    path = write_xlsx(tmp_path / "f.xlsx", rows)
    report = _import(db, path)
    with db.reading() as s:
        stored = {(name, number): when for name, number, when in s.execute(
            sel(Person.full_name, Dose.dose_number, Dose.dose_date).join(
                Dose, Dose.person_id == Person.id))}
    bình = stored.get(("Lê Văn Bình", 1))
    assert bình == date(2021, 9, 7), (
        f"Lê Văn Bình's dose 1 (typed 07/09/2021) stored as {bình}; notes {report.notes}")
    typed_as = {(name, number): date(*reversed([int(x) for x in when.split("/")]))
                for name, _cccd, *whens in typed for number, when in enumerate(whens, 1)}
    assert stored == typed_as  # every dose as typed, cells and text alike
    [said] = [n for n in report.notes if "Ngày tiêm" in n]
    assert "đổi ngày thành tháng" in said and "10/02/2021 được đọc là 02/10/2021" in said, said


@pytest.mark.parametrize("saved_by", ["openpyxl", "libreoffice"])
def test_a_row_the_commune_struck_through_is_not_imported_without_a_word(db, site, tmp_path,
                                                                           saved_by):
    """A commune strikes a row out (Excel's strikethrough, Ctrl+5: someone who never came, a
    row typed twice) as often as it hides it. A hidden row is skipped and said; a row
    struck through in every cell was imported as a dose given, with no line in the report:
    counted, synced, and printable on a certificate. It is skipped and said as a hidden row
    is; a row with one cell struck (a correction) is imported."""
    from openpyxl.styles import Font

    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, name="Nguyễn Văn An", cccd="001090000001"),
        person_row(2, name="Lê Văn Bình", cccd="001090000002"),  # struck out below
        person_row(3, name="Trần Văn Cường", cccd="001090000003")])
    book = load_workbook(path)
    for cell in book.active[6]:
        cell.font = Font(strike=True)
    book.save(path)
    book = load_workbook(path)
    book.active["B7"].font = Font(strike=True)  # one cell struck: a correction, not the row
    book.save(path)
    if saved_by == "libreoffice":  # it writes <strike val="true"/>, its own styles
        path = convert(path, "xlsx")
    report = _import(db, path)
    said = [i.code for i in report.issues if i.sheet_row == 6]
    with db.reading() as s:
        stored = sorted(s.scalars(select(Person.full_name)))
    assert stored == ["Nguyễn Văn An", "Trần Văn Cường"], stored
    assert said == ["HIDDEN_ROW_SKIPPED"], said
    [issue] = [i for i in report.issues if i.sheet_row == 6]
    assert "gạch ngang" in issue.message


