"""What the complaints list says in its cells, and which resolution it offers, as a
reviewer found them wrong: an unmatched complaint read "No record here (0011…)" though the
citizen gave their name; a phone call's "not sent yet" sat in the code column; "Add the
missing dose" was offered for a missing date of birth; "Received" was cut at 1280 px."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop_app.services import complaints
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.ui.complaints.complaint_table_model import COLUMNS
from desktop_app.ui.complaints.complaints_screen import ComplaintsScreen
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, paper
from tests.complaints.people import arrived

UNKNOWN_ID = "001190004321"  # nobody here has it


@pytest.fixture
def routed(db, site):
    """Lan on file with a missing dose; Bình, not on file, missing his date of birth; Yến,
    not on the system at all; a call taken here, not sent yet."""
    paper(db)
    arrived(db, GOOD_ID, code="PA-00000001")
    arrived(db, UNKNOWN_ID, code="PA-00000002", kind=wire.MISSING_DOB, dose_number=None,
            dose_date=None, full_name="Nguyễn Văn Bình", text="Hồ sơ không có ngày sinh.")
    arrived(db, "001185009999", code="PA-00000003", kind=wire.NOT_ON_SYSTEM,
            full_name="Hoàng Thị Yến")
    complaints.take_hotline(db, wire.Submission(
        wire.DETAILS_HIDE_DOSES, "001185000777", "Phạm Văn Tuấn", date(1985, 6, 1),
        "0987654321", text="Tên thiếu chữ đệm."), actor=AT_THIS_LAPTOP)


@pytest.fixture
def screen(qtbot, db, boss, routed):
    set_language("en")
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    made = ComplaintsScreen(ctx)
    qtbot.addWidget(made)
    made.resize(1200, 600)
    made.show()
    made.activate()
    qtbot.waitUntil(lambda: made.model.rowCount() == 4)
    yield made
    ctx.runner.wait_idle()


def row_of(screen, name):
    model = screen.model
    return next(r for r in range(model.rowCount())
                if model.item_at(r).submission.full_name == name)


def cell(screen, row, column, role=Qt.ItemDataRole.DisplayRole):
    return screen.model.data(screen.model.index(row, COLUMNS.index(column)), role)


def test_an_unmatched_complaint_shows_the_name_the_citizen_gave(screen):
    row = row_of(screen, "Nguyễn Văn Bình")
    assert cell(screen, row, "person") == f"Nguyễn Văn Bình ({UNKNOWN_ID})"
    assert "No record here yet" in cell(screen, row, "person", Qt.ItemDataRole.ToolTipRole)
    lan = row_of(screen, "Phạm Thị Lan")
    assert cell(screen, lan, "person", Qt.ItemDataRole.ToolTipRole) == \
        cell(screen, lan, "person")


def test_a_call_not_sent_yet_has_no_code_and_says_so_in_its_status(screen):
    row = row_of(screen, "Phạm Văn Tuấn")
    assert cell(screen, row, "code") == "—"
    assert cell(screen, row, "status") == "Being handled · not sent yet"
    assert cell(screen, row_of(screen, "Phạm Thị Lan"), "code") == "PA-00000001"


@pytest.mark.parametrize("name, offered", [("Phạm Thị Lan", True),  # a dose missing
                                           ("Hoàng Thị Yến", True),  # not on the system
                                           ("Nguyễn Văn Bình", False),  # no date of birth
                                           ("Phạm Văn Tuấn", False)])  # details hide doses
def test_add_the_missing_dose_is_offered_only_where_a_dose_answers(screen, name, offered):
    screen.table.setCurrentIndex(screen.model.index(row_of(screen, name), 0))
    assert screen.add_dose_button.isEnabled() is offered
    assert screen.reject_button.isEnabled()


def test_received_is_read_whole_in_english_at_1280(qtbot, db, routed):
    set_language("en")
    ctx = AppContext(db, TaskRunner(), "en")
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    window.show_area("complaints")
    area = window.areas["complaints"]
    qtbot.waitUntil(lambda: area.model.rowCount() == 4)
    ctx.runner.wait_idle()
    qtbot.wait(50)
    table, header = area.table, area.table.horizontalHeader()
    column = COLUMNS.index("received")
    end = header.sectionViewportPosition(column) + header.sectionSize(column)
    assert end <= table.viewport().width()
    assert header.sectionSize(column) >= header.sectionSizeHint(column)
    ctx.runner.wait_idle()
