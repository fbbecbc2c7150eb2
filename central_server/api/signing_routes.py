"""Certificate signing: sites enrol their keys; anyone may read the trust list.

    POST /api/signing/enrol                  {"public_key": PEM} with the site's token
    GET  /api/trust-list                     the whole list (JSON), ETag / If-None-Match
    GET  /api/trust-list/csca.pem            the authority's certificate
    GET  /api/trust-list/signers/{kid}.der   one site certificate (kid in hex), or .pem
"""

from __future__ import annotations

import hashlib
import json

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from central_server.api.deps import Caller, FhirError, fhir_response, json_body, state
from central_server.db.models import DocumentSigner
from central_server.fhir.outcome import outcome
from central_server.signing.authority import (
    EnrolmentPending,
    SignerRefused,
    enrol,
    load_authority,
)
from central_server.signing.trust_list import signer_entry, trust_list

router = APIRouter(prefix="/api")


def _authority(request: Request):  # type: ignore[no-untyped-def]
    central = state(request)
    if central.authority is None:
        central.authority = load_authority(central.engine, central.settings.csca_passphrase)
    return central.authority


@router.post("/signing/enrol")
async def enrol_site(request: Request, who: Caller) -> Response:
    if who.site_code is None:
        raise FhirError(403, "SITE_ONLY", "forbidden")
    body = await json_body(request)
    pem = body.get("public_key") if isinstance(body, dict) else None
    if not isinstance(pem, str):
        raise FhirError(400, "KEY_MISSING", "required")
    central = state(request)
    authority = _authority(request)
    try:
        signer = enrol(central.engine, authority, who.site_code, pem,
                       days=central.settings.signer_days)
    except EnrolmentPending as pending:
        return fhir_response(outcome("ENROLMENT_PENDING", issue_type="informational",
                                     fingerprint=pending.fingerprint), 202)
    except SignerRefused as exc:
        if exc.code == "ENROLMENT_RATE_LIMITED":
            raise FhirError(429, exc.code, "throttled") from None
        raise FhirError(403 if exc.code != "BAD_KEY" else 400, exc.code,
                        "forbidden" if exc.code != "BAD_KEY" else "invalid") from None
    cert = x509.load_der_x509_certificate(signer.der)
    return fhir_response(signer_entry(signer) | {
        "certificate_pem": cert.public_bytes(Encoding.PEM).decode("ascii"),
        "csca": authority.certificate_pem,
    })


@router.get("/trust-list")
def get_trust_list(request: Request) -> Response:
    body = trust_list(state(request).engine, _authority(request))
    # The ETag ignores generated_at, so an unchanged list costs a sync round one 304.
    listed = {k: v for k, v in body.items() if k != "generated_at"}
    tag = '"' + hashlib.sha256(json.dumps(listed, sort_keys=True).encode()).hexdigest()[:32] + '"'
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers={"ETag": tag})
    return fhir_response(body, headers={"ETag": tag, "Cache-Control": "no-cache"})


@router.get("/trust-list/csca.pem")
def get_csca(request: Request) -> Response:
    return Response(_authority(request).certificate_pem, media_type="application/x-pem-file")


@router.get("/trust-list/signers/{name}")
def get_signer(request: Request, name: str) -> Response:
    kid, _, ext = name.partition(".")
    with Session(state(request).engine) as s:
        signer = s.get(DocumentSigner, kid.lower())
    if signer is None or ext not in ("der", "pem"):
        raise FhirError(404, "SIGNER_NOT_FOUND", "not-found")
    headers = {"X-Not-Before": signer.not_before.isoformat() + "Z",
               "X-Not-After": signer.not_after.isoformat() + "Z"}
    if signer.revoked_at is not None:
        headers["X-Revoked-At"] = signer.revoked_at.isoformat() + "Z"
    if ext == "der":
        return Response(signer.der, media_type="application/pkix-cert", headers=headers)
    pem = x509.load_der_x509_certificate(signer.der).public_bytes(Encoding.PEM)
    return Response(pem, media_type="application/x-pem-file", headers=headers)
