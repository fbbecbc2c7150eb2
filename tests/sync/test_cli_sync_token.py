"""``vaxdesk sync`` takes the site's access code where no other account sees it: from
``VAXDESK_SYNC_TOKEN``, from standard input (``--token -``), or asked without echo at a
terminal. ``--token CODE`` still works (scripts use it) but warns, since ``ps`` and the
shell history show it. Each through the real command against a real central server."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time

import pytest

from tests import forked
from tests.keys import ensure_test_supervisor
from tests.sync.helpers import make_people

WARNING_VI = "Cảnh báo: mã truy cập gõ sau --token"
PROMPT_VI = "Mã truy cập của điểm tiêm: "


@pytest.fixture
def unsaved(db, db_path, site, central):
    """A site known to the platform, with records to send; nothing saved for sync."""
    token = central.cli("create-site", site.code, site.name)
    make_people(db, 1, doses_each=1)
    db.close()  # the command takes the database, as it would with the app closed
    ensure_test_supervisor(db_path)
    return db_path, central.url, token


def vaxdesk(db_path, *args, stdin="", **env):
    return forked.vaxdesk("--db", str(db_path), *args, env={**_without_token(), **env}, input=stdin,
                          timeout=120)


def _without_token():
    return {k: v for k, v in os.environ.items() if k != "VAXDESK_SYNC_TOKEN"}


def test_the_code_read_from_standard_input_is_used_saved_and_not_warned_about(unsaved):
    db_path, url, token = unsaved
    out = vaxdesk(db_path, "sync", "--server", url, "--token", "-", "--save",
                  stdin=token + "\n")
    assert out.returncode == 0, out.stderr
    assert "đã đồng bộ: 2" in out.stdout and WARNING_VI not in out.stderr
    again = vaxdesk(db_path, "sync")  # saved: neither server nor code needed now
    assert again.returncode == 0 and "đã gửi: 0" in again.stdout, again.stderr


def test_the_code_from_the_environment_is_used_without_a_warning(unsaved):
    db_path, url, token = unsaved
    out = vaxdesk(db_path, "sync", "--server", url, VAXDESK_SYNC_TOKEN=token)
    assert out.returncode == 0, out.stderr
    assert "đã đồng bộ: 2" in out.stdout and WARNING_VI not in out.stderr
    wrong = vaxdesk(db_path, "--lang", "en", "sync", "--server", url,
                    VAXDESK_SYNC_TOKEN="not-the-sites-code")
    assert wrong.returncode != 0 and "synced" not in wrong.stdout


def test_a_code_typed_on_the_command_line_still_works_but_is_warned_about(unsaved):
    db_path, url, token = unsaved
    out = vaxdesk(db_path, "sync", "--server", url, "--token", token)
    assert out.returncode == 0, out.stderr
    assert "đã đồng bộ: 2" in out.stdout
    assert WARNING_VI in out.stderr and "VAXDESK_SYNC_TOKEN" in out.stderr
    english = vaxdesk(db_path, "--lang", "en", "sync", "--server", url, "--token", token)
    assert english.returncode == 0 and "shown to every account" in english.stderr


def test_at_a_terminal_with_no_code_saved_it_is_asked_without_echo(unsaved):
    db_path, url, token = unsaved
    code, screen = at_terminal(db_path, ["sync", "--server", url], token)
    assert code == 0, screen
    assert PROMPT_VI in screen and "đã đồng bộ: 2" in screen
    assert token not in screen  # not echoed as typed
    # Asked for explicitly with --token alone, too.
    code, screen = at_terminal(db_path, ["sync", "--server", url, "--token"], token)
    assert code == 0 and PROMPT_VI in screen and "đã gửi: 0" in screen, screen


def at_terminal(db_path, args, answer):
    """Run ``vaxdesk`` on a pseudo-terminal (its controlling one, as a person's shell gives
    it), type ``answer`` at the prompt; return the exit code and everything it showed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: becomes the command
        os.execve(sys.executable, [sys.executable, "-m", "desktop_app.cli", "--db",
                                   str(db_path), *args], _without_token())
    shown, answered = b"", False
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # EIO: the command ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
            if not answered and PROMPT_VI.encode() in shown:
                os.write(fd, answer.encode() + b"\n")
                answered = True
        else:
            os.kill(pid, signal.SIGKILL)
    finally:
        os.close(fd)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode("utf-8", "replace")
