"""The police's workbook on disk: the worklist written as the police work it, and the
returned file's cells read back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.importers.police_file import HEADER, RESULTS, SENT_COLUMNS, sent_row
from desktop_app.importers.reading import UnreadableFile, damaged
from desktop_app.rules.messages import text
from desktop_app.rules.safe_cells import fit_columns, xlsx_row
from desktop_app.services import cleaning


def write_police_file(part: Path, cases: list[cleaning.Case], mark: str | None = None
                      ) -> None:
    """The sheet as the police work it: a bold header that stays in sight, columns as wide
    as what they hold, the result chosen from a list (the heading's note names the words).
    Written into ``part``, a private part (``paths.private_part``) the export renames to the
    name asked for in the transaction that marks its people sent.

    ``mark`` (the demo's, ``demo_guard.export_mark``): the sheet is named for it and a first
    column says it on every row, its heading's note in full. A column, not a line above the
    header: the returned file is read by row 1's headings, which an extra column keeps."""
    from openpyxl import Workbook

    rows = [sent_row(c.person_id, c.full_name, c.dob, c.sex, c.id_number, c.address, c.phone,
                     "; ".join(cleaning.problem_label(p, "vi") for p in c.problems))
            for c in cases]
    lead = [text("DEMO_EXPORT_COLUMN", "vi")] if mark else []
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Xác minh (DEMO)" if mark else "Xác minh")
    fit_columns(sheet, [[*lead, *HEADER], *([*lead, *r] for r in rows)], header_rows=1)
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, lead, mark))
    sent = len(lead) + SENT_COLUMNS
    for values in rows:
        row = xlsx_row(sheet, [*lead, *values])
        sheet.append([*row[:sent], *(_typed_as_text(sheet) for _ in row[sent:])])
    if rows:
        sheet.data_validations.append(_results_list(len(rows), len(lead)))
    book.save(part)


def _header(sheet: Any, lead: list[str], mark: str | None) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    cells = []
    for heading in (*lead, *HEADER):
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        if heading == HEADER[-1]:
            cell.comment = Comment(text("POLICE_RESULT_HINT", "vi", allowed=_accepted()),
                                   "VaxDesk", width=300, height=110)
        elif mark and heading in lead:
            cell.comment = Comment(mark, "VaxDesk", width=300, height=80)
        cells.append(cell)
    return cells


def _results_list(rows: int, before: int = 0) -> Any:
    """The result column's dropdown: a word typed otherwise is still read (any case, with
    or without accents), so Excel warns but lets it through."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    column = get_column_letter(before + len(HEADER))  # after the demo's column, if any
    choice = DataValidation(type="list", formula1='"' + ",".join(RESULTS.values()) + '"',
                            allow_blank=True, showErrorMessage=True, errorStyle="warning",
                            error=text("POLICE_RESULT_HINT", "vi", allowed=_accepted()))
    choice.add(f"{column}2:{column}{rows + 1}")
    return choice


def _accepted() -> str:
    return ", ".join(f"“{word}”" for word in RESULTS.values())


def _typed_as_text(sheet: Any) -> Any:
    """An empty cell for the police to fill, formatted as text: typed into a General cell,
    "12/03/1985" became 3 December 1985 in an Excel set to the US way of dates."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=None)
    cell.number_format = "@"
    return cell


def sheet_rows(path: Path) -> list[list[Any]]:
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise UnreadableFile("IMPORT_FILE_TYPE", file=path.name)
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        return [list(r) for r in book.get_sheet_by_index(0).to_python(skip_empty_area=False)]
    except (CalamineError, OSError, ValueError) as exc:
        raise damaged(path.name, exc) from exc
