"""The UVCIs a batch's PDFs carry, read off their rendered pages, and those the database
records: the crash tests' check that no paper exists the database does not know was
issued, and nothing is recorded that was not printed."""

from __future__ import annotations

import json

import pypdfium2
import zxingcpp
from sqlalchemy import select

from desktop_app.certificates import hcert
from desktop_app.db.models import AuditEntry, CertificateIssue


def printed(*pdfs) -> list[str]:
    """The UVCI of each page's QR code in these PDFs, in order."""
    found = []
    for path in pdfs:
        pdf = pypdfium2.PdfDocument(str(path))
        for page in pdf:
            [code] = zxingcpp.read_barcodes(page.render(scale=2).to_pil())
            found.append(hcert.read_claims(hcert.open_envelope(code.text)).hcert["v"][0]["ci"])
        pdf.close()
    return found


def recorded(db) -> tuple[list[str], list[str]]:
    """The UVCIs recorded in force, and those of the "certificate" audit entries, sorted."""
    with db.reading() as s:
        return (sorted(s.scalars(select(CertificateIssue.uvci)
                                 .where(CertificateIssue.revoked_at.is_(None)))),
                sorted(json.loads(d)["uvci"] for d in s.scalars(
                    select(AuditEntry.details).where(AuditEntry.action == "certificate"))))
