"""The central store: current FHIR resources, every version of them, sites and their tokens.

Resources are kept as JSON text with the few fields that searches and authorisation need
pulled out into indexed columns; the JSON is what a client sent, plus ``meta``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    metadata = MetaData()


class Site(Base):
    __tablename__ = "site"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class SiteArea(Base):
    """Where a site is: the province and commune it serves (a district only for records made
    before the 2025 reorganisation removed that level). Complaints are routed by it and the
    dashboard adds its figures up by it. Set by ``create-site --province --commune`` or by
    the site's own report (``wire/site_report.py``)."""

    __tablename__ = "site_area"

    site_code: Mapped[str] = mapped_column(ForeignKey("site.code"), primary_key=True)
    province_code: Mapped[str | None] = mapped_column(String(8))
    district_code: Mapped[str | None] = mapped_column(String(8))
    commune_code: Mapped[str | None] = mapped_column(String(8))

    __table_args__ = (
        Index("ix_site_area_commune", "commune_code"),
        Index("ix_site_area_province", "province_code"),
    )


class Token(Base):
    """A bearer token, stored only as its SHA-256. ``site_code`` NULL = central staff."""

    __tablename__ = "api_token"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_code: Mapped[str | None] = mapped_column(ForeignKey("site.code"))
    label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class Resource(Base):
    __tablename__ = "fhir_resource"

    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_code: Mapped[str] = mapped_column(String(32))
    version_id: Mapped[int] = mapped_column(Integer)
    last_updated: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str | None] = mapped_column(String(200))
    identifier_system: Mapped[str | None] = mapped_column(String(200))
    identifier_value: Mapped[str | None] = mapped_column(String(64))
    patient_id: Mapped[str | None] = mapped_column(String(64))
    birth_date: Mapped[date | None] = mapped_column(Date)  # Patient only: dose-date checks
    content: Mapped[str] = mapped_column(Text)  # the resource's JSON without meta

    __table_args__ = (
        Index("ix_resource_site_updated", "site_code", "type", "last_updated"),
        Index("ix_resource_identifier", "identifier_value", "identifier_system"),
        Index("ix_resource_patient", "patient_id"),
        Index("ix_resource_updated", "last_updated"),  # the newest stamp: store._latest_stamp
    )


class ResourceVersion(Base):
    """Every version ever stored: nothing the sites sent is lost, and vread works."""

    __tablename__ = "fhir_resource_version"

    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_updated: Mapped[datetime] = mapped_column(DateTime)
    source: Mapped[str | None] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)


class VersionWriter(Base):
    """Which central staff member's token wrote a version: its label (``central:<holder>``,
    ``auth.central_label``). ``meta.source`` says only ``urn:vaxdesk:central`` (the laptops
    pull central edits by it), and two staff members' changes must be told apart. A site's
    version names the site in its source, so it has no row here. A table of its own, as
    ``create_all`` adds tables but no columns to a store made before."""

    __tablename__ = "fhir_version_writer"

    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    label: Mapped[str] = mapped_column(String(200))


class Lot(Base):
    """Vaccine lots released to the sites, pulled with the catalogue."""

    __tablename__ = "vaccine_lot"

    product_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    lot_number: Mapped[str] = mapped_column(String(64), primary_key=True)
    expiry_date: Mapped[date | None] = mapped_column(Date)


class SigningAuthority(Base):
    """The country signing certificate authority (CSCA): one row, made on first use."""

    __tablename__ = "signing_authority"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_pem: Mapped[str] = mapped_column(Text)  # encrypted if a passphrase is configured
    certificate_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ImportedOutbox(Base):
    """A site's offline transfer file already applied (by the SHA-256 of its signed
    content), with the receipt given: importing it again changes nothing."""

    __tablename__ = "imported_outbox"

    file_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_code: Mapped[str] = mapped_column(ForeignKey("site.code"))
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    receipt: Mapped[str] = mapped_column(Text)


class PendingEnrolment(Base):
    """A site's request to certify a key that replaces one already certified: waits for
    central staff (``vaxdesk-central approve-key``). One per site; a newer request replaces
    it. ``requests`` counts this hour's requests (``window_start``), for the rate limit."""

    __tablename__ = "pending_enrolment"

    site_code: Mapped[str] = mapped_column(ForeignKey("site.code"), primary_key=True)
    public_key_pem: Mapped[str] = mapped_column(Text)
    requested_at: Mapped[datetime] = mapped_column(DateTime)
    window_start: Mapped[datetime] = mapped_column(DateTime)
    requests: Mapped[int] = mapped_column(Integer)


class DocumentSigner(Base):
    """A site's document-signer certificate (DSC), as issued; revoked ones are kept."""

    __tablename__ = "document_signer"

    kid: Mapped[str] = mapped_column(String(16), primary_key=True)  # hex of the 8-byte kid
    site_code: Mapped[str] = mapped_column(ForeignKey("site.code"))
    public_key_sha256: Mapped[str] = mapped_column(String(64))
    der: Mapped[bytes] = mapped_column(LargeBinary)
    not_before: Mapped[datetime] = mapped_column(DateTime)
    not_after: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoke_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        Index("ix_signer_site", "site_code", "not_after"),
        Index("ix_signer_key", "public_key_sha256"),
    )


class RegisterLoad(Base):
    """One successful ``load-register``: a row here means a register is in force (the
    newest row describes it). The register rows themselves live in a table swapped in by
    name (``central_server/register/load.py``), so they are not a model."""

    __tablename__ = "register_load"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    loaded_at: Mapped[datetime] = mapped_column(DateTime)
    file_name: Mapped[str] = mapped_column(String(300))
    rows: Mapped[int] = mapped_column(Integer)
    skipped: Mapped[int] = mapped_column(Integer)


class RegisterVerdict(Base):
    """The register's verdict on a Patient's current version, one per Patient. ``checked_at``
    strictly increases across the server, so sites page by it without loss
    (``desktop_app/wire/register.py``)."""

    __tablename__ = "register_verdict"

    patient_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_code: Mapped[str] = mapped_column(String(32))
    verdict: Mapped[str] = mapped_column(String(16))
    fields: Mapped[str] = mapped_column(String(64))  # comma-separated wire.register.FIELDS
    checked_at: Mapped[datetime] = mapped_column(DateTime)
    version_id: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ix_verdict_site_checked", "site_code", "checked_at"),
        Index("ix_verdict_checked", "checked_at"),
    )


class PatientLink(Base):
    """One identifier of a Patient, as the cross-site linking sees it: which citizen the
    Patient belongs to, and the facts two sites' records must share to be one person. A
    Patient has a row for its own identifier and one for the old CMND its card names
    (``old``), each that is well formed; one with neither has no row (its own citizen)."""

    __tablename__ = "patient_link"

    patient_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    identifier_system: Mapped[str] = mapped_column(String(200), primary_key=True)
    identifier_value: Mapped[str] = mapped_column(String(64), primary_key=True)
    old: Mapped[bool] = mapped_column(Boolean, default=False)
    citizen_id: Mapped[str] = mapped_column(String(64))
    site_code: Mapped[str] = mapped_column(String(32))
    name_key: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (
        Index("ix_link_identifier", "identifier_value", "identifier_system"),
        Index("ix_link_citizen", "citizen_id"),
    )


class ReviewPair(Base):
    """Two sites' Patients sharing an identifier but not the person's facts: not linked,
    left for central staff (``vaxdesk-central review-list``). ``patient_a`` < ``patient_b``."""

    __tablename__ = "review_pair"

    patient_a: Mapped[str] = mapped_column(String(64), primary_key=True)
    patient_b: Mapped[str] = mapped_column(String(64), primary_key=True)
    identifier_system: Mapped[str] = mapped_column(String(200))
    identifier_value: Mapped[str] = mapped_column(String(64))
    fields: Mapped[str] = mapped_column(String(64))  # what differs: full_name, dob
    found_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_review_b", "patient_b"),)


class LinkDecision(Base):
    """Central staff's word on a pair of Patients (``vaxdesk-central link`` / ``unlink``):
    it outweighs the automatic rule from then on, whatever either site sends later. A
    link may join two Patients that share no identifier (an old CMND at one site, the new
    CCCD at another): the officer's reason is in the admin log.
    ``patient_a`` < ``patient_b``; ``decision`` is ``link`` or ``unlink``."""

    __tablename__ = "link_decision"

    patient_a: Mapped[str] = mapped_column(String(64), primary_key=True)
    patient_b: Mapped[str] = mapped_column(String(64), primary_key=True)
    decision: Mapped[str] = mapped_column(String(8))
    decided_at: Mapped[datetime] = mapped_column(DateTime)

    # A pair linked across numbers is followed from either Patient (``links._groups``).
    __table_args__ = (Index("ix_decision_b", "patient_b"),)


class ElsewhereNews(Base):
    """A site's Patient whose citizen's records at other sites changed (a dose given,
    voided or corrected there, the records linked or unlinked): one row a Patient, its
    ``told_at`` moved on at each change (``register/elsewhere.py``). The site pages its own
    (``desktop_app/wire/elsewhere.py``) and takes the other sites' doses as they stand
    when it reads; ``told_at`` strictly increases across the server, like
    ``DoseClash.found_at``."""

    __tablename__ = "elsewhere_news"

    patient_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_code: Mapped[str] = mapped_column(String(32))
    told_at: Mapped[datetime] = mapped_column(DateTime)
    # The Patients of other sites linked to it when told (ids, sorted, space separated):
    # a check again that links nothing new tells nobody.
    linked: Mapped[str] = mapped_column(Text, default="")
    # Every other site's Patient it was ever told of: the sites whose doses the list speaks
    # for (one held of a site never linked, say from a merge at the site, is left alone).
    spoken: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_elsewhere_news_site_told", "site_code", "told_at"),
        Index("ix_elsewhere_news_told", "told_at"),
    )


class DoseClash(Base):
    """One citizen's dose number held at two sites (``register/clashes.py``): one of this
    site's doses (``immunization_id``, of its Patient) and another site's under the same
    number, the two Patients one citizen by the links. Kept once from each side, so each
    site pages its own (``desktop_app/wire/dose_clashes.py``); ``found_at`` strictly
    increases across the server, like ``RegisterVerdict.checked_at``. Gone when no longer
    true (a dose voided or renumbered, the Patients unlinked)."""

    __tablename__ = "dose_clash"

    immunization_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    other_immunization_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    patient_id: Mapped[str] = mapped_column(String(64))
    site_code: Mapped[str] = mapped_column(String(32))
    dose_number: Mapped[int] = mapped_column(Integer)
    dose_date: Mapped[date] = mapped_column(Date)
    other_patient_id: Mapped[str] = mapped_column(String(64))
    other_site_code: Mapped[str] = mapped_column(String(32))
    other_dose_date: Mapped[date] = mapped_column(Date)
    found_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_dose_clash_site_found", "site_code", "found_at"),
        Index("ix_dose_clash_found", "found_at"),
        Index("ix_dose_clash_patient", "patient_id"),
    )


# --- complaints ---------------------------------------------------------------------------

class Complaint(Base):
    """A citizen's complaint ("phản ánh"), as ``desktop_app/wire/complaints.py`` describes it:
    the submission and the resolution kept as their wire JSON, with the fields routing, the
    sites' pull and the dashboard select on pulled out. ``changed_at`` strictly increases
    across the server (like ``RegisterVerdict.checked_at``) so a site pages by it exactly.
    ``province_code`` / ``commune_code`` say where it is handled: the routed site's area, else
    the citizen's commune."""

    __tablename__ = "complaint"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    submission: Mapped[str] = mapped_column(Text)
    id_number: Mapped[str] = mapped_column(String(64))  # clean_id_number of the submission's
    received_at: Mapped[datetime] = mapped_column(DateTime)
    route: Mapped[str] = mapped_column(String(16))
    site_code: Mapped[str | None] = mapped_column(String(32))
    province_code: Mapped[str | None] = mapped_column(String(8))
    commune_code: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))
    escalated: Mapped[bool] = mapped_column(Boolean, default=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    resolution: Mapped[str | None] = mapped_column(Text)
    patient_ids: Mapped[str] = mapped_column(Text, default="[]")

    __table_args__ = (
        Index("ix_complaint_site_changed", "site_code", "changed_at"),
        Index("ix_complaint_changed", "changed_at"),
        Index("ix_complaint_id_number", "id_number"),
        Index("ix_complaint_status", "status", "received_at"),
    )


class ComplaintEntry(Base):
    """A hotline call a site filed, by the site's own entry id: the same upload repeated
    (its answer lost) finds the complaint it filed. A table of its own, as ``create_all``
    adds tables but no columns to a store made before."""

    __tablename__ = "complaint_entry"

    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(16))


class ComplaintReply(Base):
    """The province's (or central staff's) reply in words on a complaint a site holds
    (``wire.complaints.PROVINCE_REPLY``): the citizen and the site read it, and the
    complaint stays open for the site to add the dose or correct the record. Kept as its
    wire JSON; a table of its own, as ``create_all`` adds tables but no columns."""

    __tablename__ = "complaint_reply"

    code: Mapped[str] = mapped_column(ForeignKey("complaint.code"), primary_key=True)
    reply: Mapped[str] = mapped_column(Text)


class ComplaintDeparture(Base):
    """That a complaint left a site: handed back by the site as not its own, or moved by
    the province to another. The site it left still pulls its later changes, reduced to
    what anyone holding the code reads (``wire.complaints.departed``), and follows it by
    code (``filed``); its desk otherwise kept an open copy nobody answered. One row per
    (complaint, site): left again after coming back, the row says the latest leaving (the
    trail keeps each). A table of its own, as ``create_all`` adds tables but no columns."""

    __tablename__ = "complaint_departure"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # UTC: the site's clock, kept sane
    reason: Mapped[str] = mapped_column(Text)
    said_by: Mapped[str] = mapped_column(String(200), default="")  # the name the user gave
    label: Mapped[str] = mapped_column(String(100))  # the access code's label, dashboard:…

    __table_args__ = (Index("ix_complaint_departure_site", "site_code", "code"),)


class ComplaintMove(Base):
    """Each change of a complaint's holder after its filing: moved by the province (from a
    site, or from none, to a site) or handed back by a site (to none), when it left (the
    departure's moment). The answers-in-time table reads who held it when from these:
    ``complaint_departure`` keeps only a site's latest leaving. A table of its own, as
    ``create_all`` adds tables but no columns; none for moves made before it."""

    __tablename__ = "complaint_move"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime)
    from_site: Mapped[str | None] = mapped_column(String(32))  # None: the province held it
    to_site: Mapped[str | None] = mapped_column(String(32))  # None: handed back to it

    __table_args__ = (Index("ix_complaint_move_code", "code", "id"),)


class ComplaintMoveSaid(Base):
    """Why a complaint changed holder (``complaint_move``), and whose access code said
    it: the province's reason for a move and a site's for each hand-back, which
    ``complaint_departure`` (a site's latest leaving only) lost. A table of its own, as
    ``create_all`` adds tables but no columns; none for moves made before it."""

    __tablename__ = "complaint_move_said"

    move_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # complaint_move.id
    reason: Mapped[str] = mapped_column(Text)
    said_by: Mapped[str] = mapped_column(String(200), default="")  # the name the user gave
    label: Mapped[str] = mapped_column(String(100))  # the access code's label


class ComplaintReopening(Base):
    """A site withdrawing the answer it gave a complaint (the merge it named split again,
    ``wire.complaints.Reopening``): the complaint is open again, its 48 hours counted from
    ``at``, and the answer withdrawn is kept here, with why and whose access code said it.
    One row per reopening; the latest gives the deadline. A table of its own, as
    ``create_all`` adds tables but no columns to a store made before."""

    __tablename__ = "complaint_reopening"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(DateTime)  # UTC: the site's clock, kept sane
    site_code: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    said_by: Mapped[str] = mapped_column(String(200), default="")  # the name the user gave
    label: Mapped[str] = mapped_column(String(100))  # the access code's label
    withdrawn: Mapped[str] = mapped_column(Text)  # the answer's wire JSON, as it stood

    __table_args__ = (Index("ix_complaint_reopening_code", "code", "id"),)


class ComplaintEvent(Base):
    """Who filed, resolved or raised a complaint, by access code, on the platform's clock:
    the complaint row keeps what the citizen and the site said (a resolution's
    ``resolved_by`` is the name the site typed); this keeps whose code said it."""

    __tablename__ = "complaint_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(16))
    # filed | resolved | escalated | replied | handed_back | rerouted | reopened
    action: Mapped[str] = mapped_column(String(16))
    site_code: Mapped[str | None] = mapped_column(String(32))  # None: central or the web
    label: Mapped[str] = mapped_column(String(100))  # the access code's label, web, platform
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_complaint_event_code", "code", "id"),)


# --- the administrator's actions -----------------------------------------------------------

class AdminAction(Base):
    """What the platform's administrator did at the server (``vaxdesk-central``): sites,
    tokens, signing keys, the register, staff's link decisions. Who, as the operator named
    it or the server's login; never a token or a password."""

    __tablename__ = "admin_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # UTC
    operator: Mapped[str] = mapped_column(String(100))
    command: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200))  # the site, key, file or pair
    details: Mapped[str] = mapped_column(Text)  # JSON: the options given, the outcome


class SiteLookup(Base):
    """A site's look at other sites' people: a cross-site search by a citizen's ID number
    (``lookup_log.py``). What was asked and how many records came back, never the records;
    a refusal over the hourly limit is kept too (once per run of refusals)."""

    __tablename__ = "site_lookup"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # UTC
    site_code: Mapped[str] = mapped_column(String(32))
    resource_type: Mapped[str] = mapped_column(String(16))  # Patient, Immunization, Complaint
    asked: Mapped[str] = mapped_column(String(300))  # the identifier(s) searched
    results: Mapped[int] = mapped_column(Integer)  # records answered (0 when refused)
    refused: Mapped[bool] = mapped_column(Boolean, default=False)

    # By site and time: the hourly limit and the dashboard. By time alone: the daily prune
    # of entries past their keeping (lookup_log.prune), which otherwise read the whole log.
    __table_args__ = (Index("ix_site_lookup_site_at", "site_code", "at"),
                      Index("ix_site_lookup_at", "at"))


# --- sites' audit trails, anchored ----------------------------------------------------------

class AuditAnchor(Base):
    """Where a site's audit chain ended at a sync round (``audit_anchors.py``): the entry's
    id and hash, out of reach of whoever holds the site's database passphrase."""

    __tablename__ = "audit_anchor"

    site_code: Mapped[str] = mapped_column(ForeignKey("site.code"), primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime)  # UTC


class AuditAlarm(Base):
    """A site's audit trail no longer agreeing with what it anchored: an entry changed or
    gone, or its end moved back. ``details``: JSON of what differed."""

    __tablename__ = "audit_alarm"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # UTC, when the round told it
    site_code: Mapped[str] = mapped_column(ForeignKey("site.code"))
    kind: Mapped[str] = mapped_column(String(16))  # changed | missing | backwards
    entry_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_audit_alarm_site_at", "site_code", "at"),)


# --- certificate revocations --------------------------------------------------------------

class RevokedCertificate(Base):
    """A certificate a site revoked (its dose or person was corrected), kept only as the
    EU DCC "UCI" hash the trust list publishes (``desktop_app/wire/revocations.py``)."""

    __tablename__ = "revoked_certificate"

    uci_hash: Mapped[str] = mapped_column(String(32), primary_key=True)  # base64, 16 bytes
    site_code: Mapped[str] = mapped_column(ForeignKey("site.code"))
    revoked_at: Mapped[datetime] = mapped_column(DateTime)  # at the site
    reason: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[datetime] = mapped_column(DateTime)


# --- the provincial dashboard -------------------------------------------------------------
# The provincial dashboard (central_server/dashboard/): aggregates kept up to date as data
# arrives, so no page ever counts the raw resources.


TALLY_FILLFACTOR = 70


class ReceivedDay(Base):
    """Completed doses received, per site and day of injection; kept exact by every FHIR
    write in the same transaction (``dashboard/tally.py``): completeness over a year of a
    province reads ~365 rows a site."""

    __tablename__ = "received_day"
    # Every batch adds to rows already there: room left on each page lets PostgreSQL update
    # a count in place (a HOT update) without a new index entry per update.
    __table_args__ = {"postgresql_with": {"fillfactor": TALLY_FILLFACTOR}}

    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class VoidedOnArrivalDay(Base):
    """Doses whose first version reached the platform already entered in error, per site
    and day of injection (``dashboard/tally.record_voided``): voided on the laptop before
    they were ever sent, they count on neither side of completeness, so a site voiding
    its unsent backlog would read complete; the sites table shows how many. Only while
    they stay voided (a restored one counts as received). ``voided_on_arrival_day``, its
    name before that rule, is counted again under this one (``engine._create``)."""

    __tablename__ = "voided_unsent_day"
    __table_args__ = {"postgresql_with": {"fillfactor": TALLY_FILLFACTOR}}

    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class SiteDay(Base):
    """What a site says it recorded on a day of injection, and where those doses stand in
    its upload (``wire/site_report.py``), as its latest report naming the day said; a day
    a later report covers without naming it had lost its doses and is gone."""

    __tablename__ = "site_day"

    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    recorded: Mapped[int] = mapped_column(Integer)
    synced: Mapped[int] = mapped_column(Integer)
    rejected: Mapped[int] = mapped_column(Integer)
    pending: Mapped[int] = mapped_column(Integer)
    reported_at: Mapped[datetime] = mapped_column(DateTime)


class SiteReportMark(Base):
    """When the site's report now standing was made, on the platform's clock
    (``dashboard/site_reports.py``): a report made before it changes nothing. A table of
    its own, as ``create_all`` adds tables but no columns to a store made before."""

    __tablename__ = "site_report_mark"

    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    made_at: Mapped[datetime] = mapped_column(DateTime)


class BacklogPoint(Base):
    """A site's backlog on the day it reported (in Vietnam, on the platform's clock; the
    day's last report wins): doses recorded and not on the platform (waiting or refused)
    and open cleaning cases. It stands until the site's next point."""

    __tablename__ = "backlog_point"

    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    pending: Mapped[int] = mapped_column(Integer)
    not_clean: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_backlog_day", "day"),)


class SiteProblem(Base):
    """A site's open cleaning cases per problem code, as of its latest report."""

    __tablename__ = "site_problem"

    site_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    problem_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class StaffUser(Base):
    """A commune, district or province officer who reads the dashboard for their area.
    ``failed`` and ``locked_until`` are no longer used: wrong passwords are counted in
    ``LoginFailure`` for every name typed, known or not. They stay because stores made
    before have them (``failed`` NOT NULL), and ``create_all`` drops no column."""

    __tablename__ = "staff_user"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(16))  # province | district | commune
    area_code: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


class LoginFailure(Base):
    """Wrong passwords at the dashboard's sign-in, by the name typed, whether a staff user
    has that name or not (``dashboard/staff.py``): ``failed`` since the last success, and
    no try before ``locked_until``. Only a keyed fingerprint of the name is kept
    (``dashboard/login_names.py``): people type their password into the name box, and
    anyone may type anything there."""

    __tablename__ = "login_failure"

    name_key: Mapped[str] = mapped_column(String(12), primary_key=True)
    failed: Mapped[int] = mapped_column(Integer)
    locked_until: Mapped[datetime] = mapped_column(DateTime, index=True)


class StaffDisabled(Base):
    """A staff login that may no longer sign in (``vaxdesk-central staff disable``): its
    sessions were ended with it, and ``staff_for`` refuses any left. A table of its own, as
    ``create_all`` adds tables but no columns to a store made before; ``enable`` deletes
    the row."""

    __tablename__ = "staff_disabled"

    username: Mapped[str] = mapped_column(ForeignKey("staff_user.username"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)  # UTC


class StaffSignIn(Base):
    """Each sign-in at the dashboard and each refusal (``dashboard/staff.py``): a wrong
    password, a disabled login, a try while the name waits (once per run of them). The
    name in full only when a staff user has it; for any other name only its fingerprint,
    as ``LoginFailure`` keeps it: people type their password into the name box. Never the
    password. Kept ``staff.SIGN_IN_DAYS``."""

    __tablename__ = "staff_sign_in"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # UTC
    name_key: Mapped[str] = mapped_column(String(12), index=True)  # login_names.name_key
    username: Mapped[str | None] = mapped_column(String(64))  # None: no staff user has it
    outcome: Mapped[str] = mapped_column(String(16))  # staff.SIGNED_IN, WRONG, ...


class ServerKey(Base):
    """A secret the server made for itself on its first start, one row a purpose: the key
    of the sign-in names' fingerprints (``dashboard/login_names.py``)."""

    __tablename__ = "server_key"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime)  # UTC


class StaffSession(Base):
    """A signed-in browser: only the SHA-256 of its cookie is kept."""

    __tablename__ = "staff_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("staff_user.username"))
    expires_at: Mapped[datetime] = mapped_column(DateTime)
