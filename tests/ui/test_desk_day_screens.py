"""The desk's day through real widgets: screening, the observation countdown, a reaction,
and the call-back list exported to .xlsx and read back."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QLabel

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import reactions
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.observation import Watched, under_observation
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk import observation_panel
from desktop_app.ui.desk.call_back_dialog import CallBackDialog
from desktop_app.ui.desk.observation_panel import ReactionDialog
from desktop_app.ui.desk.screening_dialog import ScreeningDialog
from desktop_app.ui.tasks import TaskRunner
from tests.ui.desk_helpers import (
    accept_screening,
    make_screen,
    press,
    rows,
    screening_of,
    type_into,
    wait_saved,
)


def _person(db, when, number=1, phone="0912345678"):
    return record_dose(db, DoseInput("VAXZEVRIA", "AB1", number, when, "Lan", source="backfill"),
                       person=PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE,
                                          IdType.CCCD, "001188000777", phone=phone),
                       confirm_warnings=True, actor=AT_THIS_LAPTOP).person_id


def test_screening_postpones_observation_counts_down_and_a_reaction_is_kept(qtbot, db, site,
                                                                          monkeypatch):
    _person(db, date.today() - timedelta(days=60))
    screen = make_screen(qtbot, db)
    dialog = screening_of(qtbot, screen, "001188000777")
    assert isinstance(dialog, ScreeningDialog)
    # The outcome and the reason are named by their labels (a screen reader's name for each).
    named = {label.buddy(): label.text() for label in dialog.findChildren(QLabel)
             if label.buddy() is not None}
    assert (named[dialog.outcome], named[dialog.reason]) == ("Outcome", "Reason")
    dialog.items["FEVER"].setChecked(True)
    assert dialog.outcome.currentData() == "postpone"
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "lý do" in dialog.problems.text())
    type_into(qtbot, dialog.reason, "Sốt 38,5")
    dialog.items["FEVER"].setChecked(False)  # re-measured: no fever after all
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("eligible"))
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: rows(db, "SELECT outcome FROM screening") == [("eligible",)])
    # The row is committed on the worker before the dialog hears so on this thread: a save
    # before then would open the checklist again (seen once in CI, under load).
    qtbot.waitUntil(lambda: screen.screened is not None)

    screen.save(confirm_warnings=True)  # another product than dose 1: a warning, confirmed
    wait_saved(qtbot, screen, 1, db, screened=True)  # F2 screened them: not asked again
    panel = screen.observation
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    assert "Hoàng Thị Mai" in panel.list.item(0).text()
    assert "29:" in panel.list.item(0).text() or "30:00" in panel.list.item(0).text()

    reaction = ReactionDialog(screen.ctx, panel.selected(), panel)
    qtbot.addWidget(reaction)
    reaction.severity.setCurrentIndex(1)
    type_into(qtbot, reaction.description, "Chóng mặt")
    type_into(qtbot, reaction.action, "Nằm nghỉ, theo dõi")
    # A reaction cannot begin in the future: an hour ahead, or 23:59 when that hour would
    # wrap past midnight (the box holds a time of today, and QTime wraps round).
    now = QTime.currentTime()
    if now >= QTime(23, 58):
        pytest.skip("no minute of today is left in the future to try")
    ahead = now.addSecs(60 * 60)
    reaction.onset.setTime(ahead if ahead > now else QTime(23, 59))
    reaction.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "tương lai" in reaction.problems.text())
    reaction.onset.setTime(now)
    reaction.buttons.accepted.emit()
    qtbot.waitUntil(lambda: rows(db, "SELECT severity, description FROM dose_reaction") == [
        ("serious", "Chóng mặt")])
    # Minutes remain: "Done" asks first (ending early cannot be undone), "no" keeps them.
    asked = []
    monkeypatch.setattr(observation_panel, "confirm",
                        lambda _p, title, text, yes, no: asked.append(text) or len(asked) > 1)
    panel.done_button.click()
    assert "Hoàng Thị Mai" in asked[0] and "30" in asked[0]
    screen.ctx.runner.wait_idle()
    assert panel.list.count() == 1
    panel.done_button.click()
    qtbot.waitUntil(lambda: panel.list.count() == 0)


def test_the_call_back_list_shows_who_is_due_and_exports_them(qtbot, db, site, tmp_path):
    _person(db, date.today() - timedelta(days=70))  # dose 2 of Vaxzevria overdue (56 days)
    screen = make_screen(qtbot, db)
    screen.call_back_button.click()
    dialog = screen.findChild(CallBackDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    shown = [dialog.model.index(0, c).data() for c in range(dialog.model.columnCount())]
    assert shown[0] == "Hoàng Thị Mai" and shown[2] == "0912345678" and shown[5] == 2
    assert shown[-1] == "Quá hạn"
    # It opens wide enough to read every column (at its bare size hint it showed one name),
    # or, on a screen too narrow for them all (offscreen's is 800 px), as wide as it has room.
    from desktop_app.ui.widgets.screen_fit import FRAME_WIDTH

    room = dialog.screen().availableGeometry().width() - FRAME_WIDTH
    columns = dialog.table.horizontalHeader().length()
    assert columns <= dialog.table.viewport().width() or dialog.width() == room
    out = tmp_path / "goi.xlsx"
    dialog.export(str(out))
    qtbot.waitUntil(out.exists)
    sheet = load_workbook(out).active
    values = list(sheet.values)[3:]  # under the site, the title and the day counted on
    assert values[0][0] == "Họ và tên" and values[1][0] == "Hoàng Thị Mai"
    assert values[1][2] == "0912345678"
    assert sheet.title == "Gọi tiêm mũi tiếp"  # a name of its own, not the title cut short
    assert sheet.cell(5, 2).number_format == "DD/MM/YYYY"  # the birth date: a real date
    # every column as wide as what it holds: the name read whole, not "Hoàng Th"
    assert sheet.column_dimensions["A"].width >= len("Hoàng Thị Mai")
    assert sheet.column_dimensions["D"].width >= len("1 · Vaxzevria")
    # The file is on disk a moment before the export's audit entry is committed.
    qtbot.waitUntil(lambda: rows(
        db, "SELECT count(*) FROM audit_entry WHERE action = 'export'") == [(1,)])


def _child_with_adult_vaccine(qtbot, screen):
    press(qtbot, screen.search.box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = screen.person_form
    type_into(qtbot, form.full_name, "Phạm Minh An")
    type_into(qtbot, form.dob, "01012018")
    form.sex.set_value(Sex.MALE)
    type_into(qtbot, form.id_number, "001218000001")
    press(qtbot, screen.dose_form.vaccinator, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    accept_screening(qtbot, screen)


def test_a_clerk_is_stopped_by_the_age_rule_a_supervisor_overrides_with_a_reason(
        qtbot, db, site, boss, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from desktop_app.services import accounts
    from desktop_app.services.actor import Role

    accounts.add_user(db, "lan", "Y tá Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    screen = make_screen(qtbot, db)  # the day: Comirnaty, 12 and over
    screen.ctx.actor = accounts.login(db, "lan", "mật khẩu 123")
    asked = []
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: (asked.append(a[2]), ("Bác sĩ chỉ định", True))[1])
    _child_with_adult_vaccine(qtbot, screen)
    qtbot.waitUntil(lambda: "12 tuổi trở lên" in
                    screen.dose_form.problems.labels["product_code"].text())
    assert asked == [] and rows(db, "SELECT count(*) FROM dose") == [(0,)]

    screen.ctx.actor = boss
    press(qtbot, screen.dose_form.vaccinator, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_saved(qtbot, screen, 0, db, screened=True)
    assert "12 tuổi trở lên" in asked[0]
    [(details,)] = rows(db, "SELECT details FROM audit_entry WHERE entity = 'dose'")
    assert '"age_override": "Bác sĩ chỉ định"' in details


def test_a_reactions_onset_is_read_from_the_apps_clock_in_local_time(qtbot, db, in_vietnam,
                                                                     monkeypatch):
    # 17:30 UTC on 1 Dec is 00:30 on 2 Dec in Vietnam: the day and the hour must both be
    # Vietnam's, from the one clock (Qt's own clock cannot be set by the app or a test).
    monkeypatch.setattr(clock, "utc_now", lambda: datetime(2026, 12, 1, 17, 30))
    watched = Watched("d1", "p1", "Hoàng Thị Mai", "COMIRNATY", 1, datetime(2026, 12, 1, 17, 5))
    dialog = ReactionDialog(AppContext(db, TaskRunner(), "vi"), watched)
    qtbot.addWidget(dialog)
    assert dialog.onset.time() == QTime(0, 30)
    assert dialog.value().onset_at == datetime(2026, 12, 1, 17, 30)  # stored as UTC
    dialog.onset.setTime(QTime(0, 10))
    assert dialog.value().onset_at == datetime(2026, 12, 1, 17, 10)


def test_a_reaction_that_began_at_2355_is_saved_at_0010(qtbot, db, site, in_vietnam,
                                                        monkeypatch):
    """At 00:10 the clerk types 23:55 for the dizziness of a person vaccinated at 23:50: the
    reaction is saved (on the day before), not refused as beginning in the future."""
    out = record_dose(db, DoseInput("COMIRNATY", "FK1290", 1, date(2026, 12, 1), "Y tá Hoa"),
                      person=PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE,
                                         IdType.CCCD, "001190000123"),
                      today=date(2026, 12, 1), now=datetime(2026, 12, 1, 16, 50),  # 23:50
                      actor=AT_THIS_LAPTOP)
    at_0010 = datetime(2026, 12, 1, 17, 10)  # UTC: 00:10 on 2 Dec in Vietnam
    monkeypatch.setattr(clock, "utc_now", lambda: at_0010)
    monkeypatch.setattr(reactions, "utc_now", lambda: at_0010)
    [watched] = under_observation(db, date(2026, 12, 2))
    dialog = ReactionDialog(AppContext(db, TaskRunner(), "vi"), watched)
    qtbot.addWidget(dialog)
    dialog.onset.setTime(QTime(23, 55))
    type_into(qtbot, dialog.description, "Chóng mặt")
    type_into(qtbot, dialog.action, "Nằm nghỉ")
    dialog.buttons.accepted.emit()
    dialog.ctx.runner.wait_idle()
    qtbot.waitUntil(lambda: rows(db, "SELECT count(*) FROM dose_reaction") == [(1,)])
    assert dialog.problems.text() == ""
    assert rows(db, "SELECT description, onset_at FROM dose_reaction WHERE dose_id = :d",
                d=out.dose_id) == [("Chóng mặt", "2026-12-01 16:55:00.000000")]
