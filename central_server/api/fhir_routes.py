"""The FHIR endpoints: batch push, single PUT, read, version read, search, capabilities."""

from __future__ import annotations

import math
from importlib.metadata import version
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from central_server import lookup_log
from central_server.api.deps import Caller, FhirError, State, fhir_response, json_body, state
from central_server.fhir import search as searching
from central_server.fhir.bundle import (
    BadBundle,
    batch_response,
    check_request,
    parse_batch,
    parse_if_match,
    response_entry,
)
from central_server.fhir.outcome import outcome
from central_server.fhir.store import TYPES, EntryResult, WriteRequest, utc_now, write
from central_server.fhir.validate import ID_PATTERN
from desktop_app.wire.fhir import EXT_VAXDESK_API

router = APIRouter(prefix="/fhir")


@router.get("/metadata")
def metadata() -> Response:
    """The CapabilityStatement; needs no token, so a client can test reachability with it."""
    rest = {"mode": "server", "resource": [
        {"type": t, "versioning": "versioned-update", "updateCreate": True,
         "conditionalUpdate": False, "interaction": [
             {"code": c} for c in ("read", "vread", "update", "search-type")],
         "searchParam": [{"name": n, "type": k} for n, k in (
             ("_id", "token"), ("identifier", "token"), ("_lastUpdated", "date"),
             ("_source", "uri"))]}
        for t in TYPES], "interaction": [{"code": "batch"}]}
    return fhir_response({"resourceType": "CapabilityStatement", "status": "active",
                          "extension": [{"url": EXT_VAXDESK_API, "valueUrl": "../api"}],
                          "date": _STARTED, "kind": "instance",
                          "software": {"name": "VaxDesk central platform",
                                       "version": _VERSION},
                          "implementation": {"description": "VaxDesk central platform"},
                          "fhirVersion": "4.0.1", "format": ["application/fhir+json"],
                          "rest": [rest]})


# R4 requires a date (1..1): when this instance's statement took effect, i.e. it started.
_STARTED = utc_now().isoformat(timespec="seconds") + "Z"
_VERSION = version("vaxdesk")  # the installed release (the platform ships in the package)


@router.post("")
@router.post("/")
async def batch(request: Request, who: Caller) -> Response:
    body = await json_body(request)
    app = state(request)
    try:
        parsed = parse_batch(body, app.settings.max_batch_entries)
    except BadBundle as exc:
        raise FhirError(400, "BAD_BUNDLE", "structure", detail=str(exc)) from None
    results = await run_in_threadpool(write, app.engine, app.catalogue, who, parsed)
    return fhir_response(batch_response(results))


@router.put("/{type_}/{id_}")
async def put(type_: str, id_: str, request: Request,
              who: Caller) -> Response:
    resource = await json_body(request)
    app = state(request)
    result: EntryResult | None = check_request(type_, id_, resource)
    if result is None:
        try:
            if_match = parse_if_match(request.headers.get("if-match"))
        except ValueError as exc:
            raise FhirError(400, "BAD_IF_MATCH", detail=str(exc)) from None
        [result] = await run_in_threadpool(
            write, app.engine, app.catalogue, who, [WriteRequest(type_, id_, resource, if_match)])
    headers = {}
    if result.version_id is not None:
        headers["ETag"] = f'W/"{result.version_id}"'
    if result.status in (200, 201):
        headers["Location"] = f"/fhir/{result.location}"
        body: Any = await run_in_threadpool(searching.read, app.engine, who, type_, id_)
    else:
        body = result.outcome or response_entry(result)
    return fhir_response(body, result.status, headers)


@router.get("/{type_}/{id_}")
def read(type_: str, id_: str, request: Request, who: Caller) -> Response:
    # An id no write accepts is not looked up (a NUL in it would make PostgreSQL fail).
    found = searching.read(state(request).engine, who, type_, id_) \
        if ID_PATTERN.match(id_) else None
    return _found(found, type_, id_)


@router.get("/{type_}/{id_}/_history/{vid}")
def vread(type_: str, id_: str, vid: str, request: Request,
          who: Caller) -> Response:
    # No version is past 10^9: a longer number is simply not found (it would overflow SQL).
    version = int(vid) if vid.isascii() and vid.isdigit() and len(vid) <= 9 else None
    found = searching.read(state(request).engine, who, type_, id_, version) \
        if version is not None and ID_PATTERN.match(id_) else None
    return _found(found, type_, id_)


@router.get("/{type_}")
def search(type_: str, request: Request, who: Caller) -> Response:
    if type_ not in TYPES:
        raise FhirError(404, "NOT_SUPPORTED", "not-supported", type=type_)
    params: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        params.setdefault(key, []).append(value)
    app = state(request)
    base = str(request.base_url).rstrip("/") + "/fhir"
    # Another site's people: counted, limited and recorded (lookup_log.py); a site's own
    # records and central staff's searches are neither.
    across = not who.is_central and searching.reaches_across(type_, params)
    if across:
        refused = _over_lookup_limit(app, who.site_code or "", type_, params)
        if refused is not None:
            return refused
    try:
        bundle = searching.search(app.engine, who, type_, params, base,
                                  app.settings.max_page_size)
    except searching.BadSearch as exc:
        raise FhirError(400, "BAD_SEARCH", "invalid", detail=str(exc)) from None
    if across:
        lookup_log.record(app.engine, who.site_code or "", type_,
                          lookup_log.asked(type_, params), lookup_log.results_in(bundle),
                          utc_now())
    return fhir_response(bundle)


def _over_lookup_limit(app: State, site_code: str, type_: str,
                       params: dict[str, list[str]]) -> Response | None:
    """429 with an OperationOutcome and Retry-After when the site has made its hour's
    cross-site lookups; None when it may make this one."""
    now = utc_now()
    most = app.settings.lookups_per_hour
    what = lookup_log.asked(type_, params)
    seconds = lookup_log.admit(app.engine, site_code, most, now, what)
    if not seconds:
        return None
    lookup_log.record_refusal(app.engine, site_code, type_, what, now)
    return fhir_response(outcome("LOOKUPS_TOO_MANY", issue_type="throttled", most=most,
                                 minutes=math.ceil(seconds / 60)),
                         429, {"Retry-After": str(seconds)})


def _found(resource: dict[str, Any] | None, type_: str, id_: str) -> Response:
    if resource is None:
        raise FhirError(404, "NOT_FOUND", "not-found", ref=f"{type_}/{id_}"[:140])
    return fhir_response(resource, headers={"ETag": f'W/"{resource["meta"]["versionId"]}"'})
