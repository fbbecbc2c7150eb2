"""Wide provincial templates: one row per person, a group of columns per dose.

Two ways provinces write the header:

- two rows, a merged "Mũi 1" / "Mũi 2" / ... cell above each group, the group's own columns
  ("Ngày tiêm | Tên vắc xin | Số lô | Nơi tiêm") in the row below; the person's columns
  ("Họ và tên", "Ngày sinh", ...) merged down over both rows, or written in the lower one
  under a merged "Thông tin cá nhân";
- one row, each dose's column naming its dose: "Ngày tiêm mũi 1", "Mũi 2 - Tên vắc xin"
  (also how the fix workbook of a wide import writes it, so it imports again).

A merged cell reads as its value in the first column and blanks in the others, which is what
the group spans are found from. Each dose of a row becomes a row of the long layout (the
columns in ``rows._FIELD_ORDER``), judged by the same ``RowReader`` and placed by the same
rules: a wide sheet's outcomes are its doses'.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from desktop_app.importers.headers import (
    FIELDS,
    SCAN_ROWS,
    HeaderMatch,
    header_key,
    id_columns,
)
from desktop_app.importers.rows import _FIELD_ORDER, Row, RowReader
from desktop_app.importers.values import text
from desktop_app.rules.names import fold

DOSE_FIELDS = frozenset({"product", "lot_number", "dose_date", "facility", "dose_number"})
LONG_MAPPING = {f: i for i, f in enumerate(_FIELD_ORDER)}  # the mapping the doses are read with
MAX_DOSES = 20  # "Mũi 35" is a count, not a dose group
_ALIASES = {alias: f for f, aliases in FIELDS.items() for alias in aliases}
# A dose group's heading, folded: "Mũi 1", "Mũi thứ 2", "Mũi thứ nhất"; or a booster's,
# "Mũi nhắc lại lần 1", "Mũi bổ sung", "Mũi tăng cường" (group "b": no number of its own).
_ORDINALS = {"nhat": 1, "mot": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4}
_NUMBER = r"(?:thu |so )?(?P<n>\d{1,2}|nhat|mot|hai|ba|tu|bon)"
_DOSE = (rf"mui {_NUMBER}|(?P<b>(?:mui )?(?:nhac lai|tang cuong|bo sung|booster)"
         r"(?: (?:lan|thu|so))?(?: (?:\d{1,2}|nhat|mot|hai|ba))?)")
_GROUP = re.compile(rf"^(?:{_DOSE})$")
_SUFFIXED = re.compile(rf"^(?P<field>.+?) (?:{_DOSE})$")  # "ngay tiem mui 1"
_PREFIXED = re.compile(rf"^(?:{_DOSE}) (?P<field>.+)$")  # "mui 1 ngay tiem"
# A booster group's dose-number cell: no number, so each takes the person's next one after
# the doses before it (``values.unnumbered_booster``), as "Mũi nhắc lại" on a long sheet
# does: booster 1 is dose 2, 3 or 4 by the vaccine the person started with.
BOOSTER_CELL = "Mũi nhắc lại"


@dataclass(frozen=True)
class WideLayout:
    header: HeaderMatch  # its row is the last header row; its mapping the person's columns
    person: dict[str, int]  # field -> column, for what is said once per row
    # (dose number, field -> column); a booster group's number follows the last numbered
    # group's, in the order of the columns, and its doses take the person's next number.
    groups: tuple[tuple[int, dict[str, int]], ...]
    boosters: frozenset[int] = frozenset()

    def reader(self) -> Callable[[Sequence[Any]], list[tuple[int, tuple]]]:
        """A function from a sheet row to its doses: (dose number, cells in the long
        layout), the groups left blank skipped. Built once: per row it is a list
        concatenation and one C-level pick per group."""
        pad = max([*self.person.values(), *(c for _n, g in self.groups for c in g.values())]) + 1
        blank = pad  # index of a blank cell in the extended row
        numbers = {n: pad + 1 + i for i, (n, _g) in enumerate(self.groups)}
        tail = ["", *(BOOSTER_CELL if n in self.boosters else n for n, _g in self.groups)]
        pickers = []
        for number, group in self.groups:
            columns = [group.get(f, self.person.get(f, blank)) for f in _FIELD_ORDER]
            if "dose_number" not in group:
                columns[LONG_MAPPING["dose_number"]] = numbers[number]
            # One more blank cell: RowReader pads a row no longer than its widest column.
            pickers.append((number, itemgetter(*columns, blank),
                            itemgetter(*group.values(), blank)))
        own = itemgetter(*self.person.values(), blank)
        first = pickers[0]

        def doses(cells: Sequence[Any]) -> list[tuple[int, tuple]]:
            if len(cells) < pad:
                cells = [*cells, *([""] * (pad - len(cells)))]
            extended = [*cells[:pad], *tail]
            found = [(n, pick(extended)) for n, pick, mine in pickers if any(mine(extended))]
            if not found and any(own(extended)):  # a person without a dose: say so
                found = [(first[0], first[1](extended))]
            return found

        return doses

    def read_columns(self) -> dict[str, int]:
        """Every column the layout reads, by a name of its own (the person's field, or the
        dose's number and field): what the report's columns-not-read note leaves out."""
        read = dict(self.person)
        read.update((f"{n}:{f}", c) for n, g in self.groups for f, c in g.items())
        return read

    def first_facility(self, rows: Sequence[Sequence[Any]]) -> str | None:
        """The first place of vaccination named in the rows read with the header."""
        columns = [g["facility"] for _n, g in self.groups if "facility" in g]
        if "facility" in self.person:
            columns.insert(0, self.person["facility"])
        for cells in rows:
            for column in columns:
                name = text(cells[column]) if column < len(cells) else ""
                if name:
                    return name
        return None


def find_wide(head: Sequence[Sequence[Any]]) -> WideLayout | None:
    """The wide header among the first rows, or None for a long (one dose a row) sheet."""
    for index, cells in enumerate(head[:SCAN_ROWS]):
        keys = [header_key(c) for c in cells]
        found = None
        if any(_GROUP.match(k) for k in keys) and index + 1 < len(head):
            found = _two_rows(index, cells, keys, head[index + 1])
        if found is None:  # a lone "Mũi nhắc lại" column beside "Ngày tiêm mũi 1" ...
            found = _one_row(index, cells, keys)
        if found is not None:
            return found
    return None


def _dose_of(found: re.Match[str]) -> int | None:
    """A dose heading's number (``_DOSE``); None for a booster's."""
    if found.group("b"):
        return None
    said = found.group("n")
    return _ORDINALS[said] if said in _ORDINALS else int(said)


def _numbered(groups: list[tuple[int | None, dict[str, int]]]
              ) -> tuple[list[tuple[int, dict[str, int]]], frozenset[int]]:
    """The groups with each booster's number after the highest numbered one's, in column
    order, and those numbers."""
    last = max((n for n, _g in groups if n is not None), default=0)
    boosters = [last + i for i in range(1, 1 + sum(n is None for n, _g in groups))]
    turn = iter(boosters)
    return ([(n if n is not None else next(turn), g) for n, g in groups],
            frozenset(boosters))


def _two_rows(index: int, top: Sequence[Any], keys: list[str],
              below: Sequence[Any]) -> WideLayout | None:
    under = [header_key(c) for c in below] + [""] * max(0, len(keys) - len(below))
    person: dict[str, int] = {}
    groups: list[tuple[int | None, dict[str, int]]] = []
    labels = [str(c or "") for c in top] + [""] * max(0, len(under) - len(top))
    column = 0
    while column < len(labels):
        group = _GROUP.match(keys[column]) if column < len(keys) else None
        if group is None and column < len(keys) and keys[column] \
                and _ALIASES.get(keys[column]) is None \
                and _ALIASES.get(under[column]) in DOSE_FIELDS:
            # A heading over a dose's own columns, its date among them, that names no dose
            # this reads ("Mũi 35", "Đợt 3"): left unread and named so, never taken as the
            # person's (a group without a lot then read the booster's lot as its own).
            # Without a date ("Thông tin tiêm chủng" over the vaccine and the place every
            # dose shares) they are the row's, as ever.
            span = column + 1
            while span < len(under) and not (span < len(keys) and keys[span]) \
                    and _ALIASES.get(under[span]) in DOSE_FIELDS:
                span += 1
            if any(_ALIASES.get(under[c]) == "dose_date" for c in range(column, span)):
                title = labels[column]
                for c in range(column, span):
                    labels[c] = f"{title} - {below[c]}"
                column = span
                continue
        if group is None:
            # Merged down over both rows, or below a merged "Thông tin cá nhân".
            field = _ALIASES.get(keys[column] if column < len(keys) else "") \
                or _ALIASES.get(under[column])
            if field is not None and field not in person:
                person[field] = column
            labels[column] = labels[column] or str(below[column] if column < len(below)
                                                   else "")
            column += 1
            continue
        number, title, fields = _dose_of(group), labels[column], {}
        span = column
        # The merged cell's span: blank above, a dose column named below.
        while span < len(under) and (span == column or not (span < len(keys) and keys[span])):
            field = _ALIASES.get(under[span])
            if field not in DOSE_FIELDS or field in fields:
                break
            fields[field] = span
            labels[span] = f"{title} - {below[span]}"
            span += 1
        if "dose_date" in fields and (number is None or 1 <= number <= MAX_DOSES):
            groups.append((number, fields))
        column = max(span, column + 1)
    person.update(id_columns([keys[c] if c < len(keys) and keys[c] else under[c]
                              for c in range(len(under))]))
    return _layout(index + 1, person, *_numbered(groups), labels)


def _one_row(index: int, cells: Sequence[Any], keys: list[str]) -> WideLayout | None:
    person: dict[str, int] = {}
    # By dose number, or by a booster's heading (folded), each in its first column's order.
    by_dose: dict[int | str, dict[str, int]] = {}
    for column, key in enumerate(keys):
        matched = _SUFFIXED.match(key) or _PREFIXED.match(key)
        field = _ALIASES.get(matched.group("field")) if matched else None
        dose = None if matched is None else _dose_of(matched)
        if matched and field in DOSE_FIELDS and (dose is None or 1 <= dose <= MAX_DOSES):
            by_dose.setdefault(dose if dose is not None else matched.group("b"), {}) \
                .setdefault(field, column)
        elif (plain := _ALIASES.get(key)) is not None and plain not in person:
            person[plain] = column
    person.update(id_columns(keys))
    # Numbered groups by number, then boosters in the order their columns come.
    groups = [*sorted((n, g) for n, g in by_dose.items() if isinstance(n, int)),
              *((None, g) for n, g in by_dose.items() if not isinstance(n, int))]
    groups = [(n, g) for n, g in groups if "dose_date" in g]
    return _layout(index, person, *_numbered(groups), [str(c or "") for c in cells])


def _layout(row_index: int, person: dict[str, int], groups: list[tuple[int, dict[str, int]]],
            boosters: frozenset[int], labels: list[str]) -> WideLayout | None:
    if "full_name" not in person or not groups or (len(groups) < 2 and _shared(person)):
        return None
    header = HeaderMatch(row_index, dict(person), tuple(labels), complete=True)
    return WideLayout(header, dict(person), tuple(sorted(groups)), boosters)


def _shared(person: dict[str, int]) -> bool:
    """A single "Ngày tiêm mũi 1" beside a plain "Ngày tiêm" is a long sheet's extra column."""
    return "dose_date" in person


# What a commune writes in a dose's cells for a dose not given ("Chưa tiêm" under "Mũi 3"),
# folded: no dose, not one whose date is "Chưa tiêm" (refused, to be fixed). Only a dose's
# own cells say it (its date, vaccine, lot): its place may be the row's.
NO_DOSE = frozenset({"chua tiem", "khong tiem", "chua", "khong", "chua tiem mui nay"})
_C_OR_K = frozenset("cCkK")
_DOSE_CELLS = itemgetter(*(LONG_MAPPING[f] for f in ("dose_date", "product", "lot_number")))


def says_no_dose(cells: Sequence[Any]) -> bool:
    """Whether a dose group's filled cells only say the dose was not given.

    >>> says_no_dose(["Chưa tiêm", "", None]), says_no_dose(["KHÔNG TIÊM"])
    (True, True)
    >>> says_no_dose(["01/08/2021", "Pfizer"]), says_no_dose(["Chưa tiêm", "Pfizer"])
    (False, False)
    """
    said = False
    for cell in cells:
        if cell in ("", None):
            continue
        # A date, a vaccine, a lot: the common case leaves at its first cell, unfolded
        # (each of NO_DOSE begins with a c or a k, "Chưa", "KHÔNG").
        if type(cell) is not str or len(cell) > 24 or cell.lstrip()[:1] not in _C_OR_K \
                or fold(cell).strip() not in NO_DOSE:
            return False
        said = True
    return said


def take_row(doses: Callable[[Sequence[Any]], list[tuple[int, tuple]]], reader: RowReader,
             sheet_row: int, cells: list[Any], issues: list[Any], to_fix: list[Any],
             take: Callable[[Row], None], label: Callable[[int], str]) -> None:
    """Each dose of one sheet row through ``take`` (the long layout's), its report entries
    saying which dose, and the row at most once in the fix workbook with every reason."""
    fixed_before = len(to_fix)
    for number, long_cells in doses(cells):
        row = reader.read(sheet_row, long_cells)
        if row is None or row.problems and says_no_dose(_DOSE_CELLS(long_cells)):
            continue  # blank; or "Chưa tiêm" under the dose: looked at only when refused
        issued, fixes = len(issues), len(to_fix)
        take(row)
        for i in range(issued, len(issues)):
            issues[i] = issues[i].for_dose(number)
        if len(to_fix) > fixes:  # rejected: the whole sheet row, as read
            reason = f"{label(number)}: {to_fix[-1][1]}"
            if len(to_fix) - 1 > fixed_before:
                to_fix.pop()
                cells_kept, said, _row = to_fix[-1]
                to_fix[-1] = (cells_kept, f"{said} {reason}", sheet_row)
            else:
                to_fix[-1] = (to_fix[-1][0], reason, sheet_row)
