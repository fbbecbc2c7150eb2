"""A platform that takes the connection and never answers (review 6 Dec 2026: the Sync area
said "Syncing…" for minutes with nothing else): the area says it is waiting for an answer
and that the records are safe, Stop says what it waits for, and the round ends."""

from __future__ import annotations

from desktop_app.services import sync as syncing
from desktop_app.ui.sync import sync_screen
from tests.sync.helpers import make_people
from tests.sync.hostile import Hostile, silent
from tests.ui.desk_helpers import open_area


def test_a_silent_platform_is_said_and_stop_says_what_it_waits_for(qtbot, wired,
                                                                   monkeypatch):
    front = Hostile(wired.server.url)
    try:
        for method in ("GET", "POST", "PUT"):
            front.on(method, "/", silent)
        make_people(wired.db, 1, doses_each=1)
        syncing.save_config(wired.db, front.url, wired.token, actor=wired.db.supervisor)
        made = syncing.make_client

        def quick(*args, **kwargs):  # the shipped 120 s read timeout, made a test's 2 s
            client = made(*args, **kwargs)
            client.read_timeout = 2.0
            return client

        monkeypatch.setattr(syncing, "make_client", quick)
        monkeypatch.setattr(sync_screen, "QUIET_SECONDS", 1)
        ctx, window, screen = open_area(qtbot, wired.db, "sync", "en")
        screen.sync_button.click()
        qtbot.waitUntil(lambda: "Waiting for the central platform to answer"
                        in screen.result_label.text(), timeout=10_000)
        assert "The records wait safely on this laptop" in screen.result_label.text()
        with qtbot.waitSignal(window.sync.failed, timeout=30_000):
            screen.stop_button.click()
            assert screen.result_label.text().startswith("Stopping: waiting for the request")
            assert not screen.stop_button.isEnabled()
        assert screen.sync_button.isEnabled()
        assert "Waiting" not in screen.result_label.text()  # the round's end, said instead
        ctx.runner.wait_idle()
    finally:
        front.close()
