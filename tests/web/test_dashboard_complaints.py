"""The dashboard's complaints in a real headless Chromium against a real central server:
every open complaint of the officer's area with its deadline, the soonest due first and the
overdue marked with how late; the counts in the nav and on the overview; one complaint
opened to read what the citizen wrote, never another area's; an area without complaints
says so, with nothing to download and no period to choose."""

from __future__ import annotations

from datetime import date, timedelta

from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from central_server.vietnam_time import shown
from desktop_app.rules.messages import text
from desktop_app.wire.complaints import DOSE_MISSING, NOT_ON_SYSTEM, Submission
from tests.central.dashboard_world import PASSWORD, build, root, sign_in
from tests.live_server import LiveServer


def _file(central: LiveServer) -> dict[str, object]:
    """In HN-C's commune (00004): one 5 hours overdue, one due in 2 hours, one filed now;
    in Saigon (79), one overdue."""
    engine = make_engine(central.database_url)
    now = utc_now()
    made = {}
    try:
        for name, commune, id_number, hours_ago, kind, words in (
                ("late", "00004", "001090000301", 53, DOSE_MISSING, "Thiếu mũi 2 ngày 01/09."),
                ("soon", "00004", "001090000302", 46, NOT_ON_SYSTEM, ""),
                ("fresh", "00004", "001090000303", 0, NOT_ON_SYSTEM, ""),
                ("saigon", "27316", "079090000304", 60, NOT_ON_SYSTEM, "")):
            sub = Submission(kind, id_number, "Lê Văn Tám", date(1990, 1, 1),
                             phone="0912345678", dose_number=2 if words else None,
                             dose_date=date(2021, 9, 1) if words else None,
                             place="Trạm y tế phường" if words else "",
                             commune_code=commune, text=words)
            made[name] = store.file(engine, sub, "web", now - timedelta(hours=hours_ago))[0]
    finally:
        engine.dispose()
    return made



def test_an_officer_sees_every_open_complaint_by_its_deadline_and_reads_one(
        central: LiveServer, page, shot, monkeypatch, downloaded) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "xa00004", "--level", "commune", "--area", "00004")
    build(central)
    made = _file(central)
    late, soon, fresh = made["late"], made["soon"], made["fresh"]
    base = root(central)
    sign_in(page, base, "xa00004")

    # The overview and the nav say how many are open and overdue.
    assert page.locator("#complaints-summary").inner_text().startswith(
        "Phản ánh đang xử lý: 3, trong đó 1 quá hạn.")
    assert page.locator("#nav-open").inner_text() == "3"
    assert page.locator("#nav-overdue").inner_text() == "1 quá hạn"

    page.click("#complaints-summary a")
    page.wait_for_url(f"{base}/dashboard/complaints")
    # The open ones as of now; the period is the table of answers in time's.
    assert page.locator("form.range").count() == 1
    rows = page.locator("#open tbody tr")
    assert [rows.nth(i).inner_text().split("\t") for i in range(rows.count())] == [
        [c.code, left, shown(c.due_at), text(f"COMPLAINT_KIND_{c.submission.kind.upper()}"),
         "Trạm Y tế HN-C", shown(c.received_at)]
        for c, left in ((late, "Quá hạn 5 giờ"), (soon, "Còn 1 giờ"), (fresh, "Còn 47 giờ"))]
    assert rows.nth(0).locator("td.late").count() == 1
    assert rows.nth(1).locator("td.soon.urgent").count() == 1  # an hour left: in bold
    assert rows.nth(2).locator("td.soon").count() == 0
    assert made["saigon"].code not in page.content()  # another province's
    shot(page, "web-dashboard-complaints")
    sheet = downloaded(page, "#open a.button")
    assert [r[:2] for r in sheet[1:]] == [[late.code, "Quá hạn 5 giờ"],
                                          [soon.code, "Còn 1 giờ"],
                                          [fresh.code, "Còn 47 giờ"]]

    # One opened: what the citizen wrote, never their ID number, birth date or phone.
    page.click(f"text={late.code}")
    page.wait_for_url(f"{base}/dashboard/complaints/{late.code}")
    facts = page.locator("#complaint").inner_text()
    assert "Thiếu mũi 2 ngày 01/09." in facts
    assert "Mũi 2, ngày 01/09/2021" in facts and "Trạm y tế phường" in facts
    assert "Quá hạn 5 giờ" in facts
    for private in ("001090000301", "0912345678", "01/01/1990"):
        assert private not in page.content()
    shot(page, "web-dashboard-complaint")

    # Another area's complaint, or no such code, is not found alike.
    for code in (made["saigon"].code, "PA-00000000"):
        answer = page.goto(f"{base}/dashboard/complaints/{code}")
        assert answer.status == 404
        assert page.locator("[role=alert]").inner_text() == \
            f"Không có phản ánh mã {code} trong địa bàn của bạn."


def test_an_area_without_complaints_says_so_with_nothing_to_download(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    """"Chưa có số liệu." (no figures yet) read as bad news; each table says its own."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "xa00070", "--level", "commune", "--area", "00070")
    build(central)
    base = root(central)
    sign_in(page, base, "xa00070")
    assert page.locator("#complaints-summary").inner_text().startswith(
        "Không có phản ánh nào đang chờ xử lý.")
    assert page.locator("#nav-open").count() == 0

    page.goto(f"{base}/dashboard/complaints")
    assert page.locator("section.card").count() == 2
    assert page.locator("#open .empty").inner_text() == "Không có phản ánh nào đang chờ xử lý."
    assert page.locator("#answer_times .empty").inner_text() == \
        "Không có phản ánh nào nhận trong khoảng thời gian này."
    assert page.locator("a.button").count() == 0
    shot(page, "web-dashboard-complaints-none")

    page.goto(f"{base}/dashboard/backlog?from=01/08/2021&to=31/08/2021")
    assert page.locator("#backlog .empty").inner_text() == \
        "Chưa điểm tiêm nào gửi báo cáo đến hết khoảng ngày này."
    assert page.locator("#backlog a.button").count() == 0
    assert page.locator(".chart").count() == 0
