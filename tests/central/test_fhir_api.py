"""The central server's FHIR subset, through HTTP, on SQLite and on PostgreSQL."""

from __future__ import annotations

import gzip
import json

import requests

from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer


def _session(server: LiveServer, site: str = "HN-0001") -> requests.Session:
    token = server.cli("create-site", site, f"Trạm {site}")
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s


def _statuses(response: requests.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["response"]["status"] for e in response.json()["entry"]]


def test_batch_creates_then_replays_without_new_versions(any_central: LiveServer) -> None:
    s = _session(any_central)
    p = patient()
    body = batch(p, immunization(p["id"]))
    packed = gzip.compress(json.dumps(body).encode())
    first = s.post(any_central.url, data=packed,
                   headers={"Content-Encoding": "gzip", "Content-Type": "application/fhir+json"})
    assert _statuses(first) == ["201 Created", "201 Created"]
    again = s.post(any_central.url, json=body)  # the same batch after a lost response
    assert _statuses(again) == ["200 OK", "200 OK"]
    assert [e["response"]["etag"] for e in again.json()["entry"]] == ['W/"1"', 'W/"1"']
    read = s.get(f"{any_central.url}/Patient/{p['id']}")
    assert read.json()["meta"]["versionId"] == "1"
    assert read.json()["name"] == [{"text": "Lê Văn Tám"}]
    assert read.headers["ETag"] == 'W/"1"'


def test_changed_content_needs_the_current_version(any_central: LiveServer) -> None:
    s = _session(any_central)
    p = patient()
    _statuses(s.post(any_central.url, json=batch(p)))
    p["name"] = [{"text": "Lê Văn Tâm"}]
    refused = s.post(any_central.url, json=batch(p)).json()["entry"][0]["response"]
    assert refused["status"] == "409 Conflict"
    assert refused["outcome"]["issue"][0]["details"]["coding"][0]["code"] == "ALREADY_EXISTS"
    assert _statuses(s.post(any_central.url, json=batch(p, if_match={p["id"]: 1}))) == ["200 OK"]
    p["name"] = [{"text": "Lê Văn Tấm"}]
    stale = s.post(any_central.url, json=batch(p, if_match={p["id"]: 1})).json()
    assert stale["entry"][0]["response"]["status"] == "412 Precondition Failed"
    current = s.get(f"{any_central.url}/Patient/{p['id']}").json()
    assert current["name"] == [{"text": "Lê Văn Tâm"}]  # the stale write changed nothing
    assert current["meta"]["versionId"] == "2"
    first = s.get(f"{any_central.url}/Patient/{p['id']}/_history/1").json()
    assert first["name"] == [{"text": "Lê Văn Tám"}]


def test_invalid_entries_are_refused_alone_with_the_rule_that_failed(
    any_central: LiveServer,
) -> None:
    s = _session(any_central)
    good = patient()
    bad_sex = patient(id_number="001190000002", sex="M")  # 4th digit 1: a woman born 19xx
    orphan = immunization("no-such-patient")
    future = immunization(good["id"], dose_date="2999-01-01")
    result = s.post(any_central.url, json=batch(good, bad_sex, orphan, future,
                                                 immunization(good["id"]))).json()
    statuses = [e["response"]["status"] for e in result["entry"]]
    assert statuses == ["201 Created", "400 Bad Request", "400 Bad Request",
                        "400 Bad Request", "201 Created"]
    codes = [e["response"]["outcome"]["issue"][0]["details"]["coding"][0]["code"]
             for e in result["entry"][1:4]]
    assert codes == ["ID_SEX_MISMATCH", "PATIENT_UNKNOWN", "DOSE_DATE_IN_FUTURE"]
    issue = result["entry"][1]["response"]["outcome"]["issue"][0]
    assert issue["expression"] == ["Patient.identifier.value"]
    assert "giới tính" in issue["details"]["text"].lower()


def test_flagged_person_with_identity_problems_is_accepted(any_central: LiveServer) -> None:
    s = _session(any_central)
    flagged = patient(id_number="0010900", cleaning_reason="ID_WRONG_LENGTH")
    assert _statuses(s.post(any_central.url, json=batch(flagged))) == ["201 Created"]
    unflagged = patient(id_number="0010900")
    assert _statuses(s.post(any_central.url, json=batch(unflagged))) == ["400 Bad Request"]


def test_a_site_writes_and_reads_only_its_own_records(any_central: LiveServer) -> None:
    hanoi, hue = _session(any_central, "HN-0001"), _session(any_central, "TTH-0001")
    p = patient("HN-0001")
    _statuses(hanoi.post(any_central.url, json=batch(p)))
    assert _statuses(hue.post(any_central.url, json=batch(patient("HN-0001")))) == [
        "403 Forbidden"]
    taken = dict(p, managingOrganization={"identifier": {
        "system": p["managingOrganization"]["identifier"]["system"], "value": "TTH-0001"}})
    assert _statuses(hue.post(any_central.url, json=batch(taken, if_match={p["id"]: 1}))) == [
        "403 Forbidden"]
    assert hue.get(f"{any_central.url}/Patient/{p['id']}").status_code == 404
    assert requests.get(f"{any_central.url}/Patient/{p['id']}").status_code == 401
    assert requests.post(any_central.url, json=batch(patient()),
                         headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_a_site_cannot_write_as_the_platform_or_another_site(any_central: LiveServer) -> None:
    """meta.source is who wrote a version: a site's code keeps its own site there whatever
    the request claims, so the laptops' pull of central edits (_source) never takes it."""
    from desktop_app.wire import fhir

    s = _session(any_central)
    central = requests.Session()
    central.headers["Authorization"] = f"Bearer {any_central.cli('issue-token', '--central')}"
    claims = [fhir.CENTRAL_SOURCE, fhir.source_of("TTH-0001", 1), fhir.source_of("HN-0001", 4)]
    people = [dict(patient(), meta={"source": claim}) for claim in claims]
    _statuses(s.post(any_central.url, json=batch(*people)))
    kept = [s.get(f"{any_central.url}/Patient/{p['id']}").json()["meta"]["source"]
            for p in people]
    assert kept == ["urn:vaxdesk:site:HN-0001", "urn:vaxdesk:site:HN-0001",
                    fhir.source_of("HN-0001", 4)]
    as_central = central.get(f"{any_central.url}/Patient",
                             params={"_source": fhir.CENTRAL_SOURCE}).json()
    assert as_central.get("entry", []) == []


def test_search_by_identifier_and_pages_of_changes(any_central: LiveServer) -> None:
    s = _session(any_central)
    people = [patient(id_number=f"0010900{i:05d}") for i in range(25)]
    _statuses(s.post(any_central.url, json=batch(*people)))
    found = s.get(f"{any_central.url}/Patient",
                  params={"identifier": "https://vaxdesk.org/fhir/sid/vn-cccd|001090000007"})
    assert [e["resource"]["id"] for e in found.json()["entry"]] == [people[7]["id"]]
    seen, url, params = [], f"{any_central.url}/Patient", {"_lastUpdated": "ge2020-01-01",
                                                           "_count": "10"}
    while url:
        page = s.get(url, params=params).json()
        seen += [e["resource"]["id"] for e in page["entry"]]
        url = next((link["url"] for link in page["link"] if link["relation"] == "next"), None)
        params = None
    assert sorted(seen) == sorted(p["id"] for p in people)
    later = s.get(f"{any_central.url}/Patient", params={"_lastUpdated": "gt2999-01-01"})
    assert later.json()["entry"] == []


def test_search_by_ids_finds_those_of_the_site_it_holds(any_central: LiveServer) -> None:
    """What a laptop asks after a round cut mid-push (desktop_app/sync/read_back.py): which
    of these records do you hold? Another site's reads as one not there, as by id."""
    hanoi, hue = _session(any_central, "HN-0001"), _session(any_central, "TTH-0001")
    people = [patient() for _ in range(3)]
    _statuses(hanoi.post(any_central.url, json=batch(*people)))
    theirs = patient("TTH-0001")
    _statuses(hue.post(any_central.url, json=batch(theirs)))
    asked = [people[0]["id"], people[2]["id"], theirs["id"], "never-sent", "bad id!"]
    found = hanoi.get(f"{any_central.url}/Patient", params={"_id": ",".join(asked)}).json()
    assert sorted(e["resource"]["id"] for e in found["entry"]) == sorted(asked[:2])
    assert all(e["resource"]["meta"]["versionId"] == "1" for e in found["entry"])
    statement = requests.get(f"{any_central.url}/metadata").json()
    assert {"name": "_id", "type": "token"} in statement["rest"][0]["resource"][0][
        "searchParam"]


def test_bad_requests_get_an_operation_outcome(any_central: LiveServer) -> None:
    s = _session(any_central)
    r = s.post(any_central.url, data=b"not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["resourceType"] == "OperationOutcome"
    r = s.post(any_central.url, json={"resourceType": "Bundle", "type": "transaction"})
    assert r.status_code == 400
    p = patient()
    r = s.post(any_central.url, json={"resourceType": "Bundle", "type": "batch", "entry": [
        {"resource": p, "request": {"method": "POST", "url": "Patient"}}]})
    assert _statuses(r) == ["400 Bad Request"]
