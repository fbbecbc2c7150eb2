"""The dashboard's downloads as a province forwards them. Review 7 Dec 2026: the table of
answers in time headed its share column "Tỷ lệ đúng hạn (%) (%)" (the label said "(%)" and
the download adds it to every percentage column); no download said whose area, what or
when above its table."""

from __future__ import annotations

import io
from datetime import timedelta

from openpyxl import load_workbook

from desktop_app.clock import local_today
from desktop_app.services import complaints
from tests.central.dashboard_world import PASSWORD, root, staff_session, table_rows
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
    header = table_rows(page.content)[0]
    doubled = [h for h in header if h and h.count("(%)") > 1]
    assert doubled == [], f"a column of the downloaded sheet says its unit twice: {doubled}"


def test_a_downloaded_table_says_whose_area_what_and_when(wired, boss, monkeypatch):
    """Review 7 Dec 2026: a sheet forwarded on had no area, title or period above its table
    (only the file's name said the period); the desk's exports always had them."""
    from desktop_app.rules.dates import format_date

    paper(wired.db)
    wired.sync()
    file_on_central(wired)
    wired.sync()
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    wired.server.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    officer = staff_session(wired.server, "tinh01")
    today = local_today()
    start = today - timedelta(days=5)
    got = {}
    for table in ("answer_times", "open"):
        page = officer.get(f"{root(wired.server)}/dashboard/complaints", params={
            "from": start.isoformat(), "to": today.isoformat(), "format": "xlsx",
            "table": table})
        assert page.status_code == 200
        sheet = load_workbook(io.BytesIO(page.content)).worksheets[0]
        got[table] = [sheet.cell(n, 1).value for n in (1, 2, 3)]
    whose, title, period = got["answer_times"]
    assert whose.endswith(": Thành phố Hà Nội"), whose
    assert title == "Trả lời phản ánh đúng hạn 48 giờ theo nơi giải quyết", title
    assert period == f"Từ {format_date(start)} đến {format_date(today)}"
    assert got["open"][2].startswith("Số liệu lúc "), got["open"]  # as of now, not a period
