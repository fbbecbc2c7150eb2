"""A bulk import keeps the report tallies (migration 0013) as its triggers would: the writer
sets the per-row triggers aside and adds each chunk in one grouped upsert (bulk_sql)."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from sqlalchemy import text as sql

from desktop_app.db import bulk_sql
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.services import backfill
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.site import set_up_site
from tests.importers.sheets import name_of, person_row, write_xlsx
from tests.keys import TEST_PASSPHRASE, raw_connect
from tests.reports.pending_import import write_deferred

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


@pytest.mark.parametrize("writer", ["thread", "process"])
def test_an_import_in_chunks_tallies_as_the_triggers_do(db, site, tmp_path, monkeypatch,
                                                        writer):
    """Either writer: the thread adds each chunk's tallies, the process holds them to its
    end (bulk_sql.TALLIES_PENDING)."""
    if writer == "process":
        monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)
    rows = [person_row(n, name=name_of(n), cccd=f"0011900{n:05d}",
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
    with db.reading() as s:
        assert s.execute(sql("SELECT value FROM setting WHERE key = :k"),
                         {"k": bulk_sql.TALLIES_PENDING}).first() is None


def test_doses_of_people_recorded_before_the_import_are_tallied_by_their_stored_birth_date(
        db, site, tmp_path):
    """The writer counts the doses of people it has just written from their tuples, and
    reads the others' birth dates back: a second file's doses for the first file's people
    (not among the people it writes) land in the same tallies as the triggers would put them,
    birthdays on the dose's day and the day after included."""
    def row(n: int, dose: int, when: str) -> list:
        return person_row(n, name=name_of(n), cccd=f"0011900{n:05d}",
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


def _raw_tallies(conn) -> list[tuple]:
    return sorted(conn.execute("SELECT * FROM report_dose_day WHERE n <> 0").fetchall())


def test_a_big_import_adds_its_tallies_at_its_end_exact_though_the_desk_changed_its_doses(
        db, site):
    """The writer process holds its chunks' tallies (bulk_sql.TALLIES_PENDING) and adds them
    at its end. The desk meanwhile voids one of its doses, and corrects a birth date so that
    two doses change age: those doses leave tallies the import has not added yet. With
    migration 0013's triggers (an UPDATE of a row not there) the void was lost and the end
    left one dose too many; as signed terms (0018) the end equals a count from scratch."""
    raw = db.engine.raw_connection()
    try:
        conn = raw.driver_connection
        write_deferred(conn, site.id, 1, 6)
        held = _raw_tallies(conn)
        conn.execute("BEGIN")  # the desk, triggers in place: a void, a new birth date
        conn.execute("UPDATE dose SET status = 'voided', void_reason = 'nhầm' WHERE id = 'd002'")
        conn.execute("UPDATE person SET dob = '1980-01-01' WHERE id IN ('p004', 'p005')")
        conn.execute("COMMIT")
        write_deferred(conn, site.id, 7, 6)
        conn.execute("BEGIN")
        assert bulk_sql.add_deferred_tallies(conn)
        conn.execute("COMMIT")
        at_end = _raw_tallies(conn)
        assert not bulk_sql.add_deferred_tallies(conn)  # done once: the note is gone
    finally:
        raw.close()
    assert held == []  # nothing in report_dose_day until the end
    assert sum(r[-1] for r in at_end) == 11  # twelve doses, one voided
    assert ("2021-10-02", "COMIRNATY", 1, 41, 1) in at_end  # p004 born 1980
    assert at_end == _counted_afresh(db)["report_dose_day"]


def test_an_import_killed_before_its_end_has_its_tallies_counted_at_the_next_open(db_path):
    """The held tallies die with the writer's connection; its note stays in the file, and
    open_database counts every tally again from the doses."""
    with open_database(db_path, TEST_PASSPHRASE) as db:
        site = set_up_site(db, "HN-0001", "Trạm Y tế Phường Láng Hạ", province_code="01",
                           actor=AT_THIS_LAPTOP)
        raw = db.engine.raw_connection()
        try:
            conn = raw.driver_connection
            write_deferred(conn, site.id, 1, 9)
            before = _raw_tallies(conn)
        finally:
            raw.close()  # as a killed writer's: the held tallies gone, the note left
    with raw_connect(db_path) as conn:
        note = conn.execute("SELECT value FROM setting WHERE key = ?",
                            (bulk_sql.TALLIES_PENDING,)).fetchone()
    assert before == [] and note is not None
    with open_database(db_path, TEST_PASSPHRASE) as db:
        with db.reading() as s:
            note = s.execute(sql("SELECT value FROM setting WHERE key = :k"),
                             {"k": bulk_sql.TALLIES_PENDING}).first()
        tallied = _tallies(db)["report_dose_day"]
        assert tallied == _counted_afresh(db)["report_dose_day"]
    assert note is None and sum(r[-1] for r in tallied) == 9


def test_held_tallies_never_outlive_their_import_on_a_reused_connection(db, site):
    """A connection that held an import's tallies (its temporary table) and is used again
    starts the next import with none: the end drops them, and so does a look with no note."""
    raw = db.engine.raw_connection()
    try:
        conn = raw.driver_connection
        write_deferred(conn, site.id, 1, 3)
        conn.execute("DELETE FROM setting WHERE key = ?", (bulk_sql.TALLIES_PENDING,))
        assert not bulk_sql.add_deferred_tallies(conn)  # no note: nothing added...
        held = conn.execute("SELECT count(*) FROM temp.sqlite_master").fetchone()[0]
        write_deferred(conn, site.id, 4, 2)
        conn.execute("BEGIN")
        assert bulk_sql.add_deferred_tallies(conn)
        conn.execute("COMMIT")
        tallied = sum(r[-1] for r in _raw_tallies(conn))
    finally:
        raw.close()
    assert held == 0  # ...and the held table gone
    assert tallied == 2  # the second import's doses only
