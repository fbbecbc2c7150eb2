"""A report's rows as a table: the service already made them (a few hundred or thousand
aggregate rows), so the model holds them and ``data()`` only formats."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt

from desktop_app.services.reports import Report, cell_text
from desktop_app.ui.widgets.row_table import Index, RowTableModel


class ReportTableModel(RowTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[Any, ...]] = []
        self.headers: tuple[str, ...] = ()
        self.lang = "vi"

    def set_report(self, report: Report | None, lang: str = "vi") -> None:
        self.beginResetModel()
        self.lang = lang
        self.rows = list(report.rows) if report else []
        self.headers = report.columns if report else ()
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(value, self.lang)
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int | float):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
