"""After a restore, a merge made after the copy and synced is made again: the laptop shows one
person, as the platform does, and never sends the moved dose back under the folded record.
And a merge undone after the copy is undone again, never merged again on the platform.

The case: two records of one woman (the second typed at her dose 2, without her card), a
copy made, the two merged from a complaint and synced, the copy restored. The pull took the
folded record's fields but not the merge: the laptop showed both people, called them synced,
and sent her dose 2 back to the platform under the folded record (inactive there). Undone
after the copy instead, the merge went back to the platform from the restored copy."""

from __future__ import annotations

from datetime import timedelta

import requests
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, Dose, Person
from desktop_app.services import backups, restore
from desktop_app.services.merges import merge_people, unmerge_people
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER
from tests.sync.helpers import make_people, reconcile
from tests.wired import Wired


def on_the_platform(wired: Wired, type_: str, rid: str) -> dict:
    return requests.get(f"{wired.server.url}/{type_}/{rid}", timeout=30, headers={
        "Authorization": f"Bearer {wired.central_token}"}).json()


def her_two_records(wired: Wired) -> tuple[str, str, str]:
    """Her record with the card, the one typed at dose 2 without it, and that dose."""
    keep, fold = make_people(wired.db, 2, doses_each=1)
    with wired.db.transaction() as s:
        store.update_person(s, s.get(Person, fold), {"id_type": "NONE", "id_number": None,
                                                     "no_id_reason": "UNKNOWN_IDENTITY"},
                            now=utc_now())
        [moved] = s.scalars(select(Dose).where(Dose.person_id == fold)).all()
        [first] = s.scalars(select(Dose).where(Dose.person_id == keep)).all()
        # Her dose 2 five weeks after her dose 1: doses that fit, which the merge flags
        # nothing for (``merge_doses``), its sync the two records it changes.
        store.update_dose(s, moved, {"dose_number": 2,
                                     "dose_date": first.dose_date + timedelta(days=35)},
                          now=utc_now())
        return keep, fold, moved.id


def restored(wired: Wired, copy) -> Wired:  # noqa: ANN001
    path = wired.db.path
    wired.db.close()
    restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD)
    return Wired(open_database(path, TEST_PASSPHRASE), wired.server, wired.token,
                 wired.central_token)


def test_a_merge_made_after_the_copy_is_made_again_after_the_restore(wired, boss):
    keep, fold, moved = her_two_records(wired)
    wired.sync()
    copy = backups.make_backup(wired.db, backups.ON_REQUEST).path
    merge_people(wired.db, keep, fold, actor=boss, confirm_differences=True)
    assert wired.sync().synced == 2  # the folded record, and the dose moved
    laptop = restored(wired, copy)
    try:
        summary = laptop.sync()
        assert (summary.conflicts, summary.rejected) == (0, 0)
        with laptop.db.reading() as s:  # one person at once, as on the platform
            assert s.scalars(select(Person.id).where(Person.merged_into.is_(None))).all() \
                == [keep]
            assert s.get(Person, fold).merged_into == keep
            assert s.get(Dose, moved).person_id == keep
            merged = s.scalars(select(AuditEntry).where(
                AuditEntry.action == "merge", AuditEntry.entity_id == keep)).one()
            assert merged.user_id is None  # nobody here: the platform's merge, made again

        again = laptop.sync()  # the two records go again, as the platform has them
        assert (again.conflicts, again.rejected) == (0, 0)
        patient = on_the_platform(laptop, "Patient", fold)
        assert patient["active"] is False
        assert patient["link"][0]["other"]["reference"] == f"Patient/{keep}"
        assert on_the_platform(laptop, "Immunization", moved)["patient"]["reference"] == \
            f"Patient/{keep}"
        reconcile(laptop.db, laptop.server.url, laptop.token)

        # Made again as a merge, it is undone as one (two people after all).
        unmerge_people(laptop.db, fold, actor=boss)
        with laptop.db.reading() as s:
            assert s.get(Person, fold).merged_into is None
            assert s.get(Dose, moved).person_id == fold
        assert laptop.sync().conflicts == 0
        reconcile(laptop.db, laptop.server.url, laptop.token)
    finally:
        laptop.db.close()


def test_a_merge_undone_after_the_copy_is_undone_again_after_the_restore(wired, boss):
    keep, fold, moved = her_two_records(wired)
    merge_people(wired.db, keep, fold, actor=boss, confirm_differences=True)
    wired.sync()
    copy = backups.make_backup(wired.db, backups.ON_REQUEST).path
    unmerge_people(wired.db, fold, actor=boss)  # two people after all
    assert wired.sync().synced == 2
    laptop = restored(wired, copy)
    try:
        summary = laptop.sync()
        assert (summary.conflicts, summary.rejected) == (0, 0)
        with laptop.db.reading() as s:
            assert s.get(Person, fold).merged_into is None
            assert s.get(Dose, moved).person_id == fold
        again = laptop.sync()
        assert (again.conflicts, again.rejected) == (0, 0)
        assert on_the_platform(laptop, "Patient", fold).get("active") is not False
        assert on_the_platform(laptop, "Immunization", moved)["patient"]["reference"] == \
            f"Patient/{fold}"
        reconcile(laptop.db, laptop.server.url, laptop.token)
    finally:
        laptop.db.close()


def test_a_master_index_merge_after_the_copy_stays_theirs_after_the_restore(wired):
    """Review 31b: a master index's merge of two of the site's own people is theirs (the
    person stands here, the link and ``active: false`` go back as another system's). After
    a restore, ``own_records._note_fold`` took any folded copy the restored file has
    standing for a merge made here, and ``refold`` made it one: the index's merge became
    the laptop's (on its audit trail, so an unmerge here would undo it), and the person's
    dose went to the platform under the other record, a change nobody made. Only a fold
    this site wrote is made again."""
    from tests.sync.test_foreign_with_own_server import _central_put

    keep, fold, moved = her_two_records(wired)
    wired.sync()
    copy = backups.make_backup(wired.db, backups.ON_REQUEST).path
    link = [{"other": {"reference": f"Patient/{keep}"}, "type": "replaced-by"}]
    _central_put(wired, "Patient", fold, active=False, link=link)
    assert wired.sync().pulled == 1
    with wired.db.reading() as s:  # without a restore: theirs, the person stands here
        assert s.get(Person, fold).merged_into is None
    laptop = restored(wired, copy)
    try:
        for _round in range(2):
            summary = laptop.sync()
            assert (summary.conflicts, summary.rejected) == (0, 0)
        with laptop.db.reading() as s:
            state = (s.get(Person, fold).merged_into, s.get(Dose, moved).person_id)
        on_platform = on_the_platform(laptop, "Immunization", moved)["patient"]["reference"]
        assert on_platform == f"Patient/{fold}", "the dose was sent under the other record"
        assert state == (None, fold), "the index's merge made here"
    finally:
        laptop.db.close()
