"""The record window names a person's cleaning problems in words (found by a review): it
showed the stored codes, "Cần làm sạch dữ liệu: DOSE_AGE_OUTSIDE,ID_NUMBER_REQUIRED"."""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.db.models import Dose
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.paper_backfill import record_paper_dose
from tests.ui.desk_helpers import open_area


def test_the_record_window_says_the_cleaning_problems_in_vietnamese(qtbot, db, site):
    out = record_paper_dose(db, {"full_name": "Nguyễn Bảo An", "dob": "01/06/2015",
                                 "sex": "Nam", "product": "COMIRNATY", "dose_number": "1",
                                 "dose_date": "01/06/2022", "facility": "TYT"},
                            actor=AT_THIS_LAPTOP)
    assert out.saved
    ctx, _window, screen = open_area(qtbot, db, "records", lang="vi")
    with db.reading() as s:
        dose_id = s.scalar(select(Dose.id))
    dialog = screen.open_record(dose_id)
    qtbot.waitUntil(lambda: dialog.detail is not None)
    said = dialog.person.text()
    ctx.runner.wait_idle()
    assert "Cần làm sạch dữ liệu" in said
    assert "_REQUIRED" not in said and "DOSE_AGE_OUTSIDE" not in said, said
    assert "Thiếu số giấy tờ" in said or "giấy tờ" in said, said
