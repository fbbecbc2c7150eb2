"""A table, or in its place a sentence saying why it is empty and what to do: an empty grid
tells a clerk nothing (the records' "0 bản ghi", the worklist with nobody on it)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget, QWidget

from desktop_app.ui.widgets.plain_label import plain_label


class TableOrEmpty(QStackedWidget):
    def __init__(self, table: QWidget) -> None:
        super().__init__()
        self.table = table
        self.empty = plain_label()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.addWidget(table)
        self.addWidget(self.empty)

    def show_rows(self, any_rows: bool, empty_text: str = "") -> None:
        """The table when it has rows; else ``empty_text`` in its place."""
        if not any_rows:
            self.empty.setText(empty_text)
        self.setCurrentWidget(self.table if any_rows else self.empty)
