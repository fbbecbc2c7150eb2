"""A dose another system marks ``not-done`` on a standard FHIR R4 server (the injection was
not given).

What the user saw: the round said "1 change received" and nothing else; the dose stayed
given on the laptop (counted, fixing the next dose number, on the certificate), and the
laptop's next edit of it (a lot corrected) sent it back as ``completed`` over the other
system's word. Now it is a conflict for a supervisor, the platform's reason beside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest

from desktop_app.db.database import Database
from desktop_app.db.models import Dose
from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.merges import merge_people
from desktop_app.services.records import correct_dose
from tests.plain_fhir.live import PlainServer

pytestmark = pytest.mark.slow

REASON = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
                      "code": "MEDPREC"}], "text": "Không tiêm: hoãn tiêm"}


@dataclass
class Plain:
    db: Database
    server: PlainServer

    def sync(self):
        client = syncing.make_client(syncing.load_config(self.db), backoff_base=0.05,
                                     backoff_cap=0.5)
        return drain(syncing.sync_round(self.db, client, actor=AT_THIS_LAPTOP))

    def copy(self, dose_id: str) -> dict:
        r = self.server.session().get(f"{self.server.url}/Immunization/{dose_id}", timeout=10)
        assert r.ok, r.text
        return r.json()

    def not_done_elsewhere(self, dose_id: str) -> None:
        """Another system of the province marks the dose not given."""
        body = dict(self.copy(dose_id), status="not-done", statusReason=REASON)
        assert self.server.session().put(f"{self.server.url}/Immunization/{dose_id}",
                                         json=body, timeout=10).status_code == 200


@pytest.fixture
def plain(tmp_path, db, site) -> Iterator[Plain]:
    server = PlainServer(tmp_path, batch=True).start()
    syncing.save_config(db, server.url, server.token, actor=AT_THIS_LAPTOP)
    yield Plain(db, server)
    server.stop()


def _dose(db, with_id: bool = True):
    dob = date(1980, 1, 2)
    person = PersonInput("Nguyễn Văn An", dob, Sex.MALE, IdType.CCCD,
                         make_cccd("001", Sex.MALE, 1980, 11)) if with_id else PersonInput(
        "Nguyễn Văn An", dob, Sex.MALE, IdType.NONE, no_id_reason="HOMELESS_OR_ITINERANT")
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, date(2021, 9, 1), "Y tá Lan"),
                      person=person, today=date(2022, 6, 1), confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out


def _status(db, dose_id: str) -> tuple[str, str | None]:
    with db.reading() as s:
        dose = s.get(Dose, dose_id)
        return dose.status, dose.void_reason


def _told(db) -> dict[str, list[str]]:
    return {i.record_id: [x["code"] for x in i.issues] for i in syncing.sync_issues(db)}


def test_not_done_elsewhere_is_a_conflict_and_an_edit_here_does_not_undo_it(plain, boss):
    a = _dose(plain.db)
    plain.sync()
    plain.not_done_elsewhere(a.dose_id)
    summary = plain.sync()
    assert (summary.pulled, summary.conflicts) == (0, 1)
    assert _told(plain.db) == {a.dose_id: ["CENTRAL_NOT_DONE"]}
    said = syncing.sync_issues(plain.db)[0].issues[0]["vi"]
    assert "Không tiêm: hoãn tiêm" in said  # their reason, in their words
    rows = {r.field: r for r in syncing.compare_versions(plain.db, "dose", a.dose_id, "en")}
    assert (rows["voided"].mine, rows["voided"].theirs) == ("Active", "Not given")
    # The laptop corrects the dose's lot meanwhile: it waits for the supervisor, unsent.
    correct_dose(plain.db, a.dose_id, {"lot_number": "FK9999"}, actor=boss,
                 confirm_warnings=True, today=date(2022, 6, 1))
    plain.sync()
    assert plain.copy(a.dose_id)["status"] == "not-done"
    assert _told(plain.db) == {a.dose_id: ["CENTRAL_NOT_DONE"]}


def test_taken_as_not_given_it_no_longer_counts_and_stays_not_done_there(plain, boss):
    a = _dose(plain.db)
    twin = _dose(plain.db, with_id=False)  # the same citizen, recorded without the card
    plain.sync()
    plain.not_done_elsewhere(a.dose_id)
    plain.sync()
    syncing.resolve_conflict(plain.db, "dose", a.dose_id, "theirs", actor=boss)
    assert _status(plain.db, a.dose_id) == ("voided", "Không tiêm: hoãn tiêm")
    assert plain.sync().synced == 0 and _told(plain.db) == {}
    # A merge moves the voided dose to the kept person: sent again, still "not given" there
    # with the other system's reason, never turned into "entered in error".
    merge_people(plain.db, twin.person_id, a.person_id, actor=boss, confirm_differences=True)
    plain.sync()
    there = plain.copy(a.dose_id)
    assert (there["status"], there["statusReason"], there["patient"]["reference"]) == \
        ("not-done", REASON, f"Patient/{twin.person_id}")
    assert _told(plain.db) == {}


def test_kept_as_given_by_a_supervisor_it_goes_back_as_completed(plain, boss):
    a = _dose(plain.db)
    plain.sync()
    plain.not_done_elsewhere(a.dose_id)
    plain.sync()
    syncing.resolve_conflict(plain.db, "dose", a.dose_id, "mine", actor=boss)
    plain.sync()
    assert _status(plain.db, a.dose_id) == ("active", None)
    assert plain.copy(a.dose_id)["status"] == "completed"
    assert _told(plain.db) == {}
