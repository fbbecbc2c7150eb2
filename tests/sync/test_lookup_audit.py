"""Who looked a citizen up across sites, on the laptop: a recorder's lookup only, each one
in the audit trail with the account, the number and the records the platform returned.

From the review of "one citizen across sites" (item 6): any account, a volunteer too, read
other sites' people, and the laptop's trail said nothing (the platform's log names only
the site, and folds one number's lookups within ten minutes into one). A real central
server process and real site databases; the CLI as a separate process.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEntry
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import accounts, lookup
from desktop_app.services.actor import AT_THIS_LAPTOP, NotAllowed
from desktop_app.services.audit import describe, record_words
from tests import forked
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import rows
from tests.wired import Wired

VOLUNTEER_PASSWORD = "tình nguyện viên 123"
CLERK_PASSWORD = "mật khẩu của Lan"


def _known_at_a(wired: Wired) -> tuple[str, str]:
    (pid,) = make_people(wired.db, 1, doses_each=2)
    assert wired.sync().rejected == 0
    return pid, rows(wired.db, "SELECT id_number FROM person WHERE id = :p", p=pid)[0][0]


def _account(db, username: str, role: str, password: str):  # noqa: ANN001, ANN202
    """An account at the site, logged in (its refusals audited in ``db``)."""
    accounts.add_user(db, username, username.title(), role, password, actor=AT_THIS_LAPTOP)
    return accounts.login(db, username, password)


def _entries(db, action: str) -> list[AuditEntry]:  # noqa: ANN001
    with db.reading() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.id)))


def test_a_volunteer_is_refused_in_vietnamese_and_the_refusal_audited(wired, wired_b):
    _pid, cccd = _known_at_a(wired)
    volunteer = _account(wired_b.db, "tnv", "volunteer", VOLUNTEER_PASSWORD)
    for ask in (lookup.look_up, lookup.find_elsewhere):  # the desk's call is refused too
        with pytest.raises(NotAllowed) as refused:
            ask(wired_b.db, cccd, actor=volunteer)
        assert refused.value.code == "LOOKUP_NOT_ALLOWED"
        assert refused.value.message("vi") == (
            "Tra cứu người đã tiêm ở điểm tiêm khác trên hệ thống trung tâm cần vai trò nhân "
            "viên ghi nhận hoặc người giám sát; Tnv có vai trò tình nguyện viên.")
    assert [json.loads(e.details)["asked"] for e in _entries(wired_b.db, "refused")] == [
        "lookup.look_up", "lookup.look_up"]
    assert all(e.user_id == volunteer.user_id for e in _entries(wired_b.db, "refused"))
    assert _entries(wired_b.db, "lookup") == []  # nothing was asked of the platform
    assert lookup.lookup_refusal(volunteer).code == "LOOKUP_NOT_ALLOWED"
    assert lookup.lookup_refusal(AT_THIS_LAPTOP) is None


def test_each_lookup_names_the_account_the_number_and_the_records_returned(wired, wired_b):
    pid_a, cccd = _known_at_a(wired)
    clerk = _account(wired_b.db, "lan", "clerk", CLERK_PASSWORD)
    citizen = lookup.look_up(wired_b.db, cccd, actor=clerk)
    again = lookup.find_elsewhere(wired_b.db, cccd, actor=clerk)  # the platform folds these
    nobody = make_cccd("079", Sex.FEMALE, 1999, 1)
    assert lookup.look_up(wired_b.db, nobody, actor=clerk) is None

    first, second, third = _entries(wired_b.db, "lookup")
    assert (first.user_id, first.entity, first.entity_id) == (clerk.user_id, "citizen_id", cccd)
    details = json.loads(first.details)
    assert details["id_number"] == cccd
    assert details["patients"] == [{"id": pid_a, "site": "HN-0001"}]
    assert sorted(d["id"] for d in details["doses"]) == sorted(d.id for d in citizen.doses)
    assert json.loads(second.details) == details and again is not None
    assert (third.entity_id, json.loads(third.details)["patients"]) == (nobody, [])

    said = describe("lookup", details, "vi")
    assert said.startswith(f"Tra cứu trên hệ thống trung tâm: số {cccd}: hồ sơ HN-0001/{pid_a}")
    assert describe("lookup", json.loads(third.details), "en") == (
        f"Looked up on the central platform: number {nobody}: nobody")
    assert record_words("citizen_id", cccd, "vi") == f"Số CCCD/CMND {cccd}"


def _vaxdesk(db_path, user: str, password: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, VAXDESK_USER=user, VAXDESK_PASSWORD=password)
    return forked.vaxdesk("--db", str(db_path), "--lang", "vi", *args, env=env, timeout=120)


def test_the_command_line_lookup_is_a_recorders_and_audited_as_the_account(wired, wired_b):
    _pid, cccd = _known_at_a(wired)
    volunteer = _account(wired_b.db, "tnv", "volunteer", VOLUNTEER_PASSWORD)
    clerk = _account(wired_b.db, "lan", "clerk", CLERK_PASSWORD)
    path = wired_b.db.path
    wired_b.db.close()  # the command takes the database, as with the app closed

    refused = _vaxdesk(path, "tnv", VOLUNTEER_PASSWORD, "lookup", cccd)
    assert refused.returncode == 2 and refused.stdout == ""
    assert "có vai trò tình nguyện viên" in refused.stderr
    asked = _vaxdesk(path, "lan", CLERK_PASSWORD, "lookup", cccd)
    assert asked.returncode == 0, asked.stderr

    from desktop_app.db.database import open_database
    from tests.keys import TEST_PASSPHRASE

    with open_database(path, TEST_PASSPHRASE) as db:
        [entry] = _entries(db, "lookup")
        assert (entry.user_id, entry.entity_id) == (clerk.user_id, cccd)
        assert [e.user_id for e in _entries(db, "refused")] == [volunteer.user_id]
