"""Cells as other programs write them, through real files and the real import: dates a
month-first CSV holds, a child's vaccine named with its ages, a header of two rows, an ID
Excel wrote in scientific notation. What is stored is read back with raw SQL."""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop_app.importers import date_order
from desktop_app.progress import drain
from desktop_app.rules.catalogue import default_catalogue
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import cleaning
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_batch import HANDED_KEPT
from desktop_app.services.backfill_corrections import apply_held
from desktop_app.services.backfill_preview import judge_sample, preview_file, preview_notes
from desktop_app.services.backfill_report import save_reports
from tests import forked
from tests.importers.sheets import (
    HEADERS,
    person_row,
    write_csv,
    write_two_row_header,
    write_xlsx,
)
from tests.importers.wide_sheets import soffice
from tests.keys import ensure_test_supervisor, raw_connect

TODAY = date(2026, 11, 23)
US_HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND", "Tên vắc xin",
              "Mũi thứ", "Ngày tiêm", "Cơ sở tiêm"]


def _import(db, path, **kw):
    return drain(import_file(db, path, today=TODAY, **kw, actor=AT_THIS_LAPTOP))


def _stored(db):
    """(name, date of birth, ID, product, dose number, dose date, cleaning reason), as the
    database holds them."""
    with raw_connect(db.path) as conn:
        return conn.execute(
            "SELECT p.full_name, p.dob, p.id_number, d.product_code, d.dose_number, d.dose_date,"
            " p.cleaning_reason FROM dose d JOIN person p ON p.id = d.person_id"
            " ORDER BY p.full_name, d.dose_number").fetchall()


def _libreoffice_csv(book: Path) -> Path:
    """``book`` saved as CSV by LibreOffice in its own (en-US) locale: what a volunteer gets
    from "Save as CSV" on an English-language machine."""
    profile = book.parent / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir",
                    str(book.parent), str(book)], check=True, capture_output=True, timeout=120)
    return book.with_suffix(".csv")


def _us_book(path: Path, people: list[tuple], number_format: str = "mm-dd-yy") -> Path:
    """An .xlsx whose dates are real date cells (as Excel keeps them)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH TIÊM HỒI CỨU"])
    sheet.append([])
    sheet.append(US_HEADERS)
    n = 0
    for name, dob, cccd, sex, doses in people:
        for number, when in enumerate(doses, 1):
            n += 1
            sheet.append([n, name, dob, sex, cccd, "Pfizer", number, when, "Trạm Y tế A"])
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = number_format
    book.save(path)
    return path


US_PEOPLE = [
    ("Ngô Văn Phúc", datetime(1980, 3, 4), "001080000555", "Nam",
     [datetime(2021, 9, 5), datetime(2021, 10, 3)]),
    ("Lý Thị Quyên", datetime(1992, 11, 20), "001192000556", "Nữ",
     [datetime(2021, 8, 16), datetime(2021, 9, 13)]),
    ("Mai Văn Sơn", datetime(1975, 1, 9), "001075000557", "Nam",
     [datetime(2021, 7, 6), datetime(2021, 8, 3)]),
]


# US_PEOPLE as the database should hold them: (name, date of birth, dose, its date)
US_STORED = [("Lý Thị Quyên", "1992-11-20", 1, "2021-08-16"),
             ("Lý Thị Quyên", "1992-11-20", 2, "2021-09-13"),
             ("Mai Văn Sơn", "1975-01-09", 1, "2021-07-06"),
             ("Mai Văn Sơn", "1975-01-09", 2, "2021-08-03"),
             ("Ngô Văn Phúc", "1980-03-04", 1, "2021-09-05"),
             ("Ngô Văn Phúc", "1980-03-04", 2, "2021-10-03")]


def _us_people_stored(db) -> list[tuple]:
    return [(name, dob, dose, when) for name, dob, _id, _p, dose, when, _r in _stored(db)]


def test_a_month_first_csv_as_libreoffice_writes_it_is_read_month_first_and_said(
        db, site, tmp_path):
    """Before: "9/5/2021" (5 Sep) was stored as 9 May, "10/3/2021" as 10 March (dose 2
    before dose 1, no flag), the date of birth 3/4/1980 as 3 April; only the cells with a
    day above 12 were refused."""
    path = _libreoffice_csv(_us_book(tmp_path / "us.xlsx", US_PEOPLE))
    written = path.read_text(encoding="utf-8")
    assert "3/4/1980" in written and "9/5/2021" in written and "8/16/2021" in written
    report = _import(db, path)
    assert report.counts == {"imported": 6, "flagged": 0, "duplicate": 0, "rejected": 0,
                             "corrected": 0}
    assert _us_people_stored(db) == US_STORED
    # Said in the report: which column, and the cell that showed it.
    [dob_note, dose_note] = report.notes
    assert dob_note.startswith("Cột “Ngày sinh” ghi ngày theo kiểu tháng/ngày/năm (dòng 6")
    assert "“8/16/2021” là 16/08/2021" in dose_note
    save_reports(report, json_path=tmp_path / "r.json")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["notes"] == [
        dob_note, dose_note]
    assert _import(db, path).counts["duplicate"] == 6  # and read the same way again


@pytest.mark.parametrize("number_format, written", [("dd/mm/yy", "04/03/80"),
                                                    ("m/d/yy", "3/4/80")])
def test_a_csv_of_a_sheet_formatted_with_two_digit_years_is_read_with_its_centuries(
        db, site, tmp_path, number_format, written):
    """A sheet formatted dd/mm/yy (or m/d/yy) that LibreOffice saved as CSV writes
    "04/03/80". Before: every dose of it was refused ("Ngày tiêm “05/09/21” không hợp lệ")
    and every date of birth left for cleaning."""
    path = _libreoffice_csv(_us_book(tmp_path / "yy.xlsx", US_PEOPLE, number_format))
    assert written in path.read_text(encoding="utf-8")
    report = _import(db, path)
    assert report.counts["imported"] == 6 and report.counts["rejected"] == 0
    assert _us_people_stored(db) == US_STORED
    said = [n for n in report.notes if "hai chữ số" in n]
    assert said == [f"Cột “Ngày sinh” ghi năm bằng hai chữ số (dòng 4: “{written}” là "
                    "04/03/1980): mỗi năm được đọc là năm gần nhất không sau năm nay, trừ khi "
                    "số CCCD của dòng cho biết thế kỷ khác (thì theo số CCCD).", said[1]]
    assert "Cột “Ngày tiêm” ghi năm bằng hai chữ số (dòng 4" in said[1]
    assert "là 05/09/2021" in said[1]
    # The Backfill screen says it before the import, and its sample reads the same dates.
    preview = preview_file(path)
    assert [n for n in preview_notes(preview, preview.mapping, "vi", TODAY)
            if "hai chữ số" in n] == said
    judged = judge_sample(preview, preview.mapping, default_catalogue(), TODAY)
    assert {(r.full_name, r.outcome) for r in judged} >= {("Ngô Văn Phúc", "imported")}


def test_a_two_digit_year_is_the_latest_not_after_this_one_and_a_date_it_makes_future_is_refused(
        db, site, tmp_path):
    """Today is 23/11/2026: "25" is 2025, "27" is 1927 (not a birth to come), and a dose
    dated "24/11/26" is tomorrow, refused as a date in the future, as "24/11/2026" is."""
    rows = [person_row(1, name="Lê Văn Một", cccd="", dob="02/01/25", when="01/10/26"),
            person_row(2, name="Lê Văn Hai", cccd="", dob="02/01/27", when="1/10/26"),
            person_row(3, name="Lê Văn Ba", cccd="", dob="02/01/60", when="24/11/26")]
    report = _import(db, write_csv(tmp_path / "yy.csv", rows))
    assert [(name, dob, when) for name, dob, _i, _p, _n, when, _r in _stored(db)] == [
        ("Lê Văn Hai", "1927-01-02", "2026-10-01"), ("Lê Văn Một", "2025-01-02", "2026-10-01")]
    [refused] = [i for i in report.issues if i.outcome == "rejected"]
    assert refused.sheet_row == 4 and "Ngày tiêm 24/11/2026 ở tương lai" in refused.message


def test_dates_a_column_writes_both_ways_are_refused_when_they_read_both_ways(
        db, site, tmp_path):
    rows = [person_row(1, name="Lê Văn Một", cccd="", when="16/08/2021"),  # day first only
            person_row(2, name="Lê Văn Hai", cccd="", when="8/17/2021"),  # month first only
            person_row(3, name="Lê Văn Ba", cccd="", when="9/5/2021"),  # either
            person_row(4, name="Lê Văn Bốn", cccd="", dob="7/7/1990", when="7/7/2021")]
    report = _import(db, write_csv(tmp_path / "mixed.csv", rows))
    [refused] = report.rejections
    assert (refused.sheet_row, refused.code) == (4, "DOSE_DATE_AMBIGUOUS")
    assert refused.message.startswith("[Ngày tiêm] Ngày tiêm “9/5/2021” đọc được hai cách "
                                      "(09/05/2021 hoặc 05/09/2021)")
    assert [(name, when) for name, _b, _i, _p, _n, when, _r in _stored(db)] == [
        ("Lê Văn Bốn", "2021-07-07"), ("Lê Văn Hai", "2021-08-17"),
        ("Lê Văn Một", "2021-08-16")]
    [note] = report.notes
    assert "cả hai kiểu" in note and "dòng 2: “16/08/2021”" in note and "dòng 3" in note


def test_a_date_of_birth_that_reads_both_ways_in_a_mixed_column_is_left_for_cleaning(
        db, site, tmp_path):
    rows = [person_row(1, name="Lê Văn Một", cccd="", dob="20/01/1990"),
            person_row(2, name="Lê Văn Hai", cccd="", dob="1/20/1991"),
            person_row(3, name="Lê Văn Ba", cccd="", dob="3/4/1992")]
    report = _import(db, write_csv(tmp_path / "dobs.csv", rows))
    assert report.counts["flagged"] == 3 and report.counts["rejected"] == 0
    ba = next(i for i in report.issues if i.sheet_row == 4)
    assert ba.code == "DOB_AMBIGUOUS" and "“3/4/1992” đọc được hai cách" in ba.message
    stored = {name: (dob, reason) for name, dob, *_rest, reason in _stored(db)}
    assert stored["Lê Văn Ba"] == (None, "DOB_AMBIGUOUS,ID_NUMBER_REQUIRED")
    assert stored["Lê Văn Hai"][0] == "1991-01-20"


def test_a_date_past_the_rows_looked_ahead_that_reads_the_other_way_is_said_from_its_row(
        db, site, tmp_path, monkeypatch):
    """The order is decided on the first rows; a big file that turns month first later on
    is mixed once more distinct dates read the other way than typos would make (two): what
    reads both ways after that row is refused, and the report says from which row."""
    monkeypatch.setattr(date_order, "LOOK_AHEAD", 2)
    rows = [person_row(1, name="Lê Văn Một", cccd="", when="16/08/2021"),
            person_row(2, name="Lê Văn Hai", cccd="", when="9/5/2021"),  # looked ahead at
            person_row(3, name="Lê Văn Ba", cccd="", when="8/17/2021"),  # typos, so far
            person_row(4, name="Lê Văn Bốn", cccd="", when="8/18/2021"),
            person_row(5, name="Lê Văn Năm", cccd="", when="8/19/2021"),  # a third: mixed
            person_row(6, name="Lê Văn Sáu", cccd="", when="9/6/2021")]
    report = _import(db, write_csv(tmp_path / "later.csv", rows))
    assert [(i.sheet_row, i.code) for i in report.rejections] == [
        (4, "DOSE_DATE_INVALID"), (5, "DOSE_DATE_INVALID"), (7, "DOSE_DATE_AMBIGUOUS")]
    assert [when for *_x, when, _r in _stored(db)] == ["2021-05-09", "2021-08-16",
                                                      "2021-08-19"]
    [note] = report.notes
    assert note.startswith("Từ dòng 6, cột “Ngày tiêm”") and "ngày/tháng/năm" in note


def _day_first_sheet(typo_at: int) -> list[list]:
    """Forty people, each a dose on a day past the 12th (day first only), then one on the
    5th of September written "05/09/2021"; row ``typo_at`` a month-first typo."""
    middle, given = ["Văn", "Thị", "Minh", "Hồng", "Quang"], ["An", "Bình", "Chi", "Dũng",
                                                              "Hoa", "Lan", "Mai", "Nga"]
    rows = [person_row(n, name=f"Lê {middle[n % 5]} {given[n // 5]}", cccd="",
                       when=f"{13 + n % 16}/{3 + n % 10:02d}/2021") for n in range(40)]
    rows.append(person_row(41, name="Trần Thị Năm", cccd="", when="05/09/2021"))
    rows.insert(typo_at, person_row(99, name="Trần Văn Gõ", cccd="", when="12/13/2021"))
    return rows


def test_one_month_first_typo_in_a_day_first_sheet_is_refused_alone(db, site, tmp_path):
    """One "12/13/2021" among forty day-first dates is a typo, not a second order: it alone
    is refused, and a date that reads both ways is read day first, as the sheet writes."""
    report = _import(db, write_csv(tmp_path / "typo.csv", _day_first_sheet(typo_at=10)))
    assert [(i.sheet_row, i.code) for i in report.rejections] == [(12, "DOSE_DATE_INVALID")]
    stored = {name: when for name, _b, _i, _p, _n, when, _r in _stored(db)}
    assert stored["Trần Thị Năm"] == "2021-09-05" and len(stored) == 41
    assert report.notes == []


def test_a_typo_past_the_rows_looked_ahead_does_not_mix_the_rest(
        db, site, tmp_path, monkeypatch):
    monkeypatch.setattr(date_order, "LOOK_AHEAD", 40)
    report = _import(db, write_csv(tmp_path / "typo.csv", _day_first_sheet(typo_at=40)))
    assert [(i.sheet_row, i.code) for i in report.rejections] == [(42, "DOSE_DATE_INVALID")]
    stored = {name: when for name, _b, _i, _p, _n, when, _r in _stored(db)}
    assert stored["Trần Thị Năm"] == "2021-09-05"
    assert report.notes == []


def test_two_typos_in_a_sheet_of_few_distinct_dates_are_typos_not_a_second_order(
        db, site, tmp_path):
    """Two months of sessions: few distinct dates, many rows. Typos are weighed against the
    cells, not the distinct dates: two of them among hundreds of rows refuse only
    themselves (a review found 7,333 of 20,000 right doses refused)."""
    middle, given = ["Văn", "Thị", "Minh", "Hồng", "Quang"], ["An", "Bình", "Chi", "Dũng"]
    days = [f"{d:02d}/07/2021" for d in range(1, 31)] + ["14/08/2021"]
    rows = [person_row(n, name=f"Lê {middle[n % 5]} {given[n // 5 % 4]} {chr(65 + n // 20)}",
                       cccd="", when=days[n % len(days)]) for n in range(300)]
    rows[100][-2], rows[200][-2] = "07/14/2021", "08/20/2021"  # month first: typed wrong
    report = _import(db, write_csv(tmp_path / "sessions.csv", rows))
    assert [(i.sheet_row, i.code) for i in report.rejections] == [
        (102, "DOSE_DATE_INVALID"), (202, "DOSE_DATE_INVALID")]
    assert report.notes == []


def test_one_typo_repeated_on_a_sessions_rows_past_the_look_ahead_is_one_typo(
        db, site, tmp_path, monkeypatch):
    """Three people given a dose on the day typed "12/13/2021": one text, one typo; all three
    rows are refused alike and the dates after them are still read day first."""
    monkeypatch.setattr(date_order, "LOOK_AHEAD", 40)
    rows = _day_first_sheet(typo_at=40)
    rows[40:40] = [person_row(97 + n, name=f"Trần Văn {g}", cccd="", when="12/13/2021")
                   for n, g in enumerate(("Một", "Hai"))]
    report = _import(db, write_csv(tmp_path / "session.csv", rows))
    assert [(i.sheet_row, i.code) for i in report.rejections] == [
        (42, "DOSE_DATE_INVALID"), (43, "DOSE_DATE_INVALID"), (44, "DOSE_DATE_INVALID")]
    stored = {name: when for name, _b, _i, _p, _n, when, _r in _stored(db)}
    assert stored["Trần Thị Năm"] == "2021-09-05" and report.notes == []


def test_a_dose_dated_before_the_persons_lower_numbered_dose_is_flagged_not_refused(
        db, site, tmp_path):
    rows = [person_row(1, dose=1, when="09/05/2021"), person_row(2, dose=2, when="10/03/2021")]
    report = _import(db, write_xlsx(tmp_path / "order.xlsx", rows))
    assert report.counts["imported"] == 1 and report.counts["flagged"] == 1
    [issue] = report.issues
    assert (issue.sheet_row, issue.code) == (6, "DOSE_ORDER")
    assert issue.message == ("[Ngày tiêm] Mũi 2 ngày 10/03/2021 không theo thứ tự: mũi 1 ngày "
                             "09/05/2021.")
    assert [(n, when, reason) for *_x, n, when, reason in _stored(db)] == [
        (1, "2021-05-09", "DOSE_ORDER"), (2, "2021-03-10", "DOSE_ORDER")]


def _on_the_worklist(db) -> dict[str, tuple[str, ...]]:
    """Each person on the cleaning worklist (open cases), by name, with their problems."""
    return {c.full_name: c.problems for c in cleaning.worklist(db).cases}


def test_a_dose_out_of_order_with_a_recorded_one_is_flagged_too(db, site, tmp_path):
    """The earlier dose recorded before, by another file: the person, stored already, is
    put on the cleaning list by a correction, audited (before: the report's line only)."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [person_row(1, dose=2, when="01/10/2021")]))
    assert _on_the_worklist(db) == {}
    report = _import(db, write_xlsx(tmp_path / "then.xlsx", [
        person_row(1, dose=1, when="01/11/2021"), person_row(2, dose=3, when="01/12/2021")]))
    assert [(i.sheet_row, i.code) for i in report.issues] == [(5, "DOSE_ORDER")]
    assert "mũi 2 ngày 01/10/2021" in report.issues[0].message
    assert {reason for *_x, reason in _stored(db)} == {"DOSE_ORDER"}
    assert _on_the_worklist(db) == {"Nguyễn Văn An": ("DOSE_ORDER",)}
    with raw_connect(db.path) as conn:
        updates = conn.execute("SELECT details FROM audit_entry WHERE action = 'update'"
                               " AND entity = 'person'").fetchall()
    assert [json.loads(d) for (d,) in updates] == [{"cleaning_reason": [None, "DOSE_ORDER"],
                                                    "import": report.batch_id}]


@pytest.mark.parametrize("between", [0, HANDED_KEPT + 2])
def test_a_dose_out_of_order_with_a_row_of_a_chunk_handed_over_puts_the_person_on_the_list(
        db, site, tmp_path, between):
    """A big import: the person's earlier row went to the writer in an earlier chunk (still
    kept by the batch, or committed and read back), so they are put on the cleaning list
    by a correction; a later row that fills in their phone keeps the flag, and a second
    dose out of order flags them once."""
    others = [person_row(2 + n, name=f"Lê Văn Khách {chr(65 + n)}",
                         cccd=make_cccd("001", Sex.MALE, 1990, 500 + n)) for n in range(between)]
    rows = [person_row(1, dose=1, when="09/05/2021", phone=""), *others,
            person_row(2, dose=2, when="10/03/2021", phone=""),
            person_row(3, dose=3, when="01/12/2021"),  # gives the phone: corrects them
            person_row(4, dose=4, when="01/07/2021", phone="")]  # out of order again
    report = _import(db, write_xlsx(tmp_path / "big.xlsx", rows), chunk=1)
    assert [(i.sheet_row - between, i.code) for i in report.issues] == [
        (6, "DOSE_ORDER"), (8, "DOSE_ORDER")]
    assert {(n, reason) for name, _b, _i, _p, n, _w, reason in _stored(db)
            if name == "Nguyễn Văn An"} == {(n, "DOSE_ORDER") for n in (1, 2, 3, 4)}
    assert _on_the_worklist(db) == {"Nguyễn Văn An": ("DOSE_ORDER",)}
    with raw_connect(db.path) as conn:
        phone = conn.execute("SELECT phone FROM person WHERE full_name = ?",
                             ("Nguyễn Văn An",)).fetchone()
    assert phone == ("0912345678",)


def test_doses_out_of_order_that_turn_out_to_be_a_recorded_persons_flag_that_person(
        db, site, tmp_path):
    """Her first two rows (no ID) make a person held back; the third is her recorded dose,
    so the file's person is her and her doses hers: the flag of their order goes too."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [person_row(1, dose=3, when="01/12/2021")]))
    report = _import(db, write_xlsx(tmp_path / "then.xlsx", [
        person_row(1, cccd="", dose=1, when="09/05/2021"),
        person_row(2, cccd="", dose=2, when="10/03/2021"),
        person_row(3, cccd="", dose=3, when="01/12/2021")]))
    assert "không theo thứ tự: mũi 1 ngày 09/05/2021" in report.issues[1].message
    assert [(n, when, reason) for *_x, n, when, reason in _stored(db)] == [
        (1, "2021-05-09", "DOSE_ORDER"), (2, "2021-03-10", "DOSE_ORDER"),
        (3, "2021-12-01", "DOSE_ORDER")]
    assert _on_the_worklist(db) == {"Nguyễn Văn An": ("DOSE_ORDER",)}


@pytest.mark.parametrize("hold", [False, True])
def test_a_recorded_person_a_file_corrects_keeps_its_dose_out_of_order(db, site, tmp_path,
                                                                       hold):
    """The file corrects her phone (decided at its end, or held for the supervisor) and
    adds a dose out of order with her recorded one: the correction's cleaning reason keeps
    DOSE_ORDER, as a correction at the desk keeps every code its rules cannot see."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [person_row(1, dose=1, when="05/09/2021")]))
    report = _import(db, write_xlsx(tmp_path / "then.xlsx", [
        person_row(1, dose=1, when="05/09/2021", phone="0987654321"),
        person_row(2, dose=2, when="10/03/2021", phone="0987654321")]),
        hold_corrections=hold)
    code = "CORRECTION_AWAITS" if hold else "PERSON_CORRECTED"
    # Her new dose's row says the same phone: stored flagged, and its word on her record.
    assert [(i.sheet_row, i.code) for i in report.issues] == [
        (5, code), (6, "DOSE_ORDER"), (6, code)]
    if hold:
        assert _on_the_worklist(db) == {"Nguyễn Văn An": ("DOSE_ORDER",)}
        assert apply_held(db, report, actor=AT_THIS_LAPTOP) == 1
    with raw_connect(db.path) as conn:
        assert conn.execute("SELECT phone, cleaning_reason FROM person").fetchall() == [
            ("0987654321", "DOSE_ORDER")]
    assert _on_the_worklist(db) == {"Nguyễn Văn An": ("DOSE_ORDER",)}


@pytest.mark.parametrize("vaccine, stored", [
    ("Pfizer (5-11 tuổi)", "COMIRNATY_PAED"),
    ("Comirnaty (trẻ 5-11)", "COMIRNATY_PAED"),
    ("Pfizer 5-11 tuổi", "COMIRNATY_PAED"),
    ("Moderna (6-11 tuổi)", "SPIKEVAX"),  # the same product, a half dose
])
def test_a_childs_vaccine_named_with_its_ages_is_the_childrens_product(
        db, site, tmp_path, vaccine, stored):
    """Before: "Pfizer (5-11 tuổi)" was the adult Comirnaty, on a child's certificate."""
    row = person_row(1, name="Phạm Thị Dung", dob="01/06/2015", sex="Nữ", cccd="",
                     vaccine=vaccine, when="10/05/2022")
    report = _import(db, write_xlsx(tmp_path / "child.xlsx", [row]))
    [(_n, _dob, _id, product, _d, _w, reason)] = _stored(db)
    assert product == stored and reason == "ID_NUMBER_REQUIRED"
    assert [i.code for i in report.issues] == ["ID_NUMBER_REQUIRED"]


@pytest.mark.parametrize("vaccine", ["AstraZeneca (5-11 tuổi)", "Comirnaty (trẻ em)"])
def test_ages_beside_a_name_that_no_one_product_covers_are_refused(db, site, tmp_path, vaccine):
    row = person_row(1, dob="01/06/2015", cccd="", vaccine=vaccine, when="10/05/2022")
    report = _import(db, write_xlsx(tmp_path / "child.xlsx", [row]))
    [issue] = report.rejections
    assert issue.code == "PRODUCT_UNKNOWN" and vaccine in issue.message


def test_a_dose_outside_its_products_ages_is_flagged_for_cleaning(db, site, tmp_path):
    rows = [person_row(1, name="Phạm Thị Dung", dob="01/06/2015", sex="Nữ", cccd="",
                       vaccine="Pfizer", when="10/05/2022"),  # the adult product at six
            person_row(2, name="Trần Văn Già", dob="01/01/1950", cccd="001050012345",
                       vaccine="Abdala", when="01/09/2021"),  # 71: Abdala is 19-65
            person_row(3, name="Lê Văn Vừa", dob="10/05/2010", cccd="", vaccine="Pfizer",
                       when="10/05/2022")]  # twelve that very day: in range
    report = _import(db, write_xlsx(tmp_path / "ages.xlsx", rows))
    said = {i.sheet_row: i for i in report.issues}
    assert said[5].code == "DOSE_AGE_OUTSIDE" and "6 tuổi vào ngày tiêm" in said[5].message
    assert said[6].code == "DOSE_AGE_OUTSIDE" and "từ 19 đến 65 tuổi" in said[6].message
    assert [i.code for i in report.issues if i.sheet_row == 7] == ["ID_NUMBER_REQUIRED"]
    reasons = {name: reason for name, *_x, reason in _stored(db)}
    assert reasons == {"Phạm Thị Dung": "DOSE_AGE_OUTSIDE,ID_NUMBER_REQUIRED",
                       "Trần Văn Già": "DOSE_AGE_OUTSIDE", "Lê Văn Vừa": "ID_NUMBER_REQUIRED"}


def test_a_two_row_merged_header_imports_from_the_command_line(tmp_path):
    """Before: refused "no header in the first 30 rows", with the header at row 4."""
    path = write_two_row_header(tmp_path / "merged.xlsx")
    db_path = tmp_path / "d.db"
    ensure_test_supervisor(db_path)
    out = forked.vaxdesk("--db", str(db_path), "import", str(path), "--report",
                         str(tmp_path / "r.json"), "--site", "HN-0001:Trạm Y tế A", timeout=120)
    assert out.returncode == 0, out.stderr
    assert "dòng tiêu đề 5" in out.stdout and "đã nhập: 3" in out.stdout
    body = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert body["rows"] == []
    with raw_connect(db_path) as conn:
        stored = conn.execute("SELECT d.product_code, d.dose_number, d.dose_date, d.lot_number"
                              " FROM dose d ORDER BY d.dose_date").fetchall()
    assert stored == [("VAXZEVRIA", 1, "2021-08-10", "AB1"), ("COMIRNATY", 1, "2021-08-11", "PF1"),
                      ("VAXZEVRIA", 2, "2021-09-10", "AB2")]


def test_a_row_repeating_the_columns_names_is_skipped_not_rejected(db, site, tmp_path):
    """The lower row of a two-row header read as data once the columns are mapped by hand
    (the screen: "Ngày tháng năm tiêm" is nobody's alias, so the header is row 4 alone),
    and a header printed again on every page of a long list. Before: each was a rejected
    row, with six reasons, in the rows to fix."""
    path = write_two_row_header(tmp_path / "merged.xlsx", date_header="Ngày tháng năm tiêm")
    mapping = {"full_name": 1, "dob": 2, "sex": 3, "id_number": 4, "product": 5,
               "dose_number": 6, "dose_date": 7, "lot_number": 8}
    report = _import(db, path, mapping=mapping)
    assert report.header_row == 4
    assert report.counts["rejected"] == 0 and report.counts["imported"] == 3
    assert [(i.sheet_row, i.code) for i in report.issues] == [(5, "HEADER_ROW_SKIPPED")]
    paged = write_xlsx(tmp_path / "paged.xlsx", [person_row(1), HEADERS,
                                                 person_row(3, dose=2, when="01/10/2021")])
    again = _import(db, paged)
    assert again.counts["rejected"] == 0 and again.counts["imported"] == 2
    assert [(i.sheet_row, i.outcome, i.code) for i in again.issues] == [
        (6, "skipped", "HEADER_ROW_SKIPPED")]
    assert again.issues[0].message == ("Bỏ qua dòng 6: dòng này lặp lại tên các cột, không "
                                       "phải một mũi tiêm.")


def test_an_id_excel_wrote_in_scientific_notation_keeps_its_text_and_says_digits_are_lost(
        db, site, tmp_path):
    """Before: stored as "380170E+10", a value found nowhere in the file."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(US_HEADERS)
    sheet.append([1, "Trương Quốc Việt", "01/01/1970", "Nam", 38017001234, "Moderna", 1,
                  "01/10/2021", "Trạm Y tế A"])
    sheet["E2"].number_format = "0.00000E+00"  # how the cell showed, and so was saved
    sheet.append([2, "Đinh Thế Ưng", "01/01/1971", "Nam", "3.80171E+11", "Moderna", 1,
                  "01/10/2021", "Trạm Y tế A"])
    book.save(tmp_path / "sci.xlsx")
    path = _libreoffice_csv(tmp_path / "sci.xlsx")
    assert "3.80170E+10" in path.read_text(encoding="utf-8")
    report = _import(db, path)
    assert report.counts["flagged"] == 2
    assert {(i.sheet_row, i.code) for i in report.issues} == {(2, "ID_SCIENTIFIC_NOTATION"),
                                                              (3, "ID_SCIENTIFIC_NOTATION")}
    assert "Số CCCD “3.80170E+10” đã bị ghi dạng số mũ" in report.issues[0].message
    assert "chữ số cuối đã mất" in report.issues[0].message
    assert [(id_number, reason) for _n, _b, id_number, *_x, reason in _stored(db)] == [
        ("3.80170E+10", "ID_SCIENTIFIC_NOTATION"), ("3.80171E+11", "ID_SCIENTIFIC_NOTATION")]


def test_a_birth_year_of_two_digits_takes_its_century_from_the_cccd(db, site, tmp_path):
    """The oldest priority group: "05/09/24" was 05/09/2024 and the dose of 2021 refused as
    given before the birth, though the row's CCCD said 1924 (a reviewer's CSV: 2 of 3
    rows refused). The CCCD's century decides. Without one nothing says the century: the
    dose before the birth is refused, to be fixed, as ever (guessing from each row's dose
    read one person's cell in two centuries; a second reviewer)."""
    cccd = make_cccd("001", Sex.MALE, 1924, 12345)
    rows = [person_row(1, name="Nguyễn Văn Ấn", cccd=cccd, dob="05/09/24", when="01/08/21"),
            person_row(2, name="Lê Thị Cúc", cccd="", dob="01/02/22", when="20/09/21"),
            person_row(3, name="Lê Văn Một", cccd="", dob="02/01/25", when="01/10/26")]
    report = _import(db, write_csv(tmp_path / "old.csv", rows))
    assert [(i.sheet_row, i.code) for i in report.rejections] == [(3, "DOSE_BEFORE_BIRTH")]
    assert [(name, dob) for name, dob, *_rest in _stored(db)] == [
        ("Lê Văn Một", "2025-01-02"), ("Nguyễn Văn Ấn", "1924-09-05")]
    assert not [i for i in report.issues if i.person_id is None and "CCCD" in i.message
                and "1924" in i.message]  # the card and the birth agree: nothing to clean
