"""Past the platform's hourly limit on lookups of other sites' people, the desk says so in
Vietnamese where the platform's answer would be, and goes on: typing never waits, and the
person can still be found here or registered. Real widgets, a real central server."""

from __future__ import annotations

import time

import pytest
import requests
from PySide6.QtWidgets import QApplication

from desktop_app.sync.lookup import identifier_token
from tests.central.test_lookup_log import others
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import make_screen, rows, type_into

LIMIT = 2


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setenv("VAXDESK_CENTRAL_LOOKUPS_PER_HOUR", str(LIMIT))


@pytest.fixture
def central(small_limit, central):
    """The platform with a small hourly limit, so a test reaches it in a few requests."""
    return central


def test_over_the_limit_the_desk_says_when_to_ask_again_and_keeps_working(
        qtbot, wired, wired_b):
    (pid,) = make_people(wired.db, 1, doses_each=1)
    wired.sync()
    cccd = rows(wired.db, "SELECT id_number FROM person WHERE id = :p", p=pid)[0][0]
    b = requests.Session()
    b.headers["Authorization"] = f"Bearer {wired_b.token}"
    for number in others(LIMIT):  # the hour's lookups used up, on other citizens (one
        # citizen asked again within minutes is the same lookup, central/lookup_log.py)
        b.get(f"{wired.server.url}/Patient", params={"identifier": identifier_token(number)},
              timeout=10)

    screen = make_screen(qtbot, wired_b.db)
    panel = screen.search
    started = time.monotonic()
    type_into(qtbot, panel.box, cccd)
    assert time.monotonic() - started < 2  # the keystrokes never waited for the network
    qtbot.waitUntil(lambda: "tạm ngừng tra cứu" in panel.remote_hint.text(), timeout=10000)
    assert panel.remote_hint.isVisible() and not panel.bring_button.isVisible()
    assert "khoảng 60 phút" in panel.remote_hint.text()
    assert panel.hint.text().startswith("Nobody found.")  # registering them is still offered
    assert panel._remote_job is None and QApplication.focusWidget() is panel.box
    screen.ctx.runner.wait_idle()
