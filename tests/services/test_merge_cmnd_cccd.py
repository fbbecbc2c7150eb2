"""Dose 1 under her old CMND, dose 2 under the CCCD (a commune sheet, two records flagged as
possibly one person): the merge was refused "correct the wrong number first", yet neither
number is wrong, and the way through (the CMND as the CCCD record's old number) was said
nowhere (a reviewer's finding). The refusal now says it, and it works."""

from __future__ import annotations

from datetime import date

import pytest

from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import merges
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.records import correct_person

CCCD = make_cccd("001", Sex.MALE, 1980, 55555)


def _tai(db, boss, id_type: IdType, number: str, dose: int, day: date) -> str:
    out = record_dose(db, DoseInput("COMIRNATY", f"FK{dose}", dose, day, "Y tá Lan"),
                      person=PersonInput("Đỗ Văn Tài", date(1980, 2, 2), Sex.MALE, id_type,
                                         number),
                      today=date(2022, 1, 1), confirm_warnings=True, actor=boss)
    assert out.saved, out.problems
    return out.person_id


def test_a_cmnd_and_a_cccd_record_are_told_how_to_become_one(db, site, boss):
    old = _tai(db, boss, IdType.CMND, "012345678", 1, date(2021, 8, 1))
    new = _tai(db, boss, IdType.CCCD, CCCD, 2, date(2021, 9, 1))
    with pytest.raises(ChangeRefused) as refused:
        merges.merge_people(db, new, old, actor=boss, confirm_differences=True)
    said = refused.value.message("vi")
    assert refused.value.code == "MERGE_CMND_AND_CCCD"
    assert "nhập 012345678 vào ô \"Số CMND cũ\"" in said and CCCD in said
    fixed = correct_person(db, new, {"old_id_number": "012345678"}, actor=boss,
                           confirm_warnings=True)
    assert fixed.saved, fixed.problems
    assert merges.merge_people(db, new, old, actor=boss, confirm_differences=True).dose_ids
