"""Where the register lives, and what the loader, the checks and the links share.

The register is not a model: ``load-register`` fills a new table and swaps it in by name,
so a failed load leaves the old register in force (``load.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from sqlalchemy import Column, Date, Integer, MetaData, String, Table, select

from central_server.db import commit_order
from central_server.db.models import RegisterLoad
from desktop_app.rules.names import fold

NAME = "population_register"
K = TypeVar("K", str, tuple[str, str])  # an id, or an identifier (system, value)
CHUNK = 900  # ids per IN (...): below SQLite's oldest parameter limit


def register_table(name: str = NAME) -> Table:
    return Table(name, MetaData(), Column("line", Integer), Column("id_number", String),
                 Column("name_key", String), Column("dob", Date), Column("sex", String(1)))


def name_key(full_name: str) -> str:
    """``fold`` word by word, cached: the register repeats the same few thousand words
    millions of times, and a 10-million-row load must not fold each one afresh.

    >>> name_key("Nguyễn  Thị Nhung") == fold("Nguyễn  Thị Nhung")
    True
    """
    return " ".join(filter(None, map(_word, full_name.split())))


@lru_cache(maxsize=1 << 16)
def _word(word: str) -> str:
    return fold(word)


def register_loaded(conn: Any) -> bool:
    return conn.execute(select(RegisterLoad.id).limit(1)).first() is not None


def serialise(conn: Any) -> None:
    """Take the register/link step's lock until the transaction ends (PostgreSQL; SQLite's
    BEGIN IMMEDIATE already serialises writers). Two batches touching one citizen then
    never interleave, and verdict times are handed out in commit order, so a site paging
    by ``checked_at`` never sees a later time commit before an earlier one."""
    commit_order.serialise(conn, commit_order.REGISTER)


def chunks(items: Iterable[K]) -> Iterable[Sequence[K]]:
    ordered = sorted(set(items))
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i:i + CHUNK]
