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

from desktop_app.importers.headers import FIELDS, SCAN_ROWS, HeaderMatch, header_key
from desktop_app.importers.rows import _FIELD_ORDER, Row, RowReader
from desktop_app.importers.values import text
from desktop_app.rules.names import fold

DOSE_FIELDS = frozenset({"product", "lot_number", "dose_date", "facility", "dose_number"})
LONG_MAPPING = {f: i for i, f in enumerate(_FIELD_ORDER)}  # the mapping the doses are read with
MAX_DOSES = 20  # "Mũi 35" is a count, not a dose group
_ALIASES = {alias: f for f, aliases in FIELDS.items() for alias in aliases}
_GROUP = re.compile(r"^mui (?:thu |so )?(\d{1,2})$")
_SUFFIXED = re.compile(r"^(.+?) mui (?:thu |so )?(\d{1,2})$")  # "ngay tiem mui 1"
_PREFIXED = re.compile(r"^mui (?:thu |so )?(\d{1,2}) (.+)$")  # "mui 1 ngay tiem"


@dataclass(frozen=True)
class WideLayout:
    header: HeaderMatch  # its row is the last header row; its mapping the person's columns
    person: dict[str, int]  # field -> column, for what is said once per row
    groups: tuple[tuple[int, dict[str, int]], ...]  # (dose number, field -> column)

    def reader(self) -> Callable[[Sequence[Any]], list[tuple[int, tuple]]]:
        """A function from a sheet row to its doses: (dose number, cells in the long
        layout), the groups left blank skipped. Built once: per row it is a list
        concatenation and one C-level pick per group."""
        pad = max([*self.person.values(), *(c for _n, g in self.groups for c in g.values())]) + 1
        blank = pad  # index of a blank cell in the extended row
        numbers = {n: pad + 1 + i for i, (n, _g) in enumerate(self.groups)}
        tail = ["", *(n for n, _g in self.groups)]
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
        if any(_GROUP.match(k) for k in keys) and index + 1 < len(head):
            found = _two_rows(index, cells, keys, head[index + 1])
        else:
            found = _one_row(index, cells, keys)
        if found is not None:
            return found
    return None


def _two_rows(index: int, top: Sequence[Any], keys: list[str],
              below: Sequence[Any]) -> WideLayout | None:
    under = [header_key(c) for c in below] + [""] * max(0, len(keys) - len(below))
    person: dict[str, int] = {}
    groups: list[tuple[int, dict[str, int]]] = []
    labels = [str(c or "") for c in top] + [""] * max(0, len(under) - len(top))
    column = 0
    while column < len(labels):
        group = _GROUP.match(keys[column]) if column < len(keys) else None
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
        number, title, fields = int(group.group(1)), labels[column], {}
        span = column
        # The merged cell's span: blank above, a dose column named below.
        while span < len(under) and (span == column or not (span < len(keys) and keys[span])):
            field = _ALIASES.get(under[span])
            if field not in DOSE_FIELDS or field in fields:
                break
            fields[field] = span
            labels[span] = f"{title} - {below[span]}"
            span += 1
        if "dose_date" in fields and 1 <= number <= MAX_DOSES:
            groups.append((number, fields))
        column = max(span, column + 1)
    return _layout(index + 1, person, groups, labels)


def _one_row(index: int, cells: Sequence[Any], keys: list[str]) -> WideLayout | None:
    person: dict[str, int] = {}
    by_number: dict[int, dict[str, int]] = {}
    for column, key in enumerate(keys):
        matched = _SUFFIXED.match(key)
        field_key, number = (matched.group(1), matched.group(2)) if matched else ("", "")
        if not matched and (matched := _PREFIXED.match(key)):
            number, field_key = matched.group(1), matched.group(2)
        field = _ALIASES.get(field_key)
        if field in DOSE_FIELDS and 1 <= int(number) <= MAX_DOSES:
            by_number.setdefault(int(number), {}).setdefault(field, column)
        elif (plain := _ALIASES.get(key)) is not None and plain not in person:
            person[plain] = column
    groups = [(n, g) for n, g in sorted(by_number.items()) if "dose_date" in g]
    return _layout(index, person, groups, [str(c or "") for c in cells])


def _layout(row_index: int, person: dict[str, int], groups: list[tuple[int, dict[str, int]]],
            labels: list[str]) -> WideLayout | None:
    if "full_name" not in person or not groups or (len(groups) < 2 and _shared(person)):
        return None
    header = HeaderMatch(row_index, dict(person), tuple(labels), complete=True)
    return WideLayout(header, dict(person), tuple(sorted(groups)))


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
                cells_kept, said = to_fix[-1]
                to_fix[-1] = (cells_kept, f"{said} {reason}")
            else:
                to_fix[-1] = (to_fix[-1][0], reason)
