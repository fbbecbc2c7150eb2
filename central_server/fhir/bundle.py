"""Batch Bundles in, batch-response Bundles out."""

from __future__ import annotations

import re
from typing import Any

from central_server.fhir import shape
from central_server.fhir.outcome import structural
from central_server.fhir.store import TYPES, EntryResult, WriteRequest, instant
from central_server.fhir.validate import ID_PATTERN

_STATUS_TEXT = {200: "200 OK", 201: "201 Created", 400: "400 Bad Request",
                403: "403 Forbidden", 409: "409 Conflict", 412: "412 Precondition Failed"}
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')  # a version past 10^9 is not ours


class BadBundle(ValueError):
    """The request as a whole is not a batch we accept (answered with one 400)."""


def parse_if_match(value: str | None) -> int | None:
    """``W/"3"`` (as FHIR servers send ETags), ``"3"`` or ``3`` → 3; absent → None."""
    if value is None or not value.strip():
        return None
    match = _ETAG.match(value.strip())
    if not match:
        raise ValueError(f"If-Match must be a version like W/\"3\", not {value[:40]!r}")
    return int(match.group(1))


def check_request(type_: str, id_: str, resource: Any) -> EntryResult | None:
    """Why a PUT of ``resource`` at ``type_/id_`` cannot be taken, or None."""
    if type_ not in TYPES:
        return EntryResult(400, type_, id_, outcome=structural(
            f"{type_[:40]} is not supported"))
    if not ID_PATTERN.match(id_):
        return EntryResult(400, type_, id_, outcome=structural(f"bad id {id_[:80]!r}"))
    if not isinstance(resource, dict) or resource.get("resourceType") != type_ \
            or resource.get("id") != id_:
        return EntryResult(400, type_, id_, outcome=structural(
            "the resource's type and id must match the URL"))
    return None


def parse_batch(body: Any, max_entries: int) -> list[WriteRequest | EntryResult]:
    if not isinstance(body, dict) or body.get("resourceType") != "Bundle" \
            or body.get("type") != "batch":
        raise BadBundle("the body must be a Bundle of type batch")
    entries = body.get("entry", [])
    entries = [] if entries is None else entries
    if not isinstance(entries, list):
        raise BadBundle("Bundle.entry must be an array")
    if len(entries) > max_entries:
        raise BadBundle(f"a batch holds at most {max_entries} entries")
    parsed: list[WriteRequest | EntryResult] = []
    for entry in entries:
        try:
            shape.check(entry, shape.BUNDLE_ENTRY, "Bundle.entry")
        except shape.Wrong as wrong:
            parsed.append(EntryResult(400, outcome=structural(str(wrong), wrong.path)))
            continue
        request = entry.get("request") or {}
        url = str(request.get("url", ""))
        type_, _, id_ = url.partition("/")
        if request.get("method") != "PUT":
            parsed.append(EntryResult(400, type_, id_, outcome=structural(
                "only PUT entries with client-assigned ids are accepted")))
            continue
        refused = check_request(type_, id_, entry.get("resource"))
        if refused is None:
            try:
                parsed.append(WriteRequest(type_, id_, entry["resource"],
                                           parse_if_match(request.get("ifMatch"))))
            except ValueError as exc:
                parsed.append(EntryResult(400, type_, id_, outcome=structural(str(exc))))
        else:
            parsed.append(refused)
    return parsed


def response_entry(result: EntryResult) -> dict[str, Any]:
    """Small on purpose: thousands of these cross slow links in every push."""
    response: dict[str, Any] = {"status": _STATUS_TEXT.get(result.status, str(result.status))}
    if result.version_id is not None:
        response["etag"] = f'W/"{result.version_id}"'
    if result.status in (200, 201):
        response["location"] = result.location
        if result.last_updated is not None:
            response["lastModified"] = instant(result.last_updated)
    if result.outcome is not None:
        response["outcome"] = result.outcome
    return {"response": response}


def batch_response(results: list[EntryResult]) -> dict[str, Any]:
    return {"resourceType": "Bundle", "type": "batch-response",
            "entry": [response_entry(r) for r in results]}
