"""A site withdraws the answer it gave a complaint (``POST /api/complaints/{code}/reopen``:
the merge it named was split again). Only that site, only its answer standing, with a
reason; the complaint is then open, not raised, due 48 hours after the reopening, kept
with the answer withdrawn in the trail, and the same reopening retried changes nothing.
Against a real central server process."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import requests

from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from desktop_app.wire.complaints import MERGE, REASON_MAX, Reopening, Resolution
from tests.central.dashboard_world import PASSWORD, root, staff_session
from tests.central.test_complaint_moves import _api, _code_of, _file, _stored, _world
from tests.live_server import LiveServer

WHY = "Hai hồ sơ đã gộp khi trả lời phản ánh này được tách lại (gộp nhầm)."


def _merged(person: str) -> Resolution:
    return Resolution(MERGE, "Đã gộp hai hồ sơ.", "Lan", utc_now(), person, (),
                      "a-second-record")


def _reopen(s: requests.Session, server: LiveServer, code: str, withdrawn: Resolution,
            reason: str = WHY, *, at: datetime | None = None,
            **more: Any) -> requests.Response:
    said = Reopening(withdrawn, reason, "Lan", at or utc_now())
    return s.post(f"{_api(server)}/{code}/reopen", json={**said.as_json(), **more})


def test_only_the_site_that_answered_reopens_its_own_answer(
        any_central: LiveServer, monkeypatch: pytest.MonkeyPatch) -> None:
    central = any_central  # on SQLite and PostgreSQL alike
    who = _world(central)
    code = _file(who, central)
    answer = _merged(who["person"])
    unanswered = _reopen(who["A"], central, code, answer)
    assert (unanswered.status_code, _code_of(unanswered)) == (
        409, ["COMPLAINT_REOPEN_OTHER_ANSWER"])
    taken = who["A"].post(f"{_api(central)}/{code}/resolution", json=answer.as_json())
    assert taken.status_code == 200, taken.text
    before, _trail, _gone = _stored(central, code)

    # Not B's nor staff's; the answer named must be the one standing; a reason, short.
    for other in (who["B"], who["central"]):
        refused = _reopen(other, central, code, answer)
        assert (refused.status_code, _code_of(refused)) == (403, ["COMPLAINT_REOPEN_NOT_YOURS"])
    other_answer = Resolution(MERGE, "Một câu khác.", "Lan", answer.resolved_at,
                              answer.person_id, (), answer.merged_id)
    refused = _reopen(who["A"], central, code, other_answer)
    assert (refused.status_code, _code_of(refused)) == (409, ["COMPLAINT_REOPEN_OTHER_ANSWER"])
    refused = _reopen(who["A"], central, code, answer, reason="  ")
    assert (refused.status_code, _code_of(refused)) == (422, ["COMPLAINT_REOPEN_NEEDS_REASON"])
    refused = _reopen(who["A"], central, code, answer, reason="x" * (REASON_MAX + 1))
    assert (refused.status_code, _code_of(refused)) == (422, ["COMPLAINT_NOTE_TOO_LONG"])
    assert who["A"].post(f"{_api(central)}/{code}/reopen", json={"reason": WHY}).status_code \
        == 400
    unknown = _reopen(who["A"], central, "PA-00000000", answer)
    assert (unknown.status_code, _code_of(unknown)) == (404, ["COMPLAINT_NOT_FOUND"])
    assert _stored(central, code)[0] == before  # none of that changed anything

    # A laptop clock behind: the reopening kept no earlier than the answer it withdraws.
    reopened = _reopen(who["A"], central, code.lower(), answer,
                       at=answer.resolved_at - timedelta(days=400))
    assert reopened.status_code == 200, reopened.text
    body = reopened.json()
    assert (body["status"], body["resolution"], body["escalated"]) == ("open", None, False)
    held, trail, _gone = _stored(central, code)
    assert held.reopened_at == before.resolution.resolved_at > before.received_at
    assert held.due_at == held.reopened_at + timedelta(hours=48)
    assert held.received_at == before.received_at  # the filing's time stays
    assert held.changed_at > before.changed_at
    assert trail[-1][:3] == ("reopened", "HN-0001", "HN-0001")
    engine = make_engine(central.database_url)
    try:
        [said] = store.reopenings(engine, code)
        assert (said.site_code, said.reason, said.withdrawn.note) == ("HN-0001", WHY,
                                                                      answer.note)
    finally:
        engine.dispose()

    # The province's officer reads it open (counted so) and why it was reopened.
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    officer = staff_session(central, "tinh01")
    assert code in officer.get(f"{root(central)}/dashboard/complaints").text
    page = officer.get(f"{root(central)}/dashboard/complaints/{code}").text
    assert "Mở lại" in page and WHY in page and "Đã gộp hai hồ sơ của cùng một người" in page

    # Retried (its answer lost): 200, nothing changed; another reopening: nothing to withdraw.
    again = _reopen(who["A"], central, code, answer)
    assert again.status_code == 200 and _stored(central, code)[0] == held
    refused = _reopen(who["A"], central, code, answer, reason="Một lý do khác.")
    assert (refused.status_code, _code_of(refused)) == (409, ["COMPLAINT_REOPEN_OTHER_ANSWER"])

    # Open again: answered anew, as any open complaint (no 409 for the answer withdrawn).
    anew = who["A"].post(f"{_api(central)}/{code}/resolution", json=Resolution(
        "reject", "Hai hồ sơ là của hai người.", "Lan", utc_now()).as_json())
    assert anew.status_code == 200, anew.text
    assert _stored(central, code)[0].status == "rejected"


def test_a_staff_answer_is_not_a_site_s_to_withdraw(central: LiveServer) -> None:
    who = _world(central)
    code = _file(who, central)
    staff = Resolution("reject", "Hồ sơ đã đúng.", "Sở", utc_now())
    assert who["central"].post(f"{_api(central)}/{code}/resolution",
                               json=staff.as_json()).status_code == 200
    refused = _reopen(who["A"], central, code, staff)
    assert (refused.status_code, _code_of(refused)) == (403, ["COMPLAINT_REOPEN_NOT_YOURS"])
