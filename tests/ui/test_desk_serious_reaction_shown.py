"""A serious reaction recorded after dose 1 is in sight when the person comes back for dose
2: on the desk's card, and in the checklist, which opens with the anaphylaxis item ticked
and "refer" its outcome, not "eligible" one Enter away."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.services.screening import ScreeningAnswers
from tests.ui.desk_helpers import make_screen, press, type_into

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_serious_reaction_after_dose_1_is_shown_when_the_person_comes_for_dose_2(
        qtbot, db, site):
    first_day = clock.local_today() - timedelta(days=25)
    given = clock.local_to_utc(datetime.combine(first_day, datetime.min.time())
                               + timedelta(hours=9))
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, first_day, "Y tá Lan"),
                      person=PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE,
                                         IdType.CCCD, "001188000777"),
                      screening=ScreeningAnswers.of([], Outcome.ELIGIBLE, None),
                      today=first_day, now=given, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    _rid, problems = record_reaction(
        db, out.dose_id, ReactionInput("serious", given + timedelta(minutes=8),
                                       "Phản vệ độ II: khó thở, tụt huyết áp",
                                       "Tiêm adrenalin, chuyển bệnh viện huyện"),
        actor=AT_THIS_LAPTOP, now=given + timedelta(minutes=20))
    assert problems == []

    screen = make_screen(qtbot, db)
    type_into(qtbot, screen.search.box, "001188000777")
    qtbot.waitUntil(lambda: screen.search.shown_query == "001188000777")
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None and screen.entry.isVisible())
    press(qtbot, screen.dose_form.lot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: getattr(screen, "screening", None) is not None
                    and screen.screening.isVisible())
    dialog = screen.screening
    assert "Phản vệ độ II" in screen.person_card.text()
    assert dialog.items["ANAPHYLAXIS_PREVIOUS_DOSE"].isChecked()
    assert dialog.outcome.currentData() == "refer"
    assert any("Phản vệ độ II" in label.text() for label in dialog.findChildren(QLabel))
