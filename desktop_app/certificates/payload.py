"""The EU DCC (HCERT v1.3) payload of a person's certificate: pure data in, a dict out.

What goes on the paper and what goes in the QR come from the same ``CertificateContent``,
so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from desktop_app.certificates.errors import CertificateError
from desktop_app.certificates.names import CertificateName, split_name
from desktop_app.certificates.uvci import make_uvci
from desktop_app.rules.catalogue import Catalogue

SCHEMA_VERSION = "1.3.0"
COUNTRY = "VN"
ISSUER = "Ministry of Health of Viet Nam"
VALIDITY_DAYS = 365  # the CWT's exp: a verifier shows the certificate as expired after it


@dataclass(frozen=True)
class Subject:
    person_id: str
    full_name: str
    dob: date | None
    sex: str | None
    id_type: str
    id_number: str | None
    nationality: str | None = None


@dataclass(frozen=True)
class CertificateDose:
    dose_id: str
    dose_date: date
    dose_number: int
    product_code: str
    product_name: str
    lot_number: str | None
    site_code: str
    site_name: str


@dataclass(frozen=True)
class CertificateContent:
    subject: Subject
    name: CertificateName
    doses: tuple[CertificateDose, ...]  # every active dose, oldest first
    uvci: str
    issued_at: datetime  # naive UTC
    expires_at: datetime
    issuing_site_code: str
    issuing_site_name: str
    payload: dict[str, Any] = field(repr=False)

    @property
    def latest(self) -> CertificateDose:
        return self.doses[-1]


def build_content(
    subject: Subject, doses: list[CertificateDose], catalogue: Catalogue, *,
    site_code: str, site_name: str, issued_at: datetime, validity_days: int = VALIDITY_DAYS,
    uvci: str | None = None,
) -> CertificateContent:
    """Everything a certificate says; raises CertificateError if it cannot say it truthfully.

    The QR carries the latest dose only, as the EU DCC asks (a verifier judges the
    series from ``dn``/``sd``); the paper lists every dose. ``uvci``: the identifier the
    site chose for this issue (a new edition after a revocation); by default the first
    edition of the latest dose, issued by ``site_code``.
    """
    if not subject.full_name.strip():
        raise CertificateError("CERT_NO_NAME")
    if not doses:
        raise CertificateError("CERT_NO_DOSES", name=subject.full_name)
    ordered = _in_order(doses)
    latest = ordered[-1]
    product = catalogue.get(latest.product_code)
    if product is None:
        raise CertificateError("CERT_PRODUCT_UNKNOWN", product=latest.product_code)
    family_first = (subject.nationality or "VNM") == "VNM"
    name = split_name(subject.full_name, family_first=family_first)
    uvci = uvci or make_uvci(site_code, latest.dose_id)
    payload = {
        "ver": SCHEMA_VERSION,
        "nam": _nam(name),
        "dob": subject.dob.isoformat() if subject.dob else "",
        "v": [{
            "tg": catalogue.disease_code,
            "vp": product.eu_dcc.vp,
            "mp": product.eu_dcc.mp,
            "ma": product.eu_dcc.ma,
            "dn": latest.dose_number,
            # A booster counts as completing a longer series (3/3, 4/4), as the EU does.
            "sd": max(latest.dose_number, product.primary_doses),
            "dt": latest.dose_date.isoformat(),
            "co": COUNTRY,
            "is": ISSUER,
            "ci": uvci,
        }],
    }
    return CertificateContent(
        subject, name, ordered, uvci, issued_at.replace(microsecond=0),
        issued_at.replace(microsecond=0) + timedelta(days=validity_days),
        site_code, site_name, payload,
    )


def latest_dose(doses: list[CertificateDose]) -> CertificateDose:
    """The dose a certificate's QR (and its UVCI) is about."""
    return _in_order(doses)[-1]


def _in_order(doses: list[CertificateDose]) -> tuple[CertificateDose, ...]:
    return tuple(sorted(doses, key=lambda d: (d.dose_date, d.dose_number)))


def _nam(name: CertificateName) -> dict[str, str]:
    nam = {"fn": name.family, "fnt": name.family_icao}
    if name.given:
        nam |= {"gn": name.given, "gnt": name.given_icao}
    return nam
