"""Bringing a person from the central platform into the site database (no server needed:
the platform's answer is a RemoteCitizen; the live round trip is in
tests/sync/test_lookup_live.py)."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest
from sqlalchemy import text

from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import lookup
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, NotAllowed, Role
from desktop_app.services.audit import describe
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.sync import save_config
from desktop_app.sync.lookup import RemoteCitizen
from desktop_app.wire import fhir
from tests.live_server import free_port

CCCD = make_cccd("001", Sex.MALE, 1985, 777)


@pytest.fixture
def clerk(db):
    from desktop_app.services.accounts import add_user

    account = add_user(db, "lan", "Y tá Lan", "clerk", "mật khẩu của Lan", actor=AT_THIS_LAPTOP)
    return Actor(account.id, account.full_name, Role.CLERK)


def citizen(*doses):
    fields = fhir.PatientFields("Đỗ Văn Hùng", date(1985, 2, 3), "M", "CCCD", CCCD, None, None,
                                None, None, False)
    return RemoteCitizen(CCCD, [fhir.RemotePatient("pa", "HN-0009", fields, ())], list(doses))


def dose(id_, number, day, site="HN-0009"):
    return fhir.RemoteDose(id_, "pa", site, "COMIRNATY", number, day, f"L{number}", False)


D1, D2 = dose("i1", 1, date(2021, 9, 1)), dose("i2", 2, date(2021, 10, 6))


def rows(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).all()


def test_a_brought_person_is_ours_and_their_doses_count_but_are_not_synced(db, site, clerk):
    pid = lookup.bring_person(db, citizen(D1, D2), actor=clerk)
    assert rows(db, "SELECT full_name, dob, sex, id_type, id_number, site_id FROM person") == [
        ("Đỗ Văn Hùng", "1985-02-03", "M", "CCCD", CCCD, site.id)]
    assert rows(db, "SELECT id, site_code, dose_number FROM external_dose ORDER BY id") == [
        ("i1", "HN-0009", 1), ("i2", "HN-0009", 2)]
    # the person is queued for the sync as ours; the other site's doses are not
    assert rows(db, "SELECT entity, record_id FROM sync_record") == [("person", pid)]
    (details,) = rows(db, "SELECT details FROM audit_entry WHERE entity = 'person'")[0]
    origin = json.loads(details)["origin"]
    assert origin["from"] == "central"
    assert origin["patients"] == [{"id": "pa", "site": "HN-0009"}]
    assert [d["id"] for d in origin["external_doses"]] == ["i1", "i2"]
    assert describe("create", json.loads(details), "en").endswith(
        "from the central platform: records HN-0009/pa; doses HN-0009/i1, HN-0009/i2")

    desk = load_desk_person(db, pid)
    assert desk.next_dose_number == 3
    assert [(d.dose_number, d.site_code) for d in desk.doses] == [(1, "HN-0009"),
                                                                 (2, "HN-0009")]
    # dose 3 is checked against doses 1 and 2 from the other site: no "dose number
    # beyond the history" warning, and a repeated number 2 is an error
    ok = record_dose(db, DoseInput("COMIRNATY", "FK1", 3, date(2022, 3, 1), "Hoa"),
                     person_id=pid, today=date(2022, 3, 1), actor=clerk)
    assert ok.saved and ok.problems == []
    again = record_dose(db, DoseInput("COMIRNATY", "FK1", 2, date(2022, 4, 1), "Hoa"),
                        person_id=pid, today=date(2022, 4, 1), actor=clerk)
    assert not again.saved and any(p.is_error for p in again.problems)
    assert [(d.dose_number, d.site_code) for d in load_desk_person(db, pid).doses] == [
        (1, "HN-0009"), (2, "HN-0009"), (3, None)]


def test_a_person_already_here_gets_only_the_missing_doses(db, site, clerk):
    here = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Hoa"),
                       person=PersonInput("Đỗ Văn Hùng", date(1985, 2, 3), Sex.MALE,
                                          IdType.CCCD, CCCD),
                       today=date(2021, 9, 1), actor=clerk)
    lookup.bring_person(db, citizen(D1), actor=clerk)
    pid = lookup.bring_person(db, citizen(D1, D2), actor=clerk)  # brought again later
    assert pid == here.person_id
    assert rows(db, "SELECT count(*) FROM person") == [(1,)]
    assert rows(db, "SELECT id FROM external_dose ORDER BY id") == [("i1",), ("i2",)]
    brought = rows(db, "SELECT details FROM audit_entry WHERE action = 'bring'")
    assert [[d["id"] for d in json.loads(r[0])["external_doses"]] for r in brought] == [
        ["i1"], ["i2"]]
    lookup.bring_person(db, citizen(D1, D2), actor=clerk)  # nothing new: nothing audited
    assert len(rows(db, "SELECT id FROM audit_entry WHERE action = 'bring'")) == 2


def test_only_recorders_bring_people(db, site):
    with pytest.raises(NotAllowed):
        lookup.bring_person(db, citizen(D1), actor=Actor("v", "Minh", Role.VOLUNTEER))
    assert lookup.bring_person(db, citizen(D1), actor=AT_THIS_LAPTOP)  # a supervisor


def test_offline_or_not_configured_the_desk_gets_none_fast(db, site):
    assert not lookup.can_look_up(db)
    assert lookup.find_elsewhere(db, CCCD, actor=AT_THIS_LAPTOP) is None  # not configured
    save_config(db, f"http://127.0.0.1:{free_port()}/fhir", "token", actor=AT_THIS_LAPTOP)
    assert lookup.can_look_up(db)
    started = time.monotonic()
    assert lookup.find_elsewhere(db, CCCD, actor=AT_THIS_LAPTOP) is None  # nothing listens there
    assert time.monotonic() - started < 3
    # not an ID: never asked
    assert lookup.find_elsewhere(db, "nguyen van a", actor=AT_THIS_LAPTOP) is None
    with pytest.raises(lookup.NotACitizenId):
        lookup.look_up(db, "B1234567", actor=AT_THIS_LAPTOP)
    opts = lookup.CLIENT_OPTIONS  # a dead link is given up on within seconds, not minutes
    assert opts["max_attempts"] * (opts["connect_timeout"] + opts["backoff_cap"]) <= 10
