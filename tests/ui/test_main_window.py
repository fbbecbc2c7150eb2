"""The main window: every area reachable by Ctrl+1..8, and a status bar that tells the truth."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.context import AppContext
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner

AREAS = ["record", "backfill", "records", "sync", "certificates", "cleaning", "complaints",
         "reports"]


def make_window(qtbot, db):
    ctx = AppContext(db, TaskRunner(), "vi")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return ctx, window


def test_every_area_is_in_the_navigation_and_reachable_by_keyboard(qtbot, db, site):
    _, window = make_window(qtbot, db)
    assert list(window.areas) == AREAS
    for index, key in enumerate(AREAS):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is window.areas[key]
        # The key is said on the area's name (it was said nowhere in the window).
        assert window.nav.item(index).toolTip().endswith(f"(Ctrl+{index + 1})")


def test_the_status_bar_counts_what_waits_for_upload(qtbot, db, site):
    ctx, window = make_window(qtbot, db)
    qtbot.waitUntil(lambda: window.status.pending_label.text() == "Waiting to upload: 0")
    assert window.status.last_sync_label.text() == "Last sync: never"
    assert window.status.connection_label.text() == "Central platform not set up"
    record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                person=PersonInput("Hoàng Thị Mai", date(1988, 3, 4), Sex.FEMALE, IdType.CCCD,
                                   "001188000777"), actor=AT_THIS_LAPTOP)
    ctx.data_changed.emit("doses")
    qtbot.waitUntil(lambda: window.status.pending_label.text() == "Waiting to upload: 2")
    assert window.status.rejected_label.text() == "Rejected: 0"


def test_site_settings_stay_editable_from_the_menu(qtbot, db, site, monkeypatch):
    from desktop_app.ui.setup.setup_dialog import SetupDialog

    _, window = make_window(qtbot, db)
    opened = []
    # exec() is the modal loop; the dialog itself is built for real and inspected.
    monkeypatch.setattr(SetupDialog, "exec", lambda self: opened.append(self) or 0)
    [settings_menu] = [a for a in window.menuBar().actions() if a.text() == "&Settings"]
    settings_menu.menu().actions()[0].trigger()
    assert len(opened) == 1 and opened[0].first_run is False


def test_a_language_switch_asks_before_a_half_typed_person_is_lost(qtbot, db, site,
                                                                   monkeypatch):
    """The new window for another language used to drop the desk's unsaved person without
    the question Esc asks; "Keep editing" now keeps the window, the form and the language."""
    from desktop_app.ui import app as app_module
    from desktop_app.ui.desk import record_screen
    from tests.ui.desk_helpers import press, type_into

    shell = app_module.Shell(QApplication.instance(), db, "vi", db.supervisor)
    shell.show_window()
    window = shell.window
    desk = window.areas["record"]
    type_into(qtbot, desk.search.box, "Lò Văn Páo")
    qtbot.waitUntil(lambda: desk.search.shown_query == "Lò Văn Páo")
    press(qtbot, desk.search.box, Qt.Key.Key_Return)  # nobody found: a new person
    qtbot.keyClicks(desk.person_form.dob, "05091990")
    answers = [False, True]
    asked = []
    monkeypatch.setattr(record_screen, "confirm",
                        lambda _p, title, *_a: asked.append(title) or answers.pop(0))
    shell.switch_language("en")
    assert asked == ["Discard this person?"] and shell.window is window
    assert shell.ctx.lang == "vi" and window.language_actions["vi"].isChecked()
    assert not window.language_actions["en"].isChecked()
    assert desk.person_form.full_name.text() == "Lò Văn Páo"
    shell.switch_language("en")
    assert shell.ctx.lang == "en" and shell.window is not window
    shell.ctx.runner.wait_idle()
    shell.window.close()


def test_a_person_typed_at_the_desk_is_asked_about_from_any_area(qtbot, db, site,
                                                                  monkeypatch):
    """The desk asked only while its form was on screen: a clerk who typed a new person,
    went to Records and closed the window lost them unasked."""
    from desktop_app.ui import app as app_module
    from desktop_app.ui.desk import record_screen
    from tests.ui.desk_helpers import press, type_into

    shell = app_module.Shell(QApplication.instance(), db, "vi", db.supervisor)
    shell.show_window()
    window = shell.window
    desk = window.areas["record"]
    assert window.may_close()  # nothing typed: nothing asked
    type_into(qtbot, desk.search.box, "Lò Văn Páo")
    qtbot.waitUntil(lambda: desk.search.shown_query == "Lò Văn Páo")
    press(qtbot, desk.search.box, Qt.Key.Key_Return)  # nobody found: a new person
    qtbot.keyClicks(desk.person_form.dob, "05091990")
    window.show_area("records")
    asked = []
    monkeypatch.setattr(record_screen, "confirm",
                        lambda _p, title, *_a: asked.append(title) or False)
    assert not window.may_close() and asked == ["Discard this person?"]
    assert desk.person_form.full_name.text() == "Lò Văn Páo"
    shell.ctx.runner.wait_idle()
    window.close()


def test_closing_or_a_language_switch_asks_before_a_half_typed_paper_form_is_lost(
        qtbot, db, site, monkeypatch):
    """Only the desk was asked: a paper form typed in Backfill went with the window, unasked.
    The vaccine, lot and site a stack carries over are no form in progress."""
    from desktop_app.ui import app as app_module
    from desktop_app.ui.backfill import backfill_screen

    shell = app_module.Shell(QApplication.instance(), db, "vi", db.supervisor)
    shell.show_window()
    window = shell.window
    form = window.areas["backfill"].paper_form
    asked = []
    answers = [False, False, True]
    monkeypatch.setattr(backfill_screen, "confirm",
                        lambda _p, title, *_a: asked.append(title) or answers.pop(0))
    form.lot_number.setText("FK1")
    form.facility.setText("Trạm Y tế Kim Liên")
    assert window.may_close() and asked == []
    form.id_number.setText("001172004455")
    assert not window.may_close()  # the window's X, the idle lock's Quit, the demo switch
    assert asked == ["Discard this paper form?"]
    shell.switch_language("en")
    assert shell.window is window and shell.ctx.lang == "vi"
    assert window.language_actions["vi"].isChecked()
    assert form.id_number.text() == "001172004455"
    shell.switch_language("en")
    assert len(asked) == 3 and shell.ctx.lang == "en" and shell.window is not window
    shell.ctx.runner.wait_idle()
    shell.window.close()


def test_an_export_named_with_a_dot_gets_its_type_added_not_swapped(qtbot, tmp_path,
                                                                   monkeypatch):
    """"BC 11.2026" was saved as "BC 11.xlsx", over a file of that name, unasked: the
    dialog had asked about the name typed. The type is added; a file it would then
    overwrite is asked about."""
    from desktop_app.ui import dialogs, file_dialogs

    typed = tmp_path / "BC 11.2026"
    monkeypatch.setattr(file_dialogs, "ask_save_file", lambda *a, **k: typed)
    assert dialogs.ask_save_path(None, "Xuất", "x.xlsx", "Excel (*.xlsx)", ".xlsx") == \
        tmp_path / "BC 11.2026.xlsx"
    (tmp_path / "BC 11.2026.xlsx").write_bytes(b"the province's own")
    asked = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, said, *_a: asked.append(said))
    assert dialogs.ask_save_path(None, "Xuất", "x.xlsx", "Excel (*.xlsx)", ".xlsx") is None
    assert "BC 11.2026.xlsx" in asked[0]
