"""What an import tells the volunteer afterwards: a JSON report of every row not imported
as is, and a copy of the rejected rows with a "Lỗi" column, to fix and import again."""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path
from typing import Any

from desktop_app.importers.headers import OWN_COLUMNS
from desktop_app.rules.safe_cells import write_table


def write_json_report(path: Path, *, file: str, sheet: str, header_row: int,
                      counts: dict[str, int], issues: list[dict[str, Any]],
                      cancelled: bool, failed: str | None = None,
                      committed: int | None = None, notes: list[str] | None = None,
                      failed_code: str | None = None) -> None:
    body = {"file": file, "sheet": sheet, "header_row": header_row, "counts": counts,
            "cancelled": cancelled, "rows": issues}
    if notes:  # how the file was read (its dates month first, or both ways)
        body["notes"] = notes
    if failed is not None:  # stopped part-way: why (in words and as a code), rows stored
        body.update(failed=failed, failed_code=failed_code, committed=committed)
    path.write_text(json.dumps(body, ensure_ascii=False, indent=1), encoding="utf-8")


def write_fix_workbook(path: Path, headers: list[str],
                       rows: list[tuple[list[Any], str, int]]) -> None:
    """An .xlsx of the header and each row to fix, as it was, with its row in the file it
    came from and the reason ("Dòng ở tệp gốc", "Lỗi").

    The importer ignores both columns, so the fixed file can be imported as it is; a fix
    workbook imported and fixed again gets them once, anew."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Cần sửa")
    # As wide as the widest row: a file whose header was not recognised has none to go by.
    width = max([len(headers), *(len(cells) for cells, _, _ in rows)])
    kept = [i for i in range(width) if i >= len(headers) or headers[i].strip() not in OWN_COLUMNS]
    # The header as the province typed it, through the same cleaning as the cells: a
    # "Ghi chú" with Word's manual line break in it lost the whole file before. A
    # province's cell can be anything ("=HYPERLINK(…)" typed as a name): ``write_table``
    # never writes a formula in a file a volunteer opens.
    write_table(sheet, [*(_cell(headers[i]) if i < len(headers) else None for i in kept),
                        *OWN_COLUMNS],
                [[*(_cell(cells[i]) if i < len(cells) else None for i in kept),
                  sheet_row, reason] for cells, reason, sheet_row in rows])
    book.save(str(path))


def _cell(value: Any) -> Any:
    # An ID typed as text stays text (an "'" prefix keeps its leading zeros in Excel too);
    # empty strings become empty cells; control characters, which an .xlsx cannot hold
    # (openpyxl refuses the whole file), are dropped.
    if type(value) is datetime and value.time() == time():
        return value.date()  # a date cell reads back at midnight: shown as the date it is
    if type(value) is str and not value.isprintable():
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return None if value == "" else value
