"""Synthetic people for the cleaning tests, put in through the paper backfill (its rules
flag what the cleaning worklist then works on)."""

from __future__ import annotations

from datetime import date

from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.paper_backfill import CONFIRMED, record_paper_dose

TODAY = date(2026, 11, 23)
GOOD_ID = make_cccd("001", Sex.FEMALE, 1985, 12345)  # a woman born in 1985
# Every question the form asks, answered "the paper says so" (the supervisor typing these
# people wants them stored as typed, flagged as the rules flag them).
ASKED = ("ID_SEX_MISMATCH", "ID_BIRTH_YEAR_MISMATCH", "ID_WRONG_LENGTH", "ID_NOT_DIGITS",
         "ID_PROVINCE_UNKNOWN", "ID_CENTURY_INVALID", "NAME_NO_DIACRITICS",
         "POSSIBLE_SAME_PERSON")


def paper(db, **changes) -> str:
    """One backfilled person and dose; returns the person's id."""
    form = {"full_name": "Phạm Thị Lan", "dob": "12/03/1985", "sex": "Nữ",
            "id_number": GOOD_ID, "product": "Pfizer", "lot_number": "FK1",
            "dose_number": "1", "dose_date": "02/09/2021",
            "facility": "Trạm Y tế Kim Liên", "address": "12 Láng Hạ, Phường Láng, Hà Nội",
            CONFIRMED: ASKED}
    out = record_paper_dose(db, form | changes, TODAY, actor=AT_THIS_LAPTOP)
    assert out.saved, out
    return out.person_id


def acknowledged(db, person_id: str, version: int) -> None:
    """The person as a sync leaves them once the platform acknowledged them at ``version``
    (its register verdicts judge that version)."""
    from desktop_app.db.models import SyncRecord

    with db.transaction() as s:
        sync = s.get(SyncRecord, ("person", person_id))
        sync.state, sync.synced_version, sync.server_version = \
            "synced", sync.local_version, str(version)
