"""``/api/complaints``: filing, the sites' pull, resolving, handing back and reopening, and
what a filer learns of its calls that went elsewhere (contract in
``desktop_app/wire/complaints.py``).

A site's filing is answered with what its desk keeps of it (``filed_answer``): the code,
status and times, never where the complaint went (the route, the site, the platform's
records of that ID number), not even when it came back to the filing site: any site may
file about any ID number, and the answer must not tell it whether, or where, that citizen
was vaccinated. A complaint that came back to the filer reaches its desk at the next pull,
as every complaint routed there does. One site files at most
``complaints_per_id_per_hour`` about one ID number in an hour
(``complaints/filing_limit.py``, as the public form), and each of its filings is written
to the lookup log (``lookup_log.py``) with the records found, which the province reads.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from central_server import auth, lookup_log, vietnam_time
from central_server.api.deps import (
    Caller,
    FhirError,
    fhir_response,
    json_body,
    since_page,
    state,
)
from central_server.complaints import store
from central_server.complaints.filed import filed_elsewhere
from central_server.complaints.filing_limit import FilingLimit, limit_of, site_id_key
from central_server.fhir.outcome import outcome
from central_server.fhir.store import Principal, utc_now
from desktop_app.rules.complaints import check_submission
from desktop_app.rules.problems import Problem
from desktop_app.wire.complaints import (
    API,
    FILED_MAX,
    FILED_PATH,
    HAND_BACK,
    HOTLINE,
    PATH,
    REOPEN,
    ROUTE_PROVINCE,
    Complaint,
    entry_of,
    hand_back_from_json,
    is_code,
    normalise_code,
    reopening_from_json,
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
    entry = (who.site_code, entry_id) if who.site_code and entry_id else None
    app = state(request)
    if who.site_code:
        # The same entry again (its answer lost on the line) files nothing and counts
        # nothing; a filing with mistakes counts nothing either, as on the public form.
        known = entry and await run_in_threadpool(store.filed_under, app.engine, entry)
        if not known:
            problems = [p for p in check_submission(submission, vietnam_time.today(utc_now()))
                        if p.is_error]
            if problems:
                return _refused(problems)
            wait = _id_limit(request).admit(site_id_key(who.site_code, submission.id_number),
                                            time.monotonic())
            if wait:
                return _too_many(request, wait)
    try:
        complaint, filed = await run_in_threadpool(
            partial(store.file, by=who, entry=entry),
            app.engine, submission, channel, utc_now())
    except store.Refused as refused:
        return _refused(refused.problems)
    if filed and who.site_code:
        await run_in_threadpool(lookup_log.record, app.engine, who.site_code,
                                lookup_log.COMPLAINT, complaint.submission.id_number,
                                len(complaint.patient_ids), utc_now())
    return fhir_response(filed_answer(complaint, who), 201 if filed else 200)


def filed_answer(complaint: Complaint, who: Principal) -> dict[str, Any]:
    """The answer to a filing: the whole complaint for central staff; to a site, what its
    desk keeps (``sync/complaints.py`` ``push_hotline``: the code, status and times) and
    what it sent, nothing of where the complaint went, whose records the platform matched,
    or another site's resolution. The same when the complaint came back to the filer: an
    unknown ID number naming the filer's commune came back to it with no records, a
    vaccinated citizen's went on, and the two answers told them apart."""
    whole = complaint.as_json()
    if who.is_central:
        return whole
    told = {key: whole[key] for key in ("code", "submission", "received_at", "status",
                                        "escalated", "changed_at", "due_at")}
    # Desks of earlier releases refuse an answer without a route (their whole complaints
    # step then stops): the one route that tells nothing is said, "province", as for an ID
    # number the platform does not know; the site and the records stay unsaid.
    return told | {"route": ROUTE_PROVINCE}


@router.get(f"/{PATH}")
async def pull(request: Request, who: Caller) -> Response:
    app = state(request)
    since, count = since_page(request, DEFAULT_COUNT)

    def work() -> dict[str, Any]:
        store.escalate_overdue(app.engine, utc_now())  # what became overdue travels now
        return store.since_for_site(app.engine, who.site_code, since, count)

    return fhir_response(await run_in_threadpool(work))


@router.get(f"/{FILED_PATH}")
async def filed(request: Request, who: Caller) -> Response:
    """The status and outcome of the calls the token's site filed that went elsewhere
    (``complaints/filed.py``): what the public status page shows by code, nothing more.
    Central staff file no hotline entries: their list is empty."""
    asked = [normalise_code(c) for c in request.query_params.getlist("code")]
    if len(asked) > FILED_MAX:
        raise FhirError(400, "BAD_SEARCH", "invalid",
                        detail=f"at most {FILED_MAX} codes at once")
    codes = [c for c in dict.fromkeys(asked) if is_code(c)]
    told = await run_in_threadpool(filed_elsewhere, state(request).engine, who.site_code,
                                   codes) if who.site_code else []
    return fhir_response({"complaints": [t.as_json() for t in told]})


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
    return await _answered(code, who, lambda: store.resolve(
        state(request).engine, code, resolution, who, utc_now()))


@router.post(f"/{PATH}/{{code}}/{HAND_BACK}")
async def hand_back(code: str, request: Request, who: Caller) -> Response:
    """The site holding a complaint says it is not its own (``store.hand_back``): 200 with
    the complaint as the site now reads it (``departed``). Central staff hand nothing back:
    they move a complaint to its site (the dashboard, ``vaxdesk-central complaints
    route``)."""
    body = await json_body(request)
    try:
        said = hand_back_from_json(_object(body))
    except (ValueError, TypeError, KeyError) as exc:
        raise FhirError(400, "COMPLAINT_MALFORMED", "structure", detail=str(exc)) from None
    if who.is_central:
        raise FhirError(403, "COMPLAINT_HAND_BACK_STAFF", "forbidden")
    code = normalise_code(code)
    return await _answered(code, who, lambda: store.hand_back(
        state(request).engine, code, said, who, utc_now()))


@router.post(f"/{PATH}/{{code}}/{REOPEN}")
async def reopen(code: str, request: Request, who: Caller) -> Response:
    """The site that answered a complaint withdraws its answer (``store.reopen``): 200 with
    the complaint open again as the site reads it. Only that site (403, central staff
    too); the answer named not the one standing 409; no reason 422."""
    body = await json_body(request)
    try:
        said = reopening_from_json(_object(body))
    except (ValueError, TypeError, KeyError) as exc:
        raise FhirError(400, "COMPLAINT_MALFORMED", "structure", detail=str(exc)) from None
    code = normalise_code(code)
    return await _answered(code, who, lambda: store.reopen(
        state(request).engine, code, said, who, utc_now()), reopening=True)


async def _answered(code: str, who: Principal, change: Callable[[], Complaint], *,
                    reopening: bool = False) -> Response:
    """A site's or staff's change to complaint ``code`` (an answer, a hand-back, a
    reopening: its own words for 403 and 409) made off the event loop: 200 with the
    complaint as ``who`` reads it now, or the store's refusal as the wire says it (422 with
    its problems, 404, 403, 409)."""
    try:
        complaint = await run_in_threadpool(change)
    except store.Refused as refused:
        return _refused(refused.problems)
    except LookupError:
        raise FhirError(404, "COMPLAINT_NOT_FOUND", "not-found", complaint=code) from None
    except store.NotYours:
        if reopening:
            raise FhirError(403, "COMPLAINT_REOPEN_NOT_YOURS", "forbidden",
                            complaint=code) from None
        raise FhirError(403, "COMPLAINT_NOT_YOURS", "forbidden", complaint=code,
                        site=who.site_code) from None
    except store.ResolvedOtherwise:
        if reopening:
            raise FhirError(409, "COMPLAINT_REOPEN_OTHER_ANSWER", "conflict",
                            complaint=code) from None
        raise FhirError(409, "COMPLAINT_RESOLVED_OTHERWISE", "conflict", complaint=code) from None
    return fhir_response(complaint.as_json())


def _id_limit(request: Request) -> FilingLimit:
    """The count of each site's filings per ID number (the public form keeps its own)."""
    return limit_of(request.app.state, "api_complaint_ids",
                    state(request).settings.complaints_per_id_per_hour)


def _too_many(request: Request, seconds: int) -> Response:
    """429 with Retry-After: the desk keeps the entry and sends it at a later sync."""
    most = state(request).settings.complaints_per_id_per_hour
    return fhir_response(outcome("COMPLAINT_TOO_MANY_FOR_ID", issue_type="throttled",
                                 most=most, minutes=math.ceil(seconds / 60)),
                         429, {"Retry-After": str(seconds)})


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ValueError("the body must be a JSON object")
    return body


def _refused(problems: list[Problem]) -> Response:
    """422: one issue per problem, each naming its field (``expression``) in the body."""
    issues = [outcome(p.code, expression=p.field, **p.params)["issue"][0] for p in problems]
    return fhir_response({"resourceType": "OperationOutcome", "issue": issues}, 422)

