"""One historical dose typed from a paper form: the importer's rules, one row at a time.

A volunteer with a stack of paper records gets the same outcome a spreadsheet row would:
rejected (nothing saved, the reason shown), flagged (saved, on the cleaning list), a
duplicate of what is already recorded (not saved again), or imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop_app.clock import local_today, utc_now
from desktop_app.db.bulk import BulkWriter
from desktop_app.db.bulk_sql import DOSE_COLUMNS, stored_time
from desktop_app.db.complaint_store import person_by_id_number
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, Person
from desktop_app.db.store import kept_record
from desktop_app.importers.dose_order import with_dose
from desktop_app.importers.rows import DUPLICATE, REJECTED, REJECTING, RowReader
from desktop_app.rules.names import fold
from desktop_app.rules.problems import Problem, error
from desktop_app.services.actor import BACKFILLERS, Actor, require
from desktop_app.services.backfill import ImportRefused
from desktop_app.services.backfill_batch import Batch
from desktop_app.services.backfill_known import Known
from desktop_app.services.site import current_site

FIELDS = ("full_name", "dob", "sex", "id_number", "phone", "address", "product",
          "lot_number", "dose_number", "dose_date", "facility")
_MAPPING = {name: i for i, name in enumerate(FIELDS)}


@dataclass(frozen=True)
class PaperOutcome:
    outcome: str  # imported | flagged | duplicate | rejected
    problems: tuple[Problem, ...]  # rejections or flags, with the field each concerns
    duplicate_message: str | None = None
    person_id: str | None = None
    dose_id: str | None = None  # the dose saved (a complaint's resolution names it)

    @property
    def saved(self) -> bool:
        return self.outcome not in (REJECTED, DUPLICATE)


def record_paper_dose(db: Database, values: dict[str, Any], today: date | None = None,
                      lang: str = "vi", *, actor: Actor) -> PaperOutcome:
    """``values``: the form's text by field name (see FIELDS); dates as typed."""
    require(actor, *BACKFILLERS)
    site = current_site(db)
    if site is None:
        raise ImportRefused("PAPER_NO_SITE")
    reader = RowReader(_MAPPING, db.catalogue, today or local_today())
    row = reader.read(0, [values.get(f) or "" for f in FIELDS])
    if row is None:  # an empty form
        return PaperOutcome(REJECTED, (error("NAME_REQUIRED", "full_name"),))
    if row.outcome == REJECTED:
        return PaperOutcome(REJECTED, tuple(p for p in row.problems if p.code in REJECTING))
    # A form is typed now: a date of birth that cannot be read is a slip to fix while the
    # paper is in hand, not a record to clean later (a spreadsheet's is flagged instead).
    slips = tuple(p for p in row.problems if p.code == "DOB_INVALID")
    if slips:
        return PaperOutcome(REJECTED, slips)
    known = _known_about(db, row.person_key())
    now = utc_now()
    batch = Batch(site.id, stored_time(now), "backfill",
                  user_id=actor.user_id)  # a flag on someone recorded: a correction of theirs
    try:
        issue = known.place(row, batch, lang)
    finally:
        known.close()
    if issue is not None and issue.outcome == REJECTED:  # an ID recorded for another name
        return PaperOutcome(REJECTED, tuple(p for p in row.problems if p.code == issue.code))
    if issue is not None:
        return PaperOutcome(DUPLICATE, (), issue.message)
    dose = dict(zip(DOSE_COLUMNS, batch.doses[0], strict=True))
    dose_id, person_id = dose["id"], dose["person_id"]
    # The dose's entry, as the desk writes one (store.add_dose): under the dose, what it is.
    details = {k: dose[k] for k in ("product_code", "lot_number", "dose_number", "dose_date",
                                    "source")}
    writer = BulkWriter(db, batch.now)
    writer.put(*batch.take(), {"action": "create", "user_id": actor.user_id, "entity": "dose",
                               "entity_id": dose_id,
                               "details": dict(details, person_id=person_id)},
               corrections=batch.take_corrections())
    writer.close()
    return PaperOutcome(row.outcome, tuple(row.problems), person_id=person_id,
                        dose_id=dose_id)


def _known_about(db: Database, key: str | tuple) -> Known:
    """What the database knows of this one person: the importer's bookkeeping, but read
    with a few indexed queries instead of loading every person. A record a merge folded is
    known as the one it was folded into, as ``Known.load`` knows it."""
    with db.reading() as s:
        if isinstance(key, str):  # an ID number: the kept record holds a folded one's
            pid = person_by_id_number(s, key)
        else:
            _kind, name_key, dob, phone, address = key
            rows = s.execute(select(Person.id, Person.phone, Person.address).where(
                Person.name_key == name_key, Person.dob == dob)
                .order_by(Person.merged_into.is_not(None))).all()
            pid = next((r[0] for r in rows if r[1] == phone and fold(r[2] or "") == address),
                       None)
            if pid is not None:
                pid = kept_record(s, pid)
        people = {key: pid} if pid else {}
        doses: dict[str, dict[Any, int]] = {}
        dated: dict[str, int] = {}  # for the order of their dates (``dose_order``)
        # Active doses only: a voided one's correct dose is typed in on this very form.
        if pid:
            known = doses[pid] = {}
            for number, when in s.execute(select(Dose.dose_number, Dose.dose_date).where(
                    Dose.person_id == pid, Dose.status == "active")):
                known[number] = known[when] = 0
                dated[pid] = with_dose(dated.get(pid, 0), number, when)
    return Known(people, doses, db=db, dated=dated)  # db: whose name an ID is under
