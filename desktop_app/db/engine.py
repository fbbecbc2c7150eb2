"""The SQLAlchemy engine for a site database file, keyed (``cipher.py``) and with the
durability pragmas set.

WAL lets the search read while a save writes; ``synchronous=FULL`` makes every commit wait
for the disk, so a save that returned survives a power cut. Transactions are begun by us
(``BEGIN``) instead of by the sqlite3 module's heuristics, as SQLAlchemy's docs advise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, ExceptionContext, create_engine, event

from desktop_app.db import cipher
from desktop_app.db.errors import WrongPassphrase
from desktop_app.db.faults import leaves_connection_unusable
from desktop_app.db.waiting_writers import waiting

WRITE_OPTION = "vaxdesk_write"  # set on the connection of Database.transaction()

PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    # A write waits this long for the lock before it fails: longer than the longest single
    # statement of a big import's end on a slow laptop (an index built, ~5 s), which lets
    # waiting writes go first between its transactions (waiting_writers.py).
    "PRAGMA busy_timeout=15000",
    # Searches touch a few pages of big indexes; a larger cache keeps them in memory.
    "PRAGMA cache_size=-65536",
    "PRAGMA temp_store=MEMORY",
)


STATEMENTS_KEPT = 512  # prepared statements kept per connection (the driver's default: 128)


def make_engine(path: Path, key: cipher.FileKey, waiting_writers: Any = None) -> Engine:
    # SQLAlchemy's SQLite dialect over the SQLCipher module: every pooled connection is made
    # by cipher.connect, so none is ever opened without the key. Each keeps its statements
    # prepared, room for many (the hot reads' own connections, Database.rows(), are made
    # here too). The pool hands out the connection used last (LIFO), whose page cache
    # (pages already decrypted) and prepared statements are warm, not the one idle longest.
    engine = create_engine(
        f"sqlite:///{path}", module=sqlcipher3, future=True, pool_use_lifo=True,
        creator=lambda: cipher.connect(path, key, check=False, check_same_thread=False,
                                       cached_statements=STATEMENTS_KEPT))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: cipher.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        for pragma in PRAGMAS:
            cursor.execute(pragma)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # A write takes the write lock at its start (IMMEDIATE): a deferred BEGIN that read
        # first and wrote later would fail at once with "database is locked" if another
        # writer (a sync round, a backup's audit entry) committed in between, whatever the
        # busy timeout. Reads stay deferred and never wait.
        immediate = conn.get_execution_options().get(WRITE_OPTION, False)
        if not immediate:
            conn.exec_driver_sql("BEGIN")
        elif waiting_writers is None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:  # counted while it waits: a bulk writer lets it go first (waiting_writers.py)
            with waiting(waiting_writers):
                conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        # A connection that met a damaged page goes, or the next read to check it out fails
        # with a bare MemoryError instead of the damaged-file message. Only this one: the
        # others read what they read as before.
        if leaves_connection_unusable(context.original_exception):
            context.is_disconnect = True
            context.invalidate_pool_on_disconnect = False

    return engine


def quick_check(path: Path, key: cipher.FileKey) -> str | None:
    """None when the file passes SQLite's quick integrity check, else what SQLite reported
    (with SQLCipher, a page whose HMAC fails counts as damage too).

    Opened outside SQLAlchemy, with no pragmas, so the check itself writes nothing beyond what
    SQLite must do to open the file (replaying a WAL left by a crash).
    """
    try:
        conn = cipher.connect(path, key)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except cipher.DatabaseError as exc:
        return str(exc)
    except WrongPassphrase:  # the key opened it before: its first page has gone bad since
        return "page 1 cannot be decrypted"
    result = "; ".join(str(r[0]) for r in rows[:5])
    return None if result == "ok" else result
