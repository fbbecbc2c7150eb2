"""Dialogs stay within the screen at the display scalings clerks set. A 1024×600 netbook at
150 % leaves Qt a screen of 683×400 pixels to lay windows out on: smaller than the sizes
tests/ui/test_screen_sizes.py checks, and the one where what opens or grows past a smaller
scaling's screen (819×480, 911×512) is also cut. (The main window's areas are checked at
those two sizes there: ``SCALED``.)

Qt's offscreen platform reads its screen from a file, and the scale, when the application
starts, so the checks run in a process of their own (as the netbook's in
test_screen_sizes.py): all of them in one, which writes what each found for the tests here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from desktop_app.services import accounts, complaints
from desktop_app.services.records import person_view
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.wire import complaints as wire
from tests.keys import TEST_PASSWORD, TEST_USER
from tests.ui.test_screen_sizes import (  # noqa: F401 - desk_data is a fixture
    desk_data,
    desk_person,
    dialogs,
    fits,
    save,
    settle,
)

ROOT = Path(__file__).resolve().parents[2]
NETBOOK_AT_150 = {"screens": [{"name": "netbook-150", "x": 0, "y": 0, "width": 1024,
                               "height": 600, "logicalDpiX": 96, "logicalDpiY": 96,
                               "dpr": 1}],
                  "windowFrameMargins": True}
ON_THE_SCREEN = ("test_form_errors_on_this_screen", "test_dialogs_on_this_screen",
                 "test_first_start_on_this_screen")


@pytest.fixture(scope="module")
def found(tmp_path_factory) -> dict[str, dict[str, list[str]]]:
    """What each check run on the scaled screen found, by the check's name."""
    folder = tmp_path_factory.mktemp("scaled")
    config = folder / "screen.json"
    config.write_text(json.dumps(NETBOOK_AT_150))
    env = {k: v for k, v in os.environ.items() if k != "QT_SCREEN_SCALE_FACTORS"}
    env.update(QT_SCALE_FACTOR="1.5", QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               VAXDESK_SCALED_FOUND=str(folder))
    here = Path(__file__).relative_to(ROOT)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         *(f"{here}::{check}" for check in ON_THE_SCREEN)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    results = {path.stem: json.loads(path.read_text()) for path in folder.glob("*.json")
               if path != config}
    assert run.returncode == 0 and set(results) == set(ON_THE_SCREEN), run.stdout[-3000:]
    return results


def report(check: str, problems: dict[str, list[str]]) -> None:
    """A check's findings, for the tests above it to assert on."""
    found = {k: v for k, v in problems.items() if v}
    path = Path(os.environ["VAXDESK_SCALED_FOUND"]) / f"{check}.json"
    path.write_text(json.dumps(found, ensure_ascii=False))


def test_a_form_showing_its_errors_stays_on_the_screen(found):
    assert found["test_form_errors_on_this_screen"] == {}


def test_every_dialog_opens_within_the_screen(found):
    assert found["test_dialogs_on_this_screen"] == {}


def test_the_first_start_fits_the_screen(found):
    assert found["test_first_start_on_this_screen"] == {}


on_the_scaled_screen = pytest.mark.skipif(not os.environ.get("VAXDESK_SCALED_FOUND"),
                                          reason="run on a scaled screen by the tests above")


@on_the_scaled_screen
def test_form_errors_on_this_screen(qtbot, db, site, tmp_path):
    """The hotline form (Complaints → Take a complaint by phone) refused with an error
    under six of its fields grows downwards: its buttons must stay on the screen."""
    from desktop_app.ui.complaints.hotline_form import HotlineDialog

    set_language("vi")
    ctx = AppContext(db, TaskRunner(), "vi")
    ctx.actor = accounts.login(db, TEST_USER, TEST_PASSWORD)
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, ctx)
    dialog = HotlineDialog(ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, ctx, 100)
    dialog.id_number.setText("12")
    dialog.full_name.setText("a1")
    dialog.dob.setText("31/02/2030")
    dialog.phone.setText("abc")
    dialog.dose_date.setText("01/01/2031")
    dialog.commune_code.lineEdit().setText("xyzxyz")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.problems.labels["commune_code"].isVisible(), timeout=10_000)
    settle(qtbot, ctx, 200)
    room = dialog.screen().availableGeometry()
    frame = dialog.frameGeometry()
    problems = {"hotline with errors": [] if room.contains(frame) else [
        f"its frame {frame.getRect()} runs past the screen {room.getRect()}: "
        f"{frame.bottom() - room.bottom()} px below, where its buttons are"]}
    save(dialog, tmp_path, "hotline-errors")
    dialog.done(0)  # closed by the test's end, it would ask whether to drop what it holds
    report("test_form_errors_on_this_screen", problems)


def too_big(widget: QWidget) -> list[str]:
    room, frame = widget.screen().availableGeometry(), widget.frameGeometry().size()
    if frame.width() > room.width() or frame.height() > room.height():
        return [f"opens {frame.width()}×{frame.height()} (its frame), the screen has "
                f"{room.width()}×{room.height()}"]
    return []


@on_the_scaled_screen
def test_dialogs_on_this_screen(qtbot, db, request, tmp_path):
    """Each as it asks to open (what a window manager is given, and need not shrink), and
    laid out within the screen: those test_screen_sizes.py opens, and a supervisor's
    menus, a record's correction, a merge and a complaint's record."""
    from desktop_app.ui.accounts.accounts_dialog import AccountsDialog
    from desktop_app.ui.audit_trail_dialog import AuditTrailDialog
    from desktop_app.ui.backups_dialog import BackupsDialog
    from desktop_app.ui.cleaning.case_merge import CaseMergeDialog
    from desktop_app.ui.complaints.link_dialog import LinkDialog
    from desktop_app.ui.passphrase_change_dialog import PassphraseChangeDialog
    from desktop_app.ui.records.correction_dialogs import CorrectPersonDialog

    dose_id = request.getfixturevalue("desk_data").dose_id  # one person, two doses
    set_language("vi")
    ctx = AppContext(db, TaskRunner(), "vi")
    ctx.actor = accounts.login(db, TEST_USER, TEST_PASSWORD)
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, ctx)
    person = person_view(db, desk_person(db))
    call = complaints.take_hotline(db, wire.Submission(
        wire.DETAILS_WRONG, "001190000123", "Nguyễn Thị Nhung", date(1990, 9, 5)),
        actor=ctx.actor)
    opened = dialogs(ctx, window, db, dose_id, tmp_path) | {
        "accounts": lambda: AccountsDialog(ctx, window),
        "audit trail": lambda: AuditTrailDialog(ctx, window),
        "backups": lambda: BackupsDialog(ctx, window),
        "passphrase change": lambda: PassphraseChangeDialog(ctx, window),
        "correct person": lambda: CorrectPersonDialog(ctx, person, window),
        "merge": lambda: CaseMergeDialog(ctx, person, window),
        "complaint's record": lambda: LinkDialog(ctx, call, window),
    }
    problems: dict[str, list[str]] = {}
    for name, make in opened.items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot, ctx, 60)
        problems[name] = too_big(dialog) + fits(dialog, dialog.screen().availableGeometry()
                                                .size())[:3]
        save(dialog, tmp_path, f"dialog-{name}")
        dialog.done(0) if name != "setup-first-run" else dialog.hide()  # it would ask
    report("test_dialogs_on_this_screen", problems)


@on_the_scaled_screen
def test_first_start_on_this_screen(qtbot, db, tmp_path):
    """What a new laptop shows first: the passphrase choice (with the demo and a restore),
    a backup restored onto it (a lost laptop's), the first supervisor's login, and the
    site's setup."""
    from desktop_app.services import backups
    from desktop_app.ui.login_dialog import LoginDialog
    from desktop_app.ui.restore_dialog import RestoreDialog
    from desktop_app.ui.setup.setup_dialog import SetupDialog
    from desktop_app.ui.unlock_dialog import UnlockDialog

    set_language("vi")
    ctx = AppContext(db, TaskRunner(), "vi")
    opened = {
        "passphrase": lambda: UnlockDialog(tmp_path / "new.db", "vi", new=True),
        "restore": lambda: RestoreDialog(tmp_path / "new.db", backups.make_backup(db).path,
                                         None, None, "vi", fresh=True),
        "first supervisor": lambda: LoginDialog(db, "vi", first=True),
        "site setup": lambda: SetupDialog(ctx, None, first_run=True),
    }
    problems: dict[str, list[str]] = {}
    for name, make in opened.items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot, ctx, 60)
        problems[name] = too_big(dialog) + fits(dialog, dialog.screen().availableGeometry()
                                                .size())
        save(dialog, tmp_path, f"first-{name}")
        dialog.hide()
    report("test_first_start_on_this_screen", problems)
