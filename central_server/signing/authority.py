"""The central platform as the country signing authority (CSCA) of the EU DCC PKI.

It certifies each site's own signing key (a document signer, DSC) for at most
``Settings.signer_days`` days, renews it when the site syncs, and revokes it when a laptop
is lost. The CSCA key is made on first use and kept in the central database, encrypted with
``VAXDESK_CENTRAL_CSCA_PASSPHRASE`` when that is set (it should be, outside tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central_server.db.models import DocumentSigner, PendingEnrolment, SigningAuthority, Site
from central_server.fhir.store import utc_now
from desktop_app.rules.certificates import renewal_due
from desktop_app.rules.messages import UserError
from desktop_app.wire.key_fingerprint import (
    grouped,
    key_sha256,
    readable_fingerprint,
    same_fingerprint,
)
from desktop_app.wire.trust_list import kid_of

CSCA_YEARS = 4
ENROL_PER_HOUR = 10  # a site's enrolment requests for a replacement key, per hour
# The DCC's extended key usage for certificates that sign vaccination records.
VACCINATION_SIGNER = x509.ObjectIdentifier("1.3.6.1.4.1.1847.2021.1.2")


class NothingPending(LookupError):
    """No key of the site waits for approval."""

    def __init__(self, site_code: str) -> None:
        super().__init__(f"no pending key for site {site_code}")
        self.site_code = site_code


class SignerRefused(UserError):
    """The key may not be certified (it belonged to a revoked signer, or is not P-256)."""


@dataclass(frozen=True)
class Authority:
    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def certificate_pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def load_authority(engine: Engine, passphrase: str | None) -> Authority:
    """The CSCA, made now if this server has none yet (two first callers agree on one)."""
    secret = passphrase.encode() if passphrase else None
    with Session(engine) as s:
        row = s.get(SigningAuthority, 1)
    if row is None:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _self_signed(key, utc_now())
        encryption = (serialization.BestAvailableEncryption(secret) if secret
                      else serialization.NoEncryption())
        try:
            with Session(engine) as s, s.begin():
                s.add(SigningAuthority(
                    id=1, created_at=utc_now(),
                    key_pem=key.private_bytes(serialization.Encoding.PEM,
                                              serialization.PrivateFormat.PKCS8,
                                              encryption).decode("ascii"),
                    certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode()))
        except IntegrityError:
            pass  # another worker made it first: use theirs
        with Session(engine) as s:
            row = s.get(SigningAuthority, 1)
    assert row is not None
    plain = "BEGIN ENCRYPTED" not in row.key_pem
    key = serialization.load_pem_private_key(row.key_pem.encode("ascii"),
                                             None if plain else secret)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    if plain and secret:  # a key kept in clear by an earlier run: encrypt it now
        with Session(engine) as s, s.begin():
            s.get(SigningAuthority, 1).key_pem = key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(secret)).decode("ascii")
    return Authority(key, x509.load_pem_x509_certificate(row.certificate_pem.encode("ascii")))


class EnrolmentPending(Exception):
    """The key replaces one this site had certified: it waits for central approval."""

    def __init__(self, site_code: str, fingerprint: str) -> None:
        super().__init__(site_code)
        self.fingerprint = fingerprint  # what the site reads out to central staff


@dataclass(frozen=True)
class PendingKey:
    site_code: str
    fingerprint: str  # readable_fingerprint: what approve-key --fingerprint must match
    requested_at: datetime


def enrol(engine: Engine, authority: Authority, site_code: str, public_key_pem: str, *,
          days: int, now: datetime | None = None) -> DocumentSigner:
    """Certify a site's public key, or return its current certificate if it has long left.

    A site's first key is certified on its token. A key that replaces one the site had
    certified (revoked or not) is not: a stolen laptop holds the token, and a thief who
    makes a new key must not get it certified. It waits as the site's one pending
    enrolment (``EnrolmentPending``) until central staff approve it (``approve``), who
    know whether the laptop was lost and hear its fingerprint from the site. Requests are
    limited to ``ENROL_PER_HOUR``."""
    now = now or utc_now()
    public_key = _load_public_key(public_key_pem)
    fingerprint = key_sha256(public_key)
    with Session(engine, expire_on_commit=False) as s, s.begin():
        signers = s.scalars(select(DocumentSigner).where(
            DocumentSigner.public_key_sha256 == fingerprint)).all()
        if any(d.revoked_at is not None for d in signers):
            raise SignerRefused("SIGNER_REVOKED")
        if any(d.site_code != site_code for d in signers):
            raise SignerRefused("KEY_IN_USE")
        current = max(signers, key=lambda d: d.not_after, default=None)
        if current is not None and not renewal_due(current.not_before, current.not_after, now):
            return current
        replacing = current is None and s.scalar(select(DocumentSigner.kid).where(
            DocumentSigner.site_code == site_code).limit(1)) is not None
        if not replacing:
            return _certify(s, authority, site_code, public_key, fingerprint, now, days)
    with Session(engine) as s, s.begin():  # committed, then the caller hears it waits
        _hold(s, site_code, public_key_pem, now)
    raise EnrolmentPending(site_code, grouped(fingerprint))


def pending_keys(engine: Engine) -> list[PendingKey]:
    """The keys waiting for approval, by site, with the fingerprint each site should read."""
    with Session(engine) as s:
        rows = s.scalars(select(PendingEnrolment).order_by(PendingEnrolment.site_code)).all()
        return [PendingKey(r.site_code, readable_fingerprint(r.public_key_pem), r.requested_at)
                for r in rows]


def approve(engine: Engine, authority: Authority, site_code: str, fingerprint: str, *,
            days: int, now: datetime | None = None) -> DocumentSigner:
    """Certify the site's pending key if it is the one whose ``fingerprint`` the site read
    out. Without that check staff would certify whatever key waits at that moment, and a
    thief holding the site's token could send one just before they do."""
    now = now or utc_now()
    with Session(engine, expire_on_commit=False) as s, s.begin():
        # Locked where the database can (PostgreSQL): an enrolment replacing the key between
        # the check and the certificate waits for us, not the other way round.
        pending = s.get(PendingEnrolment, site_code, with_for_update=True)
        if pending is None:
            raise NothingPending(site_code)
        public_key = _load_public_key(pending.public_key_pem)
        sha256 = key_sha256(public_key)
        if not same_fingerprint(fingerprint, grouped(sha256)):
            raise SignerRefused("KEY_FINGERPRINT_MISMATCH", site=site_code, given=fingerprint)
        s.delete(pending)
        return _certify(s, authority, site_code, public_key, sha256, now, days)


def _hold(s: Session, site_code: str, public_key_pem: str, now: datetime) -> None:
    pending = s.get(PendingEnrolment, site_code)
    if pending is None:
        s.add(PendingEnrolment(site_code=site_code, public_key_pem=public_key_pem,
                               requested_at=now, window_start=now, requests=1))
        return
    if now - pending.window_start > timedelta(hours=1):
        pending.window_start, pending.requests = now, 0
    pending.requests += 1
    if pending.requests > ENROL_PER_HOUR:
        raise SignerRefused("ENROLMENT_RATE_LIMITED")
    pending.public_key_pem, pending.requested_at = public_key_pem, now


def _certify(s: Session, authority: Authority, site_code: str, public_key: Any,
             fingerprint: str, now: datetime, days: int) -> DocumentSigner:
    site = s.get(Site, site_code)
    cert = _document_signer(authority, public_key, site_code,
                            site.name if site else site_code, now, days)
    signer = DocumentSigner(
        kid=kid_of(cert).hex(), site_code=site_code, public_key_sha256=fingerprint,
        der=cert.public_bytes(serialization.Encoding.DER),
        not_before=cert.not_valid_before_utc.replace(tzinfo=None),
        not_after=cert.not_valid_after_utc.replace(tzinfo=None),
    )
    s.add(signer)
    return signer


def revoke(engine: Engine, *, site_code: str | None = None, kid_hex: str | None = None,
           reason: str = "") -> list[str]:
    """Revoke a site's signers (all of them) or one by kid; return the kids revoked. What
    is revoked is the key: every certificate of it goes with the one named (a renewal
    certified the same key under a new kid while the old one was still in force, and a
    leaked key verified under whichever was left)."""
    if (site_code is None) == (kid_hex is None):
        raise ValueError("give a site code or a kid")
    with Session(engine) as s, s.begin():
        named = select(DocumentSigner.public_key_sha256)
        named = named.where(DocumentSigner.site_code == site_code) if site_code \
            else named.where(DocumentSigner.kid == (kid_hex or "").lower())
        query = select(DocumentSigner).where(
            DocumentSigner.revoked_at.is_(None),
            DocumentSigner.public_key_sha256.in_(named))
        revoked = []
        for signer in s.scalars(query.order_by(DocumentSigner.not_before)):
            signer.revoked_at = utc_now()
            signer.revoke_reason = reason or None
            revoked.append(signer.kid)
        return revoked


def key_revoked_at(s: Session, signer: DocumentSigner) -> datetime | None:
    """When ``signer``'s key was revoked, under any of its certificates (None: never)."""
    if signer.revoked_at is not None:
        return signer.revoked_at
    return s.scalar(select(func.min(DocumentSigner.revoked_at)).where(
        DocumentSigner.public_key_sha256 == signer.public_key_sha256))


def _self_signed(key: ec.EllipticCurvePrivateKey, now: datetime) -> x509.Certificate:
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "VaxDesk central platform"),
        x509.NameAttribute(NameOID.COMMON_NAME, "VaxDesk CSCA VN"),
    ])
    return (
        x509.CertificateBuilder()
        .subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * CSCA_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                     False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )


def _document_signer(authority: Authority, public_key: ec.EllipticCurvePublicKey,
                     site_code: str, site_name: str, now: datetime, days: int
                     ) -> x509.Certificate:
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, site_name[:64]),
        x509.NameAttribute(NameOID.COMMON_NAME, f"VaxDesk DSC {site_code}"[:64]),
    ])
    not_after = min(now + timedelta(days=days), authority.certificate.not_valid_after_utc
                    .replace(tzinfo=None))
    return (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(authority.certificate.subject)
        .public_key(public_key).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(not_after)
        .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False,
                                     False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([VACCINATION_SIGNER]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
            authority.key.public_key()), critical=False)
        .sign(authority.key, hashes.SHA256())
    )


def _load_public_key(pem: str) -> ec.EllipticCurvePublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError):
        key = None
    if not isinstance(key, ec.EllipticCurvePublicKey) or key.curve.name != "secp256r1":
        raise SignerRefused("BAD_KEY")
    return key
