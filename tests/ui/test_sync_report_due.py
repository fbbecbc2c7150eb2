"""A desk open and online with nothing to send still reports (review_province, defect 1).

The app's timer started a round only when records waited or the link came back: a site
online all day with nothing new sent its report once, at start, and the platform's
dashboard, which marks a site silent for a day as an old report ("báo cáo cũ"), took it
for a laptop gone offline. Each round sends the report (``sync/site_report.py``); the
timer now starts one at least hourly. The hour is made to pass by writing the last
round's time back, not by waiting; the platform is a real central server."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.ui.context import AppContext
from desktop_app.ui.sync.controller import REPORT_EVERY_S, SyncController
from desktop_app.ui.tasks import TaskRunner
from tests.ui.desk_helpers import record_probes


def _report_made(server) -> object:  # noqa: ANN001
    """When the platform holds the site's standing report as made (its own clock)."""
    engine = sqlalchemy.create_engine(server.database_url)
    with engine.connect() as conn:
        made = conn.exec_driver_sql("SELECT made_at FROM site_report_mark").scalar_one()
    engine.dispose()
    return made


def test_a_desk_online_with_nothing_to_send_reports_every_hour(
        qtbot, wired, monkeypatch):  # noqa: ANN001
    ctx = AppContext(wired.db, TaskRunner(), "vi")
    sync = SyncController(ctx, auto=False)
    rounds = []
    sync.finished.connect(rounds.append)
    probed = record_probes(sync, monkeypatch)

    with qtbot.waitSignal(sync.finished, timeout=30_000):
        sync.check()  # the app's first look: the platform is there, a round
    assert rounds[-1].site_report is True
    first = _report_made(wired.server)

    sync.check()  # a minute later: online, nothing waiting, the report just sent
    qtbot.waitUntil(lambda: len(probed) == 2, timeout=10_000)
    ctx.runner.wait_idle()
    assert probed[-1] == (True, 0, False)
    assert len(rounds) == 1 and not sync.running

    with wired.db.transaction() as s:  # the last round ended an hour ago
        settings.write(s, settings.LAST_SYNC,
                       (utc_now() - timedelta(seconds=REPORT_EVERY_S)).isoformat())
    with qtbot.waitSignal(sync.finished, timeout=30_000):
        sync.check()
    assert probed[-1] == (True, 0, True)
    assert len(rounds) == 2 and rounds[-1].site_report is True  # sent, nothing else to
    assert rounds[-1].sent == 0
    assert _report_made(wired.server) >= first
    ctx.runner.wait_idle()
