"""The police verify who a person is, not which dose they had: a case with nothing but dose
problems stays off the list sent to them, and the export says so (review 6 Dec 2026: the
demo's export wrote 139 such people, and every "khớp" answer brought them back unsolved)."""

from __future__ import annotations

from datetime import date

import openpyxl
from sqlalchemy import select

from desktop_app.db.models import CleaningCase, Person
from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, NoIdReason, Sex
from desktop_app.services import cleaning, police_export
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.cleaning.people import TODAY
from tests.importers.sheets import person_row, write_csv


def _people(db) -> dict[str, str]:
    with db.reading() as s:
        return dict(s.execute(select(Person.full_name, Person.id)).all())


def test_a_case_of_doses_out_of_order_alone_is_not_sent_to_the_police(db, site, boss,
                                                                       tmp_path):
    rows = [person_row(1, name="Trần Văn Bình", cccd="079085000042", dob="01/02/1985",
                       dose=1, when="01/10/2021"),
            person_row(2, name="Trần Văn Bình", cccd="079085000042", dob="01/02/1985",
                       dose=2, when="01/09/2021"),  # before dose 1: flagged, not refused
            person_row(3, name="Lê Thị Cúc", cccd="", dob="12/05/1990", sex="Nữ")]
    drain(import_file(db, write_csv(tmp_path / "f.csv", rows), today=TODAY,
                      actor=AT_THIS_LAPTOP))
    people = _people(db)
    listed = {c.full_name: c.problems for c in cleaning.worklist(db).cases}
    assert listed == {"Trần Văn Bình": ("DOSE_ORDER",), "Lê Thị Cúc": ("ID_NUMBER_REQUIRED",)}

    plan = police_export.export_plan(db)
    assert [c.full_name for c in plan.cases] == ["Lê Thị Cúc"] and plan.doses_only == 1
    assert "1 người chỉ có vấn đề về mũi tiêm" in plan.question("vi")
    assert plan.refusals("en")[-1].startswith("1 person with only dose problems")

    out = tmp_path / "xac-minh.xlsx"
    assert police_export.export_for_police(db, out, actor=boss) == 1
    written = [r[1] for r in openpyxl.load_workbook(out).active.iter_rows(
        min_row=2, values_only=True)]
    assert written == ["Lê Thị Cúc"]
    with db.reading() as s:
        assert s.get(CleaningCase, people["Trần Văn Bình"]) is None  # not marked sent
        assert s.get(CleaningCase, people["Lê Thị Cúc"]).status == "sent"


def test_a_person_on_a_list_the_police_verify_goes_though_nothing_is_flagged(db, site, boss):
    """A homeless person has no problem code: the list is why the police verify them (a
    first version of the rule above left them out, as having only dose problems)."""
    person = PersonInput("Trần Văn Lang", date(1970, 1, 1), Sex.MALE, IdType.NONE, None,
                         NoIdReason.HOMELESS_OR_ITINERANT)
    assert record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Lan"),
                       person=person, today=TODAY, actor=boss, confirm_warnings=True).saved
    plan = police_export.export_plan(db, work_list="homeless")
    assert [c.full_name for c in plan.cases] == ["Trần Văn Lang"] and plan.doses_only == 0
    assert "chỉ có vấn đề về mũi tiêm" not in plan.question("vi")
