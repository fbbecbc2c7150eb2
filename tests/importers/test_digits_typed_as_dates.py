"""Digits typed into a text cell as a date are never read as an Excel serial: a serial
is what a number cell holds, and digits that start with 0 were never one (as
``values.clean_id_untyped`` says of IDs). Real files, a real SQLite file."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.db.models import Person
from desktop_app.importers.values import clean_date, is_serial
from desktop_app.progress import drain
from desktop_app.services.backfill import import_file
from tests.importers.sheets import person_row, write_csv

TODAY = date(2026, 11, 20)


def test_a_date_of_birth_typed_as_six_digits_is_not_read_as_an_excel_serial(
        db, site, boss, tmp_path):
    """A commune's list kept as text with births typed ddmmyy without separators:
    "010190" for 01/01/1990. It was read as Excel's serial 10190 and Mai, who has no ID,
    was stored born 24/11/1927 without a word. No date rule reads six bare digits, so the
    cell is refused as the desk refuses it, named as typed, and she goes on the cleaning
    list for it."""
    path = write_csv(tmp_path / "xa.csv", [
        person_row(1, name="Trần Thị Mai", dob="010190", sex="Nữ", cccd="")])
    report = drain(import_file(db, path, today=TODAY, actor=boss))
    with db.reading() as s:
        mai = s.scalars(select(Person)).one()
    assert mai.dob is None and "DOB_INVALID" in (mai.cleaning_reason or ""), (
        mai.dob, mai.cleaning_reason)
    assert any("010190" in i.message for i in report.issues), [
        i.message for i in report.issues]


def test_digits_with_a_leading_zero_are_no_serial_and_eight_are_a_typed_date():
    assert clean_date("010190", 2026) is None and not is_serial("010190")
    assert clean_date("010821", 2026) is None  # a dose date typed ddmmyy, not 1929
    assert clean_date("01011990") == date(1990, 1, 1)  # ddmmyyyy, as the desk reads it
    # A serial as a number cell, or its digits in a file that keeps no types, still is.
    assert clean_date(44440) == clean_date("44440") == date(2021, 9, 1)
