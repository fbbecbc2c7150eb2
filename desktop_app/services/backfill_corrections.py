"""A supervisor's yes or no to the corrections their import held (``import_file`` with
``hold_corrections``): a corrected file changes people already recorded and revokes their
certificates, so the screen shows whom before anything changes.

Between the import and the answer a person may have been corrected at the desk or merged:
such a correction is not made (it would undo what was done since) and its rows say why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from desktop_app.clock import utc_now
from desktop_app.db.bulk_sql import stored_time, write_corrections
from desktop_app.db.cleaning_store import follow_up
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry
from desktop_app.db.store import audit_entry
from desktop_app.importers.rows import CORRECTABLE, CORRECTED, DUPLICATE, holds
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.backfill_batch import correction
from desktop_app.services.backfill_report import (
    HeldCorrection,
    ImportReport,
    is_stored,
    said_of_person,
)
from desktop_app.services.import_batches import recount

AWAITING = "CORRECTION_AWAITS"
_CURRENT = f"SELECT {', '.join(CORRECTABLE)} FROM person WHERE id = ? AND merged_into IS NULL"
_REASON = "SELECT cleaning_reason FROM person WHERE id = ?"


def apply_held(db: Database, report: ImportReport, *, actor: Actor) -> int:
    """Make the held corrections still true to the record, in one transaction, audited as
    the supervisor's; the report's rows then say what was done, and each person's cleaning
    case follows as at the desk (a closed one the correction brings a problem to is opened
    again: ``cleaning_store.follow_up``). Returns how many people were corrected."""
    require(actor, *SUPERVISORS)
    now = utc_now()
    with db.transaction() as s:
        conn = s.connection().connection.driver_connection

        def read(sql: str, params: list[Any]) -> tuple | None:
            return conn.execute(sql, params).fetchone()

        applied = [h for h in report.held if _still_true(conn, h)]
        write_corrections(conn, stored_time(now), [
            correction(h.person_id, h.changes, h.cleaning_reason, actor.user_id, follow_up(
                read, h.person_id, read(_REASON, [h.person_id])[0], h.cleaning_reason,
                h.changes, "import"))
            for h in applied], report.batch_id)
        s.add(_decision(report, now, actor, applied=len(applied),
                        stale=len(report.held) - len(applied)))
    done = {h.person_id for h in applied}
    _settle(report, lambda h: "PERSON_CORRECTED" if h.person_id in done
            else "CORRECTION_STALE")
    recount(db, report.batch_id, report.counts, actor=actor)
    return len(done)


def decline_held(db: Database, report: ImportReport, *, actor: Actor) -> None:
    """Leave the recorded people as they are; the decision is audited as the supervisor's."""
    require(actor, *SUPERVISORS)
    with db.transaction() as s:
        s.add(_decision(report, utc_now(), actor, declined=len(report.held)))
    _settle(report, lambda _h: "CORRECTION_DECLINED")


def _still_true(conn: Any, held: HeldCorrection) -> bool:
    """The person is as the import found them, in every field the correction changes."""
    row = conn.execute(_CURRENT, (held.person_id,)).fetchone()
    if row is None:
        return False
    return holds(dict(zip(CORRECTABLE, row, strict=True)), held.changes, 0)


def _settle(report: ImportReport, code_for: Callable[[HeldCorrection], str]) -> None:
    """Each held row's final word, and the counts moved to match. A row whose dose was
    stored (a new dose of the person) keeps its outcome and its count: only its word
    changes."""
    held = {h.person_id: h for h in report.held}
    moved = 0
    for i, issue in enumerate(report.issues):
        h = held.get(issue.person_id) if issue.code == AWAITING else None
        if h is None:
            continue
        code = code_for(h)
        stored = is_stored(issue)
        said = said_of_person(code, stored, report.lang, name=h.person_name,
                              person_id=h.person_id, changes=h.described)
        corrected = code == "PERSON_CORRECTED"
        if stored:
            report.issues[i] = replace(issue, code=code, message=said)
            continue
        moved += corrected
        report.issues[i] = replace(issue, outcome=CORRECTED if corrected else DUPLICATE,
                                   code=code, message=said)
    report.counts[DUPLICATE] -= moved
    report.counts[CORRECTED] += moved
    report.held.clear()


def _decision(report: ImportReport, now: datetime, actor: Actor, **counts: int) -> AuditEntry:
    """The supervisor's answer, audited as what was decided (it read as an import of a
    file that stored nothing: the paper form has no file name). ``counts``: ``applied``
    and ``stale`` (a yes), or ``declined`` (a no)."""
    return audit_entry(IMPORT_ANSWER, "file", report.file_id or report.file or "paper",
                       {"file": report.file, "sheet": report.sheet, **counts},
                       now, user_id=actor.user_id)


IMPORT_ANSWER = "import_answer"
