"""A phone Excel turned into a number, or wrote with +84, is stored as the desk types it:
without an ID the phone is part of who a person is, so one written two ways made two
people. Real files, a real SQLite file."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.importers.values import clean_phone
from desktop_app.progress import drain
from desktop_app.services.backfill import import_file
from tests.importers.sheets import person_row, write_xlsx

TODAY = date(2026, 11, 20)


def test_a_landline_excel_turned_into_a_number_is_the_same_phone_in_the_next_file(
        db, site, boss, tmp_path):
    """Bà Đinh Thị Lụa has no CCCD on the list and a landline, 024 3856 1234, held in a
    number cell (2438561234, the 0 gone). A mobile got its 0 back (9 digits), a landline
    (10) did not: stored "2438561234", her dose 2 in the next file, typed "02438561234",
    made a second Đinh Thị Lụa. "+84 24 3856 1234" was kept as "842438561234"."""
    first = write_xlsx(tmp_path / "tinh.xlsx", [
        person_row(1, name="Đinh Thị Lụa", dob="03/04/1948", sex="Nữ", cccd="",
                   phone=2438561234, dose=1, when="01/08/2021"),
        person_row(2, name="Đinh Văn Tài", dob="03/04/1950", sex="Nam", cccd="001050012345",
                   phone="+84 24 3856 1234", dose=1, when="01/08/2021")])
    later = write_xlsx(tmp_path / "xa.xlsx", [
        person_row(1, name="Đinh Thị Lụa", dob="03/04/1948", sex="Nữ", cccd="",
                   phone="02438561234", dose=2, when="01/10/2021")])
    drain(import_file(db, first, today=TODAY, actor=boss))
    drain(import_file(db, later, today=TODAY, actor=boss))
    with db.reading() as s:
        people = {(p.full_name, p.phone): sorted(d.dose_number for d in s.scalars(
            select(Dose).where(Dose.person_id == p.id))) for p in s.scalars(select(Person))}
    assert people == {("Đinh Thị Lụa", "02438561234"): [1, 2],
                      ("Đinh Văn Tài", "02438561234"): [1]}, people


def test_a_zero_comes_back_only_where_the_phone_rule_then_takes_the_number():
    assert clean_phone(2438561234) == clean_phone("2438561234") == "02438561234"
    assert clean_phone("+84 24 3856 1234") == "02438561234"
    assert clean_phone(842438561234) == "02438561234"  # 84 typed without its +
    # Digits the rule takes with no 0 in front either way are kept as they are, for the
    # rules to judge (a 0 would not make them a phone).
    assert clean_phone(9123456789) == "9123456789" and clean_phone("12345") == "12345"
