"""A box for a few lines of text (a reason, a complaint's words, a pasted certificate).

Qt's ``QPlainTextEdit`` takes Tab as a character: a clerk at the keyboard who tabbed from
the reason towards "Void the dose" typed a tab into the reason instead, and could not reach
the button. Here Tab moves on, as in every other field; a tab character has no use in
these texts.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit


def text_box(text: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    return box
