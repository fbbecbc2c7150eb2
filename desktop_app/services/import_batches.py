"""Each spreadsheet import recorded as a batch (``import_batch``, migration 0019): begun
before its first chunk is written, so every person and dose it writes carries the batch's
id (the bulk writer puts it in each row), and finished with how it ended and its counts.
``imports_page`` lists them, newest first, a page at a time with how many older ones are
left, for the Backfill screen and ``vaxdesk imports``;
``services/import_undo.py`` undoes one.

An import and an undo never run at once on a database (``claim``): an import's rows were
judged duplicates of the doses an undo was voiding, and stored nothing, and an undo of an
import still running voided its first chunks only and called it undone."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from desktop_app.clock import local_time, utc_now
from desktop_app.db.database import Database
from desktop_app.db.interrupted_imports import stored_by
from desktop_app.db.models import AuditEntry, Dose, ImportBatch, User
from desktop_app.rules.messages import LANGUAGES, text
from desktop_app.rules.numbers import count
from desktop_app.services.actor import BACKFILLERS, Actor, require
from desktop_app.services.backfill_report import ImportReport
from desktop_app.services.errors import RecordNotFound

RECENT = 50  # imports the list shows: a site makes a few a campaign, not hundreds
IMPORT, UNDO = "import", "undo"  # what ``claim`` claims

# The imports and the undos running on each database file, their files' names: one
# process holds a file (db/instance_lock.py), so this process's are all there are.
_running: dict[Path, dict[str, list[str]]] = {}
_guard = threading.Lock()


@dataclass(frozen=True)
class ImportSummary:
    id: int
    file_name: str
    sheet: str
    started_at: datetime
    by: str  # who imported (their full name; "" for the test and bench actor)
    # running | done | stopped | failed: a killed one is closed at the next open, failed
    # unless its last chunk was stored (db/interrupted_imports.py)
    outcome: str
    # The report's, by outcome; a failed one's only "imported": the doses it stored.
    counts: dict[str, int] = field(default_factory=dict)
    people: int = 0  # people it created (a failed one: those it stored)
    undone_at: datetime | None = None
    undone_by: str = ""
    # Not undone, yet doses voided by an undo of it (their reason its, ``undo_reason``):
    # an undo stopped part-way, the rest of the import still counted.
    undo_voided: int = 0
    undo_stopped: bool = False  # an undo began on it and did not finish (what it voided above)

    @property
    def stored(self) -> int:
        """Doses it stored, as its report counted them (a wide row holds several)."""
        return self.counts.get("imported", 0) + self.counts.get("flagged", 0)


def begin(db: Database, file_name: str, sheet: str, site_id: str, now: datetime, *,
          actor: Actor) -> int:
    """A new batch, ``running`` until ``finish``: its id goes into every row written."""
    require(actor, *BACKFILLERS)
    with db.transaction() as s:
        batch = ImportBatch(file_name=file_name, sheet=sheet, site_id=site_id,
                            user_id=actor.user_id, started_at=now, outcome="running",
                            people=0)
        s.add(batch)
        s.flush()
        return batch.id


def claim(db: Database, what: str, file_name: str) -> str | None:
    """Mark an ``IMPORT`` or an ``UNDO`` (of the import of ``file_name``) running on ``db``,
    until ``release``; unless one of the other kind runs: then nothing is claimed and the
    name of its file is returned, for the refusal to name. Imports run beside imports,
    undos beside undos."""
    with _guard:
        running = _running.setdefault(_key(db), {IMPORT: [], UNDO: []})
        other = running[UNDO if what == IMPORT else IMPORT]
        if other:
            return other[0]
        running[what].append(file_name)
        return None


def release(db: Database, what: str, file_name: str) -> None:
    """The ``claim`` of an import or an undo that has ended."""
    with _guard:
        _running[_key(db)][what].remove(file_name)


def importing(db: Database) -> str | None:
    """The file of an import running on ``db``, if any."""
    with _guard:
        return next(iter(_running.get(_key(db), {}).get(IMPORT, [])), None)


def _key(db: Database) -> Path:
    return Path(db.path).resolve()


def finish(db: Database, batch_id: int, report: ImportReport, *, actor: Actor) -> None:
    """How the import ended and what it counted.

    A failure part-way (the writer killed, the disk full) counts what its committed chunks
    stored, from the database, as an import killed outright is counted at the next open
    (``interrupted_imports.stored_by``): its report's counts are the rows *read*, chunks
    never committed among them, and stay in its audit entry only."""
    require(actor, *BACKFILLERS)
    outcome = "failed" if report.failed else "stopped" if report.cancelled else "done"
    with db.transaction() as s:
        batch = s.get(ImportBatch, batch_id)
        batch.finished_at = utc_now()
        batch.outcome = outcome
        if report.failed:
            stored, batch.people = stored_by(s, batch_id)
            batch.counts = json.dumps({"imported": stored})  # flagged among them: not known
        else:
            batch.counts = json.dumps(report.counts)
            batch.people = report.people_created


def recount(db: Database, batch_id: int | None, counts: dict[str, int], *,
            actor: Actor) -> None:
    """The import's counts once the supervisor answered its held corrections
    (``backfill_corrections``): the list says how many rows corrected people."""
    require(actor, *BACKFILLERS)
    if batch_id is None:
        return
    with db.transaction() as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is not None and batch.outcome != "failed":  # a failure's are its stored
            batch.counts = json.dumps(counts)


@dataclass(frozen=True)
class ImportsPage:
    """Imports listed newest first, and how many older ones are not (``older_than`` lists
    the next ones: a keyset on the import's number)."""

    imports: list[ImportSummary]
    older: int  # imports before the last one listed, not listed here

    @property
    def older_than(self) -> int | None:
        return self.imports[-1].id if self.imports and self.older else None


def recent_imports(db: Database, limit: int = RECENT) -> list[ImportSummary]:
    """The newest imports first."""
    return imports_page(db, limit=limit).imports


def imports_page(db: Database, *, before: int | None = None,
                 limit: int | None = RECENT) -> ImportsPage:
    """The imports numbered below ``before`` (all with None), newest first, ``limit`` of
    them (every one with None), and how many older ones are left: a site backfilling
    sheet by sheet passes 50 within weeks, and one found wrong months later must still be
    there to undo."""
    query = select_batches().order_by(ImportBatch.id.desc())
    if before is not None:
        query = query.where(ImportBatch.id < before)
    listed = _summaries(db, query.limit(limit) if limit is not None else query)
    older = 0
    if listed and limit is not None and len(listed) == limit:
        with db.reading() as s:
            older = s.scalar(select(func.count()).select_from(ImportBatch)
                             .where(ImportBatch.id < listed[-1].id)) or 0
    return ImportsPage(listed, older)


def import_summary(db: Database, batch_id: int) -> ImportSummary:
    """One import; RecordNotFound when there is no such batch."""
    found = _summaries(db, select_batches().where(ImportBatch.id == batch_id))
    if not found:
        raise RecordNotFound(str(batch_id))
    return found[0]


def select_batches():  # type: ignore[no-untyped-def] - a Select of many columns
    importer, undoer = aliased(User), aliased(User)
    return (select(ImportBatch.id, ImportBatch.file_name, ImportBatch.sheet,
                   ImportBatch.started_at, importer.full_name, ImportBatch.outcome,
                   ImportBatch.counts, ImportBatch.people, ImportBatch.undone_at,
                   undoer.full_name)
            .outerjoin(importer, importer.id == ImportBatch.user_id)
            .outerjoin(undoer, undoer.id == ImportBatch.undone_by))


def _summaries(db: Database, query) -> list[ImportSummary]:  # type: ignore[no-untyped-def]
    with db.reading() as s:
        listed = [ImportSummary(i, file_name, sheet, started, by or "", outcome,
                                json.loads(counts) if counts else {}, people, undone_at,
                                undoer or "")
                  for i, file_name, sheet, started, by, outcome, counts, people, undone_at,
                  undoer in s.execute(query).all()]
        return [replace(b, undo_voided=_undo_voided(s, b), undo_stopped=True)
                if b.id in stopped else b
                for stopped in [_undo_stopped(s, listed)] for b in listed]


def _undo_stopped(s: Session, listed: list[ImportSummary]) -> set[int]:
    """The imports listed, not undone, that an undo began on: it stopped part-way (its
    audit entries: the first voids', ``import_undo._void_chunk``, even when it was killed;
    its end's, ``_finish``). Only theirs are counted: a million doses each."""
    ids = [str(b.id) for b in listed if b.undone_at is None]
    return {int(i) for i in s.scalars(select(AuditEntry.entity_id).where(
        AuditEntry.entity == "import", AuditEntry.entity_id.in_(ids),
        AuditEntry.action.in_(("undo_began", "undo_import"))))} if ids else set()


def _undo_voided(s: Session, batch: ImportSummary) -> int:
    """The import's doses an undo voided: with its reason, in either language."""
    return s.scalar(select(func.count()).select_from(Dose).where(
        Dose.import_batch_id == batch.id, Dose.status == "voided",
        Dose.void_reason.in_([undo_reason(batch, lang) for lang in LANGUAGES]))) or 0


def undo_reason(batch: ImportSummary, lang: str) -> str:
    """An undo's void reason, as the record's history and the central platform show it."""
    return text("IMPORT_UNDO_REASON", lang, file=batch.file_name,
                date=local_time(batch.started_at))


def source(batch: ImportSummary, lang: str) -> str:
    """The file an import read, with its sheet where it has sheets: a CSV's "sheet" is its
    own name ("x.csv (trang x.csv)" said it twice), as the list, ``vaxdesk imports`` and
    the undo's question say it."""
    if not batch.sheet or batch.sheet == batch.file_name:
        return batch.file_name
    return text("IMPORT_SOURCE_SHEET", lang, file=batch.file_name, sheet=batch.sheet)


def stored_said(batch: ImportSummary, lang: str) -> str:
    """What the import stored, as the list says it: and the rows that corrected people
    already recorded, where any did (a re-sent file may store nothing and change many)."""
    stored = text("IMPORT_COUNTS", lang, stored=count(batch.stored, lang),
                  people=count(batch.people, lang))
    corrected = batch.counts.get("corrected", 0)
    return text("IMPORT_COUNTS_CORRECTED", lang, stored=stored,
                count=count(corrected, lang)) if corrected else stored


def state(batch: ImportSummary, lang: str) -> str:
    """How the import stands, as the list says it (the screen's, ``vaxdesk imports``)."""
    if batch.undone_at is not None:
        return text("IMPORT_STATE_UNDONE", lang, date=local_time(batch.undone_at),
                    by=batch.undone_by or "—")
    if batch.undo_voided:
        return text("IMPORT_STATE_PARTLY_UNDONE", lang, count=count(batch.undo_voided, lang))
    if batch.undo_stopped:  # only people put back so far (an import of corrections)
        return text("IMPORT_STATE_PARTLY_UNDONE_PEOPLE", lang)
    return text(f"IMPORT_STATE_{batch.outcome.upper()}", lang)


def imported_before(db: Database, file_id: str) -> int | None:
    """The audit entry of the first import of a file with these contents (``file_id``, the
    digest its audit entry names) that is not undone, if any: what was changed of a
    person after it was changed knowing what the file says (``backfill_recorded``)."""
    with db.reading() as s:
        return s.scalar(
            select(func.min(AuditEntry.id))
            .join(ImportBatch,
                  ImportBatch.id == func.json_extract(AuditEntry.details, "$.batch"))
            .where(AuditEntry.entity == "file", AuditEntry.entity_id == file_id,
                   AuditEntry.action == "import", ImportBatch.undone_at.is_(None)))


def undone_batches():  # type: ignore[no-untyped-def] - a Select
    """The ids of the imports undone: their voided doses are no record of a dose given."""
    return select(ImportBatch.id).where(ImportBatch.undone_at.is_not(None))
