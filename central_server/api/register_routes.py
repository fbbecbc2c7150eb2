"""``GET /api/register/verdicts``: a site's population-register verdicts (wire contract in
``desktop_app/wire/register.py``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from central_server.api.deps import Caller, FhirError, fhir_response, since_page, state
from central_server.register.verdicts import NoRegister, verdicts_since
from desktop_app.wire.register import PATH

router = APIRouter(prefix="/api")
DEFAULT_COUNT = 500


@router.get(f"/{PATH}")
def verdicts(request: Request, who: Caller) -> Response:
    app = state(request)
    since, count = since_page(request, DEFAULT_COUNT)
    try:
        body = verdicts_since(app.engine, who, since, count)
    except NoRegister:
        raise FhirError(404, "REGISTER_NOT_LOADED", "not-found") from None
    return fhir_response(body)
