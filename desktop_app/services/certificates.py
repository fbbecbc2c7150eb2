"""Issuing and checking certificates: the use cases the app and ``vaxdesk`` share.

A certificate is made from the database as it is now (every active dose of the person, and
the doses other sites gave them), signed with the unlocked site key, and the issue is
written to the audit log so a site can tell who received which certificate. Batches yield
progress so they run on a worker.

A certificate counts as issued (``certificate_issue`` in force, a "certificate" audit
entry) only once its paper exists: a PDF, or the dialog's saved file, takes its name in the
very transaction that records its certificates, and the dialog's print records the one it
prints, so every certificate in force is one a person can hold, as the import undo tells
the supervisor. A batch records its certificates ``RECORD_CHUNK`` people at a time, each
part a PDF of its own recorded in a short transaction of its own (``write_certificates``):
one transaction for all of them held the write lock 3 to 11 s for 2,000 people, and a
clerk's save at the desk waited for it. Signing first and recording after leaves a gap in
which a desk save may change what the paper says: the recording reads each certificate
again and refuses it (no file, nothing recorded) if it no longer says the same; a batch
then makes that part again.
"""

from __future__ import annotations

from collections.abc import Collection, Generator, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import Select, select

from desktop_app.certificates import pdfium_calls
from desktop_app.certificates.described import payload_rows as payload_rows  # for the shells
from desktop_app.certificates.errors import CertificateError as CertificateError
from desktop_app.certificates.inputs import UnreadableInput as UnreadableInput
from desktop_app.certificates.inputs import certificate_texts, certificate_texts_in_file
from desktop_app.certificates.payload import CertificateContent as CertificateContent
from desktop_app.certificates.payload import history_refusal
from desktop_app.certificates.pdf import A5_LANDSCAPE, CertificateBook, PageFormat, pdf_bytes
from desktop_app.certificates.pdf import FORMATS as FORMATS  # paper sizes, by name
from desktop_app.certificates.preview import PageImage as PageImage
from desktop_app.certificates.preview import render_pages as render_pages
from desktop_app.certificates.trust import TrustList, age_in_days
from desktop_app.certificates.uvci import file_code as file_code  # a file's name, for the shells
from desktop_app.certificates.verify import Verdict, verify_hc1
from desktop_app.certificates.verify import Verification as Verification
from desktop_app.certificates.verify import judged_by as judged_by
from desktop_app.clock import local_time, local_today, utc_now, utc_to_local
from desktop_app.db import certificate_issues, interrupted_issues
from desktop_app.db.database import Database
from desktop_app.db.faults import Fault, FaultError, classify
from desktop_app.db.models import Dose, Person
from desktop_app.db.waiting_writers import let_go_first
from desktop_app.paths import private_part
from desktop_app.progress import drain
from desktop_app.rules.certificates import revoke_reason_text
from desktop_app.rules.messages import Part, UserError, text
from desktop_app.rules.name_order import keeps_capitals
from desktop_app.rules.numbers import Count
from desktop_app.services import certificate_issuing as issuing
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.certificate_issuing import IssuedCertificate as IssuedCertificate
from desktop_app.services.certificate_issuing import identity_blockers as identity_blockers
from desktop_app.services.certificate_person import find_person as find_person
from desktop_app.services.qr_notices import qr_name_notice as qr_name_notice
from desktop_app.services.qr_notices import qr_names_shortened as qr_names_shortened
from desktop_app.services.qr_notices import qr_notices as qr_notices
from desktop_app.services.qr_notices import qr_notices_of as qr_notices_of
from desktop_app.services.signing import Signer, cached_trust_list, signer_state
from desktop_app.services.site import current_site

BATCH_CHUNK = 200  # people read and signed per step of a batch (its progress)
# People a batch records in one transaction (~0.1 s of the write lock), with a PDF of their own
RECORD_CHUNK = 50


def render_certificate(issued: IssuedCertificate, paper: str, dpi: float
                       ) -> tuple[bytes, list[PageImage]]:
    """The certificate as a PDF on ``paper`` (a FORMATS name) and each of its pages (a long
    dose table runs on to a second) as an image at ``dpi``, for the preview."""
    pdf = pdf_bytes(issued.content, issued.qr_text, FORMATS[paper])
    return pdf, render_pages(pdf, dpi)


def save_certificate(db: Database, signer: Signer, issued: IssuedCertificate, pdf: bytes,
                     out: Path, *, actor: Actor) -> Path:
    """A certificate signed for the dialog (``sign_certificate``, ``render_certificate``),
    saved where the clerk chose, readable by this user only (it carries the person's name,
    ID number and doses), and recorded as issued in the transaction that gives it its
    name: CertificateError if what it says changed since it was signed."""
    require(actor, *RECORDERS)
    with private_part(out) as part:
        part.write_bytes(pdf)
        issuing.record_with_file(db, signer, [issued], part, out, actor)
    return out


def issue_certificate(db: Database, signer: Signer, person_id: str, *, actor: Actor,
                      now: datetime | None = None,
                      override_reason: str | None = None) -> IssuedCertificate:
    """Sign and record at once: for a certificate handed over as it is signed (the QR text
    ``vaxdesk certificate --qr-text`` prints). One to print first: ``sign_certificate``."""
    return next(iter(issue_many(db, signer, [person_id], actor=actor, now=now,
                                override_reason=override_reason)))


def sign_certificate(db: Database, signer: Signer, person_id: str, *, actor: Actor,
                     now: datetime | None = None,
                     override_reason: str | None = None) -> IssuedCertificate:
    """A person's certificate signed, not yet recorded: printed, ``record_issues`` records
    it; saved, ``save_certificate`` does."""
    return sign_many(db, signer, [person_id], actor=actor, now=now,
                     override_reason=override_reason)[0]


def issue_many(db: Database, signer: Signer, person_ids: Iterable[str], *, actor: Actor,
               now: datetime | None = None,
               override_reason: str | None = None) -> list[IssuedCertificate]:
    """Sign certificates for these people and record them; one audit entry each, in one
    transaction (a single certificate is one round trip to SQLite, not three).

    A person whose identity has an open error gets none (CertificateError naming it), unless
    a supervisor gives a reason to issue it anyway, kept in the audit entry."""
    require(actor, *RECORDERS)
    site_code, site_name, now = issuing.may_sign(db, actor, now, override_reason)
    with db.transaction() as s:
        issued = issuing.sign(s, db, signer, person_ids, site_code, site_name, now,
                              override_reason)
        issuing.record_in(s, issued, actor)
    return issued


def sign_many(db: Database, signer: Signer, person_ids: Iterable[str], *, actor: Actor,
              now: datetime | None = None,
              override_reason: str | None = None) -> list[IssuedCertificate]:
    """``issue_many`` without the recording: for certificates to print first."""
    site_code, site_name, now = issuing.may_sign(db, actor, now, override_reason)
    with db.reading() as s:
        return issuing.sign(s, db, signer, person_ids, site_code, site_name, now,
                            override_reason)


def record_issues(db: Database, signer: Signer, issued: Collection[IssuedCertificate], *,
                  actor: Actor) -> None:
    """Certificates signed by ``sign_many`` recorded as issued, now that they are printed:
    refused whole (CertificateError CERT_CHANGED_WHILE_PRINTING) when what one of them says
    changed since it was signed (``certificate_issuing.record``)."""
    issuing.record(db, signer, issued, actor=actor)


def check_reprint(db: Database, signer: Signer, issued: IssuedCertificate) -> None:
    """A certificate printed already, printed again (a jam, a second copy): refused
    (CertificateError CERT_REVOKED_SINCE_PRINTED) once it was revoked since, or what it
    says is no longer what the record holds: the citizen would be handed a paper the
    verifier refuses. The dialog signs the record as it is now instead."""
    with db.reading() as s:
        revoked = certificate_issues.revoked_here(s)
        if issued.content.uvci in revoked:
            raise CertificateError("CERT_REVOKED_SINCE_PRINTED",
                                   name=issued.content.subject.full_name)
        try:
            issuing.still_as_signed(s, db, signer, [issued])
        except CertificateError:
            raise CertificateError("CERT_REVOKED_SINCE_PRINTED",
                                   name=issued.content.subject.full_name) from None


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

    In parts of ``RECORD_CHUNK`` people. Each part is signed and drawn into a PDF of its own
    (a ``.part``: never a half PDF under a name), yielding every ``BATCH_CHUNK`` people; a
    batch stopped or failed while it does records none and leaves no file. Then each
    part's certificates are recorded in the transaction that gives its PDF its name:
    ``out`` itself for a batch of one part, else "<out> (51-100).pdf" (``part_file``).
    So a desk save waits for one part, never for the whole batch (the desk's waiting saves
    go first between two parts: db/waiting_writers.py). Last, the parts' PDFs are joined
    into ``out`` and removed. Killed while it records, the batch leaves the parts recorded
    so far under their own names (the certificates recorded are exactly those of the PDFs
    there) until the next opening: the batch is noted from its start to its end, so that
    opening joins those parts into ``out``, removes the drawn ones and has the next start
    say how far it got (``db/interrupted_issues.py``, ``services/stopped_batches.py``).
    A record that changed since its part was signed makes the part again from
    the database as it is now (the voided dose, the corrected name); one that changes
    again, or leaves the person no certificate, stops the batch there:
    CERT_CHANGED_WHILE_PRINTING before any part is recorded, CERT_BATCH_CUT_SHORT after
    (the parts recorded then joined into ``out``). Any other failure after a part was
    recorded (the disk full, the USB drive pulled out, a bug) keeps the batch's note, for
    the next opening to settle as after a kill, and says with the failure how many were
    recorded (CERT_BATCH_FAILED_PART_WAY, a FaultError for a fault of the machine)."""
    require(actor, *RECORDERS)
    starts = range(0, len(person_ids), RECORD_CHUNK) or range(1)
    parts = [_Part(person_ids[start:start + RECORD_CHUNK],
                   out if len(starts) == 1 else part_file(out, start, len(person_ids)))
             for start in starts]
    joined: list[Path] = []  # removed once the batch's note is dropped: a kill before
    try:  # leaves them, and the next opening joins them again
        with ExitStack() as files, interrupted_issues.noting_batch(
                db, out, [part.name for part in parts], len(person_ids), actor.user_id,
                (now or utc_now()).replace(microsecond=0)) as batch:
            pages = 0
            for part in parts:
                part.path = files.enter_context(private_part(part.name))
                for drawn in _draw(db, signer, part, fmt, now, actor, override_reason):
                    yield pages + drawn
                pages += len(part.issued)
            recorded = 0
            try:
                for part in parts:
                    try:
                        _record(db, signer, part, fmt, now, actor, override_reason, batch)
                    except CertificateError as exc:
                        if not recorded:
                            raise
                        cut = _join([done.name for done in parts if done.recorded], out)
                        interrupted_issues.drop_batch(db, batch)  # said here and now
                        joined = cut
                        raise CertificateError("CERT_BATCH_CUT_SHORT",
                                               name=exc.params.get("name", ""),
                                               count=recorded, path=out) from exc
                    recorded += len(part.issued)
                if len(parts) > 1:
                    joined = _join([part.name for part in parts], out)
            except Exception as exc:  # the disk full, the USB drive pulled out, a bug
                if not recorded or joined:  # nothing recorded; cut short, joined and said
                    raise
                raise _failed_part_way(db, exc, recorded, len(person_ids), out) from exc
            return pages
    finally:
        for path in joined:
            path.unlink(missing_ok=True)


def _failed_part_way(db: Database, exc: Exception, recorded: int, people: int,
                     out: Path) -> UserError:
    """``exc``, which stopped a batch after ``recorded`` of its ``people`` certificates were
    recorded, said with them: the batch's note is kept, so the next opening puts their
    parts together into ``out`` (``interrupted_issues.noting_batch``). Not joined here:
    what failed is most likely the very disk or drive the join would write to. A fault of
    the machine stays one (its title, the command line's exit code)."""
    said = {"count": recorded, "people": people, "path": out,
            "parts": f"{out.stem} (…){out.suffix}"}
    fault = classify(exc, db.path)
    if fault is None:
        return CertificateError("CERT_BATCH_FAILED_PART_WAY", **said, failure=Part(
            "OP_FAILED", detail=str(exc) or type(exc).__name__))
    return FaultError(Fault(fault.kind, "CERT_BATCH_FAILED_PART_WAY",
                            {**said, "failure": Part(fault.code, **fault.params)}))


def part_file(out: Path, start: int, total: int) -> Path:
    """The name a batch's part beginning at person ``start`` takes, beside ``out``.

    >>> part_file(Path("chung-nhan-2026-11-20.pdf"), 400, 450).name
    'chung-nhan-2026-11-20 (401-450).pdf'
    """
    last = min(start + RECORD_CHUNK, total)
    return out.with_name(f"{out.stem} ({start + 1}-{last}){out.suffix}")


@dataclass
class _Part:
    """A batch's people recorded together, the PDF they are drawn into (``path``) and the
    name it takes."""

    people: list[str]
    name: Path
    path: Path = Path()
    issued: list[IssuedCertificate] = field(default_factory=list)
    recorded: bool = False


def _draw(db: Database, signer: Signer, part: _Part, fmt: PageFormat, now: datetime | None,
          actor: Actor, override_reason: str | None) -> Iterator[int]:
    """The part's people signed from the database as it is now and drawn into its PDF;
    yields how many are, ``BATCH_CHUNK`` people at a time."""
    book = CertificateBook(part.path, fmt)
    part.issued = []
    for start in range(0, len(part.people), BATCH_CHUNK):
        for cert in sign_many(db, signer, part.people[start:start + BATCH_CHUNK], actor=actor,
                              now=now, override_reason=override_reason):
            book.add(cert.content, cert.qr_text)
            part.issued.append(cert)
        yield len(part.issued)
    book.close()


def _record(db: Database, signer: Signer, part: _Part, fmt: PageFormat, now: datetime | None,
            actor: Actor, override_reason: str | None, batch: str) -> None:
    """The part's certificates recorded as its PDF takes its name, once the desk's waiting
    saves have gone first; made again once if one of its records changed meanwhile."""
    for again in (False, True):
        if db.waiting_writers is not None:
            let_go_first(db.waiting_writers)
        try:
            issuing.record_with_file(db, signer, part.issued, part.path, part.name, actor,
                                     batch=batch)
            part.recorded = True
            return
        except CertificateError as exc:
            if again or exc.code != "CERT_CHANGED_WHILE_PRINTING":
                raise
            changed = exc
        try:
            drain(_draw(db, signer, part, fmt, now, actor, override_reason))
        except CertificateError:  # it can be made no more (its only dose voided)
            raise changed from None


def _join(files: list[Path], out: Path) -> list[Path]:
    """The parts' PDFs as one under ``out``; returns them, to remove once the batch's note
    is dropped (a kill between leaves both: the same certificates, recorded, joined again
    at the next opening)."""
    pdfium_calls.join_into(files, out)
    return files


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
        return issuing.read_content(s, db, person_id, site.code if site else "",
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


def trust_list_note(trust: TrustList | None, lang: str, now: datetime | None = None
                    ) -> tuple[str, bool] | None:
    """How old ``trust`` (the list the verdicts used) is, in words, and whether it is
    stale (``trust.age_in_days``): said beside a verdict, which is only as fresh as the
    list. None when there is no list (the verdict says so)."""
    if trust is None:
        return None
    # From when the platform last said it is current (a sync's 304), not when it was made:
    # a list unchanged for a week warned "sync while online", which no sync could clear.
    days, stale = age_in_days(trust.current_at, now or utc_now())
    when = local_time(trust.current_at)
    return (text("TRUST_LIST_STALE", lang, days=Count(days), when=when) if stale
            else text("TRUST_LIST_AGE", lang, when=when)), stale


def verify_file(db: Database, path: Path, now: datetime | None = None,
                trust: TrustList | None = None) -> list[Verification]:
    """Every QR code in an image or a PDF (or HC1: line in a text file), each judged on its
    own; UnreadableInput when there is none, saying why."""
    return _verify_all(db, certificate_texts_in_file(path, shown=path.name), now, trust)


def verify_input(db: Database, given: str, now: datetime | None = None,
                 trust: TrustList | None = None) -> list[Verification]:
    """``given`` as typed on a command line: an HC1: text, or the name of a file holding some."""
    return _verify_all(db, certificate_texts(given), now, trust)


def _verify_all(db: Database, texts: list[str], now: datetime | None,
                trust: TrustList | None) -> list[Verification]:
    """Each text judged as ``verify_text`` judges it, the cached list and this site's
    revocations read once for them all."""
    trust, revoked = trust or cached_trust_list(db), _revoked_here(db)
    return [verify_text(db, text, now, trust, revoked) for text in texts]


def _revoked_here(db: Database) -> dict[str, datetime]:
    with db.reading() as s:
        return certificate_issues.revoked_here(s)


def held_back(db: Database, person_ids: Iterable[str], today: date | None = None,
              lang: str = "vi") -> dict[str, str]:
    """Of these people, those whose certificate may not be signed now, each with the
    sentence that says why (in ``lang``): open identity errors, or a dose number given
    twice (``numbers_twice``: two sites' "dose 1"). A day's batch prints the others and
    lists these: one person's clash stopped the whole day's batch, and nobody of the day
    had a certificate. Doses whose numbers their dates contradict (``history_refusal``)
    are held alike."""
    today = today or local_today()  # the site's day: before 7 a.m. the UTC one is yesterday
    held = {}
    with db.reading() as s:
        people = {i: s.get(Person, i) for i in person_ids}
        for person_id, person in people.items():
            blocking = identity_blockers(s, person, today)
            if blocking:
                held[person_id] = issuing.identity_refusal(person.full_name,
                                                           blocking).message(lang)
        # Read for all at once, not a certificate made for each (that doubled the time the
        # database worker is held before a day's batch starts): the same rule decides.
        for person_id, doses in issuing.dose_histories(
                s, [i for i, p in people.items() if p is not None and i not in held]).items():
            refusal = history_refusal(people[person_id].full_name, doses)
            if refusal is not None:
                held[person_id] = refusal.message(lang)
    return held


def name_parts_text(content: CertificateContent, lang: str = "vi") -> str:
    """The family name and the given names the QR carries, apart, for the clerk to hold
    against the passport before printing: the paper prints the name in one line. For a
    foreigner, how to mark the surname when the split is wrong (``rules/name_order.py``)."""
    name = content.name
    said = text("CERT_NAME_PARTS", lang, family=name.family, given=name.given or "—")
    if keeps_capitals(content.subject.nationality):
        said += " " + text("CERT_NAME_PARTS_FIX", lang)
    return said


