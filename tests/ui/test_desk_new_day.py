"""The day's vaccine, lot and vaccinator at the desk follow the day and the Today panel.

Left open overnight (a laptop asleep or locked), the desk recorded the morning's doses on
yesterday's lot and still said "Today: … lot …"; a new box's lot set in the Today panel was
not used for the person already open. Either way the lot trace (recalls, adverse events)
went wrong without a word."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.ui.desk_helpers import (
    accept_screening,
    make_screen,
    press,
    rows,
    type_into,
    type_text,
    wait_saved,
)

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def yesterday(monkeypatch):
    """The clock a day back; ``yesterday()`` (called) lets the night pass, the app open."""
    real = clock.utc_now
    monkeypatch.setattr(clock, "utc_now", lambda: real() - timedelta(days=1))
    return lambda: monkeypatch.setattr(clock, "utc_now", real)


def _mai(db):
    record_dose(db, DoseInput("COMIRNATY", "FK1", 1, clock.local_today() - timedelta(days=60),
                              "Lan", source="backfill"),
                person=PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE,
                                   IdType.CCCD, "001188000777"),
                confirm_warnings=True, actor=AT_THIS_LAPTOP)


def _open_mai(qtbot, screen):
    type_into(qtbot, screen.search.box, "001188000777")
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible())


def _desk_doses(db):
    return rows(db, "SELECT dose_number, dose_date, lot_number FROM dose "
                    "WHERE source = 'desk'")


def _set_today(qtbot, screen, lot, vaccinator=None):
    """In the Today panel: a new box's lot (and its expiry), then Set for today."""
    today = screen.today
    today.lot.setFocus()
    today.lot.lineEdit().selectAll()
    type_text(qtbot, today.lot.lineEdit(), lot)
    type_into(qtbot, today.expiry, "31122099")
    if vaccinator is not None:
        today.vaccinator.selectAll()
        type_into(qtbot, today.vaccinator, vaccinator)
    press(qtbot, today.apply_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: screen.defaults.lot_number == lot)


def test_the_morning_after_the_first_pick_asks_for_todays_lot(qtbot, db, site, yesterday):
    _mai(db)
    screen = make_screen(qtbot, db)  # set yesterday: COMIRNATY, FK1234, Y tá Lan
    assert "lot FK1234" in screen.today.summary.text()
    yesterday()  # the night passes with the desk open
    _open_mai(qtbot, screen)
    form = screen.dose_form
    assert form.lot.text() == ""  # never yesterday's lot, even before today's are read
    qtbot.waitUntil(lambda: screen.defaults.day is None)  # today's, read again: no lot yet
    assert "Not set for today" in screen.today.summary.text()
    assert (form.product.currentData(), form.vaccinator.text()) == ("COMIRNATY", "Y tá Lan")
    assert form.dose_date.value() == clock.local_today()

    press(qtbot, form.lot, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: "Not saved" in screen.message.text())
    assert form.problems.labels["lot_number"].isVisible()
    assert _desk_doses(db) == []  # not on yesterday's lot, not on none

    _set_today(qtbot, screen, "GH7777")
    assert form.lot.text() == "GH7777"  # the open form takes today's lot
    press(qtbot, form.dose_number, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 1, db, screened=True)
    assert _desk_doses(db) == [(2, clock.local_today().isoformat(), "GH7777")]


def test_a_form_left_open_overnight_is_not_saved_on_yesterdays_lot(
        qtbot, db, site, yesterday):
    _mai(db)
    screen = make_screen(qtbot, db)
    _open_mai(qtbot, screen)  # opened last night, with last night's lot and date
    form = screen.dose_form
    assert form.lot.text() == "FK1234"
    yesterday()
    press(qtbot, form.lot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: "A new day has begun" in screen.message.text())
    assert _desk_doses(db) == []
    assert form.lot.text() == "" and form.dose_date.value() == clock.local_today()
    assert "Not set for today" in screen.today.summary.text()
    assert not hasattr(screen, "screening")  # not asked to screen before that


def test_the_login_after_the_lock_turns_the_today_panel_red(qtbot, db, site, yesterday):
    screen = make_screen(qtbot, db)
    assert "lot FK1234" in screen.today.summary.text()
    yesterday()
    screen.ctx.data_changed.emit("actor")  # what the lock's login says once passed
    qtbot.waitUntil(lambda: screen.defaults.day is None)
    assert screen.defaults.lot_number is None
    assert "Not set for today" in screen.today.summary.text()


def test_a_new_lot_set_for_today_is_used_for_the_person_open(qtbot, db, site):
    _mai(db)
    screen = make_screen(qtbot, db)  # today: FK1234
    _open_mai(qtbot, screen)
    form = screen.dose_form
    assert form.lot.text() == "FK1234"
    _set_today(qtbot, screen, "GH7777")  # the vial ran out: a new box
    assert "GH7777" in screen.today.summary.text()
    assert form.lot.text() == "GH7777"
    press(qtbot, form.dose_number, Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 1, db)
    assert _desk_doses(db) == [(2, clock.local_today().isoformat(), "GH7777")]


def test_what_the_clerk_chose_for_the_person_open_stays(qtbot, db, site):
    _mai(db)
    screen = make_screen(qtbot, db)
    _open_mai(qtbot, screen)
    form = screen.dose_form
    form.lot.selectAll()
    type_into(qtbot, form.lot, "PD-1")  # this person's own vial
    _set_today(qtbot, screen, "GH7777", vaccinator="Y tá Hoa")
    assert form.lot.text() == "PD-1"  # chosen for her: kept
    assert form.vaccinator.text() == "Y tá Hoa"  # still the day's: follows
