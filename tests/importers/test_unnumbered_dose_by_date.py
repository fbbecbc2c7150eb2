"""A dose typed without its number, for someone who already has doses: it takes the number
its date gives among them (a 2021 ledger's dose 1 of someone whose dose 2 the desk
recorded is dose 1, not dose 3), through the paper form and a spreadsheet alike; where its
date leaves no number free it takes the next one, flagged, as before."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.paper_backfill import record_paper_dose
from tests.importers.sheets import HEADERS, person_row, write_xlsx

TODAY = date(2026, 11, 23)
LAN = PersonInput("Phạm Thị Lan", date(1985, 3, 12), Sex.FEMALE, IdType.CCCD, "001185012345")
FORM = {"full_name": "Phạm Thị Lan", "dob": "12/03/1985", "sex": "Nữ",
        "id_number": "001185012345", "product": "COMIRNATY", "lot_number": "",
        "dose_number": "", "dose_date": "02/09/2021", "facility": "TYT Kim Liên"}
AN = PersonInput("Nguyễn Văn An", date(1990, 9, 5), Sex.MALE, IdType.CCCD, "001090012345")


def _at_desk(db, boss, person, number, day, product="COMIRNATY"):
    """A dose recorded at the desk, its warnings (a dose missing before it) confirmed."""
    with db.reading() as s:
        pid = s.scalar(select(Person.id).where(Person.id_number == person.id_number))
    out = record_dose(db, DoseInput(product, "FK1", number, day, "Y tá"),
                      person=None if pid else person, person_id=pid, today=day, actor=boss,
                      confirm_warnings=True)
    assert out.saved


def _numbers(db):
    with db.reading() as s:
        return dict(s.execute(select(Dose.dose_date, Dose.dose_number)
                              .where(Dose.status == "active")).all())


def _reason(db):
    with db.reading() as s:
        return s.scalar(select(Person.cleaning_reason))


def test_a_ledger_dose_1_of_someone_with_dose_2_at_the_desk_is_stored_as_dose_1(
        db, site, boss):
    _at_desk(db, boss, LAN, 2, date(2021, 10, 1))
    out = record_paper_dose(db, FORM, TODAY, actor=AT_THIS_LAPTOP)
    assert out.outcome == "imported" and out.saved
    assert not [p for p in out.problems if p.code == "DOSE_ORDER"]
    assert _numbers(db) == {date(2021, 9, 2): 1, date(2021, 10, 1): 2}


def test_ledger_doses_of_someone_with_a_booster_at_the_desk_take_doses_1_and_2(
        db, site, boss):
    _at_desk(db, boss, LAN, 3, date(2022, 6, 1))
    for day in ("10/06/2021", "10/07/2021"):
        assert record_paper_dose(db, FORM | {"dose_date": day}, TODAY,
                                 actor=AT_THIS_LAPTOP).saved
    assert _numbers(db) == {date(2021, 6, 10): 1, date(2021, 7, 10): 2, date(2022, 6, 1): 3}
    assert "DOSE_ORDER" not in (_reason(db) or "")


def test_a_dose_after_every_recorded_one_still_takes_the_next_number(db, site, boss):
    _at_desk(db, boss, LAN, 3, date(2022, 6, 1))  # dose 3 alone: 2 is free but comes before
    out = record_paper_dose(db, FORM | {"dose_date": "01/12/2022"}, TODAY,
                            actor=AT_THIS_LAPTOP)
    assert out.saved and _numbers(db)[date(2022, 12, 1)] == 4
    _at_desk(db, boss, AN, 1, date(2021, 8, 1), "VAXZEVRIA")
    _at_desk(db, boss, AN, 2, date(2021, 10, 1), "VAXZEVRIA")
    assert record_paper_dose(db, FORM | {
        "full_name": "Nguyễn Văn An", "dob": "05/09/1990", "sex": "Nam",
        "id_number": "001090012345", "dose_date": "01/03/2022"}, TODAY,
        actor=AT_THIS_LAPTOP).saved
    assert _numbers(db)[date(2022, 3, 1)] == 3


def test_a_dose_dated_where_no_number_is_free_takes_the_next_one_flagged(db, site, boss):
    """Between the recorded doses 1 and 2: numbers recorded are never moved, so it is
    dose 3, dated before dose 2, on the cleaning list as before."""
    _at_desk(db, boss, LAN, 1, date(2021, 8, 1))
    _at_desk(db, boss, LAN, 2, date(2021, 10, 1))
    out = record_paper_dose(db, FORM | {"dose_date": "01/09/2021"}, TODAY,
                            actor=AT_THIS_LAPTOP)
    assert out.outcome == "flagged" and [p.code for p in out.problems] == ["DOSE_ORDER"]
    assert _numbers(db) == {date(2021, 8, 1): 1, date(2021, 9, 1): 3, date(2021, 10, 1): 2}
    assert _reason(db) == "DOSE_ORDER"


def test_a_sheet_without_a_dose_number_column_numbers_doses_by_their_dates(
        db, site, boss, tmp_path):
    """Dose 2 at the desk; the commune's sheet has no "Mũi thứ" column and lists the
    ledger's dose 1 and the booster: dose 1 and dose 3, none out of order."""
    _at_desk(db, boss, AN, 2, date(2021, 10, 1), "VAXZEVRIA")
    at = HEADERS.index("Mũi thứ")
    rows = [person_row(1, when="01/03/2022"), person_row(2, when="02/09/2021")]
    path = write_xlsx(tmp_path / "f.xlsx", [r[:at] + r[at + 1:] for r in rows],
                      headers=HEADERS[:at] + HEADERS[at + 1:])
    report = drain(import_file(db, path, today=TODAY, actor=AT_THIS_LAPTOP))
    # The sheet's phone and address fill in what the desk left empty; nothing is flagged.
    assert {(i.sheet_row, i.outcome, i.code) for i in report.issues} == {
        (5, "imported", "PERSON_CORRECTED")}
    assert _numbers(db) == {date(2021, 9, 2): 1, date(2021, 10, 1): 2, date(2022, 3, 1): 3}
