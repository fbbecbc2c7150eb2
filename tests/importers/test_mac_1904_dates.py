"""A workbook whose dates count from 1904 (Excel for Mac's old default, kept by every later
save of it): a date written as a bare serial number, or a date cell whose format was lost
(shown as 42978), is a day of that system, 1,462 days later than the same number in the
1900 system. Read as 1900 serials, a birth date moved four years and a day, and a dose of
1 Sep 2021 became one of 31 Aug 2017, refused as before the campaign."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.importers.reading import open_table
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_preview import judge_sample, preview_file
from tests.importers.sheets import HEADERS, TITLE, person_row

TODAY = date(2026, 11, 23)


def _serial_1904(day: date) -> int:
    return (day - date(1904, 1, 1)).days


def _write(path, epoch_1904: bool, rows) -> object:
    book = Workbook()
    if epoch_1904:
        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    for line in [*TITLE, HEADERS, *rows]:
        sheet.append(line)
    book.save(path)
    return path


def _stored(db) -> dict[str, tuple[date, date]]:
    with db.reading() as s:
        return {name: (dob, given) for name, dob, given in s.execute(
            select(Person.full_name, Person.dob, Dose.dose_date)
            .join(Dose, Dose.person_id == Person.id))}


def test_bare_serials_of_a_1904_workbook_are_its_days(db, site, tmp_path):
    path = _write(tmp_path / "mac.xlsx", True, [
        # a date cell (the library writes its 1904 serial and format: read right before too)
        person_row(1, "Nguyễn Văn An", dob=datetime(1990, 9, 5), when=datetime(2021, 8, 1)),
        # serials in cells of no date format, and as text
        person_row(2, "Trần Thị Bình", dob=_serial_1904(date(1985, 2, 1)), sex="Nữ",
                   cccd="001185012345", when=_serial_1904(date(2021, 9, 1))),
        person_row(3, "Lê Văn Cường", dob=str(_serial_1904(date(1979, 12, 31))),
                   cccd="001079012345", when=str(_serial_1904(date(2021, 10, 15)))),
    ])
    table = open_table(path)
    try:
        assert table.date1904
    finally:
        table.close()
    report = drain(import_file(db, path, today=TODAY, actor=AT_THIS_LAPTOP))
    assert report.counts["rejected"] == 0, report.issues
    assert _stored(db) == {"Nguyễn Văn An": (date(1990, 9, 5), date(2021, 8, 1)),
                           "Trần Thị Bình": (date(1985, 2, 1), date(2021, 9, 1)),
                           "Lê Văn Cường": (date(1979, 12, 31), date(2021, 10, 15))}
    preview = preview_file(path)  # the screen's sample reads them as the import does
    judged = judge_sample(preview, preview.mapping, db.catalogue, TODAY)
    assert [r.dose_date for r in judged] == [date(2021, 8, 1), date(2021, 9, 1),
                                             date(2021, 10, 15)]


def test_the_same_numbers_in_a_1900_workbook_stay_1900_days(db, site, tmp_path):
    serial = 44440  # 1 Sep 2021 in the 1900 system
    path = _write(tmp_path / "pc.xlsx", False, [
        person_row(1, "Trần Thị Bình", dob="01/02/1985", sex="Nữ", cccd="001185012345",
                   when=serial)])
    drain(import_file(db, path, today=TODAY, actor=AT_THIS_LAPTOP))
    assert _stored(db) == {"Trần Thị Bình": (date(1985, 2, 1), date(2021, 9, 1))}
