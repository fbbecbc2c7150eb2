"""The demo's window tells one story about sync (review 4 Dec 2026: its status bar said
"Last sync: never · Central platform not set up" beside thousands of records "Synced", and
its Sync area saved a platform's address and synced to it)."""

from __future__ import annotations

import shutil
from datetime import datetime, time

import pytest

from desktop_app.rules.demo import DEMO_FILENAME
from desktop_app.rules.messages import text
from desktop_app.services import demo
from desktop_app.services.database import open_database
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Made today, as its clock's "now" at least an hour into the day: one made in the
    day's first 40 minutes keeps its people in observation (their 30 minutes not over),
    which the test below does not expect (a CI run at 00:20 failed on it)."""
    from desktop_app.clock import local_to_utc, local_today, utc_now

    today = local_today()
    now = max(utc_now(), local_to_utc(datetime.combine(today, time(1, 0))))
    return demo.make_demo(tmp_path_factory.mktemp("made") / DEMO_FILENAME, people=40,
                          today=today, now=now)


@pytest.fixture
def window(qtbot, made, tmp_path):
    copy = tmp_path / DEMO_FILENAME
    shutil.copy(made.path, copy)
    with open_database(copy, demo.DEMO_PASSPHRASE) as db:
        set_language("en")
        ctx = AppContext(db, TaskRunner(), "en")
        ctx.actor = demo.demo_login(db)
        shown = MainWindow(ctx, auto_sync=False)
        qtbot.addWidget(shown)
        shown.resize(1366, 768)
        shown.show()
        yield shown
        ctx.runner.wait_idle()
        shown.close()


def test_the_status_bar_says_the_demos_sync_is_off_and_its_last_sync_is_the_samples(
        qtbot, window):
    status = window.status
    qtbot.waitUntil(lambda: status.connection_label.text() == "Demo: sync is off")
    assert status.last_sync_label.text().startswith("Last sync: ")
    assert status.last_sync_label.text() != "Last sync: never"
    assert "never sends anything" in status.connection_label.toolTip()


def test_the_sync_area_says_why_before_anything_is_typed(qtbot, window):
    window.show_area("sync")
    sync = window.areas["sync"]
    qtbot.waitUntil(lambda: not sync.sync_button.isEnabled())
    assert not (sync.server.isEnabled() or sync.token.isEnabled()
                or sync.save_button.isEnabled())
    assert sync.result_label.text() == text("DEMO_NOT_SENT", "en")
    assert window.may_close()  # nothing typed there to lose


def test_records_reports_and_the_call_back_list_open_on_the_demos_recent_days(qtbot, window,
                                                                            made):
    """Its doses were of 2021-2022: a newcomer's Records (today), Reports (the last 30
    days) and call-back list were empty. Now today's desk work is listed, nobody is left in
    observation, and the list has people to call."""
    from desktop_app.ui.desk.call_back_dialog import CallBackDialog

    assert made.today > 0
    window.show_area("records")
    records = window.areas["records"]
    qtbot.waitUntil(lambda: records.model.rowCount() == made.today)
    window.show_area("reports")
    reports = window.areas["reports"]
    qtbot.waitUntil(lambda: reports.model.rowCount() > 0)
    window.show_area("record")
    desk = window.areas["record"]
    qtbot.waitUntil(lambda: desk.observation.empty.isVisible())
    assert desk.observation.watched == []
    desk.call_back_button.click()
    [dialog] = window.findChildren(CallBackDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    dialog.close()
