"""Answers to complaints through the real central server's API, held to the rule the
dashboard and the terminal follow: central staff reject or reply in words, never "dose
added"; a site's change names what changed. And a site pulling a complaint reads only its
own Patients among the records the platform matched."""

from __future__ import annotations

from typing import Any

import requests

from central_server.complaints import store
from central_server.db.engine import make_engine
from desktop_app.rules.messages import text
from desktop_app.wire.complaints import DETAILS_WRONG, NOT_ON_SYSTEM
from tests.central.fhir_samples import batch, immunization, patient
from tests.central.test_complaints_api import (
    KNOWN_ID,
    STRANGER_ID,
    _api,
    _complaint,
    _world,
)
from tests.live_server import LiveServer

AT = "2026-12-01T09:00:00Z"


def _answer(action: str, note: str = "", **record: Any) -> dict[str, Any]:
    return {"action": action, "note": note, "resolved_by": "Hoa", "resolved_at": AT} | record


def _refused(response: requests.Response) -> list[tuple[str, list[str]]]:
    assert response.status_code == 422, response.text
    return [(i["details"]["coding"][0]["code"], i["expression"])
            for i in response.json()["issue"]]


def _kept(server: LiveServer, code: str):  # noqa: ANN202
    engine = make_engine(server.database_url)
    try:
        return store.get(engine, code), [a for a, *_ in store.events(engine, code)]
    finally:
        engine.dispose()


def test_a_central_token_cannot_say_a_dose_was_added_nor_a_site_claim_a_change_unnamed(
        central: LiveServer) -> None:
    """A central token answered "add_dose" with no note, and the citizen read that a dose
    was added when nobody had added one; the dashboard and the terminal refused it, the
    API did not. The store now checks every answer, however it comes."""
    who = _world(central)
    url = _api(central)
    code = who["central"].post(url, json=_complaint(KNOWN_ID)).json()["code"]
    for action in ("add_dose", "correct", "merge"):
        for note in ("", "Đã bổ sung mũi 3."):  # in words or not: staff change no record
            said = who["central"].post(f"{url}/{code}/resolution", json=_answer(
                action, note, person_id="p1", dose_ids=["d3"], merged_id="p2"))
            assert _refused(said) == [("COMPLAINT_STAFF_ACTION", ["action"])], action
    assert text("COMPLAINT_STAFF_ACTION", "vi") in said.json()["issue"][0]["details"]["text"]

    # The site's change naming nothing, in words or by record: refused, in words.
    for action, record in (("add_dose", {"person_id": "p1"}), ("correct", {}),
                           ("merge", {"person_id": "p1"})):
        said = who["A"].post(f"{url}/{code}/resolution", json=_answer(action, " ", **record))
        assert _refused(said) == [("COMPLAINT_CHANGE_UNNAMED", ["note"])], action
    assert said.json()["issue"][0]["details"]["text"] == text("COMPLAINT_CHANGE_UNNAMED", "vi")
    kept, trail = _kept(central, code)
    assert (kept.status, kept.resolution) == ("open", None) and trail == ["filed"]

    # As the desk answers: the dose it recorded named, the note left empty. Taken.
    dose = who["A"].post(f"{url}/{code}/resolution", json=_answer(
        "add_dose", person_id="p1", dose_ids=["d3"]))
    assert dose.status_code == 200, dose.text
    assert dose.json()["status"] == "resolved"
    # In words alone, as other clients answer: taken too.
    worded = who["central"].post(url, json=_complaint(KNOWN_ID, DETAILS_WRONG)).json()
    fixed = who["A"].post(f"{url}/{worded['code']}/resolution",
                          json=_answer("correct", "Đã sửa ngày sinh theo CCCD."))
    assert fixed.status_code == 200, fixed.text
    # Staff still reject with a reason, or reply in words.
    other = who["central"].post(url, json=_complaint(STRANGER_ID, NOT_ON_SYSTEM,
                                                     commune_code="00277")).json()
    rejected = who["central"].post(f"{url}/{other['code']}/resolution",
                                   json=_answer("reject", "Không có hồ sơ tiêm."))
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    held = who["central"].post(url, json=_complaint(KNOWN_ID, DETAILS_WRONG)).json()
    replied = who["central"].post(f"{url}/{held['code']}/resolution",
                                  json=_answer("province_reply", "Trạm sẽ sửa trong hôm nay."))
    assert replied.status_code == 200 and replied.json()["status"] == "open"


def test_a_site_reads_only_its_own_patients_among_those_matched(central: LiveServer) -> None:
    """The citizen was recorded at A (two doses) and at B (one, earlier). The complaint
    routed to A carried B's Patient id too: A learnt, unasked and unlogged, that B had
    the citizen. Each site now reads its own; central staff read both."""
    who = _world(central)
    url = _api(central)
    at_b = patient("HN-0002", id_number=KNOWN_ID)
    sent = who["B"].post(central.url, json=batch(
        at_b, immunization(at_b["id"], "HN-0002", dose_number=1, dose_date="2021-08-01")))
    assert [e["response"]["status"] for e in sent.json()["entry"]] == ["201 Created"] * 2

    to_a = who["central"].post(url, json=_complaint(KNOWN_ID)).json()  # dose 3: A's latest
    to_b = who["central"].post(url, json=_complaint(
        KNOWN_ID, dose_number=1, dose_date="2021-08-01")).json()  # B's dose
    assert (to_a["site_code"], to_b["site_code"]) == ("HN-0001", "HN-0002")
    [at_a] = [p for p in to_a["patient_ids"] if p != at_b["id"]]
    assert to_a["patient_ids"] == to_b["patient_ids"] == sorted([at_a, at_b["id"]])
    nobody = who["central"].post(url, json=_complaint(STRANGER_ID, NOT_ON_SYSTEM,
                                                      commune_code="00004")).json()
    assert nobody["site_code"] == "HN-0002"

    def pulled(site: str) -> dict[str, list[str]]:
        answer = who[site].get(url)
        assert answer.status_code == 200, answer.text
        return {c["code"]: c["patient_ids"] for c in answer.json()["complaints"]}

    assert pulled("A") == {to_a["code"]: [at_a]}
    assert pulled("B") == {to_b["code"]: [at_b["id"]], nobody["code"]: []}
    assert pulled("central")[to_a["code"]] == sorted([at_a, at_b["id"]])
    # The answer to a site's resolution is the complaint as that site reads it.
    done = who["A"].post(f"{url}/{to_a['code']}/resolution", json=_answer(
        "add_dose", person_id=at_a, dose_ids=["d3"]))
    assert done.status_code == 200 and done.json()["patient_ids"] == [at_a]
    again = who["A"].post(f"{url}/{to_a['code']}/resolution", json=_answer(
        "add_dose", person_id=at_a, dose_ids=["d3"]))  # the retried answer too
    assert again.status_code == 200 and again.json()["patient_ids"] == [at_a]
    kept, _ = _kept(central, to_a["code"])
    assert kept.patient_ids == tuple(sorted([at_a, at_b["id"]]))  # central keeps them all
