"""One historical dose typed from a paper form: the importer's rules, one row at a time.

A volunteer with a stack of paper records gets the same outcome a spreadsheet row would:
rejected (nothing saved, the reason shown), flagged (saved, on the cleaning list), a
duplicate of what is already recorded (not saved again), or imported. The paper is in
hand, so what a file's row is flagged for and a person at a form can settle at once is
asked instead: an ID the desk would refuse and an unreadable date of birth are refused
(slips to fix now), a name typed without diacritics and a new person who may be a
recorded one under another ID are asked, as the desk asks (``CONFIRM``: saved once the
form is sent again with the codes in ``values["confirmed"]``). A supervisor is asked, not
refused, about an ID the paper gives so: kept as the paper has it, flagged as a file's.

A form of someone recorded says what it did to their record, as a corrected file's row
does (``Known.settle``): what the record lacked is filled in; what it holds otherwise is a
supervisor's to correct (held for their yes at the screen, ``hold_corrections``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from desktop_app.clock import local_today, utc_now
from desktop_app.db.bulk import BulkWriter
from desktop_app.db.bulk_sql import DOSE_COLUMNS, PERSON_COLUMNS, stored_time
from desktop_app.db.complaint_store import person_by_id_number
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, ExternalDose, Person
from desktop_app.db.store import created_details, kept_record
from desktop_app.importers.dose_order import with_dose
from desktop_app.importers.rows import (
    DUPLICATE,
    FLAGGED,
    IMPORTED,
    REJECTED,
    REJECTING,
    Row,
    RowReader,
)
from desktop_app.rules.cleaning import POSSIBLE_SAME_PERSON, UNDONE_NO_DOSE, split_codes
from desktop_app.rules.dates import format_date
from desktop_app.rules.names import check_diacritics, fold
from desktop_app.rules.problems import Problem, error, warning
from desktop_app.services import import_batches
from desktop_app.services.actor import BACKFILLERS, SUPERVISORS, Actor, require
from desktop_app.services.backfill import ImportRefused
from desktop_app.services.backfill_batch import Batch
from desktop_app.services.backfill_known import BROUGHT, Known, with_brought
from desktop_app.services.backfill_people import (
    PERSON_SQL,
    compatible,
    recorded_identity,
)
from desktop_app.services.backfill_people import RECORDED as _RECORDED
from desktop_app.services.backfill_people import values as kept_values
from desktop_app.services.backfill_report import ImportReport, RowIssue
from desktop_app.services.site import current_site

FIELDS = ("full_name", "dob", "sex", "id_number", "phone", "address", "product",
          "lot_number", "dose_number", "dose_date", "facility")
_MAPPING = {name: i for i, name in enumerate(FIELDS)}
CONFIRM = "confirm"  # not saved: asked first (the form's warnings, ``PaperOutcome.problems``)
CONFIRMED = "confirmed"  # in ``values``: the codes of the warnings the person confirmed
PAPER = "(phiếu giấy)"  # what the import claim names for a paper form (never a file name)
NAME_NO_DIACRITICS = "NAME_NO_DIACRITICS"  # the desk's warning (``rules.names``)
DOSE_ON_OTHER_RECORD = "DOSE_ON_SAME_PERSON_RECORD"  # ``_on_other_record``


@dataclass(frozen=True)
class PaperOutcome:
    outcome: str  # imported | flagged | duplicate | rejected | confirm
    # Rejections, what to confirm, or the flags its person is listed for as stored (the
    # form's problems a recorded person's record does not have are none), each by its field.
    problems: tuple[Problem, ...]
    duplicate_message: str | None = None
    person_id: str | None = None
    dose_id: str | None = None  # the dose saved (a complaint's resolution names it)
    # What the form did to the recorded person it is of, when it said more of them than
    # their record: filled in, corrected, or what only a supervisor may correct.
    note: RowIssue | None = None
    # The corrections held for a supervisor's yes (``report.held``; ``apply_held``).
    report: ImportReport | None = None
    # A duplicate that is the very dose recorded here: (person, dose) of the active dose of
    # the form's number and date. None for a dose of that number on another day (the form
    # refuses the row: the record says otherwise), or of that day under another number.
    same_dose: tuple[str, str] | None = None

    @property
    def saved(self) -> bool:
        return self.outcome not in (REJECTED, DUPLICATE, CONFIRM)

    @property
    def needs_confirmation(self) -> bool:
        return self.outcome == CONFIRM


def record_paper_dose(db: Database, values: dict[str, Any], today: date | None = None,
                      lang: str = "vi", *, actor: Actor,
                      hold_corrections: bool = False) -> PaperOutcome:
    """``values``: the form's text by field name (see FIELDS); dates as typed; under
    CONFIRMED the codes of the warnings asked before that the person confirmed.
    ``hold_corrections``: a supervisor's correction of the recorded person waits in
    ``report.held`` for their yes (the screen asks), else it is made (a complaint's form).

    Refused while an import is being undone (``import_batches.claim``), as a file is: the
    form would be judged against the doses the undo is voiding, said recorded, then voided."""
    require(actor, *BACKFILLERS)
    undoing = import_batches.claim(db, import_batches.IMPORT, PAPER)
    if undoing is not None:
        raise ImportRefused("PAPER_WHILE_UNDOING", file=undoing)
    try:
        return _record(db, values, today, lang, actor=actor, hold_corrections=hold_corrections)
    finally:
        import_batches.release(db, import_batches.IMPORT, PAPER)


def _record(db: Database, values: dict[str, Any], today: date | None, lang: str, *,
            actor: Actor, hold_corrections: bool) -> PaperOutcome:
    site = current_site(db)
    if site is None:
        raise ImportRefused("PAPER_NO_SITE")
    reader = RowReader(_MAPPING, db.catalogue, today or local_today())
    row = reader.read(0, [values.get(f) or "" for f in FIELDS])
    if row is None:  # an empty form
        return PaperOutcome(REJECTED, (error("NAME_REQUIRED", "full_name"),))
    if row.outcome == REJECTED:  # with the slips below: every mistake said in one save
        return PaperOutcome(REJECTED, tuple(p for p in row.problems
                                            if p.code in REJECTING or _is_slip(p)))
    # A form is typed now: a date of birth that cannot be read, or an ID the desk would
    # refuse, is a slip to fix while the paper is in hand, not a record to clean later (a
    # spreadsheet's is flagged instead). An ID that is so on the paper (its sex digit
    # against the sex written) a supervisor may keep as it is, asked first: flagged.
    confirmed = set(values.get(CONFIRMED) or ())
    slips = tuple(p for p in row.problems if _is_slip(p))
    if any(p.code == "DOB_INVALID" for p in slips) or \
            (slips and actor.role not in SUPERVISORS):
        return PaperOutcome(REJECTED, slips)
    if any(p.code not in confirmed for p in slips):
        return PaperOutcome(CONFIRM, slips)
    if NAME_NO_DIACRITICS in confirmed:  # kept as typed, as the desk keeps it once asked
        row.problems[:] = [p for p in row.problems if p.code != NAME_NO_DIACRITICS]
    known = _known_about(db, row, reader)
    batch = Batch(site.id, stored_time(utc_now()), "backfill",
                  user_id=actor.user_id)  # a flag on someone recorded: a correction of theirs
    report = ImportReport("", "", 0, dict(_MAPPING), lang=lang)
    try:
        issue = known.place(row, batch, lang)
        if issue is not None and issue.outcome == REJECTED:  # an ID recorded for another name
            return PaperOutcome(REJECTED, tuple(p for p in row.problems if p.code == issue.code))
        if issue is not None:
            return PaperOutcome(DUPLICATE, (), issue.message,
                                same_dose=_same_dose(db, known.people.get(row.person_key()),
                                                     row))
        asked = tuple(p for p in (*_to_ask(row, batch), *_on_other_record(db, batch, row))
                      if p.code not in confirmed)
        if asked:
            return PaperOutcome(CONFIRM, asked)
        if not batch.people:  # a recorded person's form: the name kept is the record's
            row.problems[:] = [p for p in row.problems if p.code != NAME_NO_DIACRITICS]
        known.settle(batch, report, may_correct=actor.role in SUPERVISORS,
                     hold=hold_corrections)
    finally:
        known.close()
    dose = dict(zip(DOSE_COLUMNS, batch.doses[0], strict=True))
    dose_id, person_id = dose["id"], dose["person_id"]
    people, doses = batch.take()
    # A person made here gets the desk's "create" entry (``store.add_person``): who typed
    # whom, with what identity; then the dose's, as the desk writes one (store.add_dose).
    entries = [{"action": "create", "user_id": actor.user_id, "entity": "person",
                "entity_id": p[0], "details": created_details(dict(zip(PERSON_COLUMNS, p,
                                                                         strict=True)))}
               for p in people]
    details = {k: dose[k] for k in ("product_code", "lot_number", "dose_number", "dose_date",
                                    "source")}
    entries.append({"action": "create", "user_id": actor.user_id, "entity": "dose",
                    "entity_id": dose_id, "details": dict(details, person_id=person_id)})
    writer = BulkWriter(db, batch.now)
    writer.put(people, doses, entries, corrections=batch.take_corrections())
    writer.close()
    note = next((i for i in report.issues if i.person_id == person_id), None)
    listed = _listed_for(db, person_id, row)
    return PaperOutcome(FLAGGED if listed else IMPORTED, listed, person_id=person_id,
                        dose_id=dose_id, note=note, report=report if report.held else None)


def _listed_for(db: Database, person_id: str, row: Row) -> tuple[Problem, ...]:
    """The form's problems its person is on the cleaning list for, as stored: a new
    person's are theirs; a recorded person's record may have what the form lacked (a paper
    without the CCCD of someone recorded with one), and the form said she was listed for
    it, on no list."""
    with db.reading() as s:
        stored = set(split_codes(s.scalar(select(Person.cleaning_reason).where(
            Person.id == person_id))))
    return tuple(p for p in row.problems if p.code in stored)


def _same_dose(db: Database, person_id: str | None, row: Row) -> tuple[str, str] | None:
    """(person, dose) of the person's active dose of the row's date and number (any number
    when the form gives none), as the reader read them."""
    if person_id is None or row.dose_date is None:
        return None
    query = select(Dose.id).where(Dose.person_id == person_id, Dose.status == "active",
                                  Dose.dose_date == row.dose_date)
    if row.dose_number:
        query = query.where(Dose.dose_number == row.dose_number)
    with db.reading() as s:
        found = s.scalar(query.limit(1))
    return (person_id, found) if found else None


def _is_slip(problem: Problem) -> bool:
    """What a form refuses that a file's row is flagged for: an unreadable date of birth,
    and every problem the identity rules find with the ID typed (its length, a letter, its
    province, its sex or birth year against those typed: the desk refuses each). A form
    without an ID is saved, flagged: the paper may have none."""
    return problem.code == "DOB_INVALID" or (
        problem.field == "id_number" and problem.code != "ID_NUMBER_REQUIRED")


def _to_ask(row: Row, batch: Batch) -> list[Problem]:
    """What the person at the form confirms before a new person is stored: a name without
    its diacritics (the desk's question; not a passport's, spelt in plain letters), and
    another record of the same folded name, date of birth and sex under another ID
    (``Known._twin``: the form is saved flagged for cleaning, once confirmed)."""
    if not batch.people:  # a recorded person's form: their name is the record's
        return []
    asked = [] if row.id_type == "PASSPORT" else check_diacritics(row.full_name)
    return asked + [p for p in row.problems if p.code == POSSIBLE_SAME_PERSON]


def _on_other_record(db: Database, batch: Batch, row: Row) -> list[Problem]:
    """A recorded person's dose that another record of their folded name, date of birth
    and sex (under another ID or none: the cleaning list's "possible same person") holds
    already, of that number and day: saved, one injection is recorded twice (two Patients,
    counted twice in the day's tallies), and the merge that is the answer is then refused
    ("both records hold dose 2"). Asked, naming that record and the merge."""
    if batch.people:  # a new person's twin is asked already (POSSIBLE_SAME_PERSON)
        return []
    dose = dict(zip(DOSE_COLUMNS, batch.doses[0], strict=True))
    me = aliased(Person)
    with db.reading() as s:
        other = s.execute(select(Person.id, Person.full_name, Person.id_number).join(
            me, and_(me.id == dose["person_id"], me.name_key == Person.name_key,
                     me.dob == Person.dob, me.sex == Person.sex)).join(
            Dose, Dose.person_id == Person.id).where(
            Person.id != me.id, Person.merged_into.is_(None), Dose.status == "active",
            Dose.dose_number == dose["dose_number"], Dose.dose_date == row.dose_date)
            .limit(1)).first()
    if other is None:
        return []
    return [warning(DOSE_ON_OTHER_RECORD, "dose_date", number=dose["dose_number"],
                    date=format_date(row.dose_date), name=other.full_name,
                    id_number=other.id_number or "—", person_id=other.id)]


def _known_about(db: Database, row: Row, reader: RowReader) -> Known:
    """What the database knows of this one person: the importer's bookkeeping, but read
    with a few indexed queries instead of loading every person. A record a merge folded is
    known as the one it was folded into, as ``Known.load`` knows it. A form with an ID not
    recorded finds the person recorded without one, as a file's row does a person the file
    made (``_without_id``). Their identity as recorded, for what the form says otherwise
    (``Known._says_more``); the people of the form's name, birth date and sex, for a new
    person's twin, with an ID or none (``Known._twin``)."""
    key = row.person_key()
    with db.reading() as s:
        if isinstance(key, str):  # an ID number: the kept record holds a folded one's
            pid = person_by_id_number(s, key) or _without_id(s, row)
        else:
            _kind, name_key, dob, phone, address = key
            rows = s.execute(select(Person.id, Person.phone, Person.address, Person.sex).where(
                Person.name_key == name_key, Person.dob == dob)
                .order_by(Person.merged_into.is_not(None))).all()
            # Unlike a file's rows (a sex cell mistyped on one of a person's rows is flagged,
            # the earlier kept), a paper in hand that gives another sex is another child of
            # that name and birth day: her dose 1 was refused as his, her dose 2 put on him.
            pid = next((r[0] for r in rows if r[1] == phone and fold(r[2] or "") == address
                        and (r[3] is None or row.sex is None or r[3] == row.sex)), None)
            if pid is not None:
                pid = kept_record(s, pid)
        people = {key: pid} if pid else {}
        doses: dict[str, dict[Any, int]] = {}
        dated: dict[str, int] = {}  # for the order of their dates (``dose_order``)
        emptied: set[str] = set()
        twins: dict[int, str] = {}
        elsewhere: dict[tuple[str, Any], str] = {}  # other sites' doses (``with_brought``)
        if pid:
            record = s.execute(select(
                Person.name_key, Person.dob, Person.sex, Person.id_type, Person.id_number,
                Person.phone, Person.address, Person.cleaning_reason).where(
                Person.id == pid)).one()
            known = doses[pid] = {_RECORDED: recorded_identity(*record[:7])}
            if UNDONE_NO_DOSE in split_codes(record.cleaning_reason):
                emptied.add(pid)
            # Active doses only: a voided one's correct dose is typed in on this very form.
            for number, when in s.execute(select(Dose.dose_number, Dose.dose_date).where(
                    Dose.person_id == pid, Dose.status == "active")):
                known[number] = known[when] = 0
                dated[pid] = with_dose(dated.get(pid, 0), number, when)
            elsewhere = with_brought(s.execute(BROUGHT.where(ExternalDose.person_id == pid)),
                                     doses, dated)
        elif row.dob is not None and row.sex is not None:
            # With an ID or without: a slip without one that found nobody by its phone and
            # address (a commune's list has none) beside a namesake born that day was a
            # stranger, unasked; a file's row is flagged so (``Placing``), the desk asks.
            twin = s.scalar(select(Person.id).where(
                Person.name_key == row.name_key, Person.dob == row.dob, Person.sex == row.sex,
                Person.merged_into.is_(None)).order_by(Person.created_at).limit(1))
            if twin is not None:
                twins[hash((row.name_key, row.dob, row.sex))] = twin
    # db: whose name an ID is under; reader: the codes a correction leaves the person.
    return Known(people, doses, db=db, reader=reader, dated=dated, twins=twins,
                 emptied=emptied, elsewhere=elsewhere)


def _without_id(s: Any, row: Row) -> str | None:
    """The one person recorded without an ID whom a form with an ID not recorded is: the
    importer's rule for a person the file made (``backfill_people.compatible``), of the
    same folded name and date of birth, no phone or address that differs. None when there
    is none, or several (namesakes born the same day are not guessed between); the form's
    ID is then given them, as what their record lacks (``Known.settle``)."""
    if row.dob is None:
        return None
    found = s.connection().exec_driver_sql(_SAME_NAME_SQL, (row.name_key, row.dob.isoformat()))
    matches = [p[0] for p in found if compatible(kept_values(p), row, without_id=True)]
    return matches[0] if len(matches) == 1 else None


# The people of a folded name and date of birth, as ``backfill_people.values`` takes them.
_SAME_NAME_SQL = PERSON_SQL.replace("WHERE id = ?",
                                    "WHERE name_key = ? AND dob = ? AND merged_into IS NULL")
