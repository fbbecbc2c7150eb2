"""A red message goes when its cause goes: once the clerk edits any field of the form it
was about, "Not saved: correct the fields marked in red" is no longer true, so it is cleared
(the fields' own messages are re-checked by their forms)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QWidget


def clear_on_edit(roots: Iterable[QWidget], clear: Callable[[], None]) -> None:
    """Call ``clear`` whenever the clerk changes a field under any of ``roots``."""
    for root in roots:
        for line in root.findChildren(QLineEdit):
            line.textEdited.connect(lambda _t: clear())
        for combo in root.findChildren(QComboBox):
            combo.activated.connect(lambda _i: clear())
        for spin in root.findChildren(QAbstractSpinBox):
            spin.editingFinished.connect(clear)
        for button in root.findChildren(QAbstractButton):
            if button.isCheckable():
                button.toggled.connect(lambda _on: clear())
