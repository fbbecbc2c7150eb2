"""``GET /api/people/elsewhere``: a site's people whose records changed at other sites, with
the other sites' doses (wire contract in ``desktop_app/wire/elsewhere.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from central_server.api.deps import Caller, fhir_response, since_page, state
from central_server.fhir.elsewhere_news import told_since
from desktop_app.wire.elsewhere import PATH

router = APIRouter(prefix="/api")
DEFAULT_COUNT = 200


@router.get(f"/{PATH}")
def people_elsewhere(request: Request, who: Caller) -> Response:
    since, count = since_page(request, DEFAULT_COUNT)
    return fhir_response(told_since(state(request).engine, who.site_code, since, count))
