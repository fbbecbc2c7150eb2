"""A form's inputs as plain values and back: what a line holds as typed, a choice by its
data (not its place in the list, which a new catalogue may move), a number. For a form kept
to be given back (the desk's draft, ``services/desk_draft.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QSpinBox, QWidget


def state_of(fields: Mapping[str, QWidget]) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for name, widget in fields.items():
        if isinstance(widget, QComboBox):
            data = widget.currentData()
            state[name] = None if data is None else str(data)
        elif isinstance(widget, QSpinBox):
            state[name] = widget.value()
        elif isinstance(widget, QLineEdit):
            state[name] = widget.text()
    return state


def restore(fields: Mapping[str, QWidget], state: Mapping[str, Any]) -> None:
    """Each input given back its value; one the state lacks, or a choice the list no longer
    has, is left as it is."""
    for name, widget in fields.items():
        if name not in state:
            continue
        value = state[name]
        if isinstance(widget, QComboBox):
            found = next((i for i in range(widget.count())
                          if (widget.itemData(i) is None and value is None)
                          or (value is not None and str(widget.itemData(i)) == value)), -1)
            if found >= 0:
                widget.setCurrentIndex(found)
        elif isinstance(widget, QAbstractSpinBox) and isinstance(value, int):
            widget.setValue(value)  # type: ignore[attr-defined]
        elif isinstance(widget, QLineEdit) and isinstance(value, str):
            widget.setText(value)
