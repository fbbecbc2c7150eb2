"""A person let go after their 30 minutes ("Done: may leave") who comes back with a rash:
the observation list no longer holds them, and the reaction is recorded from the dose's
record in Records ("Reaction after the dose…"), with the day and the hour it began."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.observation import end_observation
from desktop_app.services.screening import ScreeningAnswers
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.observation_panel import ReactionDialog
from desktop_app.ui.records.record_dialog import RecordDialog
from desktop_app.ui.tasks import TaskRunner
from tests.ui.desk_helpers import make_screen, rows, type_into


def test_a_reaction_after_the_person_was_let_go_can_still_be_recorded(qtbot, db, site):
    given = clock.utc_now() - timedelta(minutes=45)
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, clock.local_today(), "Y tá Lan"),
                      person=PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE,
                                         IdType.CCCD, "001188000777"),
                      screening=ScreeningAnswers.of([], Outcome.ELIGIBLE, None), now=given,
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    end_observation(db, out.dose_id, actor=AT_THIS_LAPTOP, now=given + timedelta(minutes=31))

    screen = make_screen(qtbot, db)  # the desk: she is no longer on the observation list
    qtbot.waitUntil(lambda: screen.observation.list.count() == 0
                    and screen.observation.empty.isVisible())
    ctx = AppContext(db, TaskRunner(), "en")
    record = RecordDialog(ctx, out.dose_id)
    qtbot.addWidget(record)
    record.show()
    qtbot.waitUntil(lambda: record.detail is not None)
    assert record.reaction_button.isEnabled()
    record.reaction_button.click()
    dialog = record.findChild(ReactionDialog)
    assert dialog is not None and dialog.isVisible()
    began = clock.local_now().replace(second=0, microsecond=0) - timedelta(minutes=5)
    dialog.onset.setDateTime(QDateTime(QDate(began.year, began.month, began.day),
                                       QTime(began.hour, began.minute)))
    type_into(qtbot, dialog.description, "Nổi mẩn đỏ hai tay")
    type_into(qtbot, dialog.action, "Uống thuốc chống dị ứng")
    dialog.buttons.accepted.emit()
    qtbot.waitUntil(lambda: rows(db, "SELECT description, onset_at FROM dose_reaction") != [])
    [(what, onset)] = rows(db, "SELECT description, onset_at FROM dose_reaction")
    assert what == "Nổi mẩn đỏ hai tay"
    assert datetime.fromisoformat(onset) == clock.local_to_utc(began)
    record.close()
    ctx.runner.wait_idle()
