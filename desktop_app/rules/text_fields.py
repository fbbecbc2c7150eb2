"""Text a record stores, as typed, pasted or read from a spreadsheet: no control characters.

Control characters never belong in a name, an ID, an address or a lot: a NUL pasted from
another program is invisible on the form, prints as nothing, and makes the central platform
refuse the whole batch it travels in (its JSON parser will not take ``\\u0000``). A tab or a
line break (Alt+Enter in Excel, a pasted address) separated two words, so in a one-line field
it becomes a space; the others (NUL, bell, escape, DEL, the C1 block) are dropped. The desk
(``services/doses.py``) and the importer (``importers/values.py``) both clean with these.

    >>> one_line(" Lê\\x00 Thị\\tHoa\\r\\n")
    'Lê Thị Hoa'
    >>> lines("Sốt cao\\r\\n\\x1b[31mđỏ\\x00 tại chỗ\\t38,5°")
    'Sốt cao\\n[31mđỏ tại chỗ\\t38,5°'
"""

from __future__ import annotations

_CONTROLS = (*range(0x20), *range(0x7F, 0xA0))
_ONE_LINE = {c: None for c in _CONTROLS} | dict.fromkeys(map(ord, "\t\n\r\x0b\x0c"), " ")
# A field of several lines (a reaction's description) keeps its tabs and line breaks.
_LINES = {c: None for c in _CONTROLS if c not in (0x09, 0x0A)}


def one_line(value: str) -> str:
    """A one-line field's text: control characters out (breaks and tabs as spaces), the
    outer spaces off. Called per cell on a million-row import: ``isprintable()`` runs in C
    and is True for almost every value, so only the rest is translated."""
    return (value if value.isprintable() else value.translate(_ONE_LINE)).strip()


def lines(value: str) -> str:
    """A free-text field's text: line breaks as ``\\n`` and tabs kept, the other control
    characters dropped, the outer spaces off."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_LINES).strip()


def all_digits(value: str) -> bool:
    """Only 0-9, at least one: what an ID, a phone, a dose number or a serial is made of.
    ``str.isdigit`` alone also takes "¹" and "٣", which ``int`` and ``float`` then refuse or
    read as another script's digits (a fuzzed cell "¹" stopped an import part-way).

    >>> all_digits("001190012345"), all_digits("¹"), all_digits("٣"), all_digits("")
    (True, False, False, False)
    """
    return value.isascii() and value.isdigit()
