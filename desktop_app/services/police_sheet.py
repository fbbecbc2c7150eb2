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


def write_police_file(part: Path, cases: list[cleaning.Case]) -> None:
    """The sheet as the police work it: a bold header that stays in sight, columns as wide
    as what they hold, the result chosen from a list (the heading's note names the words).
    Written into ``part``, a private part (``paths.private_part``) the export renames to the
    name asked for in the transaction that marks its people sent."""
    from openpyxl import Workbook

    rows = [sent_row(c.person_id, c.full_name, c.dob, c.sex, c.id_number, c.address, c.phone,
                     "; ".join(cleaning.problem_label(p, "vi") for p in c.problems))
            for c in cases]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Xác minh")
    fit_columns(sheet, [HEADER, *rows], header_rows=1)
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet))
    for values in rows:
        row = xlsx_row(sheet, values)
        sheet.append([*row[:SENT_COLUMNS], *(_typed_as_text(sheet) for _ in row[SENT_COLUMNS:])])
    if rows:
        sheet.data_validations.append(_results_list(len(rows)))
    book.save(part)


def _header(sheet: Any) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    cells = []
    for heading in HEADER:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        if heading == HEADER[-1]:
            cell.comment = Comment(text("POLICE_RESULT_HINT", "vi", allowed=_accepted()),
                                   "VaxDesk", width=300, height=110)
        cells.append(cell)
    return cells


def _results_list(rows: int) -> Any:
    """The result column's dropdown: a word typed otherwise is still read (any case, with
    or without accents), so Excel warns but lets it through."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    column = get_column_letter(len(HEADER))
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
