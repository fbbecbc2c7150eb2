"""``vaxdesk sync`` against a platform that takes the connection and never answers: the
command printed "Đang cập nhật danh mục vắc xin…" and then nothing for minutes (two 2-minute
read timeouts), a frozen command at a terminal. It now says, as the Sync area does and after
as long, that it waits for the platform and that Ctrl+C stops it; Ctrl+C then stops it with
the records still queued.

The command runs in this process (as ``tests/test_cli.py`` runs one) so that the wait is
shortened as the Sync area's test shortens it; Ctrl+C is a real SIGINT to this process."""

from __future__ import annotations

import io
import json
import os
import signal
import threading

from sqlalchemy import select

from desktop_app import cli, exit_codes
from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, SyncRecord
from desktop_app.rules import sync_view
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor
from tests.sync.helpers import make_people
from tests.sync.hostile import Hostile, silent


class Watched(io.StringIO):
    """Standard error, with an event set once ``awaited`` has been written."""

    def __init__(self, awaited: str) -> None:
        super().__init__()
        self.awaited, self.seen = awaited, threading.Event()
        self._lock = threading.Lock()

    def write(self, s: str) -> int:
        with self._lock:
            n = super().write(s)
            if self.awaited in self.getvalue():
                self.seen.set()
            return n


def test_a_silent_platform_is_said_and_ctrl_c_leaves_the_records_queued(db, db_path, site,
                                                                         monkeypatch):
    front = Hostile("http://127.0.0.1:9")  # nothing passed on: every request is silent's
    try:
        for method in ("GET", "POST", "PUT"):
            front.on(method, "/", silent)
        make_people(db, 1, doses_each=1)
        syncing.save_config(db, front.url, "the-sites-code", actor=AT_THIS_LAPTOP)
        db.close()  # the command takes the database, as it would with the app closed
        ensure_test_supervisor(db_path)
        made = syncing.make_client

        def quick(*args, **kwargs):  # the shipped 120 s read timeout, made a test's 5 s
            client = made(*args, **kwargs)
            client.read_timeout = 5.0
            return client

        monkeypatch.setattr(syncing, "make_client", quick)
        monkeypatch.setattr(sync_view, "QUIET_SECONDS", 1)
        err = Watched("Ctrl+C")
        monkeypatch.setattr("sys.stderr", err)

        def press_ctrl_c() -> None:  # as the terminal does, once the notice is out
            if err.seen.wait(30):
                os.kill(os.getpid(), signal.SIGINT)

        presser = threading.Thread(target=press_ctrl_c, daemon=True)
        presser.start()
        code = cli.main(["--db", str(db_path), "--lang", "en", "sync"])
        presser.join()
        said = err.getvalue()
        assert "Waiting for the central platform to answer" in said, said
        assert "The records wait safely on this laptop" in said, said
        assert "Ctrl+C" in said, said
        assert code == exit_codes.SYNC_STOPPED, said
        assert "Sync stopped" in said and "The records stay queued" in said, said
        assert "Traceback" not in said
        with open_database(db_path, TEST_PASSPHRASE) as again, again.reading() as s:
            states = set(s.scalars(select(SyncRecord.state)))
            [stopped] = s.scalars(select(AuditEntry.details).where(
                AuditEntry.action == "sync_failed"))
        assert states == {"pending"}
        assert json.loads(stopped)["problem"] == "SYNC_STEP_PROBLEM_STOPPED"  # as a Stop
    finally:
        front.close()
