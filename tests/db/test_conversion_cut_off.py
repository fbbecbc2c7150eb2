"""A power cut while the first opening converts a plain (pre-encryption) database: the file
was encrypted, its backups not yet. The next opening found the file encrypted and never
looked at the backups again: citizens' names, IDs and phones stayed readable by anyone
copying the folder (found by the crash review, crashrev). Each opening now brings along any
backup of the file still in clear, once the passphrase is known to open the file."""

from __future__ import annotations

import pytest

from desktop_app.db import cipher
from desktop_app.db.backups import backups_of
from desktop_app.db.database import open_database
from desktop_app.db.errors import WrongPassphrase
from tests.child_process import run_killed
from tests.db.test_encryption import NAME, plain_site
from tests.keys import TEST_PASSPHRASE

KILLED_AFTER_THE_FILE_WAS_ENCRYPTED = '''
from desktop_app.db import database
real = database.encrypt_plain_file
done = []
def once_then_killed(path, key):
    if done:
        killed()  # the power cut: the file is encrypted, its backups not yet
    real(path, key)
    done.append(path)
database.encrypt_plain_file = once_then_killed
open_db()
'''


@pytest.fixture
def cut_off(tmp_path):
    """The file converted, its backup left in clear by a killed process (SIGKILL)."""
    old, copy = plain_site(tmp_path)
    run_killed(KILLED_AFTER_THE_FILE_WAS_ENCRYPTED, old)
    assert not cipher.is_plain(old) and cipher.is_plain(copy)
    return old, copy


def test_the_next_opening_encrypts_the_backup_left_in_clear(cut_off):
    old, copy = cut_off
    with open_database(old, TEST_PASSPHRASE):  # the next start, as the app and CLI do
        pass
    assert [c for c in backups_of(old) if cipher.is_plain(c)] == []
    assert NAME.encode() not in copy.read_bytes()
    with open_database(copy, TEST_PASSPHRASE) as restored:  # still a copy of the site's
        assert restored.path == copy


def test_a_wrong_passphrase_leaves_the_backup_as_it_was(cut_off):
    old, copy = cut_off
    before = copy.read_bytes()
    with pytest.raises(WrongPassphrase):
        open_database(old, "not the site's passphrase")
    assert copy.read_bytes() == before  # not sealed under a key that is no one's
