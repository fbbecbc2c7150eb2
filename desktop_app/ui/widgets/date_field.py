"""A date typed as dd/mm/yyyy: digits only, the slashes come by themselves.

"05091990" typed straight becomes 05/09/1990; ``value()`` is a date or None. Parsing is the
rules' own ``parse_date``, so the form accepts exactly what the importer accepts.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QFocusEvent, QMouseEvent
from PySide6.QtWidgets import QLineEdit

from desktop_app.rules.dates import format_date, parse_date


class DateField(QLineEdit):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setInputMask("00/00/0000;_")
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.setMaximumWidth(130)

    def value(self) -> date | None:
        return parse_date(self.text())

    def typed(self) -> str:
        """What was typed, without the mask's placeholders (for messages)."""
        return self.text().replace("_", "").strip("/ ")

    def is_empty(self) -> bool:
        return not any(c.isdigit() for c in self.text())

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value) if value else "")
        self._to_start_if_empty()

    # A masked field takes digits only from the cursor on: emptied after a save, its cursor
    # stayed at the end and the next person's date, typed after Enter, went nowhere. An empty
    # field is typed from its start however the cursor got there (Enter, a click on its right).
    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusInEvent(event)
        self._to_start_if_empty()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        super().mousePressEvent(event)
        self._to_start_if_empty()

    def _to_start_if_empty(self) -> None:
        if self.is_empty():
            self.setCursorPosition(0)
