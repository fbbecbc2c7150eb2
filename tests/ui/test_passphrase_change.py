"""Settings → Change the data passphrase, through the real app: the dialog refuses in words,
the window closes while the file is re-encrypted and opens again on the same database, with
the same person logged in, and says what was done."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.db import cipher
from desktop_app.db.database import open_database
from desktop_app.db.errors import WrongPassphrase
from desktop_app.services import accounts, backups, restore
from desktop_app.services.actor import Role
from desktop_app.ui.context import AppContext
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.passphrase_change_dialog import PassphraseChangeDialog
from desktop_app.ui.tasks import TaskRunner
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER

NEW = "mật khẩu mới của trạm"


def read_message_box(into: list[str], then=None) -> None:  # noqa: ANN001
    """Once a message box is up, keep its text in ``into``, accept it, then ``then()``."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, lambda: read_message_box(into, then))
        return
    into.append(box.text())
    box.accept()
    if then is not None:
        QTimer.singleShot(0, then)


def test_the_dialog_says_what_is_wrong_and_accepts_a_good_change(qtbot, db, boss, site):
    ctx = AppContext(db, TaskRunner(), "vi")
    ctx.actor = boss
    dialog = PassphraseChangeDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.current.setText("không phải mật khẩu")
    dialog.new.setText(NEW)
    dialog.again.setText(NEW)
    dialog.submit()
    qtbot.waitUntil(lambda: "hiện tại không đúng" in dialog.error.text())
    assert dialog.result() == 0 and dialog.ok_button.isEnabled()
    dialog.current.setText(TEST_PASSPHRASE)
    dialog.again.setText(NEW + "x")
    dialog.submit()
    qtbot.waitUntil(lambda: "không giống nhau" in dialog.error.text())
    dialog.again.setText(NEW)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result() == PassphraseChangeDialog.DialogCode.Accepted)
    assert dialog.value() == (TEST_PASSPHRASE, NEW, NEW)
    # Only checked: the change itself is the shell's, between two windows.
    cipher.connect(db.path, cipher.key_for(db.path, TEST_PASSPHRASE)).close()


def test_a_clerk_finds_the_menu_item_disabled(qtbot, db, boss, site):
    account = accounts.add_user(db, "lan", "Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    ctx = AppContext(db, TaskRunner(), "vi")
    ctx.actor = accounts.login(db, account.username, "mật khẩu 123")
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    assert not window.passphrase_action.isEnabled()
    ctx.actor = boss  # the idle lock's next login: a supervisor
    ctx.data_changed.emit("actor")
    assert window.passphrase_action.isEnabled()


def test_the_app_changes_it_between_two_windows(qtbot, db, site, tmp_path):
    from desktop_app.ui.app import run_app

    backups.make_backup(db)
    path = db.path
    db.close()
    windows: list[MainWindow] = []
    notices: list[str] = []

    def ask(window: MainWindow) -> None:
        windows.append(window)
        window.passphrase_change_requested.emit((TEST_PASSPHRASE, NEW, NEW))
        read_message_box(notices, then=close_window)

    def close_window() -> None:
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, MainWindow) and w.isVisible()]
        windows.extend(shown)
        for w in shown:
            w.close()

    assert run_app(path, "vi", ready=ask) == 0
    assert len(windows) == 2  # the first, and the one opened after the change
    assert "Đã đổi mật khẩu dữ liệu" in notices[0] and "1 bản sao lưu" in notices[0]
    try:
        open_database(path, TEST_PASSPHRASE)
        raise AssertionError("the old passphrase still opens the database")
    except WrongPassphrase:
        pass
    with open_database(path, NEW) as changed:
        assert accounts.login(changed, TEST_USER, TEST_PASSWORD).role is Role.SUPERVISOR
        assert restore.check_backup(backups.available_backups(path)[-1], NEW)


def test_the_progress_cannot_be_closed_while_the_work_goes_on(qtbot):
    """Escape hid it before: no window at all for minutes, and someone might kill VaxDesk."""
    import threading

    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    from desktop_app.ui.between_windows import run_between_windows

    release = threading.Event()
    seen: list[bool] = []

    def press_escape() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, press_escape)
            return
        QApplication.sendEvent(box, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape,
                                              Qt.KeyboardModifier.NoModifier))
        box.close()
        QTimer.singleShot(100, lambda: (seen.append(box.isVisible()), release.set()))

    QTimer.singleShot(0, press_escape)
    assert run_between_windows("…", lambda _report: release.wait(10) and 42) == 42
    assert seen == [True]


def test_no_change_while_an_import_runs(qtbot, db, boss, site):
    """The import's writer would fail mid-way under a key changed beneath it: refused, said."""
    import threading

    from desktop_app.ui.app import Shell
    from desktop_app.ui.tasks import Pool

    shell = Shell(QApplication.instance(), db, "vi", boss)
    shell.show_window()
    release = threading.Event()
    shell.ctx.runner.run(Pool.BULK, lambda: release.wait(10))
    said: list[str] = []
    read_message_box(said)
    qtbot.waitUntil(lambda: shell.ctx.runner.busy(Pool.BULK))
    shell.change_passphrase((TEST_PASSPHRASE, NEW, NEW))
    release.set()
    assert shell.passphrase_change is None
    assert said and "Chưa đổi mật khẩu dữ liệu" in said[0]
    shell.ctx.runner.wait_idle()
    shell.window.close()
