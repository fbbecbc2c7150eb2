"""Pull from the central platform: the vaccine catalogue and lots, and central edits.

Central edits are found with a standard FHIR search, ``_lastUpdated`` ≥ a cursor kept per
resource type, following the server's ``next`` links; our own writes come back too and are
recognised (``inbox``). Only the VaxDesk platform, which stamps its own edits' source, is
also asked for ``_source`` = central, to spare the laptop its own records. The cursor is
inclusive and versions already applied are recognised, so a page cut at any point, or two
changes in the same microsecond, are never skipped. A hit without ``meta.versionId`` is read
once for its ``ETag`` when its version matters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db.catalogue_sync import load_catalogue
from desktop_app.db.database import Database
from desktop_app.db.ids import new_id
from desktop_app.db.models import Lot
from desktop_app.rules.catalogue import catalogue_from_dict
from desktop_app.sync.client import SyncClient
from desktop_app.sync.inbox import Applied, apply_central, known_version
from desktop_app.wire import fhir

PAGE = 500
MAX_PAGES = 10_000  # 5 million records a round


def pull_catalogue(db: Database, client: SyncClient) -> int:
    """Refresh products and lots; return the number of lots the site now knows."""
    data = client.catalogue()
    if not data.get("products"):
        return 0
    catalogue = catalogue_from_dict(data)  # raises before anything is stored if malformed
    lots = [
        {"id": new_id(), "product_code": lot["product_code"], "lot_number": lot["lot_number"],
         "expiry_date": date.fromisoformat(lot["expiry_date"]) if lot.get("expiry_date")
         else None}
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


def pull_changes(db: Database, client: SyncClient) -> Iterator[Counter[Applied]]:
    """Apply central edits page by page; yields the running counts after each page."""
    counts: Counter[Applied] = Counter()
    for type_ in ("Patient", "Immunization"):
        cursor_setting = settings.pull_cursor(type_)
        with db.reading() as s:
            cursor = settings.read(s, cursor_setting)
        url: str | None = type_
        params: dict[str, str] | None = {"_lastUpdated": f"ge{cursor}", "_count": str(PAGE)}
        if client.has_api and client.capabilities.source_search:
            params["_source"] = fhir.CENTRAL_SOURCE
        pages = 0
        while url:
            page = client.get(url, params) or {}
            resources = _versioned(db, client, fhir.search_hits(page, type_))
            with db.transaction() as s:
                now = utc_now()
                for res in resources:
                    counts[apply_central(s, res, now)] += 1
                newest = max((str((r.get("meta") or {}).get("lastUpdated") or "")
                              for r in resources), default="")
                if newest:
                    settings.write(s, cursor_setting, max(newest, cursor))
            yield counts
            url = fhir.next_page(page)
            params = None
            pages += 1
            if pages >= MAX_PAGES:  # a server whose links loop: the rest waits a round
                break


def _versioned(db: Database, client: SyncClient, hits: list[dict]) -> list[dict]:
    """The hits, those whose version matters and is missing read again for it."""
    with db.reading() as s:
        unread = {id(r) for r in hits if not (r.get("meta") or {}).get("versionId")
                  and not known_version(s, r)}
    if not unread:
        return hits
    return [r for r in (client.read(r["resourceType"], r["id"]) if id(r) in unread else r
                        for r in hits) if r is not None]
