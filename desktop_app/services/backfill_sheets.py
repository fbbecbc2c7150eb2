"""A workbook of several sheets, for the Backfill screen: which sheets it has, which one to
show first (the first whose header is found, not blindly the first: an instructions sheet
often comes first), and which others hold data too, so none is silently left out."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from desktop_app.importers.reading import UnreadableFile, sheet_list
from desktop_app.importers.wide import find_wide
from desktop_app.services.backfill import ImportRefused, inspect_file
from desktop_app.services.backfill_preview import FilePreview, preview_file


@dataclass(frozen=True)
class SheetInfo:
    name: str
    header: bool  # a header row found whole (or a wide template's two rows)
    data: bool  # rows below a header row (whole or not: columns can be mapped)
    shown: bool = True  # not hidden in the workbook


@dataclass(frozen=True)
class WorkbookPreview:
    preview: FilePreview  # of the sheet shown (``preview.sheet``)
    sheets: list[SheetInfo]  # every sheet, in the workbook's order ([] for a CSV)

    def others_with_data(self) -> list[str]:
        """The other sheets that hold rows of doses, to say the file has more."""
        return others_with_data(self.sheets, self.preview.sheet)


def open_workbook(path: Path, sheet: str | None = None) -> WorkbookPreview:
    """The preview of ``sheet``, or of the first sheet whose header is found; with every
    sheet judged when there are several. Raises ImportRefused."""
    sheets = judge_sheets(path)
    return WorkbookPreview(preview_file(path, sheet or first_to_import(sheets)), sheets)


def judge_sheets(path: Path) -> list[SheetInfo]:
    """Every sheet judged, in the workbook's order; [] for a file of one sheet (a CSV).
    Raises ImportRefused."""
    try:
        names = sheet_list(path)
    except UnreadableFile as exc:
        raise ImportRefused(exc.code, **exc.params) from exc
    return [replace(_judged(path, name), shown=shown) for name, shown in names] \
        if len(names) > 1 else []


def first_to_import(sheets: list[SheetInfo]) -> str | None:
    """The sheet to read first: the first whose header is found, else the first with rows
    (its columns to be mapped), else the first, those shown before those hidden (a hidden
    sheet is often the original kept beside a copy worked on); None for a file of one
    sheet."""
    if not sheets:
        return None
    ordered = sorted(sheets, key=lambda s: not s.shown)
    return next((s.name for s in ordered if s.header),
                next((s.name for s in ordered if s.data), ordered[0].name))


def others_with_data(sheets: list[SheetInfo], read: str | None, *,
                     importable: bool = False) -> list[str]:
    """The sheets other than ``read`` that hold rows of doses, to say the file has more;
    ``importable``: only those whose header is found whole (a summary sheet's counts are
    rows under a partial header, and ``--sheet`` would refuse it)."""
    return [s.name for s in sheets if s.data and s.name != read
            and (s.header or not importable)]


def _judged(path: Path, name: str) -> SheetInfo:
    """Whether the sheet has a header and rows under it (a damaged sheet: neither)."""
    try:
        table = inspect_file(path, name)
    except ImportRefused:
        return SheetInfo(name, False, False)
    try:
        layout = find_wide(table.head)
        if layout is not None:  # its two header rows, as the import reads them
            table.header = layout.header
        whole = layout is not None or bool(table.header and table.header.complete)
        rows = table.header is not None and next(table.data_rows(), None) is not None
        return SheetInfo(name, whole, rows)
    finally:
        table.close()
