"""The published trust list: every document signer this authority certified, revoked ones
included (a verifier must be told, not left to guess), and the certificates sites revoked.
Shape: desktop_app/certificates/trust.py.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central_server.db.models import DocumentSigner
from central_server.fhir.store import utc_now
from central_server.signing import revocations
from central_server.signing.authority import Authority
from desktop_app.wire.revocations import TRUST_LIST_KEY
from desktop_app.wire.trust_list import FORMAT


def trust_list(engine: Engine, authority: Authority) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "generated_at": _z(utc_now()),
        "csca": authority.certificate_pem,
        "signers": signer_entries(engine),
        TRUST_LIST_KEY: revocations.published(engine),
    }


def signer_entries(engine: Engine) -> list[dict[str, Any]]:
    """Every signer; one whose key was revoked under another of its certificates is listed
    revoked too (a platform that revoked one kid of a renewed key before revoking went by
    the key, ``authority.revoke``)."""
    with Session(engine) as s:
        signers = s.scalars(select(DocumentSigner).order_by(
            DocumentSigner.site_code, DocumentSigner.not_before)).all()
    keys: dict[str, datetime] = {}
    for d in signers:
        if d.revoked_at is not None:
            keys[d.public_key_sha256] = min(d.revoked_at, keys.get(d.public_key_sha256,
                                                                   d.revoked_at))
    return [signer_entry(d, keys.get(d.public_key_sha256)) for d in signers]


def signer_entry(d: DocumentSigner, key_revoked_at: datetime | None = None) -> dict[str, Any]:
    revoked_at = d.revoked_at or key_revoked_at
    return {
        "kid": base64.b64encode(bytes.fromhex(d.kid)).decode("ascii"),
        "kid_hex": d.kid,
        "site_code": d.site_code,
        "certificate": base64.b64encode(d.der).decode("ascii"),
        "not_before": _z(d.not_before),
        "not_after": _z(d.not_after),
        "revoked_at": _z(revoked_at) if revoked_at else None,
    }


def _z(moment: Any) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"
