"""Faults at the desk and at start, as the person sees them: a dialog naming what happened and
what to do (real widgets; the dialog's exec() is the one boundary scripted, and each dialog
is rendered to PNG), and nothing that vanishes without a word."""

import os
import subprocess
import sys
import textwrap
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import event

from desktop_app.db.database import open_database
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.app import Shell
from desktop_app.ui.crash_hook import LOG_NAME, crash_dialogs
from desktop_app.ui.i18n import set_language
from tests.faults.machine import as_ordinary_user, site_database
from tests.keys import TEST_PASSPHRASE
from tests.ui.desk_helpers import accept_screening, make_screen, press, rows, type_into

SCREENS = os.environ.get("VAXDESK_FAULT_SCREENS")  # a folder to keep the PNGs in


@pytest.fixture
def dialogs(monkeypatch, tmp_path):
    """Every QMessageBox shown: its title and text, and a PNG of it."""
    shown = []

    def capture(box):
        box.show()  # laid out as on screen, then rendered
        QApplication.processEvents()
        name = f"fault-{len(shown)}.png"
        box.grab().save(str(tmp_path / name))
        box.hide()
        shown.append((box.windowTitle(), f"{box.text()}\n{box.informativeText()}",
                      tmp_path / name))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", capture)
    return shown


def _fill_to_the_cap(db):
    """SQLite's max_page_count on every connection: the file may not grow, and a write that
    needs a page fails with SQLITE_FULL, the very error a full disk gives. Filled through
    the services until that happens, so the next save needs a page it cannot have."""
    @event.listens_for(db.engine, "connect")
    def capped(dbapi_conn, _record):
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    db.engine.dispose()
    for i in range(200):
        name = f"Người Lấp Đầy {chr(65 + i % 26)}{chr(65 + i // 26)}"
        try:
            outcome = record_dose(
                db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                person=PersonInput(name, date(1988, 3, 4), Sex.FEMALE, IdType.CCCD,
                                   f"001188{i:06d}"), actor=AT_THIS_LAPTOP)
        except Exception as exc:  # noqa: BLE001
            assert "database or disk is full" in str(exc)
            return capped
        assert outcome.saved, outcome.problems
    raise AssertionError("the database never filled")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_save_on_a_full_disk_says_so_and_the_clerk_can_save_after_freeing_space(
        qtbot, db, site, dialogs, lang):
    set_language(lang)  # the buttons too (the ui conftest sets English back afterwards)
    screen = make_screen(qtbot, db)
    screen.ctx.lang = lang
    shell = Shell(QApplication.instance(), db, lang, db.supervisor)
    shell.ctx = screen.ctx
    screen.ctx.error_handler = shell._report_error  # the app's one error dialog
    # The screen's first reads done before the cap's listener joins the engine: adding it
    # while a worker opened a connection failed that read with "deque mutated during
    # iteration" (SQLAlchemy's listeners are a deque), once in a CI run. Work starts only
    # from this thread's event loop, so none comes between here and the listener.
    screen.ctx.runner.wait_idle()
    capped = _fill_to_the_cap(db)
    before = rows(db, "SELECT count(*) FROM person")

    press(qtbot, screen.search.box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = screen.person_form
    type_into(qtbot, form.full_name, "Nguyễn Thị Nhung")
    type_into(qtbot, form.dob, "05091990")
    form.sex.set_value(Sex.FEMALE)
    type_into(qtbot, form.id_number, "001190000123")
    press(qtbot, form.id_number, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    accept_screening(qtbot, screen)  # screened eligible; the next Ctrl+S does not ask again
    qtbot.waitUntil(lambda: len(dialogs) == 1, timeout=10_000)

    title, said, png = dialogs[0]
    if lang == "vi":
        assert title == "Ổ đĩa đã đầy"
        assert f"Ổ đĩa chứa {db.path} đã đầy" in said and "giải phóng dung lượng" in said
        assert screen.message.text().startswith("Chưa lưu: Ổ đĩa chứa")
    else:
        assert title == "The disk is full"
        assert "is full, so what was just done was not saved" in said and "Free some" in said
    assert "sqlalchemy" not in said.lower() and "OperationalError" not in said
    assert png.stat().st_size > 0
    if SCREENS:
        png.replace(os.path.join(SCREENS, f"fault-disk-full-{lang}.png"))
    assert rows(db, "SELECT count(*) FROM person") == before  # nothing half-written

    event.remove(db.engine, "connect", capped)  # space freed
    db.engine.dispose()
    screen.activateWindow()  # back from the dialog
    qtbot.waitUntil(screen.isActiveWindow)
    press(qtbot, form.id_number, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: rows(db, "SELECT count(*) FROM person WHERE id_number = "
                                     "'001190000123'") == [(1,)], timeout=10_000)


def test_an_uncaught_error_in_a_slot_is_a_dialog_and_a_log_not_a_vanished_window(
        qtbot, db_path, dialogs):
    db_path.parent.mkdir(exist_ok=True)

    def broken():
        raise RuntimeError("a bug in a screen")

    before = sys.excepthook
    with crash_dialogs(db_path, lambda: "vi"):
        QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: len(dialogs) == 1)
    title, said, _ = dialogs[0]
    log = db_path.parent / LOG_NAME
    assert title == "VaxDesk gặp lỗi"
    assert "RuntimeError: a bug in a screen" in said and str(log) in said
    written = log.read_text(encoding="utf-8")
    assert "Traceback" in written and "in broken" in written
    assert sys.excepthook is before  # only while the app runs


def test_an_uncaught_fault_gets_the_faults_own_dialog(qtbot, db_path, dialogs):
    db_path.parent.mkdir(exist_ok=True)

    def disk_gone():
        raise OSError(28, "No space left on device", str(db_path))

    with crash_dialogs(db_path, lambda: "en"):
        QTimer.singleShot(0, disk_gone)
        qtbot.waitUntil(lambda: len(dialogs) == 1)
    assert dialogs[0][0] == "The disk is full"


# The app as its own process (it quits its QApplication): the first modal dialog is read,
# rendered to PNG and closed; the exit code is main()'s.
APP = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from desktop_app.cli import main

    def read_dialog():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, read_dialog)
            return
        box.grab().save(sys.argv[1])
        print("TITLE", box.windowTitle(), flush=True)
        print("TEXT", box.text(), box.informativeText(), flush=True)
        box.buttons()[0].click()

    QTimer.singleShot(0, read_dialog)
    raise SystemExit(main(sys.argv[2:]))
""")


def _app(prefix, png, *args, data):
    env = dict(os.environ, VAXDESK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*prefix, sys.executable, "-c", APP, str(png), *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_app_on_a_read_only_data_folder_shows_a_dialog_and_exits_7(tmp_path):
    data = tmp_path / "data"
    site_database(data)
    data.chmod(0o500)
    try:
        out = _app(as_ordinary_user(), tmp_path / "ro.png", data=data)
    finally:
        data.chmod(0o700)
    assert out.returncode == 7, out.stderr
    assert "TITLE Không ghi được: chỉ cho phép đọc" in out.stdout
    assert f"VaxDesk không ghi được vào {data}" in out.stdout
    assert "Traceback" not in out.stderr
    if SCREENS:
        (tmp_path / "ro.png").replace(os.path.join(SCREENS, "fault-read-only-vi.png"))


def test_the_app_on_a_database_open_elsewhere_by_a_symlink_shows_in_use(tmp_path):
    data = tmp_path / "data"
    path = site_database(data)
    link = tmp_path / "shortcut.db"
    link.symlink_to(path)
    with open_database(path, TEST_PASSPHRASE):
        out = _app([], tmp_path / "locked.png", "--lang", "en", "--db", str(link), data=data)
    assert out.returncode == 6, out.stderr
    assert "TITLE The database is in use" in out.stdout
    assert "already open in another VaxDesk window" in out.stdout
    if SCREENS:
        (tmp_path / "locked.png").replace(os.path.join(SCREENS, "fault-locked-en.png"))
