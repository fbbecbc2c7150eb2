"""A bulk import keeps the report tallies (migration 0013) as its triggers would: the writer
sets the per-row triggers aside and adds each chunk in one grouped upsert (bulk_sql)."""

from __future__ import annotations

import importlib
from datetime import date

from sqlalchemy import text as sql

from desktop_app.db import bulk_sql
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from tests.importers.sheets import person_row, write_xlsx

MIGRATION = importlib.import_module("desktop_app.db.migrations.versions.0013_report_tallies")
TABLES = ("report_dose_day", "report_sync_day")


def _tallies(db) -> dict[str, list[tuple]]:
    with db.reading() as s:
        return {t: sorted(tuple(r) for r in s.execute(sql(f"SELECT * FROM {t} WHERE n <> 0")))
                for t in TABLES}


def _counted_afresh(db) -> dict[str, list[tuple]]:
    """What the migration's FILL counts from the doses themselves."""
    with db.transaction() as s:
        for table in TABLES:
            s.execute(sql(f"DELETE FROM {table}"))
        for statement in MIGRATION.FILL:
            s.execute(sql(statement))
    return _tallies(db)


def test_an_import_in_chunks_tallies_as_the_triggers_do(db, site, tmp_path):
    rows = [person_row(n, name=f"Người Số {n}", cccd=f"0011900{n:05d}",
                       dob="" if n % 7 == 0 else "05/09/1990",
                       vaccine="Pfizer" if n % 2 else "AstraZeneca",
                       dose=f"Mũi {1 + n % 2}", when=f"{1 + n % 27:02d}/10/2021")
            for n in range(1, 60)]
    rows.append(person_row(60, name="Không Rõ Vắc Xin", vaccine="Vắc xin lạ"))  # rejected
    report = drain(import_file(db, write_xlsx(tmp_path / "f.xlsx", rows), chunk=7,
                               today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))
    assert report.stored == 59 and report.counts["rejected"] == 1
    tallied = _tallies(db)
    assert sum(r[-1] for r in tallied["report_dose_day"]) == 59
    assert any(r[3] == -1 for r in tallied["report_dose_day"])  # no date of birth: age -1
    assert tallied == _counted_afresh(db)
    with db.reading() as s:  # and the triggers are back for the desk's saves
        names = set(s.scalars(sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")))
    assert set(bulk_sql.REPORT_TRIGGERS) <= names


def test_doses_of_people_recorded_before_the_import_are_tallied_by_their_stored_birth_date(
        db, site, tmp_path):
    """The writer counts the doses of people it has just written from their tuples, and
    reads the others' birth dates back: a second file's doses for the first file's people
    (not among the people it writes) land in the same tallies as the triggers would put them,
    birthdays on the dose's day and the day after included."""
    def row(n: int, dose: int, when: str) -> list:
        return person_row(n, name=f"Người Số {n}", cccd=f"0011900{n:05d}",
                          dob="" if n % 5 == 0 else f"{1 + n % 3:02d}/10/1990",
                          dose=f"Mũi {dose}", when=when)

    first = [row(n, 1, "02/10/2021") for n in range(1, 21)]
    drain(import_file(db, write_xlsx(tmp_path / "a.xlsx", first), chunk=6,
                      today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))
    later = [row(n, 2, "02/11/2021") for n in range(1, 21)]  # all recorded before this file
    later += [row(n, 1, "02/10/2021") for n in range(21, 31)]  # and new people
    report = drain(import_file(db, write_xlsx(tmp_path / "b.xlsx", later), chunk=6,
                               today=date(2026, 11, 23), actor=AT_THIS_LAPTOP))
    assert report.stored == 30 and report.people_created == 10
    tallied = _tallies(db)
    assert sum(r[-1] for r in tallied["report_dose_day"]) == 50
    assert {r[3] for r in tallied["report_dose_day"]} == {-1, 30, 31}  # before/after birthday
    assert tallied == _counted_afresh(db)
