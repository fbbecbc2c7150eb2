"""A desk save waiting behind a bulk writer's back-to-back transactions gets the lock:
SQLite's lock is not fair (a waiting write sleeps between tries while the bulk writer
commits and begins again at once), so the app's writes count themselves while they wait
and the bulk writer lets them go first (db/waiting_writers.py)."""

from __future__ import annotations

import multiprocessing
import time

from sqlalchemy import text

from desktop_app.db import cipher
from desktop_app.db.waiting_writers import let_go_first

HOLD_SECONDS = 0.3


def _busy_writer(path: str, key: cipher.FileKey, waiting, polite: bool, until: float,
                 started) -> None:
    """A bulk writer's rhythm: a transaction holding the lock, commit, at once the next."""
    conn = cipher.connect(path, key, isolation_level=None, timeout=60)
    conn.execute("PRAGMA journal_mode=WAL")
    started.set()
    while time.time() < until:
        if polite:
            let_go_first(waiting)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO setting (key, value) VALUES ('bulk', '1')"
                     " ON CONFLICT (key) DO UPDATE SET value = value + 1")
        time.sleep(HOLD_SECONDS)
        conn.execute("COMMIT")
    conn.close()


def _desk_saves_while_bulk_writes(db, polite: bool, saves: int = 5) -> list[float]:
    context = multiprocessing.get_context("spawn")
    started = context.Event()
    bulk = context.Process(target=_busy_writer, args=(
        str(db.path), db.key, db.waiting_writers, polite, time.time() + 60, started))
    bulk.start()
    try:
        assert started.wait(30)
        waited = []
        for i in range(saves):
            t0 = time.monotonic()
            with db.transaction() as s:  # as every desk save: BEGIN IMMEDIATE, busy 5 s
                s.execute(text("INSERT INTO setting (key, value) VALUES (:k, '1')"),
                          {"k": f"desk-{i}"})
            waited.append(time.monotonic() - t0)
        return waited
    finally:
        bulk.kill()
        bulk.join()


def test_a_desk_save_goes_first_between_two_bulk_transactions(db):
    waited = _desk_saves_while_bulk_writes(db, polite=True)
    # at most what is left of one bulk transaction, and a busy handler's sleep
    assert max(waited) < HOLD_SECONDS + 0.5, waited


def test_the_count_is_of_writes_waiting_only(db):
    with db.transaction() as s:  # a write that found the lock free is no longer counted
        s.execute(text("SELECT 1"))
        assert db.waiting_writers.value == 0
    t0 = time.monotonic()
    let_go_first(db.waiting_writers, most=5)
    assert time.monotonic() - t0 < 0.1
