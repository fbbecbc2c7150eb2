"""After a restore, the records the copy held unsent, which the laptop synced unchanged
after the copy was made, are the laptop's own on the platform: never a conflict.

What the clerk saw (review of 2026-12-07, plain FHIR R4): a person and dose recorded
offline, the nightly copy made before the network came back, then both synced. The disk
died, the copy was restored, the laptop synced: the server held exactly what the laptop
had, written by this very laptop, yet both records were "Hồ sơ được sửa cả trên máy này và
trên hệ thống trung tâm" (CENTRAL_EDIT_CONFLICT), round after round, the clerk to choose for
every record that was waiting at the copy. A record waiting in a copy has no digest of
anything sent (``sync_record.sent_digests``), so the platform's version of it counted as a
change somebody else made, and the laptop's as an edit made here."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules.identity import Sex
from tests.sync.restoring import dose, person

pytestmark = pytest.mark.slow


def test_records_unsent_in_the_backup_but_synced_later_are_no_conflict_after_a_restore(
        restoring):
    dose(restoring.db, 1, date(2021, 9, 1),
         person=person("Nguyễn Văn An", date(1980, 1, 2), Sex.MALE, 11))
    restoring.sync()
    waiting = dose(restoring.db, 1, date(2021, 9, 5),
                   person=person("Phạm Thị Hoa", date(1990, 5, 6), Sex.FEMALE, 14))
    copy = restoring.backup()
    assert restoring.sync().synced == 2  # the content the copy holds, now on the server
    restoring.restore(copy)
    summary = restoring.sync()
    assert restoring.issues() == {}
    assert summary.conflicts == 0
    assert set(restoring.states().values()) == {"synced"}
    assert restoring.states()[("dose", waiting.dose_id)] == "synced"
    assert restoring.states()[("person", waiting.person_id)] == "synced"
    again = restoring.sync()  # nothing goes again, nothing comes back as a conflict
    assert (again.conflicts, again.synced) == (0, 0)
