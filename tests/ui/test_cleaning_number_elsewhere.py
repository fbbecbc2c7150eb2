"""The worklist shows the number the platform holds for a person flagged "another ID number
at another site", beside the ID this laptop holds, so the supervisor can check both against
the card: in the problems column, its tooltip and the correction dialog; the latest number
when another came; in Vietnamese too."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.services import lookup
from desktop_app.ui.cleaning.case_correction import CaseCorrectionDialog
from desktop_app.ui.cleaning.case_table_model import COLUMNS
from tests.cleaning.brought import CCCD, CMND, held_here, on_platform
from tests.ui.cleaning_helpers import open_cleaning_screen

SAID = f"Another ID number at another site: {CCCD}"


@pytest.fixture
def errors():
    return []


@pytest.fixture
def flagged(db, site, boss):
    pid = held_here(db, boss)
    lookup.bring_person(db, on_platform(), actor=boss)
    return pid


@pytest.fixture
def screen(qtbot, db, boss, errors, flagged):
    made = open_cleaning_screen(qtbot, db, boss, errors)
    yield made
    if made.dialog is not None:
        made.dialog.close()
    made.ctx.runner.wait_idle()


def problems_cell(screen):
    return screen.model.index(0, COLUMNS.index("problems"))  # his is the only case


def test_the_worklist_shows_the_number_the_platform_holds(qtbot, screen, errors):
    cell = problems_cell(screen)
    qtbot.waitUntil(lambda: SAID in cell.data())
    assert SAID in cell.data(Qt.ItemDataRole.ToolTipRole)
    row = cell.row()  # beside the number this laptop holds, to compare
    assert screen.model.index(row, COLUMNS.index("id")).data() == CMND
    # The problem's group is named without anyone's number.
    problems = screen.counts.problem
    named = [problems.itemText(i) for i in range(problems.count())]
    assert any("Another ID number at another site" in n for n in named)
    assert not any(CCCD in n for n in named)
    assert not errors


def test_the_correction_dialog_says_the_number_to_check(qtbot, screen):
    cell = problems_cell(screen)
    qtbot.waitUntil(lambda: SAID in cell.data())
    screen.table.selectRow(cell.row())
    screen.correct_current()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, CaseCorrectionDialog))
    assert SAID in screen.dialog.open_problems.text()


def test_the_latest_number_is_shown(qtbot, db, boss, screen):
    lookup.bring_person(db, on_platform("001080000999", dose_id="b3"), actor=boss)
    screen.refresh()
    qtbot.waitUntil(lambda: "001080000999" in (problems_cell(screen).data() or ""))
    assert CCCD not in problems_cell(screen).data()


def test_in_vietnamese(qtbot, screen):
    screen.ctx.lang = "vi"
    screen.refresh()
    qtbot.waitUntil(lambda: f"Nơi khác ghi số CCCD/CMND khác: {CCCD}"
                    in (problems_cell(screen).data() or ""))
