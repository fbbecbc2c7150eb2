"""The complaints table: code, the person, the countdown, status, kind, when received (what
a clerk acts on first, visible without scrolling on a small screen).

A site has tens of complaints open, not millions: the service returns them all, in the order
of their deadlines, and ``data()`` only reads them. The countdown is counted from ``now``,
set at each load and moved on each minute (``tick``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.clock import local_time, utc_now
from desktop_app.services.complaints import ComplaintItem
from desktop_app.ui.context import AppContext
from desktop_app.ui.widgets.row_table import Index, RowTableModel

OVERDUE_COLOUR = QColor("#b00020")
COLUMNS = ("code", "person", "countdown", "status", "kind", "received")


class ComplaintTableModel(RowTableModel):
    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[ComplaintItem] = []
        self.now: datetime = utc_now()
        self.headers = (self.tr("Code"), self.tr("Person"), self.tr("Time left"),
                        self.tr("Status"), self.tr("Kind"), self.tr("Received"))

    def set_items(self, items: list[ComplaintItem], now: datetime | None = None) -> None:
        self.beginResetModel()
        self.rows = items
        self.now = now or utc_now()
        self.endResetModel()

    def tick(self, now: datetime | None = None) -> None:
        """The countdown moved on (the screen's minute timer): the same rows, a new now.
        A list left open all day counted from when it was loaded."""
        self.now = now or utc_now()
        column = COLUMNS.index("countdown")
        if self.rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self.rows) - 1, column))

    def item_at(self, row: int) -> ComplaintItem:
        return self.rows[row]

    def row_of(self, ref: str) -> int | None:
        return next((r for r, i in enumerate(self.rows) if i.ref == ref), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(item, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == "countdown" \
                and item.overdue(self.now):
            return QBrush(OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == "countdown" and item.is_open():
            return self.tr("Due %1").replace("%1", local_time(item.due_at))
        if role == Qt.ItemDataRole.ToolTipRole and column in ("person", "status", "kind"):
            return self.text(item, column)
        return None

    def text(self, item: ComplaintItem, column: str) -> str:
        if column == "code":
            return item.code or self._ctx.text("COMPLAINT_NOT_SENT_YET")
        if column == "kind":
            return self._ctx.text(f"COMPLAINT_KIND_{item.kind.upper()}")
        if column == "received":
            return local_time(item.received_at)
        if column == "countdown":
            return self.countdown(item)
        if column == "status":
            # Raised, it is still the site's to resolve (the red countdown says how late):
            # one short word keeps the column whole on a 1024 px screen.
            if item.raised(self.now):
                return self.tr("Raised to the province")
            return self._ctx.text(f"COMPLAINT_STATUS_{item.status.upper()}")
        if item.person_name:
            return f"{item.person_name} ({item.person_id_number or '—'})"
        return self.tr("No record here (%1)").replace("%1", item.submission.id_number or "—")

    def countdown(self, item: ComplaintItem) -> str:
        if not item.is_open():
            return "—"
        hours = item.hours_left(self.now)
        if hours < 0:
            return self.tr("%n hours overdue", "", -hours)
        return self.tr("%n hours left", "", hours)
