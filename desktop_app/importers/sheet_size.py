"""How many rows an .xlsx sheet says it has, for the progress bar, without reading it.

Excel and LibreOffice write ``<dimension ref="A1:L21"/>`` near the top of each sheet's XML.
python-calamine-plus hands it over only on a rich stream (every cell an object, several
times slower), so it is read here: the workbook's sheet list and relationships (a few KB)
name the sheet's part, and the part is inflated only up to its ``<sheetData>``.
A writer that declares no range ("A1", or nothing) leaves the size unknown: 0.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="[A-Z]+\d+:[A-Z]+(\d+)"')
_HEAD_LIMIT = 1 << 16  # the dimension comes before the rows; a sheet's head is small
_SMALL_PART = 1 << 22  # the workbook and its relationships: more is no workbook of ours


def declared_rows(path: Path, sheet: str) -> int:
    """The last row the sheet ``sheet`` declares (0 when it does not say, or cannot).

    Never fails: the reading proper says what is wrong with a damaged file."""
    try:
        with zipfile.ZipFile(path) as book:
            part = sheet_part(book, sheet)
            return _last_row(book, part) if part is not None else 0
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, ElementTree.ParseError):
        return 0


def sheet_part(book: zipfile.ZipFile, sheet: str) -> str | None:
    """The part holding sheet ``sheet`` ("xl/worksheets/sheet1.xml"), None when the
    workbook does not say."""
    workbook = _small_xml(book, "xl/workbook.xml")
    rels = _small_xml(book, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return None
    rel_id = next((s.get(f"{_REL}id") for s in workbook.iter(f"{_MAIN}sheet")
                   if s.get("name") == sheet), None)
    target = next((r.get("Target") for r in rels.iter(f"{_RELS}Relationship")
                   if r.get("Id") == rel_id), None)
    if not target:
        return None
    # Relative to xl/ ("worksheets/sheet1.xml"), or from the package root ("/xl/...").
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(
        posixpath.join("xl", target))


def _small_xml(book: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    info = book.getinfo(name)
    if info.file_size > _SMALL_PART:
        return None
    return ElementTree.fromstring(book.read(info))


def _last_row(book: zipfile.ZipFile, part: str) -> int:
    with book.open(part) as stream:
        head = stream.read(_HEAD_LIMIT)
    head = head.split(b"<sheetData", 1)[0]
    found = _DIMENSION.search(head)
    return int(found.group(1)) if found else 0
