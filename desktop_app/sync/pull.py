"""Pull from the central platform: the vaccine catalogue and lots, and central edits.

Central edits are found with a standard FHIR search, ``_lastUpdated`` ≥ a cursor kept per
resource type, following the server's ``next`` links; our own writes come back too and are
recognised (``inbox``). Only the VaxDesk platform, which stamps its own edits' source, is
also asked for ``_source`` = central, to spare the laptop its own records. The cursor is
inclusive and versions already applied are recognised, so a page cut at any point, or two
changes in the same microsecond, are never skipped (``Cursor``: also on a server that does
not sort by time). A ``next`` link the server no longer knows (404, 410: its paging cursor
expired) starts the search again from the saved cursor. A hit without ``meta.versionId`` is
read once for its ``ETag`` when its version matters. After a restore, this site's own
records changed since the copy are searched too, every source, until every page is read:
those the copy lacks come back as the site's own (``own_records``). Every pull ends by
dropping this site's own doses still held as another site's too (``doubled_doses``).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Generator
from datetime import date
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db.catalogue_sync import load_catalogue
from desktop_app.db.database import Database
from desktop_app.db.ids import new_id
from desktop_app.db.models import Lot
from desktop_app.rules.catalogue import catalogue_from_dict
from desktop_app.sync.answers import answer_shape
from desktop_app.sync.client import SyncClient
from desktop_app.sync.doubled_doses import drop_doubled
from desktop_app.sync.inbox import Applied, apply_page, known_version
from desktop_app.sync.own_records import apply_own_page
from desktop_app.wire import fhir
from desktop_app.wire.instants import read_instant

PAGE = 500
MAX_PAGES = 10_000  # 5 million records a round
# Searches of one type a round: a server that forgets its paging cursor (an expired or
# invalidated ``next`` link) is searched again from the saved cursor this often.
MAX_WALKS = 4
log = logging.getLogger(__name__)


def pull_catalogue(db: Database, client: SyncClient) -> int:
    """Refresh products and lots; return the number of lots the site now knows."""
    data = client.catalogue()
    with answer_shape("the catalogue"):  # refused before anything is stored if malformed
        if not data.get("products"):
            return 0
        catalogue = catalogue_from_dict(data)
        lots = [
            {"id": new_id(), "product_code": lot["product_code"],
             "lot_number": lot["lot_number"],
             "expiry_date": date.fromisoformat(lot["expiry_date"])
             if lot.get("expiry_date") else None}
            for lot in data.get("lots", ()) if catalogue.get(lot["product_code"])
        ]
    products = {k: v for k, v in data.items() if k != "lots"}
    with db.transaction() as s:
        if settings.read(s, settings.PULLED_CATALOGUE) != products:  # most rounds: unchanged
            settings.write(s, settings.PULLED_CATALOGUE, products)
            load_catalogue(s, catalogue)
        known = set(s.execute(select(Lot.product_code, Lot.lot_number, Lot.expiry_date)).all())
        lots = [lot for lot in lots if (lot["product_code"], lot["lot_number"],
                                        lot["expiry_date"]) not in known]
        if lots:
            stmt = insert(Lot).values(lots)
            s.execute(stmt.on_conflict_do_update(
                index_elements=["product_code", "lot_number"],
                set_={"expiry_date": stmt.excluded.expiry_date}))
    db.catalogue = catalogue
    return len(data.get("lots", ()))


def pull_changes(db: Database, client: SyncClient, site_code: str | None = None, *,
                 own_only: bool = False) -> Generator[Counter[Applied], None, list[str]]:
    """Apply central edits page by page; yields the running counts after each page.
    After a restore (and with ``site_code``), this site's own records changed since the
    copy are searched too, and those the laptop lacks brought back (``own_records``);
    ``own_only``: those searches alone (the engine makes them before the push). With
    ``site_code``, this site's doses held as another site's too are dropped at the end
    (``doubled_doses``).
    Returns the types whose search the server kept forgetting part-way: the rest of their
    changes waits for the next round (said to the person: ``engine``)."""
    counts: Counter[Applied] = Counter()
    unfinished = []
    for type_ in ("Patient", "Immunization"):
        budget = Pages()
        searches = [] if own_only else [settings.pull_cursor(type_)]
        if site_code is not None:
            with db.reading() as s:
                if settings.read(s, settings.own_records_cursor(type_)) is not None:
                    searches.append(settings.own_records_cursor(type_))
        for cursor in searches:
            for _walk in range(MAX_WALKS):
                if (yield from _walk_pages(db, client, type_, counts, budget, cursor,
                                           site_code)):
                    break
                # The server forgot the search behind its ``next`` link (HAPI answers 410
                # once a paging cursor expires, or the results changed): a new search from
                # the saved cursor, which never passed a change not seen; what was applied
                # is seen again.
                log.warning("%s search expired part-way: searching again from the cursor",
                            type_)
            else:
                unfinished.append(type_)
    if site_code is not None:  # a dose the pull brought back, held as another site's too
        with db.transaction() as s:
            drop_doubled(s, site_code, utc_now())
    return sorted(set(unfinished), key=unfinished.index)


def _walk_pages(db: Database, client: SyncClient, type_: str, counts: Counter[Applied],
                budget: Pages, cursor_setting: settings.Setting | None = None,
                site_code: str | None = None) -> Generator[Counter[Applied], None, bool]:
    """One search from the saved cursor, page after page: True once every page was read
    (or the pages ran out for this round), False if a ``next`` link led nowhere. The
    search of this site's own records after a restore (``cursor_setting`` an
    ``own_records_cursor``) asks for every source, and its mark is dropped once read."""
    cursor_setting = cursor_setting or settings.pull_cursor(type_)
    own = cursor_setting.key != settings.pull_cursor(type_).key
    with db.reading() as s:
        start = settings.read(s, cursor_setting)
    url: str | None = type_
    params: dict[str, str] | None = {"_lastUpdated": f"ge{start}", "_count": str(PAGE),
                                     "_sort": "_lastUpdated"}
    if client.has_api and client.capabilities.source_search and not own:
        params["_source"] = fhir.CENTRAL_SOURCE
    moving: Cursor | None = None
    while url:
        if not budget.take():  # a server whose links loop: the rest waits a round
            return True
        page = client.get(url, params)
        if page is None and params is None:
            return False
        page = page or {}
        hits, following = _read_page(page, type_)
        if moving is None:  # its first page says whether the server sorted
            moving = Cursor(start, sorted_by_server=client.has_api or sorts_by_time(page))
        resources = _versioned(db, client, hits)
        with db.transaction() as s:
            now = utc_now()
            # Never raises for one record.
            counts.update(apply_own_page(s, resources, now, site_code or "") if own
                          else apply_page(s, resources, now))
            save = moving.page([str((r.get("meta") or {}).get("lastUpdated") or "")
                                for r in resources])
            if save:
                settings.write(s, cursor_setting, save)
        yield counts
        url, params = following, None
    if own:  # every page read: the site's own records are all here again
        with db.transaction() as s:
            settings.write(s, cursor_setting, None)
    elif moving is not None and (save := moving.finished()):  # every page read
        with db.transaction() as s:
            settings.write(s, cursor_setting, save)
    return True


def _read_page(page: dict, type_: str) -> tuple[list[dict], str | None]:
    """A search page's hits of ``type_`` and its ``next`` link, each hit with what the pull
    files it by (an id, a version, a time that can be a cursor); else ``BadAnswer``: a
    malformed hit applied, or its time saved as the cursor, would fail every round after."""
    with answer_shape(f"a {type_} search page"):
        hits, following = fhir.search_hits(page, type_), fhir.next_page(page)
        sorts_by_time(page)
        if following is not None and not isinstance(following, str):
            raise TypeError(f"a next link that is a {type(following).__name__}")
        for hit in hits:
            meta = hit.get("meta") or {}
            if not isinstance(hit["id"], str) or not isinstance(meta, dict) or \
                    not isinstance(meta.get("versionId") or "", (str, int)):
                raise TypeError(f"a hit of no id or version: {str(hit)[:200]}")
            if meta.get("lastUpdated") is not None:
                read_instant(meta["lastUpdated"])
    return hits, following


class Pages:
    """Pages a type may read in one round, over every new search (``MAX_PAGES``)."""

    def __init__(self, limit: int = MAX_PAGES) -> None:
        self.left = limit

    def take(self) -> bool:
        self.left -= 1
        return self.left >= 0


def sorts_by_time(page: dict) -> bool:
    """Whether a search's first page says its results are oldest change first: FHIR has a
    server name the parameters it used in the ``self`` link (R4 search §3.1.1.4.2), so one
    that ignored ``_sort`` leaves it out.

    >>> sorts_by_time({"link": [{"relation": "self",
    ...     "url": "https://h/r4/Patient?_lastUpdated=ge2026&_sort=_lastUpdated,_id"}]})
    True
    >>> sorts_by_time({"link": [{"relation": "self", "url": "https://h/r4/Patient?_count=5"}]})
    False
    """
    own = next((link.get("url") for link in page.get("link") or ()
                if link.get("relation") == "self"), None) or ""
    keys = [k for v in parse_qs(urlsplit(own).query).get("_sort", ()) for k in v.split(",")]
    return bool(keys) and keys[0] == "_lastUpdated"


class Cursor:
    """Where the next pull starts. The search asks for ``_sort=_lastUpdated`` (FHIR leaves
    the order the server's otherwise). When the server says it sorted (``sorts_by_time``;
    the VaxDesk platform always pages oldest first) and the pages come in that order, the
    cursor follows each page, so a pull cut off part-way resumes where it stopped. Else
    older changes may wait on pages not read yet, however ordered the first pages look: the
    cursor moves only once the last page is in.

    >>> c = Cursor("2026-01-01", sorted_by_server=True)
    >>> c.page(["2026-01-02", "2026-01-05"]), c.page(["2026-01-03"]), c.finished()
    ('2026-01-05', None, '2026-01-05')
    >>> c = Cursor("2026-01-01", sorted_by_server=False)
    >>> c.page(["2026-01-02", "2026-01-05"]), c.finished()
    (None, '2026-01-05')
    """

    def __init__(self, start: str, *, sorted_by_server: bool) -> None:
        self.start, self.newest, self.in_order = start, start, sorted_by_server

    def page(self, stamps: list[str]) -> str | None:
        """A page's ``lastUpdated`` values, in the order given: the cursor to save now."""
        stamps = [s for s in stamps if s]
        if not stamps:
            return None
        self.in_order = self.in_order and stamps == sorted(stamps) and \
            (self.newest == self.start or stamps[0] >= self.newest)
        self.newest = max(self.newest, *stamps)
        return self.newest if self.in_order else None

    def finished(self) -> str | None:
        """The cursor to save once every page was read (None: nothing moved it)."""
        return self.newest if self.newest != self.start else None


def _versioned(db: Database, client: SyncClient, hits: list[dict]) -> list[dict]:
    """The hits, those whose version matters and is missing read again for it."""
    with db.reading() as s:
        unread = {id(r) for r in hits if not (r.get("meta") or {}).get("versionId")
                  and not known_version(s, r)}
    if not unread:
        return hits
    return [r for r in (client.read(r["resourceType"], r["id"]) if id(r) in unread else r
                        for r in hits) if r is not None]
