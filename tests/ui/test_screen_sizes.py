"""Every area and dialog fits the screens clerks have: a 1024×600 netbook and a 1366×768
laptop (issue #19: the main window used to be 1,422 px wide whatever was done), and every
area the room those leave at 125 % or 150 % display scaling (``SCALED``).

The real main window is resized to each size offscreen, every area is visited by its Ctrl+N
shortcut (the desk also with a person picked and with the new-person form open), and every
visible widget, mapped to the window, must lie inside it; the window's minimum size must not
exceed the screen. Dialogs are opened the same way, at their own size but never larger than
the screen. Each is saved as a PNG (to the test's tmp folder, and to docs/screens/small/
when VAXDESK_SCREENS_OUT is set) to be looked at.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QPushButton,
    QScrollArea,
    QWidget,
)
from pytestqt.exceptions import TimeoutError as NotSettled

from desktop_app.clock import local_today
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.day_defaults import set_day_defaults
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner

SIZES = [QSize(1024, 600), QSize(1366, 768)]
# What Qt lays a window out in on a 1024×600 netbook at 125 % display scaling and a
# 1366×768 laptop at 150 %: the screen's pixels divided by the scale.
SCALED = [QSize(819, 480), QSize(911, 512)]
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screens" / "small"


def outside(window: QWidget) -> list[str]:
    """The visible widgets that lie (partly) outside ``window``, by name and rectangle.

    A widget inside a scroll area may run past the window: the scroll area shows it by
    scrolling, so only the scroll area's own viewport is checked."""
    bounds = window.rect()
    found = []
    for child in window.findChildren(QWidget):
        if not child.isVisible() or child.isWindow() or _scrolled(child, window):
            continue
        top_left = child.mapTo(window, child.rect().topLeft())
        rect = QRect(top_left, child.size())
        if not bounds.contains(rect):
            name = child.objectName() or type(child).__name__
            label = getattr(child, "text", lambda: "")()
            found.append(f"{name} {label!r} at {rect.getRect()} not in {bounds.getRect()}")
    # A form that scrolls only up and down must not be cut at the right.
    for area in window.findChildren(QScrollArea):
        form = area.widget()
        if (area.isVisible() and form is not None and form.isVisible()
                and area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
                and form.width() > area.viewport().width()):
            found.append(f"{type(form).__name__} in a scroll area is {form.width()} px wide, "
                         f"cut to {area.viewport().width()}")
    return found


def _scrolled(child: QWidget, window: QWidget) -> bool:
    """Whether ``child`` is scrolled into view by a scroll area: in its viewport, or in a
    scroll area (its scroll bar) inside another's viewport, as the desk's entry is."""
    parent = child.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and child is not parent.viewport() \
                and parent.viewport().isAncestorOf(child):
            return True
        parent = parent.parentWidget()
    return False


def unreachable(window: QWidget) -> list[str]:
    """The visible widgets in a scroll area that lie (partly) outside what it scrolls
    through: scrolling does not bring those into view."""
    found = []
    for area in window.findChildren(QScrollArea):
        form = area.widget()
        if not area.isVisible() or form is None:
            continue
        for child in form.findChildren(QWidget):
            if not child.isVisible() or child.isWindow() or _scrolled(child, form):
                continue  # one in a scroll area within this one: that one is checked
            rect = QRect(child.mapTo(form, child.rect().topLeft()), child.size())
            if not form.rect().contains(rect):
                name = child.objectName() or type(child).__name__
                found.append(f"{name} at {rect.getRect()} not in what its scroll area "
                             f"scrolls through, {form.rect().getRect()}")
    return found


def fits(widget: QWidget, size: QSize) -> list[str]:
    need = widget.minimumSizeHint().expandedTo(widget.minimumSize())
    problems = []
    if need.width() > size.width() or need.height() > size.height():
        problems.append(f"{type(widget).__name__} needs at least "
                        f"{need.width()}×{need.height()}, the screen is "
                        f"{size.width()}×{size.height()}")
    return problems + outside(widget) + unreachable(widget) + cut_buttons(widget)


def cut_buttons(window: QWidget) -> list[str]:
    """The visible push buttons narrower than their words: the style elides them ("Mở khóa
    cho phiên làm việ…" at 1024 px), and a clerk cannot tell what they do."""
    found = []
    for button in window.findChildren(QPushButton):
        if not button.isVisible() or _scrolled(button, window) or not button.text():
            continue
        words = button.sizeHint().width()  # the words and the style's margins around them
        if button.width() < words:
            found.append(f"button {button.text()!r} is {button.width()} px, its words need "
                         f"{words} px")
    return found


def settled_fit(qtbot, widget: QWidget, size: QSize, *also: QWidget) -> list[str]:
    """``fits`` (and nothing scrolled sideways in ``also``) once the layout has settled: a
    scroll bar that appears sets off a second layout pass, which a loaded machine may not
    have run by the first look. What stays wrong for 3 s is what a clerk sees."""
    found: list[str] = []

    def fine() -> bool:
        found[:] = fits(widget, size) + [p for w in also for p in scrolled_sideways(w)]
        return not found

    with contextlib.suppress(NotSettled):
        qtbot.waitUntil(fine, timeout=3000)
    return found


def settle(qtbot, ctx, ms: int = 60) -> None:
    ctx.runner.wait_idle()
    qtbot.wait(ms)
    ctx.runner.wait_idle()
    QApplication.processEvents()


def save(widget: QWidget, tmp_path: Path, name: str) -> None:
    image = widget.grab()
    image.save(str(tmp_path / f"{name}.png"))
    if os.environ.get("VAXDESK_SCREENS_OUT"):
        OUT.mkdir(parents=True, exist_ok=True)
        image.save(str(OUT / f"{name}.png"))


def scrolled_sideways(widget: QWidget) -> list[str]:
    """The lists and tables in ``widget`` that hide part of their lines behind a horizontal
    scroll bar (the desk's search cut its last dose so, its observation list the time)."""
    return [f"{type(area).__name__} {area.objectName()!r} scrolls sideways"
            for area in widget.findChildren(QAbstractScrollArea)
            if area.isVisible() and area.horizontalScrollBar().isVisible()]


@pytest.fixture
def desk_data(db, site):
    set_day_defaults(db, "COMIRNATY", "FK8891", "Y tá Phạm Thị Lan", actor=AT_THIS_LAPTOP)
    first = record_dose(
        db, DoseInput("COMIRNATY", "FK1290", 1, date(2021, 11, 5), "Y tá Hoa"),
        person=PersonInput("Nguyễn Thị Nhung", date(1990, 9, 5), Sex.FEMALE, IdType.CCCD,
                           "001190000123", phone="0912345678"), actor=AT_THIS_LAPTOP)
    # Dose 2 today: she sits in the observation list while the areas are looked at.
    record_dose(db, DoseInput("COMIRNATY", "FK8891", 2, local_today(), "Y tá Lan"),
                person_id=first.person_id, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    return first


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_area_fits_the_screen(qtbot, db, desk_data, tmp_path, size, lang):
    set_language(lang)
    ctx = AppContext(db, TaskRunner(), lang)
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.resize(size)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.size() == size
    tag = f"{size.width()}x{size.height()}-{lang}"
    problems = visit_areas(qtbot, ctx, window, size, tmp_path, tag)
    problems |= visit_desk(qtbot, ctx, window, size, tmp_path, tag)

    assert {k: v for k, v in problems.items() if v} == {}


def visit_areas(qtbot, ctx, window: MainWindow, size: QSize, tmp_path: Path,
                tag: str) -> dict[str, list[str]]:
    """What ``fits`` finds in each area, visited by its Ctrl+N shortcut."""
    problems: dict[str, list[str]] = {}
    for index, key in enumerate(window.areas):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is window.areas[key]
        settle(qtbot, ctx)
        problems[key] = settled_fit(qtbot, window, size)
        save(window, tmp_path, f"{key}-{tag}")
    return problems


def visit_desk(qtbot, ctx, window: MainWindow, size: QSize, tmp_path: Path,
               tag: str) -> dict[str, list[str]]:
    """What ``fits`` finds at the desk searching, with a person picked and with the
    new-person form open: the states that add the entry beside or over the search."""
    problems: dict[str, list[str]] = {}
    desk = window.areas["record"]
    window.show_area("record")
    desk.search.box.setText("nguyen thi nh")
    qtbot.waitUntil(lambda: desk.search.model.rowCount() > 0)
    settle(qtbot, ctx)
    assert desk.observation.list.count() == 1
    problems["desk searching"] = settled_fit(qtbot, window, size, desk)
    save(window, tmp_path, f"desk-search-{tag}")
    desk.search.pick_current()
    settle(qtbot, ctx)
    problems["desk with a person"] = settled_fit(qtbot, window, size, desk.observation)
    save(window, tmp_path, f"desk-person-{tag}")
    desk.back_to_search()
    desk.start_new_person("")
    settle(qtbot, ctx)
    problems["desk new person"] = settled_fit(qtbot, window, size, desk.observation)
    save(window, tmp_path, f"desk-new-person-{tag}")
    desk.back_to_search()
    return problems


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", SCALED, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_area_fits_a_scaled_screen(qtbot, db, desk_data, tmp_path, size, lang):
    """The room Qt lays the window out in when the desktop scales the display: the column
    choices of a spreadsheet import made the window 949 px wide whatever was shown, and the
    desk with a person picked or a new one's form open needed 996 px (893 in English), its
    forms beside the search and the observation list."""
    set_language(lang)
    ctx = AppContext(db, TaskRunner(), lang)
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.resize(size)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.size() == size
    tag = f"scaled-{size.width()}x{size.height()}-{lang}"
    problems = visit_areas(qtbot, ctx, window, size, tmp_path, tag)
    problems |= visit_desk(qtbot, ctx, window, size, tmp_path, tag)
    assert {k: v for k, v in problems.items() if v} == {}


def dialogs(ctx, window, db, dose_id, tmp_path):
    """Every dialog that opens without more than the one dose the fixture records."""
    from desktop_app.ui.certificates.key_dialogs import PassphraseDialog
    from desktop_app.ui.certificates.verify_dialog import VerifyDialog
    from desktop_app.ui.cleaning.move_dialog import MoveDialog
    from desktop_app.ui.complaints.hotline_form import HotlineDialog
    from desktop_app.ui.complaints.note_dialog import NoteDialog
    from desktop_app.ui.desk.call_back_dialog import CallBackDialog
    from desktop_app.ui.desk.screening_dialog import ScreeningDialog
    from desktop_app.ui.login_dialog import LoginDialog
    from desktop_app.ui.records.correction_dialogs import VoidDialog
    from desktop_app.ui.records.record_dialog import RecordDialog
    from desktop_app.ui.setup.setup_dialog import SetupDialog
    from desktop_app.ui.unlock_dialog import UnlockDialog

    person_id = desk_person(db)
    return {
        "setup-first-run": lambda: SetupDialog(ctx, window, first_run=True),
        "setup": lambda: SetupDialog(ctx, window),
        "record": lambda: RecordDialog(ctx, dose_id, window),
        "void": lambda: VoidDialog(ctx, dose_id, "Nguyễn Thị Nhung, Comirnaty mũi 1", window),
        "screening": lambda: ScreeningDialog(ctx, person_id, "Nguyễn Thị Nhung", window),
        "call-back": lambda: CallBackDialog(ctx, window),
        "verify": lambda: VerifyDialog(ctx, window),
        "passphrase-create": lambda: PassphraseDialog(ctx, window, create=True),
        "hotline": lambda: HotlineDialog(ctx, window),
        "note": lambda: NoteDialog("Ghi chú", "Vì sao?", parent=window),
        "move": lambda: MoveDialog("Chuyển sang đã liên hệ?", ["Nguyễn Thị Nhung"], window),
        "login-first": lambda: LoginDialog(db, ctx.lang, first=True),
        "unlock-new": lambda: UnlockDialog(tmp_path / "other.db", ctx.lang, new=True),
    }


def desk_person(db) -> str:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return conn.execute(text("SELECT id FROM person")).scalar_one()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s.width()}x{s.height()}")
def test_every_dialog_fits_the_screen(qtbot, db, desk_data, tmp_path, size):
    set_language("vi")
    ctx = AppContext(db, TaskRunner(), "vi")
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.resize(size)
    window.show()
    problems: dict[str, list[str]] = {}
    for name, make in dialogs(ctx, window, db, desk_data.dose_id, tmp_path).items():
        dialog = make()
        qtbot.addWidget(dialog)
        dialog.show()
        settle(qtbot, ctx, 100)
        # A window manager gives a dialog its size hint, never more than the screen.
        dialog.resize(dialog.sizeHint().boundedTo(size).expandedTo(dialog.minimumSizeHint()))
        settle(qtbot, ctx, 30)
        problems[name] = settled_fit(qtbot, dialog, size)
        save(dialog, tmp_path, f"dialog-{name}-{size.width()}x{size.height()}")
        if name == "setup-first-run":  # Save with nothing typed: an error under each field
            for line in (dialog.code, dialog.name, dialog.lot, dialog.vaccinator):
                line.clear()
            dialog.province.setCurrentIndex(-1)
            dialog.product.setCurrentIndex(0)  # "—": no vaccine chosen
            dialog.save_button.click()
            settle(qtbot, ctx, 100)
            qtbot.waitUntil(lambda d=dialog: all(d._errors[f].isVisible()
                                        for f in ("code", "name", "province")))
            problems[f"{name} with errors"] = settled_fit(qtbot, dialog, size)
            save(dialog, tmp_path, f"dialog-{name}-errors-{size.width()}x{size.height()}")
        dialog.done(0) if name != "setup-first-run" else dialog.hide()
    assert {k: v for k, v in problems.items() if v} == {}


def test_the_check_sees_a_widget_off_the_window_and_a_too_wide_minimum(qtbot):
    from PySide6.QtWidgets import QHBoxLayout, QPushButton

    window = QWidget()
    qtbot.addWidget(window)
    row = QHBoxLayout(window)
    wide = QPushButton("Lưu")
    wide.setFixedWidth(1400)  # what the old desk did, in effect
    row.addWidget(wide)
    window.resize(1024, 600)
    window.show()
    qtbot.waitExposed(window)
    assert any("needs at least" in p for p in fits(window, QSize(1024, 600)))
    save_button = QPushButton("Lưu", window)
    save_button.setGeometry(1412 - window.x(), 10, 80, 24)  # where the old Save button was
    save_button.show()
    assert any("'Lưu'" in p and "not in" in p for p in outside(window))
    squeezed = QPushButton("Mở khóa cho phiên làm việc…", window)
    squeezed.setGeometry(10, 40, 90, 24)  # a layout that shrank it below its words
    squeezed.show()
    assert any("'Mở khóa" in p and "its words need" in p for p in cut_buttons(window))


# A screen of a netbook's size for the test below: Qt's offscreen platform reads its screens
# from a file given when the application starts, so that test runs in a process of its own.
NETBOOK = {"screens": [{"name": "netbook", "x": 0, "y": 0, "width": 1024, "height": 600,
                        "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}],
           "windowFrameMargins": True}


def test_on_a_1024x600_screen_every_window_opens_within_it(tmp_path):
    config = tmp_path / "netbook.json"
    config.write_text(json.dumps(NETBOOK))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         f"{Path(__file__).relative_to(ROOT)}::{test_windows_and_dialogs_open_within_the_screen.__name__}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env=dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
                 VAXDESK_NETBOOK_SCREEN="1"))
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout[-3000:]


@pytest.mark.skipif(not os.environ.get("VAXDESK_NETBOOK_SCREEN"),
                    reason="run on a 1024x600 screen by the test above")
def test_windows_and_dialogs_open_within_the_screen(qtbot, db, desk_data, tmp_path):
    """Each as it asks to open, not resized by the test, on a 1024×600 screen: a window
    manager need not shrink a window that asks for more (the main window asked for 1180×760,
    the record for 900×620)."""
    set_language("vi")
    ctx = AppContext(db, TaskRunner(), "vi")
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.show()
    room = window.screen().availableGeometry()
    assert (room.width(), room.height()) == (1024, 600)
    opened: dict[str, QWidget] = {"main window": window}
    opened |= {name: make() for name, make in
               dialogs(ctx, window, db, desk_data.dose_id, tmp_path).items()}
    too_big = {}
    for name, widget in opened.items():
        qtbot.addWidget(widget)
        widget.show()
        settle(qtbot, ctx, 30)
        size = widget.frameGeometry().size()
        if size.width() > room.width() or size.height() > room.height():
            too_big[name] = (size.width(), size.height())
        if widget is not window:  # the first run's setup would ask whether to quit
            widget.done(0) if name != "setup-first-run" else widget.hide()
    assert too_big == {}


def test_a_warning_on_a_paired_field_takes_the_rows_width(qtbot, db):
    """Under "Mũi thứ" alone (half of its row beside "Ngày tiêm"), the interval warning
    wrapped into a column a word wide at 1024 px, seven lines tall (a reviewer)."""
    from desktop_app.rules.problems import warning
    from desktop_app.ui.desk.dose_form import DoseForm

    form = DoseForm(db.catalogue, lambda p: p.message("vi"), "vi")
    qtbot.addWidget(form)
    form.resize(480, 300)
    form.show()
    form.show_problems([warning("DOSE_INTERVAL_SHORT", "dose_number", dose_number=2, days=0,
                                min_days=28, product="Vaxzevria (AstraZeneca)")])
    label = form.problems.labels["dose_number"]
    qtbot.waitUntil(lambda: label.isVisible())
    assert label.width() >= form.dose_number.width() + form.dose_date.width()
    assert label.height() <= 3 * label.fontMetrics().lineSpacing()
