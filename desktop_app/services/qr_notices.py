"""What the clerk is told before printing about a certificate whose QR says less than the
paper: a name shortened to the EU DCC's limit, or a dose the QR carries that is not the
person's latest (a later one given at another site). Said in the certificate dialog, under
the day's batch result, and on stderr for ``vaxdesk certificate``/``certificates``.

The QR carries the latest dose given at this site only (``payload.latest_dose``: a site
vouches for the doses it can void or correct), so dose 1 here and dose 2 elsewhere reads
1/2 to every verifier; the citizen asking here for "my certificate" should know the one
with dose 2 is the other site's to issue.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop_app.certificates.errors import CertificateError
from desktop_app.certificates.names import MAX_LENGTH as MAX_NAME_LENGTH
from desktop_app.certificates.names import split_name
from desktop_app.certificates.payload import CertificateContent, CertificateDose, later_elsewhere
from desktop_app.clock import utc_now
from desktop_app.db.database import Database
from desktop_app.db.models import Person
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import Part, text
from desktop_app.services import certificate_issuing as issuing
from desktop_app.services.signing import signer_state
from desktop_app.services.site import current_site


def qr_notices(content: CertificateContent, lang: str = "vi") -> list[str]:
    """Every warning for this certificate's QR (``qr_name_notice``, ``later_dose_notice``),
    none when the QR says what the paper says."""
    return [n for n in (qr_name_notice(content, lang), later_dose_notice(content, lang)) if n]


def qr_notices_of(db: Database, person_ids: Iterable[str], lang: str = "vi") -> list[str]:
    """The warnings for these people's certificates, person by person: a day's batch says
    them with its result."""
    ids = list(person_ids)
    shortened = qr_names_shortened(db, ids, lang)
    later = qr_doses_later_elsewhere(db, ids, lang)
    return [n for i in ids for n in (shortened.get(i), later.get(i)) if n]


def qr_name_notice(content: CertificateContent, lang: str = "vi") -> str | None:
    """The clerk's warning when the QR carries a shorter name than the paper prints (a part
    of the name longer than the EU DCC allows), None when they are the same."""
    return _name_notice(content.subject.full_name, content.subject.nationality, lang)


def qr_names_shortened(db: Database, person_ids: Iterable[str], lang: str = "vi"
                       ) -> dict[str, str]:
    """Of these people, those whose certificate's QR will carry a shortened name, each with
    the warning (``qr_name_notice``): a day's batch lists them."""
    with db.reading() as s:
        people = [(i, s.get(Person, i)) for i in person_ids]
    said = {i: _name_notice(p.full_name, p.nationality, lang) for i, p in people
            if p is not None and p.full_name.strip()}
    return {i: notice for i, notice in said.items() if notice}


def later_dose_notice(content: CertificateContent, lang: str = "vi") -> str | None:
    """The clerk's warning when another site gave the person a dose after the one the QR
    carries (``payload.later_elsewhere``), None when the QR's dose is their latest."""
    later = later_elsewhere(content.doses)
    if later is None:
        return None
    [entry] = content.payload["v"]
    return text("CERT_QR_EARLIER_DOSE", lang, name=" ".join(content.subject.full_name.split()),
                number=entry["dn"], series=entry["sd"], later=later.dose_number,
                site=_site(later), date=format_date(later.dose_date))


def qr_doses_later_elsewhere(db: Database, person_ids: Iterable[str], lang: str = "vi"
                             ) -> dict[str, str]:
    """Of these people, those given a dose elsewhere after the one their QR will carry,
    each with the warning (``later_dose_notice``). Their doses are read in a few
    statements; only those few have their certificate made (unsigned) to say what its QR
    carries. One that cannot be made is left to the batch to refuse, saying why."""
    ids = list(person_ids)
    site, until, now = current_site(db), signer_state(db).not_after, utc_now()
    said: dict[str, str] = {}
    with db.reading() as s:
        doses = issuing.certificate_doses(s, ids)
        for person_id in (i for i in ids if later_elsewhere(doses[i])):
            try:
                content = issuing.read_content(s, db, person_id, site.code if site else "",
                                               site.name if site else "", now,
                                               signer_until=until)
            except CertificateError:
                continue
            notice = later_dose_notice(content, lang)
            if notice:
                said[person_id] = notice
    return said


def _name_notice(full_name: str, nationality: str | None, lang: str) -> str | None:
    name = split_name(full_name, nationality=nationality)
    if not name.shortened:
        return None
    return text("CERT_QR_NAME_SHORTENED", lang, name=" ".join(full_name.split()),
                qr_name=name.in_order(), limit=MAX_NAME_LENGTH)


def _site(dose: CertificateDose) -> str | Part:
    """The site that gave ``dose``, by name when this laptop knows it, else by its code: as
    the paper names it, in the sentence's language."""
    if dose.site_name:
        return dose.site_name
    return Part("CERT_SITE_CODED", code=dose.site_code) if dose.site_code \
        else Part("CERT_SITE_UNNAMED")
