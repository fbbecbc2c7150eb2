"""A row against a person recorded before the import: whether it is theirs (their folded
name and the row's dose, one read by key: ``_recorded``; nothing that says it is somebody
else: ``_another_person``), what it would correct of them (a candidate, decided once the
file is read: ``backfill_settle``), what a row of a new dose of theirs says of them that
the record does not (``_says_more``), and a person this file made who turns out to be them
(``_rehome``). The CORRECTABLE fields a row gives, a record holds or a file has a column
for are counted as bits of a small int (``_given_mask``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop_app.importers.headers import ID_ELSE
from desktop_app.importers.rows import CORRECTABLE, CORRECTED, Row, RowReader, given_identity
from desktop_app.rules.cleaning import split_codes
from desktop_app.rules.identity import is_well_formed_id
from desktop_app.rules.messages import text as say
from desktop_app.services.audit import describe_changes
from desktop_app.services.backfill_batch import Batch, stored_day
from desktop_app.services.backfill_people import MADE as _MADE
from desktop_app.services.backfill_people import RECORDED as _RECORDED
from desktop_app.services.backfill_people import plain as _plain
from desktop_app.services.backfill_people import row_identity as _row_identity
from desktop_app.services.backfill_placing import _duplicate
from desktop_app.services.backfill_report import PERSON_CORRECTED, RowIssue

_ALL_FIELDS = 0b1111111  # every CORRECTABLE field, as ``_given_mask``'s bits
_OLD_NUMBER = 1 << 6  # old_id_number's: only a file with the CMND in a column of its own


class RecordedPeople:
    """``Known``'s part that weighs a row against a person recorded before: ``_consider``
    (a row of a recorded dose), ``_says_more`` (a row of a new dose of theirs), ``_rehome``
    (a held person of this file found to be them), and the reads of the record
    (``_recorded``, ``_record``). It fills ``Known``'s ``candidates``, ``confirmed``,
    ``records``, ``order``, ``notes`` and ``agreed`` for ``settle``."""

    people: dict[Any, str]
    doses: dict[str, dict[Any, int]]
    people_created: int
    held: dict[str, Any]
    aliases: dict[str, list[Any]]
    candidates: dict[str, list[tuple[RowIssue, dict[str, Any], str]]]
    confirmed: dict[str, int]
    records: dict[str, dict[str, Any]]
    order: list[RowIssue]
    notes: list[RowIssue]
    agreed: set[str]
    _last_read: tuple[str, dict[str, Any]] | None
    imported_before: int | None
    changed: dict[str, frozenset[str]]

    if TYPE_CHECKING:
        def _read(self, sql: str, params: list[Any]) -> tuple | None: ...

        def _flag(self, pid: str, code: str, batch: Batch) -> None: ...

        def _values(self, pid: str, batch: Batch) -> tuple | None: ...

        def _rows(self, sql: str, params: list[Any]) -> list[tuple]: ...

    rehomed: dict[str, tuple[str, tuple]]

    def _rehome(self, pid: str, found: str, row: Row, batch: Batch) -> bool:
        """``pid``, a person this file made (held), is ``found``: the row's dose is theirs,
        recorded under the same folded name, and nothing says it is somebody else. Their
        doses so far move to ``found`` as ``place`` would have put them there (a number
        the importer gave is given again after ``found``'s), and the person is not stored.
        False, and nothing moved, when a dose of theirs would be a duplicate of
        ``found``'s: two people, then, or a clash only a person can sort out."""
        mine, theirs = self.doses[pid], self.doses.get(found)
        if theirs is None or any(k in theirs for k, v in mine.items()
                                 if type(k) is not int or v > 0):
            return False
        if len({v > 0 for k, v in mine.items() if type(k) is int}) > 1:
            return False  # numbers given and numbers inferred: the clash is the file's
        current = self._recorded(found, row)
        if current is None or _another_person(current, row):
            return False
        # Their doses' flags are ``found``'s: out of order among themselves (numbers given
        # are kept), outside their vaccine's ages. Not a booster's as dose 1: it follows
        # ``found``'s doses now.
        carried = [c for c in split_codes(batch.held[pid][-1]) if c in _CARRIED]

        def number(given: int) -> int:
            if mine[given] > 0:
                theirs[given] = mine[given]
                return given
            n = max((k for k in theirs if type(k) is int), default=0) + 1
            theirs[n] = mine[given]
            return n

        said = self._values(pid, batch)
        if said is not None:  # a later twin of theirs is flagged naming the record
            self.rehomed[pid] = (found, said)
        batch.rehome(pid, found, number)
        theirs.update((k, v) for k, v in mine.items() if type(k) is not int and k != _MADE)
        self.people[self.held.pop(pid)] = found
        for key in self.aliases.pop(pid, ()):  # an old CMND, an ID a later row gave
            if self.people.get(key) == pid:
                self.people[key] = found
        del self.doses[pid]
        self.people_created -= 1
        for code in carried:
            self._flag(found, code, batch)
        return True

    def _consider(self, pid: str, row: Row, lang: str) -> RowIssue | None:
        """A row of ``pid`` (same folded name, a dose of theirs) that may correct them: a
        provisional CORRECTED issue (``settle`` decides), a duplicate when it gives nothing
        new, None when the record does not bear the match out (another name, no such dose:
        a hash collision or a dose number that differs)."""
        current = self._recorded(pid, row)
        if current is None or _another_person(current, row):
            return None
        issue = self._candidate(pid, current, row, lang)
        if issue is None:  # the row's dose, and nothing new about its person
            return _duplicate(row, row.dose_number, 0, "", "DUPLICATE_IN_DATABASE"
                              if row.dose_number else "DUPLICATE_SAME_DAY_IN_DATABASE", lang)
        self.order.append(issue)
        self.people.setdefault(row.person_key(), pid)  # its other rows find the same person
        return issue

    def _says_more(self, pid: str, known: dict[Any, int], row: Row, lang: str) -> None:
        """A row whose dose is stored for ``pid``, recorded before: what it says of them
        that the record does not (a date of birth it lacks, another phone) is weighed with
        the rows that resend their doses (``settle``), and said under the row (``notes``).
        One hash when the row says what is recorded (a vote for it, as such a row of a
        recorded dose is); one read of the record by its key per person and per distinct
        thing their rows say otherwise (``_COMPARED``): never a read a row. (A person with
        no active dose, an undone import's, has no hash kept: their first row reads.)"""
        said = _row_identity(row)
        if said == known.get(_RECORDED) and row.old_id_number is None:  # (the hash has none)
            self.agreed.add(pid)
            return
        if known.get(_COMPARED) == said:
            return  # weighed already: the same values again change nothing
        known[_COMPARED] = said  # type: ignore[assignment]
        current = self._record(pid)
        if current is None or current["name_key"] != row.name_key or \
                _another_person(current, row):
            return
        note = self._candidate(pid, current, row, lang, stored=True)
        if note is not None:
            self.records.setdefault(pid, current)  # as ``settle`` weighs them
            self.notes.append(note)

    def _candidate(self, pid: str, current: dict[str, Any], row: Row, lang: str,
                   stored: bool = False) -> RowIssue | None:
        """The row as a candidate correction of ``pid`` (``candidates``), with its
        provisional issue; None, and a vote for the record's values, when it gives nothing
        new. ``stored``: the row's dose is stored (its issue keeps the row's outcome)."""
        given = given_identity(row, current)
        differs = {f: [current[f], v] for f, v in given.items() if v != current[f]}
        if differs and self.imported_before is not None:
            # The file was imported before: a field changed since (at the desk, on the
            # police's answer) was changed knowing what it says. Imported again, it would
            # put back what was corrected.
            later = self._changed_since(pid).intersection(differs)
            given = {f: v for f, v in given.items() if f not in later}
            differs = {f: c for f, c in differs.items() if f not in later}
        if not differs:
            self.confirmed[pid] = self.confirmed.get(pid, 0) | _given_mask(row)
            return None
        shown = next((p.params.get("value", "") for p in row.problems
                      if p.code in ("DOB_INVALID", "DOB_AMBIGUOUS")), "")
        name = current["full_name"]
        plain = _plain_changes(differs)
        issue = RowIssue(row.sheet_row, row.outcome if stored else CORRECTED, PERSON_CORRECTED,
                         say(PERSON_CORRECTED, lang, name=name, person_id=pid,
                             changes=describe_changes(plain, lang)),
                         person_id=pid, person_name=name, changes=plain)
        self.candidates.setdefault(pid, []).append((issue, given, shown))
        return issue

    def _changed_since(self, pid: str) -> frozenset[str]:
        """The CORRECTABLE fields of ``pid`` changed after this file's earlier import
        (``imported_before``), by their audit entries: one read by the entity index a
        person, and only of a person a row would correct."""
        changed = self.changed.get(pid)
        if changed is None:
            changed = self.changed[pid] = frozenset(
                f for (details,) in self._rows(_CHANGED_SQL, [pid, self.imported_before])
                for f in json.loads(details or "{}") if f in CORRECTABLE)
        return changed

    def _record(self, pid: str) -> dict[str, Any] | None:
        """The recorded person as the file found them (``_recorded``, whatever their doses):
        one read by key. Those a correction weighs are kept in ``records``; of the others
        only the last read (a row's name check and its comparison read once), so that the
        records of a big file's people are not kept."""
        current = self.records.get(pid)
        if current is not None:
            return current
        if self._last_read is not None and self._last_read[0] == pid:
            return self._last_read[1]
        found = self._read(_PERSON_SQL, [pid])
        if found is None:
            return None
        current = _as_record(found)
        self._last_read = (pid, current)
        return current

    def _recorded(self, pid: str, row: Row) -> dict[str, Any] | None:
        """The person as recorded, if the name matches and the row's dose is theirs: one
        primary-key lookup, for candidate rows only. Nothing this import does reaches the
        database before ``settle``, so what is read is the record as the file found it (but
        a flag's cleaning reason, which ``reasons`` keeps)."""
        sql, params = _RECORDED_SQL, [pid, pid, row.product_code, stored_day(row.dose_date)]
        if row.dose_number:
            sql, params = _RECORDED_SQL_NUMBERED, [*params, row.dose_number]
        found = self._read(sql, params)
        if found is None:
            return None
        current = self.records.setdefault(pid, _as_record(found))
        return current if current["name_key"] == row.name_key else None


_RECORDED_SQL = (
    f"SELECT full_name, name_key, {', '.join(CORRECTABLE)}, cleaning_reason FROM person"
    " WHERE id = ? AND EXISTS"
    " (SELECT 1 FROM dose WHERE person_id = ? AND product_code = ? AND dose_date = ?"
    " AND status = 'active')")


_RECORDED_SQL_NUMBERED = _RECORDED_SQL[:-1] + " AND dose_number = ?)"
_PERSON_SQL = _RECORDED_SQL[:_RECORDED_SQL.index(" AND EXISTS")]
# In a recorded person's dose dict (``Known.doses``): the last thing a row of a new dose of
# theirs said otherwise than the record (``row_identity``), weighed once (``_says_more``).
_COMPARED = "compared"
# A person's changes (at the desk, on the police's answer, from the central platform)
# audited after an entry: ``_changed_since``.
_CHANGED_SQL = ("SELECT details FROM audit_entry WHERE entity = 'person' AND entity_id = ?"
                " AND action IN ('update', 'central') AND id > ?")


def _as_record(found: tuple) -> dict[str, Any]:
    """A recorded person as ``_RECORDED_SQL`` (or ``_PERSON_SQL``) reads them."""
    current = dict(zip(("full_name", "name_key", *CORRECTABLE, "cleaning_reason"), found,
                       strict=True))
    current["dob"] = date.fromisoformat(current["dob"]) if current["dob"] else None
    return current


def _plain_changes(changes: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` as the audit's JSON keeps them (dates ISO)."""
    return {f: [_plain(old), _plain(new)] for f, (old, new) in changes.items()}


# A held person's flags that go with their doses to the recorded person they turn out to be.
_CARRIED = frozenset({"DOSE_ORDER", "DOSE_AGE_OUTSIDE"})


def _another_person(current: Mapping[str, Any], row: Row) -> bool:
    """The row names someone else than the record its name and dose match: a well-formed ID
    of theirs that is not the record's well-formed one, or (unless the two IDs agree)
    another date of birth. Namesakes vaccinated side by side are common; what identifies a
    person is never overwritten with another person's."""
    row_id = is_well_formed_id(row.id_type, row.id_number)
    if row_id and is_well_formed_id(current["id_type"], current["id_number"]):
        # The same document: another date of birth is then a correction. So is the old
        # CMND the row gives beside its CCCD as the record's ID, or the record's old one.
        return row.id_number != current["id_number"] and not renumbered(current, row)
    return row.dob is not None and current["dob"] is not None and row.dob != current["dob"]


def renumbered(current: Mapping[str, Any], row: Row) -> bool:
    """The row and the record name one person by two numbers: the row gives the record's ID
    as its old CMND (a record to renumber), or the record's old CMND as its ID."""
    return bool((row.old_id_number and row.old_id_number == current["id_number"])
                or (row.id_number and row.id_number == current["old_id_number"]))


def _given_mask(row: Row) -> int:
    """The CORRECTABLE fields a row gives (``given_identity``'s keys) as bits: a small
    int per person met, not a set, on a re-import of a million rows."""
    has_id = is_well_formed_id(row.id_type, row.id_number)
    return ((row.dob is not None) | (row.sex is not None) << 1 | has_id << 2 | has_id << 3
            | (row.phone is not None) << 4 | (row.address is not None) << 5
            | (row.old_id_number is not None) << 6)


def _held_mask(current: Mapping[str, Any]) -> int:
    """``_given_mask`` of a row that gives the record's own values: the fields it holds."""
    has_id = is_well_formed_id(current["id_type"], current["id_number"])
    return ((current["dob"] is not None) | (current["sex"] is not None) << 1 | has_id << 2
            | has_id << 3 | (current["phone"] is not None) << 4
            | (current["address"] is not None) << 5
            | (current["old_id_number"] is not None) << 6)


def _mapped(reader: RowReader | None) -> int:
    """The CORRECTABLE fields a file has a column for, as ``_given_mask``'s bits (every
    one for a paper form, or without a reader)."""
    if reader is None:
        return _ALL_FIELDS
    has = reader.mapping.__contains__
    return (has("dob") | has("sex") << 1 | has("id_number") << 2 | has("id_number") << 3
            | has("phone") << 4 | has("address") << 5 | has(ID_ELSE) << 6)
