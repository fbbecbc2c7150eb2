"""The dashboard's downloads say a share's unit once. Review 7 Dec 2026: the table of answers
in time, downloaded as .xlsx, headed its share column "Tỷ lệ đúng hạn (%) (%)" (the label
said "(%)" and the download adds it to every percentage column)."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook

from desktop_app.clock import local_today
from desktop_app.services import complaints
from tests.central.dashboard_world import PASSWORD, root, staff_session
from tests.cleaning.people import paper
from tests.sync.test_complaints_sync import file_on_central


def test_the_answer_times_download_says_percent_once(wired, boss, monkeypatch):
    paper(wired.db)
    wired.sync()
    code = file_on_central(wired)["code"]
    wired.sync()
    complaints.resolve_reject(wired.db, code, "Mũi 2 đã có trên hệ thống.", actor=boss)
    wired.sync()
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    wired.server.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    officer = staff_session(wired.server, "tinh01")
    today = local_today()
    page = officer.get(f"{root(wired.server)}/dashboard/complaints", params={
        "from": (today - timedelta(days=5)).isoformat(), "to": today.isoformat(),
        "format": "xlsx", "table": "answer_times"})
    assert page.status_code == 200
    header = next(load_workbook(io.BytesIO(page.content)).worksheets[0]
                  .iter_rows(values_only=True))
    doubled = [h for h in header if h and h.count("(%)") > 1]
    assert doubled == [], f"a column of the downloaded sheet says its unit twice: {doubled}"
