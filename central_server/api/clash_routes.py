"""``GET /api/doses/clashes``: a site's doses whose number another site holds for the same
citizen (wire contract in ``desktop_app/wire/dose_clashes.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from central_server.api.deps import Caller, fhir_response, since_page, state
from central_server.register.clashes import clashes_since
from desktop_app.wire.dose_clashes import PATH

router = APIRouter(prefix="/api")
DEFAULT_COUNT = 500


@router.get(f"/{PATH}")
def dose_clashes(request: Request, who: Caller) -> Response:
    since, count = since_page(request, DEFAULT_COUNT)
    return fhir_response(clashes_since(state(request).engine, who.site_code, since, count))
