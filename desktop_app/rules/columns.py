"""A spreadsheet column's name, as Excel and LibreOffice show it: what every message that
points at a cell says ("column AB"), whoever read or wrote the sheet."""

from __future__ import annotations


def column_letter(index: int) -> str:
    """The name of a 0-based column.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(27)
    ('A', 'Z', 'AA', 'AB')
    """
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
