"""Issuing and checking certificates: the use cases the app and ``vaxdesk`` share.

A certificate is made from the database as it is now (every active dose of the person, and
the doses other sites gave them), signed with the unlocked site key, and the issue is
written to the audit log so a site can tell who received which certificate. Batches yield
progress so they run on a worker.
"""

from __future__ import annotations

from collections.abc import Collection, Generator, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.certificates import hcert
from desktop_app.certificates.errors import CertificateError as CertificateError
from desktop_app.certificates.inputs import UnreadableInput as UnreadableInput
from desktop_app.certificates.inputs import certificate_texts, certificate_texts_in_file
from desktop_app.certificates.names import MAX_LENGTH as MAX_NAME_LENGTH
from desktop_app.certificates.names import split_name
from desktop_app.certificates.payload import (
    CertificateContent,
    CertificateDose,
    Subject,
    build_content,
    family_name_first,
    latest_dose,
)
from desktop_app.certificates.pdf import A5_LANDSCAPE, CertificateBook, PageFormat, pdf_bytes
from desktop_app.certificates.pdf import FORMATS as FORMATS  # paper sizes, by name
from desktop_app.certificates.preview import PageImage as PageImage
from desktop_app.certificates.preview import render_pages as render_pages
from desktop_app.certificates.trust import TrustList, TrustListError, parse_trust_list
from desktop_app.certificates.verify import Verdict, verify_hc1
from desktop_app.certificates.verify import Verification as Verification
from desktop_app.clock import local_time, local_today, utc_now, utc_to_local
from desktop_app.db import certificate_issues, store
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, ExternalDose, Person, Site, VaccineProduct
from desktop_app.paths import private_output
from desktop_app.rules.certificates import revoke_reason_text
from desktop_app.rules.cleaning import (
    CERTIFICATE_BLOCKING,
    problem_label,
    recomputed_codes,
    split_codes,
)
from desktop_app.rules.messages import text
from desktop_app.rules.person import PersonFacts
from desktop_app.services.actor import RECORDERS, SUPERVISORS, Actor, require
from desktop_app.services.signing import Signer, cached_trust_list, signer_state
from desktop_app.services.site import current_site
from desktop_app.wire.revocations import published_hashes

BATCH_CHUNK = 200  # people read and signed per step of a batch


@dataclass(frozen=True)
class IssuedCertificate:
    content: CertificateContent
    qr_text: str


def render_certificate(issued: IssuedCertificate, paper: str, dpi: float
                       ) -> tuple[bytes, list[PageImage]]:
    """The certificate as a PDF on ``paper`` (a FORMATS name) and each of its pages (a long
    dose table runs on to a second) as an image at ``dpi``, for the preview."""
    pdf = pdf_bytes(issued.content, issued.qr_text, FORMATS[paper])
    return pdf, render_pages(pdf, dpi)


def save_pdf(pdf: bytes, out: Path) -> Path:
    """A certificate already rendered (``render_certificate``), saved where the clerk chose,
    readable by this user only: it carries the person's name, ID number and doses."""
    with private_output(out) as part:
        part.write_bytes(pdf)
    return out


def find_person(db: Database, ref: str) -> str:
    """A person id from what a clerk types: the id itself, an ID-card number, or a search
    that finds exactly one person. A record folded into another by a merge is found as the
    one it was folded into, which holds its doses (and its ID number)."""
    from desktop_app.services.search import search_people

    ref = ref.strip()
    with db.reading() as s:
        if s.get(Person, ref) is not None:
            return store.kept_record(s, ref)
        ids = s.scalars(select(Person.id).where(
            Person.id_number == ref, Person.merged_into.is_(None)).limit(2)).all()
    if len(ids) == 1:
        return ids[0]
    hits = search_people(db, ref, limit=2) if not ids else []
    if len(hits) == 1:
        return hits[0].id
    if len(ids) > 1 or len(hits) > 1:
        raise CertificateError("CERT_PERSON_AMBIGUOUS", person=ref)
    raise CertificateError("CERT_PERSON_UNKNOWN", person=ref)


def issue_certificate(db: Database, signer: Signer, person_id: str, *, actor: Actor,
                      now: datetime | None = None,
                      override_reason: str | None = None) -> IssuedCertificate:
    return next(iter(issue_many(db, signer, [person_id], actor=actor, now=now,
                                override_reason=override_reason)))


def issue_many(db: Database, signer: Signer, person_ids: Iterable[str], *, actor: Actor,
               now: datetime | None = None,
               override_reason: str | None = None) -> list[IssuedCertificate]:
    """Sign certificates for these people; one audit entry each, in one transaction.

    A person whose identity has an open error gets none (CertificateError naming it), unless
    a supervisor gives a reason to issue it anyway, kept in the audit entry."""
    require(actor, *RECORDERS)
    if override_reason is not None:
        require(actor, *SUPERVISORS)
        if not override_reason.strip():
            raise CertificateError("CERT_OVERRIDE_REASON_REQUIRED")
    now = (now or utc_now()).replace(microsecond=0)
    site = current_site(db)
    site_code, site_name = (site.code, site.name) if site else ("", "")
    issued = []
    # One transaction reads the people and records the issues: a single certificate at the
    # desk is one round trip to SQLite, not three.
    with db.transaction() as s:
        revoked = published_hashes(settings.read(s, settings.TRUST_LIST) or {})
        for person_id in person_ids:
            blocking = identity_blockers(s.get(Person, person_id), utc_to_local(now).date())
            if blocking and override_reason is None:
                raise CertificateError(
                    "CERT_IDENTITY_OPEN", name=s.get(Person, person_id).full_name,
                    problems=", ".join(problem_label(c, "vi") for c in blocking))
            c = _content(s, db, person_id, site_code, site_name, now, revoked,
                         signer.certificate.not_valid_after_utc.replace(tzinfo=None))
            issued.append(IssuedCertificate(c, hcert.seal(
                c.payload, signer.key, signer.kid, issued_at=c.issued_at,
                expires_at=c.expires_at)))
            certificate_issues.record_issue(
                s, c.uvci, person_id=person_id, dose_id=c.latest.dose_id,
                kid=signer.kid.hex(), now=now, user_id=actor.user_id)
            details = {"uvci": c.uvci, "kid": signer.kid.hex()}
            if blocking:
                details |= {"override": override_reason.strip(), "problems": list(blocking)}
            s.add(store.audit_entry("certificate", "person", person_id, details, now,
                                    actor.user_id))
    return issued


@dataclass(frozen=True)
class IssueView:
    """One certificate a person was given here, as the certificate dialog lists it."""

    uvci: str
    issued_at: datetime  # naive UTC
    revoked_at: datetime | None
    revoke_reason: str | None

    def describe(self, lang: str) -> str:
        if self.revoked_at is None:
            return text("CERT_ISSUE_IN_FORCE", lang, uvci=self.uvci,
                        date=local_time(self.issued_at))
        return text("CERT_ISSUE_REVOKED", lang, uvci=self.uvci, date=local_time(self.issued_at),
                    revoked=local_time(self.revoked_at),
                    reason=revoke_reason_text(self.revoke_reason or "", lang))


def certificate_history(db: Database, person_id: str) -> list[IssueView]:
    """The person's certificates, newest first: a revoked one is shown as revoked so the
    clerk knows to take the old paper back and hand out the new one."""
    with db.reading() as s:
        return [IssueView(i.uvci, i.issued_at, i.revoked_at, i.revoke_reason)
                for i in certificate_issues.issues_of(s, person_id)]


def write_certificates(db: Database, signer: Signer, person_ids: list[str], out: Path,
                       fmt: PageFormat = A5_LANDSCAPE, now: datetime | None = None, *,
                       actor: Actor, override_reason: str | None = None,
                       ) -> Generator[int, None, int]:
    """Write one page per person to ``out``; yields pages done; returns the page count.

    Written to ``out`` + ".part" and renamed at the end, so a cancelled or failed batch never
    leaves a half PDF where the clerk expects a whole one."""
    require(actor, *RECORDERS)
    with private_output(out) as part:
        book = CertificateBook(part, fmt)
        for start in range(0, len(person_ids), BATCH_CHUNK):
            chunk = person_ids[start:start + BATCH_CHUNK]
            for cert in issue_many(db, signer, chunk, actor=actor, now=now,
                                   override_reason=override_reason):
                book.add(cert.content, cert.qr_text)
            yield book.pages
        return book.close()


SESSIONS = ("day", "morning", "afternoon")  # a day's vaccination sessions
NOON = time(12, 0)


def people_vaccinated_on(db: Database, day: date, *, session: str = "day",
                         only_this_site: bool = True) -> list[str]:
    """The people given a dose on ``day``, in the order they came; ``session`` narrows it
    to the morning or the afternoon session by the laptop's local time of entry."""
    site = current_site(db)
    query: Select = (select(Dose.person_id, Dose.entered_at).where(
        Dose.dose_date == day, Dose.status == "active").order_by(Dose.entered_at))
    if only_this_site and site is not None:
        query = query.where(Dose.site_id == site.id)
    with db.reading() as s:
        rows = s.execute(query).all()
    seen: dict[str, None] = {}
    for person_id, entered_at in rows:
        if session != "day":
            local = utc_to_local(entered_at).time()
            if (local < NOON) != (session == "morning"):
                continue
        seen.setdefault(person_id, None)
    return list(seen)


def content_for(db: Database, person_id: str, now: datetime | None = None
                ) -> CertificateContent:
    """What the certificate would say, unsigned (for a preview before unlocking)."""
    site = current_site(db)
    until = signer_state(db).not_after
    with db.reading() as s:
        return _content(s, db, person_id, site.code if site else "",
                        site.name if site else "", (now or utc_now()).replace(microsecond=0),
                        signer_until=until)


def verify_text(db: Database, text: str, now: datetime | None = None,
                trust: TrustList | None = None,
                revoked_here: Mapping[str, datetime] | None = None) -> Verification:
    """Judge one HC1: text against the trust list (the cached one unless given) and the
    certificates this site revoked itself (``revoked_here``, read from the database unless
    given): the laptop that voided a dose refuses the old paper before its next sync."""
    trust = trust or cached_trust_list(db)
    if trust is None:
        return Verification(Verdict.UNKNOWN_SIGNER, "VERIFY_NO_TRUST_LIST", {})
    if revoked_here is None:
        revoked_here = _revoked_here(db)
    return verify_hc1(text, trust, now or utc_now(), revoked_here)


def verify_file(db: Database, path: Path, now: datetime | None = None,
                trust: TrustList | None = None) -> list[Verification]:
    """Every QR code in an image or a PDF (or HC1: line in a text file), each judged on its
    own; UnreadableInput when there is none, saying why."""
    texts = certificate_texts_in_file(path, shown=path.name)
    revoked = _revoked_here(db)
    return [verify_text(db, text, now, trust, revoked) for text in texts]


def verify_input(db: Database, given: str, now: datetime | None = None,
                 trust: TrustList | None = None) -> list[Verification]:
    """``given`` as typed on a command line: an HC1: text, or the name of a file holding some."""
    texts = certificate_texts(given)
    revoked = _revoked_here(db)
    return [verify_text(db, text, now, trust, revoked) for text in texts]


def _revoked_here(db: Database) -> dict[str, datetime]:
    with db.reading() as s:
        return certificate_issues.revoked_here(s)


def held_back(db: Database, person_ids: Iterable[str], today: date | None = None,
              lang: str = "vi") -> dict[str, str]:
    """Of these people, those whose identity errors hold their certificate back, each with
    the sentence that says why (in ``lang``): a day's batch prints the others and lists
    these."""
    today = today or local_today()  # the site's day: before 7 a.m. the UTC one is yesterday
    held = {}
    with db.reading() as s:
        for person_id in person_ids:
            person = s.get(Person, person_id)
            blocking = identity_blockers(person, today)
            if blocking:
                held[person_id] = CertificateError(
                    "CERT_IDENTITY_OPEN", name=person.full_name,
                    problems=", ".join(problem_label(c, lang) for c in blocking)).message(lang)
    return held


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


def _name_notice(full_name: str, nationality: str | None, lang: str) -> str | None:
    family_first = family_name_first(nationality)
    name = split_name(full_name, family_first=family_first)
    if not name.shortened:
        return None
    return text("CERT_QR_NAME_SHORTENED", lang, name=" ".join(full_name.split()),
                qr_name=name.in_order(family_first), limit=MAX_NAME_LENGTH)


def identity_blockers(person: Person | None, today: date) -> tuple[str, ...]:
    """The open identity errors no certificate may be signed over: what the rules find in
    the person's data now, named as the cleaning list names them."""
    if person is None:
        return ()
    facts = PersonFacts(person.full_name, person.dob, person.sex, person.id_type,
                        person.id_number, person.no_id_reason, person.nationality)
    codes = split_codes(recomputed_codes(person.cleaning_reason, facts, today))
    return tuple(c for c in codes if c in CERTIFICATE_BLOCKING)


def _content(s: Session, db: Database, person_id: str, site_code: str, site_name: str,
             now: datetime, revoked: Collection[str] = (),
             signer_until: datetime | None = None) -> CertificateContent:
    """``revoked``: the published revoked hashes, which a new UVCI must avoid;
    ``signer_until``: when the signing certificate ends, which ``exp`` may not pass."""
    person = s.get(Person, person_id)
    if person is None:
        raise CertificateError("CERT_PERSON_UNKNOWN", person=person_id)
    rows = s.execute(
        select(Dose, VaccineProduct.name, Site.code, Site.name)
        .join(VaccineProduct, VaccineProduct.code == Dose.product_code)
        .join(Site, Site.id == Dose.site_id)
        .where(Dose.person_id == person_id, Dose.status == "active")
    ).all()
    # Doses other sites gave (brought from the central platform) are listed on the paper
    # with the site that gave them, by name if this database knows it, and begin the series
    # the QR's dose is numbered in: Comirnaty here after Janssen elsewhere is 2/1, not 2/2.
    elsewhere = s.execute(
        select(ExternalDose, VaccineProduct.name, Site.name)
        .outerjoin(VaccineProduct, VaccineProduct.code == ExternalDose.product_code)
        .outerjoin(Site, Site.code == ExternalDose.site_code)
        .where(ExternalDose.person_id == person_id)
    ).all()
    # A site this laptop never synced with is named as the platform certified its key ("" if
    # not even there: the paper then says "another site", never a bare code).
    site_names = _certified_site_names(s) if any(n is None for *_, n in elsewhere) else {}
    doses = [
        CertificateDose(d.id, d.dose_date, d.dose_number, d.product_code, product_name,
                        d.lot_number, code, name)
        for d, product_name, code, name in rows
    ] + [
        CertificateDose(d.id, d.dose_date, d.dose_number, d.product_code,
                        product_name or d.product_code, d.lot_number, d.site_code or "",
                        name or site_names.get(d.site_code or "", ""), elsewhere=True)
        for d, product_name, name in elsewhere
    ]
    subject = Subject(person.id, person.full_name, person.dob, person.sex, person.id_type,
                      person.id_number, person.nationality)
    certified = latest_dose(doses)  # a dose of this site; None: build_content says why
    uvci = certificate_issues.uvci_for(s, site_code, certified.dose_id, revoked) \
        if certified else None
    return build_content(subject, doses, db.catalogue, site_code=site_code,
                         site_name=site_name, issued_at=now, uvci=uvci,
                         signer_until=signer_until)


def _certified_site_names(s: Session) -> dict[str, str]:
    """Site code -> the name the platform certified in the site's signing key (the cached
    trust list, checked against the pinned CSCA); the newest key's name wins."""
    data = settings.read(s, settings.TRUST_LIST)
    if not data:
        return {}
    try:
        trust = parse_trust_list(data, settings.read(s, settings.CSCA_CERTIFICATE))
    except TrustListError:
        return {}
    signers = sorted(trust.signers.values(), key=lambda signer: signer.not_before)
    return {signer.site_code: signer.site_name for signer in signers if signer.site_name}
