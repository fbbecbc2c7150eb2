"""After a restore, a void the laptop made after the copy was made, and synced, stays: the
dose is taken as voided, with no conflict, and never sent back as given.

What the clerk saw (review of 2026-12-07, plain FHIR R4): a dose waiting in the copy,
synced, then voided as given to the wrong person and synced; the server held it
entered-in-error. After the restore the laptop showed the dose given and asked the clerk to
choose between "this laptop" and "the central version", as if both had been edited;
choosing this laptop's put the dose back as completed on the server: a dose on the wrong
citizen again. The server's version was this laptop's own later void."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.db.models import Dose
from desktop_app.rules.identity import Sex
from desktop_app.services import sync as syncing
from desktop_app.services.doses import void_dose
from tests.sync.restoring import dose, person

pytestmark = pytest.mark.slow


def test_a_void_made_after_the_backup_survives_a_restore(restoring, boss):
    first = dose(restoring.db, 1, date(2021, 9, 2),
                 person=person("Trần Thị Bình", date(1985, 3, 4), Sex.FEMALE, 12))
    restoring.sync()
    wrong = dose(restoring.db, 2, date(2021, 10, 6), person_id=first.person_id)
    copy = restoring.backup()
    restoring.sync()
    void_dose(restoring.db, wrong.dose_id, "Tiêm nhầm người", actor=boss,
              given_to_another=True)
    restoring.sync()
    assert restoring.on_server("Immunization", wrong.dose_id)["status"] == "entered-in-error"
    db = restoring.restore(copy)
    summary = restoring.sync()
    with db.reading() as s:
        local = s.get(Dose, wrong.dose_id).status
    issues = restoring.issues()
    if issues.get(wrong.dose_id):  # what the clerk was offered: keep this laptop's version
        syncing.resolve_conflict(db, "dose", wrong.dose_id, "mine", actor=boss)
        restoring.sync()
    server = restoring.on_server("Immunization", wrong.dose_id)["status"]
    assert (local, issues, server) == ("voided", {}, "entered-in-error")
    assert summary.conflicts == 0


def test_an_edit_made_after_the_restore_is_still_a_conflict(restoring, boss):
    """The platform's later version of a record the copy held unsent is taken only while
    nothing was changed here since the restore: an edit the clerk made on the restored
    laptop is theirs, and a person chooses."""
    first = dose(restoring.db, 1, date(2021, 9, 2),
                 person=person("Trần Thị Bình", date(1985, 3, 4), Sex.FEMALE, 12))
    restoring.sync()
    wrong = dose(restoring.db, 2, date(2021, 10, 6), person_id=first.person_id)
    copy = restoring.backup()
    restoring.sync()
    void_dose(restoring.db, wrong.dose_id, "Tiêm nhầm người", actor=boss,
              given_to_another=True)
    restoring.sync()
    db = restoring.restore(copy)
    from desktop_app.services.records import correct_dose
    correct_dose(db, wrong.dose_id, {"lot_number": "FK9999"}, actor=boss,
                 confirm_warnings=True, today=date(2022, 6, 1))
    restoring.sync()
    assert restoring.issues() == {wrong.dose_id: ["CENTRAL_EDIT_CONFLICT"]}
    assert restoring.on_server("Immunization", wrong.dose_id)["status"] == "entered-in-error"
