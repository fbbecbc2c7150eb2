"""The backfill's rows to fix open in Excel ready to work in: the header bold and in sight,
every column wide enough for its header and dates, dates as dates shown dd/mm/yyyy."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl import load_workbook

from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_report import save_reports
from tests.importers.sheets import person_row, write_xlsx
from tests.xlsx_layout import assert_laid_out


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
