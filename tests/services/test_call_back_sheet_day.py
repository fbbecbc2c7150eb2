"""The call-back list exported on 30/11 for the phone calls (reportrev): each person reads
"Quá hạn", "Đến hạn" or "Sắp đến hạn", states true on the day it was made only, and the
sheet said neither that day nor whose list it was (the reports' sheets say the site and
the period). Printed and worked through the next week, "Sắp đến hạn" people were overdue
and nothing on the paper told the caller so."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from openpyxl import load_workbook

from desktop_app.clock import local_today
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.callbacks import export_call_backs
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.xlsx_layout import assert_laid_out

NOV30 = date(2026, 11, 30)
HOA = PersonInput("Nguyễn Thị Hồng Hoa", date(1990, 1, 1), Sex.FEMALE, IdType.CCCD,
                  "001190000302")


def test_the_call_back_sheet_says_which_day_its_due_and_overdue_are_counted_from(
        db, site, boss, tmp_path, in_vietnam):
    given = record_dose(db, DoseInput("VAXZEVRIA", "AB1", 1, date(2026, 10, 1), "Y tá Lan",
                                      source="backfill"),
                        person=HOA, today=NOV30, now=datetime(2026, 11, 30, 9, 0),
                        actor=boss, confirm_warnings=True)
    assert given.saved, given.problems
    for lang, said in (("vi", "Tình trạng tính đến ngày 30/11/2026"),
                       ("en", "Status as of 30/11/2026")):
        out = tmp_path / f"goi-lai-{lang}.xlsx"
        assert export_call_backs(db, out, actor=boss, lang=lang, today=NOV30) == 1
        sheet = load_workbook(out).active
        above = [row[0] for row in sheet.iter_rows(max_row=3, values_only=True)]
        assert above[0].startswith(site.name) and site.code in above[0]
        assert above[2] == said
        assert assert_laid_out(sheet, header_row=4) == 3
        assert sheet.cell(5, 1).value == HOA.full_name


def test_without_a_day_given_the_sheet_says_today(db, site, boss, tmp_path):
    """The desk's export (no day passed) says the laptop's own day."""
    record_dose(db, DoseInput("VAXZEVRIA", "AB1", 1, date.today() - timedelta(days=70),
                              "Y tá Lan", source="backfill"),
                person=HOA, actor=boss, confirm_warnings=True)
    out = tmp_path / "goi-lai.xlsx"
    export_call_backs(db, out, actor=boss)
    said = load_workbook(out).active.cell(3, 1).value
    assert said == f"Tình trạng tính đến ngày {local_today():%d/%m/%Y}"
