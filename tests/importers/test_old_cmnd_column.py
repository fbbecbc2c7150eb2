"""A file that keeps the old CMND in a column beside the CCCD names one citizen by both: the
CMND is kept as the person's old number, a record held under it takes the CCCD (the CMND
kept), and a later row or file giving the CMND alone finds the same person. Before, the
CMND was dropped when the CCCD was given, and the same citizen became two records flagged
"possibly the same person" (a reviewer's file). Real files, a real database."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEntry, Dose, Person
from desktop_app.progress import drain
from desktop_app.services import accounts
from desktop_app.services.actor import Actor, Role
from desktop_app.services.backfill import import_file
from tests.importers.sheets import write_xlsx
from tests.importers.wide_sheets import PLACE

TODAY = date(2026, 11, 23)
APART = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CMND", "Số CCCD", "Tên vắc xin",
         "Mũi thứ", "Ngày tiêm", "Cơ sở tiêm"]
ONE = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND", "Tên vắc xin", "Mũi thứ",
       "Ngày tiêm", "Cơ sở tiêm"]
AN = ["Nguyễn Văn An", "05/09/1990", "Nam"]
CMND, CCCD = "012345678", "001090012345"


def _apart(n, cmnd, cccd, dose, when, who=AN):
    return [n, *who, cmnd, cccd, "AstraZeneca", dose, when, PLACE]


def _one(n, number, dose, when, who=AN):
    return [n, *who, number, "AstraZeneca", dose, when, PLACE]


def _import(db, tmp_path, name, rows, headers, actor, **kw):
    path = write_xlsx(tmp_path / name, rows, headers=headers)
    return drain(import_file(db, path, today=TODAY, actor=actor, **kw))


def _people(db):
    """(name, ID type, ID, old number, cleaning reason, active doses) of every person."""
    with db.reading() as s:
        return [(p.full_name, p.id_type, p.id_number, p.old_id_number, p.cleaning_reason,
                 len(s.scalars(select(Dose).where(Dose.person_id == p.id,
                                                  Dose.status == "active")).all()))
                for p in s.scalars(select(Person).order_by(Person.id))]


@pytest.fixture
def volunteer(db, boss) -> Actor:
    account = accounts.add_user(db, "tnv1", "Tình nguyện viên Hoa", "volunteer",
                                "mật khẩu tình nguyện 1", actor=boss)
    return Actor(account.id, account.full_name, Role.VOLUNTEER)


def test_a_new_person_keeps_the_cmnd_and_a_later_file_giving_it_alone_finds_them(
        db, site, boss, tmp_path):
    report = _import(db, tmp_path, "both.xlsx", [_apart(1, CMND, CCCD, 1, "01/08/2021")],
                     APART, boss)
    assert report.counts["imported"] == 1 and not report.issues, report.issues
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 1)]
    later = _import(db, tmp_path, "cmnd.xlsx", [_one(1, CMND, 2, "01/10/2021")], ONE, boss)
    assert later.counts["imported"] == 1 and not later.issues, later.issues
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 2)]


def test_a_record_held_under_the_cmnd_takes_the_cccd_given_beside_it(db, site, boss,
                                                                    tmp_path):
    _import(db, tmp_path, "cmnd.xlsx", [_one(1, CMND, 1, "01/08/2021")], ONE, boss)
    report = _import(db, tmp_path, "both.xlsx", [_apart(1, CMND, CCCD, 2, "01/10/2021")],
                     APART, boss)
    assert report.counts["imported"] == 1, report.issues
    assert [i.code for i in report.issues] == ["PERSON_CORRECTED"]
    assert "Số CMND cũ “—” → “012345678”" in report.issues[0].message
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 2)]
    with db.reading() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "update",
                                                   AuditEntry.entity == "person")).one()
    assert entry.user_id == boss.user_id
    assert json.loads(entry.details) == {"id_type": ["CMND", "CCCD"],
                                         "id_number": [CMND, CCCD],
                                         "old_id_number": [None, CMND],
                                         "import": report.batch_id}
    again = _import(db, tmp_path, "both.xlsx", [_apart(1, CMND, CCCD, 2, "01/10/2021")],
                    APART, boss)
    assert again.counts["duplicate"] == 1 and again.counts["corrected"] == 0
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 2)]


def test_a_volunteer_stores_the_dose_on_the_record_and_leaves_its_id_to_a_supervisor(
        db, site, boss, volunteer, tmp_path):
    _import(db, tmp_path, "cmnd.xlsx", [_one(1, CMND, 1, "01/08/2021")], ONE, boss)
    report = _import(db, tmp_path, "both.xlsx", [_apart(1, CMND, CCCD, 2, "01/10/2021")],
                     APART, volunteer)
    assert report.counts["imported"] == 1
    assert [i.code for i in report.issues] == ["CORRECTION_NEEDS_SUPERVISOR"]
    assert _people(db) == [("Nguyễn Văn An", "CMND", CMND, None, None, 2)]


@pytest.mark.parametrize("chunk", [None, 1])  # 1: the person is handed over between rows
def test_one_file_naming_a_person_by_the_cmnd_then_by_both_makes_one_person(
        db, site, boss, tmp_path, chunk):
    rows = [_apart(1, CMND, "", 1, "01/08/2021"), _apart(2, CMND, CCCD, 2, "01/10/2021"),
            _apart(3, CMND, "", 3, "01/03/2022")]
    report = _import(db, tmp_path, "mixed.xlsx", rows, APART, boss, chunk=chunk)
    assert report.counts["imported"] == 3 and not report.issues, report.issues
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 3)]


def test_one_file_naming_a_person_by_both_then_by_the_cmnd_makes_one_person(
        db, site, boss, tmp_path):
    rows = [_apart(1, CMND, CCCD, 1, "01/08/2021"), _apart(2, CMND, "", 2, "01/10/2021")]
    report = _import(db, tmp_path, "mixed.xlsx", rows, APART, boss)
    assert report.counts["imported"] == 2 and not report.issues, report.issues
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 2)]


def test_a_cmnd_held_by_someone_of_another_name_puts_nothing_on_them(db, site, boss,
                                                                     tmp_path):
    """Nor is it kept as the row's person's old number (a reviewer: other sites match by
    it): the row is flagged, naming whose it is."""
    _import(db, tmp_path, "cmnd.xlsx", [_one(1, CMND, 1, "01/08/2021",
                                             who=["Trần Thị Bình", "12/03/1985", "Nữ"])],
            ONE, boss)
    report = _import(db, tmp_path, "both.xlsx", [_apart(1, CMND, CCCD, 1, "01/10/2021")],
                     APART, boss)
    assert report.counts["flagged"] == 1, report.issues
    assert [i.code for i in report.issues] == ["OLD_ID_OTHERS"]
    assert "Trần Thị Bình" in report.issues[0].message
    assert sorted(_people(db)) == [
        ("Nguyễn Văn An", "CCCD", CCCD, None, "OLD_ID_OTHERS", 1),
        ("Trần Thị Bình", "CMND", CMND, None, None, 1)]


def test_a_malformed_old_number_is_not_kept(db, site, boss, tmp_path):
    report = _import(db, tmp_path, "both.xlsx", [_apart(1, "0123", CCCD, 1, "01/08/2021")],
                     APART, boss)
    assert report.counts["imported"] == 1
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, None, None, 1)]


def test_a_wide_sheet_keeps_the_old_cmnd_beside_the_cccd(db, site, boss, tmp_path):
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "CMND", "CCCD", "Ngày tiêm mũi 1",
               "Vắc xin mũi 1", "Ngày tiêm mũi 2", "Vắc xin mũi 2"]
    rows = [[*AN, CMND, CCCD, "01/08/2021", "AstraZeneca", "01/10/2021", "AstraZeneca"]]
    report = _import(db, tmp_path, "wide.xlsx", rows, headers, boss)
    assert report.counts["imported"] == 2, report.issues
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 2)]


def test_a_mistyped_cccd_beside_a_good_cmnd_is_flagged_and_the_cmnd_finds_the_person(
        db, site, boss, tmp_path):
    """A CCCD of eleven digits beside a good CMND was the ID and the CMND dropped: a new
    person unknown by the number they had, or a second record of someone recorded."""
    report = _import(db, tmp_path, "new.xlsx", [_apart(1, CMND, "00109001234", 1,
                                                       "01/08/2021")], APART, boss)
    assert report.counts["flagged"] == 1
    assert [p[:4] for p in _people(db)] == [("Nguyễn Văn An", "CCCD", "00109001234", CMND)]
    later = _import(db, tmp_path, "cmnd.xlsx", [_one(1, CMND, 2, "01/10/2021")], ONE, boss)
    assert later.counts["imported"] == 1, later.issues
    assert [p[5] for p in _people(db)] == [2]


def test_a_mistyped_cccd_beside_a_recorded_cmnd_puts_the_dose_on_its_holder(
        db, site, boss, tmp_path):
    _import(db, tmp_path, "cmnd.xlsx", [_one(1, CMND, 1, "01/08/2021")], ONE, boss)
    report = _import(db, tmp_path, "typo.xlsx", [_apart(1, CMND, "00109001234", 2,
                                                        "01/10/2021")], APART, boss)
    assert report.counts["rejected"] == 0
    assert _people(db) == [("Nguyễn Văn An", "CMND", CMND, None, None, 2)]


# What a review of the first version found (each put a dose or a number on the wrong person,
# or stopped the import).
C2 = "001090099999"
BINH = "001185099999"  # a woman born in 1985


def _recorded(db, tmp_path, boss, number, old=None, dose=1, when="01/08/2021"):
    """An recorded by an import of one dose (by ``number``), given ``old`` as old number."""
    _import(db, tmp_path, "first.xlsx", [_one(1, number, dose, when)], ONE, boss)
    if old is not None:
        with db.transaction() as s:
            s.execute(Person.__table__.update().values(old_id_number=old))


def test_another_cccd_beside_a_records_old_cmnd_is_somebody_else(db, site, boss, tmp_path):
    """The dose went onto An, held under CCCD C with old CMND X, from a row giving X and
    another CCCD, and that CCCD's later rows with it."""
    _recorded(db, tmp_path, boss, CCCD, old=CMND)
    report = _import(db, tmp_path, "other.xlsx", [_apart(1, CMND, C2, 2, "01/10/2021"),
                                                  _apart(2, "", C2, 3, "01/03/2022")],
                     APART, boss)
    assert [i.code for i in report.issues] == ["OLD_ID_OTHERS"]  # and, said too:
    assert "Cùng họ tên, ngày sinh và giới tính" in report.issues[0].message
    assert sorted(_people(db)) == [
        ("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 1),
        ("Nguyễn Văn An", "CCCD", C2, None, "OLD_ID_OTHERS,POSSIBLE_SAME_PERSON", 2)]


def test_a_cccd_in_the_cmnd_column_renumbers_no_one(db, site, boss, tmp_path):
    """A supervisor's import replaced An's CCCD with another, the first one lost."""
    _recorded(db, tmp_path, boss, CCCD)
    _import(db, tmp_path, "swap.xlsx", [_apart(1, CCCD, C2, 2, "01/10/2021")], APART, boss)
    assert sorted(p[:4] for p in _people(db)) == [("Nguyễn Văn An", "CCCD", CCCD, None),
                                                  ("Nguyễn Văn An", "CCCD", C2, None)]


def test_a_person_renumbered_then_found_to_be_a_record_takes_their_rows_with_them(
        db, site, boss, tmp_path):
    """The import stopped on a foreign key, and again on every try: the person the file made
    under the CMND, renumbered to the CCCD, turned out to be a record without an ID, and the
    CCCD still led to the person never stored."""
    _recorded(db, tmp_path, boss, "")
    rows = [_apart(1, CMND, "", 2, "01/10/2021"), _apart(2, CMND, CCCD, 1, "01/08/2021"),
            _apart(3, CMND, CCCD, 3, "01/03/2022")]
    report = _import(db, tmp_path, "late.xlsx", rows, APART, boss)
    assert report.counts["rejected"] == 0, report.issues
    assert [(p[0], p[5]) for p in _people(db)] == [("Nguyễn Văn An", 3)]


def test_a_row_giving_the_records_cmnd_alone_is_no_vote_against_its_cccd(
        db, site, boss, tmp_path):
    _recorded(db, tmp_path, boss, CMND)
    report = _import(db, tmp_path, "both.xlsx", [_apart(1, CMND, "", 2, "01/10/2021"),
                                                 _apart(2, CMND, CCCD, 3, "01/03/2022")],
                     APART, boss)
    assert "CORRECTION_DISAGREES" not in {i.code for i in report.issues}, report.issues
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 3)]


def test_a_records_missing_old_cmnd_is_filled_in_and_finds_them_later(
        db, site, volunteer, boss, tmp_path):
    """A record held under the CCCD, with no old number: the file's CMND beside it was not
    kept, and a later file giving it alone made a second person. Filling in what the record
    lacks is anyone's, as a date of birth is."""
    _recorded(db, tmp_path, boss, CCCD)
    _import(db, tmp_path, "both.xlsx", [_apart(1, CMND, CCCD, 2, "01/10/2021")], APART,
            volunteer)
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 2)]
    _import(db, tmp_path, "cmnd.xlsx", [_one(1, CMND, 3, "01/03/2022")], ONE, boss)
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 3)]


def test_a_cmnd_of_another_person_of_the_file_is_not_kept_as_an_old_number(
        db, site, boss, tmp_path):
    rows = [_apart(1, CMND, "", 1, "01/08/2021"),
            _apart(2, CMND, BINH, 1, "01/09/2021", who=["Trần Thị Bình", "12/03/1985", "Nữ"])]
    report = _import(db, tmp_path, "two.xlsx", rows, APART, boss)
    assert [(i.sheet_row, i.code) for i in report.issues] == [(6, "OLD_ID_OTHERS")]
    assert sorted(p[:4] for p in _people(db)) == [("Nguyễn Văn An", "CMND", CMND, None),
                                                  ("Trần Thị Bình", "CCCD", BINH, None)]


def test_a_file_saved_by_libreoffice_with_both_numbers_as_numbers_names_one_citizen(
        db, site, boss, tmp_path):
    """A clerk's CSV opened and saved by LibreOffice: both columns became numbers and lost
    their leading zeros (12345678, 1090012345). The CMND still finds An's record and is
    kept as his old number beside the CCCD."""
    import csv

    from tests.importers.wide_sheets import convert

    _import(db, tmp_path, "cmnd.xlsx", [_one(1, CMND, 1, "01/08/2021")], ONE, boss)
    source = tmp_path / "both.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([APART, _apart(1, CMND, CCCD, 2, "01/10/2021")])
    xlsx = convert(source, "xlsx")
    from python_calamine import CalamineWorkbook

    raw = list(CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_index(0).iter_rows())
    assert raw[1][4:6] == [12345678.0, 1090012345.0]  # as LibreOffice saved them
    report = drain(import_file(db, xlsx, today=TODAY, actor=boss))
    assert report.counts["imported"] == 1, [i.message for i in report.issues]
    assert _people(db) == [("Nguyễn Văn An", "CCCD", CCCD, CMND, None, 2)]
