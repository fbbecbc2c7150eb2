"""After a restore, the records the desk made and synced since the copy come back from a real
central platform as the site's own: editable, synced, never another site's doses.

The reviewer's case: a copy made, five people recorded and synced, the copy restored. The
sync said all was well (0 sent, 0 applied, 0 waiting) and the five were gone from the
laptop; looked up by ID, one came back as a dose of "another site" with this site's code.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, Dose, ExternalDose, Person, SyncRecord
from desktop_app.services import backups, records, restore
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import void_dose
from desktop_app.settings import own_records_cursor, read
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER
from tests.sync.helpers import central_edit, make_people, reconcile
from tests.wired import Wired


def restored(wired: Wired, copy) -> tuple[Wired, restore.Restored]:  # noqa: ANN001
    """The laptop's database replaced by ``copy``, reopened as the app would."""
    path = wired.db.path
    wired.db.close()
    done = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                  password=TEST_PASSWORD)
    return Wired(open_database(path, TEST_PASSPHRASE), wired.server, wired.token,
                 wired.central_token), done


def test_records_synced_after_the_copy_come_back_as_the_sites_own(wired):
    [kept, corrected] = make_people(wired.db, 2, doses_each=1)
    wired.sync()
    copy = backups.make_backup(wired.db, backups.ON_REQUEST).path
    # After the copy: three new people with two doses each, a correction, a void, and a
    # central edit of a person the copy has.
    new = make_people(wired.db, 3, doses_each=2, seed=7)
    records.correct_person(wired.db, corrected, {"phone": "0911222333"}, actor=AT_THIS_LAPTOP)
    with wired.db.reading() as s:
        voided = s.scalar(select(Dose.id).where(Dose.person_id == new[0],
                                                Dose.dose_number == 2))
    void_dose(wired.db, voided, "Nhập nhầm", actor=AT_THIS_LAPTOP)
    central_edit(wired, kept, full_name="Trần Thị Bích")
    sent = wired.sync()
    assert sent.synced == 3 + 6 + 1 and sent.conflicts == 0  # the void rode with its dose

    laptop, done = restored(wired, copy)
    try:
        assert done.own_records
        assert "Lần đồng bộ tới sẽ lấy lại" in restore.restored_text(copy, done, "vi")
        with laptop.db.reading() as s:
            assert s.scalar(select(func.count()).select_from(Person)) == 2  # the copy's
        summary = laptop.sync()
        # The three people and their six doses are the laptop's again; the correction of a
        # person the copy has, and the central edit, are taken over the copy's versions.
        assert summary.brought_back == 3 + 6 and summary.conflicts == 0
        assert summary.pulled == 2
        with laptop.db.reading() as s:
            assert set(s.scalars(select(Person.id))) == {kept, corrected, *new}
            assert s.scalar(select(func.count()).select_from(ExternalDose)) == 0
            mine = s.scalars(select(Dose).where(Dose.person_id.in_(new))).all()
            assert len(mine) == 6
            assert s.get(Dose, voided).status == "voided"
            assert s.get(Dose, voided).void_reason == "Nhập nhầm"
            assert {d.source for d in mine} == {"desk"}
            assert s.get(Person, corrected).phone == "0911222333"
            assert s.get(Person, kept).full_name == "Trần Thị Bích"
            states = {r.state for r in s.scalars(select(SyncRecord))}
            assert states == {"synced"}
            created = s.scalars(select(AuditEntry.details).where(
                AuditEntry.entity_id == new[1], AuditEntry.action == "create")).one()
            assert "after_restore" in created
            assert read(s, own_records_cursor("Patient")) is None  # done: not searched again
            assert read(s, own_records_cursor("Immunization")) is None
        reconcile(laptop.db, laptop.server.url, laptop.token)

        # Editable as any record typed here: corrected, it goes up as the next version.
        with laptop.db.reading() as s:
            dose_id = s.scalar(select(Dose.id).where(Dose.person_id == new[2],
                                                     Dose.dose_number == 1))
        records.correct_dose(laptop.db, dose_id, {"lot_number": "FK9999"},
                             actor=AT_THIS_LAPTOP, confirm_warnings=True,
                             today=date(2022, 6, 1))
        again = laptop.sync()
        assert again.synced == 1 and again.conflicts == 0 and again.brought_back == 0
        reconcile(laptop.db, laptop.server.url, laptop.token)
    finally:
        laptop.db.close()


def test_a_restore_of_the_newest_copy_brings_nothing_twice(wired):
    """Nothing was lost: the search after the restore finds only what the laptop has."""
    make_people(wired.db, 2, doses_each=1)
    wired.sync()
    copy = backups.make_backup(wired.db, backups.ON_REQUEST).path
    laptop, done = restored(wired, copy)
    try:
        summary = laptop.sync()
        assert summary.brought_back == 0 and summary.pulled == 0 and summary.conflicts == 0
        reconcile(laptop.db, laptop.server.url, laptop.token)
    finally:
        laptop.db.close()

