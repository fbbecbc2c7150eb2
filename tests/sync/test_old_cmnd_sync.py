"""The old CMND a chip card names beside the CCCD (issue #19, point 2) travels as a second
Patient.identifier (``use: "old"``, system vn-cmnd): the real central server process keeps it
and still knows the person by their CCCD alone; a plain FHIR R4 server keeps it too."""

from __future__ import annotations

from datetime import date

import requests

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import Person
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.wire import fhir
from tests.sync.helpers import server_copies
from tests.sync.test_plain_fhir import plain  # noqa: F401 - the plain FHIR server fixture

CCCD, CMND = "001190012345", "012345678"
OLD = {"use": "old", "system": fhir.SYSTEM_CMND, "value": CMND}


def _card_holder(db, name="Nguyễn Thị Nhung", sex=Sex.FEMALE, id_type=IdType.CCCD,
                 id_number=CCCD, old=CMND) -> str:
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, date(2021, 9, 1), "Y tá Lan"),
                      person=PersonInput(name, date(1990, 3, 5), sex, id_type, id_number,
                                         old_id_number=old),
                      today=date(2022, 6, 1), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def _search(wired, token_value: str) -> list[str]:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {wired.token}"
    page = s.get(f"{wired.server.url}/Patient", params={"identifier": token_value},
                 timeout=30).json()
    return sorted(e["resource"]["id"] for e in page.get("entry") or ())


def test_the_old_cmnd_reaches_the_central_server_as_a_second_identifier(wired, wired_b):
    pid = _card_holder(wired.db)
    summary = wired.sync()
    assert (summary.synced, summary.rejected) == (2, 0)
    [copy] = [p for p in server_copies(wired.server.url, wired.token, "Patient")
              if p["id"] == pid]
    assert copy["identifier"] == [{"system": fhir.SYSTEM_CCCD, "value": CCCD}, OLD]
    # Known by the CCCD, and by the old number too (a desk shown the old card finds him).
    assert _search(wired, f"{fhir.SYSTEM_CCCD}|{CCCD}") == [pid]
    assert _search(wired, f"{fhir.SYSTEM_CMND}|{CMND}") == [pid]
    # Another site's person whose own ID is that CMND number is no clash with ours: stored,
    # and found beside ours by that number (another name: not linked, two people).
    other = _card_holder(wired_b.db, "Trần Văn Bình", Sex.MALE, IdType.CMND, CMND, None)
    assert wired_b.sync().rejected == 0
    assert _search(wired, f"{fhir.SYSTEM_CMND}|{CMND}") == sorted([pid, other])
    # The site's own write comes back in the pull unchanged: the old number stays.
    again = wired.sync()
    assert again.conflicts == 0
    with wired.db.reading() as s:
        person = s.get(Person, pid)
        assert (person.id_type, person.id_number, person.old_id_number) == ("CCCD", CCCD, CMND)


def test_a_central_correction_keeps_or_changes_the_old_cmnd_it_carries(wired):
    pid = _card_holder(wired.db)
    wired.sync()
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {wired.central_token}"
    r = s.get(f"{wired.server.url}/Patient/{pid}", timeout=30)
    body = r.json()
    body["identifier"][1]["value"] = "012345679"  # central staff correct the old number
    put = s.put(f"{wired.server.url}/Patient/{pid}", json=body,
                headers={"If-Match": r.headers["ETag"]}, timeout=30)
    assert put.status_code == 200, put.text
    assert wired.sync().pulled == 1
    with wired.db.reading() as rs:
        person = rs.get(Person, pid)
        assert (person.id_number, person.old_id_number) == (CCCD, "012345679")


def test_a_plain_fhir_server_keeps_the_second_identifier(plain):  # noqa: F811
    pid = _card_holder(plain.db)
    summary = plain.sync()
    assert (summary.synced, summary.rejected) == (2, 0)
    copy = plain.server_copy("Patient", pid).json()
    assert copy["identifier"] == [{"system": fhir.SYSTEM_CCCD, "value": CCCD}, OLD]
    with plain.db.transaction() as s:  # an edit of the old number travels as any other
        store.update_person(s, s.get(Person, pid), {"old_id_number": "012345679"},
                            now=utc_now())
    assert plain.sync().synced == 1
    assert plain.server_copy("Patient", pid).json()["identifier"][1]["value"] == "012345679"


