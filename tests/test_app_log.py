"""The app's log is a file beside the database: what its messages call "details in the
app's log" is there, once however often it is started, and a folder that cannot be written
leaves it unset without stopping anything."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

import pytest

from desktop_app import app_log


@pytest.fixture(autouse=True)
def no_log_left():
    """Each test starts with no log (another test in this process may have started one:
    the CLI's own entry does) and leaves none."""
    logger = logging.getLogger("desktop_app")
    before = list(logger.handlers)
    for handler in before:
        logger.removeHandler(handler)
    yield
    for handler in logger.handlers[:]:
        logger.removeHandler(handler)
        handler.close()
    for handler in before:
        logger.addHandler(handler)


def test_the_app_s_loggers_write_to_vaxdesk_log_from_info_up(tmp_path):
    path = app_log.start(tmp_path)
    assert path == tmp_path / "vaxdesk.log"
    assert app_log.start(tmp_path / "other") == path  # one log a process
    logging.getLogger("desktop_app.sync.engine").info("central answered HTTP 502")
    logging.getLogger("urllib3.connectionpool").warning("not ours")
    for handler in logging.getLogger("desktop_app").handlers:
        handler.flush()
    written = path.read_text(encoding="utf-8")
    assert "INFO desktop_app.sync.engine: central answered HTTP 502" in written
    assert "not ours" not in written
    [handler] = [h for h in logging.getLogger("desktop_app").handlers
                 if isinstance(h, RotatingFileHandler)]
    assert (handler.maxBytes, handler.backupCount) == (app_log.MAX_BYTES, app_log.KEPT)


def test_a_folder_that_cannot_be_written_leaves_no_log_and_no_error(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    assert app_log.start(blocked / "data") is None


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX file modes")
def test_the_log_and_its_rotations_are_the_users_alone(tmp_path, monkeypatch):
    """The log names people now and then (a failed operation's detail): it was made 0644,
    readable by every user of the laptop, wherever the database was put."""
    import os

    from desktop_app.app_log import write_log

    monkeypatch.setattr(app_log, "MAX_BYTES", 200)  # a few lines make it rotate
    (tmp_path / "vaxdesk.log").write_text("old\n")
    os.chmod(tmp_path / "vaxdesk.log", 0o644)  # left by an older version
    path = app_log.start(tmp_path)
    for n in range(20):
        logging.getLogger("desktop_app.x").info("line %s of a detail naming someone", n)
    assert (tmp_path / "vaxdesk.log.1").exists()
    for name in ("vaxdesk.log", "vaxdesk.log.1"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name
    # the crash hook, with the database's folder unwritable, writes in the user's own
    # folder in the temp folder, not in the temp folder everyone shares
    monkeypatch.setenv("TMPDIR", str(tmp_path / "shared"))
    (tmp_path / "shared").mkdir()
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", None)
    went = write_log(tmp_path / "nowhere" / "deeper", RuntimeError("boom"))
    assert went is not None and went.parent.parent == tmp_path / "shared"
    assert went.parent.stat().st_mode & 0o777 == 0o700
    assert went.stat().st_mode & 0o777 == 0o600 and path.exists()


@pytest.mark.skipif(not hasattr(__import__("os"), "getuid"), reason="POSIX file modes")
def test_the_log_started_first_makes_the_data_folder_private(tmp_path):
    """The window starts the log before it opens the database: the log's mkdir made the data
    folder 0755, and the database then found it there and left it so."""
    data = tmp_path / "data"
    app_log.start(data)
    assert data.stat().st_mode & 0o777 == 0o700
