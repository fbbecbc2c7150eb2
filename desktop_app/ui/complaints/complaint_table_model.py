"""The complaints table: the countdown, when received, the kind, the person, the status,
the code (what a clerk acts on first, visible without scrolling on a small screen; the code
is also the detail pane's title).

A site has tens of complaints open, not millions: the service returns them all, in the order
of their deadlines, and ``data()`` only reads them. The countdown is counted from ``now``,
set at each load and moved on each minute (``tick``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.clock import local_time, utc_now, utc_to_local
from desktop_app.rules.countdown import time_left
from desktop_app.services.complaints import ComplaintItem
from desktop_app.ui.context import AppContext
from desktop_app.ui.widgets.row_table import Index, RowTableModel
from desktop_app.ui.widgets.tones import ERROR, MUTED

OVERDUE_COLOUR = QColor(ERROR)
NO_RECORD_COLOUR = QColor(MUTED)  # a name as the citizen gave it, no record here yet
COLUMNS = ("countdown", "received", "kind", "person", "status", "code")


class ComplaintTableModel(RowTableModel):
    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[ComplaintItem] = []
        self.now: datetime = utc_now()
        names = {"countdown": self.tr("Time left"), "received": self.tr("Received"),
                 "kind": self.tr("Kind"), "person": self.tr("Person"),
                 "status": self.tr("Status"), "code": self.tr("Code")}
        self.headers = tuple(names[c] for c in COLUMNS)

    def set_items(self, items: list[ComplaintItem], now: datetime | None = None) -> None:
        self.beginResetModel()
        self.rows = items
        self.now = now or utc_now()
        self.endResetModel()

    def tick(self, now: datetime | None = None) -> None:
        """The countdown moved on (the screen's minute timer): the same rows, a new now.
        A list left open all day counted from when it was loaded."""
        self.now = now or utc_now()
        if self.rows:  # the countdown, and the status a deadline passed changes
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(COLUMNS) - 1))

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
        if role == Qt.ItemDataRole.ForegroundRole and column == "person" \
                and not item.person_name:
            return QBrush(NO_RECORD_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole and column == "countdown" and item.is_open() \
                and not item.refused_by_central():
            return self.tr("Due %1").replace("%1", local_time(item.due_at))
        if role == Qt.ItemDataRole.ToolTipRole and column == "person" and not item.person_name:
            return self.text(item, column) + "\n" + self.tr("No record here yet")
        if role == Qt.ItemDataRole.ToolTipRole and column == "received":
            return local_time(item.received_at)
        if role == Qt.ItemDataRole.ToolTipRole and column in ("person", "status", "kind"):
            return self.text(item, column)
        return None

    def text(self, item: ComplaintItem, column: str) -> str:
        if column == "code":  # a code or nothing: a call not sent yet says so in its status
            return item.code or "—"
        if column == "kind":
            return self._ctx.text(f"COMPLAINT_KIND_{item.kind.upper()}")
        if column == "received":  # the year only when not this year's: a narrower column
            at = utc_to_local(item.received_at)
            this_year = at.year == utc_to_local(self.now).year
            return at.strftime("%d/%m %H:%M" if this_year else "%d/%m/%Y %H:%M")
        if column == "countdown":
            return self.countdown(item)
        if column == "status":
            # Raised, it is still the site's to resolve (the red countdown says how late):
            # one short word keeps the column whole on a 1024 px screen.
            status = self.tr("Raised to the province") if item.raised(self.now) else \
                self._ctx.text(f"COMPLAINT_STATUS_{item.status.upper()}")
            if item.handed_back is not None:  # not this site's: gone (or going) to the province
                back = self._ctx.text("COMPLAINT_ACTION_HAND_BACK")
                return f"{back} · {self._ctx.text('COMPLAINT_NOT_SENT_YET')}" \
                    if item.hand_back_unsent else f"{back} · {status}"
            if item.forwarded:  # handled elsewhere: how it stands there, as the citizen reads
                return f"{self._ctx.text('COMPLAINT_FORWARDED_SHORT')} · {status}"
            if item.province_reply is not None and item.is_open():
                status = self.tr("Province replied")  # in words: still this site's to resolve
            if item.code is None:  # taken by phone here, central has not coded it yet
                # ... or never will: it refused the entry (the pane says why).
                state = "COMPLAINT_REFUSED_SHORT" if item.send_problem else \
                    "COMPLAINT_NOT_SENT_YET"
                return f"{status} · {self._ctx.text(state)}"
            if item.answer_unsent():
                return f"{status} · {self._ctx.text('COMPLAINT_ANSWER_NOT_SENT')}"
            if item.reopen_unsent:  # the citizen still reads the answer withdrawn here
                return f"{status} · {self._ctx.text('COMPLAINT_REOPEN_NOT_SENT')}"
            return status
        if item.person_name:
            return f"{item.person_name} ({item.person_id_number or '—'})"
        # No record here yet: the name the citizen gave (the tooltip and its grey say so).
        sub = item.submission
        return f"{sub.full_name or '—'} ({sub.id_number or '—'})"

    def countdown(self, item: ComplaintItem) -> str:
        """As the province's dashboard says it: "0 hours left" for 59 minutes read late."""
        if (not item.is_open() and not item.answer_unsent() and not item.hand_back_unsent) \
                or item.refused_by_central():
            return "—"  # no deadline runs for it (an answer or hand-back not sent: it runs on)
        return time_left(item.due_at, self.now, self._ctx.lang)
