"""After a restore, a merge made after the copy was made, and synced, is never undone on
the platform, not even for one round.

What the reviewer saw (2026-12-07, plain FHIR R4): a merge synced after the copy, the dose
moved to the kept Patient on the server. The first round after the restore put the copy's
version of the dose over the server's newer one (If-Match current): the dose was on the
inactive, replaced Patient until the next round moved it back. The pull before the push
took the dose's fields, found it under another person than the copy's, and queued it to
go again with the copy's person; the merge that moves it (``services.merges.refold``) is
made again only after that round's push."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.db.models import Dose, Person
from desktop_app.rules.identity import Sex
from desktop_app.services.merges import merge_people
from tests.sync.restoring import dose, person

pytestmark = pytest.mark.slow


def test_a_merge_made_after_the_backup_is_never_undone_on_the_server_by_the_restore(
        restoring, boss):
    folded = dose(restoring.db, 2, date(2021, 10, 8),
                  person=person("Lê Văn Cường", date(1970, 3, 4), Sex.MALE))
    kept = dose(restoring.db, 1, date(2021, 9, 3),
                person=person("Lê Văn Cường", date(1970, 3, 4), Sex.MALE, 13))
    restoring.sync()
    copy = restoring.backup()
    merge_people(restoring.db, kept.person_id, folded.person_id, actor=boss,
                 confirm_differences=True)
    restoring.sync()
    on_kept = {"reference": f"Patient/{kept.person_id}"}
    assert restoring.on_server("Immunization", folded.dose_id)["patient"] == on_kept
    db = restoring.restore(copy)
    first = restoring.sync()
    assert restoring.on_server("Immunization", folded.dose_id)["patient"] == on_kept
    with db.reading() as s:  # the merge made again here once the round is done
        assert s.get(Person, folded.person_id).merged_into == kept.person_id
        assert s.get(Dose, folded.dose_id).person_id == kept.person_id
    again = restoring.sync()
    assert (first.conflicts, again.conflicts, again.rejected) == (0, 0, 0)
    assert restoring.on_server("Immunization", folded.dose_id)["patient"] == on_kept
    assert restoring.on_server("Patient", folded.person_id)["active"] is False
