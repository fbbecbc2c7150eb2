"""Sex chosen by keyboard in either language: "m"/"nam" for male, "f"/"nu"/"nữ" for female.

A plain QComboBox matches typed text against item text with accents, so "nu" never finds
"Nữ"; clerks type without accents, so the keys are folded first.
"""

from __future__ import annotations

import time

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox

from desktop_app.rules.identity import Sex
from desktop_app.rules.names import fold

_TYPING_GAP_S = 1.0


class SexCombo(QComboBox):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.addItem("—", None)
        self.addItem(self.tr("Male"), Sex.MALE)
        self.addItem(self.tr("Female"), Sex.FEMALE)
        self._typed = ""
        self._last = 0.0

    def value(self) -> Sex | None:
        data = self.currentData()  # Qt hands item data back as a plain str
        return Sex(data) if data else None

    def set_value(self, sex: Sex | str | None) -> None:
        self.setCurrentIndex(self.findData(Sex(sex)) if sex else 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = fold(event.text())
        if not text.isalpha():
            super().keyPressEvent(event)
            return
        now = time.monotonic()
        self._typed = (self._typed if now - self._last < _TYPING_GAP_S else "") + text
        self._last = now
        choice = _match(self._typed) or _match(text)
        if choice is not None:
            self.set_value(choice)


def _match(typed: str) -> Sex | None:
    if typed in ("f", "nu", "female", "u") or typed.startswith(("fe", "nu")):
        return Sex.FEMALE
    if typed in ("m", "n", "na", "nam", "male") or typed.startswith(("ma", "nam")):
        return Sex.MALE
    return None
