"""``/api/complaints``: filing, the sites' pull and resolving (contract in
``desktop_app/wire/complaints.py``)."""

from __future__ import annotations

import dataclasses
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from central_server import auth
from central_server.api.deps import (
    Caller,
    FhirError,
    fhir_response,
    json_body,
    since_page,
    state,
)
from central_server.complaints import store
from central_server.fhir.outcome import outcome
from central_server.fhir.store import utc_now
from desktop_app.rules.problems import Problem
from desktop_app.wire.complaints import (
    API,
    HOTLINE,
    PATH,
    entry_of,
    normalise_code,
    resolution_from_json,
    submission_from_json,
)

router = APIRouter(prefix="/api")
DEFAULT_COUNT = 200


@router.post(f"/{PATH}")
async def file(request: Request, who: Caller) -> Response:
    body = await json_body(request)
    try:
        submission = submission_from_json(_object(body))
    except (ValueError, TypeError, KeyError) as exc:
        raise FhirError(400, "COMPLAINT_MALFORMED", "structure", detail=str(exc)) from None
    # A site's clerk types the hotline calls; anything else through the API is "api".
    channel = HOTLINE if not who.is_central and submission.channel == HOTLINE else API
    entry_id = entry_of(body) if not who.is_central and who.site_code else None
    try:
        complaint, filed = await run_in_threadpool(
            partial(store.file, by=who,
                    entry=(who.site_code, entry_id) if entry_id else None),
            state(request).engine, submission, channel, utc_now())
    except store.Refused as refused:
        return _refused(refused.problems)
    return fhir_response(complaint.as_json(), 201 if filed else 200)


@router.get(f"/{PATH}")
async def pull(request: Request, who: Caller) -> Response:
    app = state(request)
    since, count = since_page(request, DEFAULT_COUNT)

    def work() -> dict[str, Any]:
        store.escalate_overdue(app.engine, utc_now())  # what became overdue travels now
        return store.since_for_site(app.engine, who.site_code, since, count)

    return fhir_response(await run_in_threadpool(work))


@router.post(f"/{PATH}/{{code}}/resolution")
async def resolve(code: str, request: Request, who: Caller) -> Response:
    body = await json_body(request)
    try:
        resolution = resolution_from_json(_object(body))
    except (ValueError, TypeError, KeyError) as exc:
        raise FhirError(400, "COMPLAINT_MALFORMED", "structure", detail=str(exc)) from None
    if who.is_central:  # staff answer as their token's holder, never as whom the body names
        resolution = dataclasses.replace(resolution, resolved_by=auth.holder_of(who.label))
    code = normalise_code(code)
    try:
        complaint = await run_in_threadpool(store.resolve, state(request).engine, code,
                                            resolution, who, utc_now())
    except store.Refused as refused:
        return _refused(refused.problems)
    except LookupError:
        raise FhirError(404, "COMPLAINT_NOT_FOUND", "not-found", complaint=code) from None
    except store.NotYours:
        raise FhirError(403, "COMPLAINT_NOT_YOURS", "forbidden", complaint=code,
                        site=who.site_code) from None
    except store.ResolvedOtherwise:
        raise FhirError(409, "COMPLAINT_RESOLVED_OTHERWISE", "conflict", complaint=code) from None
    return fhir_response(complaint.as_json())


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def _refused(problems: list[Problem]) -> Response:
    """422: one issue per problem, each naming its field (``expression``) in the body."""
    issues = [outcome(p.code, expression=p.field, **p.params)["issue"][0] for p in problems]
    return fhir_response({"resourceType": "OperationOutcome", "issue": issues}, 422)

