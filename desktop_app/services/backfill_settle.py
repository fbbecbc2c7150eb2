"""The corrections of recorded people an import decides once the whole file is read
(``Settling.settle``): from the candidate rows ``backfill_recorded`` gathered, what is
filled in (a field the record leaves empty), what is corrected (a supervisor's import), what
is held for a supervisor (``report.held``) and what is kept as is, with each row's final
word in the report."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from desktop_app.db.cleaning_store import follow_up
from desktop_app.importers.rows import (
    CORRECTABLE,
    CORRECTED,
    DUPLICATE,
    FLAGGED,
    RowReader,
    settled_corrections,
)
from desktop_app.rules.card_check import CARD_DIFFERS, cmnd_kept
from desktop_app.rules.cleaning import (
    CARD_SETTLED_BY,
    IDENTITY_CODES,
    joined_codes,
    split_codes,
)
from desktop_app.rules.messages import text as say
from desktop_app.rules.names import name_errors
from desktop_app.services.audit import describe_changes
from desktop_app.services.backfill_batch import Batch
from desktop_app.services.backfill_recorded import _held_mask, _plain_changes
from desktop_app.services.backfill_report import (
    PERSON_CORRECTED,
    HeldCorrection,
    ImportReport,
    RowIssue,
    is_stored,
    said_of_person,
)


class Settling:
    """``Known``'s part that settles the corrections once every row is read (``settle``),
    and the cleaning reason a corrected person is left with (``_reason``). It reads
    ``Known``'s ``candidates``, ``confirmed``, ``records``, ``order``, ``notes``,
    ``agreed``, ``mapped``, ``reasons`` and ``held``, and clears them."""

    reader: RowReader | None
    candidates: dict[str, list[tuple[RowIssue, dict[str, Any], str]]]
    confirmed: dict[str, int]
    records: dict[str, dict[str, Any]]
    held: dict[str, Any]
    order: list[RowIssue]
    reasons: dict[str, str | None]
    notes: list[RowIssue]
    agreed: set[str]
    mapped: int
    rehomed: dict[str, tuple[str, tuple]]

    if TYPE_CHECKING:
        def _read(self, sql: str, params: list[Any]) -> tuple | None: ...

    def settle(self, batch: Batch, report: ImportReport, *, may_correct: bool = True,
               hold: bool = False) -> None:
        """Decide the corrections once every row is read: a field changes when the file
        says one value for it (``settled_corrections``). Rows of a person whose file
        disagrees with itself on everything it would change become duplicates that say so;
        the others stay CORRECTED with what was changed. What the record lacks (an empty
        field, no usable ID) is filled in whoever imports, as a file fills in the people it
        makes. Without ``may_correct`` (a volunteer's import: correcting what a recorded
        person holds, and revoking their certificates, is a supervisor's) the rest makes
        them duplicates that say what a supervisor's import of the same file would correct.
        With ``hold`` they are duplicates that say the correction awaits the supervisor,
        and the corrections wait in ``report.held``. A row whose dose was stored (a new
        dose of the person, ``notes``) keeps its outcome and count, and its word is added
        to the report. The people held back (``place``) are handed to the batch, now that
        no row can move them."""
        batch.release()
        self.held.clear()
        if self.rehomed:  # a flag named a person of the file found since to be a record
            report.issues[:] = [_named_as_records(i, self.rehomed) for i in report.issues]
        if not self.candidates:
            return
        lang = report.lang
        final: dict[int, RowIssue] = {}

        def kept_as_is(pid: str, rows: list, code: str, held: dict | None = None,
                       also: str = "", **params: str) -> None:
            """The person's rows as duplicates that say why nothing (more) was corrected;
            those of a ``held`` correction keep whom and what it changes, for when it is
            decided; ``also``: what was filled in meanwhile. A stored row keeps its
            outcome, and names whom."""
            for issue, _given, _shown in rows:
                stored = is_stored(issue)
                named = held is not None or stored
                final[id(issue)] = RowIssue(
                    issue.sheet_row, issue.outcome if stored else DUPLICATE, code,
                    said_of_person(code, stored, lang, name=issue.person_name,
                                   person_id=pid, **params) + also,
                    person_id=pid if named else None,
                    person_name=issue.person_name if named else None,
                    changes=held if held is not None else (issue.changes if stored else None),
                    dose=issue.dose)

        for pid, rows in self.candidates.items():
            current = self.records[pid]
            confirmed = self.confirmed.get(pid, 0)
            if pid in self.agreed:  # a row gave each field the file has as recorded
                confirmed |= _held_mask(current) & self.mapped
            said = [given for _issue, given, _shown in rows]
            voted = {f for bit, f in enumerate(CORRECTABLE) if confirmed >> bit & 1}
            if any(g.get("old_id_number") == current["id_number"] for g in said):
                # A row giving the record's CMND alone is no vote against the CCCD another
                # row gives with it: the CMND stays, as the old number.
                voted -= {"id_type", "id_number"}
            changes, disagree = settled_corrections(current, said, voted)
            changes = _cmnd_kept(changes, current)
            labels = ", ".join(say("FIELD_" + f.upper(), lang) for f in disagree)
            if not changes:
                kept_as_is(pid, rows, "CORRECTION_DISAGREES", fields=labels)
                continue
            taken = changes if may_correct and not hold else _lacking(changes)
            rest = {f: c for f, c in changes.items() if f not in taken}
            was = self.reasons.get(pid, current["cleaning_reason"])
            filled = _plain_changes(taken)
            done = describe_changes(filled, lang)
            if taken:
                reason = self._reason(_merged(current, taken), rows, was, taken)
                batch.add_correction(pid, filled, reason, follow_up(
                    self._read, pid, was, reason, taken, batch.source))
                was = reason
            part = " " + say("CORRECTION_PART_DISAGREES", lang, fields=labels) \
                if disagree else ""
            if not rest:
                for issue, _given, _shown in rows:
                    stored = is_stored(issue)
                    final[id(issue)] = RowIssue(
                        issue.sheet_row, issue.outcome if stored else CORRECTED,
                        PERSON_CORRECTED, said_of_person(
                            PERSON_CORRECTED, stored, lang, name=issue.person_name,
                            person_id=pid, changes=done + part),
                        person_id=pid, person_name=issue.person_name, changes=filled,
                        dose=issue.dose)
                continue
            plain = _plain_changes(rest)
            said = describe_changes(plain, lang)
            also = " " + say("PERSON_FILLED_TOO", lang, changes=done) if taken else ""
            if not may_correct:
                kept_as_is(pid, rows, "CORRECTION_NEEDS_SUPERVISOR", also=also, changes=said)
                continue
            said += part
            name = rows[0][0].person_name or ""
            reason = self._reason(_merged(current, changes), rows, was, rest)
            report.held.append(HeldCorrection(pid, name, plain, said, reason))
            kept_as_is(pid, rows, "CORRECTION_AWAITS", plain, also=also, changes=said)
        report.issues[:] = _settled(report.issues, self.order, final)
        report.issues += [final[id(note)] for note in self.notes]
        corrected = sum(1 for i in final.values() if i.outcome == CORRECTED)
        report.counts[DUPLICATE] += report.counts[CORRECTED] - corrected
        report.counts[CORRECTED] = corrected
        self.candidates.clear()
        self.order.clear()
        self.notes.clear()
        self.agreed.clear()

    def _reason(self, merged: Mapping[str, Any],
                rows: list[tuple[RowIssue, dict[str, Any], str]], was: str | None,
                corrected: Mapping[str, Any]) -> str | None:
        """What still puts the corrected person on the cleaning list: the identity codes of
        the importer's own flag rules (an unreadable date of birth as the file typed it),
        and every other code of ``was`` (their reason as this import leaves it: a dose out
        of order, a booster stored as dose 1), as the desk's correction keeps them
        (``rules.cleaning.recomputed_codes``; ``corrected``: the fields changed)."""
        codes: list[str] = []
        if self.reader is not None:
            shown = "" if merged["dob"] is not None else next(
                (s for _issue, _given, s in reversed(rows) if s), "")
            flags = self.reader.identity_flags(merged["dob"], shown, merged["sex"],
                                               merged["id_type"], merged["id_number"])
            codes = [p.code for p in [*name_errors(merged["full_name"] or ""), *flags]]
        settled = {CARD_DIFFERS} if CARD_SETTLED_BY.intersection(corrected) else set()
        return joined_codes([*codes, *(c for c in split_codes(was)
                                       if c not in IDENTITY_CODES and c not in settled)])


def _lacking(changes: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    """Of ``changes``, what fills in a field the record leaves empty (an ID with its kind).
    What holds a value already, a mistyped ID too, is a correction (a supervisor's).

    >>> _lacking({"dob": [None, 1990], "phone": ["0912", "0987"],
    ...           "id_type": ["NONE", "CCCD"], "id_number": [None, "001090000001"]})
    {'dob': [None, 1990], 'id_type': ['NONE', 'CCCD'], 'id_number': [None, '001090000001']}
    """
    empty = {f for f, (old, _new) in changes.items() if old is None}
    if "id_number" in empty:
        empty.add("id_type")  # the number's kind goes with it
    elif "id_number" in changes:
        empty.discard("old_id_number")  # it goes with replacing the ID, a supervisor's
    return {f: c for f, c in changes.items() if f in empty}


def _cmnd_kept(changes: dict[str, list[Any]], current: Mapping[str, Any]
               ) -> dict[str, list[Any]]:
    """``changes`` with the record's CMND kept as its old number when they give it a CCCD
    (``card_check.cmnd_kept``, as a card or the police do).

    >>> _cmnd_kept({"id_type": ["CMND", "CCCD"], "id_number": ["012345678", "001090012345"]},
    ...            {"id_type": "CMND", "id_number": "012345678", "old_id_number": None})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'id_type': ['CMND', 'CCCD'], 'id_number': ['012345678', '001090012345'],
     'old_id_number': [None, '012345678']}
    """
    if "id_number" not in changes:
        return changes
    kept = cmnd_kept({"id_type": changes.get("id_type", [None, current["id_type"]])[1],
                      "id_number": changes["id_number"][1]},
                     id_type=current["id_type"], id_number=current["id_number"])
    old = kept.get("old_id_number", current["old_id_number"])
    if old == current["old_id_number"]:
        return changes
    return {**changes, "old_id_number": [current["old_id_number"], old]}


def _merged(current: Mapping[str, Any], changes: Mapping[str, list[Any]]) -> dict[str, Any]:
    """The record with ``changes`` made (an ID type NONE when no number is left)."""
    merged = {**current, **{f: new for f, (_old, new) in changes.items()}}
    if merged["id_number"] is None:
        merged["id_type"] = "NONE"
    return merged


def _settled(issues: list[RowIssue], order: list[RowIssue],
             final: Mapping[int, RowIssue]) -> list[RowIssue]:
    """The report's rows with each provisional CORRECTED one replaced by its final word.
    The report may hold copies (a wide sheet's say which dose): the n-th CORRECTED row is
    the n-th issue of ``order``, since rows are reported in the order they are placed."""
    provisional = iter(order)
    kept = []
    for issue in issues:
        if issue.outcome == CORRECTED:
            decided = final.get(id(next(provisional, None)))
            if decided is not None:
                issue = replace(decided, dose=issue.dose)
        kept.append(issue)
    return kept


_RECORD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _named_as_records(issue: RowIssue, rehomed: Mapping[str, tuple[str, tuple]]) -> RowIssue:
    """A flagged row's words with each person of the file that turned out to be a record
    (``_rehome``: never stored) named as that record instead: its twin was held when the
    row was read. One look a flagged row, by the record ids it names."""
    if issue.outcome != FLAGGED:
        return issue
    said = _RECORD_ID.sub(lambda m: rehomed[m[0]][0] if m[0] in rehomed else m[0],
                          issue.message)
    return issue if said == issue.message else replace(issue, message=said)
