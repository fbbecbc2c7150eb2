"""What the certificate batch tests share: people to certify, a signer, and the UVCIs a
batch's PDFs carry (read off their rendered pages) beside those the database records, the
crash tests' check that no paper exists the database does not know was issued and nothing
is recorded that was not printed."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pypdfium2
import zxingcpp
from sqlalchemy import select

from desktop_app.certificates import hcert
from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, CertificateIssue, Person
from desktop_app.progress import drain
from desktop_app.services.backfill import import_file
from desktop_app.services.signing import Signer
from tests.certificates.factory import Pki
from tests.importers.sheets import name_of, person_row, write_csv


def people(db, boss, folder, count: int) -> list[str]:
    """``count`` people with a dose each, from a province's file, in the order imported."""
    rows = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, count + 1)]
    drain(import_file(db, write_csv(folder / "thang8.csv", rows), today=date(2026, 11, 20),
                      actor=boss))
    with db.reading() as s:
        found = list(s.scalars(select(Person.id).order_by(Person.id)))
    assert len(found) == count
    return found


def signer() -> Signer:
    key, cert = Pki().signer(start=utc_now() - timedelta(days=1))
    return Signer(key, cert)


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
