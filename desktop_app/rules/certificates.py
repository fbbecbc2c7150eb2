"""What a printed certificate says, so a change to it can revoke the paper already handed out.

The paper shows the person's name, date of birth, sex and identity document (the name is
split by nationality) and, for every active dose, its number, date, vaccine, lot and site;
the QR carries the name, date of birth and the latest dose. A correction of any of these
makes earlier certificates wrong; a new phone number or vaccinator does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from desktop_app.rules.messages import CATALOGUE, text

PAPER_SIZES = ("a5", "a4")  # A5 landscape (the default) or A4 portrait; certificates/pdf.py

PRINTED_PERSON_FIELDS = frozenset(
    {"full_name", "dob", "sex", "id_type", "id_number", "nationality"})
PRINTED_DOSE_FIELDS = frozenset(
    {"product_code", "lot_number", "dose_number", "dose_date"})


RENEW_WITHIN = timedelta(days=30)  # a site certificate with less left than this is renewed


def renewal_due(not_before: datetime, not_after: datetime, now: datetime) -> bool:
    """Whether a site's signing certificate is to be renewed at this sync: less than 30
    days left, or a third of its life for a short one (a platform set to certify for 25
    days renewed at every sync, and the trust list grew by a certificate each time).

    >>> from datetime import datetime as d
    >>> renewal_due(d(2026, 1, 1), d(2026, 4, 1), d(2026, 2, 15))  # 90 days: 45 left
    False
    >>> renewal_due(d(2026, 1, 1), d(2026, 4, 1), d(2026, 3, 10))  # 22 left
    True
    >>> renewal_due(d(2026, 1, 1), d(2026, 1, 26), d(2026, 1, 2))  # 25 days: 24 left
    False
    >>> renewal_due(d(2026, 1, 1), d(2026, 1, 26), d(2026, 1, 20))  # 6 left
    True
    """
    return not_after - now < min(RENEW_WITHIN, (not_after - not_before) / 3)


def changes_printed_person(changed: Iterable[str]) -> bool:
    """True if a person correction touching ``changed`` alters what certificates say.

    >>> changes_printed_person(["phone", "dob"]), changes_printed_person(["phone"])
    (True, False)
    """
    return any(f in PRINTED_PERSON_FIELDS for f in changed)


def changes_printed_dose(changed: Iterable[str]) -> bool:
    """True if a dose correction touching ``changed`` alters what certificates say.

    >>> changes_printed_dose(["vaccinator"]), changes_printed_dose(["lot_number"])
    (False, True)
    """
    return any(f in PRINTED_DOSE_FIELDS for f in changed)


def revoke_reason_text(reason: str, lang: str) -> str:
    """Why a certificate was revoked, in words (a wire reason, ``wire/revocations.py``).

    >>> revoke_reason_text("dose_voided", "en")
    'the dose was voided'
    """
    code = f"CERT_REVOKE_{reason.upper()}"
    return text(code, lang) if code in CATALOGUE else reason


# The issuers a verifier names in the reader's language, by what the signed payload says
# (``certificates/payload.py`` ISSUER; tests/certificates/test_issuer_names.py keeps the
# two in step). The payload itself stays as signed.
_ISSUERS = {"Ministry of Health of Viet Nam": "ISSUER_VN_MOH"}


def issuer_name(issuer: str, lang: str) -> str:
    """A certificate's issuer as the reader says it; one not known, as printed.

    >>> issuer_name("Ministry of Health of Viet Nam", "vi"), issuer_name("RKI", "vi")
    ('Bộ Y tế Việt Nam', 'RKI')
    """
    code = _ISSUERS.get(issuer.strip())
    return text(code, lang) if code else issuer


def country_name(code: str, lang: str) -> str | None:
    """The name of a country of vaccination (ISO 3166 alpha-2) the catalogue knows.

    >>> country_name("VN", "vi"), country_name("DE", "vi")
    ('Việt Nam', None)
    """
    key = f"COUNTRY_{code.strip().upper()}"
    return text(key, lang) if key in CATALOGUE else None
