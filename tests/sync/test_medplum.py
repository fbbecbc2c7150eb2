"""The sync against a FHIR server we did not write: Medplum's FHIR engine
(``tests/medplum/server.mjs``, a real Node process on 127.0.0.1). Its versions are UUIDs, not
counters; its batch, If-Match, search and validation are Medplum's code; every resource the
laptop writes is checked by Medplum's validator against the R4 StructureDefinitions, so a body
it refuses comes back as a 400 and shows as a rejected record here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import Dose, Person, SyncRecord
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.sync import pull
from desktop_app.sync.errors import ProtocolError
from tests.fault_proxy import FaultProxy
from tests.medplum.live import MedplumServer
from tests.sync.helpers import make_every_shape, make_people, reconcile
from tests.sync.test_plain_fhir import PlainWired, _edit_phone

pytestmark = pytest.mark.slow


@pytest.fixture
def medplum(tmp_path, db, site) -> Iterator[PlainWired]:
    server = MedplumServer(tmp_path).start()
    syncing.save_config(db, server.url, server.token, actor=AT_THIS_LAPTOP)
    yield PlainWired(db, server)
    server.stop()


def _writes(server: MedplumServer) -> list[str]:
    return [r for r in server.requests_seen() if r.startswith(("PUT", "POST"))]


@pytest.mark.parametrize("batch", [True, False], ids=["batch", "puts"])
def test_a_site_pushes_and_pulls_through_medplum(medplum, batch):
    if not batch:
        medplum.server.batch = False
        medplum.server.restart()
    make_people(medplum.db, 30, doses_each=2)
    summary = medplum.sync()
    assert (summary.synced, summary.rejected, summary.conflicts) == (90, 0, 0)
    writes = _writes(medplum.server)
    if batch:  # Medplum's processBatch answered each entry
        assert writes and all(w == "POST /fhir/R4" for w in writes), writes[:3]
    else:
        assert len(writes) == 90 and all(w.startswith("PUT /fhir/R4/") for w in writes)
    reconcile(medplum.db, medplum.server.url, medplum.token)
    with medplum.db.reading() as s:  # Medplum's versions, UUIDs, kept as the server's
        versions = {r.server_version for r in s.execute(select(SyncRecord)).scalars()}
    assert len(versions) == 90 and all(len(v) == 36 and v.count("-") == 4 for v in versions)
    again = medplum.sync()  # its own writes came back in the pull: recognised, not changes
    assert (again.sent, again.pulled, again.conflicts) == (0, 0, 0)


def test_every_shape_of_record_passes_medplums_validator(medplum):
    """CCCD with an old CMND, a passport, no ID with its reason, a voided dose, a reaction:
    each one written through Medplum's validator, none refused."""
    make_every_shape(medplum.db)
    summary = medplum.sync()
    assert summary.rejected == 0 and summary.conflicts == 0, syncing.sync_issues(medplum.db)
    assert summary.synced == summary.sent > 0
    reconcile(medplum.db, medplum.server.url, medplum.token)
    copies = [medplum.server_copy("Immunization", d).json() for d in _dose_ids(medplum)]
    assert any(c.get("reaction") for c in copies)
    assert any(c["status"] == "entered-in-error" for c in copies)


def test_an_edit_in_medplum_comes_down_and_pages_follow_its_next_links(medplum, monkeypatch):
    monkeypatch.setattr(pull, "PAGE", 5)  # 12 people: three pages and Medplum's offsets
    [pid, *_] = make_people(medplum.db, 12, doses_each=1)
    medplum.sync()  # its own writes come back in the pull, page after page
    assert any("_offset=10" in line for line in medplum.server.requests_seen())
    copy = medplum.server_copy("Patient", pid)
    body = copy.json()
    body["name"] = [{"text": "Trần Thị Bích"}]
    r = medplum.server.session().put(f"{medplum.server.url}/Patient/{pid}", json=body,
                                     headers={"If-Match": copy.headers["ETag"]})
    assert r.status_code == 200, r.text
    summary = medplum.sync()
    assert summary.pulled == 1 and summary.conflicts == 0
    with medplum.db.reading() as s:
        assert s.get(Person, pid).full_name == "Trần Thị Bích"
    assert medplum.sync().pulled == 0
    reconcile(medplum.db, medplum.server.url, medplum.token)


def test_an_edit_in_medplum_then_a_local_edit_is_a_conflict_never_an_overwrite(medplum):
    [pid] = make_people(medplum.db, 1, doses_each=1)
    medplum.sync()
    body = medplum.server_copy("Patient", pid).json()
    body["name"] = [{"text": "Trần Thị Bích"}]
    assert medplum.server.session().put(f"{medplum.server.url}/Patient/{pid}",
                                        json=body).status_code == 200  # no If-Match
    _edit_phone(medplum.db, pid, "0911222333")
    summary = medplum.sync()
    assert summary.conflicts == 1
    kept = medplum.server_copy("Patient", pid).json()
    assert kept["name"] == [{"text": "Trần Thị Bích"}] and "telecom" not in kept
    syncing.resolve_conflict(medplum.db, "person", pid, "mine", actor=AT_THIS_LAPTOP)
    assert medplum.sync().conflicts == 0
    assert medplum.server_copy("Patient", pid).json()["telecom"][0]["value"].endswith("222333")
    reconcile(medplum.db, medplum.server.url, medplum.token)


def test_lost_batch_answers_leave_every_record_once_in_medplum(medplum):
    proxy = FaultProxy(medplum.server.port)  # loses POST answers: the batches'
    try:
        make_people(medplum.db, 20, doses_each=2)
        proxy.lose_answers = 3
        summary = medplum.sync(proxy.url("/fhir/R4"))
    finally:
        proxy.close()
    assert proxy.lose_answers == 0  # three answers really were lost, and the batches resent
    assert summary.conflicts == 0 and summary.synced == 60
    reconcile(medplum.db, medplum.server.url, medplum.token)


def _dose_ids(wired: PlainWired) -> list[str]:
    with wired.db.reading() as s:
        return list(s.execute(select(Dose.id)).scalars())


def test_medplums_validator_refuses_what_breaks_r4_so_the_checks_above_can_fail(medplum):
    """The laptop's own Patient, valid as it was sent, with one element broken: Medplum's
    validator refuses it and names the element."""
    [pid] = make_people(medplum.db, 1, doses_each=0 + 1)
    medplum.sync()
    body = medplum.server_copy("Patient", pid).json()
    body["birthDate"] = "1990-13-45"
    r = medplum.server.session().put(f"{medplum.server.url}/Patient/{pid}", json=body)
    assert r.status_code == 400
    assert r.json()["issue"][0]["expression"] == ["Patient.birthDate"]


def _edit_in_medplum(wired: PlainWired, type_: str, id_: str, if_match: bool = True,
                     **elements) -> None:
    """Another system writes elements the laptop does not on its record."""
    copy = wired.server_copy(type_, id_)
    body = {**copy.json(), **elements}
    headers = {"If-Match": copy.headers["ETag"]} if if_match else {}
    r = wired.server.session().put(f"{wired.server.url}/{type_}/{id_}", json=body,
                                   headers=headers)
    assert r.status_code == 200, r.text


THEIR_PATIENT = {
    "maritalStatus": {"text": "Đã kết hôn"},
    "communication": [{"language": {"text": "Tiếng Việt"}}],
    "meta": {"tag": [{"system": "urn:example:insurer", "code": "checked"}]},
}


def test_what_another_system_wrote_on_a_person_survives_the_laptops_edit(medplum):
    """An insurer's system adds a marital status, a language, its own identifier and an
    e-mail to a person the site recorded. The laptop pulls that version, the clerk
    corrects the phone, and the laptop's update (If-Match right) replaced the record with
    its own elements: everything the insurer wrote was deleted without a word."""
    [pid] = make_people(medplum.db, 1, doses_each=1)
    medplum.sync()
    ours = medplum.server_copy("Patient", pid).json()
    _edit_in_medplum(medplum, "Patient", pid, **THEIR_PATIENT,
                     identifier=[*ours["identifier"], {"system": "urn:example:bhyt",
                                                       "value": "DN4010123456789"}],
                     telecom=[*ours.get("telecom", []), {"system": "email",
                                                         "value": "an@example.vn"}])
    assert medplum.sync().pulled == 1
    _edit_phone(medplum.db, pid, "0911222333")
    summary = medplum.sync()
    assert (summary.synced, summary.conflicts) == (1, 0)
    after = medplum.server_copy("Patient", pid).json()
    assert after["telecom"] == [{"system": "phone", "value": "0911222333"},
                                {"system": "email", "value": "an@example.vn"}]
    assert after["identifier"][-1] == {"system": "urn:example:bhyt", "value": "DN4010123456789"}
    assert after["identifier"][0] == ours["identifier"][0]
    assert after["maritalStatus"] == THEIR_PATIENT["maritalStatus"]
    assert after["communication"] == THEIR_PATIENT["communication"]
    assert after["meta"]["tag"] == THEIR_PATIENT["meta"]["tag"]
    again = medplum.sync()  # the merged write comes back as the laptop's own
    assert (again.sent, again.pulled, again.conflicts) == (0, 0, 0)


def test_what_another_system_wrote_on_a_dose_survives_the_laptops_edit(medplum):
    """A registry adds its SNOMED code beside ours, the route, the site on the body, the
    manufacturer and the target disease; the clerk corrects the lot here."""
    make_people(medplum.db, 1, doses_each=1)
    [dose_id] = _dose_ids(medplum)
    medplum.sync()
    ours = medplum.server_copy("Immunization", dose_id).json()
    snomed = {"system": "http://snomed.info/sct", "code": "1119349007"}
    _edit_in_medplum(
        medplum, "Immunization", dose_id,
        vaccineCode={"coding": [*ours["vaccineCode"]["coding"], snomed], "text": "Comirnaty"},
        route={"text": "Tiêm bắp"}, site={"text": "Cánh tay trái"},
        manufacturer={"display": "BioNTech Manufacturing GmbH"},
        protocolApplied=[{**ours["protocolApplied"][0],
                          "targetDisease": [{"text": "COVID-19"}]}])
    assert medplum.sync().pulled == 1
    with medplum.db.transaction() as s:
        store.update_dose(s, s.get(Dose, dose_id), {"lot_number": "FK9999"}, now=utc_now())
    assert medplum.sync().synced == 1
    after = medplum.server_copy("Immunization", dose_id).json()
    assert after["lotNumber"] == "FK9999"
    assert after["vaccineCode"] == {"coding": [*ours["vaccineCode"]["coding"], snomed],
                                    "text": "Comirnaty"}
    assert (after["route"], after["site"]) == ({"text": "Tiêm bắp"}, {"text": "Cánh tay trái"})
    assert after["manufacturer"] == {"display": "BioNTech Manufacturing GmbH"}
    assert after["protocolApplied"] == [{**ours["protocolApplied"][0],
                                         "targetDisease": [{"text": "COVID-19"}]}]
    assert medplum.sync().sent == 0


def test_keeping_the_laptops_version_of_a_conflict_keeps_what_the_other_system_wrote(
        medplum):
    """Both sides edited: the other system (no If-Match) added a marital status, the clerk
    changed the phone. A supervisor keeps the laptop's version: its phone goes over their
    version, and their marital status stays on it."""
    [pid] = make_people(medplum.db, 1, doses_each=1)
    medplum.sync()
    _edit_in_medplum(medplum, "Patient", pid, if_match=False,
                     maritalStatus=THEIR_PATIENT["maritalStatus"])
    _edit_phone(medplum.db, pid, "0911222333")
    assert medplum.sync().conflicts == 1
    syncing.resolve_conflict(medplum.db, "person", pid, "mine", actor=AT_THIS_LAPTOP)
    assert medplum.sync().conflicts == 0
    after = medplum.server_copy("Patient", pid).json()
    assert after["telecom"] == [{"system": "phone", "value": "0911222333"}]
    assert after["maritalStatus"] == THEIR_PATIENT["maritalStatus"]


@pytest.mark.parametrize("batch", [True, False], ids=["batch", "puts"])
def test_a_medplum_client_that_may_not_choose_ids_stops_the_round_and_says_why(medplum,
                                                                              batch):
    """Medplum creates a record by PUT only for a super administrator; a project's client
    gets a 404. Every new record of the laptop has the id it chose, so each would be
    refused and wait for a supervisor: the round stops at the first, every record stays
    queued, and the clerk is told what platform or access code it needs."""
    medplum.server.can_set_id, medplum.server.batch = False, batch
    medplum.server.restart()
    refused = medplum.server.session().put(f"{medplum.server.url}/Patient/new-id",
                                           json={"resourceType": "Patient", "id": "new-id"})
    assert refused.status_code == 404  # what every PUT of the laptop's meets
    make_people(medplum.db, 5, doses_each=1)
    with pytest.raises(ProtocolError) as stopped:
        medplum.sync()
    assert stopped.value.code == "SYNC_NO_CLIENT_IDS"
    assert "quản trị viên cấp cao" in stopped.value.message("vi")
    with medplum.db.reading() as s:
        states = {r.state for r in s.execute(select(SyncRecord)).scalars()}
    assert "rejected" not in states and states <= {"pending", "sending"}
    medplum.server.can_set_id = True  # a super administrator's access code
    medplum.server.restart()
    summary = medplum.sync()  # though Medplum's statement still says updateCreate false
    assert (summary.synced, summary.rejected) == (10, 0)
