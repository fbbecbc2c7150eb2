"""``POST /api/certificates/revocations``: a site revokes certificates it issued (wire
contract in ``desktop_app/wire/revocations.py``); the trust list publishes them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from central_server.api.deps import Caller, FhirError, fhir_response, json_body, state
from central_server.signing.revocations import NotIssuedBy, record_revocations
from desktop_app.wire.revocations import PATH, revocation_from_json

router = APIRouter(prefix="/api")


@router.post(f"/{PATH}")
async def revoke(request: Request, who: Caller) -> Response:
    if who.site_code is None:
        raise FhirError(403, "REVOCATION_SITE_ONLY", "forbidden")
    body = await json_body(request)
    entries = body.get("revocations") if isinstance(body, dict) else None
    if not isinstance(entries, list):
        raise FhirError(400, "REVOCATION_INVALID", "invalid", detail="no revocations list")
    try:
        revocations = [revocation_from_json(e) for e in entries]
    except ValueError as exc:
        raise FhirError(400, "REVOCATION_INVALID", "invalid", detail=str(exc)) from None
    try:
        done = record_revocations(state(request).engine, who.site_code, revocations)
    except NotIssuedBy as exc:
        raise FhirError(403, "REVOCATION_NOT_YOURS", "forbidden", site=who.site_code,
                        uvci=exc.uvci) from None
    return fhir_response({"accepted": done.accepted, "already": done.already})
