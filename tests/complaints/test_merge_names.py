"""A merge weighs the names too: two records of one sex and one date of birth under two
people's names are not folded without a supervisor's yes (the confirmation, audited); one
name typed differently (tones, a letter, the word order) is what a merge mends."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEntry, Person
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.merges import merge_people
from tests.cleaning.people import paper


def _folded_into(db, pid: str) -> str | None:
    with db.reading() as s:
        return s.get(Person, pid).merged_into


def test_two_names_of_one_sex_and_birth_date_are_not_merged_unconfirmed(db, site, boss):
    keep = paper(db, full_name="Đỗ Minh Vân", dob="13/08/2006", id_number="")
    other = paper(db, full_name="Nguyễn Thị Dung", dob="13/08/2006", id_number="",
                  dose_number="2", dose_date="07/10/2021")
    with pytest.raises(ChangeRefused) as refused:
        merge_people(db, keep, other, actor=boss)
    assert [p.code for p in refused.value.problems] == ["MERGE_NAME_DIFFERS"]
    said = refused.value.message("en")
    assert "Đỗ Minh Vân" in said and "Nguyễn Thị Dung" in said
    assert "Họ tên khác" in refused.value.message("vi")
    assert _folded_into(db, other) is None
    merge_people(db, keep, other, actor=boss, confirm_differences=True)
    assert _folded_into(db, other) == keep
    with db.reading() as s:
        details = [json.loads(d) for d in s.scalars(select(AuditEntry.details).where(
            AuditEntry.entity_id == keep, AuditEntry.action == "merge"))]
    assert details[0]["confirmed_differences"] == ["MERGE_NAME_DIFFERS"]


def test_one_name_typed_differently_is_merged_as_before(db, site, boss):
    keep = paper(db, full_name="Nguyễn Thị Dung", dob="13/08/2006", id_number="")
    other = paper(db, full_name="NGUYEN THI DUNH", dob="13/08/2006", id_number="",
                  dose_number="2", dose_date="07/10/2021")
    merge_people(db, keep, other, actor=boss)
    assert _folded_into(db, other) == keep
