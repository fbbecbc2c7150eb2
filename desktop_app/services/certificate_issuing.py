"""A certificate made from the database, signed, and recorded as issued once its paper
exists (``services/certificates.py`` says when; this module says how).

``sign`` reads a person's certificate as the database has it now and signs it; ``record``
writes each certificate's issue (``certificate_issue``) and its "certificate" audit entry,
after reading each one again (``still_as_signed``): signing a batch and printing it takes
seconds or minutes, during which the desk goes on saving, and a dose voided or a person
corrected meanwhile found no issue to revoke. ``record_with_file`` records them in the
transaction that gives their PDF its name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.certificates import hcert
from desktop_app.certificates.errors import CertificateError
from desktop_app.certificates.payload import (
    CertificateContent,
    CertificateDose,
    Subject,
    build_content,
    latest_dose,
)
from desktop_app.certificates.trust import TrustListError, parse_trust_list
from desktop_app.clock import utc_now, utc_to_local
from desktop_app.db import certificate_issues, cleaning_store, interrupted_issues, store
from desktop_app.db.database import Database
from desktop_app.db.models import CleaningCase, Dose, ExternalDose, Person, Site, VaccineProduct
from desktop_app.paths import publish
from desktop_app.rules.cleaning import (
    CERTIFICATE_BLOCKING,
    Status,
    problem_label,
    recomputed_codes,
    split_codes,
)
from desktop_app.rules.messages import Words
from desktop_app.rules.person import PersonFacts
from desktop_app.services.actor import RECORDERS, SUPERVISORS, Actor, Role, require
from desktop_app.services.signing import Signer
from desktop_app.services.site import current_site
from desktop_app.wire.revocations import published_hashes


@dataclass(frozen=True)
class IssuedCertificate:
    content: CertificateContent
    qr_text: str
    # What its issue records with it (``record``): the signing key's id, and the
    # supervisor's reason to sign over open identity errors, with those errors.
    kid: str = ""
    override: dict[str, Any] | None = None


def may_sign(db: Database, actor: Actor, now: datetime | None,
             override_reason: str | None) -> tuple[str, str, datetime]:
    """Who may sign (an override is a supervisor's, with a reason); the site and time."""
    require(actor, *RECORDERS)
    if override_reason is not None:
        require(actor, *SUPERVISORS)
        if not override_reason.strip():
            raise CertificateError("CERT_OVERRIDE_REASON_REQUIRED")
    site = current_site(db)
    site_code, site_name = (site.code, site.name) if site else ("", "")
    return site_code, site_name, (now or utc_now()).replace(microsecond=0)


def sign(s: Session, db: Database, signer: Signer, person_ids: Iterable[str],
         site_code: str, site_name: str, now: datetime,
         override_reason: str | None) -> list[IssuedCertificate]:
    """Each person's certificate, signed; none recorded. A person whose identity has an
    open error gets none (CertificateError naming it) without a supervisor's reason."""
    return [IssuedCertificate(c, hcert.seal(
        c.payload, signer.key, signer.kid, issued_at=c.issued_at,
        expires_at=c.expires_at), kid=signer.kid.hex(), override=override)
        for c, override in drafts(s, db, signer, person_ids, site_code, site_name, now,
                                  override_reason)]


def drafts(s: Session, db: Database, signer: Signer, person_ids: Iterable[str],
           site_code: str, site_name: str, now: datetime, override_reason: str | None
           ) -> list[tuple[CertificateContent, dict[str, Any] | None]]:
    """What ``sign`` signs, refused as it refuses, not signed: each certificate's content
    and the override its issue records."""
    revoked = published_hashes(settings.read(s, settings.TRUST_LIST) or {})
    until = signer.certificate.not_valid_after_utc.replace(tzinfo=None)
    person_ids = list(person_ids)
    doses = _read_ahead(s, person_ids)
    made = []
    for person_id in person_ids:
        blocking = identity_blockers(s, s.get(Person, person_id), utc_to_local(now).date())
        if blocking and override_reason is None:
            raise identity_refusal(s.get(Person, person_id).full_name, blocking)
        c = read_content(s, db, person_id, site_code, site_name, now, revoked, until,
                         doses=doses.get(person_id))
        override = {"override": override_reason.strip(), "problems": list(blocking)} \
            if blocking and override_reason is not None else None
        made.append((c, override))
    return made


def identity_refusal(name: str, blocking: Iterable[str]) -> CertificateError:
    """Why a person's certificate is held back (their open identity errors), said in the
    reader's language: the one refusal the dialog, the day's batch and the CLI give."""
    codes = list(blocking)
    return CertificateError("CERT_IDENTITY_OPEN", name=name, problems=Words(
        *(", ".join(problem_label(c, lang) for c in codes) for lang in ("vi", "en"))))

def record_in(s: Session, issued: Iterable[IssuedCertificate], actor: Actor) -> None:
    """Each certificate's issue and its "certificate" audit entry, in ``s`` (a reprint of
    one in force keeps the first issue's row, and is audited again)."""
    for cert in issued:
        c = cert.content
        person_id = c.subject.person_id
        certificate_issues.record_issue(
            s, c.uvci, person_id=person_id, dose_id=c.latest.dose_id, kid=cert.kid,
            now=c.issued_at, user_id=actor.user_id)
        s.add(store.audit_entry("certificate", "person", person_id, _audited(cert),
                                c.issued_at, actor.user_id))


def _audited(cert: IssuedCertificate) -> dict[str, Any]:
    """The details of a certificate's "certificate" audit entry."""
    return {"uvci": cert.content.uvci, "kid": cert.kid} | (cert.override or {})


def record(db: Database, signer: Signer, issued: Collection[IssuedCertificate], *,
           actor: Actor, then: Callable[[], None] | None = None) -> None:
    """Certificates signed earlier recorded as issued, now that their paper exists: one
    transaction, refused whole (CertificateError CERT_CHANGED_WHILE_PRINTING) when what one
    of them says changed since it was signed. ``then`` runs inside it, last (the PDF
    renamed into place), so the issues commit only with it."""
    require(actor, *may_record(issued))
    with db.transaction() as s:
        still_as_signed(s, db, signer, issued)
        record_in(s, issued, actor)
        if then is not None:
            then()


def may_record(issued: Iterable[IssuedCertificate]) -> tuple[Role, ...]:
    """Who may record certificates as issued: one signed over open identity errors is a
    supervisor's to issue, as to sign (``may_sign``). A certificate a supervisor signed
    with a reason and a clerk printed after the idle lock was recorded, and audited, as
    the clerk's override."""
    return SUPERVISORS if any(c.override is not None for c in issued) else RECORDERS


def still_as_signed(s: Session, db: Database, signer: Signer,
                    issued: Iterable[IssuedCertificate]) -> None:
    """Each certificate made again from the database as it is now, at its own time: a
    dose voided or corrected, a person corrected, merged or put on the cleaning list since
    it was signed makes it differ (the void or correction found no issue to revoke: it
    would stay in force, saying what is no longer so), and CertificateError says whose."""
    revoked = published_hashes(settings.read(s, settings.TRUST_LIST) or {})
    until = signer.certificate.not_valid_after_utc.replace(tzinfo=None)
    issued = list(issued)
    doses = _read_ahead(s, [cert.content.subject.person_id for cert in issued])
    for cert in issued:
        c = cert.content
        person = s.get(Person, c.subject.person_id)
        try:
            again = read_content(s, db, c.subject.person_id, c.issuing_site_code,
                                 c.issuing_site_name, c.issued_at, revoked, until,
                                 doses=doses.get(c.subject.person_id))
        except CertificateError:
            again = None  # none can be made now (its doses voided, its name cleared)
        held = identity_blockers(s, person, utc_to_local(c.issued_at).date()) \
            and cert.override is None
        if again != c or held:
            raise CertificateError("CERT_CHANGED_WHILE_PRINTING",
                                   name=person.full_name if person else c.subject.full_name)


def record_with_file(db: Database, signer: Signer, issued: Collection[IssuedCertificate],
                     part: Path, out: Path, actor: Actor, batch: str | None = None) -> None:
    """``issued`` recorded in the transaction that renames the finished ``part`` to
    ``out``: committed only once the file is there under its name. A commit that fails
    takes the file away again. A kill between the rename and the commit (a moment) leaves
    a file whose certificates are not recorded until the next opening records them: the
    naming is noted first, in a transaction of its own (``db/interrupted_issues.py``).
    ``batch``: the note of the batch ``out`` is a part of (``noting_batch``)."""
    require(actor, *may_record(issued),  # before the naming is noted under the actor
            asked="certificate_issuing.record")
    published = False

    def publish_it() -> None:
        nonlocal published
        publish(part, out)
        published = True

    noted = [interrupted_issues.issue_entry(
        c.content.uvci, c.content.subject.person_id, c.content.latest.dose_id, c.kid,
        c.content.issued_at, actor.user_id, _audited(c)) for c in issued]
    with interrupted_issues.noting(db, noted, part, out, batch):
        try:
            record(db, signer, issued, actor=actor, then=publish_it)
        except BaseException:
            if published:
                out.unlink(missing_ok=True)
            raise


def identity_blockers(s: Session, person: Person | None, today: date) -> tuple[str, ...]:
    """The open identity errors no certificate may be signed over: what the rules find in
    the person's data now, and the population register's mismatch with it, named as the
    cleaning list names them."""
    if person is None:
        return ()
    facts = PersonFacts(person.full_name, person.dob, person.sex, person.id_type,
                        person.id_number, person.no_id_reason, person.nationality)
    codes = split_codes(recomputed_codes(person.cleaning_reason, facts, today))
    case = s.get(CleaningCase, person.id)
    # A mismatch kept on a case closed as fixed is one the police outranked (their "khớp"
    # closes it, nothing else may; a new verdict reopens it): it holds nothing back.
    register = None if case is not None and case.status == Status.FIXED \
        else cleaning_store.register_code(case)
    return tuple(c for c in (*codes, register) if c in CERTIFICATE_BLOCKING)


def dose_histories(s: Session, person_ids: list[str]) -> dict[str, list[tuple[date, int]]]:
    """Of these people, each one's doses here and elsewhere as (date, number), for
    ``payload.history_refusal`` (which ``read_content`` applies): read in a few statements
    for a day's people."""
    given: dict[str, list[tuple[date, int]]] = {}
    for start in range(0, len(person_ids), _CHUNK):
        chunk = person_ids[start:start + _CHUNK]
        for query in (select(Dose.person_id, Dose.dose_date, Dose.dose_number).where(
                          Dose.person_id.in_(chunk), Dose.status == "active"),
                      select(ExternalDose.person_id, ExternalDose.dose_date,
                             ExternalDose.dose_number).where(ExternalDose.person_id.in_(chunk))):
            for person_id, when, number in s.execute(query):
                given.setdefault(person_id, []).append((when, number))
    return given


_CHUNK = 500  # people per IN (...) list


def _read_ahead(s: Session, person_ids: list[str]) -> dict[str, list[CertificateDose]]:
    """A batch's people and their doses read in a few statements, not a few per person:
    the people then come from the session's identity map (``s.get``), the doses from the
    dict returned. Two thirds of a day's batch went on these reads, person by person."""
    for start in range(0, len(person_ids), _CHUNK):
        s.scalars(select(Person).where(Person.id.in_(person_ids[start:start + _CHUNK]))).all()
    return certificate_doses(s, person_ids)


def read_content(s: Session, db: Database, person_id: str, site_code: str, site_name: str,
                 now: datetime, revoked: Collection[str] = (),
                 signer_until: datetime | None = None, *,
                 doses: list[CertificateDose] | None = None) -> CertificateContent:
    """What a person's certificate says, read in ``s`` (not signed).

    ``revoked``: the published revoked hashes, which a new UVCI must avoid;
    ``signer_until``: when the signing certificate ends, which ``exp`` may not pass;
    ``doses``: the person's, read already for a batch (``certificate_doses``)."""
    person = s.get(Person, person_id)
    if person is None:
        raise CertificateError("CERT_PERSON_UNKNOWN", person=person_id)
    if doses is None:
        doses = certificate_doses(s, [person_id])[person_id]
    subject = Subject(person.id, person.full_name, person.dob, person.sex, person.id_type,
                      person.id_number, person.nationality)
    certified = latest_dose(doses)  # a dose of this site; None: build_content says why
    uvci = certificate_issues.uvci_for(s, site_code, certified.dose_id, revoked) \
        if certified else None
    return build_content(subject, doses, db.catalogue, site_code=site_code,
                         site_name=site_name, issued_at=now, uvci=uvci,
                         signer_until=signer_until)


def certificate_doses(s: Session, person_ids: Collection[str]
                      ) -> dict[str, list[CertificateDose]]:
    """Each person's doses as a certificate lists them: the active ones here, and those
    other sites gave, read in a few statements for a day's people."""
    ids = list(person_ids)
    doses: dict[str, list[CertificateDose]] = {i: [] for i in ids}
    site_names: dict[str, str] | None = None
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        rows = s.execute(
            select(Dose, VaccineProduct.name, Site.code, Site.name)
            .join(VaccineProduct, VaccineProduct.code == Dose.product_code)
            .join(Site, Site.id == Dose.site_id)
            .where(Dose.person_id.in_(chunk), Dose.status == "active")
        ).all()
        # Doses other sites gave (brought from the central platform) are listed on the
        # paper with the site that gave them, by name if this database knows it, and begin
        # the series the QR's dose is numbered in: Comirnaty here after Janssen elsewhere
        # is 2/1, not 2/2.
        elsewhere = s.execute(
            select(ExternalDose, VaccineProduct.name, Site.name)
            .outerjoin(VaccineProduct, VaccineProduct.code == ExternalDose.product_code)
            .outerjoin(Site, Site.code == ExternalDose.site_code)
            .where(ExternalDose.person_id.in_(chunk))
        ).all()
        # A site this laptop never synced with is named as the platform certified its key
        # ("" if not even there: the paper then says "another site", never a bare code).
        if site_names is None and any(n is None for *_, n in elsewhere):
            site_names = _certified_site_names(s)
        for d, product_name, code, name in rows:
            doses[d.person_id].append(CertificateDose(
                d.id, d.dose_date, d.dose_number, d.product_code, product_name,
                d.lot_number, code, name))
        for d, product_name, name in elsewhere:
            doses[d.person_id].append(CertificateDose(
                d.id, d.dose_date, d.dose_number, d.product_code,
                product_name or d.product_code, d.lot_number, d.site_code or "",
                name or (site_names or {}).get(d.site_code or "", ""), elsewhere=True))
    return doses


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
