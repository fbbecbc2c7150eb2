"""``GET /api/register/verdicts``: a site's population-register verdicts (wire contract in
``desktop_app/wire/register.py``)."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from central_server.api.deps import Caller, FhirError, fhir_response, state
from central_server.register.verdicts import NoRegister, verdicts_since
from desktop_app.wire.register import PATH

router = APIRouter(prefix="/api")
DEFAULT_COUNT = 500


@router.get(f"/{PATH}")
def verdicts(request: Request, who: Caller) -> Response:
    app = state(request)
    params = request.query_params
    try:
        count = int(params.get("_count") or DEFAULT_COUNT)
    except ValueError:
        raise FhirError(400, "BAD_SEARCH", "invalid", detail="_count must be a number") from None
    count = max(1, min(count, app.settings.max_page_size))
    since = None
    if params.get("since"):
        try:
            since = datetime.fromisoformat(params["since"].replace("Z", "+00:00"))
        except ValueError:
            raise FhirError(400, "BAD_SEARCH", "invalid",
                            detail=f"not a date-time: {params['since']!r}") from None
        if since.tzinfo is not None:
            since = since.astimezone(UTC).replace(tzinfo=None)
    try:
        body = verdicts_since(app.engine, who, since, count)
    except NoRegister:
        raise FhirError(404, "REGISTER_NOT_LOADED", "not-found") from None
    return fhir_response(body)
