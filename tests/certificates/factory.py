"""Keys, a small CSCA and certificate contents for the pure certificate tests."""

from __future__ import annotations

import base64
import uuid
from datetime import date, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop_app.certificates.payload import CertificateDose, Subject, build_content
from desktop_app.certificates.trust import FORMAT, parse_trust_list
from desktop_app.rules.catalogue import default_catalogue
from desktop_app.wire.trust_list import kid_of

NOW = datetime(2026, 11, 23, 8, 0)


def content(name: str = "Nguyễn Thị Ánh Tuyết", issued_at: datetime = NOW, doses: int = 3,
            products: tuple[str, ...] = ("VAXZEVRIA", "COMIRNATY", "COMIRNATY", "SPIKEVAX"),
            signer_until: datetime | None = None):
    subject = Subject("p-1", name, date(1990, 5, 9), "F", "CCCD", "001190012345")
    made = [
        CertificateDose(str(uuid.UUID(int=i + 1)), date(2021, 8, 1) + timedelta(days=60 * i),
                        i + 1, products[i], products[i].title(), f"LOT{i}", "HN-0001",
                        "Trạm Y tế Phường Láng Hạ")
        for i in range(doses)
    ]
    return build_content(subject, made, default_catalogue(), site_code="HN-0001",
                         site_name="Trạm Y tế Phường Láng Hạ", issued_at=issued_at,
                         signer_until=signer_until)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


class Pki:
    """A CSCA and any number of document signers, and the trust list that lists them."""

    def __init__(self) -> None:
        self.csca_key = ec.generate_private_key(ec.SECP256R1())
        self.csca = (x509.CertificateBuilder().subject_name(_name("Test CSCA"))
                     .issuer_name(_name("Test CSCA")).public_key(self.csca_key.public_key())
                     .serial_number(1).not_valid_before(NOW - timedelta(days=400))
                     .not_valid_after(NOW + timedelta(days=1000))
                     .sign(self.csca_key, hashes.SHA256()))
        self.entries: list[dict] = []

    def signer(self, site: str = "HN-0001", *, start: datetime = NOW - timedelta(days=10),
               days: int = 90, revoked_at: datetime | None = None, issuer_key=None,
               usages: list[str] | None = None):
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (x509.CertificateBuilder().subject_name(_name(f"DSC {site}"))
                   .issuer_name(self.csca.subject).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(start)
                   .not_valid_after(start + timedelta(days=days)))
        if usages:  # the DSC's extended key usage, as dotted OIDs
            builder = builder.add_extension(x509.ExtendedKeyUsage(
                [x509.ObjectIdentifier(o) for o in usages]), critical=False)
        cert = builder.sign(issuer_key or self.csca_key, hashes.SHA256())
        self.entries.append({
            "kid": base64.b64encode(kid_of(cert)).decode(), "site_code": site,
            "certificate": base64.b64encode(cert.public_bytes(serialization.Encoding.DER))
            .decode(),
            "revoked_at": revoked_at.isoformat() + "Z" if revoked_at else None,
        })
        return key, cert

    def document(self) -> dict:
        return {"format": FORMAT, "generated_at": NOW.isoformat() + "Z",
                "csca": self.csca.public_bytes(serialization.Encoding.PEM).decode(),
                "signers": self.entries}

    def trust_list(self):
        return parse_trust_list(self.document())
