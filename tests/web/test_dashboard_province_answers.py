"""Complaints no site holds, in a real headless Chromium against a real central server: a
citizen who chose only their province reaches that province's officers, who read how to
reach the citizen and answer on the complaint's page; a complaint with no area at all, and
a site created without one, reach the national scope."""

from __future__ import annotations

from datetime import date, timedelta

from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from desktop_app.rules.messages import text
from desktop_app.wire.complaints import NOT_ON_SYSTEM, Submission
from tests.central.dashboard_world import (
    PASSWORD,
    build,
    form_token,
    root,
    sign_in,
    staff_session,
)
from tests.live_server import LiveServer


def _file_on_the_form(page, base: str) -> str:  # noqa: ANN001
    """As the reviewer did: province Hà Nội chosen, the commune left empty."""
    page.goto(f"{base}/complaints")
    page.check("input[name=kind][value=not_on_system]")
    page.fill("#id_number", "001096234567")
    page.fill("#full_name", "Hoàng Thị Tỉnh")
    page.fill("#dob", "01/05/1996")
    page.fill("#phone", "0987 654 321")
    page.select_option("#province", "01")
    page.fill("#text", "Tôi đã tiêm 2 mũi ở bệnh viện nhưng tra không thấy.")
    page.click("#send")
    page.wait_for_url("**/complaints/sent**")
    return page.locator("#code").inner_text()


COMMUNE_79 = "27316"  # a commune of Hồ Chí Minh City: another province


def test_a_province_only_complaint_reaches_the_province_which_answers_it(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    central.cli("staff", "add", "tinh79", "--level", "province", "--area", "79")
    base = root(central)
    code = _file_on_the_form(page, base)
    engine = make_engine(central.database_url)
    try:
        filed = store.get(engine, code)
    finally:
        engine.dispose()
    assert (filed.route, filed.site_code, filed.province_code, filed.commune_code) == \
        ("province", None, "01", None)

    # Another province's officer: not in the list, not found.
    sign_in(page, base, "tinh79")
    assert page.locator("#nav-open").count() == 0
    assert page.goto(f"{base}/dashboard/complaints/{code}").status == 404
    page.click("text=Đăng xuất")

    sign_in(page, base, "tinh01")
    assert page.locator("#nav-open").inner_text() == "1"
    page.goto(f"{base}/dashboard/complaints")
    assert page.locator("#open tbody tr").count() == 1
    assert "Sở Y tế Thành phố Hà Nội" in page.locator("#open tbody tr").inner_text()
    page.click(f"text={code}")
    page.wait_for_url(f"{base}/dashboard/complaints/{code}")
    # Nobody else holds it: how to reach the citizen is shown to the province.
    contact = page.locator("#complaint").inner_text()
    for shown in ("Hoàng Thị Tỉnh", "001096234567", "01/05/1996", "0987 654 321"):
        assert shown in contact

    # Nothing chosen, nothing written: both problems said at once, each under its field,
    # and the page opens on the first (it opened at its top, the error below the fold of
    # an office PC's 768 px).
    page.set_viewport_size({"width": 1366, "height": 768})
    page.click("#answer-send")
    assert page.locator("#action-error").inner_text() == \
        text("DASH_ANSWER_ACTION_REQUIRED", "vi")
    assert page.locator("#note-error").inner_text() == text("COMPLAINT_REPLY_NEEDS_NOTE", "vi")
    assert page.get_attribute("#note", "aria-invalid") == "true"
    assert page.evaluate("document.activeElement.name") == "action"
    assert page.locator("#action-error").evaluate(
        "e => e.getBoundingClientRect().bottom <= window.innerHeight")
    # A rejection without its reason is refused in words, nothing saved, the note kept.
    page.check("input[name=action][value=reject]")
    page.click("#answer-send")
    assert page.locator("#answer [role=alert]").inner_text() == \
        text("COMPLAINT_REJECT_NEEDS_REASON", "vi")
    assert page.locator("#note-error").inner_text() == text("COMPLAINT_REJECT_NEEDS_REASON", "vi")
    assert page.locator("#action-error").count() == 0
    assert page.evaluate("document.activeElement.id") == "note"
    shot(page, "web-dashboard-answer-refused")
    # The province adds no dose and corrects no record: it replies in words or rejects.
    assert page.locator("input[name=action]").evaluate_all(
        "els => els.map(e => e.value)") == ["province_reply", "reject"]
    page.check("input[name=action][value=province_reply]")
    page.fill("#note", "Đã gọi điện, bệnh viện sẽ bổ sung hồ sơ trong tuần.")
    page.click("#answer-send")
    page.wait_for_url(f"{base}/dashboard/complaints/{code}?answered=1")
    assert page.locator("#answered").is_visible()
    facts = page.locator("#complaint").inner_text()
    assert "Đã giải quyết" in facts and "Đã gọi điện, bệnh viện" in facts
    assert page.locator("#answer").count() == 0  # answered: no form any more
    assert page.locator("#nav-open").count() == 0
    shot(page, "web-dashboard-answered")

    engine = make_engine(central.database_url)
    try:
        answered = store.get(engine, code)
        trail = store.events(engine, code)
    finally:
        engine.dispose()
    # No site holds it: the province's reply is its outcome.
    assert (answered.status, answered.resolution.action, answered.resolution.resolved_by) == \
        ("resolved", "province_reply", "tinh01")
    assert trail[-1][0] == "resolved" and trail[-1][2] == "dashboard:tinh01"

    # The citizen reads the outcome by the code: the department's words, no dose claimed.
    page.goto(f"{base}/complaints/status?code={code}")
    outcome = page.locator("#outcome").inner_text()
    assert "Sở Y tế đã trả lời" in outcome and "Đã gọi điện, bệnh viện" in outcome
    assert "Đã giải quyết" in page.locator("#status").inner_text()


def test_the_answer_form_in_english_and_never_for_a_complaint_a_site_holds(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    engine = make_engine(central.database_url)
    try:
        # Commune 00004 has HN-C; An Khánh (09877) none: the province holds that one.
        held, theirs = (store.file(engine, Submission(
            NOT_ON_SYSTEM, number, "Lê Văn Tám", date(1990, 1, 1), phone="0912345678",
            commune_code=commune), "web", utc_now())[0]
            for number, commune in (("001090000401", "09877"), ("001090000402", "00004")))
    finally:
        engine.dispose()
    assert (held.site_code, theirs.site_code) == (None, "HN-C")
    base = root(central)
    sign_in(page, base, "tinh01")

    page.goto(f"{base}/dashboard/complaints/{theirs.code}")
    assert page.locator("#answer").count() == 0
    for private in ("001090000402", "0912345678", "01/01/1990"):
        assert private not in page.content()
    # Posted all the same (a crafted form): refused, nothing changed.
    answer = page.request.post(f"{base}/dashboard/complaints/{theirs.code}",
                               form={"action": "reject", "note": "x", "token": form_token(page)},
                               max_redirects=0)
    assert answer.status == 403

    page.goto(f"{base}/dashboard/complaints/{held.code}?lang=en")
    assert page.locator("#answer h2").inner_text() == "Answer the complaint"
    assert "001090000401" in page.locator("#complaint").inner_text()
    page.check("input[name=action][value=reject]")
    page.fill("#note", "Not vaccinated in this province: call the hospital in Hải Phòng.")
    page.click("#answer-send")
    page.wait_for_url(f"{base}/dashboard/complaints/{held.code}?answered=1&lang=en")
    assert "Not accepted" in page.locator("#complaint").inner_text()
    shot(page, "web-dashboard-answered-en")
    # Answered otherwise meanwhile (another tab, another officer): said, nothing changed.
    again = page.request.post(f"{base}/dashboard/complaints/{held.code}",
                              form={"action": "province_reply", "note": "Đã gọi lại cho chị.",
                                    "token": form_token(page)},
                              max_redirects=0)
    assert again.status == 409
    assert f"Complaint {held.code} was already resolved differently." in again.text()
    # The words typed are given back to copy (a reviewer: they were lost).
    assert "What you wrote (not saved; copy it if you need it): “Đã gọi lại cho chị.”" \
        in again.text()
    engine = make_engine(central.database_url)
    try:
        assert store.get(engine, held.code).status == "rejected"
        assert store.get(engine, theirs.code).status == "open"
    finally:
        engine.dispose()


def test_an_overdue_complaint_raised_to_the_province_is_the_provinces_to_answer_too(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    """The page says overdue complaints are transferred to the province, yet its officers
    had no contact, no form, and a posted answer was refused: only the late site could
    close it. Raised, it is the province's as well, the trail naming the officer: a reply
    in words leaves it the site's to resolve; an outcome stands once (the site's first,
    the province's rejection told so)."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    world = build(central)
    engine = make_engine(central.database_url)
    try:
        # Commune 00004 has HN-C: each goes there; two are past the 48 hours, one not.
        late, also_late, fresh = (store.file(engine, Submission(
            NOT_ON_SYSTEM, number, "Lê Văn Tám", date(1990, 1, 1), phone="0912345678",
            commune_code="00004"), "web", utc_now() - timedelta(hours=hours))[0]
            for number, hours in (("001090000601", 50), ("001090000602", 50),
                                  ("001090000603", 1)))
    finally:
        engine.dispose()
    assert {late.site_code, also_late.site_code, fresh.site_code} == {"HN-C"}
    base = root(central)
    api = f"{base}/api/complaints"
    sign_in(page, base, "tinh01")

    page.goto(f"{base}/dashboard/complaints/{fresh.code}")  # in time: the site's alone
    assert page.locator("#answer").count() == 0 and "001090000603" not in page.content()

    page.goto(f"{base}/dashboard/complaints/{late.code}")
    contact = page.locator("#complaint").inner_text()
    for shown in ("Lê Văn Tám", "001090000601", "01/01/1990", "0912345678", "Trạm Y tế HN-C"):
        assert shown in contact
    assert page.locator("#answer .muted").first.inner_text() == \
        text("DASH_ANSWER_HINT_RAISED", "vi")
    page.check("input[name=action][value=province_reply]")
    page.fill("#note", "Sở đã gọi điện; trạm sẽ bổ sung mũi tiêm trong ngày.")
    page.click("#answer-send")
    page.wait_for_url(f"{base}/dashboard/complaints/{late.code}?answered=1")
    # A reply in words: the site still holds it, to record the citizen's doses.
    assert page.locator("#answered").inner_text() == text("DASH_REPLY_SAVED_OPEN", "vi")
    facts = page.locator("#complaint").inner_text()
    assert "Đang xử lý" in facts and "Sở đã gọi điện; trạm sẽ bổ sung" in facts
    assert "Đã giải quyết" not in facts
    shot(page, "web-dashboard-answered-raised")
    # The site answers afterwards: taken (the reply closed nothing); its pull had the reply.
    site = world.sessions["HN-C"]
    pulled = {c["code"]: c for c in site.get(api).json()["complaints"]}
    assert pulled[late.code]["status"] == "open" and pulled[late.code]["resolution"] is None
    assert pulled[late.code]["province_reply"]["resolved_by"] == "tinh01"
    claim = {"action": "reject", "note": "Không có hồ sơ.", "resolved_by": "Trạm HN-C",
             "resolved_at": utc_now().isoformat(timespec="seconds") + "Z"}
    assert site.post(f"{api}/{late.code}/resolution", json=claim).status_code == 200

    # The site answers first: the province's form, sent after, is told so.
    assert site.post(f"{api}/{also_late.code}/resolution", json=claim).status_code == 200
    refused = page.request.post(f"{base}/dashboard/complaints/{also_late.code}",
                                form={"action": "reject", "note": "x", "token": form_token(page)},
                                max_redirects=0)
    assert refused.status == 409
    assert text("COMPLAINT_RESOLVED_OTHERWISE", "vi", complaint=also_late.code) in \
        refused.text()
    refused = page.request.post(f"{base}/dashboard/complaints/{fresh.code}",
                                form={"action": "reject", "note": "Không có hồ sơ ở tỉnh.",
                                      "token": form_token(page)},
                                max_redirects=0)
    assert refused.status == 403
    assert text("DASH_ANSWER_NOT_HELD", "vi", complaint=fresh.code) in refused.text()
    assert "“Không có hồ sơ ở tỉnh.”" in refused.text()
    # Moved out of the province meanwhile: as a code never in it (404), the words given
    # back all the same (a reviewer: the page said "no such complaint" and dropped them).
    engine = make_engine(central.database_url)
    try:
        elsewhere, _ = store.file(engine, Submission(
            NOT_ON_SYSTEM, "079090000604", "Lê Văn Tám", date(1990, 1, 1),
            phone="0912345678", commune_code=COMMUNE_79), "web", utc_now())
    finally:
        engine.dispose()
    gone = page.request.post(f"{base}/dashboard/complaints/{elsewhere.code}",
                             form={"action": "reject", "note": "Sở đã gọi lại.",
                                   "token": form_token(page)}, max_redirects=0)
    assert gone.status == 404 and "“Sở đã gọi lại.”" in gone.text()
    engine = make_engine(central.database_url)
    try:
        answered, kept = store.get(engine, late.code), store.get(engine, also_late.code)
        trail = store.events(engine, late.code)
        assert store.get(engine, fresh.code).status == "open"
    finally:
        engine.dispose()
    assert (answered.status, answered.resolution.resolved_by) == ("rejected", "Trạm HN-C")
    assert answered.province_reply.resolved_by == "tinh01"
    assert [(a, label) for a, _site, label, _at in trail if a in ("replied", "resolved")] \
        == [("replied", "dashboard:tinh01"), ("resolved", "HN-C")]
    assert (kept.status, kept.resolution.resolved_by) == ("rejected", "Trạm HN-C")


def test_what_has_no_area_reaches_the_national_scope(
        central: LiveServer, page, shot, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "quocgia", "--level", "national", "--area", "VN")
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    # A site created without an area, before that was refused, that never reported.
    monkeypatch.setenv("VAXDESK_CENTRAL_ALLOW_SITE_WITHOUT_AREA", "1")
    central.cli("create-site", "HN-0004", "Trạm Y tế D (không khu vực)")
    engine = make_engine(central.database_url)
    try:
        # Filed through the API with no commune and nothing on record: no area at all.
        nowhere = store.file(engine, Submission(NOT_ON_SYSTEM, "001090000501", "Vũ Thị Hà",
                                                date(1991, 2, 3)), "api", utc_now())[0]
    finally:
        engine.dispose()
    assert (nowhere.site_code, nowhere.province_code, nowhere.commune_code) == \
        (None, None, None)
    base = root(central)

    sign_in(page, base, "tinh01")
    assert page.locator("#unplaced").count() == 0
    assert page.goto(f"{base}/dashboard/complaints/{nowhere.code}").status == 404
    page.click("text=Đăng xuất")

    sign_in(page, base, "quocgia")
    assert page.locator("#nav-open").inner_text() == "1"
    unplaced = page.locator("#unplaced tbody tr")
    assert unplaced.count() == 1
    assert unplaced.inner_text().split("\t")[:2] == ["HN-0004", "Trạm Y tế D (không khu vực)"]
    # Counted among the sites that never reported, with the others of the country.
    assert page.locator("#total tbody tr").inner_text().split("\t")[-2] == "1"
    shot(page, "web-dashboard-national")
    assert page.goto(f"{base}/dashboard?site=HN-0004").status == 200
    page.goto(f"{base}/dashboard/complaints/{nowhere.code}")
    assert "001090000501" in page.locator("#complaint").inner_text()
    assert page.locator("#answer").count() == 1


def test_the_national_list_says_which_province_holds_a_complaint(
        central: LiveServer, monkeypatch) -> None:  # noqa: ANN001
    """The national scope reads every province's complaints that no site holds: each says
    which province's health department holds it ("Sở Y tế Thành phố Hà Nội"), in the
    list, in the counts and on the complaint's page, so the officer knows whom to call
    about the overdue one (each read only "Sở Y tế tỉnh/thành phố"). One whose area
    nobody knows still reads so."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "quocgia", "--level", "national", "--area", "VN")
    engine = make_engine(central.database_url)
    try:
        codes = {}
        for province, id_number in (("01", "001090000301"), ("79", "079090000302"),
                                    (None, "001090000303")):
            sub = Submission(NOT_ON_SYSTEM, id_number, "Lê Văn Tám", date(1990, 1, 1),
                             text="Tra không thấy.")
            codes[province] = store.file(engine, sub, "web", utc_now() - timedelta(hours=50),
                                         province_code=province)[0].code
    finally:
        engine.dispose()
    s = staff_session(central, "quocgia")
    listed = s.get(f"{root(central)}/dashboard/complaints").text
    rows = {p: listed.split(code, 1)[1].split("</tr>", 1)[0] for p, code in codes.items()}
    assert "Sở Y tế Thành phố Hà Nội" in rows["01"], rows["01"]
    assert "Sở Y tế Thành phố Hồ Chí Minh" in rows["79"], rows["79"]
    assert "Sở Y tế tỉnh/thành phố" in rows[None], rows[None]
    counts = listed.split('id="complaints"', 1)[1]
    for held in ("Sở Y tế Thành phố Hà Nội", "Sở Y tế Thành phố Hồ Chí Minh",
                 "Sở Y tế tỉnh/thành phố"):
        assert held in counts
    one = s.get(f"{root(central)}/dashboard/complaints/{codes['79']}?lang=en").text
    assert "Health department of Thành phố Hồ Chí Minh" in one
