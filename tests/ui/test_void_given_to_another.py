"""Voiding a dose given to another person, in the record window: the clerk had picked the
wrong citizen at the desk. Ticked, the void takes that visit's screening off the record too,
says so to whoever voided it (and where the right person is screened), and the record's
history tells it. Real widgets over a real database."""

from datetime import date, timedelta

from desktop_app.clock import local_time, local_today, utc_now
from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.screening import record_screening
from desktop_app.ui.context import AppContext
from desktop_app.ui.records import correction_dialogs
from desktop_app.ui.records.records_screen import RecordsScreen
from desktop_app.ui.tasks import TaskRunner
from tests.ui.desk_helpers import rows

PICKED = PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD,
                     "001190000123")


def test_a_dose_given_to_another_person_takes_its_screening_along(qtbot, db, site,
                                                                   monkeypatch):
    first = record_dose(db, DoseInput("COMIRNATY", "FK1290", 1, date(2021, 11, 5), "Y tá Hoa",
                                      source="backfill"), person=PICKED, actor=AT_THIS_LAPTOP)
    screened_at = utc_now() - timedelta(minutes=5)
    record_screening(db, first.person_id, [], Outcome.ELIGIBLE, None, actor=AT_THIS_LAPTOP,
                     now=screened_at)
    wrong = record_dose(db, DoseInput("COMIRNATY", "FK8891", 2, local_today(), "Y tá Lan"),
                        person_id=first.person_id, confirm_warnings=True,
                        actor=AT_THIS_LAPTOP)
    # A message box's exec() waits for a click no test makes: what it would say is kept.
    said = []
    monkeypatch.setattr(correction_dialogs, "show_notice",
                        lambda _parent, title, text: said.append((title, text)))
    ctx = AppContext(db, TaskRunner(), "en")
    screen = RecordsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    dialog = screen.open_record(wrong.dose_id)
    qtbot.waitUntil(lambda: dialog.detail is not None and dialog.void_button.isEnabled())
    dialog.void_button.click()
    void = dialog.child
    assert not void.given_to_another.isChecked()  # another mistake is the usual one
    void.reason.setPlainText("Ghi nhầm người: tiêm cho người trùng tên")
    void.given_to_another.setChecked(True)
    void.void_button.click()
    qtbot.waitUntil(lambda: void.voided)

    assert said == [("Screening taken off the record",
                     f"The screening of {local_time(screened_at)} (Eligible) was taken off "
                     "Trần Thị Mai's record too: those were the answers of whoever was given "
                     "the dose. Record the dose on the right person in “Record doses”, where "
                     "they are screened.")]
    assert rows(db, "SELECT void_reason FROM screening") == [
        ("Ghi nhầm người: tiêm cho người trùng tên",)]
    history = dialog.audit
    qtbot.waitUntil(lambda: any(history.item(r, 2).text() == "Screening taken off the record"
                                for r in range(history.rowCount())))
    dialog.close()
    ctx.runner.wait_idle()
