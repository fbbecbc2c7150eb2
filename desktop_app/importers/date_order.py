"""Which way a file writes its dates: day first (dd/mm/yyyy, as Vietnamese forms do) or month
first (m/d/yyyy: what an English-locale Excel or LibreOffice writes into a CSV, "9/5/2021"
for 5 September), decided per column from the column's own text dates.

One cell cannot tell: "9/5/2021" reads both ways. The column can: a cell that reads only
month first ("8/16/2021") and none that reads only day first makes the column month first,
and every cell of it is read so (the report says so); cells of both kinds in earnest make
it mixed, and a cell that reads both ways is refused, naming its row and column, never
guessed. A few cells against many (``STRAY``: under one cell in twenty) are typos in a
column of the many's order, not another order: the column is read as the many, and the few
are refused as dates that do not exist, as ever. Cells, not distinct texts: a sheet of a
few months has only a few dozen distinct dates that read one way only, however many rows.
Without this, one "12/13/2021" typed into a Vietnamese sheet refused every dose given in
the first twelve days of a month.
A column that shows neither follows the file's other date column when that one is month
first (one program wrote the file), else is read day first, as ever.

The order is decided on the first ``LOOK_AHEAD`` rows (``look_ahead``), before any is
stored: a file of that size or less is judged whole. Past them, cells that read only the
other way make the column mixed from the one that tips it on (``DateOrder.mixed_at``), said
in the report too (the rows before it read the earlier way), once more distinct texts read
so than the order's evidence tolerates as typos (``tolerated``: at least ``TYPOS``; none for
a column read day first for want of any evidence). A typo repeated on several rows (one
session's day) is one text; a typo the look-ahead weighed already (``DateOrder.typos``) is
not counted again. Each distinct text is looked at once (``Evidence``); the reading itself
is cached by the raw cell like every other (``rows._Memo``): a million rows cost nothing
more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import chain
from typing import Any

from desktop_app.importers.values import clean_date, is_serial
from desktop_app.rules.dates import format_date, full_year

DAY_FIRST, MONTH_FIRST, MIXED = "day_first", "month_first", "mixed"
AMBIGUOUS = "ambiguous"  # a cell that reads both ways
FIELDS = ("dob", "dose_date")  # the date columns of a row
LOOK_AHEAD = 20_000  # rows read before any is judged: an import's first chunk
STRAY = 20  # the many's cells over the few's at which the few are typos
TYPOS = 2  # distinct texts read the other way past the look-ahead always taken for typos
_SLASHED = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
_LONGEST = 30  # characters: a longer cell is no date ("9/5/2021 00:00:00" is 17)


def _numbers(text: str, this_year: int | None = None) -> tuple[int, int, int] | None:
    """(first, second, year) of "a/b/yyyy" or "a/b/yy" (a time after it ignored), else
    None. Two digits are a year as ``rules.dates.full_year`` reads them before
    ``this_year``; without it, in this century: which way a cell reads does not hang on
    its century (29/02/00 aside, and 2000 was a leap year)."""
    text = text.strip()
    if " " in text:
        text = text.split(" ", 1)[0]  # "9/5/2021 0:00": a date cell saved with its time
    found = _SLASHED.match(text)
    if found is None:
        return None
    year = int(found[3])
    if len(found[3]) == 2:
        year = full_year(year, this_year) if this_year else 2000 + year
    return int(found[1]), int(found[2]), year


def short_year(text: str) -> bool:
    """Whether a text date writes its year with two digits ("5/9/90").

    >>> short_year("5/9/90"), short_year("05/09/1990"), short_year("90")
    (True, False, False)
    """
    found = _SLASHED.match(text.strip().split(" ", 1)[0])
    return found is not None and len(found[3]) == 2


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def reading(text: str, this_year: int | None = None) -> str | None:
    """How a text date may be read: DAY_FIRST or MONTH_FIRST only, AMBIGUOUS (both), or
    None (the same either way, neither, or no "a/b/yyyy" date at all).

    >>> [reading(t) for t in ("16/08/2021", "8/16/2021", "9/5/2021", "5/5/2021",
    ...                       "31/02/2021", "2021-09-05", "1990")]
    ['day_first', 'month_first', 'ambiguous', None, None, None, None]
    """
    if len(text) > _LONGEST:
        return None
    numbers = _numbers(text, this_year)
    if numbers is None:
        return None
    first, second, year = numbers
    day_first = _day(year, second, first) is not None
    month_first = _day(year, first, second) is not None
    if day_first and month_first:
        return None if first == second else AMBIGUOUS
    return DAY_FIRST if day_first else MONTH_FIRST if month_first else None


def readings(text: str, this_year: int | None = None) -> tuple[str, str]:
    """The two dates an ambiguous cell may be, day first then month first, as shown.

    >>> readings("9/5/2021"), readings("9/5/85", 2026)
    (('09/05/2021', '05/09/2021'), ('09/05/1985', '05/09/1985'))
    """
    first, second, year = _numbers(text, this_year) or (0, 0, 0)
    return format_date(date(year, second, first)), format_date(date(year, first, second))


@dataclass
class Evidence:
    """What one column's text dates show of their order: the first cell (sheet row, text)
    that reads only day first and the first that reads only month first, how many cells
    read only each way, and the first that writes its year with two digits."""

    day_first: tuple[int, str] | None = None
    month_first: tuple[int, str] | None = None
    short: tuple[int, str] | None = None
    days: int = 0
    months: int = 0
    ambiguous: int = 0  # cells of text that read both ways
    # Date cells (the spreadsheet's own): those of a day of the month up to 12, the first
    # of them (row, cell), and those past it: ``swapped`` tells a column of typed dd/mm
    # that an English-locale Excel made date cells of, month first.
    low_cells: int = 0
    first_low: tuple[int, date] | None = None
    high_cells: int = 0
    seen: dict[str, str | None] = field(default_factory=dict, repr=False)  # text -> reading

    def look(self, row: int, cell: Any) -> None:
        if type(cell) is not str:
            if isinstance(cell, date):
                if cell.day > 12:
                    self.high_cells += 1
                else:
                    self.low_cells += 1
                    self.first_low = self.first_low or (row, cell)
            return
        how = self.seen.get(cell, "")
        if how == "":  # read once a distinct text
            how = self.seen[cell] = reading(cell)
            if self.short is None and short_year(cell):
                self.short = (row, cell.strip())
            if how == DAY_FIRST and self.day_first is None:
                self.day_first = (row, cell.strip())
            elif how == MONTH_FIRST and self.month_first is None:
                self.month_first = (row, cell.strip())
        if how == DAY_FIRST:
            self.days += 1
        elif how == MONTH_FIRST:
            self.months += 1
        elif how == AMBIGUOUS:
            self.ambiguous += 1

    def texts(self, how: str) -> frozenset[str]:
        """The distinct texts that read only ``how``."""
        return frozenset(t for t, h in self.seen.items() if h == how)


@dataclass(frozen=True)
class DateOrder:
    """How one field's text dates are read, and the cells that decided it.
    ``like``: month first for want of evidence of its own, as the file's other date field.
    ``since``: mixed from this cell on (row, text), found past the rows looked ahead at;
    ``was``: the order the rows before it were read in. ``tolerated``: how many distinct
    texts read the other way past the rows looked ahead at are typos, in proportion to the
    evidence; ``typos``: those the look-ahead found, already weighed. ``this_year``: the
    year two-digit years are read before (``rules.dates.full_year``; None: such a cell is
    no date); ``short``: the first cell the look-ahead found that writes one (row, text)."""

    kind: str = DAY_FIRST
    day_first: tuple[int, str] | None = None
    month_first: tuple[int, str] | None = None
    like: str | None = None
    since: tuple[int, str] | None = None
    was: str | None = None
    tolerated: int = 0  # distinct texts read the other way past the look-ahead: typos
    strays: frozenset[str] = frozenset()  # those found so far
    typos: frozenset[str] = frozenset()  # the other way's texts the look-ahead weighed
    this_year: int | None = None
    short: tuple[int, str] | None = None
    # Its date cells read day for month (``swapped``): the first of them (row, the cell).
    swapped: tuple[int, date] | None = None
    # Days to add to a date written as a bare serial number: 1462 in a workbook whose
    # dates count from 1904 (a Mac Excel's), where 42978 is 1 Sep 2021, not 2017.
    serial_shift: int = 0

    def parse(self, value: Any) -> date | None:
        """A cell's date under this order (``values.clean_date`` for all but "a/b/yyyy").

        >>> DateOrder(MONTH_FIRST).parse("9/5/2021"), DateOrder(MIXED).parse("9/5/2021")
        (datetime.date(2021, 9, 5), None)
        >>> DateOrder(MIXED).parse("8/16/2021"), DateOrder().parse("9/5/2021")
        (datetime.date(2021, 8, 16), datetime.date(2021, 5, 9))
        """
        if self.swapped is not None and type(value) is not str and isinstance(value, date):
            return _day(value.year, value.day, value.month)
        if self.serial_shift and is_serial(value):
            day = clean_date(value, self.this_year)
            return day + timedelta(days=self.serial_shift) if day is not None else None
        if self.kind == DAY_FIRST or type(value) is not str or len(value) > _LONGEST:
            return clean_date(value, self.this_year)
        numbers = _numbers(value, self.this_year)
        if numbers is None:
            return clean_date(value, self.this_year)
        first, second, year = numbers
        if self.kind == MONTH_FIRST:
            return _day(year, first, second)
        how = reading(value, self.this_year)  # mixed: each cell as the only way it reads
        if how == AMBIGUOUS:
            return None
        return _day(year, second, first) if how == DAY_FIRST or first == second \
            else _day(year, first, second)

    def refuses(self, text: str) -> bool:
        """Whether a cell this order read no date from is one that reads both ways."""
        return self.kind == MIXED and reading(text) == AMBIGUOUS

    def other_way(self, text: str) -> bool:
        """Whether a cell this order read no date from reads only the other way: a typo, or
        a sign the column holds both orders (found past the rows looked ahead at)."""
        return self.kind != MIXED and text not in self.typos and text not in self.strays \
            and reading(text) in (DAY_FIRST, MONTH_FIRST)

    def stray(self, text: str) -> DateOrder:
        """This order with one more distinct text read only the other way."""
        return replace(self, strays=self.strays | {text})

    @property
    def mixes(self) -> bool:
        """Whether the cells read the other way are too many for typos."""
        return len(self.strays) > self.tolerated

    def mixed_at(self, row: int, text: str) -> DateOrder:
        return replace(self, kind=MIXED, since=(row, text.strip()), was=self.kind)

    def note(self) -> tuple[str, dict[str, Any]] | None:
        """What the report says of this order (the message's code and values), or None
        when the dates were read day first as ever."""
        if self.since is not None:
            row, text = self.since
            return "DATE_ORDER_MIXED_FROM", {"row": row, "value": text, "was": self.was}
        if self.kind == MIXED:
            (day_row, day_text), (month_row, month_text) = self.day_first, self.month_first
            return "DATE_ORDER_MIXED", {"day_row": day_row, "day_value": day_text,
                                        "month_row": month_row, "month_value": month_text}
        if self.kind == MONTH_FIRST and self.like is not None:
            return "DATE_ORDER_MONTH_FIRST_LIKE", {"other": self.like}
        if self.kind == MONTH_FIRST:
            row, text = self.month_first  # type: ignore[misc]
            return "DATE_ORDER_MONTH_FIRST", {"row": row, "value": text,
                                              "shown": format_date(self.parse(text))}
        if self.swapped is not None:
            row, cell = self.swapped
            return "DATE_CELLS_SWAPPED", {"row": row, "value": format_date(cell),
                                          "shown": format_date(self.parse(cell)),
                                          "text": self.day_first[1] if self.day_first else ""}
        return None

    def short_note(self) -> tuple[str, dict[str, Any]] | None:
        """What the report says of a column that writes years with two digits (the first
        such cell, and the date it was read as), or None."""
        if self.short is None:
            return None
        row, text = self.short
        read = self.parse(text)
        return None if read is None else (
            "DATE_SHORT_YEAR", {"row": row, "value": text, "shown": format_date(read)})


DAY_FIRST_ORDER = DateOrder()


def decide(evidence: Mapping[str, Sequence[Evidence]]) -> dict[str, DateOrder]:
    """Each field's order from the evidence of its columns (a wide template's dose date
    has one a dose).

    >>> us = Evidence(month_first=(6, "8/16/2021"), months=1)
    >>> orders = decide({"dob": [Evidence()], "dose_date": [us]})
    >>> orders["dose_date"].kind, orders["dob"].kind, orders["dob"].like
    ('month_first', 'month_first', 'dose_date')
    >>> vn = Evidence(day_first=(9, "16/08/2021"), days=1)
    >>> decide({"dose_date": [us, vn]})["dose_date"].kind
    'mixed'
    >>> decide({"dose_date": [us, replace(vn, days=40)]})["dose_date"].kind  # us: a typo
    'day_first'
    """
    orders: dict[str, DateOrder] = {}
    for name, columns in evidence.items():
        day = next((e.day_first for e in columns if e.day_first), None)
        month = next((e.month_first for e in columns if e.month_first), None)
        days, months = (sum(e.days for e in columns), sum(e.months for e in columns))
        if day and month and months * STRAY <= days:  # the few month-first cells: typos
            orders[name] = DateOrder(DAY_FIRST, day, tolerated=_tolerated(columns, DAY_FIRST),
                                     typos=_texts(columns, MONTH_FIRST))
        elif day and month and days * STRAY <= months:
            orders[name] = DateOrder(MONTH_FIRST, None, month,
                                     tolerated=_tolerated(columns, MONTH_FIRST),
                                     typos=_texts(columns, DAY_FIRST))
        elif day and month:
            orders[name] = DateOrder(MIXED, day, month)
        elif month:
            orders[name] = DateOrder(MONTH_FIRST, None, month,
                                     tolerated=_tolerated(columns, MONTH_FIRST))
        elif day:
            orders[name] = DateOrder(DAY_FIRST, day, tolerated=_tolerated(columns, DAY_FIRST))
    for name, columns in evidence.items():
        first = swapped(columns)
        if first is not None and orders.get(name, DAY_FIRST_ORDER).kind == DAY_FIRST:
            orders[name] = replace(orders.get(name, DAY_FIRST_ORDER), swapped=first)
    decided = {o.kind for o in orders.values()}
    for name in evidence:
        if name not in orders:  # no cell of its own tells: as the file's other dates
            other = next((n for n, o in orders.items() if o.kind == MONTH_FIRST), None)
            orders[name] = DateOrder(MONTH_FIRST, like=other) if decided == {MONTH_FIRST} \
                else DAY_FIRST_ORDER
    return orders


SWAPPED_CELLS = 5  # date cells, all of a day up to 12, ...
SWAPPED_TEXTS = 3  # ... beside cells of text that read day first only


def swapped(columns: Sequence[Evidence]) -> tuple[int, date] | None:
    """The first date cell of a column whose date cells were typed dd/mm into an English-
    locale Excel or LibreOffice, which made "07/09/2021" a date cell of 9 July and left
    "30/09/2021", no date month first, as text: date cells whose day is never past 12
    beside text that reads day first only, and no text that reads both ways (it would have
    become a date cell too). Else None. The importer trusted those cells, and stored 9 July
    for 7 September with nothing said. Five cells whose day is at most 12 by chance happen
    once in a hundred columns; with a text that reads both ways, or one cell past the 12th,
    they are not taken for swapped.

    >>> from datetime import date
    >>> typed = Evidence(day_first=(6, "30/09/2021"), days=4, low_cells=6,
    ...                  first_low=(5, date(2021, 7, 9)))
    >>> swapped([typed]), swapped([replace(typed, high_cells=1)])
    ((5, datetime.date(2021, 7, 9)), None)
    """
    low, high = sum(e.low_cells for e in columns), sum(e.high_cells for e in columns)
    days = sum(e.days for e in columns)
    others = sum(e.months + e.ambiguous for e in columns)
    if low < SWAPPED_CELLS or high or days < SWAPPED_TEXTS or others:
        return None
    return next(e.first_low for e in columns if e.first_low)


def _texts(columns: Sequence[Evidence], how: str) -> frozenset[str]:
    return frozenset().union(*(e.texts(how) for e in columns))


def _tolerated(columns: Sequence[Evidence], how: str) -> int:
    """Distinct texts read the other way past the look-ahead that are typos in a column whose
    look-ahead showed ``how``: at least ``TYPOS``, more for a column of many distinct dates."""
    return max(TYPOS, len(_texts(columns, how)) // STRAY)


def gather(rows: Iterable[tuple[int, Sequence[Any]]], columns: Iterable[int]
           ) -> dict[int, Evidence]:
    """The evidence of each of ``columns`` in ``rows`` ((sheet row, cells))."""
    found = {c: Evidence() for c in columns}
    picks = list(found.items())
    for row, cells in rows:
        width = len(cells)
        for column, evidence in picks:
            if column < width:
                evidence.look(row, cells[column])
    return found


def look_ahead(rows: Iterator[tuple[int, list[Any]]], columns: Mapping[str, Sequence[int]],
               limit: int | None = None, this_year: int | None = None
               ) -> tuple[Iterator[tuple[int, list[Any]]], dict[str, DateOrder]]:
    """The fields' orders from the first ``limit`` (``LOOK_AHEAD``) of ``rows``, and the
    rows again, all of them, from the first. A failure while reading ahead (a file damaged
    past its first rows) is raised where it happened, once the rows before it are taken.
    ``this_year``: two-digit years are read as years up to it (``DateOrder.this_year``)."""
    limit = limit or LOOK_AHEAD
    ahead: list[tuple[int, list[Any]]] = []
    failure: Exception | None = None
    try:
        for item in rows:
            ahead.append(item)
            if len(ahead) >= limit:
                break
    except Exception as exc:  # noqa: BLE001 - raised again in its place by _then
        failure = exc
    found = gather(ahead, {c for cs in columns.values() for c in cs})
    return chain(ahead, _then(rows, failure)), orders_of(found, columns, this_year)


def orders_of(found: Mapping[int, Evidence], columns: Mapping[str, Sequence[int]],
              this_year: int | None = None) -> dict[str, DateOrder]:
    """Each field's order from the evidence ``gather`` found in its columns, reading
    two-digit years up to ``this_year``."""
    seen = {f: [found[c] for c in cs if c in found] for f, cs in columns.items() if cs}
    return {name: replace(order, this_year=this_year,
                          short=next((e.short for e in seen[name] if e.short), None))
            for name, order in decide(seen).items()}


def _then(rows: Iterator[tuple[int, list[Any]]], failure: Exception | None
          ) -> Iterator[tuple[int, list[Any]]]:
    if failure is not None:
        raise failure
    yield from rows


def as_read(cells: Sequence[Any], columns: Mapping[str, Sequence[int]],
            orders: Mapping[str, DateOrder]) -> list[Any]:
    """A row's cells with each text date of a field not read day first (month first, or
    mixed) written as the date it was read as: the rows to fix go back in a file of their
    own, where "9/10/2021" alone shows no order and would be read day first, a month off.
    A cell read as no date (one that reads both ways, refused) stays as typed.

    >>> us = {"dose_date": DateOrder(MONTH_FIRST)}
    >>> as_read(["An", "9/10/2021", "x"], {"dose_date": [1]}, us)
    ['An', datetime.date(2021, 9, 10), 'x']
    >>> as_read(["An", "9/10/2021"], {"dose_date": [1]}, {"dose_date": DAY_FIRST_ORDER})
    ['An', '9/10/2021']
    """
    kept = list(cells)
    for name, at in columns.items():
        order = orders.get(name, DAY_FIRST_ORDER)
        if order.kind == DAY_FIRST and order.swapped is None:  # read as ever: so again
            continue
        for column in at:
            if column < len(kept) and (type(kept[column]) is str or (
                    order.swapped is not None and isinstance(kept[column], date))):
                read = order.parse(kept[column])
                if read is not None:
                    kept[column] = read
    return kept


def date_columns(mapping: Mapping[str, int], dose_columns: Sequence[int] | None = None
                 ) -> dict[str, list[int]]:
    """The columns each date field is read from: the mapping's, or for a wide template
    (``dose_columns``) each dose group's date column."""
    columns = {f: [mapping[f]] for f in FIELDS if mapping.get(f, -1) >= 0}
    if dose_columns is not None:
        columns["dose_date"] = list(dose_columns)
    return columns
