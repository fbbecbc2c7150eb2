"""A complaint answered by a void: "I got a dose I never had". The dose recorded in error
is voided where doses are (the Records area, a supervisor's, audited); the complaint about
it is then answered as corrected, naming that dose, as a correction names the dose it
corrected (``complaints.resolve_correct``). Before, the only way to close it was "Từ chối":
the citizen read "not accepted" about a complaint that was upheld."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from desktop_app.db import complaint_store
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, Complaint, Dose
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import text


@dataclass(frozen=True)
class VoidedDose:
    id: str
    dose_number: int
    dose_date: date


def voids_answering(db: Database, ref: str) -> tuple[VoidedDose, ...]:
    """The doses of the complaint's record voided since the complaint was received: what a
    correction with nothing edited answers it by. None for a complaint not linked."""
    with db.reading() as s:
        row = complaint_store.find(s, ref)
        return voided_since(s, row) if row is not None else ()


def voided_since(s: Session, row: Complaint) -> tuple[VoidedDose, ...]:
    """``voids_answering`` in the caller's session: the void's own audit entry says when."""
    if row.person_id is None:
        return ()
    found = s.execute(select(Dose.id, Dose.dose_number, Dose.dose_date).join(
        AuditEntry, and_(AuditEntry.entity == "dose", AuditEntry.entity_id == Dose.id,
                         AuditEntry.action == "void")).where(
        Dose.person_id == row.person_id, Dose.status == "voided",
        AuditEntry.at >= row.received_at).distinct().order_by(Dose.dose_number))
    return tuple(VoidedDose(*r) for r in found)


def void_note(voided: tuple[VoidedDose, ...], lang: str) -> str:
    """The note the citizen reads by default: the doses removed, by number and date."""
    doses = ", ".join(text("COMPLAINT_VOIDED_DOSE", lang, number=d.dose_number,
                           date=format_date(d.dose_date)) for d in voided)
    return text("COMPLAINT_NOTE_VOID", lang, doses=doses)
