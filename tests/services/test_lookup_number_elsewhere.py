"""The number the platform holds for a person flagged ID_DIFFERS_ELSEWHERE is kept with the
flag, so the supervisor who opens the case can check it against the card: kept across a
restart, the latest when another number comes, a new problem when the case was closed."""

from __future__ import annotations

import json

from sqlalchemy import text

from desktop_app.db.database import open_database
from desktop_app.db.models import Person
from desktop_app.rules.cleaning import Status
from desktop_app.services import cleaning, cleaning_elsewhere, lookup
from desktop_app.services.audit import describe
from desktop_app.services.cleaning_elsewhere import ID_DIFFERS_ELSEWHERE
from tests import forked
from tests.cleaning.brought import CCCD, held_here, on_platform
from tests.keys import TEST_PASSPHRASE

OTHER_CCCD = "001080000999"  # a second site's typing of his card


def number_entries(db, person_id):
    """The person's audit entries that name the number held elsewhere, oldest first."""
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT details FROM audit_entry WHERE entity = 'person' "
                                 "AND entity_id = :p AND action = 'update' ORDER BY id"),
                            {"p": person_id}).scalars()
        return [d for d in map(json.loads, rows) if "id_number_elsewhere" in d]


def test_the_number_held_elsewhere_is_kept_and_survives_a_restart(db, db_path, site, boss):
    pid = held_here(db, boss)
    lookup.bring_person(db, on_platform(), actor=boss)
    assert cleaning_elsewhere.numbers_elsewhere(db, [pid]) == {pid: CCCD}
    db.close()
    with open_database(db_path, TEST_PASSPHRASE) as again:
        assert cleaning_elsewhere.numbers_elsewhere(again, [pid]) == {pid: CCCD}


def test_the_flag_says_the_number_in_the_audit_trail(db, site, boss):
    pid = held_here(db, boss)
    lookup.bring_person(db, on_platform(), actor=boss)
    [entry] = number_entries(db, pid)
    assert entry["cleaning_reason"] == [None, ID_DIFFERS_ELSEWHERE]
    assert CCCD in describe("update", entry, "vi") and "nơi khác" in describe("update", entry,
                                                                                "vi")


def test_raised_again_with_another_number_the_latest_is_kept(db, site, boss):
    pid = held_here(db, boss)
    lookup.bring_person(db, on_platform(), actor=boss)
    lookup.bring_person(db, on_platform(), actor=boss)  # the same number: nothing new
    assert len(number_entries(db, pid)) == 1
    lookup.bring_person(db, on_platform(OTHER_CCCD, dose_id="b3"), actor=boss)
    assert cleaning_elsewhere.numbers_elsewhere(db, [pid]) == {pid: OTHER_CCCD}
    assert number_entries(db, pid)[-1] == {"id_number_elsewhere": [CCCD, OTHER_CCCD]}
    with db.engine.connect() as conn:  # flagged once all the same
        assert conn.execute(text("SELECT cleaning_reason FROM person")).all() == [
            (ID_DIFFERS_ELSEWHERE,)]


def test_another_number_reopens_a_case_closed_over_the_first(db, site, boss):
    pid = held_here(db, boss)
    lookup.bring_person(db, on_platform(), actor=boss)
    cleaning.move(db, [pid], Status.CANNOT_VERIFY, actor=boss, note="Không liên lạc được")
    lookup.bring_person(db, on_platform(OTHER_CCCD, dose_id="b3"), actor=boss)
    [case] = [c for c in cleaning.worklist(db).cases if c.person_id == pid]
    assert case.status is Status.TO_CHECK


def test_a_person_not_flagged_has_no_number(db, site, boss):
    pid = held_here(db, boss)
    plain = held_here(db, boss, number="001080000123")
    assert cleaning_elsewhere.numbers_elsewhere(db, [pid, plain]) == {}
    lookup.bring_person(db, on_platform(), actor=boss)
    assert cleaning_elsewhere.numbers_elsewhere(db, [pid, plain]) == {pid: CCCD}


def test_a_flag_kept_before_its_number_learns_it_without_reopening(db, site, boss):
    pid = held_here(db, boss)
    with db.transaction() as s:  # flagged as this laptop did before numbers were kept
        s.get(Person, pid).cleaning_reason = ID_DIFFERS_ELSEWHERE
    cleaning.move(db, [pid], Status.CANNOT_VERIFY, actor=boss, note="Không liên lạc được")
    lookup.bring_person(db, on_platform(), actor=boss)
    assert cleaning_elsewhere.numbers_elsewhere(db, [pid]) == {pid: CCCD}
    [case] = cleaning.worklist(db, status="cannot_verify").cases
    assert case.person_id == pid  # nothing new happened to him: the case stays settled


def test_the_cli_worklist_says_the_number_held_elsewhere(db, db_path, site, boss):
    pid = held_here(db, boss)
    lookup.bring_person(db, on_platform(), actor=boss)
    db.close()
    listed = forked.vaxdesk("--db", str(db_path), "--lang", "en", "cleaning", "list", timeout=120)
    assert listed.returncode == 0, listed.stderr
    assert f"Another ID number at another site: {CCCD}" in listed.stdout
    as_json = forked.vaxdesk("--db", str(db_path), "cleaning", "list", "--json", timeout=120)
    [case] = json.loads(as_json.stdout)
    assert (case["person_id"], case["id_number_elsewhere"]) == (pid, CCCD)


def test_correcting_to_the_number_held_elsewhere_settles_the_flag(db, site, boss):
    """The supervisor did what the flag asks (the CCCD as his ID, his CMND as the old
    number): the flag stayed, the case read "Another ID number at another site:
    001080000111" beside that very ID, and the province counted him not clean."""
    from desktop_app.rules.identity import IdType
    from desktop_app.services.records import correct_person

    pid = held_here(db, boss)
    lookup.bring_person(db, on_platform(), actor=boss)
    assert ID_DIFFERS_ELSEWHERE in cleaning.worklist(db).cases[0].problems
    phone = correct_person(db, pid, {"phone": "0912345678"}, actor=boss)
    assert ID_DIFFERS_ELSEWHERE in phone.left  # another field: the flag stands
    out = correct_person(db, pid, {"id_type": IdType.CCCD, "id_number": CCCD,
                                   "old_id_number": "123456789"}, actor=boss)
    assert out.saved and out.left == ()
    assert [c.person_id for c in cleaning.worklist(db).cases] == []
    with db.reading() as s:
        assert s.get(Person, pid).cleaning_reason is None
