"""A date typed as dd/mm/yyyy: digits only, the slashes come by themselves.

"05091990" typed straight becomes 05/09/1990; ``value()`` is a date or None. Parsing is the
rules' own ``parse_date``, so the form accepts exactly what the importer accepts.
"""

from __future__ import annotations

from datetime import date

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
