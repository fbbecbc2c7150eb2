"""What the police answered for a row that could not be applied stays where the supervisor
works: in the correction dialog the list opens (it was only the status cell's tooltip),
and through the case's next step, contacting the citizen (it vanished at once, and a case
cannot go back to "returned"). A data officer's review; real widgets and database."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt

from desktop_app.services import cleaning, police_apply, police_returned
from desktop_app.services.police_export import export_for_police
from desktop_app.ui.cleaning.case_correction import CaseCorrectionDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner
from tests.cleaning.people import TODAY, paper
from tests.ui.cleaning_helpers import open_cleaning_screen
from tests.ui.merge_helpers import choose_case

POLICE_DOB = "02/02/1962"


def _returned_with_note(db, boss, tmp_path):  # noqa: ANN001, ANN202
    lan = paper(db, dob="")  # her CCCD says 1985: the police's 1962 is refused by the rules
    out = tmp_path / "xac-minh.xlsx"
    export_for_police(db, out, actor=boss)
    book = openpyxl.load_workbook(out)
    row = book.active[2]
    row[11].value, row[14].value = POLICE_DOB, "sai thông tin"
    book.save(tmp_path / "tra-ve.xlsx")
    returned = police_returned.read_returned(db, tmp_path / "tra-ve.xlsx", today=TODAY)
    police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    return lan


def test_the_correction_dialog_shows_the_polices_answer(qtbot, db, site, boss, tmp_path):
    lan = _returned_with_note(db, boss, tmp_path)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    qtbot.waitUntil(lambda: screen.model.police_said(lan) is not None)
    choose_case(screen, lan)
    screen.correct_current()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, CaseCorrectionDialog))
    shown = screen.dialog.open_problems.text()
    screen.dialog.grab().save(str(tmp_path / "correction-of-returned.png"))
    screen.dialog.reject()
    screen.ctx.runner.wait_idle()
    assert "The police's answer:" in shown and POLICE_DOB in shown, shown
    assert errors == []


def test_contacting_the_citizen_keeps_the_polices_answer(qtbot, db, site, boss, tmp_path):
    lan = _returned_with_note(db, boss, tmp_path)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    choose_case(screen, lan)
    qtbot.keyClick(screen.table, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # contacted
    qtbot.waitUntil(lambda: "1" in screen.message.text())
    screen.ctx.runner.wait_idle()
    assert [c.person_id for c in cleaning.worklist(db, status="contacted").cases] == [lan]
    assert POLICE_DOB in police_apply.police_notes(db, [lan]).get(lan, "")
    qtbot.waitUntil(lambda: screen.model.police_said(lan) is not None)
    assert errors == []


def test_every_list_tab_fits_a_1024_pixel_screen_in_vietnamese(qtbot, db, site, boss,
                                                               tmp_path):
    """Six tabs overflowed behind scroll arrows at 1024 pixels ("Vô…")."""
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    set_language("vi")
    try:
        ctx = AppContext(db, TaskRunner(), "vi")
        ctx.actor = boss
        window = MainWindow(ctx, auto_sync=False)
        qtbot.addWidget(window)
        window.resize(1024, 600)
        window.show()
        window.show_area("cleaning")
        screen = window.areas["cleaning"]
        qtbot.waitUntil(lambda: screen.work is not None and not screen.loading)
        bar = screen.counts.lists
        qtbot.waitUntil(lambda: bar.tabText(0).startswith("Tất cả ("))
        window.grab().save(str(tmp_path / "cleaning-1024.png"))
        last = bar.tabRect(bar.count() - 1)
        assert last.right() <= bar.width(), (last, bar.width())
        ctx.runner.wait_idle()
    finally:
        set_language("en")


def test_closing_a_case_as_cannot_verify_asks_its_reason(qtbot, db, site, boss, tmp_path):
    """Six people closed as "Không xác minh được" with the note left empty: the list's
    figures counted them settled and nobody could tell why."""
    from desktop_app.rules.cleaning import Status
    from desktop_app.ui.cleaning.move_dialog import MoveDialog

    lan = paper(db, dob="")
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    choose_case(screen, lan)
    screen.move_selected(Status.CANNOT_VERIFY)
    qtbot.waitUntil(lambda: isinstance(screen.dialog, MoveDialog))
    dialog = screen.dialog
    assert not dialog.move_button.isEnabled()  # nothing typed yet
    dialog.note.setText("Đã chuyển đi Bình Dương")  # as typed (keyClicks takes no ư)
    assert dialog.move_button.isEnabled()
    dialog.move_button.click()
    qtbot.waitUntil(lambda: cleaning.worklist(db, status="cannot_verify").cases != [])
    screen.ctx.runner.wait_idle()
    assert errors == []
