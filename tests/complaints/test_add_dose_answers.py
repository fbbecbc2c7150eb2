"""Whether adding the dose a complaint names truly answers it (review "comprev"): the
same dose already recorded, or none; real database, real widgets for the desk."""

from __future__ import annotations

from desktop_app.services import complaints
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, paper
from tests.complaints.people import CODE, arrived
from tests.ui.complaint_helpers import complaints_screens, open_add_dose, save_dose


def test_a_dose_on_record_under_another_date_does_not_close_the_complaint_as_added(
        qtbot, db, site, boss):
    """The citizen: "dose 2, 07/10/2021, Pfizer, is missing". Her record holds a dose 2 of
    another date (07/12/2021). The supervisor opens "Bổ sung mũi tiêm" (prefilled with dose
    2 of 07/10/2021), picks the vaccine and accepts the proposed note "Đã bổ sung mũi 2 tiêm
    ngày 07/10/2021." The paper form itself refuses the row, but any dose of that number
    was taken as "already there" and the complaint closed: the citizen read that dose 2 of
    07/10/2021 was added, the record still said 07/12/2021, the form's warning never shown.
    Only the same dose (its date too) answers the complaint as "already recorded";
    otherwise the form's refusal stands and the complaint stays open."""
    paper(db)
    paper(db, dose_number="2", dose_date="07/12/2021")
    arrived(db, GOOD_ID)  # dose 2 of 07/10/2021 missing
    with complaints_screens(qtbot, db, boss) as open_screen:
        screen = open_screen(lang="vi")
        form = open_add_dose(qtbot, screen, CODE)
        assert (form.dose_number.text(), form.dose_date.typed()) == ("2", "07/10/2021")
        save_dose(qtbot, form, "COMIRNATY")
        note = form.note_dialog.value()
        form.note_dialog.ok_button.click()
        qtbot.waitUntil(lambda: bool(not screen.dialog.isVisible() or form.result.text()),
                        timeout=5000)
        screen.ctx.runner.wait_idle()
        said = form.result.text()
    item = complaints.complaint(db, CODE)
    assert item.action != wire.ADD_DOSE, (
        f"closed as '{note}' while the record's dose 2 is of 07/12/2021: {item.status}")
    assert item.is_open() and "07/12/2021" in said, said
