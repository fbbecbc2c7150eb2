"""A big import caught between its chunks and its end, as the writer process leaves it: its
chunks committed through ``bulk_sql.write_chunk(deferred=True)`` on a connection of its own,
the doses' report tallies held in that connection and noted (bulk_sql.TALLIES_PENDING)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from desktop_app.db import bulk_sql
from desktop_app.db.database import Database


def chunk(site_id: str, first: int, count: int) -> tuple[list[tuple], list[tuple]]:
    """People p<first>… each with one COMIRNATY dose d<n> on 1 to 3 October 2021 (ages 30
    and 31), as the importer hands them to the writer."""
    people, doses = [], []
    for n in range(first, first + count):
        people.append((f"p{n:03d}", site_id, f"Người Số {n}", f"nguoi so {n}",
                       f"1990-10-0{1 + n % 3}", "F", "CCCD", f"0011900{n:05d}", None, None,
                       None, "2026-01-01", "2026-01-01", None, None))
        doses.append((f"d{n:03d}", f"p{n:03d}", site_id, "COMIRNATY", "L1", 1,
                      f"2021-10-0{1 + n % 3}", "import", "active", None, "2026-01-01",
                      "2026-01-01"))
    return people, doses


def write_deferred(conn: Any, site_id: str, first: int, count: int) -> None:
    """One chunk, committed, its tallies held by ``conn``."""
    conn.execute("BEGIN")
    bulk_sql.write_chunk(conn, "2026-01-01", *chunk(site_id, first, count), None,
                         deferred=True)
    conn.execute("COMMIT")


@contextmanager
def import_in_progress(db: Database, site_id: str, count: int = 5) -> Iterator[Any]:
    """``count`` imported doses committed, their tallies held until the block ends; the
    writer's connection is given to the block."""
    raw = db.engine.raw_connection()
    try:
        conn = raw.driver_connection
        write_deferred(conn, site_id, 1, count)
        yield conn
        conn.execute("BEGIN")
        bulk_sql.add_deferred_tallies(conn)
        conn.execute("COMMIT")
    finally:
        raw.close()
