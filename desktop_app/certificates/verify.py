"""Check an ``HC1:`` text offline against the cached trust list, and say what it is.

The order is the point: the envelope is opened only far enough to find the signer; the
signer must be known and not revoked; the signature must hold; only then are the claims
parsed, the certificate looked up on the revocation lists (the trust list's, and the
verifying site's own) and its dates judged. Nothing from an unverified payload reaches the
screen.

A genuine EU test or recovery certificate is not what a vaccination desk accepts: it is
said to be ``not_vaccination``, not valid. A DSC whose extended key usage names the DCC
kinds but not vaccination cannot make a vaccination certificate valid.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from desktop_app.certificates import hcert
from desktop_app.certificates.payload import COUNTRY
from desktop_app.certificates.shape import check_shape
from desktop_app.certificates.trust import Signer, TrustList
from desktop_app.clock import utc_to_local
from desktop_app.rules.messages import Part, text


class Verdict(StrEnum):
    VALID = "valid"
    UNKNOWN_SIGNER = "unknown_signer"
    REVOKED_SIGNER = "revoked_signer"
    REVOKED = "revoked"  # the certificate itself: its dose or person was corrected
    BAD_SIGNATURE = "bad_signature"
    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"  # issued after this laptop's clock: a clock is wrong
    NOT_VACCINATION = "not_vaccination"  # a genuine test or recovery certificate
    WRONG_KEY_USAGE = "wrong_key_usage"  # the signer may not sign vaccinations
    MALFORMED = "malformed"


# Clocks of the signing laptop and of the verifying device differ; an `iat` up to this far
# ahead of the verifier's clock is taken as clock drift, not as a certificate from the future.
CLOCK_SKEW = timedelta(minutes=5)


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    code: str  # the message code: VERIFY_VALID, VERIFY_SIGNER_NOT_VALID, ...
    params: dict[str, Any]  # texts, or a catalogue Part (a malformed text's reason)
    kid: bytes | None = None
    signer: Signer | None = None
    claims: hcert.Claims | None = None  # only when the signature held

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.VALID

    def message(self, lang: str = "vi") -> str:
        """The verdict in words, naming the signing site as its certificate (DSC) does, with
        its code: a clerk knows "Trạm Y tế Phường Láng Hạ", not "01-00166"."""
        params = dict(self.params)
        named = self.signer.site_name if self.signer else None
        if "site" in params and named:
            params["site"] = f"{named} ({params['site']})"
        return text(self.code, lang, **params)

    @property
    def payload(self) -> dict[str, Any] | None:
        return self.claims.hcert if self.claims else None


def _issuer_abroad(envelope: hcert.Envelope) -> str | None:
    """The country an unverified certificate says issued it, when not Vietnam (None: ours,
    or unreadable). Read only to word the verdict: nothing else of it is believed."""
    try:
        issuer = hcert.read_claims(envelope).issuer
    except hcert.MalformedCertificate:
        return None
    return issuer if issuer and issuer.strip().upper() != COUNTRY else None


def judged_by(results: Sequence[Verification]) -> int:
    """Which of a file's certificates the file is judged by: its first that is not valid
    (one damaged or revoked among genuine ones decides), else its first."""
    return next((i for i, r in enumerate(results) if not r.ok), 0)


def verify_hc1(text: str, trust: TrustList, now: datetime,
               revoked_here: Mapping[str, datetime] | None = None) -> Verification:
    """Judge one certificate text at ``now`` (naive UTC).

    ``revoked_here``: UVCI -> when (naive UTC) the verifying site itself revoked it. The
    trust list learns of a revocation only once the site has synced; the laptop that voided
    the dose must refuse the old paper at once, even offline for days."""
    try:
        envelope = hcert.open_envelope(text)
    except hcert.MalformedCertificate as exc:
        return _malformed(exc)
    kid_text = base64.b64encode(envelope.kid).decode("ascii")
    signer = trust.find(envelope.kid)
    if signer is None:
        abroad = _issuer_abroad(envelope)
        if abroad:  # a sync will not bring its key: say so, not "sync and check again"
            return Verification(Verdict.UNKNOWN_SIGNER, "VERIFY_UNKNOWN_SIGNER_ABROAD",
                                {"kid": kid_text, "country": abroad}, envelope.kid)
        return Verification(Verdict.UNKNOWN_SIGNER, "VERIFY_UNKNOWN_SIGNER",
                            {"kid": kid_text}, envelope.kid)
    site = {"site": signer.site_code}
    if signer.revoked_at is not None:
        return Verification(Verdict.REVOKED_SIGNER, "VERIFY_REVOKED_SIGNER",
                             site | {"date": _day(signer.revoked_at)}, envelope.kid, signer)
    if not hcert.signature_holds(envelope, signer.certificate.public_key()):
        return Verification(Verdict.BAD_SIGNATURE, _by(signer, "VERIFY_BAD_SIGNATURE"), site,
                            envelope.kid, signer)
    try:
        claims = hcert.read_claims(envelope)
        kind = check_shape(claims.hcert)
    except hcert.MalformedCertificate as exc:
        return _malformed(exc)
    found = (envelope.kid, signer, claims)
    if kind != "v":
        code = "VERIFY_NOT_VACCINATION_TEST" if kind == "t" else "VERIFY_NOT_VACCINATION_RECOVERY"
        return Verification(Verdict.NOT_VACCINATION, code, site, *found)
    if not signer.may_sign("vaccination"):
        return Verification(Verdict.WRONG_KEY_USAGE, "VERIFY_WRONG_KEY_USAGE", site, *found)
    uvci = str(claims.hcert["v"][0]["ci"])
    revoked = [at for at in (trust.revoked_at(uvci), (revoked_here or {}).get(uvci.strip()))
               if at is not None]
    if revoked:
        revoked_at = min(revoked)  # the same revocation, once it has reached the list
        return Verification(Verdict.REVOKED, "VERIFY_REVOKED",
                            site | {"date": _day(revoked_at)}, *found)
    if claims.issued_at > now + CLOCK_SKEW:
        return Verification(Verdict.NOT_YET_VALID, "VERIFY_ISSUED_IN_FUTURE",
                            {"date": _minute(claims.issued_at), "now": _minute(now)}, *found)
    # The DSC must be in force now (HCERT: `exp` never outlasts it) and must have been when
    # it signed; a signer's lapse ends the certificates it signed.
    for moment in (claims.issued_at, now):
        if not signer.valid_at(moment):
            return Verification(Verdict.EXPIRED, "VERIFY_SIGNER_NOT_VALID",
                                site | {"date": _day(moment),
                                        "start": _day(signer.not_before),
                                        "end": _day(signer.not_after)}, *found)
    if claims.expires_at < now:
        return Verification(Verdict.EXPIRED, "VERIFY_EXPIRED",
                            {"date": _day(claims.expires_at)}, *found)
    return Verification(Verdict.VALID, _by(signer, "VERIFY_VALID"),
                        site | {"expires": _day(claims.expires_at)}, *found)


def _by(signer: Signer, code: str) -> str:
    """``code``, or its words for a signer abroad: a visitor's certificate is not signed by
    a "vaccination site" (``điểm tiêm``) but by their country's issuer."""
    return f"{code}_ABROAD" if signer.abroad else code


def _malformed(exc: hcert.MalformedCertificate) -> Verification:
    """The verdict on a text that is no certificate, with why in the reader's language (a
    catalogue part, never the exception's English inside a Vietnamese sentence)."""
    return Verification(Verdict.MALFORMED, "VERIFY_MALFORMED",
                        {"reason": Part(exc.code, **exc.params)})


def _day(moment: datetime) -> str:
    """The site's day of a UTC moment, as the paper prints its dates (a signer expiring at
    20:00 UTC expires on the next day in Vietnam)."""
    return utc_to_local(moment).strftime("%d/%m/%Y")


def _minute(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M") + " UTC"
