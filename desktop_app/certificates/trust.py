"""The trust list: which document signers (one per site key) a verifier believes, offline.

The central platform, as the country signing authority (CSCA), publishes every site
certificate it issued, with its validity and, for a stolen or retired laptop, the time it
was revoked. A laptop caches the list at each sync. A signer counts only if the CSCA really
signed its certificate and the certificate's hash is the kid it is listed under, so a
tampered list cannot smuggle in a key.

The JSON shape (served at ``GET /api/trust-list``, documented in docs/certificates.md)::

    {"format": "vaxdesk-trust-list/1", "generated_at": "...Z", "csca": "<PEM>",
     "signers": [{"kid": "<base64>", "site_code": "HN-0001", "certificate": "<base64 DER>",
                  "not_before": "...Z", "not_after": "...Z", "revoked_at": null}],
     "revoked_certificates": {"hash_type": "UCI", "hashes": [...]}}

The revoked certificates (``wire/revocations.py``) came later: a list without them has
none, and an older reader ignores them.

The EU DCC gateway's DSC list is read too (``vaxdesk verify --trust-list``), so a desk can
check a visitor's certificate from another country: a JSON array of
``{"kid": "<base64>", "country": "DE", "certificateType": "DSC", "rawData": "<base64 DER>"}``.
The gateway has already checked each DSC against its country's CSCA, so those DSCs are
trusted directly; an entry counts only if its kid is the hash of its own certificate.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509.oid import ExtensionOID, NameOID

from desktop_app.clock import utc_now
from desktop_app.rules.messages import UserError
from desktop_app.wire.instants import read_instant
from desktop_app.wire.revocations import published_hashes, uci_hash
from desktop_app.wire.trust_list import FORMAT, kid_of

# The DSC extended key usages of HCERT's key usage policy, in both published spellings:
# a DSC that names any of them may sign only the kinds it names.
KEY_USAGES = {
    "1.3.6.1.4.1.1847.2021.1.1": "test", "1.3.6.1.4.1.0.1847.2021.1.1": "test",
    "1.3.6.1.4.1.1847.2021.1.2": "vaccination", "1.3.6.1.4.1.0.1847.2021.1.2": "vaccination",
    "1.3.6.1.4.1.1847.2021.1.3": "recovery", "1.3.6.1.4.1.0.1847.2021.1.3": "recovery",
}


# A list older than this may miss a key or a certificate revoked since (a stolen laptop, a
# dose voided at another site): a verifier says so beside its verdict. A site offline for a
# week still syncs before then in the ordinary course; past it, someone should.
STALE_AFTER_DAYS = 7


def age_in_days(generated_at: datetime, now: datetime) -> tuple[int, bool]:
    """Whole days since a list was made (naive UTC both; never below 0, a clock set back),
    and whether it is more than ``STALE_AFTER_DAYS`` old.

    >>> age_in_days(datetime(2026, 12, 1, 8), datetime(2026, 12, 8, 7, 59))
    (6, False)
    >>> age_in_days(datetime(2026, 12, 1, 8), datetime(2026, 12, 8, 9))
    (7, True)
    >>> age_in_days(datetime(2026, 12, 1, 8), datetime(2026, 11, 30))
    (0, False)
    """
    age = max(now - generated_at, timedelta(0))
    return age.days, age > timedelta(days=STALE_AFTER_DAYS)


class TrustListError(UserError, ValueError):
    """The trust list cannot be used at all (wrong format, or a CSCA we did not pin);
    ``message(lang)`` says why, ``str()`` in English for the log."""


@dataclass(frozen=True)
class Signer:
    kid: bytes
    site_code: str
    certificate: x509.Certificate
    not_before: datetime  # naive UTC
    not_after: datetime
    revoked_at: datetime | None
    abroad: bool = False  # an EU gateway DSC: ``site_code`` is its country, not a site

    def valid_at(self, moment: datetime) -> bool:
        return self.not_before <= moment <= self.not_after

    @property
    def site_name(self) -> str | None:
        """Who the DSC names as its holder (its subject's organisation): the site's name, as
        the central platform certified it; an EU gateway DSC's issuing body. None when it
        names none, or only the code (the platform's stand-in for a site it has no name for)."""
        names = self.certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
        name = str(names[0].value).strip() if names else ""
        return name if name and name != self.site_code else None

    @property
    def usages(self) -> frozenset[str]:
        """The certificate kinds this DSC's extended key usage names; empty: any kind."""
        try:
            eku = self.certificate.extensions.get_extension_for_oid(
                ExtensionOID.EXTENDED_KEY_USAGE).value
        except (x509.ExtensionNotFound, ValueError):
            return frozenset()
        return frozenset(KEY_USAGES[o.dotted_string] for o in eku
                         if o.dotted_string in KEY_USAGES)

    def may_sign(self, kind: str) -> bool:
        """HCERT's key usage policy: a DSC naming none of the DCC usages signs every kind."""
        return not self.usages or kind in self.usages


@dataclass(frozen=True)
class TrustList:
    csca: x509.Certificate | None  # None for an EU gateway list: its DSCs are trusted as such
    generated_at: datetime
    signers: dict[bytes, Signer]
    # Revoked certificates: UCI hash -> when revoked (naive UTC).
    revoked: dict[str, datetime] = field(default_factory=dict)
    # When its publisher last said it was still its current list (naive UTC; None: only
    # ``generated_at`` is known). A list unchanged for a week is a week old, yet current.
    confirmed_at: datetime | None = None

    @property
    def current_at(self) -> datetime:
        """The last moment the list is known to have been the publisher's current one."""
        return max(self.generated_at, self.confirmed_at or self.generated_at)

    def find(self, kid: bytes) -> Signer | None:
        return self.signers.get(kid)

    def revoked_at(self, uvci: str) -> datetime | None:
        """When the certificate ``uvci`` was revoked, or None if it stands."""
        return self.revoked.get(uci_hash(uvci))

    @property
    def csca_pem(self) -> str:
        from cryptography.hazmat.primitives.serialization import Encoding

        if self.csca is None:
            raise TrustListError("TRUST_LIST_NO_AUTHORITY")
        return self.csca.public_bytes(Encoding.PEM).decode("ascii")


def parse_trust_list(data: Any, pinned_csca_pem: str | None = None) -> TrustList:
    """Read a trust list, keeping only signers the CSCA really certified.

    ``pinned_csca_pem`` is the CSCA certificate the laptop got at enrolment: a list signed
    under another authority is refused as a whole. A JSON array is an EU gateway DSC list,
    never the cached list of our own platform (so never read with a pinned CSCA).
    """
    if isinstance(data, list) and pinned_csca_pem is None:
        return parse_gateway_list(data)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TrustListError("TRUST_LIST_NOT_OURS")
    try:
        csca = x509.load_pem_x509_certificate(str(data["csca"]).encode("ascii"))
        generated = _time(data["generated_at"])
        entries = list(data.get("signers") or [])
    except (KeyError, ValueError, TypeError) as exc:
        raise TrustListError("TRUST_LIST_DAMAGED") from exc
    if pinned_csca_pem is not None:
        pinned = x509.load_pem_x509_certificate(pinned_csca_pem.encode("ascii"))
        if pinned != csca:
            raise TrustListError("TRUST_LIST_OTHER_AUTHORITY")
    signers: dict[bytes, Signer] = {}
    for entry in entries:
        signer = _signer(entry, csca)
        if signer is not None:
            signers[signer.kid] = signer
    return TrustList(csca, generated, signers, published_hashes(data))


def parse_gateway_list(entries: list[Any]) -> TrustList:
    """The EU DCC gateway's DSC list (its ``/trustList/DSC`` answer) as a trust list.

    An entry that is not a DSC, whose DER does not parse or whose kid is not the hash of
    its certificate is left out; a list with no usable entry at all is refused.
    """
    signers: dict[bytes, Signer] = {}
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("certificateType", "DSC") != "DSC":
            continue
        try:
            cert = x509.load_der_x509_certificate(base64.b64decode(entry["rawData"]))
            listed = base64.b64decode(entry.get("kid", ""))
        except (KeyError, ValueError, TypeError):
            continue
        if listed != kid_of(cert):
            continue
        signers[listed] = _signer_of(cert, str(entry.get("country", "")), None, abroad=True)
    if not signers:
        raise TrustListError("TRUST_LIST_NO_USABLE_DSC")
    return TrustList(None, utc_now(), signers)


def _signer(entry: Any, csca: x509.Certificate) -> Signer | None:
    """The signer an entry lists, or None when any of it is damaged (a certificate, kid or
    revocation time that does not read): left out, so what it signed is not trusted."""
    try:
        cert = x509.load_der_x509_certificate(base64.b64decode(entry["certificate"]))
        cert.verify_directly_issued_by(csca)
        listed = base64.b64decode(entry.get("kid", ""))
        revoked = entry.get("revoked_at")
        revoked_at = _time(revoked) if revoked else None
    except (KeyError, ValueError, TypeError, InvalidSignature):
        return None
    if listed != kid_of(cert):
        return None
    return _signer_of(cert, str(entry.get("site_code", "")), revoked_at)


def _signer_of(cert: x509.Certificate, site_code: str, revoked_at: datetime | None, *,
               abroad: bool = False) -> Signer:
    return Signer(kid_of(cert), site_code, cert,
                  cert.not_valid_before_utc.replace(tzinfo=None),
                  cert.not_valid_after_utc.replace(tzinfo=None), revoked_at, abroad)


def _time(text: str) -> datetime:
    return read_instant(text)
