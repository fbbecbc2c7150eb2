"""Hostile JSON at the FHIR endpoints of a real central server (issue #18).

Random structures, random values in the places of Patient / Immunization / Bundle fields,
deep nesting, huge numbers and odd strings, posted as a batch and PUT one by one. Every
answer is 2xx or 4xx, never 5xx; a 4xx is an OperationOutcome; and what was refused is not
stored: the site's count of records moves by exactly the entries answered 201.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.db.ids import new_id
from tests.central.fhir_samples import immunization, patient
from tests.live_server import LiveServer

SITE = "FZ-0001"
HOME = new_id()

scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-(10**30),
                                                                    max_value=10**30)
           | st.floats() | st.text() | st.text(alphabet=st.characters(codec="utf-8"))
           | st.sampled_from(["", "Patient/", "Patient/x", "2021-13-45", "\u0000", "\ud800",
                              "W/\"1\"", "9" * 25, "completed", "male", SITE]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=12)

PATIENT_FIELDS = ["resourceType", "id", "meta", "identifier", "name", "telecom", "gender",
                  "birthDate", "address", "managingOrganization", "extension", "active",
                  "link"]
IMMUNIZATION_FIELDS = ["resourceType", "id", "meta", "extension", "status", "statusReason",
                       "vaccineCode", "patient", "occurrenceDateTime", "recorded",
                       "primarySource", "location", "lotNumber", "performer",
                       "protocolApplied"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("fuzz-fhir")
    live = LiveServer(f"sqlite:///{folder / 'central.db'}", folder / "central.log")
    live.start()
    yield live
    live.stop()


@pytest.fixture(scope="module")
def site(server: LiveServer) -> requests.Session:
    """The site's session; ``home`` is the id of its one person, for doses to name."""
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {server.cli('create-site', SITE, 'Trạm thử')}"
    s.headers["Content-Type"] = "application/fhir+json"
    home = patient(SITE, id=HOME)
    assert s.put(f"{server.url}/Patient/{HOME}", data=json.dumps(home)).status_code == 201
    return s


def _stored(server: LiveServer, s: requests.Session) -> int:
    return sum(s.get(f"{server.url}/{t}", params={"_count": "0"}).json()["total"]
               for t in ("Patient", "Immunization"))


def _is_outcome(response: requests.Response) -> bool:
    try:
        return response.json()["resourceType"] == "OperationOutcome"
    except ValueError:
        return False


@st.composite
def resources(draw: st.DrawFn, home_id: str) -> dict[str, Any]:
    """A valid resource of the site with some fields replaced or added at random."""
    res = draw(st.sampled_from(["Patient", "Immunization"]))
    valid = patient(SITE) if res == "Patient" else immunization(home_id, SITE)
    fields = PATIENT_FIELDS if res == "Patient" else IMMUNIZATION_FIELDS
    for name in draw(st.lists(st.sampled_from(fields) | st.text(max_size=6), max_size=3)):
        if name in ("resourceType", "id") and draw(st.booleans()):
            continue  # mostly keep them, so the entry reaches the rules
        valid[name] = draw(json_values)
    return valid


def _entry(res: Any) -> dict[str, Any]:
    ok = isinstance(res, dict) and isinstance(res.get("resourceType"), str) \
        and isinstance(res.get("id"), str)
    url = f"{res['resourceType']}/{res['id']}" if ok else "Patient/x"
    return {"resource": res, "request": {"method": "PUT", "url": url}}


@st.composite
def bundles(draw: st.DrawFn, home_id: str) -> Any:
    entries: list[Any] = [_entry(r) for r in draw(st.lists(resources(home_id), max_size=4))]
    if draw(st.booleans()):
        entries.insert(draw(st.integers(0, len(entries))), draw(json_values))
    body: Any = {"resourceType": "Bundle", "type": "batch", "entry": entries}
    for name in draw(st.lists(st.sampled_from(["resourceType", "type", "entry"]), max_size=1)):
        body[name] = draw(json_values)
    return draw(st.sampled_from([body, body, body, [body], draw(json_values)]))


def _check_batch(server: LiveServer, s: requests.Session, data: bytes) -> None:
    before = _stored(server, s)
    r = s.post(server.url, data=data)
    assert r.status_code < 500, r.text
    created = 0
    if r.status_code == 200:
        answers = [e["response"] for e in r.json()["entry"]]
        for a in answers:
            assert a["status"][0] in "24", a
            if a["status"][0] == "4":
                assert a["outcome"]["resourceType"] == "OperationOutcome"
        created = sum(a["status"] == "201 Created" for a in answers)
    else:
        assert 400 <= r.status_code < 500 and _is_outcome(r), r.text
    assert _stored(server, s) == before + created


def test_random_batches_are_answered_and_refusals_store_nothing(
        server: LiveServer, site: requests.Session) -> None:
    @given(bundles(HOME))
    def check(body: Any) -> None:
        _check_batch(server, site, json.dumps(body).encode())

    check()


def test_random_puts_are_answered_and_refusals_store_nothing(
        server: LiveServer, site: requests.Session) -> None:
    @given(resources(HOME), st.booleans())
    def check(res: dict[str, Any], if_match: bool) -> None:
        type_ = res["resourceType"] if res.get("resourceType") in ("Patient",
                                                                   "Immunization") else "Patient"
        id_ = res["id"] if isinstance(res.get("id"), str) and res["id"] else new_id()
        before = _stored(server, site)
        r = site.put(f"{server.url}/{type_}/{id_}", data=json.dumps(res),
                     headers={"If-Match": 'W/"1"'} if if_match else {})
        assert r.status_code < 500, r.text
        if r.status_code >= 400:
            assert _is_outcome(r), r.text
        assert _stored(server, site) == before + (r.status_code == 201)

    check()


def test_deep_or_huge_json_is_a_4xx(server: LiveServer, site: requests.Session) -> None:
    @given(st.integers(1, 5000), st.sampled_from(["[", "{\"a\":"]),
           st.sampled_from(["1", "1e999", "-" + "9" * 30, "\"\\ud800\"", "NaN", "{}"]))
    def check(depth: int, opener: str, leaf: str) -> None:
        closer = "]" if opener == "[" else "}"
        inner = opener * depth + leaf + closer * depth
        body = '{"resourceType":"Bundle","type":"batch","entry":[' + inner + "]}"
        _check_batch(server, site, body.encode())

    check()
