"""A clerk at the keyboard moves through every area with Tab: Qt's tables took Tab to go
from cell to cell, and its text boxes took it as a character, so whoever tabbed into the
complaints list, a record's doses or a void's reason never left them (the buttons beside
were out of reach). Real widgets, the keys pressed."""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QPlainTextEdit

import desktop_app
from tests.ui.desk_helpers import open_area

UI = Path(desktop_app.__file__).parent / "ui"


def test_tab_leaves_the_records_list_for_the_rest_of_the_area(qtbot, db, site, boss):
    from tests.ui.test_records_screen import doses

    doses.__wrapped__(db, site)  # three doses today, the list's first view
    ctx, window, screen = open_area(qtbot, db, "records", actor=boss)
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    screen.table.setFocus()
    qtbot.waitUntil(screen.table.hasFocus)
    reached = []
    for _ in range(15):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached[0] is not screen.table  # out at the first Tab
    assert screen.person in reached and screen.open_button in reached  # the whole area
    ctx.runner.wait_idle()


def test_every_area_lets_tab_through_its_tables_and_text_boxes(qtbot, db, site, boss):
    ctx, window, _screen = open_area(qtbot, db, "record", actor=boss)
    for area in window.areas:
        window.show_area(area)
    trapping = [type(w.parent()).__name__ + "/" + (w.objectName() or type(w).__name__)
                for w in window.findChildren(QAbstractItemView)
                if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.tabKeyNavigation()
                and w is not window.nav]
    typing_tabs = [w for w in window.findChildren(QPlainTextEdit) if not w.tabChangesFocus()]
    assert trapping == [] and typing_tabs == []
    ctx.runner.wait_idle()


def test_tables_and_text_boxes_are_made_where_tab_moves_on():
    """Every table of ``ui/`` is a ``row_view`` or an ``item_table`` and every
    several-line box a ``text_box``, in dialogs too (the desk's list of people found takes
    no focus: the search box keeps it)."""
    made_elsewhere = []
    for path in UI.rglob("*.py"):
        if path.name in ("text_box.py", "row_table.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in (
                    "QPlainTextEdit", "QTextEdit", "QTableWidget", "QTableView"):
                made_elsewhere.append(f"{path.relative_to(UI)}:{node.lineno}")
    # The file, not its line: an import added above the call is no trap.
    assert [m.split(":")[0] for m in made_elsewhere] == ["desk/search_panel.py"]


def _tab_round(qtbot, dialog, times: int) -> None:
    for _ in range(times):
        QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Tab)


def test_enter_saves_the_screening_after_tabbing_round_it(qtbot, db, site):
    """Save screening was made the default before its box was in the dialog: once Tab had
    passed over Cancel, Cancel stayed the default, and Enter closed the checklist as
    cancelled, nothing saved and nothing said."""
    from PySide6.QtWidgets import QDialog

    from desktop_app.ui.context import AppContext
    from desktop_app.ui.desk.screening_dialog import ScreeningDialog
    from desktop_app.ui.tasks import TaskRunner

    ctx = AppContext(db, TaskRunner(), "en")
    dialog = ScreeningDialog(ctx, None, "Nguyễn Thị Nhung")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    _tab_round(qtbot, dialog, 40)  # round it twice, past Save and Cancel
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.outcome_saved is not None


def test_an_account_form_opens_on_its_first_field_its_buttons_last(qtbot, db, site, boss):
    """"Change my password" opened on its OK button: what was typed went nowhere, and
    Enter sent the empty form ("needs at least 8 characters")."""
    from desktop_app.ui.accounts.account_forms import OwnPasswordForm
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.tasks import TaskRunner

    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    form = OwnPasswordForm(ctx)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    first = QApplication.focusWidget()
    assert first is form.current
    order = [first]
    for _ in range(4):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order[:3] == [form.current, form.new, form.again]
    assert order[3] is form.ok_button
    ctx.runner.wait_idle()


def _mnemonic(text: str) -> str | None:
    import re

    found = re.search(r"&([^&\s])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def test_no_area_takes_an_alt_key_the_menu_bar_or_another_control_has(qtbot, db, site,
                                                                         boss):
    """Alt+S went to "Change &status" and to the &Settings menu by turns; in Vietnamese
    "&Từ ngày" and the &Tài khoản menu, "&Nhập kết quả…" and the &Ngôn ngữ menu."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    clashes = []
    for lang in ("en", "vi"):
        ctx, window, _screen = open_area(qtbot, db, "record", lang, actor=boss)
        menus = {_mnemonic(a.text()) for a in window.menuBar().actions()} - {None}
        for key, area in window.areas.items():
            seen: dict[str, list[str]] = {}
            texts = [w.title() for w in area.findChildren(QGroupBox)] + [
                w.text() for w in area.findChildren(QAbstractButton) + area.findChildren(QLabel)]
            for said in texts:
                letter = _mnemonic(said)
                if letter:
                    seen.setdefault(letter, []).append(said)
            clashes += [(lang, key, said) for letter, said in seen.items()
                        if letter in menus or len(said) > 1]
        window.close()
        ctx.runner.wait_idle()
    assert clashes == []
