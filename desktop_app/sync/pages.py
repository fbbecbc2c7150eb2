"""Pulling a list the platform pages by time (``?since=…&_count=…`` answered with the page's
items and ``next_since``): the register's verdicts, the complaints routed here.

The cursor is inclusive and kept in the same transaction as the page it follows, so a round
cut anywhere loses nothing and takes up where it stopped. A server without the list (any
other FHIR server) answers 404: the site then has none and the round goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.db.database import Database
from desktop_app.sync.answers import answer_json, answer_shape
from desktop_app.sync.client import SyncClient
from desktop_app.sync.errors import ProtocolError

MAX_PAGES = 1000  # a round's: a platform whose ``next_since`` never ends cannot hold it
Item = TypeVar("Item")


def pull_pages(db: Database, client: SyncClient, path: str, *, cursor: str, size: int,
               what: str, key: str, read: Callable[[object], Item],
               keep: Callable[[Session, list[Item]], datetime | None]) -> Iterator[None]:
    """Each page of ``path`` from the cursor setting ``cursor`` on: its ``key`` list read
    item by item (``read``, under ``answer_shape(what)``), kept by ``keep`` (which returns
    the newest time it holds, the next cursor), one transaction a page; yields after each."""
    with db.reading() as s:
        since: str | None = settings.read(s, cursor)
    if since is None:
        return
    for items in read_pages(client, path, since, size=size, what=what, key=key, read=read):
        with db.transaction() as s:
            newest = keep(s, items)
            if newest is not None:
                settings.write(s, cursor, newest.isoformat() + "Z")
        yield


class NoSuchList(Exception):
    """The server keeps no such list (404: a server older than it, or not VaxDesk's)."""


def read_pages(client: SyncClient, path: str, since: str, *, size: int, what: str, key: str,
               read: Callable[[object], Item], missing_ok: bool = True
               ) -> Iterator[list[Item]]:
    """Each page of ``path`` from ``since`` on (inclusive), its ``key`` list read item by
    item (``read``, under ``answer_shape(what)``), following ``next_since`` for at most
    ``MAX_PAGES``. A 404 ends it quietly (``missing_ok``) or raises ``NoSuchList``."""
    for _page in range(MAX_PAGES):
        answer = client.api_response("GET", path, params={"since": since, "_count": str(size)})
        if answer.status_code == 404:
            if missing_ok:
                return
            raise NoSuchList(path)
        if not answer.ok:
            raise ProtocolError(f"HTTP {answer.status_code} from {path}")
        page = answer_json(answer)
        with answer_shape(what):
            items = [read(item) for item in page.get(key) or ()]
            following = page.get("next_since")
            if following is not None and not isinstance(following, str):
                raise TypeError(f"next_since is a {type(following).__name__}")
        yield items
        if not following or following == since:
            return
        since = following
