"""Which record a POSSIBLE_SAME_PERSON case may be (``services/cleaning_twins``), whatever
raised the flag: the desk (naming it), an import's row (not naming it), a merge since.
Real database, the services that raise the flag."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.db.models import Person
from desktop_app.rules.cleaning import SameRecord, SameRecords
from desktop_app.services.cleaning_twins import same_person_records
from desktop_app.services.merges import merge_people
from tests.importers.sheets import person_row, write_xlsx
from tests.importers.test_backfill_identity import _import, _people, volunteer  # noqa: F401
from tests.ui.merge_helpers import recorded

TODAY = date(2022, 6, 1)
BICH = "Trần Thị Bích"


def test_the_desk_names_the_record_and_a_later_merge_names_the_kept_one(db, site, boss):
    no_id = recorded(db, boss, BICH, None, 1, date(2021, 8, 1)).person_id
    cccd = recorded(db, boss, BICH, "001190000102", 2, date(2021, 8, 29)).person_id
    assert same_person_records(db, [cccd, no_id]) == {  # the record unflagged: none named
        cccd: SameRecords((SameRecord("Trần Thị Bích", None, 1, date(2021, 8, 1)),), 1)}

    # The record without an ID is found to be a third's (her name misspelt there): merged
    # into it, the flag names the record she now stands as.
    third = recorded(db, boss, "Trần Thị Bíc", "001190000105", 2, date(2021, 8, 22)).person_id
    merge_people(db, third, no_id, actor=boss, confirm_differences=True)
    [named] = same_person_records(db, [cccd])[cccd].named
    assert named[:2] == ("Trần Thị Bíc", "001190000105")


def test_a_merge_of_the_two_leaves_nothing_to_name(db, site, boss):
    no_id = recorded(db, boss, BICH, None, 1, date(2021, 8, 1)).person_id
    cccd = recorded(db, boss, BICH, "001190000102", 2, date(2021, 8, 29)).person_id
    merge_people(db, cccd, no_id, actor=boss, confirm_differences=True)
    assert same_person_records(db, [cccd, no_id]) == {}


def test_an_imports_flag_names_the_records_of_the_same_name_birth_and_sex(
        db, site, tmp_path, volunteer):  # noqa: F811 - the fixture
    row = {"name": "Trương Văn Bình", "dob": "20/11/1968", "sex": "Nam"}
    _import(db, write_xlsx(tmp_path / "a.xlsx", [person_row(1, cccd="001068000220", **row)]),
            volunteer)
    _import(db, write_xlsx(tmp_path / "b.xlsx", [
        person_row(1, cccd="001068000202", dose=2, when="01/10/2021", **row),
        person_row(2, name="Trương Văn Bình", dob="21/11/1968", cccd="001068000203",
                   dose=2, when="01/10/2021")]), volunteer)  # another birth date: not him
    with db.reading() as s:
        flagged = s.scalar(select(Person.id).where(Person.id_number == "001068000202"))
    [named] = same_person_records(db, [flagged])[flagged].named
    assert named[:2] == ("Trương Văn Bình", "001068000220")
