"""English before the main window (review 4 Dec 2026): the passphrase, the first supervisor,
the login and the first-run setup each offer *Tiếng Việt / English*; the choice is
remembered where the window's Language menu keeps it, and what was typed stays."""

from __future__ import annotations

import types

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app import settings
from desktop_app.services import passphrase
from desktop_app.services.database import Database
from desktop_app.ui.i18n import set_language, spoken
from desktop_app.ui.language_choice import LABEL
from desktop_app.ui.login_dialog import LoginDialog
from desktop_app.ui.unlock_dialog import UnlockDialog

GOOD = "một hai ba bốn năm"


@pytest.fixture(autouse=True)
def asked_in_person(monkeypatch):
    """No passphrase or login from the environment: the dialogs are shown."""
    for name in (passphrase.ENV, "VAXDESK_USER", "VAXDESK_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    set_language("vi")  # a fresh laptop's default


def choose(row, lang):
    """Pick ``lang`` as a person does: the combo focused, an arrow key."""
    combo = row.combo
    combo.setFocus()
    key = Qt.Key.Key_Down if combo.findData(lang) > combo.currentIndex() else Qt.Key.Key_Up
    QTest.keyClick(combo, key)


def on_each(kind, steps):
    """Each ``kind`` dialog that opens is handed to the next step; what they showed."""
    seen = []

    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind) or (seen and seen[-1][0] is dialog):
            QTimer.singleShot(20, look)
            return
        seen.append((dialog, dialog.windowTitle()))
        steps.pop(0)(dialog)
        if steps:
            QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    return seen


def test_the_passphrase_can_be_asked_in_english_and_it_is_remembered(qtbot, tmp_path):
    from desktop_app.ui.app import unlock

    def vietnamese(dialog):
        assert dialog.language.isVisible() and dialog.language.combo.currentText() == "Tiếng Việt"
        dialog.passphrase.setText(GOOD)
        dialog.again.setText(GOOD)
        choose(dialog.language, "en")

    def english(dialog):
        assert (dialog.passphrase.text(), dialog.again.text()) == (GOOD, GOOD)  # kept
        assert dialog.demo_button.text() == "Try with demo data"
        assert dialog.language.combo.currentText() == "English"
        dialog.submit()

    seen = on_each(UnlockDialog, [vietnamese, english])
    db = unlock(tmp_path / "vaxdesk.db", "vi")
    assert isinstance(db, Database)
    db.close()
    assert [title for _, title in seen] == ["VaxDesk: mật khẩu dữ liệu",
                                            "VaxDesk: database passphrase"]
    assert spoken("vi") == "en" and settings.read_preference(settings.LANGUAGE) == "en"


def test_the_first_supervisor_and_the_login_offer_the_language_too(qtbot, tmp_path):
    from desktop_app.db.database import open_database
    from desktop_app.ui.app import log_in
    from tests.keys import TEST_PASSPHRASE

    def vietnamese(dialog):
        assert dialog.first and dialog.language is not None
        dialog.username.setText("quanly")
        dialog.full_name.setText("Phạm Thị Lan")
        choose(dialog.language, "en")

    def english(dialog):
        assert (dialog.username.text(), dialog.full_name.text()) == ("quanly", "Phạm Thị Lan")
        assert dialog.ok_button.text() == "Create and log in"
        dialog.password.setText("mật khẩu 123")
        dialog.again.setText("mật khẩu 123")
        dialog.submit()

    with open_database(tmp_path / "new.db", TEST_PASSPHRASE) as db:
        seen = on_each(LoginDialog, [vietnamese, english])
        actor = log_in(db, "vi")
        assert actor is not None and actor.name == "Phạm Thị Lan"
        assert [t for _, t in seen] == ["VaxDesk: người giám sát đầu tiên",
                                        "VaxDesk: the first supervisor"]
        assert settings.read_preference(settings.LANGUAGE) == "en"

        def back_to_vietnamese(dialog):
            assert not dialog.first and dialog.language.combo.currentText() == "English"
            choose(dialog.language, "vi")

        def quit_(dialog):
            assert dialog.ok_button.text() == "Đăng nhập"
            dialog.reject()

        set_language("en")
        on_each(LoginDialog, [back_to_vietnamese, quit_])
        assert log_in(db, "en") is None
        assert settings.read_preference(settings.LANGUAGE) == "vi"


def test_the_lock_screen_leaves_the_language_to_the_window(qtbot, db, site):
    dialog = LoginDialog(db, "vi", locked="idle")
    qtbot.addWidget(dialog)
    assert dialog.language is None
    assert LABEL not in [label.text() for label in dialog.findChildren(QLabel)]


def test_the_first_run_setup_can_switch_to_english_window_and_all(qtbot, db):
    """No site yet: the setup is modal over the window, its Language menu out of reach."""
    from desktop_app.ui import app as app_module
    from desktop_app.ui.setup.setup_dialog import SetupDialog

    quits = []
    shell = app_module.Shell(types.SimpleNamespace(quit=lambda: quits.append(1)), db, "vi",
                             db.supervisor)
    shell.show_window()
    first = shell.window

    def vietnamese(dialog):
        assert dialog.first_run and dialog.language.combo.currentText() == "Tiếng Việt"
        choose(dialog.language, "en")

    def english(dialog):
        assert dialog.language.combo.currentText() == "English"
        assert dialog.save_button.text() == "Save"
        dialog._quitting = True  # as the "Quit" of its closing question
        dialog.reject()

    set_language("vi")
    seen = on_each(SetupDialog, [vietnamese, english])
    shell._maybe_ask_setup(None)
    assert [t for _, t in seen] == ["Thiết lập điểm tiêm", "Set up this vaccination site"]
    assert shell.ctx.lang == "en" and shell.window is not first
    assert shell.window.nav.item(0).text() == "Record doses"
    assert shell.window.language_actions["en"].isChecked()
    assert settings.read_preference(settings.LANGUAGE) == "en" and quits == [1]
    shell.ctx.runner.wait_idle()
    shell.window.close()
