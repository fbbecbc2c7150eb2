"""Check an ``HC1:`` text offline against the cached trust list, and say what it is.

The order is the point: the envelope is opened only far enough to find the signer; the
signer must be known and not revoked; the signature must hold; only then are the claims
parsed, the certificate looked up on the revocation list and its dates judged. Nothing
from an unverified payload reaches the screen.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from desktop_app.certificates import hcert
from desktop_app.certificates.trust import Signer, TrustList
from desktop_app.rules.messages import text


class Verdict(StrEnum):
    VALID = "valid"
    UNKNOWN_SIGNER = "unknown_signer"
    REVOKED_SIGNER = "revoked_signer"
    REVOKED = "revoked"  # the certificate itself: its dose or person was corrected
    BAD_SIGNATURE = "bad_signature"
    EXPIRED = "expired"
    MALFORMED = "malformed"


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    code: str  # the message code: VERIFY_VALID, VERIFY_SIGNER_NOT_VALID, ...
    params: dict[str, str]
    kid: bytes | None = None
    signer: Signer | None = None
    claims: hcert.Claims | None = None  # only when the signature held

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.VALID

    def message(self, lang: str = "vi") -> str:
        return text(self.code, lang, **self.params)

    @property
    def payload(self) -> dict[str, Any] | None:
        return self.claims.hcert if self.claims else None


def verify_hc1(text: str, trust: TrustList, now: datetime) -> Verification:
    """Judge one certificate text at ``now`` (naive UTC)."""
    try:
        envelope = hcert.open_envelope(text)
    except hcert.MalformedCertificate as exc:
        return _malformed(str(exc))
    kid_text = base64.b64encode(envelope.kid).decode("ascii")
    signer = trust.find(envelope.kid)
    if signer is None:
        return Verification(Verdict.UNKNOWN_SIGNER, "VERIFY_UNKNOWN_SIGNER",
                            {"kid": kid_text}, envelope.kid)
    site = {"site": signer.site_code}
    if signer.revoked_at is not None:
        return Verification(Verdict.REVOKED_SIGNER, "VERIFY_REVOKED_SIGNER",
                             site | {"date": _day(signer.revoked_at)}, envelope.kid, signer)
    if not hcert.signature_holds(envelope, signer.certificate.public_key()):
        return Verification(Verdict.BAD_SIGNATURE, "VERIFY_BAD_SIGNATURE", site,
                            envelope.kid, signer)
    try:
        claims = hcert.read_claims(envelope)
        _check_shape(claims.hcert)
    except hcert.MalformedCertificate as exc:
        return _malformed(str(exc))
    revoked_at = trust.revoked_at(str(claims.hcert["v"][0]["ci"]))
    if revoked_at is not None:
        return Verification(Verdict.REVOKED, "VERIFY_REVOKED",
                            site | {"date": _day(revoked_at)}, envelope.kid, signer,
                            claims)
    if not signer.valid_at(claims.issued_at):
        return Verification(Verdict.EXPIRED, "VERIFY_SIGNER_NOT_VALID",
                            site | {"date": _day(claims.issued_at)}, envelope.kid, signer,
                            claims)
    if claims.expires_at < now:
        return Verification(Verdict.EXPIRED, "VERIFY_EXPIRED",
                            {"date": _day(claims.expires_at)}, envelope.kid, signer, claims)
    return Verification(Verdict.VALID, "VERIFY_VALID",
                        site | {"expires": _day(claims.expires_at)}, envelope.kid, signer,
                        claims)


def _check_shape(payload: dict[str, Any]) -> None:
    """The fields a verifier shows must be there; anything else is the schema's business."""
    nam = payload.get("nam")
    entries = payload.get("v")
    if not isinstance(nam, dict) or not (nam.get("fnt") or nam.get("gnt")):
        raise hcert.MalformedCertificate("no standardised name")
    if "dob" not in payload or not isinstance(entries, list) or len(entries) != 1:
        raise hcert.MalformedCertificate("no date of birth or not one vaccination entry")
    needed = {"tg", "vp", "mp", "ma", "dn", "sd", "dt", "co", "is", "ci"}
    if not isinstance(entries[0], dict) or not needed <= entries[0].keys():
        raise hcert.MalformedCertificate("the vaccination entry is incomplete")


def _malformed(reason: str) -> Verification:
    return Verification(Verdict.MALFORMED, "VERIFY_MALFORMED", {"reason": reason})


def _day(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y")
