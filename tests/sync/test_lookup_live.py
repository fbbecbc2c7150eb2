"""Cross-site lookup end to end: two laptops at two sites and a real central server process.

Site A records a person with two doses and syncs; site B's clerk looks the CCCD up, brings
the person, records dose 3 and syncs. Needs the platform's cross-site search (wt-central).
"""

from __future__ import annotations

import os
from datetime import date

import requests

from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import lookup
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.cleaning_elsewhere import ID_DIFFERS_ELSEWHERE
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, record_dose
from tests import forked
from tests.keys import ensure_test_supervisor
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import rows
from tests.wired import Wired


def _site_a_with_two_doses(wired: Wired) -> tuple[str, str]:
    (pid,) = make_people(wired.db, 1, doses_each=2)
    summary = wired.sync()
    assert summary.synced == 3 and summary.rejected == 0
    return pid, rows(wired.db, "SELECT id_number FROM person WHERE id = :p", p=pid)[0][0]


def _all_on_server(wired: Wired, type_: str) -> list[dict]:
    """Every resource of ``type_`` on the platform, as central staff see it."""
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {wired.central_token}"
    found, url, params = [], f"{wired.server.url}/{type_}", {"_count": "1000"}
    while url:
        page = s.get(url, params=params, timeout=30).json()
        found += [e["resource"] for e in page.get("entry") or ()]
        url = next((k["url"] for k in page.get("link") or () if k["relation"] == "next"), None)
        params = None
    return found


def test_site_b_brings_a_person_from_site_a_and_records_dose_3(wired, wired_b):
    pid_a, cccd = _site_a_with_two_doses(wired)
    a_dose_ids = {r[0] for r in rows(wired.db, "SELECT id FROM dose")}

    citizen = lookup.find_elsewhere(wired_b.db, cccd, actor=AT_THIS_LAPTOP)
    assert citizen is not None
    assert [(p.id, p.site_code) for p in citizen.patients] == [(pid_a, "HN-0001")]
    assert {d.id for d in citizen.doses} == a_dose_ids
    assert [d.dose_number for d in citizen.doses] == [1, 2]

    pid_b = lookup.bring_person(wired_b.db, citizen, actor=AT_THIS_LAPTOP)
    person = load_desk_person(wired_b.db, pid_b)
    assert person.next_dose_number == 3
    assert [d.site_code for d in person.doses] == ["HN-0001", "HN-0001"]

    out = record_dose(wired_b.db, DoseInput("COMIRNATY", "FK9", 3, date(2022, 5, 2), "Y tá Hà"),
                      person_id=pid_b, today=date(2022, 5, 2), actor=AT_THIS_LAPTOP)
    assert out.saved and out.problems == []  # dose 3 follows the other site's 1 and 2
    summary = wired_b.sync()
    assert summary.synced == 2 and summary.rejected == 0  # B's person and B's dose 3, only

    everything = _all_on_server(wired, "Immunization")
    by_site = {}
    for res in everything:
        by_site.setdefault(res["location"]["identifier"]["value"], set()).add(res["id"])
    assert by_site == {"HN-0001": a_dose_ids, "HN-0002": {out.dose_id}}
    # A's doses were not pushed again by B: still the one version site A wrote
    for res in everything:
        if res["id"] in a_dose_ids:
            assert res["meta"]["versionId"] == "1"
            assert res["meta"]["source"].startswith("urn:vaxdesk:site:HN-0001:")
    assert rows(wired_b.db, "SELECT entity, count(*) FROM sync_record GROUP BY entity") == [
        ("dose", 1), ("person", 1)]

    # Back at site A, the platform now knows both sites' records of the citizen.
    again = lookup.find_elsewhere(wired.db, cccd, actor=AT_THIS_LAPTOP)
    assert {p.site_code for p in again.patients} == {"HN-0001", "HN-0002"}
    assert again.people == 1  # the platform linked the two sites' records: one citizen
    assert [(d.dose_number, d.site_code) for d in again.doses] == [
        (1, "HN-0001"), (2, "HN-0001"), (3, "HN-0002")]


def test_a_citizen_nobody_has_is_none_and_a_dead_platform_is_none_fast(wired):
    nobody = make_cccd("079", Sex.FEMALE, 1999, 1)
    assert lookup.find_elsewhere(wired.db, nobody, actor=AT_THIS_LAPTOP) is None
    wired.server.stop()
    # unreachable: the desk goes on
    assert lookup.find_elsewhere(wired.db, nobody, actor=AT_THIS_LAPTOP) is None


def _vaxdesk(db_path, *args):
    ensure_test_supervisor(db_path)
    return forked.vaxdesk("--db", str(db_path), "--lang", "en", *args, env=dict(os.environ),
                          timeout=120)


def test_lookup_and_bring_from_the_command_line(wired, wired_b):
    _pid_a, cccd = _site_a_with_two_doses(wired)
    path_b = wired_b.db.path
    wired_b.db.close()  # the command takes the database, as with the app closed

    shown = _vaxdesk(path_b, "lookup", cccd)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].endswith("site HN-0001") and "born" in lines[0]
    assert "dose 1\tsite HN-0001" in lines[1] and "dose 2\tsite HN-0001" in lines[2]

    brought = _vaxdesk(path_b, "lookup", cccd, "--bring")
    assert brought.returncode == 0, brought.stderr
    assert "next dose: 3" in brought.stdout

    nobody = _vaxdesk(path_b, "lookup", make_cccd("079", Sex.MALE, 1970, 5))
    assert nobody.returncode == 1 and "Nothing found" in nobody.stderr


def test_lookup_without_a_server_or_with_a_wrong_number_exits_2(db_path):
    out = _vaxdesk(db_path, "lookup", make_cccd("001", Sex.MALE, 1980, 3))
    assert out.returncode == 2 and \
        "run VAXDESK_SYNC_TOKEN=CODE vaxdesk sync --server ADDRESS --save" in out.stderr
    out = _vaxdesk(db_path, "lookup", "B1234567")
    assert out.returncode == 2 and "is not a CCCD" in out.stderr


def test_a_number_two_different_people_hold_brings_nobody(wired, wired_b):
    """Site B recorded someone else under A's person's number (another name, another day
    of birth): the platform does not link them. Bringing "the citizen" took both records'
    doses under one name; now nothing is offered, and the service refuses, saying why
    (naming A's site only: B's own record is the person B holds)."""
    import pytest

    from desktop_app.rules.identity import IdType
    from desktop_app.rules.messages import UserError
    from desktop_app.services.doses import PersonInput

    pid_a, cccd = _site_a_with_two_doses(wired)
    sex, dob = rows(wired.db, "SELECT sex, dob FROM person WHERE id = :p", p=pid_a)[0]
    born = date.fromisoformat(dob)
    other = PersonInput("Đỗ Văn Khác Hẳn", born.replace(day=1 if born.day != 1 else 2),
                        Sex(sex), IdType.CCCD, cccd)
    record_dose(wired_b.db, DoseInput("COMIRNATY", "FK9", 1, date(2022, 5, 2), "Y tá Hà"),
                person=other, today=date(2022, 5, 2), confirm_warnings=True,
                actor=AT_THIS_LAPTOP)
    assert wired_b.sync().rejected == 0
    citizen = lookup.find_elsewhere(wired_b.db, cccd, actor=AT_THIS_LAPTOP)
    assert {p.site_code for p in citizen.patients} == {"HN-0001", "HN-0002"}
    assert citizen.people == 2
    before = rows(wired_b.db, "SELECT count(*) FROM external_dose")
    with pytest.raises(UserError) as refused:
        lookup.bring_person(wired_b.db, citizen, actor=AT_THIS_LAPTOP)
    # B's own record is the person here, not one of the "different people": A's is
    assert refused.value.code == "LOOKUP_ID_HELD_APART"
    said = refused.value.message("vi")
    assert "không coi hồ sơ mang số" in said and "ở HN-0001 là" in said and "HN-0002" not in said
    assert rows(wired_b.db, "SELECT count(*) FROM external_dose") == before


def test_his_cccd_brought_where_his_old_cmnd_is_held_stays_one_person(wired, wired_b):
    """Site A holds him under his old CMND; site B synced him under the CCCD that replaced
    it, with that CMND as his old number. Bringing him by the CCCD at site A made a second
    person there; now his dose from B joins A's own record, which goes on the cleaning
    worklist for his card to be checked (the CCCD is not written over the CMND from here)."""
    from desktop_app.rules.identity import IdType
    from desktop_app.services.cleaning import worklist
    from desktop_app.services.doses import PersonInput

    cmnd, cccd, born = "123456789", "001080000111", date(1980, 5, 1)
    a = record_dose(wired.db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Y tá Lan"),
                    person=PersonInput("Nguyễn Văn Bình", born, Sex.MALE, IdType.CMND, cmnd),
                    today=date(2021, 9, 1), confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert wired.sync().rejected == 0
    b = record_dose(wired_b.db, DoseInput("COMIRNATY", "FK9", 2, date(2021, 10, 6), "Y tá Hà"),
                    person=PersonInput("Nguyễn Văn Bình", born, Sex.MALE, IdType.CCCD, cccd,
                                       old_id_number=cmnd),
                    today=date(2021, 10, 6), confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert wired_b.sync().rejected == 0

    citizen = lookup.find_elsewhere(wired.db, cccd, actor=AT_THIS_LAPTOP)
    assert [p.site_code for p in citizen.patients] == ["HN-0002"]
    assert citizen.identity.fields.old_id_number == cmnd
    assert {d.id for d in citizen.doses} == {a.dose_id, b.dose_id}  # A's own, through the link

    assert lookup.bring_person(wired.db, citizen, actor=AT_THIS_LAPTOP) == a.person_id
    assert rows(wired.db, "SELECT id, id_type, id_number FROM person") == [
        (a.person_id, "CMND", cmnd)]
    person = load_desk_person(wired.db, a.person_id)
    assert [(d.dose_number, d.site_code) for d in person.doses] == [(1, None), (2, "HN-0002")]
    assert person.next_dose_number == 3
    [case] = worklist(wired.db).cases
    assert (case.person_id, case.problems) == (a.person_id, (ID_DIFFERS_ELSEWHERE,))
    assert wired.sync().rejected == 0  # the flagged record goes up as it is
