"""Two records of one citizen under his two numbers (his old CMND at one, the CCCD that
replaced it with that CMND as its old number at the other) merge, either way round, into one
carrying the CCCD with the CMND beside it; undoing the merge gives each its numbers back.
Two records with two current numbers stay refused."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import Dose, Person
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.doses import PersonInput
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.merges import merge_people, unmerge_people
from desktop_app.services.site import current_site

CMND, CCCD = "123456789", "001080000111"


def person(db, actor, id_type, number, old=None, dose=1) -> str:
    """A record of his, as a file's row or another site's look-up brings it: the desk
    refuses a second record of one citizen's number (ID_ALREADY_REGISTERED)."""
    day = date(2021, 9, 1) if dose == 1 else date(2021, 10, 6)
    facts = PersonInput("Nguyễn Văn Bình", date(1980, 5, 1), Sex.MALE, id_type, number,
                        old_id_number=old)
    with db.transaction() as s:
        site_id = current_site(db).id
        held = store.add_person(s, site_id, facts.stored_values(),
                                now=utc_now(), user_id=actor.user_id)
        store.add_dose(s, held.id, site_id, {"product_code": "COMIRNATY", "lot_number": "FK1",
                                             "dose_number": dose, "dose_date": day,
                                             "vaccinator": "Hoa", "source": "backfill"},
                       now=utc_now(), user_id=actor.user_id)
        return held.id


def numbers(db, pid) -> tuple:
    with db.reading() as s:
        p = s.get(Person, pid)
        return p.id_type, p.id_number, p.old_id_number, p.merged_into


def doses(db, pid) -> list[int]:
    with db.reading() as s:
        return sorted(s.scalars(select(Dose.dose_number).where(Dose.person_id == pid)))


def test_his_old_cmnd_record_kept_takes_the_cccd_and_keeps_the_cmnd_as_old(db, site, boss):
    old_card = person(db, boss, IdType.CMND, CMND)
    chip_card = person(db, boss, IdType.CCCD, CCCD, old=CMND, dose=2)
    out = merge_people(db, old_card, chip_card, actor=boss)
    assert out.filled["id_number"] == [CMND, CCCD]
    assert numbers(db, old_card) == ("CCCD", CCCD, CMND, None)
    assert numbers(db, chip_card)[3] == old_card
    assert doses(db, old_card) == [1, 2]

    unmerge_people(db, chip_card, actor=boss)  # merged by mistake: each has his numbers back
    assert numbers(db, old_card) == ("CMND", CMND, None, None)
    assert numbers(db, chip_card) == ("CCCD", CCCD, CMND, None)
    assert doses(db, old_card) == [1] and doses(db, chip_card) == [2]


def test_his_cccd_record_kept_stays_as_it_is(db, site, boss):
    old_card = person(db, boss, IdType.CMND, CMND)
    chip_card = person(db, boss, IdType.CCCD, CCCD, old=CMND, dose=2)
    merge_people(db, chip_card, old_card, actor=boss)
    assert numbers(db, chip_card) == ("CCCD", CCCD, CMND, None)
    assert doses(db, chip_card) == [1, 2]


@pytest.mark.parametrize("first, second", [
    ((IdType.CCCD, CCCD, CMND), (IdType.CCCD, "001080000222", CMND)),  # one old, two new
    ((IdType.CMND, CMND, None), (IdType.CMND, "987654321", None)),
])
def test_two_current_numbers_stay_refused(db, site, boss, first, second):
    a = person(db, boss, *first)
    b = person(db, boss, *second, dose=2)
    for keep, fold in ((a, b), (b, a)):
        with pytest.raises(ChangeRefused) as refused:
            merge_people(db, keep, fold, actor=boss)
        assert refused.value.code == "MERGE_ID_DIFFERS"
    assert numbers(db, a)[3] is None and numbers(db, b)[3] is None
