"""What an import already knows, from the database and from the rows read so far: people by
key and their doses. ``Known.place`` decides where each row goes (a new person, a new dose,
a duplicate, a correction); corrections are settled once the whole file is read.

``Known`` holds that state, loads it once an import (``load``: the index of what is
recorded) and keeps the import's one connection for its reads (``_read``). What it does
with them is in its parts, a module each: where a row goes (``backfill_placing``), a row
against a person recorded (``backfill_recorded``), the corrections decided at the end
(``backfill_settle``), cleaning flags by correction (``backfill_flags``), the possible same
person (``backfill_twins``), and who a row is among the people the file made
(``backfill_people``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select, text

from desktop_app.db.database import Database
from desktop_app.db.models import Dose, ExternalDose, Person
from desktop_app.importers import dose_order
from desktop_app.importers.rows import RowReader, person_key
from desktop_app.rules.cleaning import UNDONE_NO_DOSE
from desktop_app.rules.identity import IdType, is_well_formed_id
from desktop_app.services.backfill_flags import CleaningFlags
from desktop_app.services.backfill_people import AMBIGUOUS, FilePeople
from desktop_app.services.backfill_people import RECORDED as _RECORDED
from desktop_app.services.backfill_placing import Placing, uncommon_series
from desktop_app.services.backfill_recorded import (
    _ALL_FIELDS,
    _OLD_NUMBER,
    RecordedPeople,
    _mapped,
)
from desktop_app.services.backfill_report import RowIssue
from desktop_app.services.backfill_settle import Settling
from desktop_app.services.backfill_twins import Twins
from desktop_app.services.import_batches import undone_batches

__all__ = ["AMBIGUOUS", "Known"]


@dataclass
class Known(Placing, RecordedPeople, Settling, CleaningFlags, Twins, FilePeople):
    """Who is already known (people by key) and their doses. A person's doses are one dict
    keyed by dose number (int) and by dose date (date): the two never collide, and one dict
    per person instead of two saves half a million allocations on a big import. For a
    person in the database the same dict keeps, under ``None``, a hash of the identity as
    recorded (their folded name with it): a re-sent row that hashes the same corrects
    nothing, with no look at the record. For a person this file made it keeps, under
    ``""``, the hash of what the file has said of them so far (``backfill_people``)."""

    people: dict[Any, str]
    doses: dict[str, dict[Any, int]]  # person -> number or date -> sheet row (0: database)
    people_created: int = 0
    # hash((folded name, vaccine, dose date)) -> the person in the database with that dose:
    # how a corrected row finds whom it corrects, whatever it corrects (the ID, the date of
    # birth, the phone: any of them may be what made the row's person key differ).
    by_dose: dict[int, str] = field(default_factory=dict)
    db: Database | None = None
    reader: RowReader | None = None
    # Decided once the whole file is read (``settle``): the rows that would correct each
    # person (their provisional issue, what they give, an unreadable date of birth as
    # typed), the fields other rows of the file gave as recorded, and the records read.
    candidates: dict[str, list[tuple[RowIssue, dict[str, Any], str]]] = field(
        default_factory=dict)
    confirmed: dict[str, int] = field(default_factory=dict)  # bits: CORRECTABLE fields
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The keys of records a merge folded, each known as the record it was folded into.
    merged_keys: set[Any] = field(default_factory=set)
    # Each voided dose as (person, date, vaccine, number) and (person, date, vaccine, None):
    # a row that gives it (with its number or none) is that dose sent again.
    voided: set[tuple[str, date, str, int | None]] = field(default_factory=set)
    # hash(folded name) of every recorded person with a dose: only a person of this file
    # with such a name can turn out, at a later row, to be someone recorded.
    names: set[int] = field(default_factory=set)
    # People of this file held back from the writer (``Batch.hold``) until the file ends,
    # by the key they were made for: a later row may show they are someone recorded.
    held: dict[str, Any] = field(default_factory=dict)
    # A person's dose 1 vaccine, where its primary series is not the common one
    # (``backfill_placing.COMMON_SERIES``): what a booster without its number completes.
    series: dict[str, str] = field(default_factory=dict, repr=False)
    # Other keys that find a held person (``_alias``): moved with them by ``_rehome``.
    aliases: dict[str, list[Any]] = field(default_factory=dict, repr=False)
    # The provisional CORRECTED issues in the order rows gave them: the report's copies
    # (a wide sheet's name their dose) are found again by that order, not by identity.
    order: list[RowIssue] = field(default_factory=list)
    # Each person's doses as (number, day) packed in an int (``dose_order``): is a dose
    # numbered in the order of its date?
    dated: dict[str, int] = field(default_factory=dict)
    # hash((folded name, date of birth)) -> the person this file made (AMBIGUOUS: several):
    # how a row without an ID whose phone or address is blank finds them. Made at the first
    # such row (None until then: a file whose people all have IDs never needs it).
    by_name: dict[int, str] | None = None
    names_read: dict[str, tuple[str, str] | None] = field(default_factory=dict, repr=False)
    # For a person this file made: each field a later row filled in, and that row.
    given: dict[str, dict[str, int]] = field(default_factory=dict, repr=False)
    # People this file made, corrected after they were handed to the writer: as they will
    # be once the correction is written (``backfill_people.values``).
    amended: dict[str, tuple] = field(default_factory=dict, repr=False)
    # People recorded before whose cleaning reason a row's flag changed by a correction
    # (``_flag``): the reason as the corrections queued leave it.
    reasons: dict[str, str | None] = field(default_factory=dict, repr=False)
    # hash((folded name, date of birth, sex)) -> a person recorded, or made by this file,
    # with them: a new person with a well-formed ID who has such a twin under another ID
    # (or none) is flagged POSSIBLE_SAME_PERSON, naming them (``_twin``). One int a person.
    twins: dict[int, str] = field(default_factory=dict, repr=False)
    # Recorded people an undone import left without a dose (flagged UNDONE_NO_DOSE): a dose
    # stored for one of them takes the flag off (``_unflag``).
    emptied: set[str] = field(default_factory=set, repr=False)
    # People this file made and then found to be a record (``_rehome``): that record, and
    # what the file said of them, for a later row's twin (``_twin``).
    rehomed: dict[str, tuple[str, tuple]] = field(default_factory=dict, repr=False)
    # The provisional issues of rows whose dose is stored and that say of their recorded
    # person what the record does not (``_says_more``), in row order: ``settle`` says them.
    notes: list[RowIssue] = field(default_factory=list, repr=False)
    # Recorded people a row gave exactly as recorded: a vote for every field the file has a
    # column for (``mapped``, CORRECTABLE bits), counted once ``settle`` reads them; a set
    # add a row, not the row's fields weighed a row.
    agreed: set[str] = field(default_factory=set, repr=False)
    mapped: int = _ALL_FIELDS
    # Other sites' doses brought from the central platform (``external_dose``), by
    # (person, number) and (person, day): the site that gave each. They are in ``doses``
    # and ``dated`` too: a sheet's copy of one is a duplicate, as the desk refuses it, and
    # a row without a number comes after them (a dose 3 is the third anywhere).
    elsewhere: dict[tuple[str, Any], str] = field(default_factory=dict, repr=False)
    # The last person and dose rows ``load`` (then ``catch_up``) saw: what the desk or a
    # paper form saves beside the import comes after them.
    marks: tuple[int, int] = (0, 0)
    # The audit entry of an earlier import of this very file (``import_batches.
    # imported_before``), and the fields of each recorded person changed since it
    # (``_changed_since``): the file's word on those is older than the change.
    imported_before: int | None = None
    changed: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _last_read: tuple[str, dict[str, Any]] | None = field(default=None, repr=False)
    _conn: Any = field(default=None, repr=False)  # the pool's DBAPI connection

    @classmethod
    def load(cls, db: Database, reader: RowReader | None = None, *,
             about: tuple[set[str], set[str]] | None = None) -> Known:
        """Everything recorded; ``about`` (folded names, ID numbers): only the people of
        those names or numbers (the few rows of a preview need no more)."""
        people: dict[Any, str] = {}
        doses: dict[str, dict[Any, int]] = {}
        by_dose: dict[int, str] = {}
        voided: set[tuple[str, date, str, int | None]] = set()
        names: set[int] = set()
        dated: dict[str, int] = {}
        # While loading only: one id object per person (shared by every map), its name key
        # and its identity's hash.
        recorded: dict[str, tuple[str, str, int]] = {}
        folded: list[tuple[Any, str]] = []
        into: dict[str, str] = {}  # a folded record -> the one it was folded into
        twins: dict[int, str] = {}
        emptied: set[str] = set()
        series: dict[str, str] = {}
        uncommon = uncommon_series(db.catalogue)
        # A field the file has no column for is left out of each recorded identity: the
        # rows of a file without phones then hash as the record (no read, and a vote).
        mapped = _mapped(reader)
        has_dob, has_sex, has_id, has_phone, has_address = (
            bool(mapped & bit) for bit in (1, 2, 8, 16, 32))
        whom = select(Person.id, Person.id_type, Person.id_number, Person.name_key, Person.dob,
                      Person.sex, Person.phone, Person.address, Person.merged_into,
                      Person.cleaning_reason, Person.old_id_number)
        which = select(Dose.person_id, Dose.dose_number, Dose.dose_date, Dose.product_code,
                       Dose.status)
        # A dose an undone import left voided was never sent: its file imports again.
        which = which.where(or_(Dose.status == "active", Dose.import_batch_id.is_(None),
                                Dose.import_batch_id.not_in(undone_batches())))
        if about is not None:
            chosen = or_(Person.name_key.in_(about[0]), Person.id_number.in_(about[1]),
                         Person.old_id_number.in_(about[1]))
            whom = whom.where(chosen)
            which = which.where(Dose.person_id.in_(select(Person.id).where(chosen)))
        there = BROUGHT
        if about is not None:
            there = there.where(ExternalDose.person_id.in_(select(Person.id).where(chosen)))
        with db.reading() as s:
            marks = s.execute(_MARKS).one()  # in the snapshot the people are read from
            olds: list[tuple[str, str]] = []  # (old CMND, person) of people not folded
            for pid, id_type, number, name_key, dob, sex, phone, address, merged_into, \
                    reason, old in s.execute(whom):
                key = person_key(id_type, number, name_key, dob, phone, address)
                if mapped | _OLD_NUMBER == _ALL_FIELDS:  # _identity, inlined: once a person
                    recorded[pid] = (pid, name_key, hash((
                        name_key, dob, sex, id_type if number else "NONE", number, phone,
                        address)))
                else:  # as a row of this file gives them: its unmapped cells are empty
                    given = number if has_id else None
                    recorded[pid] = (pid, name_key, hash((
                        name_key, dob if has_dob else None, sex if has_sex else None,
                        id_type if given else "NONE", given, phone if has_phone else None,
                        address if has_address else None)))
                if merged_into is None:
                    people[key] = pid
                    if dob is not None and sex is not None:
                        twins.setdefault(hash((name_key, dob, sex)), pid)
                    if reason and UNDONE_NO_DOSE in reason:
                        emptied.add(pid)
                    if old:
                        olds.append((old, pid))
                else:
                    folded.append((key, pid))
                    into[pid] = merged_into
            merged_keys: set[Any] = set()
            for key, pid in folded:
                kept = recorded.get(_kept(into, pid), recorded[pid])
                recorded[pid] = kept  # a dose left on the folded record counts as the kept's
                if key not in people:  # else a record not folded has that key: it is theirs
                    people[key] = kept[0]
                    merged_keys.add(key)
            for old, pid in olds:  # a row giving the old CMND alone finds them by it
                if is_well_formed_id(IdType.CMND if len(old) == 9 else IdType.CCCD, old):
                    people.setdefault(old, pid)  # a current number is its holder's first
            for person_id, number, when, product, status in s.execute(which):
                pid, name_key, identity = recorded[person_id]
                if status != "active":
                    voided.update(((pid, when, product, number), (pid, when, product, None)))
                    continue
                known = doses.get(pid)
                if known is None:
                    known = doses[pid] = {_RECORDED: identity}
                known[number] = 0
                known[when] = 0
                if number == 1 and product in uncommon:
                    series[pid] = product
                dated[pid] = dose_order.with_dose(dated.get(pid, 0), number, when)
                at = hash((name_key, product, when))
                if by_dose.setdefault(at, pid) != pid:
                    by_dose[at] = AMBIGUOUS
                names.add(hash(name_key))
            elsewhere = with_brought(((recorded[person_id][0], *rest)
                                      for person_id, *rest in s.execute(there)), doses, dated)
        return cls(people, doses, by_dose=by_dose, db=db, reader=reader,
                   merged_keys=merged_keys, voided=voided, names=names, dated=dated,
                   twins=twins, emptied=emptied, mapped=mapped, elsewhere=elsewhere,
                   series=series, marks=(marks[0] or 0, marks[1] or 0))

    def catch_up(self, batch: int) -> None:
        """Known from here on: the people and doses saved beside this import (batch
        ``batch``) since it began, at the desk or on a paper form. Read once at the start,
        the import made a second record of a citizen the desk recorded meanwhile, under
        the same CCCD, and stored a dose 1 the paper form had just stored. Between chunks:
        two range reads past the marks, and a load of the few people they name."""
        if self.db is None:
            return
        ends = self._read(_MARKS_SQL, [])
        ends = (ends[0] or 0, ends[1] or 0)
        whom = self._rows(_SAVED_BESIDE, [self.marks[0], ends[0], batch,
                                          self.marks[1], ends[1], batch])
        self.marks = ends
        if not whom:
            return
        names = {name for name, _n in whom if name}
        numbers = {number for _name, number in whom if number}
        news = Known.load(self.db, self.reader, about=(names, numbers))
        for pid, theirs in news.doses.items():
            ours = self.doses.get(pid)
            if ours is None:
                self.doses[pid] = theirs
            else:  # a person this import made, given a dose beside it: the numbers and days
                for at, row in theirs.items():
                    if at is not None and at != "":
                        ours.setdefault(at, row)
        for mine, theirs in ((self.people, news.people), (self.by_dose, news.by_dose),
                             (self.twins, news.twins), (self.series, news.series),
                             (self.elsewhere, news.elsewhere), (self.dated, news.dated)):
            for key, value in theirs.items():
                mine.setdefault(key, value)
        for mine_set, theirs_set in ((self.voided, news.voided), (self.names, news.names),
                                     (self.emptied, news.emptied),
                                     (self.merged_keys, news.merged_keys)):
            mine_set |= theirs_set

    def _read(self, sql: str, params: list[Any]) -> tuple | None:
        """One read, in SQL on a connection kept for the import: through the ORM each read
        cost ~0.5 ms against ~12 µs here (measured). Autocommitted, so no read transaction
        stays open and the writer's WAL can still be checkpointed."""
        if self.db is None:
            return None
        if self._conn is None:
            self._conn = self.db.engine.raw_connection()
        return self._conn.driver_connection.execute(sql, params).fetchone()

    def _rows(self, sql: str, params: list[Any]) -> list[tuple]:
        """``_read``, every row."""
        if self.db is None:
            return []
        if self._conn is None:
            self._conn = self.db.engine.raw_connection()
        return self._conn.driver_connection.execute(sql, params).fetchall()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


# How far the person and dose tables go (``Known.marks``), and the people of the rows saved
# past them by anyone but the import (``catch_up``): folded names and ID numbers.
_MARKS_SQL = "SELECT (SELECT max(rowid) FROM person), (SELECT max(rowid) FROM dose)"
_MARKS = text(_MARKS_SQL)
_SAVED_BESIDE = (
    "SELECT name_key, id_number FROM person WHERE rowid > ? AND rowid <= ?"
    " AND import_batch_id IS NOT ?"
    " UNION SELECT p.name_key, p.id_number FROM dose d JOIN person p ON p.id = d.person_id"
    " WHERE d.rowid > ? AND d.rowid <= ? AND d.import_batch_id IS NOT ?")

# Other sites' doses (``with_brought``), of the people chosen by a ``where``.
BROUGHT = select(ExternalDose.person_id, ExternalDose.dose_number, ExternalDose.dose_date,
                 ExternalDose.site_code)


def with_brought(brought: Iterable[tuple[str, int, date, str | None]],
                 doses: dict[str, dict[Any, int]], dated: dict[str, int]
                 ) -> dict[tuple[str, Any], str]:
    """Other sites' doses (person, number, day, site) put in ``doses`` and ``dated`` as
    recorded ones; returns ``Known.elsewhere``: the site of each number and day not
    recorded here too."""
    elsewhere: dict[tuple[str, Any], str] = {}
    for pid, number, when, site in brought:
        known = doses.setdefault(pid, {})
        for at in (number, when):
            if at not in known:  # a dose of ours that number or day says it
                known[at] = 0
                elsewhere[(pid, at)] = site or "?"
        dated[pid] = dose_order.with_dose(dated.get(pid, 0), number, when)
    return elsewhere


def _kept(into: Mapping[str, str], pid: str) -> str:
    """``store.kept_record`` over the merges already read: the record that stands."""
    seen = {pid}
    while (nxt := into.get(pid)) is not None and nxt not in seen:
        seen.add(nxt)
        pid = nxt
    return pid
