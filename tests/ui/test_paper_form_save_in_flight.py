"""A paper form's save waiting for the database (the writer held by an import's chunk, a
backup, a desk save): the volunteer went on typing the next paper, and when the save landed
the form was cleared, the next person's name with it; Enter or Ctrl+S pressed meanwhile went
nowhere. The form being saved is now locked, as the desk's (tests/ui/
test_desk_save_in_flight.py): a key that would save again is answered, and the form opens
for the next paper once the save lands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop_app.db.models import Dose
from desktop_app.ui.backfill import paper_form
from tests.held import held_back
from tests.ui.desk_helpers import open_area, press, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def test_the_form_being_saved_is_locked_and_opens_for_the_next_paper_when_saved(
        qtbot, db, site, monkeypatch):
    gate = held_back(monkeypatch, paper_form, "record_paper_dose")
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    screen.tabs.setCurrentIndex(1)
    form = screen.paper_form
    form.product.setCurrentIndex(form.product.findData("COMIRNATY"))
    form.facility.setText("Trạm Y tế Kim Liên")
    type_text(qtbot, form.full_name, "Nguyễn Văn Hùng")
    qtbot.keyClicks(form.dob, "05091990")
    form.sex.set_value("M")
    type_text(qtbot, form.id_number, "001090012345")
    qtbot.keyClicks(form.dose_date, "01082021")
    qtbot.keyClick(form.facility, Qt.Key.Key_Return)  # saves; the save waits
    # Nothing typed for the next paper is lost: the form takes none until it is saved.
    assert not form.full_name.isEnabled() and not form.save_button.isEnabled()
    press(qtbot, form, Qt.Key.Key_S, CTRL)  # again, meanwhile: answered, not saved twice
    assert form.result.text() == "Lần nhấn Ctrl+S này chưa được thực hiện: hãy chờ lưu xong."
    gate.set()
    qtbot.waitUntil(lambda: form.result.text().startswith("Đã lưu (1"), timeout=20_000)
    ctx.runner.wait_idle()
    assert form.full_name.isEnabled() and form.full_name.text() == ""
    assert form.facility.text() == "Trạm Y tế Kim Liên"  # the stack's, for the next paper
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Dose)) == 1
    type_text(qtbot, form.full_name, "Trần Thị Lan")  # the next paper
    assert form.full_name.text() == "Trần Thị Lan"
