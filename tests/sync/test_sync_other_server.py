"""Only a supervisor syncs with another central platform than the saved one. A round sent
elsewhere (``vaxdesk sync --server URL``, or another access code) marks every waiting record
synced there: the site's platform never gets them and nothing on the laptop puts them back
in the queue. A clerk or a volunteer syncs with the saved settings (as the app's Sync now
always does); every round's audit entry names the address it went to. Two real central
servers: the site's own (``wired``) and another that also knows the site."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest
from sqlalchemy import text as sql

from desktop_app import exit_codes
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.rules.messages import Part, text
from desktop_app.services import accounts, audit
from desktop_app.services import sync as syncing
from desktop_app.services.actor import Actor, NotAllowed
from desktop_app.services.status import site_status
from tests import forked
from tests.keys import TEST_PASSPHRASE
from tests.live_server import LiveServer
from tests.sync.helpers import make_people, reconcile, server_copies

CLERK, VOLUNTEER, PASSWORD = "thuky", "tinhnguyen", "mật khẩu của nhân viên"


@pytest.fixture
def other(tmp_path, site) -> Iterator[tuple[LiveServer, str]]:
    """Another central server (a test server, a copy of the platform) that knows the site."""
    server = LiveServer(f"sqlite:///{tmp_path / 'other.db'}", tmp_path / "other.log").start()
    try:
        yield server, server.cli("create-site", site.code, site.name)
    finally:
        server.stop()


@pytest.fixture
def staff(wired, boss) -> tuple[Actor, Actor]:
    """A clerk and a volunteer of the site, logged in (their refusals are audited)."""
    for username, full_name, role in ((CLERK, "Thư ký Lan", "clerk"),
                                      (VOLUNTEER, "Tình nguyện viên Hà", "volunteer")):
        accounts.add_user(wired.db, username, full_name, role, PASSWORD, actor=boss)
    return (accounts.login(wired.db, CLERK, PASSWORD),
            accounts.login(wired.db, VOLUNTEER, PASSWORD))


def _entries(db, action: str) -> list[tuple[str | None, dict]]:
    with db.reading() as s:
        rows = s.execute(sql("SELECT user_id, details FROM audit_entry WHERE action = :a "
                             "ORDER BY id"), {"a": action}).all()
    return [(user, json.loads(details)) for user, details in rows]


def _round(db, url: str, token: str, actor: Actor):
    client = syncing.make_client(syncing.SyncConfig(url, token), backoff_base=0.01,
                                 backoff_cap=0.05)
    return drain(syncing.sync_round(db, client, actor=actor))


def test_a_clerk_or_a_volunteer_cannot_send_the_records_to_another_server(wired, other,
                                                                          staff):
    server, other_token = other
    make_people(wired.db, 2, doses_each=1)
    for actor in staff:
        for url, token in ((server.url, other_token),  # another platform
                           (wired.server.url, other_token),  # the saved one, another code
                           (server.url + "/", wired.token)):  # another address, the code
            with pytest.raises(NotAllowed) as refused:
                _round(wired.db, url, token, actor)
            assert refused.value.code == "SYNC_OTHER_SERVER_REFUSED"
            assert refused.value.message("vi").startswith(
                "Chỉ người giám sát mới được đồng bộ với một hệ thống trung tâm khác")
    assert site_status(wired.db).pending == 4  # still waiting for the site's platform
    assert server_copies(server.url, other_token, "Patient") == []
    assert server_copies(server.url, other_token, "Immunization") == []
    assert _entries(wired.db, "sync") == [] and _entries(wired.db, "sync_failed") == []
    refusals = _entries(wired.db, "refused")
    assert [user for user, _ in refusals] == [staff[0].user_id] * 3 + [staff[1].user_id] * 3
    assert {d["asked"] for _, d in refusals} == {"sync.sync_round"}
    assert {tuple(d["roles"]) for _, d in refusals} == {("supervisor",)}


def test_a_round_with_the_saved_settings_is_anyones_and_its_entry_names_the_server(
        wired, staff):
    clerk, volunteer = staff
    make_people(wired.db, 2, doses_each=1)
    # as the app's Sync now starts it: the saved settings
    config = syncing.load_config(wired.db)
    summary = drain(syncing.sync_round(wired.db, syncing.make_client(config), actor=clerk))
    assert summary.synced == 4 and summary.waiting == 0
    again = drain(syncing.sync_round(wired.db, syncing.make_client(config), actor=volunteer))
    assert again.sent == 0
    reconcile(wired.db, wired.server.url, wired.token)
    [(by_clerk, first), (by_volunteer, second)] = _entries(wired.db, "sync")
    assert (by_clerk, by_volunteer) == (clerk.user_id, volunteer.user_id)
    assert first["server_url"] == second["server_url"] == wired.server.url
    assert first["synced"] == 4
    assert wired.token not in json.dumps([first, second])  # the address, never the code
    assert f"Địa chỉ hệ thống trung tâm “{wired.server.url}”" in \
        audit.describe("sync", first, "vi")
    assert _entries(wired.db, "refused") == []


def test_a_supervisor_may_sync_once_with_another_server_and_the_entry_names_it(wired, other,
                                                                               boss):
    server, other_token = other
    make_people(wired.db, 1, doses_each=1)
    summary = _round(wired.db, server.url, other_token, boss)
    assert summary.synced == 2
    assert len(server_copies(server.url, other_token, "Patient")) == 1
    [(user, details)] = _entries(wired.db, "sync")
    assert user == boss.user_id and details["server_url"] == server.url
    # a round that stops names where it was going too
    server.stop()
    with pytest.raises(syncing.SyncError):
        _round(wired.db, server.url, other_token, boss)
    [(user, stopped)] = _entries(wired.db, "sync_failed")
    assert user == boss.user_id and stopped["server_url"] == server.url
    # Said in words, not by the program's error name (review 6 Dec 2026: “ServerUnavailable”
    # in the Vietnamese export, under the record "Điểm tiêm sync").
    assert audit.describe("sync_failed", stopped, "vi") == (
        f"Đồng bộ dừng: gửi tới {server.url}; không kết nối được hệ thống trung tâm.")
    assert audit.record_words("site", "sync", "vi") == "Đồng bộ của điểm tiêm"
    old = {"server_url": server.url, "error": "ServerUnavailable"}  # an entry of before
    assert audit.describe("sync_failed", old, "en").endswith(
        "the central platform could not be reached.")


def _vaxdesk(db_path, *args, user, **env):
    base = {k: v for k, v in os.environ.items() if k != "VAXDESK_SYNC_TOKEN"}
    return forked.vaxdesk("--db", str(db_path), *args,
                          env={**base, "VAXDESK_USER": user, "VAXDESK_PASSWORD": PASSWORD, **env},
                          timeout=180)


def test_vaxdesk_sync_to_another_server_is_refused_to_a_clerk_and_loses_nothing(
        wired, other, staff, db_path):
    """The reviewer's case: ``vaxdesk sync --server B`` with B's code, as a clerk."""
    server, other_token = other
    make_people(wired.db, 2, doses_each=1)
    wired.db.close()  # the command takes the database, as it would with the app closed
    out = _vaxdesk(db_path, "sync", "--server", server.url, user=CLERK,
                   VAXDESK_SYNC_TOKEN=other_token)
    assert out.returncode == exit_codes.CANNOT_START, out.stderr
    assert out.stderr.strip() == text("SYNC_OTHER_SERVER_REFUSED", "vi", name="Thư ký Lan",
                                      role=Part("ROLE_CLERK")), out.stderr
    assert server_copies(server.url, other_token, "Patient") == []
    english = _vaxdesk(db_path, "--lang", "en", "sync", "--server", server.url, user=CLERK,
                       VAXDESK_SYNC_TOKEN=other_token)
    assert english.returncode == exit_codes.CANNOT_START
    assert english.stderr.startswith("Only a supervisor may sync with a central platform")
    # the clerk's plain sync goes to the saved platform, as before
    plain = _vaxdesk(db_path, "sync", user=CLERK)
    assert plain.returncode == 0, plain.stderr
    assert "đã đồng bộ: 4" in plain.stdout
    with open_database(db_path, TEST_PASSPHRASE) as db:
        reconcile(db, wired.server.url, wired.token)
        assert site_status(db).pending == 0
    assert server_copies(server.url, other_token, "Immunization") == []
