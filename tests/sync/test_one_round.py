"""One sync round per database at a time, whoever starts it (review, item 1).

Across processes the database's one-instance lock (db/instance_lock.py) already keeps a
second process out before it can read a record, let alone start a round; within a process
the engine's lock refuses a second round while one is under way.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from desktop_app import exit_codes
from desktop_app.progress import drain
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.sync.engine import SyncAlreadyRunning
from tests import forked
from tests.sync.helpers import make_people, server_copies

pytestmark = pytest.mark.slow


def test_the_cli_cannot_sync_a_database_the_app_holds(wired, db_path):
    """The app keeps its database open (and locked) while it runs: ``vaxdesk sync`` on the
    same file stops before it opens it, so no second round can start beside the app's."""
    make_people(wired.db, 3, doses_each=1)
    out = forked.vaxdesk("--lang", "en", "--db", str(db_path), "sync", env=dict(os.environ),
                         timeout=120)
    assert out.returncode == exit_codes.LOCKED, (out.returncode, out.stderr)
    assert "already open in another VaxDesk window" in out.stderr
    assert server_copies(wired.server.url, wired.token, "Patient") == []  # nothing was sent
    with wired.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sync_record WHERE state != 'pending'"
                                 )).scalar() == 0


def test_a_second_round_in_the_same_process_is_refused_until_the_first_ends(wired):
    """The "Sync now" button while the timer's round is in its pull: refused at once."""
    make_people(wired.db, 2, doses_each=1)
    first = syncing.sync_round(wired.db, wired.client(), actor=AT_THIS_LAPTOP)
    phases = []
    for progress in first:
        phases.append(progress.phase)
        # The pull after the push (a fresh database brings its site's records back first).
        if progress.phase == "pull" and "push" in phases:
            break
    with pytest.raises(SyncAlreadyRunning):
        drain(syncing.sync_round(wired.db, wired.client(), actor=AT_THIS_LAPTOP))
    summary = drain(first)
    assert "push" in phases and summary.synced == 4
    assert wired.sync().sent == 0  # the first round's lock was released
