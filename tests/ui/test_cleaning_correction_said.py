"""A correction saved from the worklist says what it left: the dialog closes and the person
may stay on the list, which was all the supervisor saw. And "confirm the real name has no
diacritics", which the dialog invites, takes the flag away (it saved nothing, silently)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.db.models import Person
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.ui.cleaning.case_correction import CaseCorrectionDialog
from desktop_app.ui.records import correction_dialogs
from tests.cleaning.people import TODAY, paper
from tests.importers.sheets import person_row, write_csv
from tests.ui.cleaning_helpers import open_cleaning_screen


def _correct(qtbot, screen, name: str) -> CaseCorrectionDialog:
    row = next(r for r in range(screen.model.rowCount())
               if screen.model.case_at(r).full_name == name)
    screen.table.selectRow(row)
    screen.correct_current()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, CaseCorrectionDialog)
                    and screen.dialog.isVisible())
    return screen.dialog


def _codes(db, pid: str) -> str | None:
    with db.reading() as s:
        return s.get(Person, pid).cleaning_reason


def test_confirming_a_name_without_diacritics_clears_it_and_says_so(qtbot, db, site, boss,
                                                                    monkeypatch, tmp_path):
    """A file cannot be asked, so its import flags the name (a real one: Phan Quang Vinh)."""
    sheet = write_csv(tmp_path / "f.csv", [person_row(1, name="Phan Quang Vinh")])
    drain(import_file(db, sheet, today=TODAY, actor=AT_THIS_LAPTOP))
    with db.reading() as s:
        pid = s.scalar(select(Person.id).where(Person.full_name == "Phan Quang Vinh"))
    assert _codes(db, pid) == "NAME_NO_DIACRITICS"
    asked: list[list[str]] = []
    monkeypatch.setattr(correction_dialogs, "ask_save_anyway",
                        lambda _parent, said: asked.append(said) or True)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        dialog = _correct(qtbot, screen, "Phan Quang Vinh")
        dialog.save_button.click()  # nothing edited: the name is right as it is
        qtbot.waitUntil(lambda: not dialog.isVisible())
        [said] = asked
        assert any("diacritics" in line for line in said), said
        assert _codes(db, pid) is None
        qtbot.waitUntil(lambda: "Phan Quang Vinh" in screen.message.text())
        assert screen.message.text() == ("Phan Quang Vinh's record is saved: nothing left "
                                         "to clean, moved to “Fixed”.")
        assert not errors
    finally:
        screen.ctx.runner.wait_idle()


def test_a_correction_that_leaves_a_problem_names_it_under_the_list(qtbot, db, site, boss):
    pid = paper(db, full_name="Lê Quang Hải", dob="", sex="Nam", id_number="",
                address="Số 15 ngõ 2 đường Văn Cao, Xã Dân Hòa, Thành phố Hà Nội")
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        dialog = _correct(qtbot, screen, "Lê Quang Hải")
        # Wide enough to read the address whole (it opened 352 px wide, its start cut).
        address = dialog.person_form.address
        assert address.fontMetrics().horizontalAdvance(address.text()) < address.width()
        dialog.person_form.dob.set_value(date(1980, 4, 2))
        dialog.save_button.click()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        qtbot.waitUntil(lambda: "Lê Quang Hải" in screen.message.text())
        said = screen.message.text()
        assert said.startswith("Lê Quang Hải's record is saved. Still to clean: ")
        assert "date of birth" not in said.lower()  # that one is put right
        assert _codes(db, pid) == "ID_NUMBER_REQUIRED"
        assert not errors
    finally:
        screen.ctx.runner.wait_idle()
