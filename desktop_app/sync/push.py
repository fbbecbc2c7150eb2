"""One push batch: resources out, the server's per-entry answers turned into record outcomes.

A 409/412 is not taken at its word: the server's copy is read back, and if its ``meta.source``
shows it is our own earlier write whose answer was lost, the record is recovered instead of
being shown to a clerk as a conflict (``docs/sync-protocol.md``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop_app.sync.client import SyncClient
from desktop_app.sync.outbox import Ack, Adopt, Conflict, Outcome, Outgoing, Refused, Wait
from desktop_app.wire import fhir

RESOURCE_TYPE = {"person": "Patient", "dose": "Immunization"}


def bundle_of(batch: list[Outgoing]) -> dict[str, Any]:
    entries = []
    for out in batch:
        request = {"method": "PUT", "url": f"{RESOURCE_TYPE[out.entity]}/{out.record_id}"}
        if out.if_match:
            request["ifMatch"] = out.if_match
        entries.append({"resource": out.resource, "request": request})
    return {"resourceType": "Bundle", "type": "batch", "entry": entries}


def push_batch(client: SyncClient, batch: list[Outgoing], site_code: str
               ) -> list[tuple[Outgoing, Outcome]]:
    """Send one batch; return an outcome for every entry the server settled. Entries it
    did not settle (a 5xx for one entry) stay 'sending' and go again next time."""
    answer = client.push(bundle_of(batch))
    results: list[tuple[Outgoing, Outcome]] = []
    for out, entry in zip(batch, answer["entry"], strict=True):
        response = entry.get("response") or {}
        status = int(str(response.get("status", "0")).split()[0] or 0)
        issues = issues_of(response.get("outcome"))
        if status in (200, 201):
            results.append((out, Ack(_version(response.get("etag")),
                                     _instant(response.get("lastModified")))))
        elif status == 400 and [i["code"] for i in issues] == ["PATIENT_UNKNOWN"]:
            results.append((out, Wait()))  # its person was refused in this batch
        elif status in (400, 403, 422):
            results.append((out, Refused(issues)))
        elif status in (409, 412):
            results.append((out, recover(client, out, site_code, issues)))
    return results


def recover(client: SyncClient, out: Outgoing, site_code: str,
            issues: list[dict[str, Any]]) -> Outcome:
    server = client.get(f"{RESOURCE_TYPE[out.entity]}/{out.record_id}")
    if server is None:
        return Conflict(None, issues)
    meta = server.get("meta") or {}
    mine = fhir.parse_source(meta.get("source"))
    if mine and mine[0] == site_code:
        written = mine[1]
        if written == out.version and fhir.content_of(server) == fhir.content_of(out.resource):
            return Ack(str(meta.get("versionId")), _instant(meta.get("lastUpdated")))
        if written < out.version:
            return Adopt(str(meta.get("versionId")), written)
    return Conflict(server, issues)


def issues_of(outcome: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The server's OperationOutcome as what the sync area shows: code, both languages, where."""
    issues = []
    for issue in (outcome or {}).get("issue") or ():
        coding = ((issue.get("details") or {}).get("coding") or [{}])[0]
        issues.append({
            "code": coding.get("code") or issue.get("code", ""),
            "vi": (issue.get("details") or {}).get("text") or issue.get("diagnostics", ""),
            "en": issue.get("diagnostics") or (issue.get("details") or {}).get("text", ""),
            "where": (issue.get("expression") or [None])[0],
        })
    return issues


def _version(etag: str | None) -> str:
    return (etag or "").removeprefix("W/").strip('"')


def _instant(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
