"""Which rows a sheet of an old binary ``.xls`` hides. Calamine reads the rows and not
their visibility; xlrd knows it only with ``formatting_info``, which builds every cell of
the sheet as a Python object (gigabytes for a sheet at the 256 MiB limit).

So the workbook stream (olefile opens the OLE container) is walked record by record
([MS-XLS] 2.1.4): the sheet's BOUNDSHEET record gives the offset of its substream, whose
ROW records carry the row number (0-based) and ``fDyZero``, set on a row hidden by hand or
by a filter. Nothing but the rows found is kept.
"""

from __future__ import annotations

from pathlib import Path
from struct import unpack_from

from desktop_app.importers.hidden_rows import NO_ROWS, HiddenRows

_BOUNDSHEET, _ROW, _EOF = 0x0085, 0x0208, 0x000A
_DY_ZERO = 0x20  # in the ROW record's flags at offset 12


def hidden_in(path: Path, sheet: str) -> HiddenRows:
    """The rows (1-based, as the spreadsheet shows them) that sheet ``sheet`` of the .xls
    at ``path`` hides; none when the file or the sheet cannot be walked (calamine, which
    read the rows, says what is wrong with a damaged file)."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
            if name is None:
                return NO_ROWS
            data = ole.openstream(name).read()
    except (OSError, ValueError, NotImplementedError):  # olefile's damaged-file errors
        return NO_ROWS
    start = _sheet_offset(data, sheet)
    return NO_ROWS if start is None else _hidden_rows(data, start)


def _records(data: bytes, at: int):  # noqa: ANN202 - a generator of (id, offset, length)
    while at + 4 <= len(data):
        rid, length = unpack_from("<HH", data, at)
        yield rid, at + 4, length
        at += 4 + length


def _sheet_offset(data: bytes, sheet: str) -> int | None:
    """Where the substream of the sheet named ``sheet`` begins, from the globals'
    BOUNDSHEET records (read up to the globals' EOF)."""
    for rid, at, length in _records(data, 0):
        if rid == _EOF:
            return None
        if rid == _BOUNDSHEET and length >= 8 and _sheet_name(data, at, length) == sheet:
            return unpack_from("<I", data, at)[0]
    return None


def _sheet_name(data: bytes, at: int, length: int) -> str:
    """A BOUNDSHEET's name: BIFF8's ShortXLUnicodeString (a flag byte: UTF-16LE or one
    byte a character); a BIFF5 file's, one byte a character in its code page (cp1252 here:
    names in another are not matched, and their hidden rows not known)."""
    count = data[at + 6]
    if length == 7 + count:  # BIFF5: no flag byte
        return data[at + 7:at + 7 + count].decode("cp1252", "replace")
    wide = data[at + 7] & 1
    raw = data[at + 8:at + 8 + count * (2 if wide else 1)]
    return raw.decode("utf-16-le" if wide else "latin-1", "replace")


def _hidden_rows(data: bytes, start: int) -> HiddenRows:
    hidden = HiddenRows()
    for rid, at, length in _records(data, start):
        if rid == _EOF:
            break
        if rid == _ROW and length >= 16 and data[at + 12] & _DY_ZERO:
            hidden.add(unpack_from("<H", data, at)[0] + 1)
    return hidden
