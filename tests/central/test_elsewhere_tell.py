"""Who the platform tells of a citizen's records changing at another site
(``register/elsewhere.py``), through ``store.write`` and staff decisions on a real store
(SQLite and PostgreSQL). Each case was found by a reviewer, its site left showing a dose it
should drop or missing one it should get."""

from __future__ import annotations

import copy

import pytest

from central_server.auth import create_site
from central_server.db.engine import make_engine
from central_server.fhir.elsewhere_news import told_since
from central_server.fhir.store import Principal, WriteRequest, write
from desktop_app.rules.catalogue import default_catalogue
from desktop_app.rules.identity import Sex, make_cccd
from tests.central.fhir_samples import immunization, patient

LAN = {"full_name": "Vũ Thị Lan", "dob": "1979-06-01", "sex": "F",
       "id_number": make_cccd("001", Sex.FEMALE, 1979, 5151)}
HOA = {"full_name": "Đỗ Thị Hoa", "dob": "1988-02-14", "sex": "F",
       "id_number": make_cccd("001", Sex.FEMALE, 1988, 3131)}


@pytest.fixture
def engine(any_store):
    e = make_engine(any_store)
    for code in ("HN-A", "HN-B"):
        create_site(e, code, code)
    yield e
    e.dispose()


def put(engine, site, *resources, if_match=None):
    results = write(engine, default_catalogue(), Principal(site), [
        WriteRequest(r["resourceType"], r["id"], r, (if_match or {}).get(r["id"]))
        for r in resources])
    assert all(r.status in (200, 201) for r in results), results


def told(engine, site):
    return {p["patient_id"]: p for p in told_since(engine, site, None, 100)["people"]}


def test_a_dose_moved_away_from_a_linked_patient_tells_its_other_site(engine):
    """A's dose of Lan moves to another of A's records (what a merge's undoing pushes):
    B's Patient of Lan no longer has that dose among its other sites' doses. B was not told
    (only the dose's new Patient was weighed), so B's laptop kept showing it."""
    a1, b = patient("HN-A", **LAN), patient("HN-B", **LAN)
    dose = immunization(a1["id"], "HN-A")
    put(engine, "HN-A", a1, dose)
    put(engine, "HN-B", b)
    before = told(engine, "HN-B")[b["id"]]
    assert [i["id"] for i in before["immunizations"]] == [dose["id"]]

    other = patient("HN-A", **HOA)
    put(engine, "HN-A", other)
    moved = copy.deepcopy(dose)
    moved["patient"] = {"reference": f"Patient/{other['id']}"}
    put(engine, "HN-A", moved, if_match={dose["id"]: 1})

    after = told(engine, "HN-B")[b["id"]]
    assert after["immunizations"] == []          # the list, read now, has it gone ...
    assert after["told_at"] > before["told_at"]  # ... and B is told


def test_a_patient_whose_number_is_cleared_is_told_its_other_sites_doses_are_gone(engine):
    """A clears Lan's ID number (no PatientLink row left): B is told and drops A's dose,
    and A's own Patient is told too (its site found by the Patient, not its link row), so
    A's laptop drops B's dose."""
    a, b = patient("HN-A", **LAN), patient("HN-B", **LAN)
    put(engine, "HN-A", a)
    put(engine, "HN-B", b, immunization(b["id"], "HN-B"))
    first = told(engine, "HN-A")[a["id"]]
    assert len(first["immunizations"]) == 1

    cleared = patient("HN-A", **{**LAN, "id_number": None, "id_type": "NONE",
                                 "no_id_reason": "UNKNOWN_IDENTITY"})
    cleared["id"] = a["id"]
    put(engine, "HN-A", cleared, if_match={a["id"]: 1})

    assert told(engine, "HN-B")[b["id"]]["told_at"] > first["told_at"]  # B told: fine
    again = told(engine, "HN-A")[a["id"]]
    assert again["immunizations"] == []
    assert again["told_at"] > first["told_at"]  # A told to drop B's dose too


@pytest.fixture
def three(engine):
    create_site(engine, "HN-C", "HN-C")
    return engine


def decide(engine, one, other, decision):
    from central_server.fhir.store import utc_now
    from central_server.register.decisions import decide as decide_pair
    with engine.begin() as conn:
        decide_pair(conn, one, other, decision, utc_now())


def test_staff_link_tells_the_third_site_of_the_citizen(three):
    """b (B) and c (C) are one citizen; a (A) has another spelling, left for review.
    Staff link a and b: c's citizen now has a's dose, and c is told (only a and b were)."""
    engine = three
    a = patient("HN-A", **{**LAN, "full_name": "Vũ Thị Lan Anh"})
    b, c = patient("HN-B", **LAN), patient("HN-C", **LAN)
    dose_a = immunization(a["id"], "HN-A")
    put(engine, "HN-A", a, dose_a)
    put(engine, "HN-B", b)
    put(engine, "HN-C", c)
    before = told(engine, "HN-C")[c["id"]]
    assert before["immunizations"] == []

    decide(engine, a["id"], b["id"], "link")
    after = told(engine, "HN-C")[c["id"]]
    assert [i["id"] for i in after["immunizations"]] == [dose_a["id"]]
    assert after["told_at"] > before["told_at"]  # c told


def test_staff_unlink_tells_the_third_site_of_the_citizen(three):
    """a (A), b (B), c (C) one citizen; staff unlink a and b: one of them leaves c's
    citizen, c's list changes, and c is told."""
    engine = three
    a, b, c = patient("HN-A", **LAN), patient("HN-B", **LAN), patient("HN-C", **LAN)
    put(engine, "HN-A", a, immunization(a["id"], "HN-A"))
    put(engine, "HN-B", b, immunization(b["id"], "HN-B", dose_number=2,
                                        dose_date="2021-10-01"))
    put(engine, "HN-C", c)
    before = told(engine, "HN-C")[c["id"]]
    assert len(before["immunizations"]) == 2

    decide(engine, a["id"], b["id"], "unlink")
    after = told(engine, "HN-C")[c["id"]]
    assert len(after["immunizations"]) == 1      # c lost one site's dose ...
    assert after["told_at"] > before["told_at"]  # ... and c told


def test_a_store_from_before_sites_were_told_tells_each_citizen_of_two_sites_once(
        engine, any_store):
    """Upgraded, the platform held citizens linked across sites and no word for anyone:
    a site that gave dose 1 before would offer "dose 2" until the other site next changed
    something. The first start tells each of them once; a start after tells nobody."""
    from sqlalchemy import text

    a, b = patient("HN-A", **LAN), patient("HN-B", **LAN)
    put(engine, "HN-A", a, immunization(a["id"], "HN-A"))
    put(engine, "HN-B", b)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE elsewhere_news"))
    upgraded = make_engine(any_store)
    try:
        told_now = told(upgraded, "HN-B")
        assert len(told_now[b["id"]]["immunizations"]) == 1 and a["id"] in told(upgraded,
                                                                               "HN-A")
        again = make_engine(any_store)
        assert told(again, "HN-B")[b["id"]]["told_at"] == told_now[b["id"]]["told_at"]
        again.dispose()
    finally:
        upgraded.dispose()
