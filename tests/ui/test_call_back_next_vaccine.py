"""The desk's call-back list shows the vaccine each next dose is to be (kidrev): a boy
given Comirnaty 5-11 at 11, 12 since, reads Comirnaty (12+), which the caller books him
for, not the orange-cap vial the children's session would refuse him."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from desktop_app.clock import local_today
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.desk.call_back_dialog import CallBackDialog
from tests.ui.desk_helpers import make_screen


def test_the_dialog_shows_the_next_doses_vaccine(qtbot, db, site):
    today = local_today()
    dob = today - timedelta(days=365 * 12 + 10)  # turned 12 about a week ago
    given = today - timedelta(days=25)  # at 11; dose 2 possible from day 21
    out = record_dose(db, DoseInput("COMIRNATY_PAED", "PD1", 1, given, "Y tá Lan",
                                    source="backfill"),
                      person=PersonInput("Trần Văn Bình", dob, Sex.MALE, IdType.CCCD,
                                         f"0012{dob.year % 100:02d}012345",
                                         phone="0912345678"),
                      confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    screen = make_screen(qtbot, db)
    screen.call_back_button.click()
    dialog = screen.findChild(CallBackDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    model = dialog.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in
               range(model.columnCount())]
    shown = dict(zip(headers, (model.index(0, c).data() for c in range(len(headers))),
                     strict=True))
    assert shown["Mũi gần nhất"] == "1 · Comirnaty 5-11 tuổi (Pfizer-BioNTech, nắp cam)"
    assert shown["Vắc xin mũi tiếp theo"] == "Comirnaty (Pfizer-BioNTech)"
    assert not dialog.table.isColumnHidden(headers.index("Vắc xin mũi tiếp theo"))
