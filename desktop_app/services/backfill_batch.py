"""Rows ready for the writer: people, doses and corrections as tuples in the column order of
``db.bulk``, each record with the next of a block of ascending ids."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.db.ids import BLOCK, new_ids
from desktop_app.importers.rows import (
    Row,
)


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

    def _id(self) -> str:
        if not self._ids:
            self._ids = new_ids(BLOCK)[::-1]
        return self._ids.pop()

    def add_person(self, row: Row) -> str:
        pid = self._id()
        self.people.append((
            pid, self.site_id, row.full_name, row.name_key, stored_day(row.dob), row.sex,
            row.id_type if row.id_number else "NONE", row.id_number, None, row.phone,
            row.address, self.now, self.now, ",".join(row.flags) or None))
        return pid

    def add_dose(self, pid: str, row: Row, number: int) -> None:
        self.doses.append((self._id(), pid, self.site_id, row.product_code, row.lot_number,
                           number, stored_day(row.dose_date), self.source, "active", row.facility,
                           self.now, self.now))

    def hold(self, pid: str) -> None:
        """Keep the person just added from the writer until ``release``."""
        self.held[pid] = self.people.pop()
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
        self.people += self.held.values()
        self.doses += [d for doses in self.held_doses.values() for d in doses]
        self.held.clear()
        self.held_doses.clear()

    def add_correction(self, pid: str, changes: dict[str, list[Any]],
                       cleaning_reason: str | None) -> None:
        """``changes``: {field: [old, new]}, JSON-ready (dates ISO, as the columns keep
        them)."""
        self.corrections.append(correction(pid, changes, cleaning_reason, self.user_id))

    def take(self) -> tuple[list[tuple], list[tuple]]:
        taken = (self.people, self.doses)
        self.people, self.doses = [], []
        return taken

    def take_corrections(self) -> list[tuple]:
        taken, self.corrections = self.corrections, []
        return taken


def correction(pid: str, changes: dict[str, list[Any]], cleaning_reason: str | None,
               user_id: str | None) -> tuple:
    """A correction as ``bulk_sql.write_corrections`` takes it."""
    return (pid, {f: new for f, (_old, new) in changes.items()}, cleaning_reason,
            json.dumps(changes, ensure_ascii=False), user_id)


def stored_day(value: date | None) -> str | None:
    """A date as the columns keep it (ISO), or None."""
    return value.isoformat() if value is not None else None
