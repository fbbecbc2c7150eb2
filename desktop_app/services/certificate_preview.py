"""The certificate dialog's preview: the page as it will print, with no code to scan.

A signed QR on screen was one a phone camera could take away valid with nothing recorded
(no ``certificate_issue``, no "certificate" audit entry naming the account), so a later
void of the dose revoked nothing. The preview is refused as signing refuses (who may sign,
open identity errors, a dose history no certificate can be made of, the key's end) but not
signed; print or save signs it (``sign_previewed``) and records it at once
(``certificates.record_issues``, ``certificates.save_certificate``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from desktop_app.certificates.errors import CertificateError
from desktop_app.certificates.payload import CertificateContent
from desktop_app.certificates.pdf import FORMATS, pdf_bytes
from desktop_app.certificates.preview import PageImage, render_pages
from desktop_app.db.database import Database
from desktop_app.services import certificate_issuing as issuing
from desktop_app.services.actor import Actor
from desktop_app.services.certificate_issuing import IssuedCertificate
from desktop_app.services.signing import Signer


def preview_certificate(db: Database, signer: Signer, person_id: str, *, actor: Actor,
                        now: datetime | None = None,
                        override_reason: str | None = None) -> CertificateContent:
    """What the person's certificate will say, refused as ``sign_certificate`` refuses
    (CertificateError), not signed."""
    site_code, site_name, now = issuing.may_sign(db, actor, now, override_reason)
    with db.reading() as s:
        [(content, _override)] = issuing.drafts(s, db, signer, [person_id], site_code,
                                                site_name, now, override_reason)
    return content


def render_preview(content: CertificateContent, paper: str, dpi: float
                   ) -> tuple[bytes, list[PageImage]]:
    """The preview as a PDF on ``paper`` (a FORMATS name), its QR's place saying that the
    code is signed at print, and each of its pages as an image at ``dpi``."""
    pdf = pdf_bytes(content, None, FORMATS[paper])
    return pdf, render_pages(pdf, dpi)


def certificate_pdf(issued: IssuedCertificate, paper: str) -> bytes:
    """The signed certificate on ``paper``, to print or save."""
    return pdf_bytes(issued.content, issued.qr_text, FORMATS[paper])


def sign_previewed(db: Database, signer: Signer, previewed: CertificateContent, *,
                   actor: Actor, override_reason: str | None = None) -> IssuedCertificate:
    """The previewed certificate signed now, for print or save to record: CertificateError
    CERT_CHANGED_SINCE_PREVIEW when the record no longer says what the clerk saw (a dose
    voided, the name corrected at another desk meanwhile); the dialog previews it again."""
    site_code, site_name, now = issuing.may_sign(db, actor, None, override_reason)
    with db.reading() as s:
        [issued] = issuing.sign(s, db, signer, [previewed.subject.person_id], site_code,
                                site_name, now, override_reason)
    if not same_paper(issued.content, previewed):
        raise CertificateError("CERT_CHANGED_SINCE_PREVIEW",
                               name=issued.content.subject.full_name)
    return issued


def same_paper(signed: CertificateContent, previewed: CertificateContent) -> bool:
    """Whether the two say the same, but for when they were made (the preview a minute
    before the signing)."""
    return replace(signed, issued_at=previewed.issued_at,
                   expires_at=previewed.expires_at) == previewed
