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
