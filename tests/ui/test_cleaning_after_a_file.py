"""The Data cleaning area on real widgets after a file is imported: a case a supervisor
closed comes back to be checked when a later file brings the person a new problem, each
problem in words (a dose number the import had to move is named, not shown as its code)."""

from __future__ import annotations

from datetime import date

from desktop_app.progress import drain
from desktop_app.services import cleaning
from desktop_app.services.backfill import import_file
from desktop_app.ui.cleaning.case_table_model import COLUMNS
from tests.importers.sheets import person_row, write_xlsx
from tests.keys import raw_connect
from tests.ui.cleaning_helpers import open_cleaning_screen

TODAY = date(2026, 11, 23)


def test_a_closed_case_comes_back_when_a_later_file_brings_a_new_problem(qtbot, db, site,
                                                                         boss, tmp_path):
    drain(import_file(db, write_xlsx(tmp_path / "first.xlsx", [person_row(1)]), today=TODAY,
                      actor=boss))
    with raw_connect(db.path) as conn:
        (pid,) = conn.execute("SELECT id FROM person").fetchone()
    cleaning.move(db, [pid], "fixed", actor=boss)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    assert screen.counts.buttons["fixed"].text() == "Fixed: 1"
    assert screen.table.model().rowCount() == 0
    # A children's vaccine with no number (it takes dose 2), then a row that says dose 2.
    drain(import_file(db, write_xlsx(tmp_path / "then.xlsx", [
        person_row(1, vaccine="Pfizer (5-11 tuổi)", dose="", when="01/09/2021"),
        person_row(2, dose=2, when="01/10/2021")]), today=TODAY, actor=boss))
    screen.refresh()
    qtbot.waitUntil(lambda: screen.counts.buttons["to_check"].text() == "To check: 1")
    assert screen.counts.buttons["fixed"].text() == "Fixed: 0"
    model = screen.table.model()
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, COLUMNS.index("name")).data() == "Nguyễn Văn An"
    assert model.index(0, COLUMNS.index("problems")).data() == \
        "Vaccine outside its ages; Dose number taken, stored as the next"
    assert errors == []
    screen.ctx.runner.wait_idle()
