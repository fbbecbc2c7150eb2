"""The tables of a site database, as typed SQLAlchemy models.

Nothing is ever deleted: a wrong dose is voided with a reason, and every change leaves an
audit entry. Each person and dose has a ``sync_record`` row (the outbox) that the sync engine
walks; a write and its outbox entry always commit together (see ``store``).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Named constraints so Alembic batch migrations on SQLite can find them again.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Site(Base):
    __tablename__ = "site"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    province_code: Mapped[str | None] = mapped_column(String(8))
    district_code: Mapped[str | None] = mapped_column(String(8))
    commune_code: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))  # clerk | volunteer | supervisor
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # Argon2id, PHC string
    failed_logins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_failed_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("role IN ('clerk', 'volunteer', 'supervisor')", name="role"),
    )


class LoginNameWait(Base):
    """Failed logins with a name no account has, counted as an account's are (migration
    0023, ``services/login_waits.py``), so that waiting tells nobody which names exist.
    Only the name's keyed fingerprint is kept; rows are forgotten oldest first past a
    bound, being bookkeeping, not records."""

    __tablename__ = "login_name_wait"

    name_key: Mapped[str] = mapped_column(String(12), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(Integer)
    last_failed_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # naive UTC
    # The end of the wait whose "login_wait" audit entry is written (one per wait).
    wait_audited_until: Mapped[datetime | None] = mapped_column(DateTime)


class VaccineProduct(Base):
    """A product of the catalogue; rows are refreshed from ``resources/vaccines.json``."""

    __tablename__ = "vaccine_product"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    manufacturer: Mapped[str] = mapped_column(String(200))
    eu_mp: Mapped[str] = mapped_column(String(64))
    eu_ma: Mapped[str] = mapped_column(String(128))
    eu_vp: Mapped[str] = mapped_column(String(32))
    primary_doses: Mapped[int] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(default=True)


class Lot(Base):
    __tablename__ = "lot"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    product_code: Mapped[str] = mapped_column(ForeignKey("vaccine_product.code"))
    lot_number: Mapped[str] = mapped_column(String(64))
    expiry_date: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (UniqueConstraint("product_code", "lot_number", name="uq_lot_product"),)


class Person(Base):
    __tablename__ = "person"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    full_name: Mapped[str] = mapped_column(String(200))
    # Folded (no diacritics, đ->d, lower case): what name searches compare against.
    name_key: Mapped[str] = mapped_column(String(200))
    dob: Mapped[date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    id_type: Mapped[str] = mapped_column(String(16))
    id_number: Mapped[str | None] = mapped_column(String(32))
    no_id_reason: Mapped[str | None] = mapped_column(String(32))
    nationality: Mapped[str | None] = mapped_column(String(3))
    phone: Mapped[str | None] = mapped_column(String(16))
    address: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # Rule codes (comma-separated) that put this person on the data-cleaning list; NULL = clean.
    cleaning_reason: Mapped[str | None] = mapped_column(String(200))
    # Set by the central platform (pulled by the sync), never by the desk.
    identity_verified: Mapped[bool] = mapped_column(default=False, server_default=text("0"))
    # Set when a complaint's merge folded this record into another (issue #16): the person
    # is kept (nothing is deleted) and sent as an inactive Patient "replaced-by" that one.
    merged_into: Mapped[str | None] = mapped_column(String(36))
    # The latest active dose by (date, number), kept by triggers on dose (migration 0014),
    # never by Python: what a search hit shows, read from the name index alone.
    last_dose_number: Mapped[int | None] = mapped_column(Integer)
    last_dose_date: Mapped[date | None] = mapped_column(Date)
    last_product_code: Mapped[str | None] = mapped_column(String(32))
    # The old 9-digit CMND the chip card's QR still carries, beside the CCCD in id_number
    # (migration 0017): a person registered under it is found by scanning the new card.
    old_id_number: Mapped[str | None] = mapped_column(String(32))
    # The import that created this person (migration 0019), set by the bulk writer only.
    import_batch_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("sex IN ('M', 'F')", name="sex"),
        CheckConstraint("id_type IN ('CCCD', 'CMND', 'PASSPORT', 'NONE')", name="id_type"),
        # Covering: a name search reads its 20 hits and their last doses from the index
        # alone, not 20 table pages and 20 dose-index pages (each a page decrypted, with
        # SQLCipher). Kept in step with search_people; folded people are not searched.
        Index("ix_person_name_key", "name_key", "dob", "id", "full_name", "sex", "id_type",
              "id_number", "phone", "last_dose_number", "last_dose_date", "last_product_code",
              sqlite_where=text("merged_into IS NULL")),
        Index("ix_person_id_number", "id_number"),
        Index("ix_person_phone", "phone"),
        Index("ix_person_old_id_number", "old_id_number",
              sqlite_where=text("old_id_number IS NOT NULL")),
        # A phone by its last digits: the last four, then the phone (migration 0017).
        Index("ix_person_phone_tail", func.substr(text("phone"), -4), "phone",
              sqlite_where=text("merged_into IS NULL AND phone IS NOT NULL")),
        # The worklist's own lists (foreigners, no document): few rows among a million.
        Index("ix_person_special_id", "id_type",
              sqlite_where=text("id_type IN ('PASSPORT', 'NONE')")),
        Index(
            "ix_person_needs_cleaning",
            "cleaning_reason",
            sqlite_where=text("cleaning_reason IS NOT NULL"),
        ),
    )


class PersonNameWord(Base):
    """One word of a person's folded name, kept by triggers on person (migration 0017):
    names found by any word, in any order. Given name first (rank 0), then by name."""

    __tablename__ = "person_name_word"

    word: Mapped[str] = mapped_column(Text, primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, primary_key=True)
    name_key: Mapped[str] = mapped_column(Text, primary_key=True)
    dob: Mapped[str] = mapped_column(Text, primary_key=True)  # ISO date, '' when unknown
    person_id: Mapped[str] = mapped_column(String(36), primary_key=True)

    __table_args__ = ({"sqlite_with_rowid": False},)


class PersonNameWordCount(Base):
    """How many people have each name word, kept by the same triggers: a search starts from
    its rarest typed word."""

    __tablename__ = "person_name_word_count"

    word: Mapped[str] = mapped_column(Text, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)

    __table_args__ = ({"sqlite_with_rowid": False},)


class Dose(Base):
    __tablename__ = "dose"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    product_code: Mapped[str] = mapped_column(ForeignKey("vaccine_product.code"))
    lot_number: Mapped[str | None] = mapped_column(String(64))
    dose_number: Mapped[int] = mapped_column(Integer)
    dose_date: Mapped[date] = mapped_column(Date)
    vaccinator: Mapped[str | None] = mapped_column(String(200))
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    source: Mapped[str] = mapped_column(String(16))  # desk | backfill | import
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | voided
    void_reason: Mapped[str | None] = mapped_column(Text)
    # Where a backfilled dose was given, as its source names it (None: at this site).
    facility_name: Mapped[str | None] = mapped_column(String(200))
    # Device clock at entry; kept apart from the date of the dose for late entries and audits.
    entered_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # The import that wrote this dose (migration 0019; no foreign key, the migration says
    # why), set by the bulk writer only: how an import is undone as a whole.
    import_batch_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("status IN ('active', 'voided')", name="status"),
        CheckConstraint("source IN ('desk', 'backfill', 'import')", name="source"),
        CheckConstraint("status = 'active' OR void_reason IS NOT NULL", name="void_reason"),
        # The same dose number twice for one person is an error; a voided dose frees its number.
        Index(
            "uq_dose_person_number_active",
            "person_id",
            "dose_number",
            unique=True,
            sqlite_where=text("status = 'active'"),
        ),
        # Covering for a hit's last dose (search) and a person's history.
        Index("ix_dose_person_date", "person_id", "dose_date", "dose_number", "product_code",
              "status"),
        Index("ix_dose_date", "dose_date"),
        Index("ix_dose_product_date", "product_code", "dose_date", "id"),
        Index("ix_dose_import_batch", "import_batch_id",
              sqlite_where=text("import_batch_id IS NOT NULL")),
    )


class ImportBatch(Base):
    """One import of a spreadsheet (migration 0019): the file, who and when, how it ended
    and what it counted. Its people and doses carry its id, so it can be undone whole."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    file_name: Mapped[str] = mapped_column(String(260))
    sheet: Mapped[str] = mapped_column(String(200))
    site_id: Mapped[str] = mapped_column(ForeignKey("site.id"))
    user_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # running (or killed before its end) | done | stopped (the Stop button) | failed
    outcome: Mapped[str] = mapped_column(String(16))
    counts: Mapped[str | None] = mapped_column(Text)  # JSON: the report's counts
    people: Mapped[int] = mapped_column(Integer)  # people it created
    undone_at: Mapped[datetime | None] = mapped_column(DateTime)
    undone_by: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))

    __table_args__ = (
        CheckConstraint("outcome IN ('running', 'done', 'stopped', 'failed')", name="outcome"),
        Index("ix_import_batch_started_at", "started_at"),
    )


class CleaningCase(Base):
    """Where a person stands on the identity-cleaning worklist (issue #15).

    Which problems a person has is not stored here: it is ``person.cleaning_reason`` (the
    rules' codes) plus the register verdict below, so a correction that clears the codes
    takes the person off the list with no second place to keep in step. A row exists once
    someone has worked on the person or the central platform has judged them.
    """

    __tablename__ = "cleaning_case"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    status_at: Mapped[datetime] = mapped_column(DateTime)
    status_by: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)  # last sent for verification
    # The population register's verdict, pulled from the central platform (wire/register.py).
    register_verdict: Mapped[str | None] = mapped_column(String(16))
    register_fields: Mapped[str | None] = mapped_column(String(64))  # comma-separated
    register_checked_at: Mapped[datetime | None] = mapped_column(DateTime)
    register_version: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        CheckConstraint("status IN ('to_check', 'contacted', 'sent', 'returned', 'fixed', "
                        "'cannot_verify')", name="status"),
        Index("ix_cleaning_case_status", "status", "sent_at"),
    )


class ExternalDose(Base):
    """A dose another site gave a person, as the central platform told us (issue #15).

    Kept apart from ``dose``: it is not ours to sync, correct or void, but it counts when
    the desk numbers the next dose and shows the history.
    """

    __tablename__ = "external_dose"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the Immunization id
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    site_code: Mapped[str | None] = mapped_column(String(32))
    product_code: Mapped[str] = mapped_column(String(32))
    dose_number: Mapped[int] = mapped_column(Integer)
    dose_date: Mapped[date] = mapped_column(Date)
    lot_number: Mapped[str | None] = mapped_column(String(64))
    fetched_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_external_dose_person", "person_id", "dose_date"),)


class ElsewhereCheck(Base):
    """When the central platform last answered for a person's doses at other sites
    (migration 0021): set when the person is brought, and at each refresh the platform
    answers (``services/lookup_refresh.py``). A row marks a person whose other sites'
    doses the desk asks again about (even with none left: a further dose may come).
    Not ``external_dose.fetched_at``: that is when a dose was brought or last changed,
    which the certificates printed since are revoked by."""

    __tablename__ = "elsewhere_check"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), primary_key=True)
    # Naive UTC. Confirmed: the platform's answer for the person was taken (what the card
    # says when it cannot be asked). Asked: the platform last answered at all (nobody
    # under the number too), what "not more than once per few minutes" counts from.
    confirmed_at: Mapped[datetime] = mapped_column(DateTime)
    asked_at: Mapped[datetime] = mapped_column(DateTime)


class Complaint(Base):
    """A citizen's complaint at this site (issue #16), as pulled from the central platform
    or taken here by phone (``wire/complaints.py``). ``local_id`` exists before central
    gives the complaint its code; ``send_state`` is what the next sync owes central."""

    __tablename__ = "complaint"

    local_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str | None] = mapped_column(String(16), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    id_number: Mapped[str] = mapped_column(String(32))
    full_name: Mapped[str] = mapped_column(String(200))
    dob: Mapped[date | None] = mapped_column(Date)
    phone: Mapped[str] = mapped_column(String(16), default="")
    dose_number: Mapped[int | None] = mapped_column(Integer)
    dose_date: Mapped[date | None] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200), default="")
    commune_code: Mapped[str | None] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(8))
    received_at: Mapped[datetime] = mapped_column(DateTime)
    route: Mapped[str | None] = mapped_column(String(16))  # None until central routed it
    site_code: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    escalated: Mapped[bool] = mapped_column(default=False)
    changed_at: Mapped[datetime] = mapped_column(DateTime)
    person_id: Mapped[str | None] = mapped_column(ForeignKey("person.id"))
    action: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    resolved_by: Mapped[str | None] = mapped_column(String(200))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolution_person_id: Mapped[str | None] = mapped_column(String(36))
    dose_ids: Mapped[str | None] = mapped_column(Text)  # JSON list of dose ids
    merged_id: Mapped[str | None] = mapped_column(String(36))
    send_state: Mapped[str] = mapped_column(String(24), default="none")
    send_problem: Mapped[str | None] = mapped_column(String(64))  # a message code
    # The province's reply in words while the complaint stays the site's (migration 0022):
    # the wire JSON of ``wire.Complaint.province_reply``; it closes nothing here.
    province_reply: Mapped[str | None] = mapped_column(Text)
    # Central's resolution while this site's was refused for it (409, migration 0026): the
    # wire JSON of what the citizen reads, beside the site's own.
    central_resolution: Mapped[str | None] = mapped_column(Text)
    # The site's word that it is not its own (migration 0028): the wire JSON of
    # ``wire.HandBack``; state ``to_send``, ``sent`` or ``refused`` (the problem's code).
    hand_back: Mapped[str | None] = mapped_column(Text)
    hand_back_state: Mapped[str | None] = mapped_column(String(16))
    hand_back_problem: Mapped[str | None] = mapped_column(String(64))
    # When the platform took this site's answer (its clock, migration 0030): the 48 hours
    # end there, not when the answer was typed offline.
    answer_reached_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Moved here by the province, and why (migration 0031): wire ``MovedHere`` as JSON.
    moved_here: Mapped[str | None] = mapped_column(Text)
    # The site's answer withdrawn (its merge split again, migration 0033): the wire JSON of
    # ``wire.Reopening``; state ``to_send``, ``sent`` or ``refused`` (the problem's code),
    # none while the answer withdrawn never reached central. ``reopened_at``: when its 48
    # hours start again (the split's moment here, then central's), None: never reopened.
    reopen: Mapped[str | None] = mapped_column(Text)
    reopen_state: Mapped[str | None] = mapped_column(String(16))
    reopen_problem: Mapped[str | None] = mapped_column(String(64))
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("send_state IN ('none', 'hotline_to_send', 'resolution_to_send', "
                        "'sent', 'conflict')", name="send_state"),
        Index("ix_complaint_send_state", "send_state"),
        Index("ix_complaint_id_number", "id_number"),
    )


class AuditEntry(Base):
    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    action: Mapped[str] = mapped_column(String(16))  # create | update | void
    entity: Mapped[str] = mapped_column(String(16))  # person | dose | site ...
    entity_id: Mapped[str] = mapped_column(String(36))
    details: Mapped[str | None] = mapped_column(Text)  # JSON of the changed fields
    # Set by the audit_entry_chain trigger (db/audit_chain.py), never by Python.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),
                      Index("ix_audit_user", "user_id", "id"))  # migration 0029


class AuditHead(Base):
    """The audit chain's end: how many entries, the last one's id and hash (one row)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    last_id: Mapped[int | None] = mapped_column(Integer)
    hash: Mapped[str | None] = mapped_column(String(64))


class SyncRecord(Base):
    """Outbox and sync bookkeeping: one row per syncable record.

    ``local_version`` grows with every local change; ``synced_version`` is the local version
    the server last acknowledged, so a record needs pushing while they differ.
    """

    __tablename__ = "sync_record"

    entity: Mapped[str] = mapped_column(String(16), primary_key=True)  # person | dose
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    local_version: Mapped[int] = mapped_column(Integer, default=1)
    synced_version: Mapped[int] = mapped_column(Integer, default=0)
    server_version: Mapped[str | None] = mapped_column(String(64))
    last_error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(DateTime)  # device time of the last change
    server_received_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_version: Mapped[int | None] = mapped_column(Integer)
    # The central platform's copy (FHIR JSON) while the record is in conflict.
    server_body: Mapped[str | None] = mapped_column(Text)
    # {local version: content digest} of versions sent since the last acknowledged one
    # (kept): how a server copy is known as our own write (migration 0015).
    sent_digests: Mapped[str | None] = mapped_column(Text)
    # The elements of the last central copy taken that the laptop does not write (another
    # system's identifiers, codings, fields: ``wire/foreign.py``), FHIR JSON; sent back
    # with every update of the record (migration 0024). NULL: none.
    foreign_body: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(
            "state IN ('pending', 'sending', 'synced', 'rejected', 'conflict')", name="state"
        ),
        Index("ix_sync_record_state", "state"),
        Index("ix_sync_record_queue", "entity", "state", "changed_at"),
        # Those whose other systems' elements are not known yet (migration 0025).
        Index("ix_sync_record_foreign_unknown", "entity", "record_id",
              sqlite_where=text("foreign_body = '?'")),
    )


class SyncCounter(Base):
    """Rows per outbox state, maintained by triggers on ``sync_record`` (migration 0003)."""

    __tablename__ = "sync_counter"

    state: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ReportDoseDay(Base):
    """Active doses per day, product, dose number and age on that day (-1: no date of
    birth), kept by triggers (migration 0013) so a year's report reads a few thousand rows."""

    __tablename__ = "report_dose_day"

    dose_date: Mapped[date] = mapped_column(Date, primary_key=True)
    product_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    dose_number: Mapped[int] = mapped_column(Integer, primary_key=True)
    age: Mapped[int] = mapped_column(Integer, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ReportSyncDay(Base):
    """Active doses per day and upload state (synced | rejected | pending), kept by
    triggers on ``dose`` and ``sync_record`` (migration 0013)."""

    __tablename__ = "report_sync_day"

    dose_date: Mapped[date] = mapped_column(Date, primary_key=True)
    state: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class ReportChangedDay(Base):
    """A day whose tallies changed since the platform last took a site report naming it,
    and how many changes (migration 0020): a report names it beside its window of days
    (``sync/site_report.py``)."""

    __tablename__ = "report_changed_day"

    dose_date: Mapped[date] = mapped_column(Date, primary_key=True)
    changes: Mapped[int] = mapped_column(Integer)


class Setting(Base):
    """Small local settings that belong with the data (the current site, the day's defaults)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class CertificateIssue(Base):
    """Every certificate this site signed, by UVCI, and whether it was revoked (issue #16).

    A void or a correction of what the certificate prints revokes it in the same
    transaction; ``revocation_sent_at`` stays NULL until the central platform has it, which
    publishes it with the trust list (``wire/revocations.py``).
    """

    __tablename__ = "certificate_issue"

    uvci: Mapped[str] = mapped_column(String(80), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    dose_id: Mapped[str] = mapped_column(ForeignKey("dose.id"))  # the dose its QR carries
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    issued_by: Mapped[str | None] = mapped_column(ForeignKey("app_user.id"))
    kid: Mapped[str] = mapped_column(String(16))  # hex of the signer's key id
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoke_reason: Mapped[str | None] = mapped_column(String(32))
    revocation_sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The last print (a reprint keeps the UVCI; its paper lists the doses as they are
    # then): what a void or correction is judged against (migration 0027).
    printed_at: Mapped[datetime | None] = mapped_column(
        DateTime, default=lambda ctx: ctx.get_current_parameters()["issued_at"])

    __table_args__ = (
        Index("ix_certificate_issue_person", "person_id", "revoked_at"),
        Index("ix_certificate_issue_dose", "dose_id"),
        # The sync's queue: revoked, not yet sent. Few rows among all issued.
        Index("ix_certificate_issue_unsent", "revoked_at",
              sqlite_where=text("revoked_at IS NOT NULL AND revocation_sent_at IS NULL")),
    )


class Screening(Base):
    """The pre-vaccination checklist as answered for one person (migration 0016)."""

    __tablename__ = "screening"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"))
    screened_at: Mapped[datetime] = mapped_column(DateTime)
    answers: Mapped[str] = mapped_column(Text)  # JSON list of the item codes answered yes
    outcome: Mapped[str] = mapped_column(String(16))  # eligible | postpone | refer
    reason: Mapped[str | None] = mapped_column(Text)
    screened_by: Mapped[str | None] = mapped_column(String(36))
    # Taken off this record with the dose voided as given to another person, and why
    # (migration 0032); None: it stands.
    void_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("outcome IN ('eligible', 'postpone', 'refer')", name="outcome"),
        Index("ix_screening_screened_at", "screened_at"),
        Index("ix_screening_person_id", "person_id", "screened_at"),
    )


class Observation(Base):
    """The 30 minutes after a desk dose; ``ended_at`` set when the clerk lets them go."""

    __tablename__ = "observation"

    dose_id: Mapped[str] = mapped_column(ForeignKey("dose.id"), primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_observation_open", "started_at", sqlite_where=text("ended_at IS NULL")),
    )


class DoseReaction(Base):
    """A reaction after a dose; sent on the dose's Immunization as ``reaction``."""

    __tablename__ = "dose_reaction"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    dose_id: Mapped[str] = mapped_column(ForeignKey("dose.id"))
    severity: Mapped[str] = mapped_column(String(8))  # mild | serious
    onset_at: Mapped[datetime] = mapped_column(DateTime)
    description: Mapped[str] = mapped_column(Text)
    action_taken: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    recorded_by: Mapped[str | None] = mapped_column(String(36))

    __table_args__ = (
        CheckConstraint("severity IN ('mild', 'serious')", name="severity"),
        Index("ix_dose_reaction_dose_id", "dose_id"),
        Index("ix_dose_reaction_onset_at", "onset_at"),
    )
