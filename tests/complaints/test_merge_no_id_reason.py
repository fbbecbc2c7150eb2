"""A merge of a record with an ID number and one without (the citizen came once without
papers): the kept record ends with the number and no reason for having none, whichever of
the two is kept; undoing the merge gives each its own again."""

from __future__ import annotations

from datetime import date

from desktop_app.db.models import Person
from desktop_app.rules.identity import IdType, NoIdReason, Sex
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.merges import merge_people, unmerge_people

CCCD = "001190000123"


def person(db, actor, id_type, number, reason=None, dose=1) -> str:
    day = date(2021, 9, 1) if dose == 1 else date(2021, 10, 6)
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", dose, day, "Hoa"),
                      person=PersonInput("Phạm Thị Chung", date(1990, 1, 2), Sex.FEMALE,
                                         id_type, number, no_id_reason=reason),
                      today=day, confirm_warnings=True, actor=actor)
    assert out.saved, out.problems
    return out.person_id


def identity(db, pid) -> tuple:
    with db.reading() as s:
        p = s.get(Person, pid)
        return p.id_type, p.id_number, p.no_id_reason


def test_the_kept_record_with_a_cccd_takes_no_reason_for_having_no_id(db, site, boss):
    keep = person(db, boss, IdType.CCCD, CCCD)
    fold = person(db, boss, IdType.NONE, None, NoIdReason.UNKNOWN_IDENTITY, dose=2)
    merged = merge_people(db, keep, fold, actor=boss)
    assert identity(db, keep) == ("CCCD", CCCD, None)
    assert "no_id_reason" not in merged.filled


def test_the_kept_record_without_an_id_drops_its_reason_with_the_number(db, site, boss):
    keep = person(db, boss, IdType.NONE, None, NoIdReason.UNKNOWN_IDENTITY, dose=2)
    fold = person(db, boss, IdType.CCCD, CCCD)
    merged = merge_people(db, keep, fold, actor=boss)
    assert identity(db, keep) == ("CCCD", CCCD, None)
    assert merged.filled["no_id_reason"] == ["UNKNOWN_IDENTITY", None]
    unmerge_people(db, fold, actor=boss)
    assert identity(db, keep) == ("NONE", None, "UNKNOWN_IDENTITY")
    assert identity(db, fold) == ("CCCD", CCCD, None)
