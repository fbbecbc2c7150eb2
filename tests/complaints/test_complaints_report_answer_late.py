"""A complaint's 48 hours end when the platform has the answer, on the desk's report as on
the province's dashboard. Review 7 Dec 2026: an answer typed offline before the deadline and
uploaded after it read "closed in time" in the site's own report (the figure its manager
reads upward) and late on the dashboard (which counts from when the platform had it)."""

from __future__ import annotations

import time
from datetime import date, timedelta

from sqlalchemy import update

from central_server.complaints import store
from central_server.db.engine import make_engine
from desktop_app.clock import local_today, utc_now
from desktop_app.db.models import Complaint
from desktop_app.services import complaints, reports
from desktop_app.wire import complaints as wire
from tests.central.dashboard_world import PASSWORD, root, staff_session, table_rows
from tests.cleaning.people import GOOD_ID, paper

ANSWER = "Mũi 2 đã có trên hệ thống từ ngày 08/10/2021."


def test_an_answer_uploaded_after_the_deadline_reads_the_same_on_desk_and_dashboard(
        wired, boss, monkeypatch):
    paper(wired.db)
    wired.sync()  # Lan's dose is this site's: her complaint comes here
    engine = make_engine(wired.server.database_url)
    try:
        sub = wire.Submission(wire.DOSE_MISSING, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
                              "0912345678", 2, date(2021, 10, 7), "Trạm Y tế Kim Liên",
                              None, "Tôi tiêm mũi 2 nhưng không thấy.")
        # Filed 47 h 59 m 45 s ago: 15 seconds of its 48 hours left.
        filed, _ = store.file(engine, sub, wire.API,
                              utc_now() - timedelta(hours=48) + timedelta(seconds=15),
                              province_code="01")
    finally:
        engine.dispose()
    wired.sync()
    complaints.resolve_reject(wired.db, filed.code, ANSWER, actor=boss)  # in time, offline
    time.sleep(max(0.0, (filed.received_at + timedelta(hours=48) - utc_now())
                   .total_seconds()) + 2)
    assert wired.sync().complaints_sent == 1  # uploaded past the deadline

    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    wired.server.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    officer = staff_session(wired.server, "tinh01")
    today = local_today()
    period = {"from": (today - timedelta(days=5)).isoformat(), "to": today.isoformat()}
    page = officer.get(f"{root(wired.server)}/dashboard/complaints",
                       params={**period, "format": "xlsx", "table": "answer_times"})
    assert page.status_code == 200
    header, *rows = table_rows(page.content)
    [site_row] = [r for r in rows if r[0] == "HN-0001"]
    central = dict(zip(header, site_row, strict=True))
    assert (central["Trả lời đúng hạn"], central["Trả lời trễ"]) == (0, 1), central

    report = reports.build(wired.db, "complaints", today - timedelta(days=5), today, "vi",
                           actor=boss)
    desk = dict(report.rows)
    assert (desk["Nhận trong kỳ, giải quyết đúng hạn"],
            desk["Nhận trong kỳ, giải quyết trễ hạn"]) == (0, 1), (
        f"the site's complaints report counts an answer the platform had after the 48 hours "
        f"as closed in time, while the province's dashboard counts it late: desk {desk}, "
        f"dashboard {central}")



def test_an_answer_not_sent_yet_is_late_once_its_deadline_passed_unsent(db, site, boss):
    """Offline: the answer waits in the outbox while the platform holds the complaint open
    and its hours run on. Typed in time, it counts closed in time while it can still reach
    the platform in time; once the deadline has passed unsent, closed late (it read
    "closed in time" however long the laptop stayed offline)."""
    from tests.complaints.people import arrived

    received = utc_now() - timedelta(hours=50)
    arrived(db, GOOD_ID, code="PA-00000001", received=received)
    arrived(db, GOOD_ID, code="PA-00000002", received=utc_now() - timedelta(hours=40))
    for code in ("PA-00000001", "PA-00000002"):
        complaints.resolve_reject(db, code, ANSWER, actor=boss)
    with db.transaction() as s:  # the first answered 10 hours after it came, 40 hours ago
        s.execute(update(Complaint).where(Complaint.code == "PA-00000001")
                  .values(resolved_at=received + timedelta(hours=10)))
    today = local_today()
    counts = dict(reports.build(db, "complaints", today - timedelta(days=5), today, "en",
                                actor=boss).rows)
    assert counts["Received in the period, closed late"] == 1, counts
    assert counts["Received in the period, closed in time"] == 1, counts
