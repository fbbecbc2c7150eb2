"""The desk's complaints countdown in the words of the province's dashboard: below an hour
it counts minutes (59 minutes left read "còn 0 giờ", as if already late), past two days
days and hours; red only once the deadline has passed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from central_server.dashboard.open_complaints import deadline
from central_server.dashboard.scope import Scope
from central_server.dashboard.tables import View
from desktop_app.clock import utc_now
from desktop_app.ui.complaints.complaint_table_model import COLUMNS, OVERDUE_COLOUR
from desktop_app.ui.complaints.complaints_screen import ComplaintsScreen
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.tasks import TaskRunner
from tests.cleaning.people import GOOD_ID
from tests.complaints.people import arrived

# From the deadline: what is left (positive) or how late (negative).
SPANS = (timedelta(minutes=59), timedelta(minutes=59, seconds=59), timedelta(hours=1),
         timedelta(hours=31, minutes=30), timedelta(minutes=-40),
         timedelta(hours=-5, minutes=-59), timedelta(hours=-53))


@pytest.fixture(params=["vi", "en"])
def screen(request, qtbot, db, site, boss):
    arrived(db, GOOD_ID, received=utc_now() - timedelta(hours=40))
    set_language(request.param)
    ctx = AppContext(db, TaskRunner(), request.param)
    ctx.actor = boss
    made = ComplaintsScreen(ctx)
    qtbot.addWidget(made)
    made.show()
    made.activate()
    qtbot.waitUntil(lambda: made.model.rowCount() == 1)
    yield made
    ctx.runner.wait_idle()
    set_language("vi")


def countdown(screen, role=Qt.ItemDataRole.DisplayRole):
    return screen.model.data(screen.model.index(0, COLUMNS.index("countdown")), role)


@pytest.mark.parametrize("left", SPANS, ids=str)
def test_the_desk_says_what_the_dashboard_says(screen, left):
    due = screen.model.item_at(0).due_at
    screen.model.tick(due - left)
    view = View(None, Scope("province", "01"), None, None, screen.ctx.lang)
    assert countdown(screen) == str(deadline(view, due, due - left))
    red = countdown(screen, Qt.ItemDataRole.ForegroundRole)
    assert (red is not None and red.color() == OVERDUE_COLOUR) == (left < timedelta(0))


def test_59_minutes_left_are_minutes_not_0_hours(screen):
    due = screen.model.item_at(0).due_at
    screen.model.tick(due - timedelta(minutes=59))
    assert countdown(screen) == {"vi": "Còn 59 phút", "en": "59 minutes left"}[screen.ctx.lang]
    assert countdown(screen, Qt.ItemDataRole.ForegroundRole) is None


@pytest.mark.parametrize(("left", "said"), [
    (timedelta(seconds=30), {"vi": "Còn 1 phút", "en": "1 minute left"}),
    (timedelta(0), {"vi": "Còn 1 phút", "en": "1 minute left"}),  # late only once past it
    (timedelta(seconds=-30), {"vi": "Quá hạn 1 phút", "en": "1 minute overdue"})], ids=str)
def test_the_last_and_first_minute_never_read_0(screen, left, said):
    """The dashboard's own copy says "0 phút" there; the desk says a minute."""
    due = screen.model.item_at(0).due_at
    screen.model.tick(due - left)
    assert countdown(screen) == said[screen.ctx.lang]
