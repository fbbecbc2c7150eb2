"""The police's workbook on disk: the worklist written as the police work it, and the
returned file's rows read back (its header row found on whichever sheet holds it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.importers.headers import HeaderMatch
from desktop_app.importers.police_file import (
    HEADER,
    NOTE,
    OFFERED,
    ROUND,
    SENT_COLUMNS,
    WRITTEN,
    Layout,
    find_layout,
    headings_amiss,
    sent_row,
)
from desktop_app.importers.reading import Table, UnreadableFile, open_table, sheet_list
from desktop_app.importers.values import is_signature_label, is_totals_label
from desktop_app.importers.values import text as cell_text
from desktop_app.rules.messages import UserError, text
from desktop_app.rules.safe_cells import fit_columns, xlsx_row
from desktop_app.services import cleaning

POLICE_FILES = (".xlsx", ".xlsm", ".xls", ".ods")


def write_police_file(part: Path, cases: list[cleaning.Case], mark: str | None = None,
                      round_mark: str = "") -> None:
    """The sheet as the police work it: a bold header that stays in sight, columns as wide
    as what they hold, the result chosen from a list (the heading's note names the words),
    a column for their notes. Written into ``part``, a private part
    (``paths.private_part``) the export renames to the name asked for in the transaction
    that marks its people sent.

    ``round_mark`` (``police_file.round_mark``) goes on every row, in a last column kept
    hidden: the returned file says which export it answers, and an earlier list's answers
    are not taken for a later one's.

    ``mark`` (the demo's, ``demo_guard.export_mark``): the sheet is named for it and a first
    column says it on every row, its heading's note in full. A column, not a line above the
    header: the returned file is read by its headings, which an extra column keeps."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    rows = [[*sent_row(c.person_id, c.full_name, c.dob, c.sex, c.id_type, c.nationality,
                       c.id_number, c.address, c.phone,
                       "; ".join(c.brief(p, "vi") for p in c.problems)),
             "", round_mark] for c in cases]
    lead = [text("DEMO_EXPORT_COLUMN", "vi")] if mark else []
    headings = [*lead, *WRITTEN, NOTE, ROUND]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Xác minh (DEMO)" if mark else "Xác minh")
    fit_columns(sheet, [headings, *([*lead, *r[:-1]] for r in rows)], header_rows=1)
    # The mark is for VaxDesk, not the officer: out of sight, and out of the way.
    sheet.column_dimensions[get_column_letter(len(headings))].hidden = True
    sheet.freeze_panes = "A2"
    sheet.append(_header(sheet, headings, lead, mark))
    sent = len(lead) + SENT_COLUMNS
    for values in rows:
        row = xlsx_row(sheet, [*lead, *values])
        sheet.append([*row[:sent], *(_typed_as_text(sheet) for _ in row[sent:-1]), row[-1]])
    if rows:
        sheet.data_validations.append(_results_list(len(rows), len(lead)))
    book.save(part)


def _header(sheet: Any, headings: list[str], lead: list[str], mark: str | None) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    cells = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = Font(bold=True)
        if heading == HEADER[-1]:
            cell.comment = Comment(text("POLICE_RESULT_HINT", "vi", allowed=_accepted()),
                                   "VaxDesk", width=300, height=130)
        elif heading == ROUND:
            cell.comment = Comment(text("POLICE_ROUND_HINT", "vi"), "VaxDesk", width=300,
                                   height=80)
        elif mark and heading in lead:
            cell.comment = Comment(mark, "VaxDesk", width=300, height=80)
        cells.append(cell)
    return cells


def _results_list(rows: int, before: int = 0) -> Any:
    """The result column's dropdown: a word typed otherwise is still read (any case, with
    or without accents, or the police's own words for a person who cannot be verified:
    ``police_file.read_result``), so Excel warns but lets it through."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    column = get_column_letter(before + len(WRITTEN))  # after the demo's column, if any
    choice = DataValidation(type="list", formula1='"' + ",".join(OFFERED) + '"',
                            allow_blank=True, showErrorMessage=True, errorStyle="warning",
                            error=text("POLICE_RESULT_HINT", "vi", allowed=_accepted()))
    choice.add(f"{column}2:{column}{rows + 1}")
    return choice


def _accepted() -> str:
    return ", ".join(f"“{word}”" for word in OFFERED)


def _typed_as_text(sheet: Any) -> Any:
    """An empty cell for the police to fill, formatted as text: typed into a General cell,
    "12/03/1985" became 3 December 1985 in an Excel set to the US way of dates."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=None)
    cell.number_format = "@"
    return cell


@dataclass(frozen=True)
class ReturnedSheet:
    """The sheet of a returned file that holds the list: its rows below the header row,
    each with the row number the spreadsheet shows, those the file hides apart."""

    sheet: str
    layout: Layout
    rows: list[tuple[int, list[Any]]]
    others: list[str] = field(default_factory=list)  # further sheets with a header too
    # Rows the officer hid (struck out, or left out by a filter): not theirs to apply, as
    # the backfill skips them (``Table.visible_rows``); kept whole to say whose they are.
    hidden: list[tuple[int, list[Any]]] = field(default_factory=list)


def returned_sheet(path: Path) -> ReturnedSheet:
    """The returned list, found as the backfill finds a template's table: the file read
    within the importer's limits (``reading.open_table``), the header row among each
    sheet's first rows (a title row above it is passed over), the first sheet holding it,
    those shown before those hidden (a cover sheet put first is passed over), the rows the
    file hides apart (``hidden``).
    Raises UserError (``POLICE_FILE_NOT_OURS``, naming the headings the nearest row lacks)
    when no sheet holds it, and the importer's ``UnreadableFile`` for a file it cannot
    read."""
    if path.suffix.lower() not in POLICE_FILES:
        raise UnreadableFile("POLICE_FILE_TYPE", file=path.name)
    # The sheets shown first: an officer who hid the list as it came and answered on a copy
    # means the copy (the hidden original read first, every row was "not answered").
    names = [n for n, _shown in sorted(sheet_list(path), key=lambda s: not s[1])] or [None]
    found: ReturnedSheet | None = None
    others: list[str] = []
    amiss: list[str] = list(HEADER)
    for name in names:
        table = open_table(path, name)
        try:
            header = find_layout(table.head)
            if header is None:
                amiss = min(amiss, headings_amiss(table.head), key=len)
                continue
            if found is not None:
                others.append(table.sheet)
                continue
            index, where = header
            # Table numbers the rows below its header: the police's header row, here.
            table.header = HeaderMatch(index, {}, tuple(str(c or "") for c in table.head[index]))
            found = _split(table, where)
        finally:
            table.close()
    if found is None:
        raise UserError("POLICE_FILE_NOT_OURS", file=path.name,
                        missing=", ".join(f"“{h}”" for h in amiss))
    return ReturnedSheet(found.sheet, found.layout, found.rows, others, found.hidden)


def _split(table: Table, layout: Layout) -> ReturnedSheet:
    """The table's rows, those the file hides (``Table.hidden``, as ``visible_rows``
    leaves them out) apart: a police list is a few thousand rows at most."""
    shown: list[tuple[int, list[Any]]] = []
    hidden: list[tuple[int, list[Any]]] = []
    for number, cells in table.data_rows():
        (hidden if number in table.hidden else shown).append((number, cells))
    return ReturnedSheet(table.sheet, layout, _without_foot(shown, layout), hidden=hidden)


def _without_foot(rows: list[tuple[int, list[Any]]], layout: Layout
                  ) -> list[tuple[int, list[Any]]]:
    """The list's rows without its foot, passed over as the backfill passes over a
    commune list's (``importers/rows.py``): a totals row ("Tổng cộng: 3 người", in the
    code or a name column), a row of signers' titles or the list's date
    (``is_signature_label``), the signers' names under their titles, and under a totals
    row any row with no record code and no answer. Each was said as a person the
    officer added ("Dòng của Tổng cộng: 3 người…"). A row with a record code ends the
    foot."""
    code_at, answer_at = layout.columns[0], [layout.columns[i] for i in (9, 11, 12)]
    names_at = [layout.columns[i] for i in (1, 8)]
    kept: list[tuple[int, list[Any]]] = []
    under_totals, signers_at = False, set[int]()
    for number, cells in rows:
        filled = {i: c for i, c in enumerate(cells) if cell_text(c)}
        if not filled:  # judged as before (the table passes blank rows over)
            kept.append((number, cells))
            continue
        first = filled[min(filled)]
        if is_totals_label(first) or any(is_totals_label(cells[i]) for i in names_at
                                         if i < len(cells)):
            under_totals, signers_at = True, set()
            continue
        labels = {i for i, c in filled.items() if is_signature_label(c)}
        if labels and all(i in labels or i in signers_at for i in filled):
            signers_at |= labels
            continue
        if signers_at and all(i in signers_at for i in filled):
            continue  # the signers' names, under their titles
        coded = code_at in filled
        if under_totals and not coded and not any(i in filled for i in answer_at):
            continue
        if coded:
            under_totals = False
        signers_at = set()
        kept.append((number, cells))
    return kept
