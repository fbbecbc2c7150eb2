"""``vaxdesk report daily`` as a real process: JSON figures, the workbook, bad dates."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from desktop_app.db.database import open_database
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor
from tests.reports.data import known_site
from tests.test_cli import vaxdesk


def _site(data):
    path = data / "vaxdesk.db"
    ensure_test_supervisor(path)
    with open_database(path, TEST_PASSPHRASE) as db:
        set_up_site(db, "HN-0001", "Trạm Y tế Láng Hạ", actor=AT_THIS_LAPTOP)
        known_site(db)


def test_json_has_the_days_rows_and_completeness(tmp_path):
    data = tmp_path / "data"
    _site(data)
    out = vaxdesk("report", "daily", "--from", "2021-10-01", "--to", "02/10/2021", "--json",
                  env_dir=data)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {
        "rows": [
            {"date": "2021-10-01", "product": "COMIRNATY", "dose_number": 1, "count": 3},
            {"date": "2021-10-01", "product": "VAXZEVRIA", "dose_number": 1, "count": 1},
            {"date": "2021-10-02", "product": "COMIRNATY", "dose_number": 1, "count": 1}],
        "completeness": [
            {"date": "2021-10-01", "recorded": 4, "synced": 2, "rejected": 1, "pending": 1},
            {"date": "2021-10-02", "recorded": 1, "synced": 0, "rejected": 0, "pending": 1}]}


def test_out_writes_the_workbook_and_bad_dates_are_told_in_vietnamese(tmp_path):
    data = tmp_path / "data"
    _site(data)
    out = vaxdesk("report", "daily", "--from", "01/09/2021", "--to", "31/12/2021", "--out",
                  str(tmp_path / "thang.xlsx"), env_dir=data)
    assert out.returncode == 0, out.stderr
    assert "Đã xuất báo cáo vào" in out.stdout
    book = load_workbook(tmp_path / "thang.xlsx")
    assert len(book.sheetnames) == 2
    assert book[book.sheetnames[1]]["B6"].value == 4  # Oct 1: four recorded, under its note
    # Each sheet named within Excel's 31 characters, cut at a word (before: "… vắc xin,"
    # and "… tải lên t").
    assert book.sheetnames == ["Số mũi tiêm theo ngày, vắc xin…", "Mức độ đầy đủ dữ liệu đồng bộ…"]

    bad = vaxdesk("report", "daily", "--from", "31/02/2021", "--to", "2021-12-31", "--json",
                  env_dir=data)
    assert bad.returncode == 2 and bad.stdout == ""
    assert "Khoảng ngày báo cáo không hợp lệ (từ 31/02/2021 đến 2021-12-31)" in bad.stderr
    backwards = vaxdesk("report", "daily", "--from", "2021-12-31", "--to", "2021-09-01",
                        "--json", env_dir=data)
    assert backwards.returncode == 2
    assert "Ngày bắt đầu 31/12/2021 sau ngày kết thúc 01/09/2021" in backwards.stderr
