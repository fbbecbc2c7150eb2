"""A label that shows its text as written, never as HTML.

A ``QLabel`` left in Qt's default ``AutoText`` mode renders any text that merely looks like
HTML: a place typed on the public complaint form as ``<h1 style="color:red">ĐÃ XỬ LÝ
XONG</h1>`` showed up in the supervisor's pane as a big red heading. Every label whose text
is not fixed in the code (a name, a note, a place, a message that quotes them, a path) is
made here; the few that are meant to be rich say ``RichText`` and escape what they quote
(``tests/ui/test_plain_labels.py`` holds the ``ui/`` to it).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "", **properties: Any) -> QLabel:
    """A ``QLabel`` in ``PlainText`` mode; ``properties`` as ``QLabel`` takes them
    (``wordWrap=True``, ``buddy=…``)."""
    label = QLabel(text, **properties)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def breakable(text: str) -> str:
    """``text`` that a wrapped label may break after "_", "-" and "." too (a zero-width
    space after each): a file named without spaces ("DS_hoi_cuu_..._2021.xlsx") kept its
    label one line wide and pushed the window off a 1024 px screen."""
    return text.translate(_BREAKS)


_BREAKS = str.maketrans({c: c + "\u200b" for c in "_-."})
