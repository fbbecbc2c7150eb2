"""The whole audit trail as the supervisor reads it in the app (Settings → Audit trail):
newest first, a page at a time, one account's or everyone's, each entry in the same words
as the CSV export and a record's history (``audit.describe``, ``audit.record_names``).
Before, the trail could only be read through ``vaxdesk audit export`` and a spreadsheet.

A supervisor's, as the export is: it shows names and ID numbers of everyone the laptop
holds. Reading it is not audited (it changes nothing); exporting it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from desktop_app.clock import local_time, utc_bounds
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, User
from desktop_app.rules.field_values import account_words
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.audit import describe, kind_words, record_names, record_words

PAGE = 200


@dataclass(frozen=True)
class TrailEntry:
    id: int
    at: str  # local time, dd/mm/yyyy hh:mm
    who: str  # the account's login and name (account_words); "" for the laptop's own work
    record: str
    what: str


@dataclass(frozen=True)
class TrailPage:
    entries: list[TrailEntry]
    older: int | None  # the id to ask the next page before; None: this is the oldest


def trail_page(db: Database, lang: str, *, actor: Actor, before: int | None = None,
               user_id: str | None = None, until: date | None = None,
               size: int = PAGE) -> TrailPage:
    """The ``size`` entries before entry ``before`` (None: the newest), of ``user_id``'s
    account only if given, written on local day ``until`` or before if given (a month
    back was dozens of "older entries" pages on a busy site), newest first."""
    require(actor, *SUPERVISORS)
    query = (select(AuditEntry, User.username, User.full_name)
             .outerjoin(User, User.id == AuditEntry.user_id)
             .order_by(AuditEntry.id.desc()).limit(size + 1))
    if before is not None:
        query = query.where(AuditEntry.id < before)
    if until is not None:
        query = query.where(AuditEntry.at < utc_bounds(until, until)[1])
    if user_id is not None:
        query = query.where(AuditEntry.user_id == user_id)
    with db.reading() as s:
        rows = s.execute(query).all()
        page = rows[:size]
        named = record_names(s, [entry for entry, *_who in page], lang)
    entries = []
    for entry, username, full_name in page:
        # On screen a record named needs no id (the CSV keeps both, for the CLI and scripts).
        name = named.get((entry.entity, entry.entity_id))
        record = f"{kind_words(entry.entity, lang)}: {name}" if name else \
            record_words(entry.entity, entry.entity_id, lang)
        entries.append(TrailEntry(
            entry.id, local_time(entry.at), account_words(username, full_name), record,
            describe(entry.action, json.loads(entry.details or "{}"), lang, db.catalogue)))
    return TrailPage(entries, page[-1][0].id if len(rows) > size else None)
