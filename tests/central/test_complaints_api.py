"""Complaints through the real central server: filed, routed to the nearest site, pulled by
that site alone, resolved once, and raised to the province when overdue."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import requests

from central_server import lookup_log
from central_server.complaints import store, tallies
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from desktop_app.wire.complaints import (
    DETAILS_WRONG,
    DOSE_MISSING,
    NOT_ON_SYSTEM,
    ROUTE_COMMUNE,
    ROUTE_PROVINCE,
    ROUTE_SITE,
    Submission,
)
from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

KNOWN_ID = "001090000001"  # has doses at site A
STRANGER_ID = "001090000077"  # nowhere on the platform


@pytest.fixture
def central(tmp_path) -> Any:  # noqa: ANN001
    server = LiveServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "central.log")
    server.start()
    yield server
    server.stop()


def _session(token: str) -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s


def _api(server: LiveServer) -> str:
    return server.url.rsplit("/fhir", 1)[0] + "/api/complaints"


def _world(server: LiveServer) -> dict[str, requests.Session]:
    """Site A in Hoàn Kiếm ward with the known citizen's two doses, site B in Ba Đình ward,
    and central staff."""
    a = _session(server.cli("create-site", "HN-0001", "Trạm Y tế Phường Hoàn Kiếm",
                             "--province", "01", "--commune", "00070"))
    b = _session(server.cli("create-site", "HN-0002", "Trạm Y tế Phường Ba Đình",
                            "--province", "01", "--commune", "00004"))
    person = patient("HN-0001", id_number=KNOWN_ID)
    sent = a.post(server.url, json=batch(
        person, immunization(person["id"], "HN-0001"),
        immunization(person["id"], "HN-0001", dose_number=2, dose_date="2021-10-01")))
    assert [e["response"]["status"] for e in sent.json()["entry"]] == ["201 Created"] * 3
    return {"A": a, "B": b, "central": _session(server.cli("issue-token", "--central"))}


def _complaint(id_number: str, kind: str = DOSE_MISSING, **more: Any) -> dict[str, Any]:
    sub = Submission(kind, id_number, "Lê Văn Tám", date(1990, 1, 1), phone="0912345678",
                     dose_number=3 if kind == DOSE_MISSING else None, text="Thiếu mũi 3")
    return sub.as_json() | more


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value.removesuffix("Z"))


def _codes(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [c["code"] for c in response.json()["complaints"]]


def test_each_route_reaches_its_site_and_only_that_site(any_central: LiveServer) -> None:
    who = _world(any_central)
    url = _api(any_central)
    # The citizen's doses were recorded at A: A handles it, whatever commune they name.
    at_a = who["central"].post(url, json=_complaint(KNOWN_ID, commune_code="00004"))
    assert at_a.status_code == 201, at_a.text
    assert (at_a.json()["route"], at_a.json()["site_code"]) == (ROUTE_SITE, "HN-0001")
    assert at_a.json()["patient_ids"] and at_a.json()["province_code"] == "01"
    # No record, but the commune has a site.
    at_b = who["central"].post(url, json=_complaint(STRANGER_ID, NOT_ON_SYSTEM,
                                                    commune_code="00004"))
    assert (at_b.json()["route"], at_b.json()["site_code"]) == (ROUTE_COMMUNE, "HN-0002")
    assert at_b.json()["commune_code"] == "00004"
    # Neither: Bạch Mai ward has no site, so the province (Hà Nội) takes it.
    up = who["central"].post(url, json=_complaint(STRANGER_ID, DETAILS_WRONG,
                                                  commune_code="00277"))
    assert (up.json()["route"], up.json()["site_code"], up.json()["province_code"]) == (
        ROUTE_PROVINCE, None, "01")

    assert _codes(who["A"].get(url)) == [at_a.json()["code"]]
    assert _codes(who["B"].get(url)) == [at_b.json()["code"]]
    everything = _codes(who["central"].get(url))
    assert len(everything) == 3
    first_two = who["central"].get(url, params={"_count": 2}).json()
    rest = who["central"].get(url, params={"since": first_two["next_since"], "_count": 2})
    assert [c["code"] for c in first_two["complaints"]] + _codes(rest) == everything
    assert rest.json()["next_since"] is None
    assert requests.get(url).status_code == 401


def test_the_routed_site_resolves_once_and_the_pull_carries_the_change(
    central: LiveServer,
) -> None:
    who = _world(central)
    url = _api(central)
    code = who["A"].post(url, json=_complaint(KNOWN_ID, channel="hotline")).json()["code"]
    first = who["A"].get(url).json()["complaints"][0]
    assert first["submission"]["channel"] == "hotline" and first["status"] == "open"
    resolution = {"action": "add_dose", "note": "Đã bổ sung mũi 3", "resolved_by": "Hoa",
                  "resolved_at": "2026-12-01T09:00:00Z", "person_id": first["patient_ids"][0],
                  "dose_ids": ["d3"]}

    assert who["B"].post(f"{url}/{code}/resolution", json=resolution).status_code == 403
    done = who["A"].post(f"{url}/{code.lower()}/resolution", json=resolution)
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "resolved"
    again = who["A"].post(f"{url}/{code}/resolution", json=resolution)  # a lost answer
    assert again.status_code == 200 and again.json()["changed_at"] == done.json()["changed_at"]
    other = who["A"].post(f"{url}/{code}/resolution", json=resolution | {"action": "correct"})
    assert other.status_code == 409
    assert other.json()["issue"][0]["details"]["coding"][0]["code"] == \
        "COMPLAINT_RESOLVED_OTHERWISE"
    assert who["A"].post(f"{url}/PA-00000000/resolution", json=resolution).status_code == 404

    # Pulling from where the site left off brings the resolved complaint back, once.
    pulled = who["A"].get(url, params={"since": first["changed_at"]}).json()
    assert [(c["code"], c["status"]) for c in pulled["complaints"]] == [(code, "resolved")]
    assert pulled["complaints"][0]["resolution"]["note"] == "Đã bổ sung mũi 3"


def test_a_rejection_needs_a_reason_and_becomes_rejected(central: LiveServer) -> None:
    who = _world(central)
    url = _api(central)
    code = who["central"].post(url, json=_complaint(KNOWN_ID)).json()["code"]
    reject = {"action": "reject", "note": " ", "resolved_by": "Hoa",
              "resolved_at": "2026-12-01T09:00:00Z"}
    bare = who["A"].post(f"{url}/{code}/resolution", json=reject)
    assert bare.status_code == 422
    assert bare.json()["issue"][0]["expression"] == ["note"]
    said = who["A"].post(f"{url}/{code}/resolution",
                         json=reject | {"note": "Mũi 3 đã có trên hệ thống từ 02/2022."})
    assert said.json()["status"] == "rejected"
    other = who["central"].post(url, json=_complaint(KNOWN_ID, kind=DETAILS_WRONG)).json()
    engine = make_engine(central.database_url)
    try:  # the dashboard's list reads the open ones only, not every complaint ever filed
        assert [c.code for c in store.listing(engine, utc_now(), open_only=True)] == \
            [other["code"]]
        assert len(store.listing(engine, utc_now())) == 2
    finally:
        engine.dispose()


def test_a_bad_complaint_names_each_field_in_vietnamese_and_stores_nothing(
    central: LiveServer,
) -> None:
    who = _world(central)
    url = _api(central)
    bad = _complaint("12", full_name="", dose_number=None, phone="123")
    refused = who["A"].post(url, json=bad)
    assert refused.status_code == 422
    issues = refused.json()["issue"]
    assert {i["expression"][0] for i in issues} == {"id_number", "full_name", "phone",
                                                     "dose_number"}
    by_field = {i["expression"][0]: i["details"]["text"] for i in issues}
    assert "CCCD có 12 chữ số" in by_field["id_number"]
    assert who["A"].post(url, json={"kind": "nonsense"}).status_code == 400
    assert _codes(who["central"].get(url)) == []


def test_an_overdue_complaint_rises_to_the_province_and_its_site_pulls_that(
    central: LiveServer,
) -> None:
    who = _world(central)
    url = _api(central)
    engine = make_engine(central.database_url)
    three_days_ago = utc_now() - timedelta(days=3)
    sub = Submission(DOSE_MISSING, KNOWN_ID, "Lê Văn Tám", date(1990, 1, 1), dose_number=3)
    old, _ = store.file(engine, sub, "web", three_days_ago)
    fresh = who["central"].post(url, json=_complaint(KNOWN_ID)).json()
    engine.dispose()

    pulled = {c["code"]: c for c in who["A"].get(url).json()["complaints"]}
    assert pulled[old.code]["escalated"] is True
    assert pulled[fresh["code"]]["escalated"] is False
    # The escalation is a change the site had not seen: it travels after the filing.
    assert _moment(pulled[old.code]["changed_at"]) > _moment(fresh["changed_at"])
    engine = make_engine(central.database_url)
    assert store.escalate_overdue(engine, utc_now()) == 0
    assert tallies.open_counts(engine, utc_now()) == [
        tallies.OpenCount("HN-0001", "01", "00070", open=2, overdue=1)]
    engine.dispose()
    listed = central.cli("complaints", "--overdue")
    assert old.code in listed and fresh["code"] not in listed and "OVERDUE" in listed


def test_the_public_status_page_writes_nothing_yet_says_an_overdue_complaint_was_raised(
    central: LiveServer,
) -> None:
    """Anyone may load the status page as often as they like, so it must not write to the
    database; a site's pull still escalates, and the page said so all along."""
    import sqlite3

    who = _world(central)
    engine = make_engine(central.database_url)
    sub = Submission(DOSE_MISSING, KNOWN_ID, "Lê Văn Tám", date(1990, 1, 1), dose_number=3)
    old, _ = store.file(engine, sub, "web", utc_now() - timedelta(days=3))
    page = central.url.rsplit("/fhir", 1)[0] + f"/complaints/status?code={old.code}"
    # data_version moves when any other connection commits: the server's writes included.
    watch = sqlite3.connect(central.database_url.removeprefix("sqlite:///"))
    before = watch.execute("PRAGMA data_version").fetchone()[0]
    for _ in range(5):
        shown = requests.get(page, timeout=10)
        assert shown.status_code == 200
        assert "đã báo lên Sở Y tế" in shown.text  # overdue: raised to the province
    assert watch.execute("PRAGMA data_version").fetchone()[0] == before
    assert store.get(engine, old.code).escalated is False

    assert _codes(who["A"].get(_api(central))) == [old.code]  # the site's sync pulls
    assert watch.execute("PRAGMA data_version").fetchone()[0] != before
    assert store.get(engine, old.code).escalated is True
    assert "đã báo lên Sở Y tế" in requests.get(page, timeout=10).text
    watch.close()
    engine.dispose()


def test_a_hotline_upload_repeated_files_one_complaint_per_site_entry(
        central: LiveServer) -> None:
    """The site sends its entry's id with the call: the same upload again (its answer was
    lost on the line) gets the complaint already filed, not a second code."""
    who = _world(central)
    url = _api(central)
    call = _complaint(KNOWN_ID, channel="hotline") | {"entry_id": "01JENTRY0001"}
    first = who["A"].post(url, json=call)
    again = who["A"].post(url, json=call)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["code"] == first.json()["code"]
    elsewhere = who["B"].post(url, json=call)  # another site's entry of the same id
    assert elsewhere.status_code == 201 and elsewhere.json()["code"] != first.json()["code"]
    assert len(who["central"].get(url).json()["complaints"]) == 2


def test_times_from_a_laptop_clock_that_lies_do_not_reach_the_citizen(
        central: LiveServer) -> None:
    """A laptop whose clock fell back to 2000: its call counts from its upload (not a
    month ago, escalated at once), and its resolution from the call, not from 2000."""
    who = _world(central)
    url = _api(central)
    before = utc_now()
    filed = who["A"].post(url, json=_complaint(KNOWN_ID, channel="hotline",
                                               taken_at="2000-01-01T00:00:00Z")).json()
    assert _moment(filed["received_at"]) >= before.replace(microsecond=0)
    assert filed["escalated"] is False
    resolution = {"action": "reject", "note": "Đã có trên hệ thống", "resolved_by": "Hoa",
                  "resolved_at": "2000-01-01T00:00:00Z"}
    done = who["A"].post(f"{url}/{filed['code']}/resolution", json=resolution)
    assert done.status_code == 200, done.text
    assert _moment(done.json()["resolution"]["resolved_at"]) >= _moment(filed["received_at"])


def test_who_filed_resolved_and_raised_a_complaint_is_kept_by_access_code(
        central: LiveServer) -> None:
    """The complaint keeps what the site said (its clerk's typed name); the platform keeps
    whose access code said it, and that the platform itself raised one overdue."""
    who = _world(central)
    url = _api(central)
    code = who["A"].post(url, json=_complaint(KNOWN_ID, channel="hotline")).json()["code"]
    resolution = {"action": "reject", "note": "Đã có trên hệ thống", "resolved_by": "Ai đó",
                  "resolved_at": "2026-12-01T09:00:00Z"}
    assert who["A"].post(f"{url}/{code}/resolution", json=resolution).status_code == 200
    engine = make_engine(central.database_url)
    trail = store.events(engine, code)
    assert [(a, site, label) for a, site, label, _at in trail] == [
        ("filed", "HN-0001", "HN-0001"), ("resolved", "HN-0001", "HN-0001")]
    sub = Submission(DETAILS_WRONG, STRANGER_ID, "Lê Văn Tám", date(1990, 1, 1), text="Sai")
    old, _ = store.file(engine, sub, "web", utc_now() - timedelta(days=3))
    assert store.escalate_overdue(engine, utc_now()) == 1
    assert [(a, site, label) for a, site, label, _at in store.events(engine, old.code)] == [
        ("filed", None, "web"), ("escalated", None, "platform")]


def _web_form(server: LiveServer, id_number: str, full_name: str, dob: str,
              **more: str) -> requests.Response:
    """The public form sent as a browser sends it, without an account."""
    form = {"kind": DETAILS_WRONG, "id_number": id_number, "full_name": full_name, "dob": dob,
            "text": "Thông tin của tôi bị sai."} | more
    return requests.post(server.url.rsplit("/fhir", 1)[0] + "/complaints", data=form,
                         timeout=10)


def _handler_shown(server: LiveServer, filed: requests.Response) -> str:
    """The status page's "handled by" cell, as text, for the code a filing answered with."""
    assert filed.status_code == 200, filed.text
    code = re.search(r'id="code">([^<]+)<', filed.text).group(1)
    page = requests.get(server.url.rsplit("/fhir", 1)[0] + "/complaints/status",
                        params={"code": code}, timeout=10)
    cell = re.search(r'id="handler">(.*?)</td>', page.text, re.S).group(1)
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())


def test_the_status_page_names_the_site_only_for_the_records_own_name_and_birth_date(
        central: LiveServer) -> None:
    """Anyone may file with anyone's ID number: the page must not tell them whether that
    citizen has doses, or where. It names the site only when the complaint's name and birth
    date are the record's (typed without accents or capitals, as on a phone); a stranger's
    guess reads exactly as an ID number with no records, even one whose commune has a site.
    Routing is unchanged: the site still gets the complaint about its record."""
    who = _world(central)
    guessed = _handler_shown(central, _web_form(central, KNOWN_ID, "Ai Đó", "01/01/1990"))
    wrong_dob = _handler_shown(central, _web_form(central, KNOWN_ID, "Lê Văn Tám", "02/01/1990"))
    nobody = _handler_shown(central, _web_form(central, STRANGER_ID, "Ai Đó", "01/01/1990"))
    in_commune = _handler_shown(central, _web_form(central, STRANGER_ID, "Ai Đó", "01/01/1990",
                                                   province="01", commune_code="00004"))
    assert guessed == wrong_dob == nobody == in_commune
    assert "Trạm Y tế" not in guessed and "Điểm tiêm phụ trách" not in guessed
    assert guessed.startswith("Điểm tiêm, trạm y tế xã/phường hoặc Sở Y tế")

    theirs = _handler_shown(central, _web_form(central, KNOWN_ID, "le van  TAM", "01/01/1990"))
    assert theirs == "Điểm tiêm phụ trách hồ sơ tiêm chủng của bạn: Trạm Y tế Phường Hoàn Kiếm"
    # The guessed name's complaint still reached the site holding the record.
    pulled = who["A"].get(_api(central)).json()["complaints"]
    assert sorted(c["submission"]["full_name"] for c in pulled) == [
        "Ai Đó", "Lê Văn Tám", "le van  TAM"]


def test_many_phones_behind_one_address_file_but_one_id_number_only_a_few_an_hour(
        central: LiveServer) -> None:
    """A mobile network puts many phones behind one address: 10 an hour turned citizens
    away. The address now files 60; what a script would repeat, one ID number, 3."""
    for n in range(12):  # twelve citizens, one address
        filed = _web_form(central, f"0011900{n:05d}", "Ai Đó", "01/01/1990")
        assert filed.status_code == 200, (n, filed.status_code)
    for _ in range(2):  # three about the first number in all
        assert _web_form(central, "001190000000", "Ai Đó", "01/01/1990",
                         text=f"Lần {_}").status_code == 200
    fourth = _web_form(central, "001 190 000 000", "Ai Đó", "01/01/1990", text="Lần nữa")
    assert fourth.status_code == 429 and 0 < int(fourth.headers["Retry-After"]) <= 3600
    refusal = re.search(r'id="too-many"[^>]*>(.*?)</div>', fourth.text, re.S).group(1)
    assert "số giấy tờ này đã có 3 phản ánh trong một giờ qua" in refusal
    assert _web_form(central, "001190000099", "Ai Đó", "01/01/1990").status_code == 200
    engine = make_engine(central.database_url)
    try:
        assert len(store.listing(engine, utc_now())) == 15
    finally:
        engine.dispose()


def test_one_address_files_a_few_complaints_an_hour_then_is_told_to_wait(
        tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    """Each filing is a real complaint in a site's 48-hour queue: past the limit the form
    answers 429 in Vietnamese, keeps what was typed, and files nothing. Pages and a form
    sent back with mistakes count nothing."""
    monkeypatch.setenv("VAXDESK_CENTRAL_COMPLAINTS_PER_HOUR", "2")
    server = LiveServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "central.log")
    server.start()
    try:
        root = server.url.rsplit("/fhir", 1)[0]
        assert _web_form(server, "0012", "Ai Đó", "01/01/1990").status_code == 422
        for _ in range(3):
            assert requests.get(f"{root}/complaints", timeout=10).status_code == 200
        first = _web_form(server, STRANGER_ID, "Ai Đó", "01/01/1990")
        second = _web_form(server, STRANGER_ID, "Ai Đó", "01/01/1990")
        assert (first.status_code, second.status_code) == (200, 200)
        third = _web_form(server, STRANGER_ID, "Ai Đó", "01/01/1990")
        assert third.status_code == 429
        assert 0 < int(third.headers["Retry-After"]) <= 3600
        refusal = re.search(r'id="too-many"[^>]*>(.*?)</div>', third.text, re.S).group(1)
        assert "Phản ánh chưa được gửi: từ địa chỉ mạng của bạn đã có 2 phản ánh" in refusal
        assert "Vui lòng thử lại sau 60 phút" in refusal
        assert 'value="Ai Đó"' in third.text and 'id="code"' not in third.text
        english = requests.post(f"{root}/complaints?lang=en", timeout=10, data={
            "kind": DETAILS_WRONG, "id_number": STRANGER_ID, "full_name": "Ai Đó",
            "dob": "01/01/1990"})
        assert english.status_code == 429 and "came from your network address" in english.text
        engine = make_engine(server.database_url)
        assert len(store.listing(engine, utc_now())) == 2
        engine.dispose()
    finally:
        server.stop()


def test_a_site_filing_about_another_sites_citizen_learns_nothing_of_where_it_went(
        central: LiveServer) -> None:
    """Any site may file about any ID number: the answer gave the route, the site holding
    the doses and the platform's record ids, so a site's code could ask where anyone was
    vaccinated, without limit or trace, each probe a real complaint in that site's queue.
    It now gets the code, status and times; a few an hour about one number; and the
    province's lookup log shows each such filing."""
    who = _world(central)
    url = _api(central)
    hidden = {"site_code", "province_code", "commune_code", "patient_ids", "resolution"}
    elsewhere = who["B"].post(url, json=_complaint(KNOWN_ID, channel="hotline"))
    nowhere = who["B"].post(url, json=_complaint(STRANGER_ID))
    for answer in (elsewhere, nowhere):
        assert answer.status_code == 201, answer.text
        assert hidden.isdisjoint(answer.json()), answer.json()
        assert set(answer.json()) == {"code", "submission", "received_at", "status",
                                      "escalated", "changed_at", "due_at", "route"}
        # Said the same whether the number is known or not: earlier desks need a route.
        assert answer.json()["route"] == ROUTE_PROVINCE
    # The site it went to is told as any filer is, and has it at its pull.
    own = who["A"].post(url, json=_complaint(KNOWN_ID))
    assert hidden.isdisjoint(own.json()) and own.json()["route"] == ROUTE_PROVINCE
    assert _codes(who["A"].get(url)) == [elsewhere.json()["code"], own.json()["code"]]

    # Three about one number an hour from one site; other numbers and other sites go on.
    assert who["B"].post(url, json=_complaint(KNOWN_ID, text="2")).status_code == 201
    assert who["B"].post(url, json=_complaint(KNOWN_ID, text="3")).status_code == 201
    fourth = who["B"].post(url, json=_complaint(KNOWN_ID, text="4"))
    assert fourth.status_code == 429 and 0 < int(fourth.headers["Retry-After"]) <= 3600
    assert fourth.json()["issue"][0]["details"]["coding"][0]["code"] == \
        "COMPLAINT_TOO_MANY_FOR_ID"
    assert who["A"].post(url, json=_complaint(KNOWN_ID, text="A again")).status_code == 201
    # A filing with mistakes counts nothing; the same entry sent again is not refused.
    again = _complaint("001090000078", channel="hotline") | {"entry_id": "01JENTRY0009"}
    assert who["B"].post(url, json=_complaint("0012")).status_code == 422
    assert [who["B"].post(url, json=again).status_code for _ in range(5)] == \
        [201] + [200] * 4

    engine = make_engine(central.database_url)
    try:
        logged = lookup_log.entries(engine)
        # Each filing, with the records found (the known citizen has one Patient).
        assert sorted((row.site_code, row.resource_type, row.asked, row.results)
                      for row in logged) == sorted(
            [("HN-0002", "Complaint", KNOWN_ID, 1)] * 3
            + [("HN-0002", "Complaint", STRANGER_ID, 0),
               ("HN-0002", "Complaint", "001090000078", 0)]
            + [("HN-0001", "Complaint", KNOWN_ID, 1)] * 2)
        # Three about A's citizen from B, one refused: A's queue holds A's own two and B's.
        assert len(store.since_for_site(engine, "HN-0001", None, 50)["complaints"]) == 5
    finally:
        engine.dispose()


def _filed_by_b_in_its_ward(who: dict[str, requests.Session], url: str,
                            *numbers: str) -> list[str]:
    """Site B's hotline entries about ``numbers``, each naming B's own ward (Ba Đình): every
    answer reads as the one for a number nobody has. Their codes."""
    answers = [who["B"].post(url, json=_complaint(number, NOT_ON_SYSTEM, channel="hotline",
                                                  commune_code="00004"))
               for number in numbers]
    for answer in answers:
        assert answer.status_code == 201, answer.text
        told = {k: v for k, v in answer.json().items()
                if k not in ("code", "submission", "received_at", "changed_at", "due_at")}
        assert told == {"status": "open", "escalated": False, "route": ROUTE_PROVINCE}
    return [a.json()["code"] for a in answers]


def test_a_site_filing_in_its_own_commune_learns_nothing_of_whether_the_number_is_known(
        central: LiveServer) -> None:
    """A complaint naming the filer's own commune came back to it, whole, when nobody had
    the number (route commune, its own site, no records), and went on as "province" when
    someone had: a site's code could ask whether anyone was vaccinated, the log saying
    "0 found" for the one found and nothing of the other. Both answers now read alike, the
    one that came back reaches the filer at its pull, and the log says what was found."""
    who = _world(central)
    url = _api(central)
    stranger, known = _filed_by_b_in_its_ward(who, url, STRANGER_ID, KNOWN_ID)
    assert _codes(who["B"].get(url)) == [stranger]  # came back: at B's next pull, whole
    assert [c["route"] for c in who["B"].get(url).json()["complaints"]] == [ROUTE_COMMUNE]
    assert _codes(who["A"].get(url)) == [known]
    engine = make_engine(central.database_url)
    try:
        assert sorted((e.site_code, e.asked, e.results) for e in lookup_log.entries(engine)) \
            == [("HN-0002", KNOWN_ID, 1), ("HN-0002", STRANGER_ID, 0)]
    finally:
        engine.dispose()


def test_the_site_the_citizen_names_takes_a_complaint_the_platform_has_no_record_for(
        central: LiveServer) -> None:
    """A reviewer's case: B typed one digit of her CCCD wrong, so the platform finds no
    dose by the right number; she names B's site ("Ba Đình", without diacritics) and gives
    her home commune, A's. It went to A, who holds nothing of her; "the site if the
    citizen knows it" comes before the commune now. Words naming no one site (or only
    "trạm y tế") leave it to the commune."""
    who = _world(central)
    url = _api(central)
    named = who["central"].post(url, json=_complaint(STRANGER_ID, NOT_ON_SYSTEM,
                                                     commune_code="00070",
                                                     place="tram y te ba dinh"))
    assert (named.json()["route"], named.json()["site_code"]) == (ROUTE_SITE, "HN-0002")
    by_code = who["central"].post(url, json=_complaint(STRANGER_ID, NOT_ON_SYSTEM,
                                                       place="hn-0002"))
    assert by_code.json()["site_code"] == "HN-0002"
    vague = who["central"].post(url, json=_complaint(STRANGER_ID, NOT_ON_SYSTEM,
                                                     commune_code="00070",
                                                     place="Trạm Y tế Phường"))
    assert (vague.json()["route"], vague.json()["site_code"]) == (ROUTE_COMMUNE, "HN-0001")


def test_a_dose_kept_under_the_old_cmnd_at_another_site_routes_by_the_linked_record(
        central: LiveServer) -> None:
    """Dose 1 at A under her old CMND; dose 2 at B under the CCCD, B's record naming the
    CMND from the card (the platform links the two). A complaint about dose 1 filed with
    the CCCD went to B, which cannot correct A's dose: the linked records count now."""
    who = _world(central)
    url = _api(central)
    cmnd, cccd = "012345678", "001090000099"
    at_a = patient("HN-0001", id_type="CMND", id_number=cmnd)
    at_b = patient("HN-0002", id_number=cccd, old_id_number=cmnd)
    for site, code, person, dose in (("A", "HN-0001", at_a, 1), ("B", "HN-0002", at_b, 2)):
        sent = who[site].post(central.url, json=batch(person, immunization(
            person["id"], code, dose_number=dose,
            dose_date="2021-09-01" if dose == 1 else "2021-10-01")))
        assert sent.status_code == 200, sent.text
    about_1 = who["central"].post(url, json=_complaint(cccd, DETAILS_WRONG) | {
        "dose_number": 1})
    assert (about_1.json()["route"], about_1.json()["site_code"]) == (ROUTE_SITE, "HN-0001")
    about_2 = who["central"].post(url, json=_complaint(cccd, DETAILS_WRONG) | {
        "dose_number": 2})
    assert about_2.json()["site_code"] == "HN-0002"


def test_a_call_a_site_took_without_a_commune_reaches_the_sites_province(
        central: LiveServer) -> None:
    """No record, no commune chosen: stored with no province, it reached no province's
    staff (only the national view), and the site that took it could not act on it."""
    who = _world(central)
    call = who["B"].post(_api(central), json=_complaint(STRANGER_ID, NOT_ON_SYSTEM) | {
        "channel": "hotline", "entry_id": "e-1"})
    assert call.status_code == 201, call.text
    filed = who["central"].get(_api(central)).json()["complaints"][0]
    assert (filed["route"], filed["province_code"]) == (ROUTE_PROVINCE, "01")
