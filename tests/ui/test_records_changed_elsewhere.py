"""The Records window while the same dose is changed elsewhere: another supervisor's window,
a complaint's correction, a sync round taking the platform's copy. What is open says what is
stored, and a change made from it never undoes one it did not see."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text as sql

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.records import correct_dose
from desktop_app.ui.context import AppContext
from desktop_app.ui.records.record_dialog import RecordDialog
from desktop_app.ui.records.records_screen import RecordsScreen
from desktop_app.ui.tasks import TaskRunner
from tests.ui.desk_helpers import rows

TODAY = date.today()


@pytest.fixture
def dose(db, site):
    return a_dose(db)


def a_dose(db):
    """One dose of three days ago, its person Lê Văn Tám."""
    out = record_dose(db, DoseInput("VAXZEVRIA", "AB123", 1, TODAY - timedelta(days=3),
                                    "Y tá Lan"),
                      person=PersonInput("Lê Văn Tám", date(1990, 5, 1), Sex.MALE,
                                         IdType.CCCD, "001090000101"),
                      confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out


def record_window(qtbot, db, dose_id):
    ctx = AppContext(db, TaskRunner(), "en")
    dialog = RecordDialog(ctx, dose_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.correct_dose_button.isEnabled())
    return ctx, dialog


def test_a_dose_correction_keeps_a_correction_saved_since_it_opened(qtbot, db, dose, boss):
    """Window A opens "Correct the dose"; meanwhile another supervisor corrects the lot. A
    then fixes only the vaccinator: the record shows the other's lot and A's vaccinator,
    where A's save used to write the old lot back (audited under A, sent to the platform)."""
    ctx, dialog = record_window(qtbot, db, dose.dose_id)
    dialog.correct_dose_button.click()
    fix = dialog.child
    other = correct_dose(db, dose.dose_id, {"lot_number": "XY999"}, actor=boss,
                         confirm_warnings=True)
    assert other.saved, other.problems
    fix.dose_form.vaccinator.setText("Y tá Hoa")  # the only field A edits
    fix.save_button.click()
    qtbot.waitUntil(lambda: fix.outcome is not None and fix.outcome.saved)
    assert fix.outcome.changed.keys() == {"vaccinator"}
    assert rows(db, "SELECT lot_number, vaccinator FROM dose WHERE id = :i",
                i=dose.dose_id) == [("XY999", "Y tá Hoa")]
    dialog.close()
    ctx.runner.wait_idle()


@pytest.mark.parametrize("shown", [True, False], ids=["on-screen", "shown-after"])
def test_the_records_list_follows_a_sync_round(qtbot, db, dose, shown):
    """The list shows each dose's sync state. After a sync round (data_changed("sync")) the
    doses sent read Synced, at once on screen or when the area is next shown; they kept
    reading Waiting, and the Waiting filter kept listing them."""
    ctx = AppContext(db, TaskRunner(), "en")
    screen = RecordsScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1100, 600)
    screen.show()
    screen.all.setChecked(True)
    screen.activate()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1 and screen.total == 1,
                    timeout=20_000)
    assert screen.model.row_at(0).sync_state == "pending"
    if not shown:
        screen.hide()
    with db.transaction() as s:  # what a sync round leaves behind
        s.execute(sql("UPDATE sync_record SET state = 'synced'"))
    ctx.data_changed.emit("sync")
    if not shown:
        screen.show()
        screen.activate()
    qtbot.waitUntil(lambda: screen.model.rowCount() == 1
                    and screen.model.row_at(0).sync_state == "synced", timeout=20_000)
    ctx.runner.wait_idle()


def _void_as_a_sync_does(db, dose_id):
    """What sync/inbox.py's _take_server_copy does with a dose voided at the platform."""
    from desktop_app.clock import utc_now
    from desktop_app.db import store
    from desktop_app.db.models import Dose

    with db.transaction() as s:
        store.void_dose(s, s.get(Dose, dose_id), "central", now=utc_now())


def test_an_open_record_window_follows_a_void_the_sync_brought(qtbot, db, dose):
    """The record window is open when a sync round takes the platform's copy of the dose,
    voided there (entered in error at the province). The window now reads Voided with Void
    and Correct disabled; it kept showing Active, both buttons enabled."""
    ctx, dialog = record_window(qtbot, db, dose.dose_id)
    assert dialog.detail.dose.status == "active"
    _void_as_a_sync_does(db, dose.dose_id)
    ctx.data_changed.emit("sync")  # the controller's word after the round
    qtbot.waitUntil(lambda: dialog.detail.dose.status == "voided", timeout=20_000)
    assert not dialog.void_button.isEnabled() and not dialog.correct_dose_button.isEnabled()
    dialog.close()
    ctx.runner.wait_idle()


def test_a_correction_being_typed_is_not_reloaded_under_the_user(qtbot, db, dose,
                                                                 monkeypatch):
    """A sync round ends while "Correct the dose" is open over the record: the form stays
    as typed; the record behind it reloads once that dialog is closed."""
    ctx, dialog = record_window(qtbot, db, dose.dose_id)
    dialog.correct_dose_button.click()
    fix = dialog.child
    fix.dose_form.vaccinator.setText("Y tá Hoa")
    before = dialog.detail
    _void_as_a_sync_does(db, dose.dose_id)
    ctx.data_changed.emit("sync")
    qtbot.wait(300)
    ctx.runner.wait_idle()
    qtbot.wait(100)
    assert dialog.detail is before and fix.dose_form.vaccinator.text() == "Y tá Hoa"
    from desktop_app.ui import dialogs

    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)  # "Discard what was typed?"
    fix.reject()
    qtbot.waitUntil(lambda: dialog.detail.dose.status == "voided", timeout=20_000)
    dialog.close()
    ctx.runner.wait_idle()


def test_voiding_a_dose_voided_elsewhere_says_so_in_the_void_dialog(qtbot, db, dose, boss):
    """Two supervisors void the same dose from two windows with different reasons. The
    second's Void dialog stays open and says the dose was already voided, and why; it
    closed as if its own reason had been recorded, when that reason was dropped."""
    ctx, dialog = record_window(qtbot, db, dose.dose_id)
    dialog.void_button.click()
    void = dialog.child
    void_dose(db, dose.dose_id, "Nhập nhầm người", actor=boss)  # the other window
    void.reason.setPlainText("Sai số lô")
    void.void_button.click()
    qtbot.waitUntil(lambda: void.problem.isVisible(), timeout=20_000)
    assert "already voided" in void.problem.text() and "Nhập nhầm người" in void.problem.text()
    assert void.isVisible() and not void.voided and not void.void_button.isEnabled()
    assert rows(db, "SELECT void_reason FROM dose WHERE id = :i", i=dose.dose_id) == [
        ("Nhập nhầm người",)]
    void.reject()  # the record behind now shows the void that stands
    qtbot.waitUntil(lambda: dialog.detail.dose.status == "voided", timeout=20_000)
    dialog.close()
    ctx.runner.wait_idle()
