"""How much of a file the importer takes, so that any file, however built, is read in
bounded memory (issue #18): a file past a limit is refused before anything is written; a
cell or a row past one is that row's rejection, with its reason.

- A cell: at most 32,767 characters, Excel's own limit for a cell (no template a province
  fills in can hold more; only a built file can).
- A row: at most 1,024 cells and 262,144 characters in all (a template has a dozen
  columns of a few dozen characters).
- An .xlsx/.xlsm sheet: its XML at most 2 GiB once inflated (about five million template
  rows); every other part of a workbook, and an .ods sheet or .xls/.xlsb file, which are
  read whole, at most 256 MiB; an .ods sheet at most 4,000,000 cells (a row or a cell
  may say it repeats a million times).

The environment may lower them (``VAXDESK_IMPORT_MAX_SHEET_MB``,
``VAXDESK_IMPORT_MAX_PART_MB``): the hostile-file tests build small bombs instead of
gigabytes. Standard library only.
"""

from __future__ import annotations

import os
from typing import Any

from desktop_app.rules.columns import column_letter
from desktop_app.rules.numbers import Count

MAX_CELL_CHARS = 32_767
MAX_ROW_CELLS = 1_024
MAX_ROW_CHARS = 262_144
# An .ods sheet is built whole before its first row is read (about 120 bytes a cell):
# 4 million cells is 330,000 rows of a 12-column template.
MAX_WHOLE_SHEET_CELLS = 4_000_000
# A cell the reading clipped: it stands in for what was there, so the row is rejected
# with its column. Private-use characters: no province types them.
CLIPPED = "\ue000VAXDESK-CELL-TOO-LARGE\ue000"


def _mib(name: str, default: int) -> int:
    given = os.environ.get(name, "")
    return int(float(given) * (1 << 20)) if given else default << 20


def max_sheet_bytes() -> int:
    """The inflated size allowed to a streamed sheet's XML."""
    return _mib("VAXDESK_IMPORT_MAX_SHEET_MB", 2048)


def max_part_bytes() -> int:
    """The inflated size allowed to any part read whole (shared strings, an .ods sheet)."""
    return _mib("VAXDESK_IMPORT_MAX_PART_MB", 256)


def oversized(cells: list[Any]) -> tuple[str, dict[str, Any]] | None:
    """Why a row is too large to take, as (code, params), or None.

    >>> oversized(["An", 1.0, None])
    >>> oversized(["An", "x" * 40_000])
    ('CELL_TOO_LARGE', {'column': 'B', 'limit': 32767})
    >>> oversized(["y"] * 2_000)[0], oversized(["y"] * 9 + [""] * 2_000)
    ('ROW_TOO_MANY_CELLS', None)
    """
    if len(cells) == 1 and cells[0] == CLIPPED:  # what a reader could not take at all
        return "ROW_TOO_LARGE", {"limit": Count(MAX_ROW_CHARS)}
    if len(cells) > MAX_ROW_CELLS:
        # A streamed sheet pads every row to the widest seen: only filled cells count.
        width = next((i + 1 for i in range(len(cells) - 1, -1, -1)
                      if cells[i] not in ("", None)), 0)
        if width > MAX_ROW_CELLS:
            return "ROW_TOO_MANY_CELLS", {"cells": Count(width), "limit": Count(MAX_ROW_CELLS)}
    # Most rows: their text together shorter than a cell may be, no cell clipped; looked
    # at in C (no separator can make the marker, which holds none of it).
    together = "\n".join([c for c in cells if type(c) is str])
    if len(together) <= MAX_CELL_CHARS and CLIPPED not in together:
        return None
    total = 0
    for index, cell in enumerate(cells):
        if type(cell) is str:
            size = len(cell)
            if size > MAX_CELL_CHARS or (size >= len(CLIPPED) and CLIPPED in cell):
                return "CELL_TOO_LARGE", {"column": column_letter(index),
                                          "limit": Count(MAX_CELL_CHARS)}
            total += size
    if total > MAX_ROW_CHARS:
        return "ROW_TOO_LARGE", {"limit": Count(MAX_ROW_CHARS)}
    return None


def shortened(cells: list[Any]) -> list[Any]:
    """A too-large row as the fix file can hold it: its first cells, each cut to the limit
    with the clipped marker gone (the volunteer sees where the text was cut)."""
    kept = []
    for cell in cells[:MAX_ROW_CELLS]:
        if type(cell) is str:
            cell = cell.replace(CLIPPED, "…")[:MAX_CELL_CHARS]
        kept.append(cell)
    return kept
