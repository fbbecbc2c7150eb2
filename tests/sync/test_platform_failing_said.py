"""A platform that answers but fails, and a page that answers for it (found by a review).

A platform answering every push with 503 (in maintenance) was said to be out of reach ("không
kết nối được") and the status bar turned "Offline": the volunteer went after the 3G link.
It says the platform's error now, and stays online. A captive portal answering every
request with its sign-in page (200) was taken by the minute's probe for the platform: the
status bar said "Trực tuyến" while every round stopped on the page."""

from __future__ import annotations

import pytest

from desktop_app.rules.messages import text
from desktop_app.services import sync as syncing
from desktop_app.sync.errors import BadAnswer
from desktop_app.ui.context import AppContext
from desktop_app.ui.sync.controller import SyncController
from desktop_app.ui.tasks import TaskRunner
from tests.sync.helpers import make_people
from tests.sync.hostile import Hostile, json_body, web_page

UNAVAILABLE = {"resourceType": "OperationOutcome", "issue": [{
    "severity": "error", "code": "transient", "diagnostics": "maintenance"}]}


def _stopped_by_503(wired) -> syncing.ServerUnavailable:
    make_people(wired.db, 1, doses_each=1)
    front = Hostile(wired.server.url)
    front.on("POST", "/fhir", json_body(UNAVAILABLE, 503))
    try:
        with pytest.raises(syncing.ServerUnavailable) as stopped:
            wired.sync(front.url, max_attempts=3)
    finally:
        front.close()
    assert stopped.value.status == 503  # it answered
    return stopped.value


def test_a_platform_answering_503_is_not_said_to_be_out_of_reach(wired):
    exc = _stopped_by_503(wired)
    said = syncing.stopped_message(exc, "vi")
    assert text("SYNC_STEP_PROBLEM_UNREACHABLE", "vi") not in said, said
    assert "HTTP 503" in said and "Hồ sơ vẫn chờ" in said, said


def test_a_platform_answering_503_does_not_turn_the_status_bar_offline(qtbot, wired):
    exc = _stopped_by_503(wired)
    ctx = AppContext(wired.db, TaskRunner(), "vi")
    sync = SyncController(ctx, auto=False)
    sync.online = True  # the minute's probe had found it (GET /metadata answers)
    sync._error(exc)
    assert sync.online is True  # it answered: the status bar does not say "Offline"
    ctx.runner.wait_idle()





@pytest.fixture
def portal(wired):
    front = Hostile(wired.server.url)
    for method in ("GET", "POST", "PUT"):
        front.on(method, "/", web_page(200))
    yield front
    front.close()


def test_a_captive_portals_page_is_not_taken_for_the_platform(wired, portal):
    client = syncing.make_client(syncing.SyncConfig(portal.url, wired.token))
    assert client.reachable() is False


def test_after_a_round_stopped_by_a_portals_page_the_app_is_not_said_online(
        qtbot, wired, portal):
    make_people(wired.db, 1, doses_each=1)
    with pytest.raises(BadAnswer) as stopped:
        wired.sync(portal.url)
    assert stopped.value.code == "SYNC_ANSWER_WEB_PAGE"
    ctx = AppContext(wired.db, TaskRunner(), "vi")
    sync = SyncController(ctx, auto=False)
    sync.online = True  # as the probe found it: GET /metadata answered 200 (the page)
    sync._error(stopped.value)
    assert sync.online is False  # not "Trực tuyến": the platform is not reached
    ctx.runner.wait_idle()
