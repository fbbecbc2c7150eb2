"""The last dose a person carries (migration 0014) equals the one counted from the doses, after
every kind of change: a new dose, a void, a corrected date, a merge, a bulk import, and the
upgrade of a database that had doses before the columns existed."""

from __future__ import annotations

import importlib
from datetime import date

from alembic import command
from sqlalchemy import text as sql

from desktop_app.db import bulk_sql
from desktop_app.db.migrate import alembic_config, upgrade
from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, NoIdReason, Sex, make_cccd
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.merges import merge_people
from desktop_app.services.records import correct_dose
from desktop_app.services.search import search_people
from tests.importers.sheets import name_of, person_row, write_xlsx
from tests.reports.data import NOV5, OCT1, TODAY, known_site

MIGRATION = importlib.import_module("desktop_app.db.migrations.versions.0014_person_last_dose")

COUNTED = """
    SELECT p.id, d.dose_number, d.dose_date, d.product_code FROM person p
    LEFT JOIN dose d ON d.id = (
        SELECT id FROM dose WHERE person_id = p.id AND status = 'active'
        ORDER BY dose_date DESC, dose_number DESC LIMIT 1)"""
SHOWN = "SELECT id, last_dose_number, last_dose_date, last_product_code FROM person"


def _agree(db) -> dict[str, tuple]:
    with db.reading() as s:
        counted = {r[0]: tuple(r[1:]) for r in s.execute(sql(COUNTED))}
        shown = {r[0]: tuple(r[1:]) for r in s.execute(sql(SHOWN))}
    assert shown == counted
    return shown


def test_every_change_to_a_dose_keeps_the_last_dose_exact(db, site):
    known = known_site(db)  # records, a second dose, and a void (fifty's second)
    shown = _agree(db)
    assert shown[known.person["adult"]] == (2, NOV5.isoformat(), "COMIRNATY")
    assert shown[known.person["fifty"]] == (1, OCT1.isoformat(), "VAXZEVRIA")  # void uncovers
    # A corrected date of the last dose moves it back: the shown one follows.
    assert correct_dose(db, known.dose["adult2"], {"dose_date": date(2021, 10, 20)},
                        actor=AT_THIS_LAPTOP, confirm_warnings=True, today=TODAY).saved
    assert _agree(db)[known.person["adult"]] == (2, "2021-10-20", "COMIRNATY")
    void_dose(db, known.dose["teen1"], "Nhập nhầm", actor=AT_THIS_LAPTOP)
    assert _agree(db)[known.person["teen"]] == (None, None, None)


def test_a_search_shows_the_last_dose_and_not_folded_people(db, site, boss):
    dob = date(1990, 1, 1)
    ids = []
    cccd = make_cccd("001", Sex.FEMALE, 1990, 700)
    for n in range(2):  # one person recorded twice (once without her card), as merges find
        person = PersonInput("Phạm Thị Hoa", dob, Sex.FEMALE, IdType.CCCD, cccd) if n == 0 \
            else PersonInput("Phạm Thị Hoa", dob, Sex.FEMALE, IdType.NONE, None,
                             no_id_reason=NoIdReason.UNKNOWN_IDENTITY)
        out = record_dose(
            db, DoseInput("COMIRNATY", "L1", n + 1, date(2021, 8 + n, 1), "Lan"),
            person=person, confirm_warnings=True, today=TODAY, actor=AT_THIS_LAPTOP)
        assert out.saved, out.problems
        ids.append(out.person_id)
    hits = search_people(db, "pham thi h")
    assert [(h.last_dose_number, h.last_dose_date) for h in hits] == [
        (1, date(2021, 8, 1)), (2, date(2021, 9, 1))]
    merge_people(db, ids[0], ids[1], actor=boss)  # its doses move: both people recounted
    assert _agree(db)[ids[1]] == (None, None, None)
    hits = search_people(db, "pham thi h")
    assert [(h.id, h.last_dose_number, h.last_dose_date, h.last_product_code) for h in hits] \
        == [(ids[0], 2, date(2021, 9, 1), "COMIRNATY")]
    assert [h.id for h in search_people(db, cccd)] == [ids[0]]


def test_a_bulk_import_sets_the_last_dose_of_new_and_known_people(db, site, tmp_path):
    known = record_dose(db, DoseInput("VAXZEVRIA", "L1", 1, date(2021, 7, 1), "Lan"),
                        person=PersonInput("Nguyễn Văn An", date(1990, 9, 5), Sex.MALE,
                                           IdType.CCCD, "001090012345"),
                        confirm_warnings=True, today=TODAY, actor=AT_THIS_LAPTOP)
    rows = [person_row(1, dose=2, when="01/08/2021"),  # the known person's second dose
            person_row(2, name="Lê Thị Bình", cccd="001190054321", dob="01/01/1990",
                       sex="Nữ", phone="0912000111", when="02/08/2021"),
            person_row(3, name="Lê Thị Bình", cccd="001190054321", dob="01/01/1990",
                       sex="Nữ", phone="0912000111", dose=2, when="03/09/2021")]
    report = drain(import_file(db, write_xlsx(tmp_path / "f.xlsx", rows), today=TODAY,
                               chunk=2, actor=AT_THIS_LAPTOP))
    assert report.counts["imported"] == 3, report.issues
    shown = _agree(db)
    assert shown[known.person_id] == (2, "2021-08-01", "VAXZEVRIA")
    with db.reading() as s:  # the trigger set aside for the chunk is back
        assert s.scalar(sql("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                            " AND name = :n"), {"n": bulk_sql.LAST_DOSE_TRIGGER}) == 1


def test_new_people_carry_their_latest_dose_whatever_the_order_of_their_rows(db, site,
                                                                                tmp_path):
    """The writer sets a new person's last dose as it writes them, from the chunk's doses,
    and computes it again from every dose when a later chunk brings one more."""
    def row(n: int, who: int, dose: int, when: str) -> list:
        return person_row(n, name=name_of(who), cccd=f"00119005{who:04d}",
                          dob="01/01/1990", sex="Nữ", dose=dose, when=when)

    rows = [row(1, 1, 1, "02/08/2021"), row(2, 1, 2, "03/09/2021"),  # in order
            row(3, 2, 2, "03/09/2021"), row(4, 2, 1, "02/08/2021"),  # the later dose first
            row(5, 3, 1, "01/08/2021"), row(6, 4, 1, "01/08/2021"),
            row(7, 3, 2, "05/09/2021")]  # a chunk later
    report = drain(import_file(db, write_xlsx(tmp_path / "f.xlsx", rows), today=TODAY,
                               chunk=6, actor=AT_THIS_LAPTOP))
    assert report.counts["imported"] == 7, report.issues
    shown = _agree(db)
    assert sorted(v[:2] for v in shown.values()) == [
        (1, "2021-08-01"), (2, "2021-09-03"), (2, "2021-09-03"), (2, "2021-09-05")]


def test_the_upgrade_fills_the_last_dose_of_people_recorded_before_it(db, site):
    known = known_site(db)
    cfg = alembic_config()
    with db.engine.begin() as conn:  # the schema before: the columns and triggers are gone
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0013")
    with db.engine.begin() as conn:  # a dose given while the site ran 0013
        conn.execute(sql("UPDATE dose SET dose_date = '2022-01-01' WHERE id = :d"),
                     {"d": known.dose["old1"]})
    upgrade(db.engine, "0014")
    assert _agree(db)[known.person["old"]] == (1, "2022-01-01", "COMIRNATY")


def test_the_bulk_writer_recomputes_as_the_migration_does():
    """bulk_sql imports nothing of the app (it runs in the writer process): its copies of
    the trigger's name and the recount are held equal to the migration's here."""
    assert bulk_sql.LAST_DOSE_TRIGGER == MIGRATION.INSERT_TRIGGER
    assert bulk_sql.LAST_DOSE_RECOMPUTE == MIGRATION.RECOMPUTE
