"""``GET /api/complaints/filed``: a site asks how the calls it filed that went elsewhere
stand. It learns what the public status page shows by code (status, raised, the outcome and
its note), only of codes it filed, never where they went, who answered or what records the
answer touched; one that came back to it is at its pull instead."""

from __future__ import annotations

from datetime import date

import requests

from desktop_app.wire.complaints import (
    DETAILS_WRONG,
    FILED_MAX,
    HOTLINE,
    NOT_ON_SYSTEM,
    REJECT,
    REJECTED,
    Submission,
)
from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

KNOWN_ID = "001090000001"  # has a dose at site A
STRANGER_ID = "001090000077"  # nowhere on the platform


def _session(token: str) -> requests.Session:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s


def _call(id_number: str, kind: str = DETAILS_WRONG, entry: str = "01JENTRY0001",
          **more) -> dict:
    sub = Submission(kind, id_number, "Lê Văn Tám", date(1990, 1, 1), text="Sai tên đệm",
                     channel=HOTLINE, **more)
    return sub.as_json() | {"entry_id": entry}


def test_a_filer_learns_the_status_and_outcome_of_its_calls_that_went_elsewhere(
        central: LiveServer) -> None:
    api = central.url.rsplit("/fhir", 1)[0] + "/api/complaints"
    a = _session(central.cli("create-site", "HN-0001", "Trạm Y tế Phường Hoàn Kiếm",
                             "--province", "01", "--commune", "00070"))
    b = _session(central.cli("create-site", "HN-0002", "Trạm Y tế Phường Ba Đình",
                             "--province", "01", "--commune", "00004"))
    staff = _session(central.cli("issue-token", "--central"))
    person = patient("HN-0001", id_number=KNOWN_ID)
    assert a.post(central.url, json=batch(person, immunization(person["id"], "HN-0001"))).ok

    went_to_a = b.post(api, json=_call(KNOWN_ID)).json()["code"]
    came_back = b.post(api, json=_call(STRANGER_ID, NOT_ON_SYSTEM, "01JENTRY0002",
                                       commune_code="00004")).json()["code"]
    on_the_web = staff.post(api, json=_call(KNOWN_ID, entry="")).json()["code"]
    by_a = a.post(api, json=_call(KNOWN_ID, entry="01JENTRY0003")).json()["code"]
    asked = {"code": [went_to_a, came_back, on_the_web, by_a, "PA-00000000", "nonsense"]}

    told = b.get(f"{api}/filed", params=asked)
    assert told.status_code == 200, told.text
    [status] = told.json()["complaints"]
    assert status == {"code": went_to_a, "status": "open", "escalated": False,
                      "changed_at": status["changed_at"], "action": None, "note": "",
                      "resolved_at": None}

    reason = "Hồ sơ đúng với CCCD, không cần sửa."
    resolved = a.post(f"{api}/{went_to_a}/resolution", json={
        "action": REJECT, "note": reason, "resolved_by": "Nguyễn Văn Giám Sát",
        "resolved_at": "2026-12-01T08:00:00Z", "person_id": person["id"], "dose_ids": []})
    assert resolved.status_code == 200, resolved.text
    [status] = b.get(f"{api}/filed", params={"code": went_to_a.lower()}).json()["complaints"]
    assert (status["status"], status["action"], status["note"]) == (REJECTED, REJECT, reason)
    assert status["resolved_at"] is not None
    assert "Nguyễn Văn Giám Sát" not in told.text + str(status)  # who answered: not said
    assert person["id"] not in str(status) and "HN-0001" not in str(status)

    # Another site, even the one it went to, learns nothing here of B's calls; staff file
    # none; no token, no answer; too many codes at once is refused.
    assert a.get(f"{api}/filed", params={"code": [went_to_a, came_back]}).json() == \
        {"complaints": []}
    assert staff.get(f"{api}/filed", params=asked).json() == {"complaints": []}
    assert requests.get(f"{api}/filed", params=asked, timeout=30).status_code == 401
    too_many = b.get(f"{api}/filed", params={"code": [went_to_a] * (FILED_MAX + 1)})
    assert too_many.status_code == 400
