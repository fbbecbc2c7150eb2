"""The backup dialogs as real widgets: the copy made at exit shows itself until it is on disk
and cannot be closed; the restore dialog of a damaged database says whose each copy is,
offers this database's own newest first and restores another database's copy only once
confirmed; Settings → Backups chooses the folder, makes a copy with its progress, lists
this database's copies and hands a checked restore to the shell. Each is drawn as it would
be on a 1024x600 netbook screen."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from desktop_app import settings
from desktop_app.db.database import open_database
from desktop_app.rules.messages import text
from desktop_app.services import backups
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site
from desktop_app.ui import restore_dialog
from desktop_app.ui.backups_dialog import BackupsDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.exit_backup import back_up_before_closing
from desktop_app.ui.restore_dialog import RestoreDialog, restore_between_windows
from desktop_app.ui.tasks import TaskRunner
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, add_test_supervisor
from tests.services.test_backups import count, save

SCREEN = (1024, 600)


@pytest.fixture(autouse=True)
def _in_vietnamese(qapp):  # noqa: ANN001
    from desktop_app.ui.i18n import set_language

    set_language("vi")  # the labels as a site reads them (the conftest resets to English)


@pytest.fixture
def drawn(tmp_path):  # noqa: ANN001, ANN201
    """Check a widget fits a 1024x600 screen and keep its picture to be looked at (in
    ``VAXDESK_SHOTS`` if set)."""
    folder = Path(os.environ.get("VAXDESK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def draw(widget, name: str) -> None:  # noqa: ANN001
        hint = widget.sizeHint()
        assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1], (name, hint)
        widget.grab().save(str(folder / f"{name}.png"))

    return draw


def visible_progress() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()]


def test_the_exit_backup_shows_itself_until_the_copy_is_on_disk(qtbot, db, site, usb,
                                                                 monkeypatch, drawn):
    from desktop_app.db import backups as files

    for n in range(50):
        save(db, n)
    monkeypatch.setattr(files, "STEP_PAGES", 4)
    real, gate, seen = backups.make_backup, threading.Event(), []

    def held_at_its_first_step(db, label=backups.SCHEDULED, *, user_id=None, report=None,  # noqa: ANN001, ANN202
                               sparing=None):
        def step(done: int, total: int) -> None:
            report(done, total)
            if done == total:
                gate.wait(20)  # the copy, whole, waits while the test looks at the screen

        return real(db, label, user_id=user_id, report=step, sparing=sparing)

    monkeypatch.setattr(backups, "make_backup", held_at_its_first_step)

    def look() -> None:
        shown = visible_progress()
        if not shown or shown[0].maximum() == 0:
            QTimer.singleShot(20, look)
            return
        dialog = shown[0]
        dialog.reject()  # Escape
        dialog.close()  # the title bar's X
        seen.append((dialog.labelText(), dialog.isVisible(), dialog.maximum() > 0,
                     dialog.value() > 0))
        dialog.resize(420, dialog.sizeHint().height())
        drawn(dialog, "exit-backup")
        gate.set()

    QTimer.singleShot(0, look)
    made = back_up_before_closing(db, "vi")
    assert seen == [("Đang sao lưu trước khi đóng…", True, True, True)]
    assert made is not None and made.path.parent == usb and count(made.path) == 50
    assert visible_progress() == []  # gone once the copy is on disk
    assert back_up_before_closing(db, "vi") is None  # nothing changed since: nothing shown


@pytest.fixture
def laptop_b(tmp_path, db, monkeypatch):
    (tmp_path / "b").mkdir()
    other = open_database(tmp_path / "b" / db.path.name, TEST_PASSPHRASE)
    add_test_supervisor(other)
    set_up_site(other, "HN-0002", "Trạm Y tế Phường Kim Liên", actor=AT_THIS_LAPTOP)
    yield other
    other.close()


def test_the_restore_dialog_says_whose_each_copy_is_and_offers_its_own_first(
        qtbot, db, site, laptop_b, usb, monkeypatch, drawn):
    monkeypatch.setattr(backups, "this_laptop", lambda: "LAPTOP-A")
    save(db, 1)
    own = backups.make_backup(db).path
    monkeypatch.setattr(backups, "this_laptop", lambda: "LAPTOP-B")
    theirs = backups.make_backup(laptop_b).path  # the newest on the drive
    path = db.path
    db.close()
    dialog = RestoreDialog(path, backups.available_backups(path)[0], "Cơ sở dữ liệu bị hỏng.",
                           TEST_PASSPHRASE, "vi")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.copy == own and dialog.copies.chosen().path == own
    assert "Bản sao của cơ sở dữ liệu này" in dialog.copy_label.text()
    assert "LAPTOP-A" in dialog.copy_label.text() and "HN-0001" in dialog.copy_label.text()
    assert dialog.restore_button.isEnabled() and not dialog.confirm_other.isVisible()
    drawn(dialog, "restore-own")

    dialog.copies.setCurrentItem(dialog.copies.topLevelItem(1))
    assert dialog.copy == theirs
    assert dialog.warning.isVisible() and "KHÔNG phải" in dialog.warning.text()
    assert "LAPTOP-B" in dialog.warning.text() and "HN-0002" in dialog.warning.text()
    assert not dialog.restore_button.isEnabled()  # not until confirmed
    drawn(dialog, "restore-other")
    dialog.confirm_other.setChecked(True)
    assert dialog.restore_button.isEnabled()
    dialog.username.setText(TEST_USER)
    dialog.password.setText(TEST_PASSWORD)
    # This laptop's dose was never sent and B's copy lacks it: asked first, as in the app.
    asked: list[str] = []
    monkeypatch.setattr(restore_dialog, "confirm",
                        lambda _parent, _title, question, _yes, _no: not asked.append(question))
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result() == RestoreDialog.DialogCode.Accepted, timeout=20000)
    assert asked == [text("RESTORE_UNSENT_WARNING", "vi", doses=1, people=1)]
    assert "before-restore" in dialog.restored and count(path) == 0  # B's site, no doses
    assert "1 mũi tiêm và 1 người" in dialog.restored  # and where they are now


def test_a_damaged_files_restore_over_unsent_doses_called_off_changes_nothing(
        qtbot, db, site, monkeypatch):
    """At a damaged start the file's unsent doses are counted when the restore is tried:
    answering no leaves the damaged file in place and the dialog open."""
    save(db, 1)
    copy = backups.make_backup(db).path
    save(db, 2)
    path = db.path
    db.close()
    asked: list[str] = []
    monkeypatch.setattr(restore_dialog, "confirm",
                        lambda _parent, _title, question, _yes, _no: asked.append(question))
    dialog = RestoreDialog(path, copy, "Cơ sở dữ liệu bị hỏng.", TEST_PASSPHRASE, "en")
    qtbot.addWidget(dialog)
    dialog.username.setText(TEST_USER)
    dialog.password.setText(TEST_PASSWORD)
    dialog.submit()
    qtbot.waitUntil(lambda: bool(asked) and not dialog.busy, timeout=20000)
    assert asked[0].startswith("1 dose and 1 person recorded or changed on this laptop")
    assert dialog.result() != RestoreDialog.DialogCode.Accepted and count(path) == 2
    assert dialog.error.text().startswith("Not restored: 1 dose and 1 person")
    assert dialog.restore_button.isEnabled()


def _one_copy_listed(qtbot, db, boss):  # noqa: ANN001, ANN202
    """A dose saved, one copy made, and the Backups dialog open (in Vietnamese, the
    supervisor's) once it lists that copy: the copy's path and the dialog."""
    ctx = AppContext(db, TaskRunner(), "vi")
    ctx.actor = boss
    save(db, 1)
    copy = backups.make_backup(db).path
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: len(dialog.copies.copies) == 1)
    return copy, dialog


def test_settings_backups_chooses_the_folder_backs_up_and_restores(qtbot, db, boss, site,
                                                                   usb, tmp_path, drawn,
                                                                   monkeypatch):
    """The dose recorded after the copy, never sent, is named before the restore (asked)
    and after it (only in the file set aside)."""
    from desktop_app.ui import restore_dialog

    asked: list[str] = []
    monkeypatch.setattr(restore_dialog, "confirm",
                        lambda _parent, _title, question, _yes, _no: asked.append(question)
                        or True)
    first, dialog = _one_copy_listed(qtbot, db, boss)
    assert dialog.folder.text() == str(usb)

    steps: list = []
    dialog.progress.valueChanged.connect(steps.append)
    dialog.back_up_button.click()
    assert dialog.progress.isVisible() and not dialog.back_up_button.isEnabled()
    qtbot.waitUntil(lambda: len(dialog.copies.copies) == 2, timeout=20000)
    assert not dialog.progress.isVisible() and steps
    assert "Đã sao lưu vào" in dialog.done_label.text()
    # Which copy goes in turn and which is kept, said in the list (the newest first).
    kinds = [dialog.copies.topLevelItem(r).text(1) for r in range(2)]
    assert kinds == ["Theo yêu cầu (được giữ lại)", "Tự động (bản cũ nhất được xóa dần)"]
    assert dialog.copies.headerItem().text(1) == "Loại"
    drawn(dialog, "backups-dialog")

    drive = tmp_path / "drive"
    drive.mkdir()
    dialog.set_folder(str(drive))
    qtbot.waitUntil(lambda: dialog.folder.text() == str(drive))
    assert settings.read_preference(settings.BACKUP_FOLDER) == str(drive)
    dialog.set_folder(str(tmp_path / "not-plugged-in"))
    qtbot.waitUntil(lambda: "Không sao lưu được" in dialog.error.text())
    dialog.set_folder(str(usb))
    qtbot.waitUntil(lambda: dialog.folder.text() == str(usb) and len(dialog.copies.copies) == 2)

    dialog.copies.setCurrentItem(dialog.copies.topLevelItem(1))  # the older: one dose
    assert dialog.copies.chosen().path == first
    save(db, 2)
    shots: list = []

    def log_in_to_restore() -> None:
        asked = QApplication.activeModalWidget()
        if not isinstance(asked, RestoreDialog):
            QTimer.singleShot(20, log_in_to_restore)
            return
        asked.passphrase_field.setText(TEST_PASSPHRASE)
        asked.username.setText(TEST_USER)
        asked.password.setText(TEST_PASSWORD)
        drawn(asked, "restore-from-backups")
        shots.append(asked.copy_label.text())
        asked.submit()

    QTimer.singleShot(0, log_in_to_restore)
    dialog.restore_chosen()
    assert dialog.result() == BackupsDialog.DialogCode.Accepted
    request = dialog.request
    assert request.copy == first and "Bản sao của cơ sở dữ liệu này" in shots[0]
    assert asked == [text("RESTORE_UNSENT_WARNING", "vi", doses=1, people=1)]
    assert count(db.path) == 2  # only checked: the app still has the file open
    path = db.path
    dialog.ctx.runner.wait_idle()
    db.close()
    said = restore_between_windows(path, request, "vi")
    assert said is not None and "Tệp trước đó được giữ lại" in said
    assert "Chú ý: 1 mũi tiêm và 1 người được ghi hoặc sửa sau khi bản sao" in said
    assert count(path) == 1


def test_a_restore_the_backups_dialog_refuses_leaves_a_trace_in_the_open_file(qtbot, db, boss,
                                                                              site, usb):
    """Checked in the app (the file open): a wrong passphrase, then a wrong password, each
    said in the dialog and audited in the file the app has open, under its key."""
    import json

    from sqlalchemy import select

    from desktop_app.db.models import AuditEntry

    copy, dialog = _one_copy_listed(qtbot, db, boss)
    said: list[str] = []

    def try_twice() -> None:
        asked = QApplication.activeModalWidget()
        if not isinstance(asked, RestoreDialog):
            QTimer.singleShot(20, try_twice)
            return
        asked.username.setText(TEST_USER)
        for passphrase, password in (("không phải mật khẩu", TEST_PASSWORD),
                                     (TEST_PASSPHRASE, "sai")):
            asked.passphrase_field.setText(passphrase)
            asked.password.setText(password)
            asked.submit()
            qtbot.waitUntil(lambda: asked.error.isVisible() and not asked.busy, timeout=20000)
            said.append(asked.error.text())
        asked.reject()

    QTimer.singleShot(0, try_twice)
    dialog.restore_chosen()
    assert dialog.request is None
    assert "không mở được bản sao lưu" in said[0] and "người giám sát" in said[1]
    # A wrong password says so first, as the login does (the rule alone read as the cause).
    assert said[1].startswith("Tên đăng nhập hoặc mật khẩu không đúng. ")
    with db.reading() as s:
        found = [json.loads(d) for d in s.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "restore_refused").order_by(AuditEntry.id))]
    assert [(d["copy"], d["why"], d.get("login")) for d in found] == [
        (copy.name, "BACKUP_WRONG_PASSPHRASE", None),
        (copy.name, "RESTORE_NEEDS_CURRENT_SUPERVISOR", "login")]


def test_back_up_now_with_the_drive_not_plugged_in_says_where_the_copy_went(qtbot, db, boss,
                                                                           site, usb):
    """The drive chosen, then not plugged in: its folder is not made on the laptop's disk,
    the copy goes beside the database, and the dialog says both before and after."""
    usb.rmdir()
    ctx = AppContext(db, TaskRunner(), "vi")
    ctx.actor = boss
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "bản sao được lưu cạnh cơ sở dữ liệu" in dialog.folder_state.text()
    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: len(dialog.copies.copies) == 1, timeout=20000)
    made = dialog.copies.copies[0].path
    assert made.parent == db.path.parent and not usb.exists()
    assert dialog.done_label.text().startswith(f"Không thấy thư mục sao lưu {usb}")
    assert str(made) in dialog.done_label.text()


def test_scheduled_and_exit_copies_say_the_drive_was_not_there(qtbot, db, boss, site, usb,
                                                               monkeypatch):
    """A copy made with no one at the Backups dialog (every 2 hours, at exit) that stayed
    on the laptop is said too: the site believed its copies left it."""
    from desktop_app.ui import app

    said: list[str] = []
    monkeypatch.setattr(app, "show_notice", lambda _parent, _title, text: said.append(text))
    usb.rmdir()
    shell = app.Shell(QApplication.instance(), db, "vi", boss)
    shell.show_window()
    qtbot.addWidget(shell.window)
    shell.back_up()
    qtbot.waitUntil(lambda: len(said) == 1, timeout=20000)
    save(db, 1)  # changed since: the exit makes a copy
    shell.stop()
    assert len(said) == 2 and not usb.exists()
    assert all(s.startswith(f"Không thấy thư mục sao lưu {usb}") for s in said)


class _ExitingApp:
    """The shell's QApplication, as far as a restore asked for touches it: its exit noted,
    not made (the test plays what ``_run`` does next)."""

    def __init__(self) -> None:
        self.exited: list[int] = []

    def exit(self, code: int) -> None:
        self.exited.append(code)

    def removeEventFilter(self, _filter) -> None:  # noqa: N802, ANN001
        pass


def test_the_exit_copy_before_a_restore_spares_the_copy_chosen(qtbot, db, site, usb,
                                                                 monkeypatch):
    """A supervisor goes back to the oldest scheduled copy (the one before a bad import).
    Closing the window for the restore makes the exit copy first, and its rotation removed
    the oldest scheduled copy: the very one chosen. The restore then failed and that
    restore point was gone for good. Now the copy chosen is kept and restored."""
    from desktop_app.ui import app, restore_dialog
    from desktop_app.ui.restore_dialog import RestoreRequest

    settings.write_preference(settings.BACKUPS_KEPT, 2)
    save(db, 1)
    oldest = backups.make_backup(db).path
    save(db, 2)
    backups.make_backup(db)
    save(db, 3)  # work since the newest copy: the exit makes one
    shell = app.Shell(_ExitingApp(), db, "en", db.supervisor)
    shell.show_window()
    qtbot.addWidget(shell.window)
    request = RestoreRequest(oldest, TEST_PASSPHRASE, TEST_USER, TEST_PASSWORD)

    shell.restore_from(request)  # what the Backups dialog's accepted restore does
    assert shell.restore is request and shell.app.exited == [0]
    shell.stop()  # as _run does once app.exec() returns: the exit copy, rotated
    assert oldest.exists()
    path = db.path
    db.close()
    errors: list[str] = []
    monkeypatch.setattr(restore_dialog, "show_error", lambda _p, _t, said: errors.append(said))
    said = restore_between_windows(path, request, "en")

    assert errors == [] and said is not None, errors
    assert count(path) == 1


def test_a_restore_that_would_lose_unsent_doses_can_be_called_off(qtbot, db, boss, site,
                                                                   monkeypatch):
    """Doses recorded since the copy were never sent: the supervisor is asked before the
    restore is handed on, and answering no leaves the dialog open, nothing asked for."""
    from desktop_app.ui import restore_dialog

    asked: list[str] = []
    monkeypatch.setattr(restore_dialog, "confirm",
                        lambda _parent, _title, question, _yes, _no: asked.append(question)
                        and False)
    first, _backups = _one_copy_listed(qtbot, db, boss)
    save(db, 2)
    save(db, 3)
    dialog = RestoreDialog(db.path, first, None, TEST_PASSPHRASE, "en", later=True,
                           app_db=db)
    qtbot.addWidget(dialog)
    dialog.username.setText(TEST_USER)
    dialog.password.setText(TEST_PASSWORD)
    dialog.submit()
    qtbot.waitUntil(lambda: bool(asked) and not dialog.busy)
    assert asked[0].startswith("2 doses and 2 people recorded or changed on this laptop")
    assert dialog.request is None and dialog.result() != RestoreDialog.DialogCode.Accepted
    assert dialog.restore_button.isEnabled()


def test_a_replacement_laptop_restores_the_lost_ones_backup_from_the_first_window(
        qtbot, db, site, tmp_path, monkeypatch, drawn):
    """docs/lost-laptop.md says to restore the lost laptop's backup on the new one, and the
    first window offered only Create, demo data and Quit (the Backups dialog, once a new
    database was made, listed only that database's own copies). Now its "Restore a backup…"
    takes the copy from a USB stick, restores it there and opens it with the passphrase
    typed once."""
    from desktop_app.ui import unlock_dialog
    from desktop_app.ui.unlock_dialog import UnlockDialog

    save(db, 1)
    copy = backups.make_backup(db).path
    db.close()
    stick = tmp_path / "usb" / copy.name
    stick.parent.mkdir()
    for part in copy.parent.glob(copy.name + "*"):  # the copy and what it says of itself
        (stick.parent / part.name).write_bytes(part.read_bytes())
    new_laptop = tmp_path / "new-laptop" / "vaxdesk.db"
    new_laptop.parent.mkdir()

    first = UnlockDialog(new_laptop, "vi", new=True)
    qtbot.addWidget(first)
    first.show()
    drawn(first, "first-window-restore")
    monkeypatch.setattr(unlock_dialog, "ask_open_path", lambda *_a, **_k: stick)
    first.restore_button.click()
    assert first.restore_from == stick and first.result() == UnlockDialog.DialogCode.Rejected

    dialog = RestoreDialog(new_laptop, stick, None, None, "vi", fresh=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.copies.isVisible() and "HN-0001" in dialog.copy_label.text()
    assert [b.text() for b in dialog.buttons.buttons()] == ["Khôi phục bản sao lưu này", "Hủy bỏ"]
    drawn(dialog, "restore-new-laptop")
    dialog.passphrase_field.setText(TEST_PASSPHRASE)
    dialog.username.setText(TEST_USER)
    dialog.password.setText(TEST_PASSWORD)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result() == RestoreDialog.DialogCode.Accepted, timeout=20000)
    assert dialog.given_passphrase == TEST_PASSPHRASE
    assert count(new_laptop) == 1  # the lost laptop's dose, on the new one


def test_backups_restores_another_databases_copy_chosen_as_a_file_once_confirmed(
        qtbot, db, boss, site, laptop_b, tmp_path, monkeypatch):
    """On a replacement laptop started once (its own, empty database), the lost laptop's
    copy on a USB stick was in no list of the Backups dialog ("this database's copies"):
    it is chosen as a file, named as another database's, and restored only once that is
    confirmed."""
    from desktop_app.ui import backups_dialog

    lost = backups.make_backup(laptop_b).path
    ctx = AppContext(db, TaskRunner(), "vi")
    ctx.actor = boss
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr(backups_dialog, "ask_open_path", lambda *_a, **_k: lost)
    seen: list = []

    def confirm_and_log_in() -> None:
        asked = QApplication.activeModalWidget()
        if not isinstance(asked, RestoreDialog):
            QTimer.singleShot(20, confirm_and_log_in)
            return
        seen.append((asked.warning.isVisible(), asked.restore_button.isEnabled()))
        asked.confirm_other.setChecked(True)
        asked.username.setText(TEST_USER)
        asked.password.setText(TEST_PASSWORD)
        asked.passphrase_field.setText(TEST_PASSPHRASE)
        asked.submit()

    QTimer.singleShot(0, confirm_and_log_in)
    dialog.restore_file_button.click()
    assert seen == [(True, False)]  # named as another database's; not until confirmed
    assert dialog.result() == BackupsDialog.DialogCode.Accepted
    assert dialog.request.copy == lost and dialog.request.other_database
    dialog.ctx.runner.wait_idle()


def test_restore_from_a_file_opens_where_a_restore_set_a_file_aside(qtbot, db, boss,
                                                                     monkeypatch):
    """The notice after a restore sends the supervisor to restore the file it set aside;
    the dialog opened in Documents, and the file sits in the data folder nobody browses
    to (a review)."""
    from desktop_app.ui import backups_dialog

    aside = db.path.with_name(db.path.name + ".before-restore-20261206T195856Z")
    aside.write_bytes(b"")
    Path(f"{aside}-wal").write_bytes(b"")
    asked: list = []
    monkeypatch.setattr(backups_dialog, "ask_open_path",
                        lambda *_a, **k: asked.append(k.get("folder")))
    ctx = AppContext(db, TaskRunner(), "vi")
    ctx.actor = boss
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.restore_file_button.click()
    assert asked == [db.path.parent]
    from desktop_app.services import restore

    assert restore.set_aside_files(db.path) == [aside]  # not its -wal
    ctx.runner.wait_idle()
