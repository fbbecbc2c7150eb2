"""The vaccine typed as a 2021 ledger writes it ("AZ", "Sinopharm", "Pfizer"), on real
widgets over a real database: the paper backfill form and the desk's dose form choose that
vaccine, or none and refuse the save on the Vaccine field; never another vaccine (a plain
combo's prefix search took "Sinopharm" as Spikevax and "AZ" as Abdala)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop_app.db.models import Dose
from desktop_app.services import accounts
from desktop_app.services.actor import Actor, Role
from tests.ui.desk_helpers import make_screen, open_area, press, rows, type_into, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
LEDGER_SPELLINGS = [
    ("Sinopharm", "VEROCELL"), ("Vero", "VEROCELL"), ("vắc xin Vero Cell", "VEROCELL"),
    ("AZ", "VAXZEVRIA"), ("Astra", "VAXZEVRIA"), ("AstraZeneca", "VAXZEVRIA"),
    ("astra zeneca", "VAXZEVRIA"), ("Pfizer", "COMIRNATY"), ("comirnaty", "COMIRNATY"),
    ("Moderna", "SPIKEVAX"), ("SPIKEVAX", "SPIKEVAX"),
]


@pytest.fixture
def volunteer(db, boss) -> Actor:
    account = accounts.add_user(db, "tnv1", "Tình nguyện viên Hoa", "volunteer",
                                "mật khẩu tình nguyện 1", actor=boss)
    return Actor(account.id, account.full_name, Role.VOLUNTEER)


def _paper_form(qtbot, db, volunteer, carried: str):
    ctx, _window, screen = open_area(qtbot, db, "backfill", lang="vi", actor=volunteer)
    screen.tabs.setCurrentIndex(1)
    form = screen.paper_form
    form.product.setCurrentIndex(form.product.findData(carried))  # the last stack's
    return ctx, form


def _type_line(qtbot, form, vaccine: str) -> None:
    """Keyboard only, Enter from field to field; Enter in the last saves."""
    form.full_name.setFocus()
    type_text(qtbot, form.full_name, "Phạm Thị Lan")
    qtbot.keyClick(form.full_name, Qt.Key.Key_Return)
    qtbot.keyClicks(form.dob, "12031985")
    qtbot.keyClick(form.dob, Qt.Key.Key_Return)
    qtbot.keyClicks(form.sex, "f")
    qtbot.keyClick(form.sex, Qt.Key.Key_Return)
    qtbot.keyClicks(form.id_number, "001185012345")
    qtbot.keyClick(form.id_number, Qt.Key.Key_Return)
    qtbot.keyClick(form.phone, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is form.product
    type_text(qtbot, form.product, vaccine)
    qtbot.keyClick(form.product, Qt.Key.Key_Return)
    qtbot.keyClick(form.lot_number, Qt.Key.Key_Return)
    qtbot.keyClick(form.dose_number, Qt.Key.Key_Return)
    qtbot.keyClicks(form.dose_date, "02092021")
    qtbot.keyClick(form.dose_date, Qt.Key.Key_Return)
    qtbot.keyClick(form.facility, Qt.Key.Key_Return)  # saves


@pytest.mark.parametrize(("written", "meant"), LEDGER_SPELLINGS)
def test_paper_form_saves_the_vaccine_as_the_ledger_writes_it(
        qtbot, db, site, volunteer, written, meant):
    # The previous form's vaccine is another: typing must replace it, not leave it.
    ctx, form = _paper_form(qtbot, db, volunteer,
                            "ABDALA" if meant != "ABDALA" else "COMIRNATY")
    _type_line(qtbot, form, written)
    qtbot.waitUntil(lambda: form.result.text() != "")
    ctx.runner.wait_idle()
    with db.reading() as s:
        assert s.scalars(select(Dose.product_code)).all() == [meant], form.result.text()
    assert form.product.currentData() == meant  # and kept for the next paper


@pytest.mark.parametrize("written", ["Sputnak", "Pfizer Moderna", "A"])
def test_paper_form_refuses_a_vaccine_it_cannot_tell_naming_the_field(
        qtbot, db, site, volunteer, written):
    ctx, form = _paper_form(qtbot, db, volunteer, "VEROCELL")
    _type_line(qtbot, form, written)
    qtbot.waitUntil(lambda: form.result.text() != "")
    ctx.runner.wait_idle()
    assert form.product.currentData() is None  # not Vero Cell, not a guess
    assert form.product.currentText() == "" and form.product.placeholderText() == written
    with db.reading() as s:
        assert s.scalars(select(Dose.product_code)).all() == []
    assert form.result.text().startswith("Chưa lưu")
    said = form.problems.labels["product_code"]
    assert said.isVisible() and said.text() == f"Không nhận ra vắc xin “{written}”."
    assert QApplication.focusWidget() is form.product  # where to correct it

    # Typed again as the ledger means it, the same form saves.
    type_text(qtbot, form.product, "Sinopharm")
    assert form.product.currentData() == "VEROCELL" and not said.isVisible()
    press(qtbot, form.product, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: rows(db, "SELECT count(*) FROM dose")[0][0] == 1)
    assert rows(db, "SELECT product_code FROM dose") == [("VEROCELL",)]


def test_a_choice_from_the_list_forgets_what_was_typed(qtbot, db, site, volunteer):
    _ctx, form = _paper_form(qtbot, db, volunteer, "VEROCELL")
    form.product.setFocus()
    type_text(qtbot, form.product, "Xyz")
    assert form.product.code_or_typed() == "Xyz"
    press(qtbot, form.product, Qt.Key.Key_Down)  # the arrows choose from the list
    assert form.product.currentIndex() == 0 and form.product.code_or_typed() == ""
    type_text(qtbot, form.product, "AZ")
    press(qtbot, form.product, Qt.Key.Key_Backspace)  # "A" names no vaccine
    assert form.product.currentData() is None
    type_text(qtbot, form.product, "stra")
    assert form.product.currentData() == "VAXZEVRIA"


def test_the_desk_dose_form_takes_the_vaccine_as_ledgers_write_it(qtbot, db, site):
    """The same combo at the desk: typed by keyboard, then Ctrl+S saves that vaccine."""
    screen = make_screen(qtbot, db)  # the day's vaccine: Comirnaty
    press(qtbot, screen.search.box, Qt.Key.Key_N, CTRL)
    form = screen.person_form
    type_into(qtbot, form.full_name, "Trần Văn Bình")
    type_into(qtbot, form.dob, "03022001")
    type_into(qtbot, form.sex, "nam")
    type_into(qtbot, form.id_number, "001201000123")
    dose = screen.dose_form
    type_into(qtbot, dose.product, "Astra")
    assert dose.product.currentData() == "VAXZEVRIA"
    press(qtbot, dose.product, Qt.Key.Key_Backspace)  # "Astr": none
    label = dose.problems.labels["product_code"]
    assert dose.product.currentData() is None
    assert label.isVisible() and label.text() == "Không nhận ra vắc xin “Astr”."
    press(qtbot, dose.product, Qt.Key.Key_S, CTRL)  # refused: nothing saved, nothing asked
    assert rows(db, "SELECT count(*) FROM dose") == [(0,)]
    assert QApplication.focusWidget() is dose.product
    type_text(qtbot, dose.product, "a")
    assert dose.product.currentData() == "VAXZEVRIA" and not label.isVisible()
    press(qtbot, dose.product, Qt.Key.Key_S, CTRL)
    from tests.ui.desk_helpers import wait_saved
    wait_saved(qtbot, screen, 0, db)
    assert rows(db, "SELECT product_code FROM dose") == [("VAXZEVRIA",)]


def test_the_today_panel_takes_the_vaccine_as_ledgers_write_it(qtbot, db, site):
    screen = make_screen(qtbot, db)
    combo = screen.today.product
    type_into(qtbot, combo, "Sinopharm")
    assert combo.currentData() == "VEROCELL"
    combo.clearFocus()
    type_into(qtbot, combo, "Sputnak")  # entered anew: a new name, not "SinopharmSputnak"
    assert combo.currentData() is None and combo.placeholderText() == "Sputnak"
