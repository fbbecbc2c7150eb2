"""The EU DCC (HCERT v1.3) payload of a person's certificate: pure data in, a dict out.

What goes on the paper and what goes in the QR come from the same ``CertificateContent``,
so the two can never disagree.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from desktop_app.certificates.errors import CertificateError
from desktop_app.certificates.hcert import MalformedCertificate
from desktop_app.certificates.names import CertificateName, split_name
from desktop_app.certificates.shape import check_signable
from desktop_app.certificates.uvci import make_uvci
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import Part

SCHEMA_VERSION = "1.3.0"
COUNTRY = "VN"
ISSUER = "Ministry of Health of Viet Nam"
VALIDITY_DAYS = 365  # the CWT's exp at most; a verifier shows the certificate as expired after


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
    elsewhere: bool = False  # given at another site (brought from the central platform)


@dataclass(frozen=True)
class CertificateContent:
    subject: Subject
    name: CertificateName
    doses: tuple[CertificateDose, ...]  # every active dose, here and elsewhere, oldest first
    uvci: str
    issued_at: datetime  # naive UTC
    expires_at: datetime
    issuing_site_code: str
    issuing_site_name: str
    payload: dict[str, Any] = field(repr=False)

    @property
    def latest(self) -> CertificateDose:
        """The dose the QR carries (``latest_dose``)."""
        latest = latest_dose(self.doses)
        assert latest is not None  # build_content makes no certificate without one
        return latest


def _signable(payload: dict[str, Any], subject: Subject) -> None:
    """A payload every verifier will read, or CertificateError saying what to correct: a
    name with no Latin letter left no ICAO name (``fnt``/``gnt``) and a birth outside
    1900-2099 breaks the DCC schema, and were signed, recorded and printed all the same."""
    try:
        check_signable(payload)
    except MalformedCertificate as exc:
        name = subject.full_name
        if exc.code == "MALFORMED_NO_NAME":
            raise CertificateError("CERT_NAME_NOT_LATIN", name=name) from None
        if exc.code == "MALFORMED_DOB_FORMAT":
            raise CertificateError("CERT_DOB_NOT_PLAUSIBLE", name=name, dob=format_date(
                subject.dob) if subject.dob else "") from None
        raise CertificateError("CERT_NOT_VERIFIABLE", name=name,
                               reason=Part(exc.code, **exc.params)) from None


def numbers_twice(numbers: Iterable[int | None]) -> list[int]:
    """The dose numbers a person's doses (here and elsewhere) give more than once: two sites
    that each gave a "dose 1" (a clash on the cleaning list until one renumbers). A paper
    listing it twice contradicts itself, and the QR's series would be a guess.

    >>> numbers_twice([1, 2, 1, None, None]), numbers_twice([1, 2, 3])
    ([1], [])
    """
    counted = Counter(n for n in numbers if n)
    return sorted(n for n, seen in counted.items() if seen > 1)


def numbers_against_dates(doses: Iterable[tuple[date, int | None]]
                          ) -> tuple[tuple[date, int], tuple[date, int]] | None:
    """The first two doses, in their numbers' order, whose dates the numbers contradict: a
    later number given on or before the day of the one before it. Two doses on one day (one
    injection recorded on two records, merged) read as a finished series, and a dose 2
    before its dose 1 put the wrong date in the QR. Numbers given twice are
    ``numbers_twice``'s.

    >>> numbers_against_dates([(date(2021, 8, 1), 1), (date(2021, 8, 1), 2)])
    ((datetime.date(2021, 8, 1), 1), (datetime.date(2021, 8, 1), 2))
    >>> numbers_against_dates([(date(2021, 8, 1), 1), (date(2021, 9, 1), 2),
    ...                        (date(2022, 1, 1), None)])
    """
    numbered = sorted((n, d) for d, n in doses if n)
    for (n1, d1), (n2, d2) in zip(numbered, numbered[1:], strict=False):
        if n2 > n1 and d2 <= d1:
            return (d1, n1), (d2, n2)
    return None


def history_refusal(name: str, doses: Iterable[tuple[date, int | None]]
                    ) -> CertificateError | None:
    """Why no certificate may list these doses (date, number): a number given twice
    (``numbers_twice``), or numbers the dates contradict (``numbers_against_dates``). The
    one rule the dialog, the CLI and the day's batch give."""
    given = list(doses)
    twice = numbers_twice(n for _d, n in given)
    if twice:
        return CertificateError("CERT_DOSE_NUMBER_TWICE", name=name, number=twice[0])
    amiss = numbers_against_dates(given)
    if amiss:
        (d1, n1), (d2, n2) = amiss
        return CertificateError("CERT_DOSES_OUT_OF_ORDER", name=name, earlier=n1,
                                earlier_date=format_date(d1), later=n2,
                                later_date=format_date(d2))
    return None


def build_content(
    subject: Subject, doses: list[CertificateDose], catalogue: Catalogue, *,
    site_code: str, site_name: str, issued_at: datetime, validity_days: int = VALIDITY_DAYS,
    uvci: str | None = None, signer_until: datetime | None = None,
) -> CertificateContent:
    """Everything a certificate says; raises CertificateError if it cannot say it truthfully.

    ``signer_until``: the end of the signing certificate (DSC). HCERT (§3.3.5) forbids an
    ``exp`` past it, so with a 90-day DSC a certificate lasts until the DSC ends; the paper
    says until when, and a new print, free at any site, lasts as long as the next DSC.

    The QR carries one dose only, as the EU DCC asks (a verifier judges the series from
    ``dn``/``sd``): the latest given here (``latest_dose``), numbered in the series the
    person's first dose began, wherever it was given; the paper lists every dose, those
    given at other sites too. ``uvci``: the identifier the site chose for this issue (a new
    edition after a revocation); by default the first edition of that dose, issued by
    ``site_code``.
    """
    if not subject.full_name.strip():
        raise CertificateError("CERT_NO_NAME")
    if not doses:
        raise CertificateError("CERT_NO_DOSES", name=subject.full_name)
    ordered = _in_order(doses)
    refusal = history_refusal(subject.full_name, ((d.dose_date, d.dose_number) for d in ordered))
    if refusal is not None:
        raise refusal
    latest = latest_dose(ordered)
    if latest is None:
        raise CertificateError("CERT_NO_DOSE_HERE", name=subject.full_name)
    product = catalogue.get(latest.product_code)
    if product is None:
        raise CertificateError("CERT_PRODUCT_UNKNOWN", product=latest.product_code)
    name = split_name(subject.full_name, nationality=subject.nationality)
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
            "sd": series_doses(ordered[:ordered.index(latest) + 1], catalogue),
            "dt": latest.dose_date.isoformat(),
            "co": COUNTRY,
            "is": ISSUER,
            "ci": uvci,
        }],
    }
    _signable(payload, subject)
    issued = issued_at.replace(microsecond=0)
    expires = issued + timedelta(days=validity_days)
    if signer_until is not None:
        expires = min(expires, signer_until.replace(microsecond=0))
    return CertificateContent(subject, name, ordered, uvci, issued, expires,
                              site_code, site_name, payload)


def series_doses(doses: tuple[CertificateDose, ...], catalogue: Catalogue) -> int:
    """The ``sd`` of the latest dose: the EU's rules for the total in a series.

    The rules are the Commission's dose-number encoding for boosters (Implementing Decision
    (EU) 2021/2014 amending 2021/1073, announced 21 Dec 2021): "3/3 for a booster dose
    following a primary 2-dose vaccination series; 2/1 for a booster dose following a
    single-dose vaccination", and each later booster counts on (4/4; 3/1). The copies of
    the value sets and schema in resources/ do not state them (the schema says only
    "Total Series of Doses"). The primary series is the one its first dose began: a booster
    of Comirnaty after Janssen is 2/1, not 2/2. A person given one dose of a 2-dose series
    after a recovery is also 1/1 by these rules, but the app does not know of recoveries.

    >>> from desktop_app.rules.catalogue import default_catalogue
    >>> from datetime import date
    >>> cat = default_catalogue()
    >>> def series(*codes):
    ...     return series_doses(tuple(CertificateDose(str(i), date(2021, 6 + i, 1), i + 1, c,
    ...         c, None, "S", "S") for i, c in enumerate(codes)), cat)
    >>> series("JCOVDEN"), series("JCOVDEN", "COMIRNATY")
    (1, 1)
    >>> series("JCOVDEN", "COMIRNATY", "SPIKEVAX")
    1
    >>> series("VAXZEVRIA"), series("VAXZEVRIA", "COMIRNATY")
    (2, 2)
    >>> series("COMIRNATY", "COMIRNATY", "SPIKEVAX")
    3
    """
    latest = doses[-1]
    first = doses[0]
    # Without the first dose on record, the series is judged from the latest dose's product.
    starter = catalogue.series(first.product_code if first.dose_number == 1 else None,
                               latest.product_code)
    primary = starter.primary_doses if starter is not None else 1
    if latest.dose_number <= primary:
        return primary
    return 1 if primary == 1 else latest.dose_number


def latest_dose(doses: Iterable[CertificateDose]) -> CertificateDose | None:
    """The dose a certificate's QR (and its UVCI) is about: the latest given here, None if
    every dose was given elsewhere. A site vouches only for its own doses, the ones it can
    void or correct, revoking the certificate with them (``db/certificate_issues.py``).

    >>> from datetime import date
    >>> def dose(n, elsewhere):
    ...     return CertificateDose(str(n), date(2021, 6 + n, 1), n, "COMIRNATY", "Comirnaty",
    ...                            None, "S", "S", elsewhere)
    >>> latest_dose([dose(1, False), dose(2, False), dose(3, True)]).dose_number
    2
    >>> latest_dose([dose(1, True)]) is None
    True
    """
    return next((d for d in reversed(_in_order(doses)) if not d.elsewhere), None)


def later_elsewhere(doses: Iterable[CertificateDose]) -> CertificateDose | None:
    """The dose another site gave after the one the QR carries (``latest_dose``): a higher
    dose number or a later date; of several, the last. None when the QR's dose is the
    person's latest, or no dose was given here. A verifier reads the QR alone: dose 1 of 2
    given here, dose 2 at another site, reads as a series not finished, so the clerk is
    told the other site issues the certificate of that dose.

    >>> from datetime import date
    >>> def dose(n, month, elsewhere):
    ...     return CertificateDose(str(n), date(2021, month, 1), n, "COMIRNATY", "Comirnaty",
    ...                            None, "B" if elsewhere else "A", "", elsewhere)
    >>> later_elsewhere([dose(1, 6, False), dose(2, 7, True)]).dose_number
    2
    >>> later_elsewhere([dose(1, 6, False), dose(2, 7, True), dose(3, 12, True)]).dose_number
    3
    >>> later_elsewhere([dose(1, 6, True), dose(2, 7, False)]) is None  # the latest is here
    True
    >>> later_elsewhere([dose(1, 6, False), dose(2, 6, True)]).dose_number  # same day
    2
    >>> later_elsewhere([dose(1, 6, True)]) is None  # no dose here: no certificate at all
    True
    """
    ordered = _in_order(doses)
    here = latest_dose(ordered)
    if here is None:
        return None
    return next((d for d in reversed(ordered) if d.elsewhere and (
        d.dose_number > here.dose_number or d.dose_date > here.dose_date)), None)


def _in_order(doses: Iterable[CertificateDose]) -> tuple[CertificateDose, ...]:
    return tuple(sorted(doses, key=lambda d: (d.dose_date, d.dose_number)))


def _nam(name: CertificateName) -> dict[str, str]:
    nam = {"fn": name.family, "fnt": name.family_icao}
    if name.given:
        nam |= {"gn": name.given, "gnt": name.given_icao}
    return nam
