"""The site's signing identity: its key, the certificate the central platform gave it, the
trust list, and the rules for when this laptop may sign at all.

The private key is stored only encrypted (see ``certificates.keys``); the public key is
kept beside it in clear so that sync can enrol and renew without asking for the passphrase.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from desktop_app import settings
from desktop_app.certificates.errors import CertificateError
from desktop_app.certificates.keys import (
    is_legacy,
    lock_key,
    new_site_key,
    public_pem,
    same_public_key,
    unlock_key,
)
from desktop_app.certificates.trust import TrustList
from desktop_app.certificates.trust import TrustListError as TrustListError
from desktop_app.certificates.trust import parse_trust_list as parse_trust_list
from desktop_app.clock import local_time, utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.rules.fingerprints import fingerprint
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.clock_check import clock_ahead, clock_behind
from desktop_app.wire.instants import read_instant
from desktop_app.wire.key_fingerprint import readable_fingerprint
from desktop_app.wire.trust_list import kid_of


@dataclass(frozen=True)
class SignerState:
    has_key: bool
    certificate: x509.Certificate | None  # only if it certifies our current key
    revoked: bool
    trust_list_at: datetime | None
    # What the site reads to central staff, who approve a replacement key only if it matches.
    fingerprint: str | None = None
    # The platform said at a sync that this (replacement) key waits for its staff's
    # approval: no certificate can be printed until they give it and a sync brings it.
    awaiting_approval: bool = False

    @property
    def not_after(self) -> datetime | None:
        return self.certificate.not_valid_after_utc.replace(tzinfo=None) \
            if self.certificate else None


@dataclass(frozen=True)
class Signer:
    """An unlocked key with its certificate: what signing needs, held in memory only."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def kid(self) -> bytes:
        return kid_of(self.certificate)


def create_signing_key(db: Database, passphrase: str, *, replace: bool = False,
                       actor: Actor) -> None:
    """Make the site's key. ``replace`` is for a revoked or forgotten key: the old one is
    gone for good and the central platform must certify the new one at the next sync."""
    require(actor, *SUPERVISORS)
    with db.reading() as s:
        if settings.read(s, settings.SIGNING_KEY) and not replace:
            raise CertificateError("CERT_KEY_EXISTS")
    key = new_site_key()
    locked = lock_key(key, passphrase)
    with db.transaction() as s:
        before = settings.read(s, settings.SIGNING_PUBLIC_KEY)
        settings.write(s, settings.SIGNING_KEY, locked)
        settings.write(s, settings.SIGNING_PUBLIC_KEY, public_pem(key))
        settings.write(s, settings.SIGNING_CERTIFICATE, None)
        settings.write(s, settings.SIGNING_REVOKED, None)
        settings.write(s, settings.SIGNING_PENDING, None)  # the next sync says
        # The public keys' fingerprints say which key replaced which; the key itself never.
        s.add(store.audit_entry("update", "setting", settings.SIGNING_KEY.key, {
            "signing_key": [fingerprint(before), fingerprint(public_pem(key))]},
            utc_now(), actor.user_id))


def signer_state(db: Database) -> SignerState:
    with db.reading() as s:
        public = settings.read(s, settings.SIGNING_PUBLIC_KEY)
        cert_pem = settings.read(s, settings.SIGNING_CERTIFICATE)
        revoked = settings.read(s, settings.SIGNING_REVOKED)
        pending = settings.read(s, settings.SIGNING_PENDING)
        trust = settings.read(s, settings.TRUST_LIST)
    cert = x509.load_pem_x509_certificate(cert_pem.encode()) if cert_pem else None
    if cert is not None and (not public or not same_public_key(cert, public)):
        cert = None
    at = trust.get("generated_at") if isinstance(trust, dict) else None
    return SignerState(
        bool(public), cert, bool(revoked),
        read_instant(at) if at else None,
        _fingerprint(public),
        cert is None and bool(public) and pending == _fingerprint(public),
    )


def _fingerprint(public: str | None) -> str | None:
    # A stored key the platform would refuse (BAD_KEY) must not stop the state being shown.
    try:
        return readable_fingerprint(public) if public else None
    except ValueError:
        return None


def unlock_signer(db: Database, passphrase: str, now: datetime | None = None) -> Signer:
    """The key and certificate, after every check that signing needs (see ``may_sign``)."""
    state = may_sign(db, now)
    with db.reading() as s:
        locked = settings.read(s, settings.SIGNING_KEY)
    assert state.certificate is not None
    key = unlock_key(locked, passphrase)
    if is_legacy(locked):  # sealed by PBKDF2 before: seal it again the costly way, once
        with db.transaction() as s:
            settings.write(s, settings.SIGNING_KEY, lock_key(key, passphrase))
    return Signer(key, state.certificate)


def may_sign(db: Database, now: datetime | None = None) -> SignerState:
    """Raise CertificateError unless this laptop may sign now: it has a key the central
    platform certified, the certificate is in force, and the clock has neither gone back
    nor was found ahead at the last round (``services/clock_check``)."""
    now = now or utc_now()
    state = signer_state(db)
    if not state.has_key:
        raise CertificateError("CERT_NO_KEY")
    if state.revoked:
        raise CertificateError("CERT_SIGNER_REVOKED")
    if state.certificate is None:
        if state.awaiting_approval:
            raise CertificateError("CERT_AWAITING_APPROVAL", fingerprint=state.fingerprint)
        raise CertificateError("CERT_NOT_ENROLLED")
    # A clock set back would let an expired certificate sign, and would date certificates
    # wrongly; one ahead would date them in the future, "not yet valid" to every verifier.
    behind = clock_behind(db, now)
    if behind is not None:
        raise CertificateError("CERT_CLOCK_BEHIND", **behind.params())
    ahead = clock_ahead(db, now)
    if ahead is not None:
        raise CertificateError("CERT_CLOCK_AHEAD", **ahead.params())
    not_before = state.certificate.not_valid_before_utc.replace(tzinfo=None)
    if now < not_before:
        raise CertificateError("CERT_SIGNER_NOT_YET", date=_minute(not_before))
    if state.not_after is not None and now > state.not_after:
        raise CertificateError("CERT_SIGNER_EXPIRED", date=_minute(state.not_after))
    return state


def cached_trust_list(db: Database) -> TrustList | None:
    with db.reading() as s:
        data = settings.read(s, settings.TRUST_LIST)
        pinned = settings.read(s, settings.CSCA_CERTIFICATE)
        confirmed = settings.read(s, settings.TRUST_LIST_CONFIRMED)
    if not data:
        return None
    try:
        trust = parse_trust_list(data, pinned)
    except TrustListError:
        return None
    return replace(trust, confirmed_at=read_instant(confirmed)) if confirmed else trust


def public_key(db: Database) -> str | None:
    with db.reading() as s:
        return settings.read(s, settings.SIGNING_PUBLIC_KEY)


def save_enrolment(db: Database, certificate_pem: str, csca_pem: str) -> None:
    with db.transaction() as s:
        pinned = settings.read(s, settings.CSCA_CERTIFICATE)
        if pinned and pinned.strip() != csca_pem.strip():
            raise TrustListError("TRUST_LIST_AUTHORITY_CHANGED")
        settings.write(s, settings.SIGNING_CERTIFICATE, certificate_pem)
        settings.write(s, settings.CSCA_CERTIFICATE, csca_pem)
        settings.write(s, settings.SIGNING_REVOKED, None)
        settings.write(s, settings.SIGNING_PENDING, None)


def save_awaiting_approval(db: Database, fingerprint: str) -> None:
    """The platform holds our replacement key for its staff's approval (``SignerState``)."""
    with db.transaction() as s:
        settings.write(s, settings.SIGNING_PENDING, fingerprint)


def save_revoked(db: Database) -> None:
    with db.transaction() as s:
        settings.write(s, settings.SIGNING_REVOKED, utc_now().isoformat())


def save_trust_list(db: Database, data: dict, etag: str | None) -> None:
    """Keep a list only if it parses under the pinned authority (or pins it, if none yet)."""
    with db.reading() as s:
        pinned = settings.read(s, settings.CSCA_CERTIFICATE)
    trust = parse_trust_list(data, pinned)
    with db.transaction() as s:
        settings.write(s, settings.TRUST_LIST, data)
        settings.write(s, settings.TRUST_LIST_ETAG, etag)
        settings.write(s, settings.TRUST_LIST_CONFIRMED, utc_now().isoformat() + "Z")
        if not pinned:
            settings.write(s, settings.CSCA_CERTIFICATE, trust.csca_pem)


def confirm_trust_list(db: Database) -> None:
    """The platform said the kept list is still its current one (304): it is as fresh as
    a list fetched now."""
    with db.transaction() as s:
        settings.write(s, settings.TRUST_LIST_CONFIRMED, utc_now().isoformat() + "Z")


def trust_list_etag(db: Database) -> str | None:
    with db.reading() as s:
        return settings.read(s, settings.TRUST_LIST_ETAG)


def _minute(moment: datetime) -> str:
    """A stored UTC moment as the clerk reads times: the laptop's, never "UTC"."""
    return local_time(moment)
