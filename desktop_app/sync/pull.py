"""Pull from the central platform: the vaccine catalogue and lots, and central edits.

Central edits are found with a standard FHIR search, ``_source`` = the central platform's
source URI, ``_lastUpdated`` ≥ a cursor kept per resource type. The cursor is inclusive and
versions already applied are recognised, so a page cut at any point, or two changes in the
same microsecond, are never skipped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.catalogue_sync import PULLED_KEY, load_catalogue
from desktop_app.db.database import Database
from desktop_app.db.ids import new_id
from desktop_app.db.models import Lot
from desktop_app.rules.catalogue import catalogue_from_dict
from desktop_app.sync import fhir
from desktop_app.sync.client import SyncClient
from desktop_app.sync.inbox import Applied, apply_central

PAGE = 500
CURSOR_KEY = "sync_pull_cursor_{}"


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
        if store.get_setting(s, PULLED_KEY) != products:  # most rounds: unchanged
            store.put_setting(s, PULLED_KEY, products)
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
        key = CURSOR_KEY.format(type_)
        with db.reading() as s:
            cursor = store.get_setting(s, key, "2000-01-01T00:00:00Z")
        url: str | None = type_
        params: dict[str, str] | None = {
            "_source": fhir.CENTRAL_SOURCE, "_lastUpdated": f"ge{cursor}", "_count": str(PAGE)}
        while url:
            page = client.get(url, params) or {}
            resources = [e["resource"] for e in page.get("entry") or ()]
            with db.transaction() as s:
                now = utc_now()
                for res in resources:
                    counts[apply_central(s, res, now)] += 1
                if resources:
                    newest = max(r["meta"]["lastUpdated"] for r in resources)
                    store.put_setting(s, key, max(newest, cursor))
            yield counts
            url = next((link["url"] for link in page.get("link") or ()
                        if link.get("relation") == "next"), None)
            params = None
