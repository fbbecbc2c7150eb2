"""The platform does not take a citizen's dose number twice: each Immunization is checked
against the doses it already holds for the same Patient, through real HTTP to a real server
process. Before, ``check_immunization`` checked every dose against no history at all, and
any FHIR client could store "dose 2" twice for one Patient.
"""

from __future__ import annotations

from typing import Any

import requests

from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer


def _site(server: LiveServer, site: str = "HN-0001") -> requests.Session:
    token = server.cli("create-site", site, f"Trạm {site}")
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s


def _answers(s: requests.Session, server: LiveServer, *resources: dict[str, Any],
             if_match: dict[str, int] | None = None) -> list[dict[str, Any]]:
    r = s.post(server.url, json=batch(*resources, if_match=if_match))
    assert r.status_code == 200, r.text
    return [e["response"] for e in r.json()["entry"]]


def _statuses(answers: list[dict[str, Any]]) -> list[str]:
    return [a["status"] for a in answers]


def _issue(answer: dict[str, Any]) -> dict[str, Any]:
    [issue] = answer["outcome"]["issue"]
    return issue


def _code(answer: dict[str, Any]) -> str:
    return _issue(answer)["details"]["coding"][0]["code"]


def _dose_numbers(s: requests.Session, server: LiveServer, ids: list[str]) -> list[Any]:
    found = []
    for id_ in ids:
        r = s.get(f"{server.url}/Immunization/{id_}")
        found.append(r.json()["protocolApplied"][0]["doseNumberPositiveInt"]
                     if r.status_code == 200 else None)
    return found


def test_a_second_dose_2_of_the_same_patient_is_refused_with_the_rule_and_its_field(
        any_central: LiveServer) -> None:
    s = _site(any_central)
    p = patient()
    first = immunization(p["id"], dose_number=2, dose_date="2021-10-01")
    assert _statuses(_answers(s, any_central, p, first)) == ["201 Created", "201 Created"]

    again = immunization(p["id"], dose_number=2, dose_date="2021-11-15")
    [refused] = _answers(s, any_central, again)
    assert refused["status"] == "400 Bad Request"
    assert _code(refused) == "DOSE_NUMBER_DUPLICATE"
    issue = _issue(refused)
    assert issue["expression"] == ["Immunization.protocolApplied.doseNumber"]
    assert issue["severity"] == "error" and issue["code"] == "invalid"
    assert "đã có mũi 2 (ngày 01/10/2021)" in issue["details"]["text"]
    assert "already has dose 2 (on 01/10/2021)" in issue["diagnostics"]
    assert s.get(f"{any_central.url}/Immunization/{again['id']}").status_code == 404

    # The same refusal to a single PUT, shaped the same.
    put = s.put(f"{any_central.url}/Immunization/{again['id']}", json=again)
    assert put.status_code == 400
    assert put.json()["issue"][0]["details"]["coding"][0]["code"] == "DOSE_NUMBER_DUPLICATE"


def test_the_same_dose_sent_again_or_corrected_is_still_taken(central: LiveServer) -> None:
    s = _site(central)
    p = patient()
    d1 = immunization(p["id"], dose_number=1, dose_date="2021-08-01")
    d2 = immunization(p["id"], dose_number=2, dose_date="2021-09-01")
    assert _statuses(_answers(s, central, p, d1, d2)) == ["201 Created"] * 3

    # A retry after a lost answer: the same content, no new version.
    assert _statuses(_answers(s, central, d1, d2)) == ["200 OK", "200 OK"]
    # A correction of dose 2 (its date and lot): checked against dose 1 only.
    d2["occurrenceDateTime"], d2["lotNumber"] = "2021-09-20", "FK9999"
    [corrected] = _answers(s, central, d2, if_match={d2["id"]: 1})
    assert corrected["status"] == "200 OK" and corrected["etag"] == 'W/"2"'
    # Corrected to dose 1, which the other one holds: refused, the stored one stands.
    d2["protocolApplied"] = [{"doseNumberPositiveInt": 1}]
    [refused] = _answers(s, central, d2, if_match={d2["id"]: 2})
    assert _code(refused) == "DOSE_NUMBER_DUPLICATE"
    assert _dose_numbers(s, central, [d1["id"], d2["id"]]) == [1, 2]


def test_a_voided_dose_frees_its_number(central: LiveServer) -> None:
    s = _site(central)
    p = patient()
    wrong = immunization(p["id"], dose_number=2, dose_date="2021-09-01")
    assert _statuses(_answers(s, central, p, wrong)) == ["201 Created"] * 2
    wrong["status"], wrong["statusReason"] = "entered-in-error", {"text": "Nhập nhầm"}
    right = immunization(p["id"], dose_number=2, dose_date="2021-09-03")
    assert _statuses(_answers(s, central, wrong, right, if_match={wrong["id"]: 1})) == [
        "200 OK", "201 Created"]
    # A void of a dose 2 is never refused for the dose 2 that replaced it.
    wrong["statusReason"] = {"text": "Nhập nhầm người"}
    assert _statuses(_answers(s, central, wrong, if_match={wrong["id"]: 2})) == ["200 OK"]


def test_a_batch_is_checked_in_order(central: LiveServer) -> None:
    """Earlier in the batch counts as history for what follows, as a Patient earlier in
    the batch is known to its doses."""
    s = _site(central)
    p = patient()
    a = immunization(p["id"], dose_number=2, dose_date="2021-09-01")
    b = immunization(p["id"], dose_number=2, dose_date="2021-09-02")
    answers = _answers(s, central, p, a, b)
    assert _statuses(answers) == ["201 Created", "201 Created", "400 Bad Request"]
    assert _code(answers[2]) == "DOSE_NUMBER_DUPLICATE"


def test_a_void_later_in_the_batch_frees_the_number_for_the_dose_before_it(
        central: LiveServer) -> None:
    """A laptop's batch need not put the void of dose 2 before the dose 2 that replaces
    it: the later entry counts as it will then be. Should that later entry be refused
    (here: sent with a stale version), the dose that counted on it is refused too, so the
    platform never keeps two."""
    s = _site(central)
    p = patient()
    old = immunization(p["id"], dose_number=2, dose_date="2021-09-01")
    assert _statuses(_answers(s, central, p, old)) == ["201 Created"] * 2

    void = dict(old, status="entered-in-error", statusReason={"text": "Nhập nhầm"})
    new = immunization(p["id"], dose_number=2, dose_date="2021-09-05")
    stale = _answers(s, central, new, void, if_match={old["id"]: 7})
    assert _statuses(stale) == ["400 Bad Request", "412 Precondition Failed"]
    assert _code(stale[0]) == "DOSE_NUMBER_DUPLICATE"
    assert s.get(f"{central.url}/Immunization/{new['id']}").status_code == 404

    taken = _answers(s, central, new, void, if_match={old["id"]: 1})
    assert _statuses(taken) == ["201 Created", "200 OK"]


def test_two_doses_exchanging_their_numbers_in_one_batch(central: LiveServer) -> None:
    """A site that set right a backfilled person's two doses (numbered against their
    dates) sends both in one batch: each is checked against the other as the batch leaves
    it, whichever goes first."""
    s = _site(central)
    p = patient(cleaning_reason="DOSE_ORDER")
    a = immunization(p["id"], dose_number=1, dose_date="2021-10-01")
    b = immunization(p["id"], dose_number=2, dose_date="2021-08-01")
    assert _statuses(_answers(s, central, p, a, b)) == ["201 Created"] * 3
    a["protocolApplied"] = [{"doseNumberPositiveInt": 2}]
    b["protocolApplied"] = [{"doseNumberPositiveInt": 1}]
    assert _statuses(_answers(s, central, b, a, if_match={a["id"]: 1, b["id"]: 1})) == [
        "200 OK", "200 OK"]
    assert _dose_numbers(s, central, [a["id"], b["id"]]) == [2, 1]


def test_out_of_date_order_is_taken_a_number_twice_never(central: LiveServer) -> None:
    """Dose 2 dated before dose 1: a date or a number is wrong, but the dose happened. The
    desk's backfill keeps it (flagged for cleaning) and a merge can join doses so:
    refused, it would never reach the platform. A number twice is refused."""
    s = _site(central)
    p = patient(id_number="001090000011")
    assert _statuses(_answers(s, central, p, immunization(
        p["id"], dose_number=1, dose_date="2021-10-01"))) == ["201 Created"] * 2
    early = immunization(p["id"], dose_number=2, dose_date="2021-08-01")
    assert _statuses(_answers(s, central, early)) == ["201 Created"]
    [twice] = _answers(s, central, immunization(p["id"], dose_number=2,
                                                dose_date="2021-12-01"))
    assert _code(twice) == "DOSE_NUMBER_DUPLICATE"


def test_another_patients_doses_are_not_this_ones_history(central: LiveServer) -> None:
    """The history is the Patient's own: two people of one site each have a dose 2, and a
    dose moved to another Patient (a merge) takes its number with it."""
    s = _site(central)
    one, two = patient(id_number="001090000021"), patient(id_number="001090000022")
    d_one = immunization(one["id"], dose_number=2)
    d_two = immunization(two["id"], dose_number=2)
    assert _statuses(_answers(s, central, one, two, d_one, d_two)) == ["201 Created"] * 4
    d_one["patient"] = {"reference": f"Patient/{two['id']}"}
    [moved] = _answers(s, central, d_one, if_match={d_one["id"]: 1})
    assert _code(moved) == "DOSE_NUMBER_DUPLICATE"
    d_one["protocolApplied"] = [{"doseNumberPositiveInt": 3}]
    d_one["occurrenceDateTime"] = "2021-12-01"
    assert _statuses(_answers(s, central, d_one, if_match={d_one["id"]: 1})) == ["200 OK"]
    # Dose 2 of the first Patient is free again.
    assert _statuses(_answers(s, central, immunization(one["id"], dose_number=2))) == [
        "201 Created"]


def test_one_citizens_dose_number_at_two_sites_is_taken_and_kept_for_both(
        any_central: LiveServer) -> None:
    """Not refused (each site's dose is a fact it recorded): kept as a clash each site
    reads, its own side only; gone once one of the doses is voided."""
    a, b = _site(any_central, "HN-0001"), _site(any_central, "HN-0002")
    clashes_url = any_central.url.replace("/fhir", "/api/doses/clashes")
    pa = patient("HN-0001", id_number="001090000031")
    pb = patient("HN-0002", id_number="001090000031")  # the same citizen at site B
    da = immunization(pa["id"], "HN-0001", dose_number=2, dose_date="2021-10-01")
    db = immunization(pb["id"], "HN-0002", dose_number=2, dose_date="2021-10-04")
    assert _statuses(_answers(a, any_central, pa, da)) == ["201 Created"] * 2
    assert b.get(clashes_url).json() == {"clashes": [], "next_since": None}
    assert _statuses(_answers(b, any_central, pb, db)) == ["201 Created"] * 2

    [seen_by_b] = b.get(clashes_url).json()["clashes"]
    assert {k: seen_by_b[k] for k in ("patient_id", "immunization_id", "dose_number",
                                      "dose_date", "other_site", "other_immunization_id",
                                      "other_dose_date")} == {
        "patient_id": pb["id"], "immunization_id": db["id"], "dose_number": 2,
        "dose_date": "2021-10-04", "other_site": "HN-0001",
        "other_immunization_id": da["id"], "other_dose_date": "2021-10-01"}
    [seen_by_a] = a.get(clashes_url).json()["clashes"]
    assert (seen_by_a["immunization_id"], seen_by_a["other_site"]) == (da["id"], "HN-0002")
    # Paged by time, inclusive: from the clash's own time it is there; after it, nothing.
    later = a.get(clashes_url, params={"since": "2999-01-01T00:00:00Z"}).json()
    assert later == {"clashes": [], "next_since": None}

    da["status"], da["statusReason"] = "entered-in-error", {"text": "Nhập nhầm"}
    assert _statuses(_answers(a, any_central, da, if_match={da["id"]: 1})) == ["200 OK"]
    assert a.get(clashes_url).json()["clashes"] == []
    assert b.get(clashes_url).json()["clashes"] == []
