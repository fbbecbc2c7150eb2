"""The reaction of a dose recorded on the wrong person, in the record window: voiding it as
given to another person says the reaction is to move, and once the right person's dose is
recorded, "Move reactions…" on the voided dose lists the doses of that vaccine and day and
moves it there (a supervisor's; a clerk sees the button greyed, told why). Real widgets
over a real database."""

from datetime import date, timedelta

from desktop_app.clock import local_today, utc_now
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, Role
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.ui.context import AppContext
from desktop_app.ui.records import correction_dialogs
from desktop_app.ui.records.reaction_move_dialog import ReactionMoveDialog
from desktop_app.ui.records.record_dialog import RecordDialog
from desktop_app.ui.tasks import TaskRunner
from tests.ui.desk_helpers import rows

PICKED = PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD,
                     "001190000123")
THERE = PersonInput("Trần Thị Mai", date(1992, 7, 9), Sex.FEMALE, IdType.CCCD,
                    "001192000456")


def given(db, who: PersonInput) -> str:
    out = record_dose(db, DoseInput("COMIRNATY", "FK8891", 1, local_today(), "Y tá Lan"),
                      person=who, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.dose_id


def test_the_reaction_of_the_wrong_record_moves_to_the_right_one(qtbot, db, site,
                                                                  monkeypatch):
    wrong = given(db, PICKED)
    assert record_reaction(db, wrong, ReactionInput(
        "serious", utc_now().replace(microsecond=0), "Khó thở", "Adrenalin"),
        actor=AT_THIS_LAPTOP)[1] == []
    said = []  # a message box's exec() waits for a click no test makes
    monkeypatch.setattr(correction_dialogs, "show_notice",
                        lambda _parent, title, text: said.append((title, text)))
    ctx = AppContext(db, TaskRunner(), "en")
    record = RecordDialog(ctx, wrong)
    qtbot.addWidget(record)
    record.show()
    qtbot.waitUntil(lambda: record.detail is not None and record.void_button.isEnabled())
    assert record.move_reactions_button.isHidden()  # an active dose keeps its reactions
    record.void_button.click()
    void = record.child
    void.reason.setPlainText("Ghi nhầm người: tiêm cho chị Mai sinh 1992")
    void.given_to_another.setChecked(True)
    void.void_button.click()
    qtbot.waitUntil(lambda: void.voided)
    assert ("Reactions to move", "This dose has 1 reaction recorded. They belong to the "
            "person who was given it: once their dose is recorded, open this voided dose in "
            "Records and choose “Move reactions…”, so that their screening before the next "
            "dose sees them.") in said

    right = given(db, THERE)
    record.reload()
    qtbot.waitUntil(lambda: record.move_reactions_button.isEnabled())
    assert record.move_reactions_button.isVisible()
    record.move_reactions_button.click()
    move = record.child
    assert isinstance(move, ReactionMoveDialog)
    qtbot.waitUntil(lambda: move.targets.count() == 1)
    assert "001192000456" in move.targets.item(0).text()
    assert not move.move_button.isEnabled()  # nothing picked: nothing moves
    move.targets.setCurrentRow(0)
    move.move_button.click()
    qtbot.waitUntil(lambda: move.moved == 1)
    assert rows(db, "SELECT dose_id FROM dose_reaction") == [(right,)]
    qtbot.waitUntil(lambda: record.move_reactions_button.isHidden())  # none left to move
    record.close()
    ctx.runner.wait_idle()


def test_a_dose_voided_for_another_reason_offers_only_its_persons_dose(qtbot, db, site,
                                                                       monkeypatch):
    """Voided for a wrong lot, not as given to another person: the void says the reactions
    are still the person's, and the window offers their dose recorded again, never the other
    people of that day (review of 8 Dec)."""
    wrong_lot = given(db, PICKED)
    assert record_reaction(db, wrong_lot, ReactionInput(
        "serious", utc_now().replace(microsecond=0), "Khó thở", "Adrenalin"),
        actor=AT_THIS_LAPTOP)[1] == []
    given(db, THERE)  # another Mai, vaccinated the same day: no target for these
    said = []
    monkeypatch.setattr(correction_dialogs, "show_notice",
                        lambda _parent, title, text: said.append((title, text)))
    ctx = AppContext(db, TaskRunner(), "en")
    record = RecordDialog(ctx, wrong_lot)
    qtbot.addWidget(record)
    record.show()
    qtbot.waitUntil(lambda: record.detail is not None and record.void_button.isEnabled())
    record.void_button.click()
    void = record.child
    void.reason.setPlainText("Nhập sai số lô, đã ghi lại")
    void.void_button.click()
    qtbot.waitUntil(lambda: void.voided)
    assert [t for t, _x in said] == ["Reactions to move"]
    assert "They are still this person's" in said[0][1]
    again = record_dose(db, DoseInput("COMIRNATY", "FK8892", 2, local_today(), "Y tá Lan"),
                        person_id=rows(db, "SELECT person_id FROM dose WHERE id = :d",
                                       d=wrong_lot)[0][0],
                        confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert again.saved, again.problems
    record.reload()
    qtbot.waitUntil(lambda: record.move_reactions_button.isEnabled())
    record.move_reactions_button.click()
    move = record.child
    qtbot.waitUntil(lambda: move.targets.count() == 1)
    assert "001190000123" in move.targets.item(0).text()  # hers, not the other Mai's
    assert "still this person's" in move.explain.text()
    record.close()
    ctx.runner.wait_idle()


def test_a_clerk_sees_why_the_reactions_do_not_move(qtbot, db, site):
    from desktop_app.services.doses import void_dose

    wrong = given(db, PICKED)
    record_reaction(db, wrong, ReactionInput("mild", utc_now().replace(microsecond=0)
                                             - timedelta(seconds=5), "Sốt", "Hạ sốt"),
                    actor=AT_THIS_LAPTOP)
    void_dose(db, wrong, "Ghi nhầm người", actor=AT_THIS_LAPTOP, given_to_another=True)
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = Actor(AT_THIS_LAPTOP.user_id, "Thư ký", Role.CLERK)
    record = RecordDialog(ctx, wrong)
    qtbot.addWidget(record)
    record.show()
    qtbot.waitUntil(lambda: record.detail is not None)
    assert record.move_reactions_button.isVisible()
    assert not record.move_reactions_button.isEnabled()
    assert record.move_reactions_button.toolTip() == "Only a supervisor moves reactions."
    record.close()
    ctx.runner.wait_idle()
