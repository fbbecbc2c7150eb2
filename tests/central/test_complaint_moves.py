"""A complaint routed to the wrong site leaves it: the site hands it back to the province
(``POST /api/complaints/{code}/hand-back``), or the province moves it to the right site
(``vaxdesk-central complaints route``, the dashboard). The site it left still pulls it,
reduced to what anyone holding the code reads, and follows it by code; the site it went to
pulls it whole. Against a real central server process."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
import requests
from sqlalchemy import text

from central_server.cli import main
from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import Principal, utc_now
from desktop_app.wire.complaints import (
    DOSE_MISSING,
    NOT_ON_SYSTEM,
    REASON_MAX,
    Submission,
)
from tests.central.dashboard_world import PASSWORD, root, staff_session
from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

KNOWN_ID = "001090000001"  # has a dose at site A
REASON = "Người dân tiêm ở Trạm Y tế Phường Ba Đình, không phải ở đây."


def _session(token: str) -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s


def _api(server: LiveServer) -> str:
    return root(server) + "/api/complaints"


def _world(server: LiveServer) -> dict[str, Any]:
    """Site A (Hoàn Kiếm ward, the citizen's dose), site B (Ba Đình ward), both in Hà Nội,
    and central staff."""
    a = _session(server.cli("create-site", "HN-0001", "Trạm Y tế Phường Hoàn Kiếm",
                             "--province", "01", "--commune", "00070"))
    b = _session(server.cli("create-site", "HN-0002", "Trạm Y tế Phường Ba Đình",
                            "--province", "01", "--commune", "00004"))
    person = patient("HN-0001", id_number=KNOWN_ID)
    assert a.post(server.url, json=batch(person, immunization(person["id"], "HN-0001"))).ok
    return {"A": a, "B": b, "central": _session(server.cli("issue-token", "--central")),
            "person": person["id"]}


def _file(who: dict[str, Any], server: LiveServer, id_number: str = KNOWN_ID,
          kind: str = DOSE_MISSING) -> str:
    sub = Submission(kind, id_number, "Lê Văn Tám", date(1990, 1, 1), phone="0912345678",
                     dose_number=2 if kind == DOSE_MISSING else None, text="Thiếu mũi 2")
    filed = who["central"].post(_api(server), json=sub.as_json())
    assert filed.status_code == 201, filed.text
    return filed.json()["code"]


def _hand_back(s: requests.Session, server: LiveServer, code: str, reason: str = REASON,
               **more: Any) -> requests.Response:
    return s.post(f"{_api(server)}/{code}/hand-back", json={
        "reason": reason, "by": "Lan", "at": "2026-12-02T08:00:00Z", **more})


def _pulled(s: requests.Session, server: LiveServer) -> dict[str, dict[str, Any]]:
    answer = s.get(_api(server))
    assert answer.status_code == 200, answer.text
    return {c["code"]: c for c in answer.json()["complaints"]}


def _stored(server: LiveServer, code: str) -> tuple[Any, list[Any], list[Any]]:
    engine = make_engine(server.database_url)
    try:
        return (store.get(engine, code), store.events(engine, code),
                store.departures(engine, code))
    finally:
        engine.dispose()


def _code_of(refused: requests.Response) -> list[str]:
    return [i["details"]["coding"][0]["code"] for i in refused.json()["issue"]]


def test_the_site_holding_a_complaint_hands_it_back_to_the_province(
        central: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    who = _world(central)
    code = _file(who, central)
    before, _, _ = _stored(central, code)
    assert before.site_code == "HN-0001"

    # Not B's; never central staff's (they move it instead); a reason required, and short.
    assert _code_of(_hand_back(who["B"], central, code)) == ["COMPLAINT_NOT_YOURS"]
    assert _hand_back(who["B"], central, code).status_code == 403
    staff = _hand_back(who["central"], central, code)
    assert (staff.status_code, _code_of(staff)) == (403, ["COMPLAINT_HAND_BACK_STAFF"])
    no_reason = _hand_back(who["A"], central, code, reason="   ")
    assert (no_reason.status_code, _code_of(no_reason)) == (
        422, ["COMPLAINT_HAND_BACK_NEEDS_REASON"])
    assert no_reason.json()["issue"][0]["expression"] == ["reason"]
    too_long = _hand_back(who["A"], central, code, reason="x" * (REASON_MAX + 1))
    assert (too_long.status_code, _code_of(too_long)) == (422, ["COMPLAINT_NOTE_TOO_LONG"])
    no_time = who["A"].post(f"{_api(central)}/{code}/hand-back", json={"reason": REASON})
    assert no_time.status_code == 400
    unknown = _hand_back(who["A"], central, "PA-00000000")
    assert (unknown.status_code, _code_of(unknown)) == (404, ["COMPLAINT_NOT_FOUND"])
    assert _stored(central, code)[0] == before  # nothing of that changed anything

    left = _hand_back(who["A"], central, code.lower())
    assert left.status_code == 200, left.text
    body = left.json()
    assert (body["code"], body["site_code"], body["route"], body["province_code"],
            body["patient_ids"], body["status"]) == (code, None, "province", None, [], "open")
    held, trail, gone = _stored(central, code)
    # The province that handled it at A holds it now; the citizen's 48 hours run on.
    assert (held.site_code, held.route, held.province_code, held.commune_code) == \
        (None, "province", "01", "00070")
    assert (held.received_at, held.due_at) == (before.received_at, before.due_at)
    assert held.changed_at > before.changed_at
    assert trail[-1][:3] == ("handed_back", "HN-0001", "HN-0001")
    assert [(site, reason) for site, reason, _, _ in gone] == [("HN-0001", REASON)]

    # A lost answer retried: the same answer, nothing changed.
    again = _hand_back(who["A"], central, code)
    assert (again.status_code, again.json()) == (200, body)
    assert _stored(central, code)[:2] == (held, trail)

    # A's pull reads it reduced, B's not at all; staff read it whole.
    assert _pulled(who["A"], central)[code] == body
    assert code not in _pulled(who["B"], central)
    assert _pulled(who["central"], central)[code]["province_code"] == "01"

    # The province's officer lists it, held by the province, and may answer it.
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    officer = staff_session(central, "tinh01")
    listed = officer.get(f"{root(central)}/dashboard/complaints").text
    assert code in listed and "Sở Y tế Thành phố Hà Nội" in listed
    page = officer.get(f"{root(central)}/dashboard/complaints/{code}").text
    assert 'id="answer"' in page and 'id="move"' in page


def test_a_resolved_complaint_is_not_handed_back(central: LiveServer) -> None:
    who = _world(central)
    code = _file(who, central)
    done = who["A"].post(f"{_api(central)}/{code}/resolution", json={
        "action": "reject", "note": "Hồ sơ đúng.", "resolved_by": "Hoa",
        "resolved_at": "2026-12-02T08:00:00Z"})
    assert done.status_code == 200, done.text
    late = _hand_back(who["A"], central, code)
    assert (late.status_code, _code_of(late)) == (409, ["COMPLAINT_RESOLVED_OTHERWISE"])
    assert _stored(central, code)[0].site_code == "HN-0001"


def test_the_province_moves_a_complaint_and_the_site_it_left_follows_it_by_code(
        central: LiveServer) -> None:
    who = _world(central)
    code = _file(who, central)
    api = _api(central)
    refusals = [("HN-9999", "Nhầm nơi."), ("HN-0001", "Nhầm nơi."), ("HN-0002", " ")]
    for site, reason in refusals:
        assert main(["--database-url", central.database_url, "complaints", "route", code,
                     "--site", site, "--reason", reason]) == 2
    assert _stored(central, code)[0].site_code == "HN-0001"

    said = central.cli("complaints", "route", code, "--site", "HN-0002", "--reason", REASON,
                       "--by", "Nguyễn Văn Tỉnh")
    assert said == f"{code}: now with HN-0002"
    held, trail, gone = _stored(central, code)
    assert (held.site_code, held.route, held.province_code, held.commune_code) == \
        ("HN-0002", "site", "01", "00004")
    assert trail[-1][:3] == ("rerouted", None, "cli:Nguyễn Văn Tỉnh")
    assert [(site, reason) for site, reason, _, _ in gone] == [("HN-0001", REASON)]

    # B pulls it whole (none of its own records matched it), A reduced, and A follows it.
    at_b = _pulled(who["B"], central)[code]
    assert (at_b["site_code"], at_b["route"], at_b["patient_ids"]) == ("HN-0002", "site", [])
    at_a = _pulled(who["A"], central)[code]
    assert (at_a["site_code"], at_a["patient_ids"], at_a["route"]) == (None, [], "province")
    [followed] = who["A"].get(f"{api}/filed", params={"code": code}).json()["complaints"]
    assert (followed["code"], followed["status"]) == (code, "open")
    assert who["B"].get(f"{api}/filed", params={"code": code}).json() == {"complaints": []}

    # B answers; A reads the outcome as the citizen does: no one's name, no records.
    answered = who["B"].post(f"{api}/{code}/resolution", json={
        "action": "add_dose", "note": "Đã bổ sung mũi 2.", "resolved_by": "Hoa",
        "resolved_at": "2026-12-02T09:00:00Z", "person_id": "p-at-b",
        "dose_ids": ["d-at-b"]})
    assert answered.status_code == 200, answered.text
    at_a = _pulled(who["A"], central)[code]
    assert at_a["status"] == "resolved"
    assert at_a["resolution"] == {**at_a["resolution"], "action": "add_dose",
                                  "note": "Đã bổ sung mũi 2.", "resolved_by": "",
                                  "person_id": None, "dose_ids": [], "merged_id": None}
    [followed] = who["A"].get(f"{api}/filed", params={"code": code}).json()["complaints"]
    assert (followed["status"], followed["note"]) == ("resolved", "Đã bổ sung mũi 2.")
    # Answered, it moves no more.
    assert main(["--database-url", central.database_url, "complaints", "route", code,
                 "--site", "HN-0001", "--reason", "Trả lại."]) == 2


def test_a_complaint_moved_back_is_its_sites_own_again(central: LiveServer) -> None:
    who = _world(central)
    code = _file(who, central)
    assert _hand_back(who["A"], central, code).status_code == 200
    central.cli("complaints", "route", code, "--site", "HN-0002", "--reason", "Thử B.")
    central.cli("complaints", "route", code, "--site", "HN-0001", "--reason", "Đúng là A.")
    at_a = _pulled(who["A"], central)[code]
    assert (at_a["site_code"], at_a["patient_ids"]) == ("HN-0001", [who["person"]])
    assert who["A"].get(f"{_api(central)}/filed", params={"code": code}).json() == \
        {"complaints": []}
    at_b = _pulled(who["B"], central)[code]
    assert (at_b["site_code"], at_b["patient_ids"]) == (None, [])
    # Handed back by A before: held again, A may hand it back again.
    assert _hand_back(who["A"], central, code, reason="Vẫn không phải.").status_code == 200
    assert _stored(central, code)[0].site_code is None
    assert [r for s, r, _, _ in _stored(central, code)[2] if s == "HN-0001"] == \
        ["Vẫn không phải."]


def test_a_sites_pull_pages_exactly_across_its_own_and_those_that_left_it(
        any_central: LiveServer) -> None:
    who = _world(any_central)
    mine = [_file(who, any_central) for _ in range(3)]
    theirs = [_file(who, any_central, f"00109000009{i}", NOT_ON_SYSTEM) for i in range(2)]
    engine = make_engine(any_central.database_url)
    try:
        for code in theirs:  # B's from the start, never A's: A never reads them
            store.reroute(engine, code, "HN-0002", Principal(None, "central:test"), utc_now(),
                          "Ở B.")
    finally:
        engine.dispose()
    assert _hand_back(who["A"], any_central, mine[0]).status_code == 200
    any_central.cli("complaints", "route", mine[1], "--site", "HN-0002", "--reason", "B.")
    assert _hand_back(who["A"], any_central, mine[2]).status_code == 200
    any_central.cli("complaints", "route", mine[2], "--site", "HN-0001", "--reason", "A.")
    # Older changes after newer: each one's latest change time is where it sits.
    assert who["B"].post(f"{_api(any_central)}/{mine[1]}/resolution", json={
        "action": "reject", "note": "Không phải.", "resolved_by": "Hoa",
        "resolved_at": "2026-12-02T09:00:00Z"}).status_code == 200

    whole = who["A"].get(_api(any_central)).json()
    assert whole["next_since"] is None
    everything = [c["code"] for c in whole["complaints"]]
    assert sorted(everything) == sorted(mine)
    assert everything == [mine[0], mine[2], mine[1]]  # by their latest change
    for count in (1, 2):
        paged, since = [], None
        while True:
            params = {"_count": count, **({"since": since} if since else {})}
            page = who["A"].get(_api(any_central), params=params).json()
            paged += [c["code"] for c in page["complaints"]]
            since = page["next_since"]
            if since is None:
                break
        assert paged == everything, count



def test_a_sites_pull_reads_its_own_and_those_that_left_it_each_by_its_index(
        tmp_path, monkeypatch) -> None:
    """On PostgreSQL an OR of the two is a filter over every complaint changed since the
    site's cursor, nationwide (measured: 199,560 of 200,000 read and dropped for a first
    pull); read apart, each part goes by its own index. Looked at as SQLite plans each
    part (an empty PostgreSQL store plans a table scan whatever the indexes)."""
    from central_server.db import time_pages

    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    plans: list[str] = []
    real = time_pages.time_page

    def planned(conn, query, when, **kw):  # noqa: ANN001, ANN202
        for part in (query, kw.get("beside")):
            statement = part.where(when >= utc_now()).order_by(when).limit(3).compile(
                engine, compile_kwargs={"literal_binds": True})
            plans.append(" ".join(str(r[-1]) for r in conn.execute(text(
                f"EXPLAIN QUERY PLAN {statement}"))))
        return real(conn, query, when, **kw)

    monkeypatch.setattr(store, "time_page", planned)
    try:
        assert store.since_for_site(engine, "HN-0001", utc_now(), 10)["complaints"] == []
    finally:
        engine.dispose()
    own, left = plans
    assert "ix_complaint_site_changed" in own, own
    assert "ix_complaint_departure_site" in left, left


def test_a_complaint_routed_here_between_the_pulls_two_parts_is_not_passed_over(
        postgres_url: str, monkeypatch) -> None:
    """PostgreSQL read the site's own complaints and those that left it in two statements,
    each with its own snapshot: a complaint routed to A between them, then one leaving A,
    came as the page's newest, and the cursor moved past the first for good (it reached A
    at its escalation, 48 hours late; a reviewer's reproduction). One snapshot now."""
    import uuid

    import sqlalchemy

    from central_server import areas
    from central_server.auth import create_site

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    engine = make_engine(sqlalchemy.make_url(postgres_url).set(database=name)
                         .render_as_string(hide_password=False))
    for code, commune in (("HN-0001", "00070"), ("HN-0002", "00004")):
        create_site(engine, code, f"Trạm Y tế {code}")
        areas.set_area(engine, code, areas.Area("01", None, commune))

    def filed(n: int) -> Any:
        sub = Submission(DOSE_MISSING, f"00109000{n:04d}", "Lê Văn Tám", date(1990, 1, 1),
                         dose_number=2, commune_code="00070", text="Thiếu mũi 2")
        return store.file(engine, sub, "web", utc_now())[0]

    leaving = filed(1)
    since = filed(2).changed_at
    real, late = store.time_page, {}

    def racing(conn, query, when, **kw):  # noqa: ANN001, ANN202
        class Between:  # the writes land after the page's first statement
            calls = 0

            def execute(self, statement, *a, **k):  # noqa: ANN001, ANN202
                out = conn.execute(statement, *a, **k)
                Between.calls += 1
                if Between.calls == 1:
                    late["new"] = filed(3)
                    store.reroute(engine, leaving.code, "HN-0002", Principal(None, "c:t"),
                                  utc_now(), "Ở Ba Đình.")
                return out
        return real(Between(), query, when, **kw)

    monkeypatch.setattr(store, "time_page", racing)
    first = store.since_for_site(engine, "HN-0001", since, 50)
    monkeypatch.setattr(store, "time_page", real)
    cursor = first["next_since"] or max(c["changed_at"] for c in first["complaints"])
    then = store.since_for_site(engine, "HN-0001", datetime.fromisoformat(
        cursor.removesuffix("Z")), 50)
    engine.dispose()
    seen = [c["code"] for c in (*first["complaints"], *then["complaints"])]
    assert late["new"].code in seen
    assert len(first["complaints"]) == len({c["code"] for c in first["complaints"]})
