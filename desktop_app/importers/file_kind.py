"""What a backfill file is, by its first bytes rather than its name.

Files reach the volunteers renamed: a health system's export saves an .xlsx (or a web page)
under ".xls", a colleague renames a workbook to get it past a mail filter, a tab-separated
text is called ".xls" so that Excel opens it. Read by its name, each was "damaged or not a
spreadsheet", and the volunteer had no way to tell why. Read by what it is, a workbook is
imported whatever it is called, and a web page is refused saying what to do with it.
"""

from __future__ import annotations

import codecs
import shutil
import tempfile
import zipfile
from pathlib import Path

ZIPPED = b"PK\x03\x04"
COMPOUND = bytes.fromhex("D0CF11E0A1B11AE1")  # OLE2: Excel 97-2003 (.xls)
WEB_PAGE = "web page"  # HTML, or Excel 2003's XML spreadsheet: no reader here takes either
TEXT = ".csv"
SNIFFED_BYTES = 1 << 12
# Suffixes that read the same way: one is never renamed to the other.
SAME = {".xlsm": ".xlsx", ".txt": ".csv"}
# Text is read as a table under these names: Excel opens a tab-separated ".xls" (with a
# warning), so systems export their lists so.
TEXT_NAMES = {".xls", ".csv", ".txt"}


def kind_of(path: Path) -> str | None:
    """The suffix the content reads as (".xlsx", ".xlsb", ".ods", ".xls", ".csv"),
    WEB_PAGE, or None when the first bytes say nothing known (then the name decides)."""
    with path.open("rb") as f:
        head = f.read(SNIFFED_BYTES)
    if head.startswith(ZIPPED):
        return _zipped_kind(path)
    if head.startswith(COMPOUND):
        return ".xls"
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        return TEXT  # Excel's "Unicode Text"
    if b"\0" in head or head.startswith(b"%PDF"):
        return None
    start = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta")):
        return WEB_PAGE
    return TEXT


def _zipped_kind(path: Path) -> str | None:
    try:
        with zipfile.ZipFile(path) as book:
            names = set(book.namelist())
    except (zipfile.BadZipFile, OSError):
        return None
    if "xl/workbook.bin" in names:
        return ".xlsb"
    if "xl/workbook.xml" in names:
        return ".xlsx"
    if "content.xml" in names:
        return ".ods"
    return None


def misnamed(path: Path, kind: str | None) -> bool:
    """The file is a readable kind other than its name says."""
    if kind is None or kind == WEB_PAGE:
        return False
    suffix = path.suffix.lower()
    if kind == TEXT and suffix not in TEXT_NAMES:
        return False  # text under a newer workbook's name is nothing anyone saves
    return SAME.get(suffix, suffix) != kind


def renamed_copy(path: Path, kind: str) -> tuple[Path, tempfile.TemporaryDirectory]:
    """A copy of ``path`` under the suffix of what it is, in a folder of this user's
    alone (the caller cleans it up): the readers choose their format by the name."""
    folder = tempfile.TemporaryDirectory(prefix="vaxdesk-renamed-")
    copy = Path(folder.name) / f"{path.stem or 'file'}{kind}"
    try:
        shutil.copyfile(path, copy)
    except BaseException:
        folder.cleanup()
        raise
    return copy, folder
