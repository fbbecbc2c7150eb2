"""Everything FHIR that crosses the wire in real sync rounds is valid FHIR to a reader we did
not write: the ``fhir.resources`` models (R4B, whose Patient, Immunization, Bundle,
CapabilityStatement and OperationOutcome are R4's), which check each element's type,
cardinality, primitive formats and required parts.

Both directions: what the laptop sends (batch Bundles, PUTs) and what the reference platform
answers (CapabilityStatement, batch-responses, searchsets, reads, OperationOutcomes). The
bodies are recorded by a spy on ``requests.Session.send`` that calls through to the real
central server; nothing is replaced."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
import requests
from fhir.resources.R4B import get_fhir_model_class

from tests.sync.helpers import make_every_shape

FHIR_JSON = "application/fhir+json"


@pytest.fixture
def wire(monkeypatch) -> list[tuple[str, str, Any]]:  # noqa: ANN001
    """(direction, "METHOD path", JSON body) of every FHIR body sent or received."""
    seen: list[tuple[str, str, Any]] = []
    real = requests.Session.send

    def send(self, request, **kwargs):  # noqa: ANN001, ANN202
        what = f"{request.method} {requests.utils.urlparse(request.url).path}"
        if "/fhir" in what and request.body:
            body = request.body if isinstance(request.body, bytes) else request.body.encode()
            if request.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            seen.append(("sent", what, json.loads(body)))
        answer = real(self, request, **kwargs)
        if "/fhir" in what and answer.content and \
                answer.headers.get("Content-Type", "").startswith(FHIR_JSON):
            seen.append(("answered", what, answer.json()))
        return answer

    monkeypatch.setattr(requests.Session, "send", send)
    return seen


def _invalid(body: Any) -> str | None:
    """What the independent models find wrong in ``body``; None when it is valid."""
    try:
        get_fhir_model_class(body["resourceType"]).model_validate(body)
    except Exception as exc:  # noqa: BLE001 - pydantic's ValidationError, or an unknown type
        return f"{type(exc).__name__}: {exc}"[:2000]
    return None


def test_every_fhir_body_of_a_round_each_way_is_valid_r4(wired, wire):
    make_every_shape(wired.db)
    first = wired.sync()
    assert first.rejected == 0 and first.synced > 0
    # A second round pulls the platform's changes (its searchsets) and sends nothing new.
    wired.sync()
    # An answer in error: a read of a record the platform does not have.
    requests.get(f"{wired.server.url}/Patient/no-such-person",
                 headers={"Authorization": f"Bearer {wired.token}"}, timeout=10)

    kinds = {(d, w.split()[0], body.get("resourceType"), body.get("type"))
             for d, w, body in wire}
    assert ("sent", "POST", "Bundle", "batch") in kinds
    assert ("answered", "POST", "Bundle", "batch-response") in kinds
    assert ("answered", "GET", "CapabilityStatement", None) in kinds
    assert ("answered", "GET", "Bundle", "searchset") in kinds
    assert ("answered", "GET", "OperationOutcome", None) in kinds
    sent = [e["resource"] for d, _w, body in wire if d == "sent"
            for e in body.get("entry", [])]
    assert {r["resourceType"] for r in sent} == {"Patient", "Immunization"}
    assert any(r.get("status") == "entered-in-error" for r in sent)
    assert any(r.get("reaction") for r in sent)
    problems = [(d, w, _invalid(body)) for d, w, body in wire]
    assert [p for p in problems if p[2]] == []


def test_a_bundle_made_invalid_is_caught_so_the_check_can_fail():
    """The models do refuse what FHIR forbids: the check above can fail."""
    bad = {"resourceType": "Immunization", "status": "completed",
           "vaccineCode": {"coding": [{"code": "COMIRNATY"}]},
           "patient": {"reference": "Patient/1"}, "occurrenceDateTime": "02/09/2021",
           "recorded": "2021-09-02T01:00:00Z"}
    assert "occurrenceDateTime" in (_invalid(bad) or "")
    bad["occurrenceDateTime"] = "2021-09-02"
    assert _invalid(bad) is None
    bad["recorded"] = "2021-09-02T01:00:00"  # a time with no zone: FHIR forbids it
    assert "recorded" in (_invalid(bad) or "")
    bad["recorded"] = "2021-09-02T01:00:00Z"
    del bad["status"]
    assert "status" in (_invalid(bad) or "")
