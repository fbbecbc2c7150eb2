"""A look-up made after a restore and before the first sync after it: the platform's answer
holds this site's own records the restored copy lacks (recorded and synced after the copy).
They are taken as this site's own, the way the round after a restore takes them
(``sync/own_records.py``), never as another site's doses carrying this site's code; the
creation is audited under whoever looked the citizen up.

Only in that window: with no restore, a record of this site the laptop never had is
another laptop's (one laptop per site code), and a look-up takes none of them as its own.

End to end with a real central server process (and a second site's laptop)."""

from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import date

from sqlalchemy import select

from desktop_app import settings
from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, Dose, ExternalDose, Person, SyncRecord, User
from desktop_app.services import backups, lookup, lookup_refresh
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, Role
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, record_dose
from desktop_app.services.site import current_site, set_up_site
from tests.keys import TEST_PASSPHRASE, TEST_USER, add_test_supervisor
from tests.sync.helpers import make_people, reconcile
from tests.sync.test_restore_brings_back import restored
from tests.wired import Wired


def _restored(wired: Wired, copy) -> Wired:  # noqa: ANN001
    laptop, done = restored(wired, copy)  # the restore the other tests of it make
    assert done.own_records
    return laptop


def _supervisor(db) -> Actor:  # noqa: ANN001
    with db.reading() as s:
        user = s.scalar(select(User).where(User.username == TEST_USER))
        return Actor(user.id, user.full_name, Role.SUPERVISOR)


def _after_restore(db) -> list[tuple[str, str | None, str]]:  # noqa: ANN001
    """The records stored as brought back after a restore: (entity, user, id)."""
    with db.reading() as s:
        return [(e.entity, e.user_id, e.entity_id) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.action == "create"))
            if json.loads(e.details or "{}").get("origin", {}).get("after_restore")]


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
        asker = _supervisor(laptop.db)
        citizen = lookup.find_elsewhere(laptop.db, cccd, actor=asker)
        assert citizen is not None
        brought = lookup.bring_person(laptop.db, citizen, actor=asker)
        assert brought == pid  # the site's own record, not a new one beside it
        assert {(e, user) for e, user, _ in _after_restore(laptop.db)} == {
            ("person", asker.user_id), ("dose", asker.user_id)}  # named: who looked up
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


@contextmanager
def _second_laptop(wired, tmp_path, synced_before: bool):  # noqa: ANN001
    """A person with two doses the site's laptop synced, and a second database under the
    site's code given its new token (a supervisor asking), one that ``synced_before`` or
    never did: (db, asker, person id, CCCD, dose ids, site code)."""
    [pid] = make_people(wired.db, 1, doses_each=2, seed=7)
    cccd = _id_number(wired.db, pid)
    with wired.db.reading() as s:
        dose_ids = set(s.scalars(select(Dose.id).where(Dose.person_id == pid)))
    wired.sync()
    code = current_site(wired.db).code
    db = open_database(tmp_path / "replacement.db", TEST_PASSPHRASE)
    try:
        asker = add_test_supervisor(db)
        set_up_site(db, code, "Trạm Y tế Phường Láng Hạ", province_code="01",
                    actor=AT_THIS_LAPTOP)
        if synced_before:  # a round finished before: not a database never synced
            with db.transaction() as s:
                settings.write(s, settings.LAST_SYNC, "2026-01-05T08:00:00+00:00")
        token = wired.server.cli("issue-token", code, "--replace")
        syncing.save_config(db, wired.server.url, token, actor=AT_THIS_LAPTOP)
        yield db, asker, pid, cccd, dose_ids, code
    finally:
        db.close()


def test_a_look_up_on_a_replacement_started_fresh_takes_this_sites_record_as_its_own(
        wired, tmp_path):
    """A replacement laptop started fresh (no backup restored), its sync set up with the
    site's new token: marked as a restored copy is (``own_records.mark_if_never_synced``),
    so a look-up before its first sync takes the person the lost laptop synced as this
    site's own, never a new record beside them with their doses as another's."""
    with _second_laptop(wired, tmp_path, synced_before=False) as (
            db, asker, pid, cccd, dose_ids, _code):
        citizen = lookup.find_elsewhere(db, cccd, actor=asker)
        assert citizen is not None
        assert lookup.bring_person(db, citizen, actor=asker) == pid
        with db.reading() as s:
            assert s.scalars(select(ExternalDose)).all() == []
            assert set(s.scalars(select(Dose.id))) == dose_ids
        assert {(e, user) for e, user, _ in _after_restore(db)} == {
            ("person", asker.user_id), ("dose", asker.user_id)}
        assert load_desk_person(db, pid).next_dose_number == 3


def test_a_look_up_with_no_restore_takes_none_of_this_sites_records_it_lacks(wired, tmp_path):
    """A second laptop under this site's code that synced before (with another platform,
    say), given the site's new token: the records the first synced are not one a restore
    lost, nor a fresh replacement's to bring back. Before, every look-up took them as this
    laptop's own (synced, editable, voidable here), audited as brought back after a restore
    with nobody named. Now it does what it did before the restore's take (4452d75): the
    person brought is a new record of this laptop, their doses kept as the platform's,
    read-only, under this site's code."""
    with _second_laptop(wired, tmp_path, synced_before=True) as (
            db, asker, pid, cccd, dose_ids, code):
        citizen = lookup.find_elsewhere(db, cccd, actor=asker)
        assert citizen is not None
        brought = lookup.bring_person(db, citizen, actor=asker)
        assert brought != pid  # not the first laptop's record, taken as this one's
        done = lookup_refresh.refresh_person(db, brought, actor=asker, force=True)
        assert done.asked and done.brought == 0
        with db.reading() as s:
            assert s.get(Person, pid) is None
            assert s.scalars(select(Dose)).all() == []
            assert s.scalars(select(SyncRecord).where(
                SyncRecord.record_id.in_([pid, *dose_ids]))).all() == []
            external = s.scalars(select(ExternalDose)).all()
            assert {(e.id, e.person_id, e.site_code) for e in external} == {
                (d, brought, code) for d in dose_ids}
        assert _after_restore(db) == []
        card = load_desk_person(db, brought)
        assert card.next_dose_number == 3  # the doses seen all the same, as before
