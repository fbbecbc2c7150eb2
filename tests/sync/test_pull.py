"""Central edits coming down, and records edited on both sides."""

from __future__ import annotations

from sqlalchemy import select, text

from central_server.cli import main as central_cli
from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import AuditEntry, Lot, Person
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.sync.helpers import central_edit, make_people, reconcile


def test_a_central_correction_reaches_the_laptop(wired):
    [pid] = make_people(wired.db, 1, doses_each=1)
    wired.sync()
    central_edit(wired, pid, full_name="Trần Thị Bích", identity_verified=True)
    summary = wired.sync()
    assert summary.pulled == 1 and summary.conflicts == 0
    with wired.db.reading() as s:
        person = s.get(Person, pid)
        assert (person.full_name, person.identity_verified) == ("Trần Thị Bích", True)
        audit = s.execute(select(AuditEntry.action).where(AuditEntry.entity_id == pid)
                          .order_by(AuditEntry.id)).scalars().all()
    assert audit == ["create", "central"]
    assert wired.sync().pulled == 0  # applied once; the cursor moved on
    reconcile(wired.db, wired.server.url, wired.token)


def test_edited_on_both_sides_is_a_conflict_resolved_by_a_person(wired):
    [pid, other] = make_people(wired.db, 2, doses_each=1)
    wired.sync()
    central_edit(wired, pid, full_name="Trần Thị Bích")
    central_edit(wired, other, full_name="Trần Văn Cường")
    with wired.db.transaction() as s:
        store.update_person(s, s.get(Person, pid), {"phone": "0911222333"}, now=utc_now())
        store.update_person(s, s.get(Person, other), {"phone": "0911222444"}, now=utc_now())
    summary = wired.sync()
    assert summary.conflicts == 2
    issues = {i.record_id: i for i in syncing.sync_issues(wired.db)}
    assert issues[pid].state == "conflict"
    assert issues[pid].server_body["name"] == [{"text": "Trần Thị Bích"}]
    assert "trung tâm" in issues[pid].reason("vi")
    with wired.db.reading() as s:  # nothing was overwritten on either side
        assert s.get(Person, pid).phone == "0911222333"
        assert s.get(Person, pid).full_name != "Trần Thị Bích"

    syncing.resolve_conflict(wired.db, "person", pid, "theirs", actor=AT_THIS_LAPTOP)
    syncing.resolve_conflict(wired.db, "person", other, "mine", actor=AT_THIS_LAPTOP)
    summary = wired.sync()
    assert summary.conflicts == 0
    with wired.db.reading() as s:
        assert s.get(Person, pid).full_name == "Trần Thị Bích"
        assert s.get(Person, other).full_name != "Trần Văn Cường"  # ours was kept
    reconcile(wired.db, wired.server.url, wired.token)
    with wired.db.engine.connect() as conn:
        assert conn.execute(text("SELECT server_version FROM sync_record WHERE record_id = :i"),
                            {"i": other}).scalar_one() == "3"


def test_catalogue_and_lots_come_down(wired):
    central_cli(["--database-url", wired.server.database_url, "add-lot", "COMIRNATY",
                 "FL0001", "--expiry", "2027-03-31"])
    wired.sync()
    with wired.db.reading() as s:
        lots = s.execute(select(Lot.product_code, Lot.lot_number)).all()
    assert lots == [("COMIRNATY", "FL0001")]


def _central_unvoid(wired, dose_id):
    """Central staff find a voided dose was given after all: entered-in-error -> completed."""
    import requests

    auth = {"Authorization": f"Bearer {wired.central_token}"}
    url = f"{wired.server.url}/Immunization/{dose_id}"
    current = requests.get(url, headers=auth)
    body = current.json()
    assert body["status"] == "entered-in-error"
    body["status"] = "completed"
    body.pop("statusReason", None)
    body.pop("meta", None)
    r = requests.put(url, json=body, headers={**auth, "If-Match": current.headers["ETag"]})
    assert r.status_code == 200, r.text


def _voided_and_synced(wired, boss):
    from desktop_app.db.models import Dose
    from desktop_app.services.doses import void_dose

    [pid] = make_people(wired.db, 1, doses_each=2)
    wired.sync()
    with wired.db.reading() as s:
        dose_id = s.scalars(select(Dose.id).where(Dose.dose_number == 2)).one()
    void_dose(wired.db, dose_id, "Nhập nhầm", actor=boss)
    wired.sync()
    return pid, dose_id


def _tallied(db):
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT coalesce(sum(n), 0) FROM report_dose_day")).scalar()


def test_a_void_central_takes_back_makes_the_dose_count_again(wired, boss):
    """The desk kept such a dose voided and called it synced: desk and dashboard then
    disagreed for good. It is now active again, counted, audited, and the same as the
    server's."""
    from desktop_app.db.models import Dose

    _pid, dose_id = _voided_and_synced(wired, boss)
    assert _tallied(wired.db) == 1
    _central_unvoid(wired, dose_id)
    summary = wired.sync()
    assert (summary.pulled, summary.conflicts) == (1, 0)
    with wired.db.reading() as s:
        dose = s.get(Dose, dose_id)
        audit = s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == dose_id)
                          .order_by(AuditEntry.id)).all()
    assert (dose.status, dose.void_reason) == ("active", None)
    assert audit[-1] == "unvoid"
    assert _tallied(wired.db) == 2
    reconcile(wired.db, wired.server.url, wired.token)


def test_a_void_taken_back_over_a_dose_recorded_since_waits_for_a_person(wired, boss):
    """The desk had recorded the right dose 2 after voiding the wrong one: bringing the
    voided one back would make two, so a person chooses (and "theirs" says why it cannot).
    Taken back before the new dose 2 reached the platform (which refuses a second dose 2
    once it holds one): the new one is refused meanwhile, and goes once the void does."""
    import pytest

    from desktop_app.db.models import Dose
    from desktop_app.rules.messages import UserError
    from desktop_app.services.doses import DoseInput, record_dose

    pid, dose_id = _voided_and_synced(wired, boss)
    record_dose(wired.db, DoseInput("COMIRNATY", "FK1234", 2, utc_now().date(), "Lan"),
                person_id=pid, confirm_warnings=True, actor=boss)
    _central_unvoid(wired, dose_id)
    summary = wired.sync()
    assert (summary.conflicts, summary.rejected) == (1, 1)
    [issue] = [i for i in syncing.sync_issues(wired.db) if i.record_id == dose_id]
    assert "đã có một mũi 2 khác" in issue.reason("vi")
    with wired.db.reading() as s:
        assert s.get(Dose, dose_id).status == "voided"  # nothing changed meanwhile
    with pytest.raises(UserError) as refused:
        syncing.resolve_conflict(wired.db, "dose", dose_id, "theirs", actor=boss)
    assert refused.value.code == "CENTRAL_RESTORE_CLASH"
    syncing.resolve_conflict(wired.db, "dose", dose_id, "mine", actor=boss)
    assert wired.sync().conflicts == 0
    reconcile(wired.db, wired.server.url, wired.token)


def test_taking_the_platforms_copy_keeps_a_merge_made_here(wired, boss):
    """Central staff corrected a person and a dose on the platform while the desk merged
    that person into another record. The pushes conflict; taking the platform's copy took
    their fields and, with them, undid the merge on the platform for good (the folded
    Patient active, the dose under it) while the desk called both synced. Their fields are
    taken and the merge goes again on top."""
    import requests

    from desktop_app.db.models import Dose
    from desktop_app.services.merges import merge_people

    keep, fold = make_people(wired.db, 2, doses_each=1)
    with wired.db.transaction() as s:  # at dose 2, recorded again without the card
        store.update_person(s, s.get(Person, fold), {"id_type": "NONE", "id_number": None,
                                                     "no_id_reason": "UNKNOWN_IDENTITY"},
                            now=utc_now())
        [second] = s.scalars(select(Dose).where(Dose.person_id == fold)).all()
        store.update_dose(s, second, {"dose_number": 2}, now=utc_now())
    wired.sync()
    with wired.db.reading() as s:
        moved = s.scalar(select(Dose.id).where(Dose.person_id == fold))
    auth = {"Authorization": f"Bearer {wired.central_token}"}
    for type_, rid, change in (("Patient", fold, {"telecom": [
            {"system": "phone", "value": "0987654321"}]}), ("Immunization", moved,
                                                             {"lotNumber": "FK9"})):
        current = requests.get(f"{wired.server.url}/{type_}/{rid}", headers=auth)
        assert current.status_code == 200, (type_, current.status_code, current.text[:300])
        body = {**current.json(), **change}
        assert requests.put(f"{wired.server.url}/{type_}/{rid}", json=body, headers={
            **auth, "If-Match": current.headers["ETag"]}).status_code == 200
    merge_people(wired.db, keep, fold, actor=boss, confirm_differences=True)
    assert wired.sync().conflicts == 2
    syncing.resolve_conflict(wired.db, "person", fold, "theirs", actor=boss)
    syncing.resolve_conflict(wired.db, "dose", moved, "theirs", actor=boss)
    summary = wired.sync()
    assert (summary.conflicts, summary.rejected) == (0, 0)
    with wired.db.reading() as s:
        assert s.get(Person, fold).phone == "0987654321"  # their correction, taken
        assert (s.get(Dose, moved).lot_number, s.get(Dose, moved).person_id) == ("FK9", keep)
    patient = requests.get(f"{wired.server.url}/Patient/{fold}", headers=auth).json()
    dose = requests.get(f"{wired.server.url}/Immunization/{moved}", headers=auth).json()
    assert patient["active"] is False
    assert patient["link"][0]["other"]["reference"] == f"Patient/{keep}"
    assert dose["patient"]["reference"] == f"Patient/{keep}" and dose["lotNumber"] == "FK9"
    reconcile(wired.db, wired.server.url, wired.token)
