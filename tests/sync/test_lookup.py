"""Reading the platform's cross-site answers: realistic searchset Bundles, paged, parsed
into a RemoteCitizen without a server (the live scenario is in test_lookup_live.py)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.sync.errors import ProtocolError
from desktop_app.sync.lookup import MAX_PAGES, NoIdSearch, identifier_token, look_up
from desktop_app.wire import fhir

CCCD = make_cccd("001", Sex.FEMALE, 1990, 4242)
BASE = "http://central.test/fhir"


def patient(id_, site, **extra):
    res = {"resourceType": "Patient", "id": id_,
           "identifier": [{"system": fhir.SYSTEM_CCCD, "value": CCCD}],
           "name": [{"text": "Trần Thị Lan"}], "birthDate": "1990-05-06", "gender": "female",
           "managingOrganization": fhir.site_reference(site)}
    return res | extra


def immunization(id_, patient_id, site, number, day, status="completed"):
    return {"resourceType": "Immunization", "id": id_, "status": status,
            "vaccineCode": {"coding": [{"system": fhir.SYSTEM_VACCINE, "code": "COMIRNATY"}]},
            "patient": {"reference": f"Patient/{patient_id}"},
            "occurrenceDateTime": day, "protocolApplied": [{"doseNumberPositiveInt": number}],
            "location": fhir.site_reference(site), "lotNumber": f"FK{number}"}


def searchset(resources, next_url=None, self_url=None):
    # VaxDesk's platform sends no ``self`` link; another server's names the parameters used.
    links = [{"relation": "self", "url": self_url}] if self_url else []
    if next_url:
        links.append({"relation": "next", "url": next_url})
    return {"resourceType": "Bundle", "type": "searchset", "link": links,
            "entry": [{"fullUrl": f"{BASE}/{r['resourceType']}/{r.get('id')}", "resource": r,
                       "search": {"mode": "match"}} for r in resources]}


class StubClient:
    """Answers by (path or next URL, params), and remembers what was asked."""

    def __init__(self, answers):
        self.answers = answers
        self.asked = []

    def get(self, url, params=None):
        self.asked.append((url, params))
        return self.answers.get(url)


def test_a_citizen_at_two_sites_is_read_from_paged_bundles():
    a = patient("pa", "HN-0001", link=[{"other": {"reference": "Patient/pb"}, "type": "seealso"}])
    b = patient("pb", "HN-0002", name=[{"text": "Trần Thị Lan"}])
    client = StubClient({
        "Patient": searchset([a], next_url=f"{BASE}/Patient?_page=2"),
        f"{BASE}/Patient?_page=2": searchset([b]),
        "Immunization": searchset([
            immunization("i2", "pa", "HN-0001", 2, "2021-10-06"),
            immunization("i1", "pa", "HN-0001", 1, "2021-09-01"),
            immunization("ix", "pa", "HN-0001", 2, "2021-09-02", status="entered-in-error"),
        ]),
    })
    citizen = look_up(client, CCCD[:3] + " " + CCCD[3:])  # typed with a space
    token = f"{fhir.SYSTEM_CCCD}|{CCCD}"
    assert client.asked == [("Patient", {"identifier": token}),
                            (f"{BASE}/Patient?_page=2", None),
                            ("Immunization", {"patient.identifier": token})]
    assert citizen.id_number == CCCD
    assert [(p.id, p.site_code, p.linked_ids) for p in citizen.patients] == [
        ("pa", "HN-0001", ("pb",)), ("pb", "HN-0002", ())]
    # oldest first, the voided one left out: it is not a dose the person had
    assert [(d.id, d.dose_number, d.dose_date, d.site_code, d.lot_number)
            for d in citizen.doses] == [("i1", 1, date(2021, 9, 1), "HN-0001", "FK1"),
                                        ("i2", 2, date(2021, 10, 6), "HN-0001", "FK2")]
    assert citizen.identity.id == "pa"  # the site of the last dose
    assert citizen.identity.fields.dob == date(1990, 5, 6)
    assert citizen.sites() == ["HN-0001", "HN-0002"]


def test_nobody_known_asks_once_and_answers_none():
    client = StubClient({"Patient": searchset([])})
    assert look_up(client, CCCD) is None
    assert len(client.asked) == 1  # no Immunization search for nobody


def test_only_citizen_ids_are_looked_up():
    assert identifier_token("012345678") == f"{fhir.SYSTEM_CMND}|012345678"
    for not_an_id in ("0123456789", "B1234567", "nguyen", "", None):
        assert identifier_token(not_an_id) is None
    with pytest.raises(ValueError):
        look_up(StubClient({}), "B1234567")


def test_a_malformed_or_endless_answer_is_a_protocol_error():
    broken = StubClient({"Patient": searchset([{"resourceType": "Patient"}])})  # no id
    with pytest.raises(ProtocolError):
        look_up(broken, CCCD)
    loop = StubClient({"Patient": searchset([patient("pa", "HN-0001")],
                                            next_url="Patient")})  # next points to itself
    with pytest.raises(ProtocolError):
        look_up(loop, CCCD)
    assert len(loop.asked) == MAX_PAGES


def test_a_server_that_ignored_the_number_is_never_taken_at_its_word():
    """FHIR's lenient handling: a parameter the server does not know is ignored, left out
    of the ``self`` link, and whatever it holds comes back."""
    other = patient("po", "HN-0009", identifier=[{"system": fhir.SYSTEM_CCCD,
                                                  "value": "001188000777"}])
    everyone = StubClient({"Patient": searchset([other, patient("pa", "HN-0001")])})
    with pytest.raises(NoIdSearch):
        look_up(everyone, CCCD)
    said_so = StubClient({"Patient": searchset([], self_url=f"{BASE}/Patient?_count=50")})
    with pytest.raises(NoIdSearch):
        look_up(said_so, CCCD)
    chained_ignored = StubClient({
        "Patient": searchset([patient("pa", "HN-0001")],
                             self_url=f"{BASE}/Patient?identifier={fhir.SYSTEM_CCCD}%7C{CCCD}"),
        "Immunization": searchset([immunization("i1", "pa", "HN-0001", 1, "2021-09-01")],
                                  self_url=f"{BASE}/Immunization")})
    with pytest.raises(NoIdSearch):
        look_up(chained_ignored, CCCD)


def test_a_dose_of_a_patient_not_found_nor_linked_is_not_the_citizens():
    client = StubClient({
        "Patient": searchset([patient("pa", "HN-0001")]),
        "Immunization": searchset([immunization("i1", "pa", "HN-0001", 1, "2021-09-01"),
                                   immunization("ix", "px", "HN-0009", 2, "2021-10-01")])})
    assert [d.id for d in look_up(client, CCCD).doses] == ["i1"]
