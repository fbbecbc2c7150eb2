"""The platform's copy of a person, taken by a pull or by a person choosing it in a conflict,
goes through the identity rules as a correction typed at the desk does: a sex, a CCCD or a
date of birth put right there closes the flag and the case (audited as the sync's, no
account), a wrong one put there puts the person back on the worklist. Before, the copy's
fields were taken and the flags and the case left as they were: a person fixed on the
platform stayed listed here, and one the platform made wrong was listed nowhere.

End to end with a real central server process."""

from __future__ import annotations

import json

from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import AuditEntry, CleaningCase, Person
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import audit, cleaning
from desktop_app.services.records import correct_person
from desktop_app.services.sync import resolve_conflict
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.sync.helpers import central_edit, reconcile

# Born 1985 as GOOD_ID says, but a man's number: the woman's record reads ID_SEX_MISMATCH.
MANS_ID = make_cccd("001", Sex.MALE, 1985, 12345)


def _flags_and_case(db, pid: str) -> tuple[str | None, str | None]:
    with db.reading() as s:
        case = s.get(CleaningCase, pid)
        return s.get(Person, pid).cleaning_reason, case.status if case else None


def _cleaning_moves(db, pid: str) -> list[tuple[str | None, dict]]:
    with db.reading() as s:
        return [(user, json.loads(details)) for user, details in s.execute(
            select(AuditEntry.user_id, AuditEntry.details).where(
                AuditEntry.entity_id == pid, AuditEntry.action == "cleaning")
            .order_by(AuditEntry.id))]


def test_a_fix_made_on_the_platform_closes_the_flag_as_a_desk_fix_would(wired, boss):
    db = wired.db
    pid = paper(db, sex="Nam")  # the card says a woman; typed as a man
    assert _flags_and_case(db, pid) == ("ID_SEX_MISMATCH", None)
    cleaning.move(db, [pid], "contacted", actor=boss, note="gọi lại")
    wired.sync()

    central_edit(wired, pid, sex="F")  # central staff put it right
    summary = wired.sync()
    assert summary.pulled == 1 and summary.conflicts == 0
    assert _flags_and_case(db, pid) == (None, "fixed")
    user, moved = _cleaning_moves(db, pid)[-1]
    assert user is None  # no one here did it: the sync did
    assert moved == {"status": ["contacted", "fixed"], "why": "central"}
    with db.reading() as s:
        entry = s.scalars(select(AuditEntry).where(
            AuditEntry.entity_id == pid, AuditEntry.action == "cleaning")
            .order_by(AuditEntry.id.desc()).limit(1)).one()
    said = audit.describe(entry.action, json.loads(entry.details), "en")
    assert "the central platform" in said, said
    assert "hệ thống trung tâm" in audit.describe(entry.action, json.loads(entry.details), "vi")
    # The flag the platform holds (the needs-cleaning extension) follows: sent again.
    wired.sync()
    reconcile(db, wired.server.url, wired.token)
    assert wired.sync().pulled == 0


def test_a_wrong_number_put_on_the_platform_reopens_the_case(wired, boss):
    db = wired.db
    pid = paper(db, sex="Nam")
    assert correct_person(db, pid, {"sex": "F"}, actor=boss, today=TODAY).saved
    assert _flags_and_case(db, pid) == (None, "fixed")  # fixed at the desk
    wired.sync()

    # Central staff type a man's number on her record (their tool marks it to be cleaned,
    # or the platform would refuse it).
    central_edit(wired, pid, id_number=MANS_ID, cleaning_reason="ID_SEX_MISMATCH")
    assert wired.sync().pulled == 1
    with db.reading() as s:
        assert s.get(Person, pid).id_number == MANS_ID
    assert _flags_and_case(db, pid) == ("ID_SEX_MISMATCH", "to_check")
    assert _cleaning_moves(db, pid)[-1] == (None, {"status": ["fixed", "to_check"],
                                                   "why": "central"})
    [case] = [c for c in cleaning.worklist(db).cases if c.person_id == pid]
    assert case.problems == ("ID_SEX_MISMATCH",)
    wired.sync()
    reconcile(db, wired.server.url, wired.token)


def test_a_person_never_listed_is_listed_when_the_platform_makes_them_wrong(wired):
    db = wired.db
    pid = paper(db)  # sound: nothing listed, no case
    assert _flags_and_case(db, pid) == (None, None)
    wired.sync()
    central_edit(wired, pid, id_number=MANS_ID, cleaning_reason="ID_SEX_MISMATCH")
    wired.sync()
    # As the desk would have it had the number been typed here: flagged, on the worklist.
    assert _flags_and_case(db, pid) == ("ID_SEX_MISMATCH", None)
    assert [c.person_id for c in cleaning.worklist(db).cases] == [pid]


def test_the_platforms_copy_chosen_in_a_conflict_goes_through_the_rules_too(wired, boss):
    db = wired.db
    pid = paper(db, sex="Nam")
    cleaning.move(db, [pid], "contacted", actor=boss)
    wired.sync()
    central_edit(wired, pid, sex="F", id_number=GOOD_ID)
    with db.transaction() as s:  # edited here meanwhile: a conflict
        store.update_person(s, s.get(Person, pid), {"phone": "0911222333"}, now=utc_now())
    assert wired.sync().conflicts == 1
    assert _flags_and_case(db, pid) == ("ID_SEX_MISMATCH", "contacted")

    resolve_conflict(db, "person", pid, "theirs", actor=boss)
    assert _flags_and_case(db, pid) == (None, "fixed")
    assert _cleaning_moves(db, pid)[-1] == (None, {"status": ["contacted", "fixed"],
                                                   "why": "central"})
    wired.sync()
    reconcile(db, wired.server.url, wired.token)
