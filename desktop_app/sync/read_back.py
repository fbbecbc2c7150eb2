"""The server's copies of records whose fate is unknown, asked about together.

A round cut mid-push (the link gone, the platform down) leaves each record it claimed
'sending', sent but unanswered; the next round must not create them blindly over what the
server may hold (``push._looked_first``). Read one GET a record, 990 records were 990 round
trips on a 300 ms link before anything went again. A server that searches by ``_id``
(its CapabilityStatement says so) is asked about ``IDS_AT_ONCE`` records a search instead.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

from desktop_app.sync.answers import answer_shape
from desktop_app.sync.client import SyncClient
from desktop_app.sync.errors import BadAnswer
from desktop_app.wire import fhir

# Ids in one search: about 3.7 kB of URL for UUIDs, under the 8 kB a server or proxy takes.
IDS_AT_ONCE = 100
READS_AT_ONCE = 4  # one-record reads on the wire together, where the server cannot search


def held_copies(client: SyncClient, type_: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    """The server's current copies of those of ``ids`` it holds (a site's token: of its own
    site), by id, each with its version in ``meta.versionId``, as ``SyncClient.read`` gives
    one. Asked together where the server searches by ``_id`` (a comma list is FHIR's "any
    of"), each search's pages followed; else read one by one.

    A hit without ``meta.versionId`` is read alone, for its ``ETag``. A search answered
    with a record not asked for (a server that ignored ``_id``), or not answered at all, is
    ``BadAnswer``: never taken as "not there", which would send a create over what the
    server holds. The round then stops with the records queued."""
    if not client.capabilities.id_search:
        with ThreadPoolExecutor(READS_AT_ONCE, thread_name_prefix="sync-read") as pool:
            copies = list(pool.map(lambda i: client.read(type_, i), ids))
        return {i: copy for i, copy in zip(ids, copies, strict=True) if copy is not None}
    held: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), IDS_AT_ONCE):
        held.update(_searched(client, type_, ids[start:start + IDS_AT_ONCE]))
    return held


def _searched(client: SyncClient, type_: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    asked = set(ids)
    held: dict[str, dict[str, Any]] = {}
    url: str | None = type_
    params: dict[str, str] | None = {"_id": ",".join(ids), "_count": str(len(ids))}
    for _page in range(len(ids) + 1):  # a page brings one record at least, or it is the last
        page = client.get(url or type_, params)
        if page is None:
            raise BadAnswer(f"a {type_} search by _id answered 404/410", "SYNC_ANSWER_MALFORMED")
        with answer_shape(f"a {type_} search by _id"):
            hits, url = fhir.search_hits(page, type_), fhir.next_page(page)
            for hit in hits:
                if hit["id"] not in asked:
                    raise ValueError(f"{type_}/{str(hit['id'])[:80]} came, not asked for")
                held[hit["id"]] = hit
        params = None  # a next link carries its own
        if url is None:
            break
    else:
        raise BadAnswer(f"a {type_} search by _id paged on past every id asked",
                        "SYNC_ANSWER_MALFORMED")
    for id_, hit in list(held.items()):
        if not (hit.get("meta") or {}).get("versionId"):
            copy = client.read(type_, id_)  # its version only in the ETag
            if copy is None:
                del held[id_]
            else:
                held[id_] = copy
    return held
