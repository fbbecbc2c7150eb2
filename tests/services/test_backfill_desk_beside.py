"""The desk (or the paper form) saves while a file is being imported, as the README says it
may: what it saved is known to the import from its next chunk on (``Known.catch_up``).
Read once at the start, the import made a second record of a citizen under the same CCCD
and stored a dose twice. Real file, real database, the importer's own path; the import
held after its first chunk, as the screen's Op.bulk runs it beside the desk's saves."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import backfill
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.paper_backfill import record_paper_dose
from tests.importers.sheets import name_of, person_row, write_xlsx

TODAY = date(2026, 11, 23)
HOA_ID = "001190012345"


def _file(tmp_path):
    rows = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 30)]
    rows += [person_row(40, name="Lê Thị Hoa", dob="12/03/1990", sex="Nữ", cccd=HOA_ID,
                        dose=1, when="01/08/2021"),
             person_row(41, name="Lê Thị Hoa", dob="12/03/1990", sex="Nữ", cccd=HOA_ID,
                        dose=2, when="05/09/2021")]
    return write_xlsx(tmp_path / "so-lieu.xlsx", rows)


def _holders(db):
    with db.reading() as s:
        return s.scalars(select(Person.id).where(Person.id_number == HOA_ID)).all()


def _hoa_doses(db):
    with db.reading() as s:
        return sorted(s.execute(select(Dose.dose_number, Dose.dose_date).join(
            Person, Person.id == Dose.person_id).where(Person.id_number == HOA_ID,
                                                       Dose.status == "active")).all())


def test_a_person_the_desk_records_during_an_import_is_not_made_again_by_it(
        db, site, tmp_path, monkeypatch):
    """Hoa comes to the desk for her booster while the volunteer's file, which holds her
    2021 doses, is importing: the desk makes her record (CCCD 001190012345); the file's
    doses 1-2 go on that record, not on a second Lê Thị Hoa."""
    monkeypatch.setattr(backfill, "CHUNK", 10)
    job = import_file(db, _file(tmp_path), today=TODAY, actor=AT_THIS_LAPTOP)
    next(job)  # the first chunk is stored
    person = PersonInput("Lê Thị Hoa", date(1990, 3, 12), Sex.FEMALE, IdType.CCCD, HOA_ID)
    assert record_dose(db, DoseInput("COMIRNATY", "FK0001", 3, TODAY, "Y tá"),
                       person=person, today=TODAY, actor=AT_THIS_LAPTOP,
                       confirm_warnings=True).saved
    report = drain(job)
    assert len(_holders(db)) == 1, (report.counts, report.issues)
    assert [n for n, _day in _hoa_doses(db)] == [1, 2, 3]


def test_a_paper_form_typed_during_an_import_is_not_stored_twice(
        db, site, tmp_path, monkeypatch):
    """The same in the Backfill area itself: the paper form's dose 1 for Hoa, saved while
    the file runs, then the file's own dose 1 of hers (a duplicate) and dose 2."""
    monkeypatch.setattr(backfill, "CHUNK", 10)
    job = import_file(db, _file(tmp_path), today=TODAY, actor=AT_THIS_LAPTOP)
    next(job)
    out = record_paper_dose(db, {
        "full_name": "Lê Thị Hoa", "dob": "12/03/1990", "sex": "Nữ", "id_number": HOA_ID,
        "product": "AstraZeneca", "lot_number": "AB1234", "dose_number": "1",
        "dose_date": "01/08/2021", "facility": "Trạm Y tế Kim Liên"}, TODAY,
        actor=AT_THIS_LAPTOP)
    assert out.outcome == "imported"
    drain(job)
    assert _hoa_doses(db) == [(1, date(2021, 8, 1)), (2, date(2021, 9, 5))]
    assert len(_holders(db)) == 1
