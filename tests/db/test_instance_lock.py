"""One VaxDesk per database file, compared by the file's identity: another name for the same
file (a symlink, a hard link in another folder) is refused as "already open", in another
real process."""

import os
import subprocess
import sys
import textwrap

import pytest

from desktop_app.db.database import open_database
from desktop_app.db.errors import DatabaseLocked
from tests.keys import TEST_PASSPHRASE


def _open_in_another_process(path) -> str:  # noqa: ANN001
    probe = textwrap.dedent(f"""
        from desktop_app.db.database import open_database
        from desktop_app.db.errors import DatabaseLocked
        try:
            open_database({str(path)!r}, {TEST_PASSPHRASE!r}).close()
            print("OPENED")
        except DatabaseLocked as exc:
            print("LOCKED", exc.message("en"))
    """)
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=True).stdout


@pytest.fixture
def made(db_path):
    open_database(db_path, TEST_PASSPHRASE).close()
    return db_path


def test_a_symlink_to_an_open_database_is_refused_in_another_process(made, tmp_path):
    link = tmp_path / "elsewhere" / "shortcut.db"
    link.parent.mkdir()
    link.symlink_to(made)
    with open_database(made, TEST_PASSPHRASE):
        out = _open_in_another_process(link)
    assert out.startswith("LOCKED") and "already open in another VaxDesk" in out
    assert _open_in_another_process(link).startswith("OPENED")  # freed on close


def test_a_hard_link_in_another_folder_is_refused_in_another_process(made, tmp_path):
    other = tmp_path / "another" / "folder"
    other.mkdir(parents=True)
    link = other / "copy-that-is-not-a-copy.db"
    os.link(made, link)
    assert os.stat(link).st_ino == os.stat(made).st_ino
    with open_database(made, TEST_PASSPHRASE):
        out = _open_in_another_process(link)
    assert out.startswith("LOCKED"), out
    with open_database(link, TEST_PASSPHRASE):  # and the other way round
        out = _open_in_another_process(made)
    assert out.startswith("LOCKED"), out
    assert _open_in_another_process(made).startswith("OPENED")


def test_a_hard_link_to_a_database_created_in_this_run_is_refused(db_path, tmp_path):
    """A new file gets its identity lock as soon as it exists."""
    with open_database(db_path, TEST_PASSPHRASE):
        link = tmp_path / "linked.db"
        os.link(db_path, link)
        assert _open_in_another_process(link).startswith("LOCKED")


def test_the_same_file_by_its_symlink_in_the_same_process_is_refused(made, tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(made)
    with open_database(made, TEST_PASSPHRASE), pytest.raises(DatabaseLocked):
        open_database(link, TEST_PASSPHRASE)


def test_two_different_databases_open_side_by_side(made, tmp_path):
    other = tmp_path / "other.db"
    with open_database(made, TEST_PASSPHRASE):
        assert _open_in_another_process(other).startswith("OPENED")


def test_a_lock_left_on_a_reused_file_number_does_not_refuse_a_new_database(made, tmp_path):
    """The OS gives a deleted file's inode number to the next new file. A process still
    holding the identity lock of a deleted (or swapped) file must not make an unrelated
    database "already open". Another real process holds the lock on our file's number as
    such a process would: the path it names is gone (we cannot make the OS reuse a number
    on demand, so the holder takes our file's number directly)."""
    st = os.stat(made)
    gone = tmp_path / "deleted-since.db"
    holder = textwrap.dedent(f"""
        import os, sys
        from pathlib import Path
        from filelock import FileLock
        from desktop_app.db.instance_lock import identity_folder
        folder = identity_folder()
        folder.mkdir(parents=True, exist_ok=True)
        name = "{st.st_dev:x}-{st.st_ino:x}"
        held = FileLock(folder / (name + ".lock"), is_singleton=False)
        held.acquire(timeout=0)
        (folder / (name + ".holder")).write_text(sys.argv[1], encoding="utf-8")
        print("HELD", flush=True)
        sys.stdin.read()
    """)
    proc = subprocess.Popen([sys.executable, "-c", holder, str(gone)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "HELD"
        with open_database(made, TEST_PASSPHRASE):  # not "already open"
            pass
        # The same holder naming a path that does lead to our file: truly open elsewhere.
        os.link(made, gone)
        with pytest.raises(DatabaseLocked):
            open_database(made, TEST_PASSPHRASE)
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_the_holder_names_its_path_while_open_and_not_after(made):
    from desktop_app.db.instance_lock import identity_folder

    st = os.stat(made)
    holder = identity_folder() / f"{st.st_dev:x}-{st.st_ino:x}.holder"
    with open_database(made, TEST_PASSPHRASE):
        assert holder.read_text(encoding="utf-8") == os.path.realpath(made)
    assert not holder.exists()
