"""Review 32b: a complaint's "Split the records again" once its merge was split from the
Records window (any merge, now) and the record then merged elsewhere."""

from __future__ import annotations

from datetime import date

from desktop_app.db.models import Person
from desktop_app.rules.identity import IdType, NoIdReason, Sex
from desktop_app.services import complaints
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.merges import merge_people, unmerge_people
from desktop_app.ui import merge_records
from tests.ui.complaint_helpers import choose
from tests.ui.test_complaints_screen import LATE, cases, errors, make_screen  # noqa: F401


def test_a_complaints_split_does_not_undo_a_merge_made_since_elsewhere(
        qtbot, make_screen, cases, db, boss, monkeypatch):  # noqa: F811
    """The complaint merged "again" into Lan; the supervisor split it from Lan's record
    window (Records); later the worklist (or another complaint) merges "again" into a
    third record. The complaint still offers "Split the records again", and it undoes
    the later merge, one the complaint never made, without naming it."""
    complaints.resolve_merge(db, LATE, cases["lan"], cases["again"], actor=boss, note="Gộp")
    unmerge_people(db, cases["again"], actor=boss)  # as the Records window's split does
    third = record_dose(
        db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 8, 1), "Lan"),
        person=PersonInput("Phạm Thị Lan", date(1990, 6, 5), Sex.FEMALE, IdType.NONE, None,
                           NoIdReason.HOMELESS_OR_ITINERANT),
        today=date(2022, 6, 1), actor=boss, confirm_warnings=True)
    assert third.saved, third.problems
    merge_people(db, third.person_id, cases["again"], actor=boss, confirm_differences=True)
    monkeypatch.setattr(merge_records, "confirm", lambda *_a: True)
    screen = make_screen()
    choose(screen, LATE)
    if screen.unmerge_button.isVisible() and screen.unmerge_button.isEnabled():
        screen.unmerge_button.click()
        screen.ctx.runner.wait_idle()
        qtbot.wait(200)
    with db.reading() as s:
        assert s.get(Person, cases["again"]).merged_into == third.person_id, \
            f"the later merge was undone by the complaint: {screen.message.text()}"
