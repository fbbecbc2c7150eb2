"""A citizen looked up by the old CMND his chip card names beside his CCCD: the platform
finds him by it as by the CCCD, with his doses, through a real central server process and
the laptops' own lookup client.

Found by nobody, site B registered him anew by that CMND and gave him dose 1 again; the
platform then joined both records into one citizen through that very number (its
``patient_link``), who held two "dose 1" at two sites.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from desktop_app.db.database import open_database
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import lookup
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.site import set_up_site
from desktop_app.sync.lookup import look_up
from desktop_app.wire import fhir
from tests.keys import TEST_PASSPHRASE, add_test_supervisor
from tests.ui.desk_helpers import rows
from tests.wired import Wired, bearer, lookups_logged

CCCD = make_cccd("001", Sex.MALE, 1980, 5151)
CMND = "013579246"  # the number his chip card names as the one it replaced
BY_CCCD, BY_CMND = f"{fhir.SYSTEM_CCCD}|{CCCD}", f"{fhir.SYSTEM_CMND}|{CMND}"


def _tuan_at_a(wired: Wired) -> tuple[str, str]:
    """Site A records Đỗ Minh Tuấn by his CCCD, the CMND and a phone beside it, with dose 1,
    and syncs; his id and the dose's."""
    out = record_dose(
        wired.db, DoseInput("COMIRNATY", "FK1234", 1, date(2022, 3, 1), "Y tá Lan"),
        person=PersonInput("Đỗ Minh Tuấn", date(1980, 2, 2), Sex.MALE, IdType.CCCD, CCCD,
                           phone="0912345678", address="12 Láng Hạ", old_id_number=CMND),
        today=date(2022, 3, 1), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert wired.sync().rejected == 0
    return out.person_id, out.dose_id


def _search(wired: Wired, type_: str, params: dict[str, str]) -> list[dict[str, Any]]:
    r = bearer(wired.token).get(f"{wired.server.url}/{type_}", params=params, timeout=30)
    assert r.status_code == 200, r.text
    return [e["resource"] for e in r.json().get("entry") or ()]


def test_the_old_cmnd_on_his_card_finds_the_citizen_and_his_doses(wired, wired_b):
    pid, dose_id = _tuan_at_a(wired)

    citizen = look_up(wired_b.client(), CMND)
    assert citizen is not None  # was None: B registered him anew and gave dose 1 again
    [patient] = citizen.patients
    assert (patient.id, patient.site_code) == (pid, "HN-0001")
    assert (patient.fields.id_type, patient.fields.id_number,
            patient.fields.old_id_number) == ("CCCD", CCCD, CMND)
    assert [(d.id, d.dose_number, d.site_code) for d in citizen.doses] == [
        (dose_id, 1, "HN-0001")]
    assert citizen.people == 1
    # One lookup in the province's log, as by the CCCD: the person and the dose.
    assert lookups_logged(wired.server) == [("HN-0002", "Patient", BY_CMND, 2, False)]

    # By either number, the very same records, shown to another site the same reduced way.
    for type_, param in (("Patient", "identifier"), ("Immunization", "patient.identifier")):
        assert _search(wired_b, type_, {param: BY_CMND}) \
            == _search(wired_b, type_, {param: BY_CCCD})
    [shown] = _search(wired_b, "Patient", {"identifier": BY_CMND})
    assert not {"telecom", "address", "extension"} & shown.keys()
    [dose] = _search(wired_b, "Immunization", {"patient.identifier": BY_CMND})
    assert dose["id"] == dose_id and "performer" not in dose
    # Site A's own record, found by the old number, is A's whole record.
    [own] = _search(wired, "Patient", {"identifier": BY_CMND})
    assert own["telecom"] and own["address"]


def test_an_old_cmnd_is_found_at_both_sites_that_hold_it_as_one_citizen(wired, wired_b):
    """B had registered him by the CMND before A's record arrived; each site's lookup by
    that number now finds both records, which the platform links: one person, two doses."""
    out = record_dose(
        wired_b.db, DoseInput("COMIRNATY", "FK9", 2, date(2022, 4, 5), "Y tá Hà"),
        person=PersonInput("Đỗ Minh Tuấn", date(1980, 2, 2), Sex.MALE, IdType.CMND, CMND),
        today=date(2022, 4, 5), confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert wired_b.sync().rejected == 0
    pid_a, dose_a = _tuan_at_a(wired)

    for asking in (wired, wired_b):
        citizen = look_up(asking.client(), CMND)
        assert citizen is not None
        assert {(p.id, p.site_code) for p in citizen.patients} == {
            (pid_a, "HN-0001"), (out.person_id, "HN-0002")}
        assert citizen.people == 1  # linked through the old CMND: one citizen
        assert [(d.id, d.dose_number) for d in citizen.doses] == [
            (dose_a, 1), (out.dose_id, 2)]


def test_brought_by_the_old_cmnd_he_is_dose_2_here_and_one_citizen_everywhere(
        wired, wired_b, tmp_path):
    """Review item 3 whole: B brings him by the CMND, gives dose 2, syncs; a third site
    finds one citizen with doses 1 and 2 by either number."""
    _pid, dose_a = _tuan_at_a(wired)
    citizen = look_up(wired_b.client(), CMND)
    pid_b = lookup.bring_person(wired_b.db, citizen, actor=AT_THIS_LAPTOP)
    # Under his CCCD, the CMND as his old number: the number looked up is no CCCD.
    assert rows(wired_b.db, "SELECT id_type, id_number, old_id_number FROM person") == [
        ("CCCD", CCCD, CMND)]
    assert load_desk_person(wired_b.db, pid_b).next_dose_number == 2
    out = record_dose(wired_b.db, DoseInput("COMIRNATY", "FK9", 2, date(2022, 4, 5), "Y tá Hà"),
                      person_id=pid_b, today=date(2022, 4, 5), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert wired_b.sync().rejected == 0

    db_c = open_database(tmp_path / "site_c.db", TEST_PASSPHRASE)
    try:
        add_test_supervisor(db_c)
        site = set_up_site(db_c, "HN-0003", "Trạm Y tế Phường Hoàn Kiếm", province_code="01",
                           actor=AT_THIS_LAPTOP)
        at_c = Wired(db_c, wired.server, wired.server.cli("create-site", site.code, site.name),
                     wired.central_token)
        for number in (CCCD, CMND):
            seen = look_up(at_c.client(), number)
            assert seen is not None and seen.people == 1
            assert [(d.id, d.dose_number, d.site_code) for d in seen.doses] == [
                (dose_a, 1, "HN-0001"), (out.dose_id, 2, "HN-0002")]
    finally:
        db_c.close()
