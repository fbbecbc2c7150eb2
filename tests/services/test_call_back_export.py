"""The call-back list as an .xlsx, opened the way every VaxDesk file opens: the header bold
and frozen in sight, names, phones and dates read whole, dates as dates; a dose called
ahead, before its first possible day, reads "Sắp đến hạn" (due soon), not "Đến hạn"."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from openpyxl import load_workbook

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.callbacks import export_call_backs
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.xlsx_layout import assert_laid_out

LAN = PersonInput("Nguyễn Thị Ngọc Lan Phương", date(2018, 3, 1), Sex.FEMALE, IdType.NONE,
                  None, no_id_reason="CHILD_WITHOUT_NUMBER", phone="0912345678")


def test_the_call_back_list_keeps_its_header_bold_and_in_sight(db, site, tmp_path):
    given = date.today() - timedelta(days=40)  # dose 2 overdue (28 days)
    record_dose(db, DoseInput("COMIRNATY_PAED", "PD1", 1, given, "Lan", source="backfill"),
                person=LAN, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    out = tmp_path / "goi-tiem.xlsx"
    assert export_call_backs(db, out, actor=AT_THIS_LAPTOP, lang="vi") == 1
    sheet = load_workbook(out).active
    # under the site, the title and the day it was counted on (test_call_back_sheet_day)
    row = [c.value for c in sheet[5]]
    assert row[0] == LAN.full_name and row[1] == datetime(2018, 3, 1)
    assert row[4] == datetime.combine(given, datetime.min.time())
    assert assert_laid_out(sheet, header_row=4) == 3  # birth, last dose, next one's first day


def test_a_dose_not_yet_possible_is_listed_as_due_soon(db, site, tmp_path):
    today = date(2026, 12, 1)
    first = today - timedelta(days=18)  # Comirnaty: dose 2 from day 21, three days on
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, first, "Lan", source="backfill"),
                      person=PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE,
                                         IdType.CCCD, "001190000123", phone="0912345678"),
                      confirm_warnings=True, today=today, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    export_call_backs(db, tmp_path / "goi.xlsx", actor=AT_THIS_LAPTOP, today=today)
    _site, _title, _day, header, *listed = load_workbook(tmp_path / "goi.xlsx").active.values
    [row] = listed
    status, possible_from = row[header.index("Tình trạng")], row[header.index("Tiêm được từ ngày")]
    assert possible_from.date() == first + timedelta(days=21) > today
    assert status == "Sắp đến hạn"
