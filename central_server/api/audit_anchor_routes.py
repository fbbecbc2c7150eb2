"""``POST /api/audit-anchor``: a site's audit head anchored, its checks judged (wire contract
in ``desktop_app/wire/audit_anchor.py``). Only a site sends one, about itself; what the
checks and segments find goes to the province (``audit_anchors.py``), never back in the
answer, which says only what to send next round."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from central_server.api.deps import Caller, FhirError, fhir_response, json_body, state
from central_server.audit_anchors import anchor
from central_server.fhir.store import utc_now
from desktop_app.wire.audit_anchor import PATH, report_from_json

router = APIRouter(prefix="/api")


@router.post(f"/{PATH}")
async def audit_anchor(request: Request, who: Caller) -> Response:
    if who.site_code is None:
        raise FhirError(403, "AUDIT_ANCHOR_SITES_ONLY", "forbidden")
    body = await json_body(request)
    try:
        report = report_from_json(body)
    except KeyError as exc:
        raise FhirError(400, "AUDIT_ANCHOR_BAD", "structure",
                        detail=f"missing {exc.args[0]!r}") from None
    except (ValueError, TypeError) as exc:
        raise FhirError(400, "AUDIT_ANCHOR_BAD", "structure", detail=str(exc)) from None
    answer = await run_in_threadpool(anchor, state(request).engine, who.site_code, report,
                                     utc_now())
    return fhir_response(answer.as_json())
