"""The desk's daily tally through the real main window, in Vietnamese: chosen, it is today's
(not the last 30 days of the other reports); a reaction or a postponement recorded at the
desk after it was shown is in it when the clerk comes back to it, no F5 needed.

A reviewer found the tally opened on 30 days (yesterday's and last week's doses in "today's"
figures) and still read "Phản ứng thông thường: 0" after a reaction had been recorded."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.desk.observation_panel import ReactionDialog
from desktop_app.ui.reports.reports_screen import DEFAULT_DAYS
from tests.ui.desk_helpers import open_area, press, rows, type_into

CTRL = Qt.KeyboardModifier.ControlModifier


def dose_on(db, day, name, number, *, source="desk", dose_number=1):
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", dose_number, day, "Y tá Lan",
                                    source=source),
                      person=PersonInput(name, date(1980, 1, 1), Sex.MALE, IdType.CCCD, number),
                      confirm_warnings=True, actor=AT_THIS_LAPTOP, today=day)
    assert out.saved, out.problems
    return out.person_id


def settle(qtbot, ctx):
    ctx.runner.wait_idle()
    qtbot.wait(50)
    ctx.runner.wait_idle()


def tally(screen) -> dict[str, str]:
    model = screen.model
    return {model.index(r, 0).data(): model.index(r, 1).data() for r in range(model.rowCount())}


def choose_tally(qtbot, ctx, screen):
    screen.chooser.setFocus()
    screen.chooser.setCurrentIndex(screen.chooser.findData("desk_day"))
    settle(qtbot, ctx)
    qtbot.waitUntil(lambda: not screen.loading and screen.report.key == "desk_day")


def test_the_tally_is_todays_and_the_other_reports_keep_their_period(qtbot, db, site):
    today = clock.local_today()
    for i, back in enumerate((5, 1, 0)):
        dose_on(db, today - timedelta(days=back), f"Người Thứ {'ABC'[i]}", f"00108000000{i}")
    ctx, window, screen = open_area(qtbot, db, "reports", lang="vi")
    settle(qtbot, ctx)
    before = screen.period()
    assert (before[1] - before[0]).days == DEFAULT_DAYS - 1

    choose_tally(qtbot, ctx, screen)
    assert screen.period() == (today, today)
    assert (screen.report.start, screen.report.end) == (today, today)
    assert tally(screen)["Mũi 1 · Comirnaty (Pfizer-BioNTech)"] == "1"  # not 3

    screen.chooser.setCurrentIndex(screen.chooser.findData("doses"))
    qtbot.waitUntil(lambda: not screen.loading and screen.report.key == "doses")
    assert screen.period() == before  # the 30 days the tally replaced


def test_a_tally_left_open_overnight_is_the_new_days_when_the_clerk_comes_back(
        qtbot, db, site, monkeypatch):
    ctx, window, screen = open_area(qtbot, db, "reports", lang="vi")
    choose_tally(qtbot, ctx, screen)
    today = clock.local_today()
    assert screen.period() == (today, today)
    press(qtbot, window, Qt.Key.Key_1, CTRL)  # to the desk for the evening
    later = clock.utc_now() + timedelta(days=1)
    monkeypatch.setattr(clock, "utc_now", lambda: later)
    press(qtbot, window, Qt.Key.Key_8, CTRL)  # the next morning
    tomorrow = today + timedelta(days=1)
    qtbot.waitUntil(lambda: not screen.loading and screen.report.end == tomorrow)
    assert screen.period() == (tomorrow, tomorrow)


def test_reactions_and_postponements_recorded_after_the_tally_are_in_it(qtbot, db, site):
    today = clock.local_today()
    dose_on(db, today, "Hoàng Văn Nam", "001080000001")  # under observation at the desk
    dose_on(db, today - timedelta(days=60), "Đỗ Văn Quang", "001080000111",
            source="backfill")  # returns today for dose 2
    ctx, window, reports = open_area(qtbot, db, "reports", lang="vi")
    choose_tally(qtbot, ctx, reports)
    assert tally(reports)["Phản ứng thông thường"] == "0"
    assert tally(reports)["Hoãn tiêm"] == "0"

    # Ctrl+1: a reaction for the one under observation.
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    desk = window.areas["record"]
    panel = desk.observation
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    panel.list.setCurrentRow(0)
    panel.reaction_button.click()
    dialog = window.findChild(ReactionDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    type_into(qtbot, dialog.description, "Chóng mặt")
    type_into(qtbot, dialog.action, "Nằm nghỉ")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: rows(db, "SELECT severity FROM dose_reaction") == [("mild",)])
    # The row is written by a worker before the dialog closes; a modal dialog still up
    # would swallow the Ctrl+8 below.
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.activateWindow()  # the dialog closed (offscreen, no window manager gives it back)
    qtbot.waitUntil(window.isActiveWindow)

    press(qtbot, window, Qt.Key.Key_8, CTRL)
    assert window.stack.currentWidget() is reports
    qtbot.waitUntil(lambda: tally(reports).get("Phản ứng thông thường") == "1", timeout=10_000)

    # Ctrl+1 again: the returning one is postponed with F2 (a screening, no dose).
    press(qtbot, window, Qt.Key.Key_1, CTRL)
    assert window.stack.currentWidget() is desk
    type_into(qtbot, desk.search.box, "001080000111")
    qtbot.waitUntil(lambda: desk.search.shown_query == "001080000111")
    press(qtbot, desk.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.person is not None)
    press(qtbot, desk.dose_form.lot, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: getattr(desk, "screening", None) is not None
                    and desk.screening.isVisible())
    desk.screening.items["FEVER"].setChecked(True)
    type_into(qtbot, desk.screening.reason, "Sốt 38,5 độ")
    press(qtbot, desk.screening.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: rows(db, "SELECT outcome FROM screening") == [("postpone",)])
    qtbot.waitUntil(lambda: not desk.screening.isVisible())  # as for the reaction above
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    press(qtbot, window, Qt.Key.Key_8, CTRL)
    assert window.stack.currentWidget() is reports
    qtbot.waitUntil(lambda: tally(reports).get("Hoãn tiêm") == "1", timeout=10_000)
    assert tally(reports)["Phản ứng thông thường"] == "1"


@pytest.mark.parametrize("what", ["reactions", "screening"])
def test_the_tally_on_screen_follows_the_desks_changes_at_once(qtbot, db, site, what):
    ctx, window, reports = open_area(qtbot, db, "reports", lang="vi")
    choose_tally(qtbot, ctx, reports)
    shown = reports.report
    ctx.data_changed.emit(what)  # e.g. the observation panel beside, on a second screen
    qtbot.waitUntil(lambda: reports.report is not shown and not reports.loading)
