"""``vaxdesk sync`` headless: settings supply the defaults, a summary is printed."""

from __future__ import annotations

import os

from desktop_app.db.database import open_database
from tests import forked
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor
from tests.laptop_clock import zone_far_from_vietnam  # noqa: F401 - the fixture
from tests.sync.helpers import make_people, reconcile


def _vaxdesk(db_path, *args):
    ensure_test_supervisor(db_path)
    return forked.vaxdesk("--db", str(db_path), *args, env=dict(os.environ), timeout=120)


def test_sync_from_the_command_line_prints_a_summary(wired, db_path):
    make_people(wired.db, 12, doses_each=2)
    wired.db.close()  # the command takes the database, as it would with the app closed
    out = _vaxdesk(db_path, "sync")  # server and token come from the saved settings
    assert out.returncode == 0, out.stderr
    assert "đã đồng bộ: 36" in out.stdout and "còn chờ: 0" in out.stdout
    # the progress line speaks as the sync screen does, never the phases' own names
    assert "Đang gửi hồ sơ: 36 / 36" in out.stderr, out.stderr
    assert "Đang nhận thay đổi từ hệ thống trung tâm" in out.stderr
    assert "push" not in out.stderr and "pull" not in out.stderr
    with open_database(db_path, TEST_PASSPHRASE) as db:
        reconcile(db, wired.server.url, wired.token)
    english = _vaxdesk(db_path, "--lang", "en", "sync")
    assert "synced: 0" in english.stdout and english.returncode == 0


def test_sync_without_a_server_or_a_site_says_what_to_do(db_path):
    out = _vaxdesk(db_path, "--lang", "en", "sync")
    assert out.returncode == 2 and \
        "run VAXDESK_SYNC_TOKEN=CODE vaxdesk sync --server ADDRESS --save" in out.stderr
    out = _vaxdesk(db_path, "--lang", "en", "sync", "--server", "http://127.0.0.1:9/fhir",
                   "--token", "x")
    assert out.returncode == 2 and "Set up the site first" in out.stderr


def test_the_not_configured_hint_does_not_tell_the_manager_to_type_the_access_code(
        db, db_path, site):
    """README, Sync: "The site's access code is never put on a command line, where every
    account on the machine sees it (ps)". A laptop not set up for sync was told "run
    vaxdesk sync --server ADDRESS --token CODE --save": the code in the command's arguments,
    which the command itself then warns against. It is now told the README's form, the
    code in VAXDESK_SYNC_TOKEN."""
    import re

    db.close()
    ensure_test_supervisor(db_path)
    env = {k: v for k, v in os.environ.items() if k != "VAXDESK_SYNC_TOKEN"}
    for lang in ("vi", "en"):
        out = forked.vaxdesk("--db", str(db_path), "--lang", lang, "sync", env=env,
                             timeout=120)
        assert out.returncode == 2, out.stderr
        assert not re.search(r"--token \S", out.stderr), out.stderr
        assert "VAXDESK_SYNC_TOKEN=" in out.stderr, out.stderr


def test_sync_says_a_laptop_zone_that_is_not_vietnams(wired, db_path,
                                                      zone_far_from_vietnam):  # noqa: F811
    """The clock right, the zone another country's: the round says it as the Sync area
    does, and not as a clock minutes off."""
    wired.db.close()
    out = _vaxdesk(db_path, "sync")
    assert out.returncode == 0, out.stderr
    assert "không phải giờ Việt Nam (UTC+7)" in out.stdout, out.stdout
    assert f"ở Việt Nam là {zone_far_from_vietnam:%d/%m/%Y}" in out.stdout
    assert "CẢNH BÁO: đồng hồ" not in out.stdout
