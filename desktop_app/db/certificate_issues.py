"""The certificates this site issued: which UVCI a new one gets, which a change revokes, and
the revocations the sync still has to send.

Callers own the transaction, as with ``store``: a void and the revocation of its
certificates commit together (``store`` calls ``revoke_*`` and writes the audit entry).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session

from desktop_app.certificates.uvci import PREFIX, make_uvci
from desktop_app.db.models import CertificateIssue, Dose
from desktop_app.wire.revocations import Revocation, issuer_part, site_part, uci_hash


def uvci_for(session: Session, site_code: str, dose_id: str,
             revoked_hashes: Collection[str] = ()) -> str:
    """The UVCI of a certificate about to be issued for ``dose_id``.

    A reprint of a certificate still in force keeps its UVCI (it is the same certificate).
    Otherwise the first edition that was never issued here and is not on the published
    revocation list (``revoked_hashes``: a database restored from an old backup does not
    remember what it revoked since, the central platform does)."""
    ours = site_part(site_code)
    issued = session.scalars(select(CertificateIssue).where(
        CertificateIssue.dose_id == dose_id)).all()
    for issue in issued:
        if issue.revoked_at is None and issuer_part(issue.uvci) == ours \
                and uci_hash(issue.uvci) not in revoked_hashes:
            return issue.uvci
    taken = {i.uvci for i in issued}
    edition = 0
    while True:
        uvci = make_uvci(site_code, dose_id, edition)
        if uvci not in taken and uci_hash(uvci) not in revoked_hashes:
            return uvci
        edition += 1


def record_issue(session: Session, uvci: str, *, person_id: str, dose_id: str, kid: str,
                 now: datetime, user_id: str | None) -> None:
    """Keep the certificate; a reprint (the same UVCI) keeps the first issue's row, with
    when it was printed last: its paper lists the doses as they are now."""
    issue = session.get(CertificateIssue, uvci)
    if issue is None:
        session.add(CertificateIssue(uvci=uvci, person_id=person_id, dose_id=dose_id,
                                     issued_at=now, issued_by=user_id, kid=kid))
    else:
        issue.printed_at = now
    session.flush()


def revoke_for_dose(session: Session, dose: Dose, reason: str, now: datetime) -> list[str]:
    """Revoke the certificates a void or correction of ``dose`` makes wrong: those whose QR
    carries it, and those of the person issued since it was entered (their paper lists
    it, printed last since then). Returns their UVCIs."""
    return _revoke(session, or_(
        CertificateIssue.dose_id == dose.id,
        and_(CertificateIssue.person_id == dose.person_id,
             _printed() >= dose.entered_at.replace(microsecond=0))),
        reason, now)


def revoke_for_person(session: Session, person_id: str, reason: str, now: datetime
                      ) -> list[str]:
    """Revoke every certificate of a person whose printed identity was corrected."""
    return _revoke(session, CertificateIssue.person_id == person_id, reason, now)


def revoke_issued_since(session: Session, person_id: str, since: datetime, reason: str,
                        now: datetime) -> list[str]:
    """Revoke a person's certificates printed since ``since`` (issued, or printed again):
    an undone merge takes back the doses their paper lists."""
    return _revoke(session, and_(CertificateIssue.person_id == person_id,
                                 _printed() >= since.replace(microsecond=0)),
                   reason, now)


def _printed():  # type: ignore[no-untyped-def] - a column expression
    """When the paper was last printed: a row written without it (by a version before
    migration 0027, raw) was printed when issued."""
    return func.coalesce(CertificateIssue.printed_at, CertificateIssue.issued_at)


def _revoke(session: Session, which, reason: str, now: datetime) -> list[str]:  # type: ignore[no-untyped-def]
    uvcis = list(session.scalars(select(CertificateIssue.uvci).where(
        which, CertificateIssue.revoked_at.is_(None)).order_by(CertificateIssue.issued_at)))
    if uvcis:
        session.execute(update(CertificateIssue).where(CertificateIssue.uvci.in_(uvcis))
                        .values(revoked_at=now, revoke_reason=reason))
    return uvcis


def unsent(session: Session, site_code: str, limit: int = 500) -> list[Revocation]:
    """Revocations of certificates ``site_code`` issued that the central platform has not
    acknowledged yet, oldest first. (One issued under another code, before the site was
    set up, is not the platform's to accept from us: it would block the queue.)"""
    rows = session.execute(
        select(CertificateIssue.uvci, CertificateIssue.revoked_at,
               CertificateIssue.revoke_reason)
        .where(CertificateIssue.revoked_at.is_not(None),
               CertificateIssue.revocation_sent_at.is_(None),
               CertificateIssue.uvci.like(f"{PREFIX}%:{site_part(site_code)}/%"))
        .order_by(CertificateIssue.revoked_at).limit(limit)).all()
    return [Revocation(uvci, at, reason) for uvci, at, reason in rows]


def revoked_here(session: Session) -> dict[str, datetime]:
    """Every certificate this database revoked, UVCI -> when (naive UTC), sent or not: the
    site's own verifier refuses them before the trust list brings them back."""
    rows = session.execute(select(CertificateIssue.uvci, CertificateIssue.revoked_at)
                           .where(CertificateIssue.revoked_at.is_not(None)))
    return {uvci: at for uvci, at in rows}


def mark_sent(session: Session, uvcis: Collection[str], now: datetime) -> None:
    session.execute(update(CertificateIssue).where(CertificateIssue.uvci.in_(list(uvcis)))
                    .values(revocation_sent_at=now))


def issues_of(session: Session, person_id: str) -> list[CertificateIssue]:
    """A person's certificates, newest first (the certificate dialog lists them)."""
    return list(session.scalars(select(CertificateIssue).where(
        CertificateIssue.person_id == person_id).order_by(CertificateIssue.issued_at.desc(),
                                                          CertificateIssue.uvci.desc())))
