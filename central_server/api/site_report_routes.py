"""``POST /api/site-report``: a site's own figures for the dashboard (wire contract in
``desktop_app/wire/site_report.py``). Only a site sends one, about itself."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from central_server.api.deps import Caller, FhirError, json_body, state
from central_server.dashboard.site_reports import store_report
from central_server.fhir.store import utc_now
from desktop_app.wire.site_report import PATH, report_from_json

router = APIRouter(prefix="/api")


@router.post(f"/{PATH}")
async def site_report(request: Request, who: Caller) -> Response:
    if who.site_code is None:
        raise FhirError(403, "SITE_REPORT_SITES_ONLY", "forbidden")
    body = await json_body(request)
    if not isinstance(body, dict):
        raise FhirError(400, "SITE_REPORT_BAD", "structure", detail="not a JSON object")
    try:
        report = report_from_json(body)
    except KeyError as exc:
        raise FhirError(400, "SITE_REPORT_BAD", "structure",
                        detail=f"missing {exc.args[0]!r}") from None
    except (ValueError, TypeError, AttributeError) as exc:
        raise FhirError(400, "SITE_REPORT_BAD", "structure", detail=str(exc)) from None
    await run_in_threadpool(store_report, state(request).engine, who.site_code, report,
                            utc_now())
    return Response(status_code=204)
