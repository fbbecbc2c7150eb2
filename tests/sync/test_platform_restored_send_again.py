"""A platform restored from an older backup (found by a review): what sites synced after
that backup was lost there, and each laptop counted it synced, so it was never sent again
(only a new dose of a lost person brought them back). A supervisor's "send everything
again" (``vaxdesk sync --send-all-again``) queues every acknowledged record: the platform
gets back what it lost, and what it kept is acknowledged as it is."""

from __future__ import annotations

import sqlite3

import pytest

from desktop_app import cli
from desktop_app.services import sync as syncing
from desktop_app.services.actor import Actor, NotAllowed, Role
from tests.sync.helpers import make_people, reconcile, server_copies


def _copy_database(source: str, target: str) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def test_sending_everything_again_brings_back_what_the_restored_platform_lost(
        wired, tmp_path, boss):
    central_db = wired.server.database_url.removeprefix("sqlite:///")
    backup = str(tmp_path / "central-backup.db")
    make_people(wired.db, 2, doses_each=1)
    wired.sync()
    _copy_database(central_db, backup)  # the platform's nightly backup
    [late] = make_people(wired.db, 1, doses_each=2, seed=2)  # synced the next morning
    wired.sync()
    wired.server.stop()  # the platform's disk fails; IT restores last night's backup
    _copy_database(backup, central_db)
    wired.server.start()
    wired.sync()
    ids = {p["id"] for p in server_copies(wired.server.url, wired.central_token, "Patient")}
    assert late not in ids  # as the review found it: never sent again by itself

    clerk = Actor(boss.user_id, "Thư ký Lan", Role.CLERK)
    with pytest.raises(NotAllowed):
        syncing.send_all_again(wired.db, actor=clerk)
    assert syncing.send_all_again(wired.db, actor=boss) == 7  # 3 people, 4 doses
    summary = wired.sync()
    assert summary.rejected == 0 and summary.conflicts == 0
    ids = {p["id"] for p in server_copies(wired.server.url, wired.central_token, "Patient")}
    assert late in ids
    reconcile(wired.db, wired.server.url, wired.token)


def test_the_command_line_sends_everything_again(wired, boss, capsys):
    make_people(wired.db, 1, doses_each=1)
    wired.sync()
    syncing.save_config(wired.db, wired.server.url, wired.token, actor=boss)
    path = wired.db.path
    wired.db.close()
    assert cli.main(["--db", str(path), "--lang", "en", "sync", "--send-all-again"]) == 0
    said = capsys.readouterr()
    assert "2 records queued to be sent again." in said.err, said.err
