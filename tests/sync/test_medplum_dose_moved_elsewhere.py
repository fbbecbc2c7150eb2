"""Found by a review (plain FHIR): another system moves an Immunization to another Patient
(the province's tool correcting a dose entered on the wrong person); the laptop, with no
edit of its own on that dose, pulled the change and then PUT its old ``patient.reference``
back over it with ``If-Match`` of their version: the other system's correction was undone
on the server without a conflict or a word. Now the dose is moved here as it was there.

Server: Medplum's FHIR engine (tests/medplum/server.mjs), a server we did not write.
docs/sync-protocol.md says another system's merge is "kept" (for a Patient's link); for a
dose, ``inbox._merge_not_on_server`` took any patient that differs from the laptop's for a
merge made here and queued the dose again.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop_app.db.models import Dose, SyncRecord
from tests.sync.helpers import make_people
from tests.sync.test_medplum import medplum  # noqa: F401 - fixture

pytestmark = pytest.mark.slow


def _moved_on_the_server(medplum, number: int):  # noqa: ANN001, ANN202, F811
    """A's dose ``number`` moved to B (who holds a dose 1) by another system."""
    [a] = make_people(medplum.db, 1, doses_each=2)
    [b] = make_people(medplum.db, 1, doses_each=1, seed=5)
    medplum.sync()
    with medplum.db.reading() as s:
        dose_id = s.scalar(select(Dose.id).where(Dose.person_id == a,
                                                 Dose.dose_number == number))
    copy = medplum.server_copy("Immunization", dose_id)
    body = copy.json()
    body["patient"] = {"reference": f"Patient/{b}"}  # the dose was given to B, not A
    r = medplum.server.session().put(f"{medplum.server.url}/Immunization/{dose_id}",
                                     json=body, headers={"If-Match": copy.headers["ETag"]})
    assert r.status_code == 200, r.text
    rounds = [medplum.sync(), medplum.sync()]
    on_server = medplum.server_copy("Immunization", dose_id).json()["patient"]["reference"]
    with medplum.db.reading() as s:
        here = s.get(Dose, dose_id).person_id
        state = s.get(SyncRecord, ("dose", dose_id)).state
    return a, b, on_server, here, state, rounds


def test_a_dose_moved_to_another_patient_by_another_system_stays_moved(
        medplum):  # noqa: F811
    a, b, on_server, here, state, rounds = _moved_on_the_server(medplum, 2)
    assert on_server == f"Patient/{b}", f"moved back by the laptop: sent {rounds[1].sent}"
    assert (here, state) == (b, "synced")  # taken here as it is there


def test_one_moved_onto_a_dose_of_its_number_waits_for_a_person(medplum):  # noqa: F811
    """B already holds a dose 1 here: the laptop cannot hold two, so a person decides; the
    other system's move is not put back meanwhile."""
    a, b, on_server, here, state, _rounds = _moved_on_the_server(medplum, 1)
    assert on_server == f"Patient/{b}"
    assert (here, state) == (a, "conflict")
