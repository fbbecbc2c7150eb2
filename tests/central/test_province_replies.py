"""What the province may answer: it records no dose and corrects no record, so on the
dashboard (a real login over HTTP) and at a terminal it rejects with a reason or replies in
words. A reply on an overdue complaint a site holds leaves it open there: the citizen reads
the reply, never "Missing dose added", and the site still answers with what it did. A reply
is the outcome only of a complaint no site holds. Against a real central server process."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import requests

from central_server.cli import main
from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from desktop_app.rules.messages import text
from desktop_app.wire.complaints import DOSE_MISSING, NOT_ON_SYSTEM, Submission
from tests.central.dashboard_world import PASSWORD, root, staff_session
from tests.live_server import LiveServer

REPLY = "Sở Y tế đã gọi điện cho anh; trạm sẽ bổ sung mũi 2 trong ngày mai."


def bearer(token: str) -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s


def _file(server: LiveServer, number: str, commune: str, *, hours_ago: int, kind: str
          = DOSE_MISSING) -> str:
    engine = make_engine(server.database_url)
    try:
        filed, _ = store.file(engine, Submission(
            kind, number, "Đỗ Minh Tuấn", date(1980, 2, 2), phone="0912345678",
            dose_number=2, commune_code=commune), "web", utc_now() - timedelta(hours=hours_ago))
    finally:
        engine.dispose()
    return filed.code


def _held(server: LiveServer, code: str):  # noqa: ANN202
    engine = make_engine(server.database_url)
    try:
        return store.get(engine, code), store.events(engine, code)
    finally:
        engine.dispose()


def _answer(s: requests.Session, base: str, code: str, action: str, note: str
            ) -> requests.Response:
    page = s.get(f"{base}/dashboard/complaints/{code}")
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    return s.post(f"{base}/dashboard/complaints/{code}", allow_redirects=False,
                  data={"action": action, "note": note, "token": token})


def _plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def province(central: LiveServer, monkeypatch: pytest.MonkeyPatch) -> requests.Session:
    """Site HN-C (commune 00004, province 01), and province 01's officer signed in."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    return staff_session(central, "tinh01")


def test_the_province_cannot_say_a_dose_was_added_and_its_reply_leaves_the_site_at_it(
        central: LiveServer, province: requests.Session) -> None:
    site = bearer(central.cli("create-site", "HN-C", "Trạm Y tế HN-C", "--province", "01",
                              "--commune", "00004"))
    base = root(central)
    code = _file(central, "001080005151", "00004", hours_ago=50)
    page = province.get(f"{base}/dashboard/complaints/{code}")
    assert re.findall(r'name="action" value="([a-z_]+)"', page.text) == \
        ["province_reply", "reject"]

    # A site's action, crafted: refused in words, nothing stored. Nor an empty reply.
    for action in ("add_dose", "correct", "merge"):
        refused = _answer(province, base, code, action, "Đã bổ sung.")
        assert refused.status_code == 422, action
        assert text("COMPLAINT_STAFF_ACTION", "vi") in refused.text
    empty = _answer(province, base, code, "province_reply", "  ")
    assert empty.status_code == 422
    assert text("COMPLAINT_REPLY_NEEDS_NOTE", "vi") in empty.text
    held, trail = _held(central, code)
    assert (held.status, held.resolution, held.province_reply) == ("open", None, None)
    assert {a for a, *_ in trail} <= {"filed", "escalated"}

    replied = _answer(province, base, code, "province_reply", REPLY)
    assert replied.status_code == 303
    after = province.get(f"{base}{replied.headers['location']}")
    assert text("DASH_REPLY_SAVED_OPEN", "vi") in after.text
    assert REPLY in _plain(after.text)
    held, trail = _held(central, code)
    assert (held.status, held.resolution) == ("open", None)
    assert (held.province_reply.action, held.province_reply.note,
            held.province_reply.resolved_by) == ("province_reply", REPLY, "tinh01")
    assert trail[-1][0] == "replied" and trail[-1][2] == "dashboard:tinh01"
    # The same reply again (a double click) is one reply.
    assert _answer(province, base, code, "province_reply", REPLY).status_code == 303
    assert [a for a, *_ in _held(central, code)[1]].count("replied") == 1

    # The citizen reads the reply, and that the complaint is still being handled.
    status = _plain(requests.get(f"{base}/complaints/status", params={"code": code}).text)
    assert "Tình trạng Đang xử lý" in status and f"Sở Y tế trả lời {REPLY}" in status
    for said in ("Đã bổ sung mũi tiêm", "Đã giải quyết", "Đã sửa thông tin"):
        assert said not in status

    # The site pulls it open, with the reply; its answer, made after, is taken.
    [pulled] = site.get(f"{base}/api/complaints").json()["complaints"]
    assert (pulled["status"], pulled["resolution"]) == ("open", None)
    assert pulled["province_reply"]["note"] == REPLY
    done = site.post(f"{base}/api/complaints/{code}/resolution", json={
        "action": "add_dose", "note": "Đã bổ sung mũi 2.", "resolved_by": "Trạm HN-C",
        "resolved_at": utc_now().isoformat() + "Z"})
    assert done.status_code == 200, done.text
    status = _plain(requests.get(f"{base}/complaints/status", params={"code": code}).text)
    assert "Đã giải quyết" in status and "Đã bổ sung mũi tiêm Đã bổ sung mũi 2." in status
    # Answered: no form, a late reply is told so.
    assert 'name="action"' not in province.get(f"{base}/dashboard/complaints/{code}").text
    assert _answer_blind(province, base, code, "province_reply", "x").status_code == 409


def _answer_blind(s: requests.Session, base: str, code: str, action: str, note: str
                  ) -> requests.Response:
    """A form sent from a page loaded before the complaint was answered (its token is the
    session's, which every page of it carries)."""
    page = s.get(f"{base}/dashboard")
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    return s.post(f"{base}/dashboard/complaints/{code}", allow_redirects=False,
                  data={"action": action, "note": note, "token": token})


def test_a_reply_is_the_outcome_where_no_site_holds_it_and_a_rejection_closes_a_sites(
        central: LiveServer, province: requests.Session) -> None:
    site = bearer(central.cli("create-site", "HN-C", "Trạm Y tế HN-C", "--province", "01",
                              "--commune", "00004"))
    base = root(central)
    # An Khánh (09877) has no site: the province holds it, fresh as it is.
    nobody = _file(central, "001090000401", "09877", hours_ago=1, kind=NOT_ON_SYSTEM)
    assert _answer(province, base, nobody, "province_reply", REPLY).status_code == 303
    held, _ = _held(central, nobody)
    assert (held.status, held.resolution.action, held.province_reply) == \
        ("resolved", "province_reply", None)
    status = _plain(requests.get(f"{base}/complaints/status", params={"code": nobody}).text)
    assert f"Kết quả Sở Y tế đã trả lời {REPLY}" in status

    # The province may reject a site's overdue complaint: that closes it, for the site's
    # own answer in words too; but a dose the site recorded for it meanwhile (offline, say)
    # stands over the rejection: the record changed, and the citizen must read that.
    late = _file(central, "001080005152", "00004", hours_ago=50)
    assert _answer(province, base, late, "reject", "Anh đã tiêm mũi 2 ở tỉnh khác.") \
        .status_code == 303
    said = {"action": "reject", "note": "Hồ sơ đúng.", "resolved_by": "Trạm HN-C",
            "resolved_at": utc_now().isoformat() + "Z"}
    assert site.post(f"{base}/api/complaints/{late}/resolution", json=said).status_code == 409
    claim = {"action": "add_dose", "note": "", "resolved_by": "Trạm HN-C",
             "resolved_at": utc_now().isoformat() + "Z", "dose_ids": ["d2"]}
    added = site.post(f"{base}/api/complaints/{late}/resolution", json=claim)
    assert (added.status_code, added.json()["status"]) == (200, "resolved")
    # A site cannot answer as the province.
    open_one = _file(central, "001080005153", "00004", hours_ago=1)
    posing = site.post(f"{base}/api/complaints/{open_one}/resolution",
                       json=claim | {"action": "province_reply", "note": "Sở đã trả lời."})
    assert posing.status_code == 422
    assert posing.json()["issue"][0]["details"]["text"] == \
        text("COMPLAINT_REPLY_NOT_A_SITES", "vi")
    assert _held(central, open_one)[0].province_reply is None


def test_central_staff_at_a_terminal_reply_or_reject_as_the_province_does(
        central: LiveServer, capsys: pytest.CaptureFixture[str]) -> None:
    central.cli("create-site", "HN-C", "Trạm Y tế HN-C", "--province", "01",
                "--commune", "00004")
    code = _file(central, "001080005151", "00004", hours_ago=50)
    run = ["--database-url", central.database_url, "--operator", "Nguyễn Văn An",
           "complaints", "resolve", code]
    capsys.readouterr()
    with pytest.raises(SystemExit) as refused:  # not a choice at all
        main([*run, "--action", "add_dose", "--note", "Đã bổ sung."])
    assert refused.value.code == 2
    assert "invalid choice: 'add_dose'" in capsys.readouterr().err
    assert main([*run, "--action", "province_reply"]) == 2
    said = capsys.readouterr().err
    assert text("COMPLAINT_REPLY_NEEDS_NOTE", "vi") in said
    assert text("COMPLAINT_REPLY_NEEDS_NOTE", "en") in said
    assert main([*run, "--action", "province_reply", "--note", REPLY]) == 0
    assert capsys.readouterr().out.strip() == f"{code}: open (replied; still open at its site)"
    held, trail = _held(central, code)
    assert (held.status, held.resolution, held.province_reply.resolved_by) == \
        ("open", None, "Nguyễn Văn An")
    assert trail[-1][0] == "replied" and trail[-1][2] == "cli:Nguyễn Văn An"
