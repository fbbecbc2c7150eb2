"""Rows ready for the writer: people, doses and corrections as tuples in the column order of
``db.bulk``, each record with the next of a block of ascending ids."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.db.bulk_sql import PERSON_COLUMNS
from desktop_app.db.ids import BLOCK, new_ids
from desktop_app.importers.rows import (
    Row,
)

# Chunks handed over that the writer may still be writing: its queue holds at most three
# (``bulk_process`` depth 3, ``bulk`` 2) and it writes one more; one for good measure.
# Any person of an earlier chunk is committed, and a read of the database finds them.
HANDED_KEPT = 5


@dataclass
class Batch:
    """Rows ready for the writer, as tuples in the column order of ``db.bulk``."""

    site_id: str
    now: str  # as SQLAlchemy stores a DateTime in SQLite
    source: str = "import"  # dose.source: "import" (a file) or "backfill" (a paper form)
    user_id: str | None = None  # who imports: the corrections' audit entries name them
    people: list[tuple] = field(default_factory=list)
    doses: list[tuple] = field(default_factory=list)
    corrections: list[tuple] = field(default_factory=list)  # see bulk_sql.write_chunk
    # People (and their doses) kept from the writer until ``release``: a later row of the
    # file may show one is a person already recorded (``Known.place``).
    held: dict[str, tuple] = field(default_factory=dict)
    held_doses: dict[str, list[tuple]] = field(default_factory=dict)
    _ids: list[str] = field(default_factory=list)  # reversed: pop() hands them out ascending
    # Where each person of ``people`` is, until ``take``: ``amend`` finds them in one look.
    _at: dict[str, int] = field(default_factory=dict)
    # The people of the chunks handed over that the writer may not have committed yet, as
    # (``_at``, ``people``, doses handed over so far): ``person`` finds them there.
    handed: deque[tuple[dict[str, int], list[tuple], int]] = field(
        default_factory=lambda: deque(maxlen=HANDED_KEPT))
    doses_handed: int = 0  # doses of the chunks taken for the writer so far

    def _id(self) -> str:
        if not self._ids:
            self._ids = new_ids(BLOCK)[::-1]
        return self._ids.pop()

    def add_person(self, row: Row) -> str:
        pid = self._id()
        self.people.append((
            pid, self.site_id, row.full_name, row.name_key, stored_day(row.dob), row.sex,
            row.id_type if row.id_number else "NONE", row.id_number, None, row.phone,
            row.address, self.now, self.now, row.old_id_number,
            (",".join(row.flags) or None) if row.problems else None))
        self._at[pid] = len(self.people) - 1
        return pid

    def add_dose(self, pid: str, row: Row, number: int) -> None:
        self.doses.append((self._id(), pid, self.site_id, row.product_code, row.lot_number,
                           number, stored_day(row.dose_date), self.source, "active", row.facility,
                           self.now, self.now))

    def flag(self, pid: str, code: str) -> bool:
        """Put ``code`` among the cleaning reasons of a person not yet handed to the writer
        (held, or in the chunk in hand: a later row of theirs found their doses out of
        order). False when they were handed over (an earlier chunk) or recorded before: a
        correction must flag them then (``Known._flag``)."""
        if pid in self.held:
            self.held[pid] = _flagged(self.held[pid], code)
            return True
        at = self._at.get(pid)
        if at is None:
            return False
        self.people[at] = _flagged(self.people[at], code)
        return True

    def hold(self, pid: str) -> None:
        """Keep the person just added from the writer until ``release``."""
        self.held[pid] = self.people.pop()
        self._at.pop(pid, None)
        self.held_doses[pid] = []

    def hold_dose(self, pid: str) -> None:
        """Keep the dose just added (a held person's) with its person."""
        self.held_doses[pid].append(self.doses.pop())

    def rehome(self, pid: str, into: str, number: Callable[[int], int]) -> None:
        """The held person ``pid`` is ``into`` (recorded): their doses become ``into``'s,
        each numbered ``number(its number)``, and ``pid`` is never stored."""
        del self.held[pid]
        self.doses += [(d[0], into, *d[2:5], number(d[5]), *d[6:])
                       for d in self.held_doses.pop(pid)]

    def release(self) -> None:
        """Every held person and dose to the writer with the next ``take``."""
        for pid, person in self.held.items():  # found where ``flag`` and ``amend`` look
            self._at[pid] = len(self.people)
            self.people.append(person)
        self.doses += [d for doses in self.held_doses.values() for d in doses]
        self.held.clear()
        self.held_doses.clear()

    def add_correction(self, pid: str, changes: dict[str, list[Any]],
                       cleaning_reason: str | None, case: tuple | None = None) -> None:
        """``changes``: {field: [old, new]}, JSON-ready (dates ISO, as the columns keep
        them); ``case``: what it does to a recorded person's cleaning case
        (``cleaning_store.follow_up``)."""
        self.corrections.append(correction(pid, changes, cleaning_reason, self.user_id, case))

    def amend(self, pid: str, sets: dict[str, Any],
              reason: Callable[[str | None], str | None]) -> bool:
        """Change a person not yet handed to the writer (held, or in the chunk in hand):
        ``sets`` {column: value as stored}, and their cleaning reason made ``reason(it)``.
        False when they were handed over already: a correction must change them then."""
        if pid in self.held:
            self.held[pid] = _amended(self.held[pid], sets, reason)
            return True
        at = self._at.get(pid)
        if at is None:
            return False
        self.people[at] = _amended(self.people[at], sets, reason)
        return True

    def person(self, pid: str) -> tuple | None:
        """A person's row as the writer gets it (``PERSON_COLUMNS``), if it is held, in
        the chunk in hand or in one of the last HANDED_KEPT chunks handed over; None when
        it was handed over before those (then committed) or never made here."""
        if pid in self.held:
            return self.held[pid]
        at = self._at.get(pid)
        if at is not None:
            return self.people[at]
        for where, people, _upto in reversed(self.handed):
            at = where.get(pid)
            if at is not None:
                return people[at]
        return None

    def committed(self, doses: int) -> None:
        """The writer has committed ``doses`` doses: the chunks they make up are in the
        database, and their people need not be kept (``person`` reads them there)."""
        while self.handed and self.handed[0][2] <= doses:
            self.handed.popleft()

    def take(self) -> tuple[list[tuple], list[tuple]]:
        taken = (self.people, self.doses)
        self.doses_handed += len(self.doses)
        self.handed.append((self._at, self.people, self.doses_handed))  # read only now
        self.people, self.doses = [], []
        self._at = {}
        return taken

    def take_corrections(self) -> list[tuple]:
        taken, self.corrections = self.corrections, []
        return taken


def correction(pid: str, changes: dict[str, list[Any]], cleaning_reason: str | None,
               user_id: str | None, case: tuple | None = None) -> tuple:
    """A correction as ``bulk_sql.write_corrections`` takes it (``case``: see
    ``add_correction``)."""
    return (pid, {f: new for f, (_old, new) in changes.items()}, cleaning_reason,
            json.dumps(changes, ensure_ascii=False), user_id, case)


def with_code(reason: str | None, code: str) -> str | None:
    """A cleaning reason (codes joined by commas) with ``code`` among its codes.

    >>> with_code(None, "DOSE_ORDER"), with_code("DOB_REQUIRED", "DOSE_ORDER")
    ('DOSE_ORDER', 'DOB_REQUIRED,DOSE_ORDER')
    >>> with_code("DOSE_ORDER", "DOSE_ORDER")
    'DOSE_ORDER'
    """
    codes = reason.split(",") if reason else []
    return reason if code in codes else ",".join([*codes, code])


def _flagged(person: tuple, code: str) -> tuple:
    """A person's row for the writer with one more cleaning reason (its last column)."""
    reason = with_code(person[-1], code)
    return person if reason == person[-1] else (*person[:-1], reason)


_PERSON_COLUMN = {name: i for i, name in enumerate(PERSON_COLUMNS)}


def _amended(person: tuple, sets: dict[str, Any],
             reason: Callable[[str | None], str | None]) -> tuple:
    """A person's row for the writer with ``sets`` and its cleaning reason (last) redone."""
    changed = list(person)
    for name, value in sets.items():
        changed[_PERSON_COLUMN[name]] = value
    changed[-1] = reason(person[-1])
    return tuple(changed)


def stored_day(value: date | None) -> str | None:
    """A date as the columns keep it (ISO), or None."""
    return value.isoformat() if value is not None else None
