"""A restore onto a laptop whose database is under another data passphrase than the copy's.

Review setuprev: on a replacement laptop the IT helper had set VaxDesk up with a passphrase
of their own, then restored the site's copy with the site's passphrase and their own,
correct, supervisor login. The refusal said a supervisor login of the current database was
needed and that disabled or demoted accounts cannot restore: the helper retried the same
login, or reset accounts, to no end. It now says what differs (the passphrase) and what to
do, and doing it restores the copy."""

from __future__ import annotations

import pytest

from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.rules.messages import UserError
from desktop_app.services import restore
from desktop_app.services.passphrase_change import change_passphrase
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, add_test_supervisor

HELPERS = "mật khẩu tạm của kỹ thuật viên"


def test_restore_over_a_database_under_another_passphrase_blames_the_supervisor_login(
        db, site, tmp_path):
    """The helper chooses the copy, types the site's passphrase and their own supervisor
    login (an active supervisor of this laptop's database), and ticks "another database".
    The refusal names the passphrase that differs, not the login."""
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    db.close()
    here = tmp_path / "replacement" / "vaxdesk.db"
    here.parent.mkdir()
    own = open_database(here, HELPERS)
    add_test_supervisor(own)  # the same login name and password as the copy's supervisor
    own.close()
    with pytest.raises(UserError) as refused:
        restore.restore_backup(here, copy, TEST_PASSPHRASE, username=TEST_USER,
                               password=TEST_PASSWORD, other_database=True,
                               set_aside_unsent=True)
    assert refused.value.code == "RESTORE_CURRENT_OTHER_PASSPHRASE"
    said = refused.value.message("vi")
    assert "mật khẩu dữ liệu" in said, (
        f"the refusal names the login, not the passphrase that differs: {said}")
    assert "bị khóa hoặc không còn là người giám sát" not in said, said
    assert "Đổi mật khẩu dữ liệu" in said and str(here) in said, said
    assert "another data passphrase" in refused.value.message("en")


def test_following_the_refusal_changing_this_laptops_passphrase_restores_the_copy(
        db, site, tmp_path):
    """What the refusal says to do works: this laptop's database put under the site's
    passphrase, the same restore goes through, its supervisor asked."""
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "usb")
    db.close()
    here = tmp_path / "replacement" / "vaxdesk.db"
    here.parent.mkdir()
    with open_database(here, HELPERS) as own:
        helper = add_test_supervisor(own)
        drain(change_passphrase(own, HELPERS, TEST_PASSPHRASE, TEST_PASSPHRASE, actor=helper))
    restore.restore_backup(here, copy, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD, other_database=True, set_aside_unsent=True)
    with open_database(here, TEST_PASSPHRASE) as restored:
        assert restored.path == here
