"""The central server facing hostile requests (issue #18): bounded memory whatever the body,
a 4xx OperationOutcome naming the problem for every malformed input, no personal data in
the log, one site kept from another's people, API docs off. One real server process on
127.0.0.1 for the module (SQLite)."""

from __future__ import annotations

import gzip
import http.client
import json
import re
import select
import socket
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import requests

from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

LIMIT = 64 * 1024 * 1024  # Settings.max_body_bytes
MEMORY_BOUND_MB = 300


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("hostile")
    live = LiveServer(f"sqlite:///{folder / 'central.db'}", folder / "central.log")
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def hanoi(server: LiveServer) -> requests.Session:
    return _session(server, "HN-0001")


def _session(server: LiveServer, site: str) -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {server.cli('create-site', site, f'Trạm {site}')}"
    return s


def _code(response: requests.Response | dict) -> str:
    body = response if isinstance(response, dict) else response.json()
    assert body["resourceType"] == "OperationOutcome", body
    return body["issue"][0]["details"]["coding"][0]["code"]


def _peak_mb(server: LiveServer) -> int:
    assert server.process is not None
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("VmHWM:"))) // 1024


def _post_raw(server: LiveServer, token: str, headers: dict[str, str],
              chunks: Iterable[bytes]) -> tuple[int, dict, int]:
    """POST ``chunks`` through a plain socket, stopping as soon as the server answers (as a
    client that reads while it writes would); (status, body, bytes sent before the answer)."""
    sock = socket.create_connection(("127.0.0.1", server.port))
    head = ["POST /fhir HTTP/1.1", "Host: 127.0.0.1", f"Authorization: Bearer {token}",
            "Content-Type: application/fhir+json",
            *(f"{k}: {v}" for k, v in headers.items()), "", ""]
    sock.sendall("\r\n".join(head).encode())
    chunked = headers.get("Transfer-Encoding") == "chunked"
    sent = 0
    for chunk in chunks:
        if select.select([sock], [], [], 0)[0]:
            break  # the answer is there: stop sending
        try:
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk) if chunked else chunk)
        except (BrokenPipeError, ConnectionResetError):
            break
        sent += len(chunk)
    response = http.client.HTTPResponse(sock)
    response.begin()
    body = json.loads(response.read())
    sock.close()
    return response.status, body, sent


def _zeros(total: int, size: int = 1024 * 1024) -> Iterator[bytes]:
    """A body made as it is sent: the test never holds it."""
    block = b" " * size
    for _ in range(total // size):
        yield block


def _token(session: requests.Session) -> str:
    return session.headers["Authorization"].split()[1]


def test_a_declared_200_mb_body_is_refused_before_it_is_read(
        server: LiveServer, hanoi: requests.Session) -> None:
    status, body, sent = _post_raw(server, _token(hanoi),
                                   {"Content-Length": str(200 * 1024 * 1024)},
                                   _zeros(200 * 1024 * 1024))
    assert status == 413 and _code(body) == "TOO_LARGE"
    assert sent < 32 * 1024 * 1024  # answered at the headers, not after the body
    assert _peak_mb(server) < MEMORY_BOUND_MB


def test_a_1_gb_chunked_body_is_cut_at_the_limit(server: LiveServer,
                                                 hanoi: requests.Session) -> None:
    status, body, sent = _post_raw(server, _token(hanoi), {"Transfer-Encoding": "chunked"},
                                   _zeros(1024 * 1024 * 1024))
    assert status == 413 and _code(body) == "TOO_LARGE"
    assert body["issue"][0]["diagnostics"] == f"Body is too large (at most {LIMIT} bytes)."
    assert sent < LIMIT + 32 * 1024 * 1024  # stopped near the limit, not at 1 GB
    peak = _peak_mb(server)
    print(f"1 GB chunked: sent {sent >> 20} MB before the 413; server peak {peak} MB")
    assert peak < MEMORY_BOUND_MB


def test_a_gzip_bomb_is_inflated_only_to_the_limit(server: LiveServer,
                                                   hanoi: requests.Session) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = b"".join(packer.compress(block) for block in _zeros(512 * 1024 * 1024))
    bomb += packer.flush()
    assert len(bomb) < 1024 * 1024  # 512 MB inflated from under 1 MB
    r = hanoi.post(server.url, data=bomb, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 413 and _code(r) == "TOO_LARGE"
    assert _peak_mb(server) < MEMORY_BOUND_MB
    small = batch(patient())
    cut = gzip.compress(json.dumps(small).encode())[:-20]
    r = hanoi.post(server.url, data=cut, headers={"Content-Encoding": "gzip"})
    assert r.status_code == 400 and _code(r) == "BAD_GZIP"
    r = hanoi.post(server.url, data=b"not gzip at all", headers={"Content-Encoding": "gzip"})
    assert r.status_code == 400 and _code(r) == "BAD_GZIP"
    r = hanoi.post(server.url, data=gzip.compress(json.dumps(small).encode()),
                   headers={"Content-Encoding": "gzip", "Content-Type": "application/fhir+json"})
    assert [e["response"]["status"] for e in r.json()["entry"]] == ["201 Created"]


def test_the_costliest_json_within_the_limits_stays_under_1_gb(tmp_path: Path) -> None:
    """Just under both limits (64 MB, a million values), as many strings as allowed: the
    most Python objects a body can make. Its own server, so the peak is this body's."""
    live = LiveServer(f"sqlite:///{tmp_path / 'c.db'}", tmp_path / "c.log").start()
    try:
        s = _session(live, "HN-0001")
        data = b"[" + b",".join([b'"' + b"x" * 60 + b'"'] * 999_990) + b"]"
        assert LIMIT - 4 * 1024 * 1024 < len(data) <= LIMIT
        r = s.post(live.url, data=data)
        assert r.status_code == 400 and _code(r) == "BAD_BUNDLE"  # parsed, then refused
        peak = _peak_mb(live)
        print(f"a million 60-byte strings: server peak {peak} MB")
        assert peak < 1024
    finally:
        live.stop()


def _nested(depth: int) -> bytes:
    return b'{"resourceType":"Bundle","type":"batch","entry":' + b"[" * depth + b"]" * depth \
        + b"}"


# Bodies that are not the JSON the server takes, each refused as a whole with its reason.
BAD_BODIES = {
    "nested 1,000 deep": (_nested(1000), "nested deeper than 32 levels"),
    "nested 100,000 deep": (_nested(100_000), "nested deeper than 32 levels"),
    "nested 40 deep": (_nested(40), "nested deeper than 32 levels"),
    "invalid UTF-8": (b'{"resourceType":"Bundle","x":"\xff\xfe"}', "not UTF-8"),
    "NaN": (b'{"resourceType":"Bundle","type":"batch","n":NaN}', "NaN is not a JSON number"),
    "1e999": (b'{"resourceType":"Bundle","type":"batch","n":1e999}', "too large"),
    "a 5,000-digit number": (b'{"n":' + b"9" * 5000 + b"}", "too many digits"),
    "a 20-digit number": (b'{"n":' + b"9" * 20 + b"}", "a number beyond"),
    "a lone surrogate": (b'{"resourceType":"Bundle","s":"\\ud800"}', "unpaired surrogate"),
    "a NUL": (b'{"resourceType":"Bundle","s":"a\\u0000b"}', "NUL"),
    "truncated": (b'{"resourceType":"Bundle"', "Expecting"),
    "a million empty objects": (b"[" + b"{}," * 1_100_000 + b"{}]", "more than 1000000"),
}


@pytest.mark.parametrize("case", sorted(BAD_BODIES))
def test_malformed_json_is_a_400_naming_the_problem(server: LiveServer,
                                                    hanoi: requests.Session, case: str) -> None:
    data, why = BAD_BODIES[case]
    r = hanoi.post(server.url, data=data, headers={"Content-Type": "application/fhir+json"})
    assert r.status_code == 400, r.text
    assert _code(r) == "BAD_JSON" and why in r.json()["issue"][0]["diagnostics"]


def _with(resource: dict, **fields: object) -> dict:
    return {**resource, **fields}


def test_wrong_types_are_refused_entry_by_entry(server: LiveServer,
                                                hanoi: requests.Session) -> None:
    p = patient()
    ok = immunization(p["id"])
    cases = [
        ("Immunization.patient", _with(immunization(p["id"]), patient="Patient/x")),
        ("Immunization.meta", _with(immunization(p["id"]), meta="x")),
        ("Patient.meta", _with(patient(), meta=3)),
        ("Patient.name", _with(patient(), name="Lê Văn Tám")),
        ("Patient.identifier.value", _with(patient(), identifier=[{
            "system": "https://vaxdesk.org/fhir/sid/vn-cccd", "value": 1090000001}])),
        ("Patient.managingOrganization", _with(patient(), managingOrganization=[])),
        ("Immunization.protocolApplied.doseNumberPositiveInt", _with(
            immunization(p["id"]), protocolApplied=[{"doseNumberPositiveInt": 10**15}])),
        ("Immunization.protocolApplied.doseNumberPositiveInt", _with(
            immunization(p["id"]), protocolApplied=[{"doseNumberPositiveInt": True}])),
        ("Immunization.vaccineCode.coding", _with(immunization(p["id"]),
                                                  vaccineCode={"coding": {"code": "x"}})),
        ("Patient.extension", _with(patient(), extension=[1])),
        ("Patient.identifier.value", _with(patient(), identifier=[{
            "system": "https://vaxdesk.org/fhir/sid/vn-cccd", "value": "1" * 65}])),
    ]
    body = batch(p, *(res for _, res in cases), ok)
    body["entry"].insert(1, 1)  # ``entry: [1]``
    body["entry"].insert(2, {"resource": "x", "request": {"method": "PUT", "url": "Patient/x"}})
    r = hanoi.post(server.url, json=body)
    assert r.status_code == 200, r.text
    answers = [e["response"] for e in r.json()["entry"]]
    assert answers[0]["status"] == "201 Created" and answers[-1]["status"] == "201 Created"
    refused = answers[1:-1]
    assert all(a["status"] == "400 Bad Request" for a in refused)
    assert [a["outcome"]["issue"][0]["expression"] for a in refused[:2]] == [
        ["Bundle.entry"], ["Bundle.entry.resource"]]
    assert [a["outcome"]["issue"][0]["expression"][0] for a in refused[2:]] == [
        path for path, _ in cases]
    for wrong in cases:  # nothing of a refused entry was stored
        assert hanoi.get(f"{server.url}/{wrong[1]['resourceType']}/{wrong[1]['id']}"
                         ).status_code == 404


@pytest.mark.parametrize("body", [[1], "x", 3, None, [], {"resourceType": "Bundle"},
                                  {"resourceType": "Bundle", "type": "batch", "entry": 1},
                                  {"resourceType": "Bundle", "type": "batch", "entry": {}},
                                  {"resourceType": "Bundle", "type": "batch",
                                   "entry": [{}] * 5001}])
def test_a_body_that_is_not_a_batch_is_a_400(server: LiveServer, hanoi: requests.Session,
                                             body: object) -> None:
    r = hanoi.post(server.url, data=json.dumps(body))
    assert r.status_code == 400 and _code(r) == "BAD_BUNDLE"


def test_put_with_wrong_types_or_a_20_digit_version(server: LiveServer,
                                                   hanoi: requests.Session) -> None:
    p = patient()
    url = f"{server.url}/Patient/{p['id']}"
    assert hanoi.put(url, json=p).status_code == 201
    p["name"] = [{"text": "Lê Văn Tâm"}]
    r = hanoi.put(url, json=p, headers={"If-Match": 'W/"' + "9" * 20 + '"'})
    assert r.status_code == 400 and _code(r) == "BAD_IF_MATCH"
    r = hanoi.put(url, json=[p])
    assert r.status_code == 400 and _code(r) == "STRUCTURE"
    r = hanoi.put(url, json=_with(p, meta="x"), headers={"If-Match": 'W/"1"'})
    assert r.status_code == 400 and r.json()["issue"][0]["expression"] == ["Patient.meta"]
    for vid in ("9" * 20, "-1", "x", "0"):
        r = hanoi.get(f"{url}/_history/{vid}")
        assert r.status_code == 404 and _code(r) == "NOT_FOUND"
    assert hanoi.get(url).json()["meta"]["versionId"] == "1"


def test_count_is_clamped_and_zero_asks_for_the_total(server: LiveServer) -> None:
    s = _session(server, "HN-COUNT")
    people = [patient("HN-COUNT", id_number=f"0010900{i:05d}") for i in range(3)]
    assert s.post(server.url, json=batch(*people)).status_code == 200
    total = s.get(f"{server.url}/Patient", params={"_count": "0"}).json()
    assert total["total"] == 3 and total["entry"] == []
    for bad in ("-2", "-1", "1.5", "x", "١"):
        r = s.get(f"{server.url}/Patient", params={"_count": bad})
        assert r.status_code == 400 and _code(r) == "BAD_SEARCH", bad
    one = s.get(f"{server.url}/Patient", params={"_count": "1"}).json()
    assert len(one["entry"]) == 1 and one["link"][0]["relation"] == "next"
    huge = s.get(f"{server.url}/Patient", params={"_count": "9" * 30}).json()
    assert len(huge["entry"]) == 3
    for bad in ("0001-01-01T00:00:00+14:00", "gt9999-12-31T23:59:59-14:00", "nope"):
        r = s.get(f"{server.url}/Patient", params={"_lastUpdated": bad})
        assert r.status_code == 400 and _code(r) == "BAD_SEARCH", bad


def _same_answer(a: requests.Response, b: requests.Response, a_id: str, b_id: str) -> None:
    assert a.status_code == b.status_code
    assert a.text.replace(a_id, "ID") == b.text.replace(b_id, "ID")


def test_a_site_cannot_reach_another_sites_people(server: LiveServer,
                                                  hanoi: requests.Session) -> None:
    hue = _session(server, "TTH-0001")
    theirs = patient("HN-0001", id_number="001090000099")
    assert hanoi.post(server.url, json=batch(theirs)).status_code == 200
    nobody = patient("TTH-0001")["id"]
    # A dose for the other site's person: refused exactly as a dose for nobody.
    on_theirs = hue.post(server.url, json=batch(immunization(theirs["id"], "TTH-0001")))
    on_nobody = hue.post(server.url, json=batch(immunization(nobody, "TTH-0001")))
    assert on_theirs.json()["entry"][0]["response"]["status"] == "400 Bad Request"
    _same_answer(on_theirs, on_nobody, theirs["id"], nobody)
    dose = immunization(theirs["id"], "TTH-0001")
    put = hue.put(f"{server.url}/Immunization/{dose['id']}", json=dose)
    assert put.status_code == 400 and _code(put) == "PATIENT_UNKNOWN"
    # Reads and version reads: "not yours" is "not found".
    for suffix in ("", "/_history/1"):
        _same_answer(hue.get(f"{server.url}/Patient/{theirs['id']}{suffix}"),
                     hue.get(f"{server.url}/Patient/{nobody}{suffix}"), theirs["id"], nobody)
    # Writing over their record in one's own name is refused without naming its owner.
    over = hue.put(f"{server.url}/Patient/{theirs['id']}",
                   json=_with(theirs, managingOrganization={"identifier": {
                       "system": "https://vaxdesk.org/fhir/sid/vn-vaccination-site",
                       "value": "TTH-0001"}}))
    assert over.status_code == 403 and _code(over) == "FORBIDDEN_SITE"
    assert "HN-0001" not in over.text
    # Writing in their name is refused for the access code, whether the record exists or
    # not: the answer depends on what the request says alone.
    claimed = patient("HN-0001")
    in_their_name = hue.put(f"{server.url}/Patient/{claimed['id']}", json=claimed)
    over_in_their_name = hue.put(f"{server.url}/Patient/{theirs['id']}", json=theirs)
    assert in_their_name.status_code == 403
    assert _code(in_their_name) == "ACCESS_CODE_OTHER_SITE"
    _same_answer(over_in_their_name, in_their_name, theirs["id"], claimed["id"])
    # The citizen is still found across sites, read-only, by their identifier.
    found = hue.get(f"{server.url}/Patient", params={
        "identifier": "https://vaxdesk.org/fhir/sid/vn-cccd|001090000099"}).json()
    assert [e["resource"]["id"] for e in found["entry"]] == [theirs["id"]]
    assert "telecom" not in found["entry"][0]["resource"]


def test_a_server_error_logs_no_personal_data(server: LiveServer,
                                              hanoi: requests.Session) -> None:
    """A fault while storing (here a trigger that fails every insert, as a full disk or a
    broken database would) is a 500 OperationOutcome with a request id; the log names the
    error and that id, never the values of the row."""
    db = sqlite3.connect(server.database_url.removeprefix("sqlite:///"))
    db.execute("CREATE TRIGGER boom BEFORE INSERT ON fhir_resource "
               "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    db.commit()
    try:
        p = patient(id_number="001090012345", dob="1990-07-23", full_name="Trần Thị Bí Mật")
        r = hanoi.post(server.url, json=batch(p))
    finally:
        db.execute("DROP TRIGGER boom")
        db.commit()
        db.close()
    assert r.status_code == 500 and _code(r) == "SERVER_ERROR"
    request_id = r.headers["X-Request-ID"]
    assert request_id in r.json()["issue"][0]["diagnostics"]
    log = server.log_path.read_text()
    assert f"request {request_id}: sqlalchemy.exc.IntegrityError" in log
    for secret in ("001090012345", "1990-07-23", "Trần Thị", "disk says no", "Traceback"):
        assert secret not in log


def test_a_page_that_fails_is_a_page_not_a_fhir_document(
        server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A browser's page that failed (here the sign-in, its session refused by the
    database) answered an OperationOutcome in JSON. It is a page now, in Vietnamese, with
    the request's id to quote and nothing of the failure; the APIs keep their JSON."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", "mat-khau-dung-1")
    server.cli("staff", "add", "tinh99", "--level", "province", "--area", "01")
    db = sqlite3.connect(server.database_url.removeprefix("sqlite:///"))
    db.execute("CREATE TRIGGER boom BEFORE INSERT ON staff_session "
               "BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    db.commit()
    try:
        r = requests.post(f"http://127.0.0.1:{server.port}/login", allow_redirects=False,
                          data={"username": "tinh99", "password": "mat-khau-dung-1"})
    finally:
        db.execute("DROP TRIGGER boom")
        db.commit()
        db.close()
    assert r.status_code == 500 and r.headers["content-type"].startswith("text/html")
    request_id = r.headers["X-Request-ID"]
    assert '<html lang="vi">' in r.text
    assert f"Lỗi ở hệ thống trung tâm; hãy báo cho quản trị viên mã yêu cầu {request_id}." \
        in r.text
    for inside in ("disk says no", "Traceback", "OperationOutcome", "IntegrityError"):
        assert inside not in r.text
    assert f"request {request_id}: sqlalchemy.exc.IntegrityError" in \
        server.log_path.read_text()


def test_api_docs_are_off_by_default(server: LiveServer) -> None:
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert requests.get(f"http://127.0.0.1:{server.port}{path}").status_code == 404


def test_no_such_endpoint_is_an_operation_outcome(server: LiveServer,
                                                  hanoi: requests.Session) -> None:
    r = hanoi.post(f"{server.url}/Patient", json={})
    assert r.status_code == 405 and _code(r) == "NO_SUCH_ENDPOINT"
    assert "POST" in r.json()["issue"][0]["diagnostics"]
    r = hanoi.get(f"{server.url}/Patient/a/b/c/d")
    assert r.status_code == 404 and _code(r) == "NO_SUCH_ENDPOINT"


def test_a_page_that_does_not_exist_is_said_in_vietnamese_not_as_json(
        server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mistyped address, an old link, or /logout opened from the address bar or a
    bookmark: the officer's or citizen's browser showed {"detail":"Not Found"} (or "Method
    Not Allowed"), English JSON with no way back. It is a page now, in Vietnamese, saying
    there is no page there, with a link to the dashboard or the complaint form; /logout
    asks, with the button that signs out. The APIs keep their JSON."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", "mat-khau-dung-1")
    server.cli("staff", "add", "tinh98", "--level", "province", "--area", "01")
    base = f"http://127.0.0.1:{server.port}"
    s = requests.Session()
    assert s.post(f"{base}/login", allow_redirects=False, data={
        "username": "tinh98", "password": "mat-khau-dung-1"}).status_code == 303
    for method, path, back in (("GET", "/dashboard/phan-anh", "/dashboard"),
                               ("POST", "/dashboard/backlog", "/dashboard"),
                               ("GET", "/complaints/trang-thai", "/complaints"),
                               ("GET", "/static/khong-co.css", "/complaints")):
        answer = s.request(method, f"{base}{path}")
        assert answer.status_code in (404, 405), path
        assert answer.headers["content-type"].startswith("text/html"), \
            f"{path}: {answer.headers['content-type']} {answer.text[:60]}"
        assert '<html lang="vi">' in answer.text
        assert f"Không có trang nào ở địa chỉ {path}." in answer.text
        assert f'<a href="{back}" id="back">' in answer.text
        assert "Not Found" not in answer.text and "Method Not Allowed" not in answer.text
    assert "Allow" in s.post(f"{base}/dashboard/backlog").headers

    asked = s.get(f"{base}/logout")
    assert asked.status_code == 200 and 'id="logout"' in asked.text
    token = re.search(r'name="token" value="([^"]+)"', asked.text).group(1)
    assert s.post(f"{base}/logout", data={"token": token}).url == f"{base}/login"
    assert s.get(f"{base}/logout", allow_redirects=False).headers["location"] == "/login"
    assert requests.get(f"{base}/api/nowhere").headers["content-type"] == \
        "application/fhir+json"


def test_api_docs_can_be_turned_on_for_development(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAXDESK_CENTRAL_API_DOCS", "1")
    live = LiveServer(f"sqlite:///{tmp_path / 'c.db'}", tmp_path / "c.log").start()
    try:
        r = requests.get(f"http://127.0.0.1:{live.port}/openapi.json")
        assert r.status_code == 200 and "/fhir" in json.dumps(r.json()["paths"])
        assert requests.get(f"http://127.0.0.1:{live.port}/docs").status_code == 200
    finally:
        live.stop()


def test_hostile_urls_on_each_backend(any_central: LiveServer) -> None:
    """PostgreSQL refuses a NUL in a compared string and overflows on a 20-digit integer
    where SQLite does not: the same requests on both, each a 4xx."""
    s = _session(any_central, "HN-0001")
    p = patient()
    assert s.put(f"{any_central.url}/Patient/{p['id']}", json=p).status_code == 201
    for path in (f"Patient/{p['id']}%00", f"Patient/{p['id']}/_history/{'9' * 20}",
                 f"Patient/{'x' * 5000}"):
        r = s.get(f"{any_central.url}/{path}")
        assert r.status_code == 404 and _code(r) == "NOT_FOUND", path
    for params in ({"identifier": "a\x00b"}, {"_source": "\x00"}, {"_page": "x~\x00"},
                   {"_count": "-2"}):
        r = s.get(f"{any_central.url}/Patient", params=params)
        assert r.status_code == 400 and _code(r) == "BAD_SEARCH", params
    assert s.get(f"{any_central.url}/Patient", params={"_count": "0"}).json()["total"] == 1
    other = _session(any_central, "TTH-0001")
    dose = immunization(p["id"], "TTH-0001")
    r = other.post(any_central.url, json=batch(dose)).json()["entry"][0]["response"]
    assert r["status"] == "400 Bad Request"
    assert r["outcome"]["issue"][0]["details"]["coding"][0]["code"] == "PATIENT_UNKNOWN"


def test_a_time_shifted_out_of_the_calendar_is_a_400_not_a_500(server: LiveServer,
                                                                 hanoi: requests.Session
                                                                 ) -> None:
    """"0001-01-01T00:00:00+01:00" is a year 0 in UTC: Python raised OverflowError, which
    nothing caught, and the platform answered 500 on the site report, complaints and
    revocations alike. One reader of instants (wire/instants.py) says it is not a time."""
    api = server.url.rsplit("/fhir", 1)[0] + "/api"
    early = "0001-01-01T00:00:00+01:00"
    report = hanoi.post(f"{api}/site-report", json={"as_of": early, "days": []})
    assert report.status_code == 400, report.text
    complaint = hanoi.post(f"{api}/complaints", json={
        "kind": "dose_missing", "id_number": "001185012345", "full_name": "Phạm Thị Lan",
        "channel": "hotline", "taken_at": early})
    assert complaint.status_code == 400, complaint.text
    from desktop_app.certificates.uvci import make_uvci
    from desktop_app.wire import revocations

    revoked = hanoi.post(f"{api}/{revocations.PATH}", json={"revocations": [
        {"uvci": make_uvci("HN-0001", "0190a3b2-1111-7000-8000-000000000001"),
         "revoked_at": early, "reason": revocations.DOSE_VOIDED}]})
    assert revoked.status_code == 400, revoked.text
