"""A look-up made after a restore and before the first sync after it: the platform's answer
holds this site's own records the restored copy lacks (recorded and synced after the copy).
They are taken as this site's own, the way the round after a restore takes them
(``sync/own_records.py``), never as another site's doses carrying this site's code.

End to end with a real central server process (and a second site's laptop)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.db.models import Dose, ExternalDose, Person, SyncRecord
from desktop_app.services import backups, lookup, lookup_refresh
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, record_dose
from tests.sync.helpers import make_people, reconcile
from tests.sync.test_restore_brings_back import restored
from tests.wired import Wired


def _restored(wired: Wired, copy) -> Wired:  # noqa: ANN001
    laptop, done = restored(wired, copy)  # the restore the other tests of it make
    assert done.own_records
    return laptop


def _id_number(db, pid: str) -> str:
    with db.reading() as s:
        return s.get(Person, pid).id_number


def test_a_person_recorded_after_the_copy_is_brought_back_as_this_sites_own(wired):
    make_people(wired.db, 1, doses_each=1)
    wired.sync()
    copy = backups.make_backup(wired.db, backups.ON_REQUEST).path
    [pid] = make_people(wired.db, 1, doses_each=2, seed=7)  # after the copy
    cccd = _id_number(wired.db, pid)
    with wired.db.reading() as s:
        dose_ids = set(s.scalars(select(Dose.id).where(Dose.person_id == pid)))
    wired.sync()

    laptop = _restored(wired, copy)
    try:
        citizen = lookup.find_elsewhere(laptop.db, cccd, actor=AT_THIS_LAPTOP)
        assert citizen is not None
        brought = lookup.bring_person(laptop.db, citizen, actor=AT_THIS_LAPTOP)
        assert brought == pid  # the site's own record, not a new one beside it
        with laptop.db.reading() as s:
            assert s.scalars(select(ExternalDose)).all() == []
            mine = s.scalars(select(Dose).where(Dose.person_id == pid)).all()
            assert {d.id for d in mine} == dose_ids and {d.source for d in mine} == {"desk"}
            states = {(r.entity, r.state) for r in s.scalars(select(SyncRecord).where(
                SyncRecord.record_id.in_([pid, *dose_ids])))}
            assert states == {("person", "synced"), ("dose", "synced")}
            assert s.scalar(select(Person.id).where(Person.id_number == cccd)) == pid
        person = load_desk_person(laptop.db, pid)
        assert person.next_dose_number == 3
        assert {d.site_code for d in person.doses} == {None}  # this site's, not "elsewhere"

        summary = laptop.sync()  # the round after the restore finds them here already
        assert summary.brought_back == 0 and summary.conflicts == 0
        with laptop.db.reading() as s:
            assert len(s.scalars(select(Person).where(Person.id_number == cccd)).all()) == 1
        reconcile(laptop.db, laptop.server.url, laptop.token)
    finally:
        laptop.db.close()


def test_a_refresh_after_the_copy_takes_this_sites_later_dose_as_its_own(wired, wired_b):
    # Site B records a person; this site (A) brings them and records dose 2 after its copy.
    [at_b] = make_people(wired_b.db, 1, doses_each=1, seed=3)
    wired_b.sync()
    cccd = _id_number(wired_b.db, at_b)
    citizen = lookup.find_elsewhere(wired.db, cccd, actor=AT_THIS_LAPTOP)
    pid = lookup.bring_person(wired.db, citizen, actor=AT_THIS_LAPTOP)
    wired.sync()
    copy = backups.make_backup(wired.db, backups.ON_REQUEST).path
    given = date(2022, 1, 10)
    out = record_dose(wired.db, DoseInput("COMIRNATY", "FK9", 2, given, "Y tá Hà"),
                      person_id=pid, today=given, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    wired.sync()

    laptop = _restored(wired, copy)
    try:
        done = lookup_refresh.refresh_person(laptop.db, pid, actor=AT_THIS_LAPTOP, force=True)
        assert done.asked and done.brought == 0
        with laptop.db.reading() as s:
            external = s.scalars(select(ExternalDose)).all()
            assert [e.site_code for e in external] == ["HN-0002"]  # only site B's
            dose = s.get(Dose, out.dose_id)
            assert (dose.person_id, dose.dose_number, dose.source) == (pid, 2, "desk")
            assert s.get(SyncRecord, ("dose", out.dose_id)).state == "synced"
        assert load_desk_person(laptop.db, pid).next_dose_number == 3

        summary = laptop.sync()
        assert summary.brought_back == 0 and summary.conflicts == 0
        reconcile(laptop.db, laptop.server.url, laptop.token)
    finally:
        laptop.db.close()
