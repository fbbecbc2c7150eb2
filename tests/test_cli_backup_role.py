"""``vaxdesk backup`` is the app's *Back up now*: a supervisor's. A clerk or a volunteer was
let make full copies of the database the app refuses them (and copies asked for are never
rotated out); now the command goes through the same service, refused and audited there, said
as every refusal of the command, on a real database file."""

from __future__ import annotations

import json
import os

import pytest

from desktop_app import exit_codes
from desktop_app.db.database import open_database
from desktop_app.services import accounts
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests import forked
from tests.keys import (
    TEST_PASSPHRASE,
    TEST_PASSWORD,
    TEST_USER,
    ensure_test_supervisor,
    raw_connect,
)

PASSWORD = "mật khẩu của nhân viên"


def _vaxdesk(db_path, *args, user=None):
    env = dict(os.environ)
    if user is not None:
        env.update(VAXDESK_USER=user, VAXDESK_PASSWORD=PASSWORD)
    return forked.vaxdesk("--db", str(db_path), *args, env=env, timeout=180)


@pytest.fixture
def staffed(db_path):
    """A database with the test supervisor, a clerk and a volunteer."""
    ensure_test_supervisor(db_path)
    with open_database(db_path, TEST_PASSPHRASE) as db:
        accounts.add_user(db, "thuky", "Thư ký", "clerk", PASSWORD, actor=AT_THIS_LAPTOP)
        accounts.add_user(db, "tinhnguyen", "Tình nguyện viên", "volunteer", PASSWORD,
                          actor=AT_THIS_LAPTOP)
    return db_path


def _trail(db_path) -> list[tuple]:
    """(action, entity_id, user_id, details) of every audit entry, oldest first."""
    with raw_connect(db_path) as conn:
        return [(a, i, u, json.loads(d) if d else {}) for a, i, u, d in conn.execute(
            "SELECT action, entity_id, user_id, details FROM audit_entry ORDER BY id")]


def _copies(db_path) -> list[str]:
    return sorted(p.name for p in db_path.parent.glob(f"{db_path.name}.bak-*")
                  if not p.name.endswith(".about"))


@pytest.mark.parametrize("lang, said", [
    ("vi", "Việc này cần vai trò người giám sát"), ("en", "This needs the role of supervisor")])
def test_a_clerk_or_a_volunteer_is_refused_a_backup_and_no_copy_is_made(staffed, lang, said):
    for user in ("thuky", "tinhnguyen"):
        out = _vaxdesk(staffed, "--lang", lang, "backup", user=user)
        assert out.returncode == exit_codes.CANNOT_START, (user, out.stdout, out.stderr)
        assert out.stderr.startswith(said), out.stderr
        assert "Traceback" not in out.stderr and "NotAllowed" not in out.stderr
    assert _copies(staffed) == []
    refused = [details for action, _id, _user, details in _trail(staffed)
               if action == "refused"]
    assert [d["asked"] for d in refused] == ["backups.back_up_now"] * 2
    assert [d["role"] for d in refused] == ["clerk", "volunteer"]
    assert not [e for e in _trail(staffed) if e[0] == "backup"]


def test_a_supervisors_backup_is_made_kept_and_audited_with_them(staffed):
    out = _vaxdesk(staffed, "backup")  # the test supervisor ($VAXDESK_USER)
    assert out.returncode == 0, out.stderr
    [copy] = _copies(staffed)
    assert ".bak-manual-" in copy and f"Đã sao lưu vào {staffed.parent / copy}." in out.stdout
    [(name, user)] = [(i, u) for a, i, u, _d in _trail(staffed) if a == "backup"]
    with open_database(staffed, TEST_PASSPHRASE) as db:
        supervisor = accounts.login(db, TEST_USER, TEST_PASSWORD)
    assert (name, user) == (copy, supervisor.user_id)
